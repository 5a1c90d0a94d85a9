"""Rule files / 规则文件: one plan's targets, each quoting its source sentence.

A rule file has a ``document`` header (the plan), an optional default ``jurisdiction`` and ``rules``. Each
rule is validated by the :class:`~mzcheck.model.rules.Rule` model, then compiled: its indicator and
jurisdiction looked up, its target unit parsed and checked against the indicator, its threshold made exact.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from fractions import Fraction
from typing import Protocol

from mzcheck.core import yamlio
from mzcheck.core.codes import rules as K
from mzcheck.core.compare import Threshold
from mzcheck.core.errors import InputError, Problem, problem
from mzcheck.core.messages import did_you_mean
from mzcheck.core.modelbase import ValidationError
from mzcheck.core.numbers import from_python
from mzcheck.core.units import Unit, parse_unit
from mzcheck.kinds import KINDS
from mzcheck.load.validation import pydantic_problems
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.model.rules import Document, Jurisdiction, Rule, RuleFileHeader


class Names(Protocol):
    """What compiling a rule looks up: the indicators and the divisions (a rule set being built)."""

    @property
    def indicators(self) -> Mapping[str, CompiledIndicator]: ...

    def resolve(self, key: str | int, *, under: Jurisdiction | None = None) -> Jurisdiction: ...


def compile_rule_file(doc: yamlio.Document, names: Names, problems: list[Problem]) -> list[CompiledRule]:
    """The compiled rules of one rule file; every problem found is added to ``problems``."""
    try:
        header = RuleFileHeader.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, doc, ()))
        return []
    out = []
    for i, item in enumerate(header.rules):
        base: tuple[str | int, ...] = ("rules", i)
        if not isinstance(item, dict):
            problems.append(problem(K.RULE_NOT_A_MAPPING, file=doc.file, line=doc.line(base)))
            continue
        data = dict(item)
        if "jurisdiction" not in data and header.jurisdiction is not None:
            data["jurisdiction"] = header.jurisdiction
        src = data.get("source")
        if isinstance(src, dict):
            d = header.document
            data["source"] = {"document": d.title, "publisher": d.publisher, "published": d.published,
                              "file": d.file, **src}
        kind = KINDS.get(str(data.get("kind", "level")))
        if kind is not None:
            data = {**kind.defaults, **data}
        try:
            rule = Rule.model_validate(data)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc, base))
            continue
        own = KINDS[rule.kind].check_rule(rule)
        if own:
            problems.extend(Problem(m, file=doc.file, line=doc.line((*base, fld)), field=fld) for m, fld in own)
            continue
        compiled = _compile(rule, names, doc, base, header.document, problems)
        if compiled is not None:
            out.append(compiled)
    return out


def _compile(rule: Rule, names: Names, doc: yamlio.Document, base: tuple[str | int, ...], document: Document,
             problems: list[Problem]) -> CompiledRule | None:
    before = len(problems)
    ind = names.indicators.get(rule.indicator)
    if ind is None:
        close = difflib.get_close_matches(rule.indicator, list(names.indicators), n=3)
        problems.append(problem(K.UNKNOWN_INDICATOR, file=doc.file, line=doc.line((*base, "indicator")),
                                field="indicator", name=rule.indicator,
                                help=did_you_mean(close)))
    place = None
    try:
        place = names.resolve(rule.jurisdiction)
    except InputError as exc:  # unknown, ambiguous (鼓楼区), abolished (江干区): said as for a report
        problems.extend(exc.located(doc.file, doc.line((*base, "jurisdiction")), "jurisdiction").problems)
    try:
        unit = parse_unit(rule.target.unit) if rule.target.unit else (ind.unit if ind else parse_unit(""))
    except InputError as exc:
        problems.extend(exc.located(doc.file, doc.line((*base, "target", "unit")), "target.unit").problems)
        return None
    if ind is not None:
        _check_dimension(rule, ind, unit, names, doc, base, problems)
    # a number pydantic accepts (1e999999999) may still be out of mzcheck's range: say where, at load time
    for where, number in [(("target", "value"), rule.target.value),
                          *((("milestones", i, "target", "value"), m.target.value) for i, m in enumerate(rule.milestones))]:
        for n in number if isinstance(number, tuple) else (number,):
            try:
                from_python(n)
            except InputError as exc:
                fld = ".".join(str(x) for x in where if isinstance(x, str))
                problems.extend(exc.located(doc.file, doc.line((*base, *where)), fld).problems)
    if len(problems) > before or ind is None or place is None:
        return None
    value = rule.target.value
    exact = (from_python(value[0]), from_python(value[1])) if isinstance(value, tuple) else from_python(value)
    problems.extend(_plausible(rule, ind, unit, exact, doc, base))
    if len(problems) > before:
        return None
    return CompiledRule(rule, ind, place, unit, Threshold.of(rule.comparator, exact), document, doc.file,
                        doc.line(base))


def _check_dimension(rule: Rule, ind: CompiledIndicator, unit: Unit, names: Names, doc: yamlio.Document,
                     base: tuple[str | int, ...], problems: list[Problem]) -> None:
    """The target's unit against the indicator's, as the rule's kind wants it (a ratio for growth …)."""
    kind = KINDS[rule.kind]
    for message, fld in kind.check(rule, ind, unit, names.indicators):
        problems.append(Problem(message, file=doc.file, line=doc.line((*base, *fld.split("."))), field=fld))
    if not kind.ratio_target and unit.dims != ind.unit.dims:
        problems.append(problem(K.TARGET_DIMENSION, file=doc.file, line=doc.line((*base, "target", "unit")),
                                field="target.unit", unit=rule.target.unit, name_zh=ind.model.name.zh,
                                name_en=ind.model.name.en, ind_unit=ind.unit.text))


