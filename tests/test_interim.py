"""Interim verdicts before the due date: pro-rata, milestones, trend projection, completion rates.

Real figures from 杭州市民政局2024年工作总结和2025年工作思路: 27.61 certified carers per 10,000 elders at
the end of 2024 against 28 due at the end of 2025, and 800 new dementia-care beds in 2025.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mzcheck.cli import main
from mzcheck.core.numbers import to_decimal
from mzcheck.engine import interim
from mzcheck.engine.evaluate import evaluate
from mzcheck.engine.interim import Point, Recorded
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult, Result
from mzcheck.read.formats import loads_report

ROOT = Path(__file__).resolve().parent.parent
#: The ``rules_with`` fixture: rule entries as YAML text → a rule set of them on the bundled catalog.
RulesWith = Callable[[str], RuleSet]
BEDS = "hangzhou-2025-new-dementia-care-beds"
CARERS = "hangzhou-2025-certified-carers-per-10k"
MID_YEAR = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def bundled() -> RuleSet:
    return load_targets()


@pytest.fixture(autouse=True)
def _no_user_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """CLI runs here must not read the user's history store (its records would feed the trends)."""
    monkeypatch.delenv("MZCHECK_HISTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def check(rules: RuleSet, text: str, recorded: Recorded | None = None) -> CheckResult:
    return evaluate(rules, loads_report(textwrap.dedent(text), rules, "report.yaml"), recorded)


def result(c: CheckResult, rule_id: str) -> Result:
    return next(r for r in c.results if r.rule_id == rule_id)


def dec(x: Fraction) -> Decimal:
    """The value as JSON and the text output carry it (exact where it terminates within 6 places)."""
    return to_decimal(x)


def mid_year(added: int | None = None, carers: str | None = None, history: str | None = None) -> str:
    lines = ["jurisdiction: 杭州市", "period: 2025", "as_of: 2025-06-30", "values:"]
    if carers is not None:
        lines.append(f"  certified_carers_per_10k_elders: {carers}")
    if added is not None:
        lines += ["added:", f"  dementia_care_beds: {added}"]
    if history is not None:
        lines += ["history:", f"  2024: {{certified_carers_per_10k_elders: {history}}}"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- calendar arithmetic


def test_the_share_of_the_year_by_30_june_is_181_of_365_days() -> None:
    assert interim.elapsed_share(dt.date(2025, 1, 1), MID_YEAR, dt.date(2025, 12, 31)) == Fraction(181, 365)
    assert interim.elapsed_share(dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 12, 31)) == Fraction(182, 366)


def test_months_between_counts_calendar_months() -> None:
    assert interim.months_between(MID_YEAR, dt.date(2025, 12, 31)) == 6
    assert interim.months_between(dt.date(2025, 6, 15), dt.date(2025, 12, 31)) == Fraction(13, 2)
    assert interim.months_between(dt.date(2025, 3, 31), dt.date(2025, 10, 31)) == 7  # "10月底前"


# --------------------------------------------------------------------------- increments: 800 new dementia-care beds


def test_420_new_beds_by_30_june_are_ahead_of_the_pro_rata_line(bundled: RuleSet) -> None:
    r = result(check(bundled, mid_year(added=420)), BEDS)
    expected = Fraction(800 * 181, 365)  # 396.71…
    assert r.status == "on_track" and r.severity == "ok"
    assert r.expected_to_date is not None and r.expected_to_date.value == dec(expected)
    assert r.pace_needed is not None and r.pace_needed.value == dec(Fraction(800 - 420, 6))  # 63.33 a month
    assert r.projection is not None and r.projection.method == "pro_rata" and r.projection.meets
    assert r.projection.value == dec(Fraction(420 * 365, 181))  # 846.96 at this pace
    assert r.completion is not None and r.completion.value == Decimal("52.5")
    assert r.completion.formula == "added/planned"
    assert "应达约397张,超前约23张" in r.message.zh and "每月需完成64张" in r.message.zh


def test_300_new_beds_by_30_june_are_behind_and_fail_the_check(bundled: RuleSet) -> None:
    c = check(bundled, mid_year(added=300))
    r = result(c, BEDS)
    assert r.status == "behind" and r.severity == "error"  # binding: 全年新增…800张
    assert r.expected_to_date is not None and r.expected_to_date.value == dec(Fraction(800 * 181, 365))
    assert r.pace_needed is not None and r.pace_needed.value == dec(Fraction(500, 6))  # 83.33 a month
    assert r.projection is not None and r.projection.value == dec(Fraction(300 * 365, 181)) and not r.projection.meets
    assert "差约97张" in r.message.zh and "short by about 97" in r.message.en
    assert not c.summary.passed and c.summary.behind == 1


def test_exactly_on_the_pro_rata_line_is_on_track(rules_with: RulesWith) -> None:
    # 730 beds a year: by 30 June 730 × 181/365 = 362 exactly; 361 is one bed behind
    rules = rules_with("""
      - id: t-beds-730
        indicator: dementia_care_beds
        comparator: ">="
        target: 730张
        kind: increment
        due: 2025-12-31
        source: {quote: 全年新增床位730张}
    """)
    assert result(check(rules, mid_year(added=362)), "t-beds-730").status == "on_track"
    assert result(check(rules, mid_year(added=361)), "t-beds-730").status == "behind"


def test_trajectory_of_an_increment_runs_from_zero_through_today_to_the_projection(bundled: RuleSet) -> None:
    r = result(check(bundled, mid_year(added=420)), BEDS)
    assert [(p.date, p.origin) for p in r.trajectory] == [
        (dt.date(2024, 12, 31), "start"), (MID_YEAR, "report"), (dt.date(2025, 12, 31), "projected")]
    assert [p.value for p in r.trajectory][:2] == [0, 420]


def test_milestones_replace_the_straight_line(rules_with: RulesWith) -> None:
    rules = rules_with("""
      - id: t-beds-milestones
        indicator: dementia_care_beds
        comparator: ">="
        target: 800张
        kind: increment
        due: 2025-12-31
        milestones:
          - {due: 2025-06-30, target: 500张}
        source: {quote: 全年新增认知障碍照护专区床位800张}
    """)
    at_june = result(check(rules, mid_year(added=420)), "t-beds-milestones")
    assert at_june.status == "behind"  # ahead of 800 × 181/365, but not of the 500 due by 30 June
    assert at_june.expected_to_date is not None and at_june.expected_to_date.value == 500
    assert at_june.projection is not None and at_june.projection.method == "milestones"
    march = check(rules, "jurisdiction: 杭州市\nperiod: 2025\nas_of: 2025-03-31\nadded: {dementia_care_beds: 250}\n")
    r = result(march, "t-beds-milestones")
    # 31 Dec → 31 Mar is 90 of the 181 days to the 30 June milestone
    assert r.expected_to_date is not None and r.expected_to_date.value == dec(Fraction(500 * 90, 181))
    assert r.status == "on_track"
    assert r.pace_needed is not None and r.pace_needed.value == dec(Fraction(550, 9))


def test_a_milestone_in_another_unit_kind_is_ignored_with_a_note(rules_with: RulesWith) -> None:
    rules = rules_with("""
      - id: t-beds-bad-milestone
        indicator: dementia_care_beds
        comparator: ">="
        target: 800张
        kind: increment
        due: 2025-12-31
        milestones:
          - {due: 2025-06-30, target: 500人}
        source: {quote: 全年新增认知障碍照护专区床位800张}
    """)
    r = result(check(rules, mid_year(added=420)), "t-beds-bad-milestone")
    assert r.status == "on_track" and r.projection is not None and r.projection.method == "pro_rata"
    assert any(f.name == "milestone-unusable" for f in r.findings)


def test_an_aspirational_growth_behind_is_a_warning_only(rules: RuleSet) -> None:
    # t-monitored-growth: 监测对象增加10% (力争); +3% by 30 June is behind 10% × 181/365
    c = check(rules, """
        jurisdiction: 杭州市
        period: 2025
        as_of: 2025-06-30
        values: {monitored_people: 10300}
        history: {2024: {monitored_people: 10000}}
    """)
    r = result(c, "t-monitored-growth")
    assert r.status == "behind" and r.severity == "warning"
    assert r.expected_to_date is not None and r.expected_to_date.value == dec(Fraction(10 * 181, 365))
    assert r.completion is not None and r.completion.value == 30 and r.completion.formula == "growth/planned"
    assert c.summary.passed


def test_before_the_period_starts_nothing_is_judged(rules_with: RulesWith) -> None:
    rules = rules_with("""
      - id: t-beds-h2
        indicator: dementia_care_beds
        comparator: ">="
        target: 400张
        kind: increment
        start: 2025-07-01
        due: 2025-12-31
        source: {quote: 下半年新增床位400张}
    """)
    assert result(check(rules, mid_year(added=0)), "t-beds-h2").status == "not_due"


# --------------------------------------------------------------------------- levels: 27.61 → 28 carers per 10,000


def test_carers_on_a_trend_that_reaches_28_are_on_track(bundled: RuleSet) -> None:
    r = result(check(bundled, mid_year(carers="27.9", history="27.61")), CARERS)
    assert r.status == "on_track" and r.severity == "ok"
    p = r.projection
    assert p is not None and p.method == "linear" and p.meets
    # 27.61 at 31 Dec 2024, 27.9 at 30 June (181 days): +0.29; 184 more days to 31 Dec 2025
    assert p.value == dec(Fraction("27.9") + Fraction("0.29") * 184 / 181)
    assert p.crosses == dt.date(2025, 9, 1)  # 0.1 to go at 0.29/181 a day: 62.4 → the 63rd day
    assert p.observed_change == dec(Fraction("0.29") * 365 / 181)
    assert r.pace_needed is not None and r.pace_needed.value == dec(Fraction("0.1") / 6)
    assert r.completion is not None and r.completion.value == dec(Fraction("27.9") / 28 * 100)
    assert "可达到目标" in r.message.zh and "2025-09-01" in r.message.zh


def test_carers_on_a_trend_that_falls_short_are_behind(bundled: RuleSet) -> None:
    c = check(bundled, mid_year(carers="27.8", history="27.61"))
    r = result(c, CARERS)
    assert r.status == "behind" and r.severity == "error"
    p = r.projection
    assert p is not None and not p.meets
    assert p.value == dec(Fraction("27.8") + Fraction("0.19") * 184 / 181)  # 27.993 < 28
    assert p.crosses == dt.date(2026, 1, 7)  # after the due date
    assert r.pace_needed is not None and r.pace_needed.value == dec(Fraction("0.2") / 6)
    assert "达不到目标" in r.message.zh and "2026-01-07" in r.message.zh
    assert not c.summary.passed


def test_a_falling_trend_never_reaches_the_target(bundled: RuleSet) -> None:
    r = result(check(bundled, mid_year(carers="27.5", history="27.61")), CARERS)
    assert r.status == "behind" and r.projection is not None and r.projection.crosses is None
    assert "无法达到" in r.message.zh


def test_already_above_target_on_a_falling_trend_is_behind(bundled: RuleSet) -> None:
    # 28.1 now, but at −0.2 a half-year the end of the year lands below 28
    r = result(check(bundled, mid_year(carers="28.1", history="28.3")), CARERS)
    assert r.status == "behind" and r.pace_needed is None


def test_without_history_a_level_is_not_due(bundled: RuleSet) -> None:
    r = result(check(bundled, mid_year(carers="27.9")), CARERS)
    assert r.status == "not_due" and r.projection is None and r.severity == "ok"


def test_gap_analysis_reports_are_not_projected() -> None:
    rules = load_targets()
    from mzcheck.read.formats import load_report

    [report] = load_report(ROOT / "examples" / "hangzhou-2024.yaml", rules)
    r = result(evaluate(rules, report), CARERS)
    assert r.status == "not_met" and r.projection is None
    assert r.completion is not None and r.completion.value == dec(Fraction("27.61") / 28 * 100)  # 98.607143


def _recorded(indicator: str, when: dt.date, base: Fraction) -> Recorded:
    return Recorded(observations={indicator: [Point(when, base, "recorded")]})


def test_recorded_history_is_used_when_the_report_has_none(bundled: RuleSet) -> None:
    rec = _recorded("certified_carers_per_10k_elders", dt.date(2024, 12, 31), Fraction("27.61") / 10000)
    r = result(check(bundled, mid_year(carers="27.9"), rec), CARERS)
    assert r.status == "on_track" and r.projection is not None
    assert r.projection.value == dec(Fraction("27.9") + Fraction("0.29") * 184 / 181)
    assert [p.origin for p in r.trajectory] == ["recorded", "report", "projected"]
    assert "历史记录库" in r.projection.basis.zh


def test_the_reports_own_history_wins_over_the_store(bundled: RuleSet) -> None:
    rec = _recorded("certified_carers_per_10k_elders", dt.date(2024, 12, 31), Fraction("27.0") / 10000)
    r = result(check(bundled, mid_year(carers="27.8", history="27.61"), rec), CARERS)
    assert r.status == "behind"  # from 27.61 (report) it falls short; from 27.0 (store) it would not
    assert r.trajectory[0].origin == "history"


def test_a_linear_projection_exactly_on_the_target_meets_it(bundled: RuleSet, rules_with: RulesWith) -> None:
    # 184 days before 30 June to 184 days after: 27.6 → 27.8 → exactly 28.0
    rec = _recorded("certified_carers_per_10k_elders", dt.date(2024, 12, 28), Fraction("27.6") / 10000)
    r = result(check(bundled, mid_year(carers="27.8"), rec), CARERS)
    assert r.projection is not None and r.projection.value == 28 and r.status == "on_track"
    strict = rules_with("""
      - id: t-carers-above-28
        indicator: certified_carers_per_10k_elders
        comparator: 超过
        target: 28人/万名老年人
        due: 2025-12-31
        source: {quote: 超过28人}
    """)
    assert result(check(strict, mid_year(carers="27.8"), rec), "t-carers-above-28").status == "behind"


def test_counts_are_projected_by_compound_growth_exactly(rules_with: RulesWith) -> None:
    rules = rules_with("""
      - id: t-beds-level
        indicator: dementia_care_beds
        comparator: ">="
        target: 400张
        due: 2025-12-31
        source: {quote: 认知障碍照护专区床位达到400张}
      - id: t-beds-level-350
        indicator: dementia_care_beds
        comparator: ">="
        target: 350张
        due: 2025-12-31
        source: {quote: 认知障碍照护专区床位达到350张}
      - id: t-beds-level-above-400
        indicator: dementia_care_beds
        comparator: ">"
        target: 400张
        due: 2025-12-31
        source: {quote: 认知障碍照护专区床位超过400张}
    """)
    rec = _recorded("dementia_care_beds", dt.date(2024, 12, 28), Fraction(100))
    c = check(rules, "jurisdiction: 杭州市\nperiod: 2025\nas_of: 2025-06-30\nvalues: {dementia_care_beds: 200}\n", rec)
    r = result(c, "t-beds-level")
    # doubling in 184 days, 184 days to go: 400 exactly (linear would say 300)
    assert r.projection is not None and r.projection.method == "compound" and r.projection.value == 400
    assert r.status == "on_track" and r.projection.crosses == dt.date(2025, 12, 31)
    assert result(c, "t-beds-level-350").status == "on_track"
    assert result(c, "t-beds-level-above-400").status == "behind"  # 400 is not above 400


@given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(0, 4000), st.integers(1, 4000),
       st.integers(1, 10**6))
