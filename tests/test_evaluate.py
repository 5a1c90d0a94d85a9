"""Evaluation: verdicts, gaps, shortfalls, consistency, kinds — on real figures from the seed plans."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mzcheck.engine.evaluate import evaluate
from mzcheck.kinds import KINDS
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult, Result
from mzcheck.render.words import closing

if TYPE_CHECKING:
    from conftest import MakeReport

FIXTURES = Path(__file__).parent / "fixtures" / "targets"


def result(check: CheckResult, rule_id: str) -> Result:
    return next(r for r in check.results if r.rule_id == rule_id)


def test_hangzhou_2024_certified_carers_short_of_28(rules: RuleSet, make_report: MakeReport) -> None:
    # 杭州市 2024: 每万名老年人拥有持证护理员达到27.61人; target 28 by end 2025.
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2024
        target_year: 2025
        values:
          每万名老年人拥有持证护理员: 27.61
          elderly_population: 190.5万人
    """))
    r = result(check, "t-carers")
    assert r.status == "not_met"
    assert r.gap is not None and r.gap.value == Decimal("-0.39")
    assert r.actual is not None and r.actual.value == Decimal("27.61")
    assert [(s.indicator, s.value, s.unit, s.how) for s in r.shortfall] == [
        ("certified_carers", Decimal(75), "person", "add")]
    assert r.shortfall[0].message.en == "75 more certified carers for 1,905,000 elders"
    assert "75" in r.shortfall[0].message.zh and "持证护理员" in r.shortfall[0].message.zh
    assert r.source.quote == "每万名老年人拥有持证护理员达到28人"
    assert r.severity == "error" and not check.summary.passed


def test_cixi_nursing_beds_78_percent_is_2_points_short(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 慈溪市
        period: 2024
        target_year: 2025
        values: {护理型床位占比: 78%}
    """))
    r = result(check, "t-cixi-nursing")
    assert r.status == "not_met"
    assert r.target.unit == "percent" and r.target.value == 80
    assert r.gap is not None and r.gap.value == -2 and r.gap.unit == "percent"


def test_share_shortfall_offers_convert_and_add(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 慈溪市
        period: 2025
        values: {nursing_beds: 3900张, institution_beds: 5000张}
    """))
    r = result(check, "t-cixi-nursing")
    assert r.status == "not_met"
    # 80% of 5000 = 4000: convert 100 existing beds, or add (4000-3900)/(1-0.8) = 500 nursing beds.
    assert [(s.how, s.value) for s in r.shortfall] == [("convert", 100), ("add", 500)]
    # said once, as the alternatives they are (S401), not as two lines that read as both to do
    ways = closing(r)
    assert len(ways) == 1 and ways[0].code == "S401"
    assert "需将100张转为" in ways[0].zh and ",或新增" in ways[0].zh and ways[0].zh.endswith("500张")
    assert ways[0].en.startswith("convert 100 of the existing 5,000") and ", or add 500 more " in ways[0].en


def test_a_short_actual_is_never_shown_as_its_target(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {certified_carers_per_10k_elders: 27.996, dementia_beds_per_10k_elders: 19.123456}
    """))
    carers = result(check, "t-carers")  # two decimals would print 28 beside "not met"
    assert carers.status == "not_met" and "为27.996人/万名老年人" in carers.message.zh and "差0.004" in carers.message.zh
    beds = result(check, "t-dementia")  # a computed or long figure: two decimals
    assert "为19.12张/万名老年人" in beds.message.zh and "差0.88张/万名老年人" in beds.message.zh
    assert beds.actual is not None and beds.actual.value == Decimal("19.123456")  # exact in the results


@pytest.mark.parametrize("share", ["80%", "0.8", "800‰", "4000/5000", "2100/2625", "８０％", "{value: 80, unit: percent}"])
def test_threshold_met_exactly_in_every_spelling(rules: RuleSet, make_report: MakeReport, share: str) -> None:
    check = evaluate(rules, make_report(f"""
        jurisdiction: 慈溪市
        period: 2025
        values: {{nursing_bed_share: {share}}}
    """))
    r = result(check, "t-cixi-nursing")
    assert r.status == "met", r.message.en
    assert r.gap is not None and r.gap.value == 0


def test_components_meet_per_10k_exactly(rules: RuleSet, make_report: MakeReport) -> None:
    # 5320 carers for 190万 elders is exactly 28 per 10,000.
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {certified_carers: 5320, elderly_population: 190万人}
    """))
    assert result(check, "t-carers").status == "met"


