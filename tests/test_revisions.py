"""Targets over time through the command line: ``mzcheck diff``, superseded rules, waivers, published precision.

A revised copy of a bundled rule file (targets/rules/hangzhou-2025.yaml) is diffed against the original; a
revision layer supersedes a bundled rule; waivers excuse a shortfall; values a hair below a target are
borderline at the target's published precision (docs/revisions.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from mzcheck.cli import main
from mzcheck.render import WRITERS

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FILE = ROOT / "targets" / "rules" / "hangzhou-2025.yaml"
CARERS = "hangzhou-2025-certified-carers-per-10k"
COUNTY_RULE = "hangzhou-2025-centralized-care-institutions-per-county"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no mzcheck.toml applies (a test that wants one writes it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MZCHECK_TARGETS", raising=False)


def revised_copy(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    folder = tmp_path / "revised"
    folder.mkdir(exist_ok=True)
    path = folder / BUNDLED_FILE.name
    path.write_text(text, encoding="utf-8")
    return path


RAISE_CARERS = ("target: {value: 28, unit: 人/万名老年人}", "target: {value: 28.5, unit: 人/万名老年人}")
LOWER_DEMENTIA = ("target: {value: 20, unit: 张/万名老年人}", "target: {value: 18, unit: 张/万名老年人}")


# ------------------------------------------------------------------------------------------- diff


def test_diff_of_a_revised_copy_names_each_change_and_fails_when_stricter(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = revised_copy(tmp_path, RAISE_CARERS, LOWER_DEMENTIA)
    code, out, err = run(capsys, "diff", str(BUNDLED_FILE), str(new), "--no-bundled", "--lang", "en")
    assert (code, err) == (1, "")
    assert "target raised: at least 28 per 10,000 elders → at least 28.5 per 10,000 elders (+0.5 per 10,000 elders)" \
           "  [stricter]" in out
    assert ("target lowered: at least 20 beds per 10,000 elders → at least 18 beds per 10,000 elders "
            "(−2 beds per 10,000 elders)  [looser]") in out
    assert out.rstrip().endswith("0 added, 0 removed, 2 changed, 15 unchanged; 1 binding rules stricter")
    code, out, _ = run(capsys, "diff", str(BUNDLED_FILE), str(new), "--no-bundled")
    assert code == 1 and "目标提高:不低于28人/万名老年人 → 不低于28.5人/万名老年人(+0.5人/万名老年人)  [收紧]" in out


def test_diff_exits_0_when_nothing_binding_got_stricter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = revised_copy(tmp_path, LOWER_DEMENTIA, ("due: 2025-06-30", "due: 2025-09-30"))
    code, out, _ = run(capsys, "diff", str(BUNDLED_FILE), str(new), "--no-bundled", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["summary"] == {"added": 0, "removed": 0, "changed": 2, "unchanged": 15, "stricter": 0}
    changes = {c["old_id"]: c["changes"] for c in data["changed"]}
    assert changes["hangzhou-2025-dementia-beds-per-10k"] == [{
        "field": "target", "old": {"value": 20, "unit": "张/万名老年人"}, "new": {"value": 18, "unit": "张/万名老年人"},
        "direction": "looser", "size": -2, "unit": "张/万名老年人",
        "message": {"zh": "目标降低:不低于20张/万名老年人 → 不低于18张/万名老年人(−2张/万名老年人)",
                    "en": "target lowered: at least 20 beds per 10,000 elders → at least 18 beds per 10,000 elders "
                          "(−2 beds per 10,000 elders)", "code": "D104"}}]
    assert [(c["field"], c["old"], c["new"], c["direction"]) for c in changes["hangzhou-2025-charity-regulation-issued"]] \
        == [("due", "2025-06-30", "2025-09-30", "looser")]
    code, out, _ = run(capsys, "diff", str(BUNDLED_FILE), str(BUNDLED_FILE), "--no-bundled")
    assert code == 0 and out == "新增 0 条,删除 0 条,修改 0 条,未变 17 条;约束性规则收紧 0 处\n"


def test_diff_matches_renamed_rules_by_indicator_place_and_due_and_reports_added_and_removed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = BUNDLED_FILE.read_text(encoding="utf-8")
    start = text.index("  - id: hangzhou-2025-service-relief-pilots")
    end = text.index("  - id:", start + 10)
    new = revised_copy(tmp_path, (f"id: {CARERS}\n", f"id: {CARERS}-2025\n"),
                       (text[start:end], ""), ('comparator: ">="\n    target: {value: 5, unit: "%"}',
                                                'comparator: ">"\n    target: {value: 5, unit: "%"}'))
    new.write_text(new.read_text(encoding="utf-8") + """\
  - id: hangzhou-2025-new-rule
    indicator: institution_beds
    comparator: ">="
    target: {value: 70000, unit: 张}
    due: 2025-12-31
    source: {quote: 养老机构床位达到7万张}
""", encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(BUNDLED_FILE), str(new), "--no-bundled", "--format", "json")
    data = json.loads(out)
    assert code == 1  # a binding rule added, and > instead of >=
    assert [r["rule_id"] for r in data["added"]] == ["hangzhou-2025-new-rule"] and data["added"][0]["stricter"]
    assert [r["rule_id"] for r in data["removed"]] == ["hangzhou-2025-service-relief-pilots"]
    renamed = next(c for c in data["changed"] if c["old_id"] == CARERS)
    assert renamed["matched_by"] == "indicator_jurisdiction_due" and renamed["new_id"] == f"{CARERS}-2025"
    assert [c["field"] for c in renamed["changes"]] == ["id"] and not renamed["stricter"]
    share = next(c for c in data["changed"] if c["old_id"] == "hangzhou-2025-low-income-monitored-share")
    assert [(c["field"], c["direction"]) for c in share["changes"]] == [("comparator", "stricter")]
    code, out, _ = run(capsys, "diff", str(BUNDLED_FILE), str(new), "--no-bundled", "--format", "markdown",
                       "--lang", "en")
    assert "| + | `hangzhou-2025-new-rule` | added: 杭州市 beds in elderly-care institutions at least 70,000, due " \
           "2025-12-31 | stricter |" in out
    assert "| − | `hangzhou-2025-service-relief-pilots` |" in out


def test_diff_compares_targets_across_units_and_ranges_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = revised_copy(tmp_path, ("target: {value: 130, unit: 人}", "target: {value: 0.0130, unit: 万人}"),
                       ("target: {value: 800, unit: 张}", "target: {value: 0.0801, unit: 万张}"),
                       ("target: {value: [2, 3], unit: 个}", "target: {value: [2, 2], unit: 个}"))
    code, out, _ = run(capsys, "diff", str(BUNDLED_FILE), str(new), "--no-bundled", "--format", "json")
    data = json.loads(out)
    changed = {c["old_id"]: c["changes"] for c in data["changed"]}
    (orphans,) = changed["hangzhou-2025-adult-orphans-disabled-central-care"]  # 0.0130万人 is 130人: same target
    assert (orphans["field"], orphans["old"], orphans["new"], orphans["direction"]) == ("precision", 0, 4, "other")
    beds, precision = changed["hangzhou-2025-new-dementia-care-beds"]
    assert (beds["field"], beds["direction"], beds["size"], beds["unit"]) == ("target", "stricter", 1, "张")  # 801张
    assert (precision["field"], precision["direction"]) == ("precision", "other")
    (county,) = changed[COUNTY_RULE]
    assert (county["field"], county["direction"], county["size"]) == ("target", "stricter", None)  # narrowed
    assert county["message"]["en"] == "target changed: between 2 and 3 → between 2 and 2"
    assert code == 1 and data["summary"]["stricter"] == 2


def test_diff_refuses_an_unusable_rule_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "diff", str(BUNDLED_FILE), str(tmp_path / "nowhere"), "--no-bundled")
    assert code == 2 and "nowhere" in err and "Traceback" not in err


# ------------------------------------------------------------------------------------ superseded rules

REVISION = f"""\
document:
  title: 杭州市民政局关于调整2025年度目标的通知
  publisher: 杭州市民政局
  published: 2025-07-15
jurisdiction: 杭州市
rules:
  - id: {CARERS}-r1
    supersedes: {CARERS}
    indicator: certified_carers_per_10k_elders
    comparator: ">="
    target: {{value: 28.5, unit: 人/万名老年人}}
    due: 2025-12-31
    source: {{quote: 每万名老年人拥有持证护理员数调整为28.5人}}