def test_the_compound_comparison_agrees_with_high_precision(v0: int, v1: int, ahead: int, behind: int,
                                                            x: int) -> None:
    now, growth = Fraction(v1, 7), Fraction(v1, v0)
    cmp = interim._compound(now, growth, ahead, behind)(Fraction(x, 7))
    approx = interim._compound_value(now, growth, ahead, behind)
    if abs(approx - Fraction(x, 7)) > Fraction(1, 10**20) * (1 + approx):
        assert cmp == (1 if approx > Fraction(x, 7) else -1)


def test_a_passed_milestone_decides_a_level_without_history(rules_with: RulesWith) -> None:
    rules = rules_with("""
      - id: t-carers-milestone
        indicator: certified_carers_per_10k_elders
        comparator: ">="
        target: 28人/万名老年人
        due: 2025-12-31
        milestones:
          - {due: 2025-06-30, target: 27.8人/万名老年人}
        source: {quote: 全市每万名老年人拥有持证护理员达到28人}
    """)
    assert result(check(rules, mid_year(carers="27.8")), "t-carers-milestone").status == "on_track"
    missed = result(check(rules, mid_year(carers="27.79")), "t-carers-milestone")
    assert missed.status == "behind" and "未达到" in missed.message.zh


# --------------------------------------------------------------------------- completion rates


