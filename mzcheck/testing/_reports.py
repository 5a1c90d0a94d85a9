"""Reports with the verdicts they must get / 报表及其应得判定: :func:`reports` and :class:`ReportCase`."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import yaml
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledRule
from mzcheck.model.report import Report
from mzcheck.model.rules import Jurisdiction
from mzcheck.read.formats import loads_report
from mzcheck.testing._arguments import bool_argument, choices, int_argument
from mzcheck.testing._kinds import KIND_TABLE
from mzcheck.testing._quantities import SPELLINGS
from mzcheck.testing._sheet import Placed, Sheet

#: The verdict a :class:`ReportCase` expects for a rule it placed.
Verdict = Literal["met", "not_met"]


@dataclass(frozen=True)
class ReportCase:
    """A generated report and the verdicts it must get / 生成的报表及其应得的判定.

    ``data`` is the report as a mapping (jurisdiction, period, values, and history, children and added
    where rules need them); ``to_yaml()`` / ``to_json()`` write it, :meth:`load` reads it back with
    :func:`mzcheck.loads_report`. ``expected`` maps a rule id to ``"met"`` or ``"not_met"`` for every rule
    whose value the case placed on purpose; ``positions`` says where (``at``, ``above``, ``below``,
    ``inside`` the threshold, or ``free``). Rules of the jurisdiction and year left out of ``expected``
    are not reported, or share a value with another rule. Treat the mappings as read-only.
    """

    jurisdiction: str
    year: int
    data: dict[str, Any]
    expected: dict[str, Verdict] = field(default_factory=dict)
    positions: dict[str, str] = field(default_factory=dict)

    def to_yaml(self) -> str:
        """The report as YAML text / YAML 文本."""
        return yaml.dump(self.data, Dumper=_dumper(), allow_unicode=True, sort_keys=False)

    def to_json(self) -> str:
        """The report as JSON text / JSON 文本."""
        return json.dumps(self.data, ensure_ascii=False, indent=2)

    def load(self, rule_set: RuleSet, fmt: Literal["yaml", "json"] = "yaml") -> Report:
        """The :class:`mzcheck.Report` mzcheck reads from this case's YAML (or JSON) text."""
        text = self.to_yaml() if fmt == "yaml" else self.to_json()
        return loads_report(text, rule_set, f"<generated report>.{fmt}")


@functools.cache
def _dumper() -> Any:
    """A safe dumper (libyaml's when present) that double-quotes text YAML would otherwise fold."""
    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc]
        pass

    def text(dumper: Any, value: str) -> Any:
        # NEL and the line/paragraph separators are line breaks to YAML: only double quotes keep them
        style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def reports(rule_set: RuleSet, jurisdiction: str | int | None = None, year: int | None = None, *,
            near_threshold: bool = True, spellings: Iterable[str] | None = None) -> st.SearchStrategy[ReportCase]:
    """Report cases for ``rule_set``: for ``jurisdiction`` and ``year`` (any pair with rules when None),
    each applicable rule's value placed at, just above or just below its threshold (anywhere when
    ``near_threshold`` is False), written in varied spellings (``spellings`` limits them), with the
    verdict each such rule must get.

    生成报表:每条适用规则的数值恰在阈值、略高或略低,并给出应得判定(met / not_met)。

    Derived indicators are reported as the ratio, the components, or both (consistently rounded).
    Examples shrink towards fewer reported rules, values at the threshold and the plain spelling. Use with :func:`rule_sets` as ``rule_sets().flatmap(reports)``.
    """
    if not isinstance(rule_set, RuleSet):
        raise InvalidArgument(f"rule_set must be a mzcheck.RuleSet (from mzcheck.load_targets or rule_sets()), "
                              f"not {type(rule_set).__name__}")
    near = bool_argument(near_threshold, "near_threshold")
    chosen = choices(spellings, "spellings", SPELLINGS) if spellings is not None else None
    pairs = _jurisdictions_and_years(rule_set, jurisdiction, year)

    @st.composite
    def draw_report(draw: st.DrawFn) -> ReportCase:
        code, y = draw(st.sampled_from(pairs))
        return _fill(Sheet(draw, rule_set, code, y, near, chosen))

    return draw_report()