def _plausible(rule: Rule, ind: CompiledIndicator, unit: Unit, exact: Fraction | tuple[Fraction, Fraction],
               doc: yamlio.Document, base: tuple[str | int, ...]) -> list[Problem]:
    """A target that can never be checked or met: a negative count, a share above 100%, milestones after the
    due date or beyond the target (docs/design/0018-ratio-indicators-and-catalog-checks.md)."""
    out: list[Problem] = []
    kind = KINDS[rule.kind]
    bounds = exact if isinstance(exact, tuple) else (exact,)
    at = (*base, "target", "value")
    shown = f"{rule.target.value}{rule.target.unit}" if not isinstance(rule.target.value, tuple) else \
        f"{rule.target.value[0]}–{rule.target.value[1]}{rule.target.unit}"
    names = {"name_zh": ind.model.name.zh, "name_en": ind.model.name.en, "target": shown}
    if not kind.ratio_target and ind.unit.countable and any(b < 0 for b in bounds):
        out.append(problem(K.NEGATIVE_COUNT_TARGET, file=doc.file, line=doc.line(at), field="target.value", **names))
    if not kind.ratio_target and ind.share and any(b * unit.factor > 1 for b in bounds):
        out.append(problem(K.SHARE_TARGET_ABOVE_ALL, file=doc.file, line=doc.line(at), field="target.value", **names))
    for i, m in enumerate(rule.milestones):
        where = (*base, "milestones", i)
        if m.due > rule.due:
            out.append(problem(K.MILESTONE_AFTER_DUE, file=doc.file, line=doc.line((*where, "due")),
                               field="milestones.due", when=m.due, due=rule.due))
        if isinstance(m.target.value, tuple) or isinstance(exact, tuple) or rule.comparator not in (">=", ">"):
            continue
        try:
            m_unit = parse_unit(m.target.unit) if m.target.unit else unit
        except InputError:
            continue  # said where the milestone's unit is read
        if m_unit.dims == unit.dims and from_python(m.target.value) * m_unit.factor > exact * unit.factor:
            out.append(problem(K.MILESTONE_ABOVE_TARGET, file=doc.file, line=doc.line((*where, "target")),
                               field="milestones.target", when=m.due, milestone=f"{m.target.value}{m.target.unit}",
                               target=shown))
    return out
