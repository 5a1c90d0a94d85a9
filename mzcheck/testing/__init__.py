"""Hypothesis strategies for testing code that uses mzcheck / 供其他项目做属性测试的 hypothesis 策略.

Three strategies, named as plural nouns the way hypothesis names its own:

- :func:`quantities` — one exact value written in one of the spellings reports use (万/亿, %, ‰, a
  fraction, components, full-width digits, ``{value, unit}`` …), with the exact value beside the text;
- :func:`rule_sets` — small valid :class:`mzcheck.RuleSet` objects (a catalog, a few jurisdictions and
  rules), built in memory with :meth:`mzcheck.RuleSet.from_data` and so checked like any rule folder;
- :func:`reports` — report cases for a rule set: the report's data (dump it as YAML or JSON) with values
  at, just above and just below each applicable rule's threshold, and the verdict each of those rules
  must get.

Needs the ``testing`` extra (``pip install 'mzcheck[testing]'``). A guide with examples is docs/testing.md.

    from hypothesis import given
    import mzcheck
    from mzcheck.testing import reports, rule_sets

    @given(rule_sets().flatmap(reports))
    def test_my_dashboard_agrees_with_mzcheck(case): ...

The modules behind these names are private: ``_quantities`` (values and spellings), ``_rule_sets`` and
``_catalog`` (rule sets and what they are made of), ``_reports`` and ``_sheet`` (report cases), ``_kinds``
(one entry per rule kind for both), ``_numbers`` and ``_arguments`` (shared helpers).
"""

from mzcheck.testing._kinds import KINDS
from mzcheck.testing._quantities import SPELLINGS, SpelledQuantity, quantities
from mzcheck.testing._reports import ReportCase, Verdict, reports
from mzcheck.testing._rule_sets import rule_sets

__all__ = [
    "KINDS",
    "SPELLINGS",
    "ReportCase",
    "SpelledQuantity",
    "Verdict",
    "quantities",
    "reports",
    "rule_sets",
]