"""

REPORT = """\
jurisdiction: 杭州市
period: 2025
values:
  certified_carers_per_10k_elders: 28.2
"""


@pytest.fixture
def revision(tmp_path: Path) -> Path:
    folder = tmp_path / "revision"
    folder.mkdir()
    (folder / "hangzhou-2025-adjust.yaml").write_text(REVISION, encoding="utf-8")
    return folder


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "hangzhou-2025.yaml"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_only_the_newest_revision_is_checked(revision: Path, report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(report), "--format", "json")
    assert {r["rule_id"]: r["status"] for r in json.loads(out)["reports"][0]["results"]}[CARERS] == "met"  # 28.2 ≥ 28
    code, out, _ = run(capsys, "check", str(report), "--targets", str(revision), "--format", "json")
    statuses = {r["rule_id"]: r["status"] for r in json.loads(out)["reports"][0]["results"]}
    assert CARERS not in statuses and statuses[f"{CARERS}-r1"] == "not_met"  # 28.2 < 28.5
    assert code == 1


def test_targets_lists_the_superseded_rule_and_explain_shows_the_chain(
        revision: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "targets", "-j", "杭州市", "--targets", str(revision), "--lang", "en")
    line = next(x for x in out.splitlines() if f"[{CARERS}]" in x)
    assert line.endswith(f"superseded by '{CARERS}-r1' (杭州市民政局关于调整2025年度目标的通知, 2025-07-15)")
    code, out, _ = run(capsys, "targets", "-j", "杭州市", "--targets", str(revision), "--format", "json")
    rules = {r["rule_id"]: r for r in json.loads(out)}
    assert rules[CARERS]["superseded_by"] == f"{CARERS}-r1" and rules[f"{CARERS}-r1"]["supersedes"] == CARERS
    code, out, _ = run(capsys, "explain", CARERS, "--targets", str(revision))
    assert code == 0
    assert f"  修订: {CARERS} → {CARERS}-r1\n" in out
    assert f"    {CARERS}-r1: 取代“{CARERS}”(《杭州市民政局关于调整2025年度目标的通知》,2025-07-15)" in out
    code, out, _ = run(capsys, "explain", f"{CARERS}-r1", "--targets", str(revision), "--format", "json")
    assert json.loads(out)["chain"] == [CARERS, f"{CARERS}-r1"]


def test_diff_matches_a_revision_to_the_rule_it_supersedes(revision: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", str(ROOT / "targets"), str(revision), "--lang", "en")
    assert code == 1
    assert f"~ changed: 杭州市 certified carers per 10,000 elders [{CARERS} → {CARERS}-r1] (matched by supersedes)" in out
    assert "target raised: at least 28 per 10,000 elders → at least 28.5 per 10,000 elders" in out


def test_a_revision_neither_duplicates_nor_contradicts_the_rule_it_supersedes(
        revision: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same_target = revision / "hangzhou-2025-adjust.yaml"
    same_target.write_text(REVISION.replace("28.5", "28"), encoding="utf-8")  # a new source for the same target
    code, out, _ = run(capsys, "lint", str(revision), "--lang", "en")
    assert (code, out) == (0, "all 1 rules are valid\n")
    same_target.write_text(REVISION.replace(f"    supersedes: {CARERS}\n", ""), encoding="utf-8")
    same_target.write_text(same_target.read_text(encoding="utf-8").replace("28.5", "28"), encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(revision), "--lang", "en")
    assert "L002" in out  # without supersedes, the same target twice is a duplicate


@pytest.mark.parametrize(("supersedes", "code", "said"), [
    ("hangzhou-2025-certified-carers-per-10", "W101", "no rule 'hangzhou-2025-certified-carers-per-10' to replace"),
    ("self", "W102", f"the replacements form a cycle: {CARERS}-r1 → {CARERS}-r1"),
])
def test_a_supersedes_naming_no_rule_or_a_cycle_is_a_load_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], supersedes: str, code: str, said: str) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    text = REVISION.replace(f"supersedes: {CARERS}", f"supersedes: {CARERS}-r1" if supersedes == "self" else
                            f"supersedes: {supersedes}")
    (folder / "adjust.yaml").write_text(text, encoding="utf-8")
    exit_code, _, err = run(capsys, "targets", "--targets", str(folder))
    assert exit_code == 2
    assert f"adjust.yaml:7: {code} supersedes: {said}" in err


# ---------------------------------------------------------------------------------------------- waivers

WAIVERS = f"""\
waivers:
  - rule: {CARERS}
    jurisdiction: 杭州市
    period: 2025
    reason: {{zh: 护理员持证考试延期至次年, en: the carers' certification exam was postponed}}
    approved_by: 浙江省民政厅
    expires: {{expires}}
"""

SHORT = REPORT.replace("28.2", "27.9")


def waivers_file(tmp_path: Path, expires: str = "2026-03-31", text: str = WAIVERS) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text.replace("{expires}", expires), encoding="utf-8")
    return path


def test_an_active_waiver_turns_a_shortfall_into_waived_and_keeps_the_verdict(
        tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report.write_text(SHORT, encoding="utf-8")
    waivers = waivers_file(tmp_path)
    assert run(capsys, "check", str(report))[0] == 1
    code, out, _ = run(capsys, "check", str(report), "--waivers", str(waivers), "--format", "json")
    assert code == 0
    data = json.loads(out)
    carers = next(r for r in data["reports"][0]["results"] if r["rule_id"] == CARERS)
    assert (carers["status"], carers["severity"]) == ("waived", "ok")
    assert carers["actual"] == {"value": 27.9, "unit": "人/万名老年人"}  # nothing hidden
    assert carers["waiver"] | {"file": None} == {
        "verdict": "not_met", "severity": "error", "approved_by": "浙江省民政厅", "expires": "2026-03-31",
        "reason": {"zh": "护理员持证考试延期至次年", "en": "the carers' certification exam was postponed"},
        "jurisdiction": "杭州市", "period": 2025, "file": None, "line": 2}
    assert carers["findings"][0]["code"] == "W107"
    assert data["summary"]["waived"] == 1 and data["summary"]["not_met"] == 0 and data["summary"]["passed"]
    code, out, _ = run(capsys, "check", str(report), "--waivers", str(waivers), "--lang", "en")
    assert code == 0
    assert "◇ waived (would be not met)" in out
    assert ("note: waived (杭州市): the carers' certification exam was postponed (approved by 浙江省民政厅; "
            "until 2026-03-31)") in out
    assert "16 missing, 1 waived;" in out.splitlines()[-1] and out.rstrip().endswith("— passed")


def test_waivers_from_the_configuration(tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report.write_text(SHORT, encoding="utf-8")
    waivers_file(tmp_path)
    (tmp_path / "mzcheck.toml").write_text('waivers = ["waivers.yaml"]\n', encoding="utf-8")
    code, out, _ = run(capsys, "check", str(report), "--format", "json")
    assert code == 0 and json.loads(out)["reports"][0]["summary"]["waived"] == 1


def test_an_expired_waiver_is_ignored_with_a_warning(tmp_path: Path, report: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    report.write_text(SHORT, encoding="utf-8")
    waivers = waivers_file(tmp_path, expires="2025-06-30")  # the report is as of 2025-12-31
    code, out, _ = run(capsys, "check", str(report), "--waivers", str(waivers), "--format", "json")
    assert code == 1
    carers = next(r for r in json.loads(out)["reports"][0]["results"] if r["rule_id"] == CARERS)
    assert carers["status"] == "not_met" and carers["waiver"] is None
    expired = [f for f in carers["findings"] if f["code"] == "W108"]
    assert len(expired) == 1 and expired[0]["severity"] == "warning"
    assert expired[0]["message"]["en"] == f"the waiver expired on 2025-06-30 and is ignored ({waivers}:2)"


def test_a_waiver_naming_an_unknown_rule_or_jurisdiction_is_an_input_error(
        tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WAIVERS + WAIVERS.removeprefix("waivers:\n").replace("杭州市", "火星市") \
        + WAIVERS.removeprefix("waivers:\n").replace(CARERS, f"{CARERS}s")
    waivers = waivers_file(tmp_path, text=text)
    code, out, err = run(capsys, "check", str(report), "--waivers", str(waivers))
    assert (code, out) == (2, "")
    assert f"{waivers}:9: C201 waivers.jurisdiction: unknown jurisdiction '火星市'" in err
    assert f"{waivers}:14: W109 waivers.rule: no rule '{CARERS}s' / 没有规则“{CARERS}s”" in err
    assert f"help: did you mean {CARERS}" in err


def test_a_waived_child_unit_leaves_the_rule_for_each_child_waived(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    children = "".join(f"  {name}: {{centralized_care_institutions: {n}}}\n" for name, n in [
        ("上城区", 2), ("拱墅区", 2), ("西湖区", 2), ("滨江区", 2), ("萧山区", 3), ("余杭区", 2), ("富阳区", 2),
        ("临安区", 2), ("临平区", 2), ("钱塘区", 2), ("桐庐县", 3), ("建德市", 2), ("淳安县", 1)])
    report = tmp_path / "hangzhou.yaml"
    report.write_text(f"jurisdiction: 杭州市\nperiod: 2025\nchildren:\n{children}", encoding="utf-8")
    waivers = waivers_file(tmp_path, text=f"""\
waivers:
  - rule: {COUNTY_RULE}
    jurisdiction: 淳安县
    reason: 山区县人口分散,经批准暂设1个集中供养机构
    approved_by: 杭州市民政局
    expires: 2026-12-31
""")
    code, out, _ = run(capsys, "check", str(report), "--waivers", str(waivers), "--format", "json")
    assert code == 0  # the one child short of the range is excused; the other rules are only missing
    result = next(r for r in json.loads(out)["reports"][0]["results"] if r["rule_id"] == COUNTY_RULE)
    assert result["status"] == "waived" and result["waiver"]["verdict"] == "not_met"
    chun_an = next(c for c in result["children"] if c["jurisdiction"] == "淳安县")
    assert chun_an["status"] == "waived" and chun_an["waiver"]["verdict"] == "not_met"
    assert chun_an["actual"] == {"value": 1, "unit": "institution"}


# ----------------------------------------------------------------------------------- published precision

PLAN = """\
document: {title: 杭州市测试计划, publisher: 杭州市民政局, published: 2025-01-10}
jurisdiction: 杭州市
rules:
  - {id: share, indicator: nursing_bed_share, comparator: ">=", target: 80%, due: 2025-12-31,
     source: {quote: 护理型床位占比达到80%}}
  - {id: per10k, indicator: certified_carers_per_10k_elders, comparator: ">=", target: 27.5人/万名老年人,
     due: 2025-12-31, source: {quote: 每万名老年人拥有持证护理员27.5人}}
  - {id: count, indicator: certified_carers, comparator: ">=", target: 1.2万人, due: 2025-12-31,
     source: {quote: 持证护理员达到1.2万人}}
  - {id: beds, indicator: institution_beds, comparator: ">=", target: 20张, due: 2025-12-31,
     source: {quote: 新建床位20张}}
  - {id: money, indicator: subsistence_allowance_standard, comparator: ">=", target: 1200元/月, due: 2025-12-31,
     source: {quote: 低保标准提高到每人每月1200元}}
  - {id: set, indicator: minimum_wage, comparator: ">=", target: 2490元/月, precision: 1, due: 2025-12-31,
     source: {quote: 最低工资标准2490元}}
"""


def precision_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], values: str,
                    *extra: str) -> tuple[int, dict[str, dict[str, object]]]:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    report = tmp_path / "values.yaml"
    report.write_text(f"jurisdiction: 杭州市\nperiod: 2025\nvalues:\n{values}", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(report), "--targets", str(tmp_path / "plan.yaml"), "--no-bundled",
                       "--format", "json", *extra)
    return code, {r["rule_id"]: r for r in json.loads(out)["reports"][0]["results"]}


def borderline(result: dict[str, object]) -> list[dict[str, dict[str, str]]]:
    findings: list[dict[str, dict[str, str]]] = result["findings"]  # type: ignore[assignment]
    return [f for f in findings if "borderline" in f["name"]]  # type: ignore[operator]


def test_a_value_that_rounds_to_the_target_at_its_published_precision_is_borderline_but_not_met(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, results = precision_check(tmp_path, capsys, """\
  nursing_bed_share: 79.96%
  certified_carers_per_10k_elders: 27.46
  certified_carers: 11960
  institution_beds: 19
  subsistence_allowance_standard: 1199.6元/月
  minimum_wage: 2489.96元/月
""", "--fail-on", "never")
    assert code == 0  # --fail-on never; the verdicts do not move
    assert {rid: r["status"] for rid, r in results.items()} == dict.fromkeys(results, "not_met")
    said = {rid: [f["message"]["en"] for f in borderline(r)] for rid, r in results.items()}
    assert said == {
        "share": ["borderline: 79.96% rounds to 80% at the published precision, which meets the target at least 80%; "
                  "the exact value does not"],
        "per10k": ["borderline: 27.46 per 10,000 elders rounds to 27.5 per 10,000 elders at the published precision, "
                   "which meets the target at least 27.5 per 10,000 elders; the exact value does not"],
        "count": ["borderline: 1.196 × 10,000 persons rounds to 1.2 × 10,000 persons at the published precision, "
                  "which meets the target at least 1.2 × 10,000 persons; the exact value does not"],
        "beds": [],  # 19 beds is 19 at whole beds
        "money": ["borderline: 1,199.6 yuan a month rounds to 1,200 yuan a month at the published precision, which "
                  "meets the target at least 1,200 yuan a month; the exact value does not"],
        "set": ["borderline: 2,489.96 yuan a month rounds to 2,490 yuan a month at the published precision, which "
                "meets the target at least 2,490 yuan a month; the exact value does not"],
    }
    assert borderline(results["share"])[0]["message"]["zh"].startswith("临界:按公布精度79.96%约为80%")
    assert code == 0 and precision_check(tmp_path, capsys, "  nursing_bed_share: 79.96%\n")[0] == 1


def test_a_value_short_of_the_target_even_when_rounded_is_not_borderline(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, results = precision_check(tmp_path, capsys, """\
  nursing_bed_share: 79.49%
  certified_carers_per_10k_elders: 27.44
  certified_carers: 11449
  subsistence_allowance_standard: 1199.4元/月
  minimum_wage: 2489.94元/月
""")
    assert code == 1
    assert {rid: borderline(r) for rid, r in results.items() if r["status"] == "not_met"} == {
        rid: [] for rid in ("share", "per10k", "count", "money", "set")}


# ------------------------------------------------------------------------------- every output format


def test_the_schemas_know_waivers_and_the_waived_status(tmp_path: Path, report: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    report.write_text(SHORT, encoding="utf-8")
    waivers = waivers_file(tmp_path)
    _, out, _ = run(capsys, "schema", "results")
    results = json.loads(out)
    assert "waived" in results["$defs"]["Result"]["properties"]["status"]["enum"]
    _, out, _ = run(capsys, "check", str(report), "--waivers", str(waivers), "--format", "json")
    [one] = json.loads(out)["reports"]
    jsonschema.validate(one, results)
    whole = json.loads(run(capsys, "schema", "result")[1])
    jsonschema.validate(json.loads(out), whole)
    assert json.loads(out)["summary"]["waived"] == 1
    _, out, _ = run(capsys, "schema", "waivers")
    as_an_editor_reads_it = json.loads(json.dumps(yaml.safe_load(waivers.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(as_an_editor_reads_it, json.loads(out))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"waivers": [{"rule": CARERS}]}, json.loads(out))



@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_shows_waived_and_borderline_results(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    report = tmp_path / "values.yaml"
    report.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues:\n  nursing_bed_share: 79.96%\n"
                      "  subsistence_allowance_standard: 1100元/月\n", encoding="utf-8")
    waivers = waivers_file(tmp_path, text=WAIVERS.replace(CARERS, "money"))
    book = ["-o", str(tmp_path / "results.xlsx")] if fmt == "xlsx" else []  # a workbook needs a file
    code, out, _ = run(capsys, "check", str(report), "--targets", str(tmp_path / "plan.yaml"), "--no-bundled",
                       "--waivers", str(waivers), "--format", fmt, "--lang", "en", *book)
    assert code == 1  # the borderline share stays not met
    if book:  # every cell's text, as the workbook shows it
        import openpyxl
        wb = openpyxl.load_workbook(book[1])
        out = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    percent = "%25" if fmt == "github" else "%"  # a workflow command escapes it
    assert f"borderline: 79.96{percent} rounds to 80{percent} at the published precision" in out
    assert "certification exam was postponed" in out
    assert "waived" in out
    if fmt in ("text", "markdown", "junit", "github"):
        assert "1 not met" in out and "1 waived" in out  # the summary counts them apart
