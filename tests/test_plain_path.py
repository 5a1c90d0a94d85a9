"""The plain path of a level rule decides as the general path does / 直接判定路径与一般路径逐字段一致.

``mzcheck.engine.evaluate`` decides a level rule on a directly reported indicator with one bound, whose value a
report gives as an exact figure on or after the due date, without the general path's records (observation,
measurement, notes, progress); every other case goes the general way (docs/design/0027-dense-fast-path.md).
Here the two are compared on generated rule sets and reports (every kind, so that the cases the plain path
leaves alone are seen to be left alone), on targets drawn for the purpose (both comparators, strict or not,
zero, fractions, percent and other target units, values written in other units, near the bound), with and
without waivers, and for each child of a rule on each child unit.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mzcheck
from mzcheck.engine import evaluate as engine
from mzcheck.load.ruleset import RuleSet
from mzcheck.load.waivers import load_waivers
from mzcheck.model.results import CheckResult
from mzcheck.testing import ReportCase, quantities, reports, rule_sets
from mzcheck.testing._catalog import PLACES, indicator_entries, jurisdiction_entries
from mzcheck.testing._numbers import decimal_text
from tests.test_records import shape

ROOT = Path(__file__).parent.parent
BUNDLED = mzcheck.load_targets()


def general(call: Any) -> Any:
    """``call()`` with every rule decided by the general path."""
    engine.PLAIN = False
    try:
        return call()
    finally:
        engine.PLAIN = True


def assert_same(plain: CheckResult, reference: CheckResult) -> None:
    assert shape(plain) == shape(reference)  # classes, fields given, every value with its type
    assert plain.model_dump_json(indent=2) == reference.model_dump_json(indent=2)


class Spy:
    """Counts the results the plain path gave (a test that compared two general paths would prove nothing)."""

    def __init__(self) -> None:
        self.given = 0
        self.original = engine._plain_result

    def __call__(self, *args: Any) -> Any:
        result = self.original(*args)
        self.given += result is not None
        return result

    def __enter__(self) -> Spy:
        engine._plain_result = self  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        engine._plain_result = self.original  # type: ignore[assignment]


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_the_examples_decide_alike_both_ways(path: Path) -> None:
    for report in mzcheck.load_report(path, BUNDLED):
        assert_same(mzcheck.evaluate(BUNDLED, report), general(lambda report=report: mzcheck.evaluate(BUNDLED, report)))


def test_the_examples_give_the_plain_path_something_to_decide() -> None:
    with Spy() as spy:
        for path in sorted((ROOT / "examples").glob("*.yaml")):
            for report in mzcheck.load_report(path, BUNDLED):
                mzcheck.evaluate(BUNDLED, report)
    assert spy.given > 0


@given(pair=rule_sets().flatmap(lambda rs: reports(rs).map(lambda case: (rs, case))))
def test_generated_reports_of_every_kind_decide_alike_both_ways(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    report = case.load(rs)
    assert_same(mzcheck.evaluate(rs, report), general(lambda: mzcheck.evaluate(rs, report)))


@given(pair=rule_sets(kinds=("level", "each", "range"), max_rules=4, years=(2024, 2025)).flatmap(
    lambda rs: reports(rs).map(lambda case: (rs, case))))
def test_generated_level_reports_decide_alike_both_ways(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    report = case.load(rs)
    assert_same(mzcheck.evaluate(rs, report), general(lambda: mzcheck.evaluate(rs, report)))


# ----------------------------------------------------------------------------- rules drawn for the plain path

# (indicator, its unit, the units a target may be stated in, the values' range and decimals)
_INDICATORS = [("certified_carers", "人", ("人", "万人"), 0, 200000, 0), ("nursing_beds", "张", ("张",), 0, 20000, 0),
               ("assistance_funds", "元", ("元", "万元", "亿元"), 0, 10**8, 2),
               ("service_coverage", "%", ("%", "‰"), 0, 100, 3), ("subsistence_standard", "元/月", ("元/月", "元/年"), 0, 3000, 2)]
_WAIVER = """\
waivers:
  - rule: p-1
    jurisdiction: {place}
    reason: 测试 / a test
    approved_by: 测试民政局
    expires: {expires}
