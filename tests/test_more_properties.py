"""Whole-report invariants, through loading and ``evaluate`` (tests/test_properties.py checks the pieces).

Run at the size CI uses: ``HYPOTHESIS_PROFILE=ci python -m pytest tests/test_more_properties.py``; ten
times that with ``--slow``. Reports and rule sets come from :mod:`mzcheck.testing`, so these tests also
check that its strategies build what they claim.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import mzcheck
from mzcheck.core.yamlio import loads
from mzcheck.load.diff import diff_rule_sets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult
from mzcheck.model.rules import Rule
from mzcheck.render import WRITERS, Options, writer
from mzcheck.testing import ReportCase, quantities, reports, rule_sets

FIXTURES = Path(__file__).parent / "fixtures" / "targets"
FIXTURE_RULES = mzcheck.load_targets(FIXTURES, bundled=False)
BUNDLED = mzcheck.load_targets()

# a generated rule set together with one report for it
cases = rule_sets().flatmap(lambda rs: reports(rs).map(lambda case: (rs, case)))


def results_by_id(check: CheckResult) -> dict[str, mzcheck.Result]:
    return {r.rule_id: r for r in check.results}


@given(pair=cases)
def test_generated_reports_get_the_verdicts_they_were_built_for(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    check = mzcheck.evaluate(rs, case.load(rs))
    got = {rid: r.status for rid, r in results_by_id(check).items() if rid in case.expected}
    assert got == case.expected, (case.positions, case.to_yaml())


@given(pair=cases)
def test_a_borderline_note_stands_beside_a_not_met_verdict_only(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    check = mzcheck.evaluate(rs, case.load(rs))
    for r in check.results:
        notes = [f for f in r.findings if f.code == "W106"]
        assert len(notes) <= 1 and (not notes or r.status == "not_met"), r
        named = [f for f in r.findings if f.code == "W112"]  # a child's, in a rule for each child unit
        assert not named or (r.status == "not_met" and len(named) <= len(r.children)), r
        assert all(any(c.status == "not_met" and f.message.zh.startswith(f"临界:{c.jurisdiction}") for c in r.children)
                   for f in named), r
        if notes:  # the verdict and its weight stay those of a shortfall
            assert r.severity == ("error" if r.strength == "binding" else "warning"), r
            assert r.fails("error") == (r.strength == "binding"), r


@given(rs=rule_sets(max_rules=8))
def test_a_rule_set_differs_from_itself_in_nothing(rs: RuleSet) -> None:
    diff = diff_rule_sets(rs, rs)
    assert (diff.added, diff.removed, diff.changed, diff.stricter) == ([], [], [], 0)
    assert diff.same == len(rs.rules)


def agrees(gap: Decimal, comparator: str) -> bool:
    """Is a gap (actual − target; for a range, the distance to the nearer bound) on the met side?"""
    return {">=": gap >= 0, ">": gap > 0, "<=": gap <= 0, "<": gap < 0, "==": gap == 0, "between": gap == 0}[comparator]


@given(pair=cases)
def test_the_gap_sign_agrees_with_the_status(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    check = mzcheck.evaluate(rs, case.load(rs))
    for r in check.results:
        if r.status not in ("met", "not_met") or r.gap is None or r.children:
            continue
        assert isinstance(r.gap.value, Decimal)
        assert (r.status == "met") == agrees(r.gap.value, r.comparator), r
        assert bool(r.shortfall) <= (r.status == "not_met"), r  # nothing to close when the target is met
    for r in check.results:  # rules that hold for each child unit: the same, child by child
        for child in r.children:
            if child.status in ("met", "not_met") and child.gap is not None:
                assert isinstance(child.gap.value, Decimal)
                assert (child.status == "met") == agrees(child.gap.value, r.comparator), (r.rule_id, child)
        if r.children and r.status in ("met", "not_met"):
            assert (r.status == "not_met") == any(c.status == "not_met" for c in r.children), r


def test_a_target_missed_by_50_yuan_does_not_say_short_by_0() -> None:
    # the smallest case the property above found, on the fixture's 救助资金不少于0.29亿元
    report = mzcheck.loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {assistance_funds: 28999950元}\n",
                                  FIXTURE_RULES)
    result = results_by_id(mzcheck.evaluate(FIXTURE_RULES, report))["t-funds"]
    assert result.status == "not_met" and [(s.value, s.unit) for s in result.shortfall] == [(Decimal(50), "yuan")]
    assert result.gap is not None and isinstance(result.gap.value, Decimal) and result.gap.value < 0, result.gap
    assert "差0亿元" not in result.message.zh, result.message.zh


# the fixture and bundled rule sets, loaded once: cheaper than generating one per example
fixed_cases = (st.just(FIXTURE_RULES) | st.just(BUNDLED)).flatmap(lambda rs: reports(rs).map(lambda case: (rs, case)))


def test_verdicts_leave_out_where_a_message_says_the_value_was_written() -> None:
    """A message that names where its value was written (an invalid value, a share's components above 100%:
    ``(report.yaml:10)``) is the same in every format's verdicts once that is left out; the JSON keeps it. The
    example hypothesis found: 2.01个 of 2个 towns, in YAML (line 10) and JSON (line 11)."""
    from mzcheck.testing import ReportCase

    data = {"jurisdiction": "鄞州区", "period": 2022, "values": {
        "townships_with_delegated_relief_approval": "1个", "townships": "2个", "social_relief_matters_single_window": "8项",
        "town_home_care_centre_smart_terminal_coverage": "100%", "large_institutions_rehab_room_share": "90%",
        "elderly_population": "0人", "townships_with_minor_protection_station": "2.01个", "certified_carers": "七十八"}}
    case = ReportCase(jurisdiction="鄞州区", year=2022, data=data, expected={}, positions={})
    checks = [mzcheck.evaluate(BUNDLED, case.load(BUNDLED, form)) for form in ("yaml", "json")]
    said = [m for c in checks for r in c.results for m in (r.message.zh, r.message.en) if r.status == "invalid"]
    assert any(".yaml:" in m for m in said) and any(".json:" in m for m in said)  # the full results say where
    verdicts = [c.verdicts() for c in checks]
    assert verdicts[0] == verdicts[1]
    text = json.dumps(verdicts[0], ensure_ascii=False)
    assert "<generated report>" not in text and "占比不可能超过100%" in text


@given(pair=fixed_cases)
def test_reports_read_the_same_from_yaml_and_json(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    from_yaml = mzcheck.evaluate(rs, case.load(rs, "yaml")).verdicts()
    from_json = mzcheck.evaluate(rs, case.load(rs, "json")).verdicts()
    assert from_yaml == from_json


@given(rs=rule_sets(max_rules=8))
def test_rules_survive_a_json_and_a_yaml_round_trip(rs: RuleSet) -> None:
    for compiled in rs.rules:
        rule = compiled.rule
        as_json = json.dumps(rule.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
        as_yaml = yaml.safe_dump(rule.model_dump(mode="json", exclude_none=True), allow_unicode=True)
        assert Rule.model_validate(loads(as_json, "rule.json").data) == rule
        assert Rule.model_validate(loads(as_yaml, "rule.yaml").data) == rule


@given(pair=fixed_cases)
def test_json_output_parses_and_is_byte_identical_on_a_rerun(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    render = writer("json")
    first = render([mzcheck.evaluate(rs, case.load(rs))], Options())
    second = render([mzcheck.evaluate(rs, case.load(rs))], Options())
    assert first == second
    (parsed,) = json.loads(first)["reports"]
    statuses = {r["rule_id"]: r["status"] for r in parsed["results"]}
    assert {rid: statuses[rid] for rid in case.expected} == case.expected
    assert parsed["summary"]["total"] == len(parsed["results"])


@given(case=reports(BUNDLED, near_threshold=False) | reports(BUNDLED), lang=st.sampled_from(["zh", "en"]))
def test_evaluating_and_rendering_any_report_on_the_bundled_rules_raises_nothing(case: ReportCase, lang: str) -> None:
    check = mzcheck.evaluate(BUNDLED, case.load(BUNDLED))
    got = {r.rule_id: r.status for r in check.results if r.rule_id in case.expected}
    assert got == case.expected
    for name in WRITERS:
        out = writer(name)([check], Options(lang=lang))
        assert isinstance(out, (str, bytes)) and out


# --------------------------------------------------------------------------------- spellings


# (rule id in tests/fixtures, indicator, its unit, values near its threshold in that unit)
NEAR = {
    "t-carers": ("certified_carers_per_10k_elders", "人/万名老年人", (27, 29)),
    "t-cixi-nursing": ("nursing_bed_share", "%", (79, 81)),
    "t-funds": ("assistance_funds", "元", (28_000_000, 30_000_000)),
    "t-dementia": ("dementia_beds_per_10k_elders", "张/万名老年人", (19, 21)),
}


@given(rule_id=st.sampled_from(sorted(NEAR)), data=st.data())
def test_a_value_gets_the_same_verdict_in_every_spelling(rule_id: str, data: st.DataObject) -> None:
    indicator, unit, (low, high) = NEAR[rule_id]
    value = data.draw(quantities(unit, min_value=low, max_value=high, places=3)).value
    rule = FIXTURE_RULES.rule(rule_id)
    assert rule is not None
    place = rule.jurisdiction.name
    verdicts = {}
    for _ in range(6):
        q = data.draw(quantities(unit, min_value=value, max_value=value, places=3))
        written = json.dumps({indicator: q.report_value}, ensure_ascii=False)
        report = mzcheck.loads_report(f"jurisdiction: {place}\nperiod: 2025\nvalues: {written}\n", FIXTURE_RULES)
        verdicts[q.text] = results_by_id(mzcheck.evaluate(FIXTURE_RULES, report))[rule_id].status
    in_target = value * mzcheck.parse_unit(unit).factor / rule.target_unit.factor
    assert isinstance(rule.threshold.value, Fraction)
    assert set(verdicts.values()) == {"met" if in_target >= rule.threshold.value else "not_met"}, verdicts


# --------------------------------------------------------------------------------- monotonicity


def _report_with(rs: RuleSet, rule_id: str, value: Fraction) -> mzcheck.Result:
    rule = rs.rule(rule_id)
    assert rule is not None
    unit = rule.target_unit.text
    text = f"{_exact(value)}{unit}" if unit else _exact(value)
    values = json.dumps({rule.indicator.id: {"value": _exact(value), "unit": unit} if unit else text},
                        ensure_ascii=False)
    report = mzcheck.loads_report(f"jurisdiction: '{rule.jurisdiction.code}'\nperiod: {rule.rule.due.year}\n"
                                  f"values: {values}\n", rs)
    return results_by_id(mzcheck.evaluate(rs, report))[rule_id]


def _exact(value: Fraction) -> str:
    return format(Decimal(value.numerator) / Decimal(value.denominator), "f")


level_rule_sets = rule_sets(kinds=("level",), comparators=(">=", ">", "<=", "<"), max_rules=3)


@given(rs=level_rule_sets, data=st.data())
def test_moving_a_value_towards_its_target_never_loses_a_met_verdict(rs: RuleSet, data: st.DataObject) -> None:
    """Raising a value never turns "≥" from met to not met, and lowering it never does for "≤" — whole reports."""
    rule = data.draw(st.sampled_from(rs.rules))
    threshold = rule.threshold.value
    assert isinstance(threshold, Fraction)
    near = st.integers(-300, 300).map(lambda k: threshold + Fraction(k, 100))
    a, b = sorted((data.draw(near), data.draw(near)))
    limit = Fraction(1) / rule.target_unit.factor if rule.indicator.share else None
    a, b = max(a, Fraction(0)), max(b, Fraction(0))  # counts and shares cannot be negative
    if limit is not None:
        a, b = min(a, limit), min(b, limit)
    low, high = _report_with(rs, rule.id, a), _report_with(rs, rule.id, b)
    if rule.rule.comparator in (">=", ">"):
        assert not (low.status == "met" and high.status == "not_met"), (a, b, low.message, high.message)
    else:
        assert not (high.status == "met" and low.status == "not_met"), (a, b, low.message, high.message)


# --------------------------------------------------------------------------------- per 10,000


@given(carers=st.integers(0, 20_000), elders=st.integers(1, 3_000_000), k=st.integers(2, 1000),
       rule_id=st.sampled_from(["t-carers", "t-dementia"]))
def test_scaling_numerator_and_denominator_together_keeps_a_per_10k_verdict(carers: int, elders: int, k: int,
                                                                           rule_id: str) -> None:
    numerator = {"t-carers": "certified_carers", "t-dementia": "dementia_care_beds"}[rule_id]

    def result(n: int, d: int) -> mzcheck.Result:
        report = mzcheck.loads_report(f"jurisdiction: 杭州市\nperiod: 2025\nvalues: {{{numerator}: {n}, "
                                      f"elderly_population: {d}}}\n", FIXTURE_RULES)
        return results_by_id(mzcheck.evaluate(FIXTURE_RULES, report))[rule_id]

    once, scaled = result(carers, elders), result(carers * k, elders * k)
    assert once.status == scaled.status
    assert once.actual == scaled.actual and once.gap == scaled.gap
    rule = FIXTURE_RULES.rule(rule_id)
    assert rule is not None and isinstance(rule.threshold.value, Fraction)
    threshold = rule.threshold.value
    assert (once.status == "met") == (Fraction(carers * 10_000, elders) >= threshold)


@pytest.mark.parametrize("rule_id", ["t-carers", "t-dementia"])
def test_a_per_10k_verdict_is_exact_at_the_threshold(rule_id: str) -> None:
    """28 per 10,000 exactly is met; one person fewer in 2,500 × k is not, at any k."""
    numerator = {"t-carers": "certified_carers", "t-dementia": "dementia_care_beds"}[rule_id]
    rule = FIXTURE_RULES.rule(rule_id)
    assert rule is not None and isinstance(rule.threshold.value, Fraction)
    per_person = rule.threshold.value / 10_000
    for k in (1, 7, 1000):
        n, d = per_person.numerator * k, per_person.denominator * k
        for count, status in ((n, "met"), (n - 1, "not_met")):
            report = mzcheck.loads_report(f"jurisdiction: 杭州市\nperiod: 2025\nvalues: {{{numerator}: {count}, "
                                          f"elderly_population: {d}}}\n", FIXTURE_RULES)
            assert results_by_id(mzcheck.evaluate(FIXTURE_RULES, report))[rule_id].status == status