def test_one_carer_short_gives_shortfall_of_one(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {certified_carers: 5319, elderly_population: 190万人}
    """))
    r = result(check, "t-carers")
    assert r.status == "not_met"
    assert [(s.indicator, s.value, s.unit, s.how) for s in r.shortfall] == [("certified_carers", 1, "person", "add")]


def test_money_in_yi_and_yuan_is_exact(rules: RuleSet, make_report: MakeReport) -> None:
    for spelling in ("0.29亿元", "29000000元", "2900万元"):
        check = evaluate(rules, make_report(f"""
            jurisdiction: 杭州市
            period: 2025
            values: {{assistance_funds: {spelling}}}
        """))
        assert result(check, "t-funds").status == "met", spelling


def test_consistent_ratio_and_components_agree_silently(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {certified_carers_per_10k_elders: 27.87, certified_carers: 5310, elderly_population: 190.5万人}
    """))
    r = result(check, "t-carers")
    assert [f.code for f in r.findings] == ["W106"]  # no note on the ratio; 27.874 is borderline at whole persons
    assert r.status == "not_met"


def test_inconsistent_ratio_is_reported(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {certified_carers_per_10k_elders: 29.5, certified_carers: 5310, elderly_population: 190.5万人}
    """))
    r = result(check, "t-carers")
    assert any(f.name == "inconsistent-ratio" and f.code == "N101" for f in r.findings)
    assert r.status == "not_met"  # the components decide


def test_rounding_that_hides_a_shortfall_is_said(rules: RuleSet, make_report: MakeReport) -> None:
    # 5319 / 190万 × 10⁴ = 27.9947…, reported rounded as 28.00
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {certified_carers_per_10k_elders: "28.00", certified_carers: 5319, elderly_population: 190万人}
    """))
    r = result(check, "t-carers")
    assert r.status == "not_met"
    assert any(f.name == "rounding-hides-shortfall" for f in r.findings)


def test_dimension_mismatch_is_invalid_naming_both_units(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {dementia_care_beds: 800人, assistance_funds: 5张}
    """))
    r = result(check, "t-funds")
    assert r.status == "invalid"
    assert "张" in r.message.en and "元" in r.message.en


def test_bound_that_cannot_decide_is_not_a_verdict(rules: RuleSet, make_report: MakeReport) -> None:
    # 杭州 2024: 每万名老年人拥有认知障碍床位数超过19张 — against ≥ 20 that cannot be decided.
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2024
        target_year: 2025
        values: {dementia_beds_per_10k_elders: 超过19}
    """))
    r = result(check, "t-dementia")
    assert r.status == "missing"
    assert "超过19" in r.message.zh


def test_bound_that_decides_is_a_verdict(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {dementia_beds_per_10k_elders: 超过20}
    """))
    assert result(check, "t-dementia").status == "met"


def test_each_child_range(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {}
        children:
          西湖区: {centralized_care_institutions: 2}
          淳安县: {centralized_care_institutions: 4}
          建德市: {centralized_care_institutions: 3}
    """))
    r = result(check, "t-centralized-each")
    assert r.status == "not_met"
    assert [c.status for c in r.children] == ["met", "not_met", "met"]
    assert "淳安县" in r.message.zh
    assert r.gap is not None and r.gap.value == 1  # 4 is one above the range [2, 3]


