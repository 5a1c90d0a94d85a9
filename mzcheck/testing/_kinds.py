"""Each rule kind, once: how :func:`rule_sets` draws a rule of it and where :func:`reports` puts its values.

One :class:`Kind` per kind of docs/design/0003-rule-schema.md in :data:`KIND_TABLE`. A kind gives the
indicators its rules may measure, a function drawing the rule's target (and the kind's own fields:
``start``, ``baseline``, ``reference``), and a function placing a report's values so that the rule's
measure lands at, just above or just below its threshold. A kind mzcheck learns is one new entry here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from mzcheck.core.units import parse_unit
from mzcheck.model.compiled import CompiledRule
from mzcheck.testing._catalog import ALL_IDS, COUNT_IDS, RANGE, RELATIVE, TARGET_UNITS, UNIT_OF
from mzcheck.testing._numbers import decimal_text, draw_number, odd_part, terminates
from mzcheck.testing._sheet import Placed, Sheet


@dataclass(frozen=True)
class Kind:
    """What the strategies know about one rule kind."""

    indicators: tuple[str, ...]  # the catalog indicators a rule of this kind measures
    #: (draw, indicator, year) → the rule's ``target`` and the kind's own fields
    target: Callable[[st.DrawFn, str, int], dict[str, Any]]
    #: a report's values for the rule; the measure placed, or None when the rule cannot be placed
    place: Callable[[Sheet, CompiledRule], Placed | None]
    each_child: bool = False  # a rule on each child unit can be placed child by child (under children:)
    by_parents: bool = False  # set by a unit with children, for each of them (每个县域…)


# ------------------------------------------------------------------------------ targets


def _amounts(draw: st.DrawFn, indicator: str, *, pair: bool, divisor: int = 1) -> dict[str, Any]:
    """A plausible target in the indicator's unit or another a plan uses for it: one value or a range."""
    unit = UNIT_OF[indicator]
    low, high, places = RANGE[unit]
    target_unit = draw(st.sampled_from(TARGET_UNITS.get(unit, (unit,))))
    ratio = parse_unit(unit).factor / parse_unit(target_unit).factor  # indicator unit → target unit
    values = [draw_number(draw, Fraction(low), Fraction(max(1, high // divisor)), places) for _ in range(1 + pair)]
    converted = [v * ratio for v in values]
    if not all(terminates(v) for v in converted):
        converted, target_unit = values, unit
    if pair:
        a, b = sorted(converted)
        return {"target": {"value": [decimal_text(a), decimal_text(b)], "unit": target_unit}}
    text = decimal_text(converted[0])
    return {"target": f"{text}{target_unit}" if draw(st.booleans()) else {"value": text, "unit": target_unit}}


def _level_target(draw: st.DrawFn, indicator: str, year: int) -> dict[str, Any]:
    return _amounts(draw, indicator, pair=False)


def _range_target(draw: st.DrawFn, indicator: str, year: int) -> dict[str, Any]:
    return _amounts(draw, indicator, pair=True)


def _each_target(draw: st.DrawFn, indicator: str, year: int) -> dict[str, Any]:
    return _amounts(draw, indicator, pair=draw(st.booleans()))  # 每个县域 2-3 个, or 每个县域不少于 2 个


def _increment_target(draw: st.DrawFn, indicator: str, year: int) -> dict[str, Any]:
    return _amounts(draw, indicator, pair=False, divisor=10)  # what a year adds: a tenth of a stock


def _maintain_target(draw: st.DrawFn, indicator: str, year: int) -> dict[str, Any]:
    fields = _amounts(draw, indicator, pair=False)
    if draw(st.booleans()):
        fields["start"] = dt.date(year - 1, 1, 1).isoformat()
    return fields


def _growth_target(draw: st.DrawFn, indicator: str, year: int) -> dict[str, Any]:
    unit = draw(st.sampled_from(("%", "百分点") if UNIT_OF[indicator] == "%" else ("%",)))
    value = draw_number(draw, Fraction(0), Fraction(30 if unit == "%" else 10), 1)
    fields: dict[str, Any] = {"target": {"value": decimal_text(value), "unit": unit}}
    if draw(st.booleans()):
        fields["baseline"] = year - draw(st.sampled_from((1, 2)))
    return fields


def _relative_target(draw: st.DrawFn, indicator: str, year: int) -> dict[str, Any]:
    value = draw_number(draw, Fraction(20), Fraction(80), 0)
    return {"target": {"value": decimal_text(value), "unit": "%"},
            "reference": {"indicator": RELATIVE[1], "offset": draw(st.sampled_from((-1, 0)))}}


# ------------------------------------------------------------------------------ placing values


def _in_values(sheet: Sheet, rule: CompiledRule) -> Placed | None:
    return sheet.place_value(("values",), rule)


def _in_added(sheet: Sheet, rule: CompiledRule) -> Placed | None:
    return sheet.place_value(("added",), rule)


def _maintained(sheet: Sheet, rule: CompiledRule) -> Placed | None:
    """This year's value; the other years the rule covers stay unreported, so they cannot break it."""
    r = rule.rule
    start = r.start.year if r.start else r.due.year
    held = [sheet.slots(("history", y), rule.indicator.id) for y in range(start, r.due.year + 1) if y != sheet.year]
    return sheet.place_value(("values",), rule, also=held)


def _grown(sheet: Sheet, rule: CompiledRule) -> Placed | None:
    """The baseline year's value and this year's, grown by the measure (in % of it, or in points)."""
    r, ind = rule.rule, rule.indicator
    baseline = r.baseline or r.due.year - 1
    if baseline == sheet.year or not sheet.claim(sheet.slots(("values",), ind.id),
                                                 sheet.slots(("history", baseline), ind.id)):
        return None
    if ind.share:
        before = Fraction(sheet.draw(st.integers(1, 100)), 100)
    else:
        before = Fraction(sheet.draw(st.integers(1, 5000))) * ind.unit.factor
    f = rule.target_unit.factor
    points = rule.target_unit.text == "百分点"

    def now_of(m: Fraction) -> Fraction:
        return before + m * f if points else before * (1 + m * f)

    placed = sheet.measure(rule, lambda m: sheet.valid(ind.id)(now_of(m)))
    if placed is not None:
        sheet.write_plain(("history", baseline), ind.id, before)
        sheet.write_plain(("values",), ind.id, now_of(placed[0]))
    return placed


def _relative_to_reference(sheet: Sheet, rule: CompiledRule) -> Placed | None:
    """The reference indicator's value (this year's or an earlier one) and the rule's, the measure times it."""
    r, ind = rule.rule, rule.indicator
    assert r.reference is not None  # a relative rule has one (the rule model insists)
    ref = sheet.rs.indicators[r.reference.indicator]
    ref_where = ("values",) if r.reference.offset == 0 else ("history", sheet.year + r.reference.offset)
    if not sheet.claim(sheet.slots(("values",), ind.id), sheet.slots(ref_where, ref.id)):
        return None
    # a reference value for which every measure near the threshold is an exact decimal in the rule's unit
    f = rule.target_unit.factor
    odd = odd_part((ref.unit.factor * f / ind.unit.factor).denominator)
    ref_base = Fraction(sheet.draw(st.integers(1, 3000)) * odd) * ref.unit.factor
    placed = sheet.measure(rule, lambda m: sheet.valid(ind.id)(ref_base * m * f))
    if placed is not None:
        sheet.write_plain(ref_where, ref.id, ref_base)
        sheet.write_plain(("values",), ind.id, ref_base * placed[0] * f)
    return placed


#: Every kind the strategies generate and place, in the order ``KINDS`` lists them.
KIND_TABLE: dict[str, Kind] = {
    "level": Kind(ALL_IDS, _level_target, _in_values, each_child=True),
    "range": Kind(ALL_IDS, _range_target, _in_values, each_child=True),
    "each": Kind(ALL_IDS, _each_target, _in_values, each_child=True, by_parents=True),
    "increment": Kind(COUNT_IDS, _increment_target, _in_added),
    "maintain": Kind(ALL_IDS, _maintain_target, _maintained),
    "growth": Kind(ALL_IDS, _growth_target, _grown),
    "relative": Kind(RELATIVE[:1], _relative_target, _relative_to_reference),
}

#: The rule kinds :func:`rule_sets` generates (see docs/design/0003-rule-schema.md).
KINDS: tuple[str, ...] = tuple(KIND_TABLE)