"""


@st.composite
def plain_cases(draw: st.DrawFn) -> tuple[RuleSet, str, str, str | None]:
    """A rule set of one level rule (or one rule on each child unit) and a report of a value for it, due on or
    before the report's date, with or without a waiver of the rule (current or expired)."""
    ind, unit, target_units, low, high, places = draw(st.sampled_from(_INDICATORS))
    target_unit = draw(st.sampled_from(target_units))
    comparator = draw(st.sampled_from([">=", ">", "<=", "<", "=="]))
    value = draw(st.sampled_from([Fraction(0), Fraction(1, 3), Fraction(2, 3)]) | st.fractions(
        Fraction(low), Fraction(high), max_denominator=400))
    target = decimal_text(round(value, 4)) if draw(st.booleans()) else decimal_text(round(value))
    each = draw(st.booleans())
    rule: dict[str, Any] = {"id": "p-1", "indicator": ind, "comparator": comparator,
                            "due": draw(st.sampled_from(["2025-12-31", "2025-06-30"])),
                            "target": {"value": target, "unit": target_unit}, "source": {"quote": "测试"},
                            "jurisdiction": "杭州市" if each else "西湖区",
                            "strength": draw(st.sampled_from(["binding", "aspirational"]))}
    if each:
        rule["scope"] = "each_child"
    rs = RuleSet.from_data({"document": {"title": "t", "publisher": "p", "published": "2025-01-01"}, "rules": [rule]},
                           indicators=indicator_entries([ind]), jurisdictions=jurisdiction_entries(PLACES))
    spelled = [draw(quantities(unit, min_value=low, max_value=high, places=places)) for _ in range(2)]
    near = draw(st.sampled_from(["", "0.0001", "-0.0001", "0.005"]))  # beside the bound: borderline and rounding
    written = [s.text for s in spelled]
    if near and target_unit == unit:
        written[0] = f"{decimal_text(Fraction(target) + Fraction(near))}{unit}"
    if each:
        text = (f"jurisdiction: 杭州市\nperiod: 2025\nvalues: {{}}\nchildren:\n  西湖区: {{{ind}: '{written[0]}'}}\n"
                f"  余杭区: {{{ind}: '{written[1]}'}}\n")
    else:
        text = f"jurisdiction: 西湖区\nperiod: 2025\nvalues: {{{ind}: '{written[0]}'}}\n"
    waiver = draw(st.sampled_from([None, "2030-12-31", "2020-12-31"]))  # none, current, expired
    place = draw(st.sampled_from(["西湖区", "余杭区"])) if each else "西湖区"
    return rs, text, place, waiver


@given(case=plain_cases())
def test_drawn_level_rules_decide_alike_both_ways_and_the_plain_path_decides_them(
        case: tuple[RuleSet, str, str, str | None]) -> None:
    rs, text, place, expires = case
    report = mzcheck.loads_report(text, rs, "r.yaml")
    waivers = None
    if expires is not None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "waivers.yaml"
            path.write_text(_WAIVER.format(place=place, expires=expires), encoding="utf-8")
            waivers = load_waivers([path], rs)
    with Spy() as spy:
        plain = mzcheck.evaluate(rs, report, waivers=waivers)
    assert_same(plain, general(lambda: mzcheck.evaluate(rs, report, waivers=waivers)))
    # the cases the plain path is for are decided by it: a county's value for its own level rule, after the
    # due date (a city's rule on each child decides each child's figure in the same way, inside its result)
    if report.jurisdiction.name == "西湖区":
        (x,) = report.values.values()
        assert report.as_of >= dt.date(2025, 12, 31)
        usable = x.error is None and x.value is not None and not x.notes and x.value.qualifier is None
        assert spy.given == usable  # a negative count or a figure read with a note: the general path


def test_a_value_not_reported_exactly_goes_the_general_way(rules: RuleSet) -> None:
    # a bound (超过19), an unusable value, a value before the due date: the plain path gives None
    for values, year in (("{certified_carers: 超过5000人}", 2025), ("{certified_carers: 很多}", 2025),
                         ("{certified_carers: 5000人}", 2024)):
        report = mzcheck.loads_report(f"jurisdiction: 杭州市\nperiod: {year}\nvalues: {values}\n", rules, "r.yaml")
        with Spy() as spy:
            plain = mzcheck.evaluate(rules, report)
        assert spy.given == 0
        assert_same(plain, general(lambda report=report: mzcheck.evaluate(rules, report)))