def test_a_child_that_rounds_to_the_target_is_named_in_a_borderline_note(rules: RuleSet, make_report: MakeReport) -> None:
    # ≥ 25 persons per 10,000 elders, published in whole persons: 24.6 rounds to 25, 24.4 does not
    check = evaluate(rules, make_report("""
        jurisdiction: 绍兴市
        period: 2025
        values: {}
        children:
          嵊州市: {certified_carers: 1009, elderly_population: 41万人}
          诸暨市: {certified_carers: 1000, elderly_population: 41万人}
          新昌县: {certified_carers: 1100, elderly_population: 41万人}
    """))
    r = result(check, "t-shaoxing-each-county-carers")
    assert r.status == "not_met" and [c.status for c in r.children] == ["not_met", "not_met", "met"]
    notes = [f for f in r.findings if f.code in ("W106", "W112")]
    assert [(f.code, f.name) for f in notes] == [("W112", "borderline-child")]  # 1009/41 = 24.61 only
    assert notes[0].message.en.startswith("borderline: 嵊州市's 24.609756 per 10,000 elders rounds to 25 per 10,000 elders"), \
        notes[0].message.en
    assert notes[0].message.zh.startswith("临界:嵊州市按公布精度"), notes[0].message.zh
    assert notes[0].severity == "warning" and r.severity == "error"  # the verdict stays not met


def test_each_child_rule_applies_to_a_child_report(rules: RuleSet, make_report: MakeReport) -> None:
    # 绍兴市 sets a target for each county; 嵊州市's own report is checked against it.
    check = evaluate(rules, make_report("""
        jurisdiction: 嵊州市
        period: 2025
        values: {certified_carers: 1000, elderly_population: 41万人}
    """))
    r = result(check, "t-shaoxing-each-county-carers")
    assert r.status == "not_met"  # 1000 / 410000 × 10⁴ = 24.39…
    assert [(s.value, s.how) for s in r.shortfall] == [(25, "add")]  # 25 × 41 = 1025
    assert all(x.rule_id != "t-shaoxing-each-county-carers" for x in evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {}
    """)).results)


def test_increment_from_added_and_from_history(rules: RuleSet, make_report: MakeReport) -> None:
    added = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {}
        added: {dementia_care_beds: 820张}
    """))
    assert result(added, "t-new-dementia-beds").status == "met"
    history = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {dementia_care_beds: 4000张}
        history: {2024: {dementia_care_beds: 3300张}}
    """))
    r = result(history, "t-new-dementia-beds")
    assert r.status == "not_met"
    assert r.gap is not None and r.gap.value == -100
    assert [(s.value, s.how) for s in r.shortfall] == [(100, "add")]


def test_growth_against_baseline(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {monitored_people: 10900}
        history: {2024: {monitored_people: 10000}}
    """))
    r = result(check, "t-monitored-growth")
    assert r.status == "not_met"
    assert r.severity == "warning"  # aspirational (力争)
    assert r.actual is not None and r.actual.value == 9
    assert [(s.value, s.how) for s in r.shortfall] == [(100, "add")]


def test_relative_to_last_years_consumption(rules: RuleSet, make_report: MakeReport) -> None:
    # 嵊州: 特困供养标准 1486元/月 against 50% of last year's urban consumption per head.
    check = evaluate(rules, make_report("""
        jurisdiction: 嵊州市
        period: 2025
        values: {poverty_support_standard: 1486元/月}
        history: {2024: {urban_consumption_per_capita: 35664元/年}}
    """))
    r = result(check, "t-shengzhou-poverty")
    assert r.status == "met"  # 1486 × 12 = 17832 = 50% of 35664
    assert r.actual is not None and r.actual.value == 50


def test_not_due_before_the_due_date(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        as_of: 2025-06-30
        values: {certified_carers_per_10k_elders: 27.7}
    """))
    r = result(check, "t-carers")
    assert r.status == "not_due"
    assert r.severity == "ok"


def test_missing_names_the_components(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {}
    """))
    r = result(check, "t-carers")
    assert r.status == "missing"
    assert "持证护理员数" in r.message.zh and "老年人口数" in r.message.zh


def test_not_met_results_come_first(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {assistance_funds: 1亿元, certified_carers_per_10k_elders: 20}
    """))
    statuses = [r.status for r in check.results]
    assert statuses[0] == "not_met"
    assert statuses.index("met") > statuses.index("not_met")


def test_negative_count_is_invalid(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {certified_carers: -5, elderly_population: 190万人}
    """))
    assert result(check, "t-carers").status == "invalid"


def test_share_above_100_percent_is_invalid(rules: RuleSet, make_report: MakeReport) -> None:
    check = evaluate(rules, make_report("""
        jurisdiction: 慈溪市
        period: 2025
        values: {nursing_beds: 6000, institution_beds: 5000}
    """))
    r = result(check, "t-cixi-nursing")
    assert r.status == "invalid"
    assert "占比不可能超过100%" in r.message.zh and r.message.code == "S109"