def _with_rules(rule_set: RuleSet) -> list[Jurisdiction]:
    """The divisions some rule applies to: those the rules name, and the children of each-child rules."""
    out: dict[str, Jurisdiction] = {}
    for r in rule_set.rules:
        out.setdefault(r.jurisdiction.code, r.jurisdiction)
        if r.rule.scope == "each_child":
            for child in rule_set.children(r.jurisdiction.code):
                out.setdefault(child.code, child)
    return list(out.values())


def _jurisdictions_and_years(rule_set: RuleSet, jurisdiction: str | int | None,
                             year: int | None) -> list[tuple[str, int]]:
    """The (code, year) pairs a report may be drawn for: every pair with a rule, within the arguments."""
    places = _with_rules(rule_set)
    if jurisdiction is not None:
        if not isinstance(jurisdiction, (str, int)) or isinstance(jurisdiction, bool):
            raise InvalidArgument(f"jurisdiction must be a name or code, not {jurisdiction!r}")
        found = rule_set.jurisdiction(jurisdiction)
        if found is None:
            raise InvalidArgument(f"unknown jurisdiction {jurisdiction!r}; the rule set has rules for "
                                  + "、".join(j.name for j in places))
        places = [found]
    if year is not None:
        int_argument(year, "year", 1949, 2100)
    pairs = []
    for place in places:
        due = sorted({r.rule.due.year for r in rule_set.select(place.code)})
        pairs += [(place.code, y) for y in (due if year is None else [year]) if rule_set.select(place.code, y)]
    if not pairs:
        where = places[0].name if jurisdiction is not None else "any jurisdiction"
        due = sorted({r.rule.due.year for r in rule_set.select(places[0].code)}) if jurisdiction is not None else []
        raise InvalidArgument(f"no rule applies to {where} in {year if year is not None else 'any year'}"
                              + (f"; its rules are due in {', '.join(map(str, due))}" if due else ""))
    return pairs


def _fill(sheet: Sheet) -> ReportCase:
    """Place most applicable rules (in a drawn order), some left missing, then a few unrelated values."""
    expected: dict[str, Verdict] = {}
    positions: dict[str, str] = {}
    rules = sheet.rs.select(sheet.home.code, sheet.year)
    for rule in sheet.draw(st.permutations(rules)) if len(rules) <= 12 else rules:
        if not (sheet.draw(st.booleans()) or sheet.draw(st.booleans())):
            continue  # left missing
        placed = _place(sheet, rule)
        if placed:
            verdicts = [_verdict(m, rule) for m, _ in placed]
            expected[rule.id] = "met" if all(v == "met" for v in verdicts) else "not_met"
            positions[rule.id] = ",".join(where for _, where in placed)
    sheet.add_noise()
    return ReportCase(sheet.home.name, sheet.year, sheet.data(), expected, positions)


def _place(sheet: Sheet, rule: CompiledRule) -> list[Placed] | None:
    """The measures placed for ``rule``: one, or one per child unit for a rule on each of them."""
    kind = KIND_TABLE.get(rule.rule.kind)
    if kind is None:
        return None  # a kind the strategies do not know yet: left unreported
    if rule.rule.scope == "each_child" and rule.jurisdiction.code == sheet.home.code:
        return sheet.place_children(rule) if kind.each_child else None
    placed = kind.place(sheet, rule)
    return None if placed is None else [placed]


def _verdict(measure: Fraction, rule: CompiledRule) -> Verdict:
    """The verdict for ``measure`` (in the target unit), by plain Fraction comparison, not mzcheck's own."""
    t = rule.threshold.value
    if isinstance(t, tuple):
        ok = t[0] <= measure <= t[1]
    else:
        ok = {">=": measure >= t, "<=": measure <= t, ">": measure > t, "<": measure < t,
              "==": measure == t}[rule.rule.comparator]
    return "met" if ok else "not_met"