def _shortfall_in_fractions(ind: Any, current: Fraction, needed: Fraction, strict: bool, upward: bool) -> list[Any]:
    """plain_shortfall as first written, every step in fractions: the reference of its whole-number steps."""
    from mzcheck.kinds.base import item, smallest_count

    x = needed - current if upward else current - needed
    x = smallest_count(x, strict) if ind.unit.countable else x
    return [] if x <= 0 else [item(ind, x, "add" if upward else "reduce", None)]


_AMOUNTS = st.integers(-3000, 3000).map(Fraction) | st.fractions(-3000, 3000, max_denominator=400)


@given(ind=st.sampled_from(["nursing_beds", "certified_carers", "elderly_activity_centre_coverage",
                            "subsistence_allowance_standard"]),
       current=_AMOUNTS, needed=_AMOUNTS, strict=st.booleans(), upward=st.booleans())
def test_a_shortfall_in_whole_numbers_is_the_one_in_fractions(ind: str, current: Fraction, needed: Fraction,
                                                               strict: bool, upward: bool) -> None:
    from mzcheck.kinds.base import plain_shortfall

    indicator = BUNDLED.indicators[ind]
    got = plain_shortfall(indicator, current, needed, strict, upward)
    want = _shortfall_in_fractions(indicator, current, needed, strict, upward)
    assert [shape(s) for s in got] == [shape(s) for s in want]


_WHOLE_AMOUNTS = st.integers(-3000, 3000) | st.integers(-(10**16), 10**16)  # beyond 15 digits: the general steps


@given(ind=st.sampled_from(["nursing_beds", "certified_carers", "elderly_care_service_institutions"]),
       current=_WHOLE_AMOUNTS, needed=_WHOLE_AMOUNTS, strict=st.booleans(), upward=st.booleans())
def test_a_shortfall_of_whole_numbers_in_integers_is_the_one_in_fractions(ind: str, current: int, needed: int,
                                                                         strict: bool, upward: bool) -> None:
    """whole_shortfall (integers, its sentence from words kept by noun, unit and direction) against every step in
    fractions, for indicators whose unit is the base unit."""
    from mzcheck.kinds.base import whole_shortfall

    indicator = BUNDLED.indicators[ind]
    assert indicator.unit.factor == 1
    got = whole_shortfall(indicator, current, needed, strict, upward)
    want = _shortfall_in_fractions(indicator, Fraction(current), Fraction(needed), strict, upward)
    assert [shape(s) for s in got] == [shape(s) for s in want]
    assert [s.message for s in got] == [s.message for s in want]


@pytest.mark.parametrize("written, target, lane", [
    ("1137张", "1500", True), ("1500张", "1500", True), ("2000张", "1500", True), ("0张", "1", True),
    ("1137.5张", "1500", False), ("1137张", "1499.5", False), ("0.2万张", "1500", True),  # 2,000 beds in base units
    (f"{10**15}张", "1500", False), ("1137张", f"{10**15}", False)])
@pytest.mark.parametrize("comparator", [">=", ">", "<=", "<", "=="])
def test_whole_figures_against_a_whole_bound_are_decided_in_integers_as_the_general_path_decides(
        written: str, target: str, lane: bool, comparator: str) -> None:
    """A whole actual against a whole bound in the base unit is decided in integers (_whole_result), whatever the
    comparator and whether met or not; a fraction either side, or more than 15 digits, goes the fractions' way;
    the records are the general path's, field by field."""
    rule = {"id": "w-1", "indicator": "nursing_beds", "comparator": comparator, "due": "2025-12-31",
            "target": {"value": target, "unit": "张"}, "source": {"quote": "测试"}, "jurisdiction": "西湖区"}
    rs = RuleSet.from_data({"document": {"title": "t", "publisher": "p", "published": "2025-01-01"}, "rules": [rule]},
                           indicators=indicator_entries(["nursing_beds"]), jurisdictions=jurisdiction_entries(PLACES))
    report = mzcheck.loads_report(f"jurisdiction: 西湖区\nperiod: 2025\nvalues: {{nursing_beds: '{written}'}}\n", rs,
                                  "r.yaml")
    calls: list[int] = []
    original = engine._whole_result

    def counted(*args: Any) -> Any:
        calls.append(args[3])
        return original(*args)

    engine._whole_result = counted  # type: ignore[assignment]
    try:
        plain = mzcheck.evaluate(rs, report)
    finally:
        engine._whole_result = original  # type: ignore[assignment]
    assert_same(plain, general(lambda: mzcheck.evaluate(rs, report)))
    assert bool(calls) == lane
    assert plain.results[0].status in ("met", "not_met")