def test_dementia_beds_22_per_10k_meet_at_least_20(rules: RuleSet, make_report: MakeReport) -> None:
    # 慈溪市 2024: 每万名老人拥有认知障碍照护专区床位22张, against the "≥ 20 per 10,000" target.
    check = evaluate(rules, make_report("""
        jurisdiction: 杭州市
        period: 2025
        values: {每万名老年人拥有认知障碍照护床位数: 22张/万名老年人}
    """))
    r = result(check, "t-dementia")
    assert r.status == "met"
    assert r.gap is not None and r.gap.value == 2


def test_children_do_not_inherit_the_parents_history(rules: RuleSet, tmp_path: Path) -> None:
    # An each-child increment: the city's own history must not be read as each county's.
    folder = tmp_path / "t"
    folder.mkdir()
    for name in ("indicators.yaml", "jurisdictions.yaml"):
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "r.yaml").write_text("""\
document: {title: 规划, publisher: 局, published: 2025-01-01}
jurisdiction: 杭州市
rules:
  - {id: each-new-beds, indicator: dementia_care_beds, comparator: ">=", target: 10张, kind: increment,
     scope: each_child, due: 2025-12-31, source: {quote: 每个县新增10张}}
""", encoding="utf-8")
    from mzcheck.load.rules import load_targets
    from mzcheck.read.formats import loads_report

    own = load_targets(folder, bundled=False)
    report = loads_report("""\
jurisdiction: 杭州市
period: 2025
values: {dementia_care_beds: 500}
history: {2024: {dementia_care_beds: 100}}
children: {淳安县: {dementia_care_beds: 30}}
""", own, "r.yaml")
    r = evaluate(own, report).results[0]
    assert r.children[0].status == "missing"  # not 30 − 100 = −70 from the city's history


@pytest.mark.parametrize("bundled", [False, True])
def test_a_rule_the_report_gives_nothing_for_is_what_measuring_it_gives(bundled: bool, make_report: MakeReport) -> None:
    # a rule whose indicators a report gives in no section is measured once per layout and period and its result
    # reused (evaluate_rule with ``given``): every later report of that layout and period, whatever else it
    # holds, gets the result measuring it again gives, field for field and with the same fields set
    import datetime as dt

    from mzcheck.engine.evaluate import evaluate_rule, reported
    from mzcheck.load.rules import load_targets

    rules = load_targets() if bundled else load_targets(FIXTURES, bundled=False)
    other = make_report("""
        jurisdiction: 杭州市
        period: 2024
        values: {elderly_population: 190.5万人}
    """)
    kinds = set()
    for rule in rules.rules:
        reads = KINDS[rule.rule.kind].reads(rule, rules.indicators)
        values = {k: v for k, v in other.values.items() if k not in reads}
        due = rule.rule.due.year
        for layout in ("mapping", "table"):
            for period in (due - 6, due - 1, due):
                first = other.model_copy(update={"jurisdiction": rule.jurisdiction, "period": period, "layout": layout,
                                                 "target_year": due, "as_of": dt.date(period, 12, 31), "values": {}})
                evaluate_rule(rules, rule, first, given=reported(first))  # measured here, then reused
                later = first.model_copy(update={
                    "values": values, "as_of": dt.date(period, 6, 30), "target_year": max(period, due - 1),
                    "history": {y: {} if y % 2 else values for y in range(period - 6, period)}})
                given = reported(later)
                assert reads.isdisjoint(given)
                fast, again = (evaluate_rule(rules, rule, later, given=given) for _ in range(2))
                slow = evaluate_rule(rules, rule, later)
                assert fast == slow and fast.model_fields_set == slow.model_fields_set
                assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
                assert fast.findings is not again.findings and fast.inputs is not again.inputs
                said = rule.derived["reads"][2] if "reads" in rule.derived else {}  # each-child rules: never
                if said.get((layout, period)) is not None:  # the result reused, not measured again
                    kinds.add(rule.rule.kind)
    assert kinds >= ({"level", "increment", "maintain", "growth"} if bundled else {"level", "increment", "growth",
                                                                                   "relative"})