def test_completion_of_a_cap_is_target_over_actual(rules_with: RulesWith) -> None:
    rules = rules_with("""
      - id: t-cap
        indicator: dementia_care_beds
        comparator: 不超过
        target: 500张
        due: 2025-12-31
        source: {quote: 床位不超过500张}
    """)
    c = check(rules, "jurisdiction: 杭州市\nperiod: 2025\nvalues: {dementia_care_beds: 400}\n")
    r = result(c, "t-cap")
    assert r.status == "met" and r.completion is not None
    assert r.completion.value == 125 and r.completion.formula == "target/actual"
    zero = result(check(rules, "jurisdiction: 杭州市\nperiod: 2025\nvalues: {dementia_care_beds: 0}\n"), "t-cap")
    assert zero.completion is None


def test_overall_completion_offers_the_mean_and_total_over_total(bundled: RuleSet, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = _rule_folder(tmp_path, """
      - id: t-beds-800
        indicator: dementia_care_beds
        comparator: ">="
        target: 800张
        kind: increment
        due: 2025-12-31
        source: {quote: 新增床位800张}
      - id: t-family-beds-200
        indicator: family_care_beds
        comparator: ">="
        target: 200张
        kind: increment
        due: 2025-12-31
        source: {quote: 新增家庭养老床位200张}
    """)
    rules = load_targets(folder, bundled=False)
    text = "jurisdiction: 杭州市\nperiod: 2025\nadded: {dementia_care_beds: 900, family_care_beds: 100}\n"
    s = check(rules, text).summary.completion
    assert s is not None and s.items == 2
    # the first item's own 112.5% counts as 100% overall: (100% + 50%) / 2 and (800 + 100) / (800 + 200)
    assert s.mean == Decimal("75")
    assert s.total == 90
    assert s.shown == "mean"
    report = tmp_path / "r.yaml"
    report.write_text(text, encoding="utf-8")
    main(["check", str(report), "--targets", str(folder), "--no-bundled"])
    out = capsys.readouterr().out
    assert "完成率 112.5%(新增 ÷ 计划)" in out  # shown per item as it is
    assert "总体完成率 75%(各项平均,2项)" in out
    main(["check", str(report), "--targets", str(folder), "--no-bundled", "--completion", "total", "--lang", "en"])
    assert "overall completion 90% (total over total, 2 items)" in capsys.readouterr().out


def test_overall_completion_of_mixed_units_is_the_mean_only(bundled: RuleSet) -> None:
    c = check(bundled, mid_year(added=420, carers="27.9", history="27.61"))
    s = c.summary.completion
    assert s is not None and s.total is None and "units differ" in s.method.en
    assert s.mean == dec((Fraction("52.5") + Fraction(to_decimal(Fraction("27.9") / 28 * 100))) / 2)


# --------------------------------------------------------------------------- shown


def test_text_output_shows_trajectory_projection_and_pace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "mid.yaml"
    report.write_text(mid_year(added=300, carers="27.9", history="27.61"), encoding="utf-8")
    assert main(["check", str(report)]) == 1  # 300 beds is behind a binding target
    out = capsys.readouterr().out
    assert "↓ 进度滞后" in out and "→ 进度正常" in out
    assert "轨迹: ▁▄┈█ 目标▆  27.61 → 27.9 ⇢ 预计28.19(2025-12-31)/ 目标28" in out
    assert "按进度应达 397;每月需 84;完成率 37.5%(新增 ÷ 计划)" in out


def test_json_keeps_the_contract_and_adds_the_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    report = tmp_path / "mid.yaml"
    report.write_text(mid_year(added=420), encoding="utf-8")
    assert main(["check", str(report), "--format", "json"]) == 0
    (data,) = json.loads(capsys.readouterr().out)["reports"]
    r = next(x for x in data["results"] if x["rule_id"] == BEDS)
    assert {"rule_id", "indicator", "status", "strength", "comparator", "target", "actual", "gap", "shortfall",
            "message", "source"} <= set(r)
    assert r["status"] == "on_track" and r["actual"] == {"value": 420, "unit": "bed"}
    assert r["expected_to_date"] == {"value": 396.712329, "unit": "bed"}
    assert r["pace_needed"] == {"value": 63.333333, "unit": "bed", "per": "month"}
    assert r["projection"]["value"] == 846.961326 and r["projection"]["at"] == "2025-12-31"
    assert r["completion"] == {"value": 52.5, "unit": "percent", "formula": "added/planned"}
    assert data["summary"]["on_track"] == 1 and data["summary"]["completion"]["shown"] == "mean"


# --------------------------------------------------------------------------- helpers


def _rule_folder(tmp_path: Path, rules_yaml: str) -> Path:
    folder = tmp_path / "targets"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t-2025.yaml").write_text(
        "document: {title: 测试规划, publisher: 测试民政局, published: 2025-02-18}\njurisdiction: 杭州市\nrules:\n"
        + textwrap.dedent(rules_yaml).replace("\n", "\n  ").rstrip() + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def rules_with(tmp_path: Path) -> RulesWith:
    """A rule set of the given rules (bundled catalog), written to a fresh folder."""
    made = iter(range(100))

    def make(rules_yaml: str) -> RuleSet:
        return load_targets(_rule_folder(tmp_path / f"set{next(made)}", rules_yaml), bundled=False)

    return make


def test_html_draws_the_trajectory_against_the_target(bundled: RuleSet) -> None:
    import re
    import xml.etree.ElementTree as ET

    from mzcheck.render import Options, writer

    c = check(bundled, mid_year(added=300, carers="27.8", history="27.61"))
    page = writer("html")([c], Options(lang="zh"))
    charts = re.findall(r'<svg class="trajectory".*?</svg>', page, flags=re.S)
    assert len(charts) == 2  # one per interim verdict
    beds = next(ET.fromstring(s) for s in charts if "目标 800" in s)  # well-formed SVG
    ns = "{http://www.w3.org/2000/svg}"
    assert beds.find(f"{ns}title") is not None and "预计" in (beds.get("aria-label") or "")
    assert beds.find(f"{ns}polyline[@class='plan']") is not None  # the pro-rata line 0 → 800
    assert beds.find(f"{ns}polyline[@class='projection']") is not None
    texts = [t.text for t in beds.iter(f"{ns}text")]
    assert "预计 605" in texts and "2025-06-30" in texts  # a count, as people write it (604.97 in the JSON)
    year_end = check(bundled, "jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers_per_10k_elders: 28}\n")
    assert 'class="trajectory"' not in writer("html")([year_end], Options(lang="zh"))


# --------------------------------------------------------------------------- numbers at the ends of the range


FUNDS_JUMP = """\
jurisdiction: 杭州市
period: 2025
as_of: {as_of}
values: {{assistance_funds: 0.2亿元}}
history: {{2024: {{assistance_funds: 1元}}}}
"""


@pytest.mark.parametrize("as_of", ["2025-01-01", "2025-01-31"])
def test_a_january_check_after_a_jump_from_one_yuan_is_projected_as_a_line(rules: RuleSet, as_of: str) -> None:
    # ×2·10^7 in a day or a month compounds to figures beyond any number mzcheck reads: a straight line instead
    r = result(check(rules, FUNDS_JUMP.format(as_of=as_of)), "t-funds")
    assert r.status == "on_track" and r.projection is not None and r.projection.method == "linear"
    days = (dt.date.fromisoformat(as_of) - dt.date(2024, 12, 31)).days
    slope = (Fraction(2 * 10**7) - 1) / days
    assert r.projection.value == dec((Fraction(2 * 10**7) + slope * (dt.date(2025, 12, 31) - dt.date.fromisoformat(as_of)).days) / 10**8)


def test_a_completion_rate_of_every_value_within_the_range_is_computed(rules: RuleSet) -> None:
    # 10^29 亿元 (10^37 yuan) against 0.29亿元: a rate of 3.4·10^31 %, beyond the range a report may hold
    c = check(rules, "jurisdiction: 杭州市\nperiod: 2025\nvalues: {assistance_funds: 1e29亿元}\n")
    assert result(c, "t-funds").status == "met"
    completion = result(c, "t-funds").completion
    assert completion is not None and completion.value == to_decimal(Fraction(10**29, 29) * 100 * 100)
    assert c.summary.completion is not None
    assert c.summary.completion.mean == 100  # in the overall rate an item beyond its target counts as 100%


def test_a_record_batch_keeps_every_report_after_a_january_jump(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "targets"
    jump, plain = tmp_path / "jump.yaml", tmp_path / "plain.yaml"
    jump.write_text(FUNDS_JUMP.format(as_of="2025-01-01"), encoding="utf-8")
    plain.write_text("jurisdiction: 慈溪市\nperiod: 2025\nvalues: {nursing_bed_share: 81%}\n", encoding="utf-8")
    store = tmp_path / "h.sqlite3"
    code = main(["check", str(jump), str(plain), "--targets", str(fixtures), "--no-bundled", "--record",
                 "--history-db", str(store)])
    assert code in (0, 1), capsys.readouterr().err
    assert "recorded 2 →" in capsys.readouterr().err


@given(rates=st.lists(st.decimals(min_value=Decimal("-1e20"), max_value=Decimal("1e20"), allow_nan=False,
                                  allow_infinity=False, places=None).map(lambda d: to_decimal(Fraction(d))),
                      min_size=1, max_size=20))
def test_the_mean_of_item_rates_counts_each_at_most_100_exactly(rates: list[Decimal]) -> None:
    from mzcheck.engine.completion import capped_mean

    assert capped_mean(rates) == sum((min(Fraction(r), Fraction(100)) for r in rates), Fraction(0)) / len(rates)
