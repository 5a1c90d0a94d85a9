"""``mzcheck template``: a report to fill in that ``mzcheck check`` reads with no other step."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from mzcheck.cli import main
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.render.template import VALUE_COLUMN, build_template, render_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "targets"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check_json(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict[str, dict[str, object]]:
    code, out, err = run(capsys, "check", str(path), "--format", "json", *extra)
    assert code in (0, 1), err
    (data,) = json.loads(out)["reports"]
    return {r["rule_id"]: r for r in data["results"]}


def fill_xlsx(path: Path, values: dict[tuple[str, str], object]) -> None:
    """Type values into the template's value column, keyed by (section, indicator)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    col = {name: head.index(h) + 1 for name, h in (("section", "类别 / section"), ("indicator", "指标 / indicator"),
                                                   ("child", "下级地区 / child"))}
    for row in range(2, ws.max_row + 1):
        key = (str(ws.cell(row, col["section"]).value or ""), str(ws.cell(row, col["indicator"]).value))
        child = ws.cell(row, col["child"]).value
        if child:
            key = (f"child:{child}", key[1])
        if key in values:
            ws.cell(row, VALUE_COLUMN).value = values[key]
    wb.save(path)


def test_xlsx_template_filled_in_gives_real_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hangzhou.xlsx"
    code, _, err = run(capsys, "template", "-j", "杭州市", "-y", "2025", "--format", "xlsx", "-o", str(path))
    assert code == 0, err
    fill_xlsx(path, {("", "certified_carers"): 5310, ("", "elderly_population"): 1905000,
                     ("", "marriage_registry_5a_share"): 0.7,  # typed as 70% in the percent-formatted cell
                     ("新增", "dementia_care_beds"): 800,
                     ("", "care_and_development_monitored_persons"): 1100, ("2024", "care_and_development_monitored_persons"): 1000})
    results = check_json(capsys, path)
    carers = results["hangzhou-2025-certified-carers-per-10k"]
    assert carers["status"] == "not_met"
    assert carers["shortfall"][0]["indicator"] == "certified_carers" and carers["shortfall"][0]["value"] == 24
    assert results["hangzhou-2025-5a-marriage-registry-coverage"]["gap"] == {"value": -30, "unit": "percent"}
    assert results["hangzhou-2025-new-dementia-care-beds"]["status"] == "met"
    assert results["hangzhou-2025-care-development-monitored-growth"]["status"] == "met"  # 1100 vs 1000: +10%
    assert results["hangzhou-2025-service-relief-pilots"]["status"] == "missing"  # left empty: not reported


def test_xlsx_template_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.xlsx"
    assert run(capsys, "template", "-j", "杭州市", "-y", "2025", "--format", "xlsx", "-o", str(path))[0] == 0
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["地区 / jurisdiction", "年度 / period", "对照年度 / target_year", "类别 / section",
                        "下级地区 / child", "指标 / indicator"]
    assert ws.freeze_panes == "A2"
    assert ws.protection.sheet
    value_letter = openpyxl.utils.get_column_letter(VALUE_COLUMN)
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "decimal" and value_letter + "2" in str(dv.sqref)
    target_col = head.index("目标(仅供参考)/ target (hint)") + 1
    assert ws.cell(2, target_col).protection.locked  # a hint cannot be typed over
    assert not ws.cell(2, VALUE_COLUMN).protection.locked
    assert ws.column_dimensions["F"].width >= 30
    rows = {ws.cell(r, 6).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 6).value}
    carers_hint = ws.cell(rows["certified_carers_per_10k_elders"], target_col).value
    assert "不低于28人/万名老年人" in carers_hint and "at least 28" in carers_hint
    assert ws.cell(rows["marriage_registry_5a_share"], VALUE_COLUMN).number_format.endswith("%")


def test_template_lists_every_indicator_the_rules_need(rules: RuleSet) -> None:
    template = build_template(rules, "绍兴市", 2025)
    entries = {(e.section, e.child, e.indicator.id) for e in template.entries}
    # the each-child rule: one entry per child unit, with the components of the ratio
    assert ("", "嵊州市", "certified_carers_per_10k_elders") in entries
    assert ("", "嵊州市", "certified_carers") in entries and ("", "嵊州市", "elderly_population") in entries
    shengzhou = {(e.section, e.indicator.id) for e in build_template(rules, "嵊州市", 2025).entries}
    # the relative rule compares with last year's urban consumption: a history entry for 2024
    assert ("", "poverty_support_standard") in shengzhou and ("2024", "urban_consumption_per_capita") in shengzhou
    hangzhou = build_template(rules, "杭州市", 2025)
    needed = {r.indicator.id for r in rules.select("杭州市", 2025)}
    assert needed <= {e.indicator.id for e in hangzhou.entries}
    assert {(e.section, e.indicator.id) for e in hangzhou.entries} >= {("added", "dementia_care_beds"),
                                                                       ("2024", "monitored_people")}


def test_yaml_template_filled_in_gives_real_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "template", "-j", "杭州市", "-y", "2025", "--targets", str(FIXTURES), "--no-bundled")
    assert code == 0
    assert "# 每万名老年人拥有持证护理员数 / certified carers per 10,000 elders [人/万名老年人]" in text
    assert "不低于28人/万名老年人" in text
    filled = {"certified_carers": "5310", "elderly_population": "190.5万人", "dementia_care_beds": "800",
              "monitored_people": "100", "assistance_funds": "2900万元"}
    lines = []
    for line in text.splitlines():
        m = re.match(r"^(\s+)(\w+):$", line)
        if m and m.group(2) in filled:
            line = f"{line} {filled[m.group(2)]}"
        elif m and not m.group(2).isdigit():
            continue  # a value this bureau cannot give: deleted, as the template says
        lines.append(line)
    path = tmp_path / "hangzhou.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = check_json(capsys, path, "--targets", str(FIXTURES), "--no-bundled")
    assert results["t-carers"]["status"] == "not_met"
    assert results["t-carers"]["shortfall"][0]["value"] == 24
    assert results["t-funds"]["status"] == "met"  # 2900万元 = 0.29亿元, exactly at the threshold
    assert results["t-new-dementia-beds"]["status"] == "met"
    assert results["t-dementia"]["status"] == "not_met"  # 800 / 190.5万 × 10⁴ = 4.2 < 20


def test_yaml_template_goes_to_stdout_and_is_valid_yaml(rules: RuleSet) -> None:
    import yaml

    data = yaml.safe_load(render_yaml(build_template(rules, "绍兴市", 2025)))
    assert data["jurisdiction"] == "绍兴市" and data["period"] == 2025
    assert set(data["children"]["嵊州市"]) == {"certified_carers_per_10k_elders", "certified_carers",
                                               "elderly_population"}


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.yaml"
    path.write_text("my own report\n", encoding="utf-8")
    code, _, err = run(capsys, "template", "-j", "杭州市", "-y", "2025", "-o", str(path))
    assert code == 2 and "not overwriting" in err and "--force" in err
    assert path.read_text(encoding="utf-8") == "my own report\n"
    assert run(capsys, "template", "-j", "杭州市", "-y", "2025", "-o", str(path), "--force")[0] == 0
    assert path.read_text(encoding="utf-8").startswith("# mzcheck 填报模板")


def test_template_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "template", "-j", "西湖市", "-y", "2025")
    assert code == 2 and "unknown jurisdiction '西湖市'" in err
    code, _, err = run(capsys, "template", "-j", "杭州市", "-y", "2031")
    assert code == 2 and "no target of 杭州市 is due in 2031" in err and "2025" in err
    code, _, err = run(capsys, "template", "-j", "杭州市", "-y", "2025", "--format", "xlsx")
    assert code == 2 and "--output" in err
    code, _, err = run(capsys, "template", "-j", "杭州市", "-y", "2025", "--format", "xlsx", "-o", str(tmp_path / "t.xls"))
    assert code == 2 and ".xlsx" in err


def test_bundled_templates_filled_in_give_a_verdict_for_every_rule(tmp_path: Path) -> None:
    """Each bundled plan's template, every value filled in, leaves no rule missing or invalid."""
    from mzcheck.engine.evaluate import evaluate
    from mzcheck.read.formats import load_report
    from mzcheck.render.template import write_xlsx

    bundled = load_targets()
    plans = 0
    for place in bundled.jurisdictions.values():
        for year in sorted({r.rule.due.year for r in bundled.select(place.code) if r.jurisdiction.code == place.code}):
            template = build_template(bundled, place.name, year)
            path = tmp_path / f"{place.code}-{year}.xlsx"
            write_xlsx(template, path)
            wb = openpyxl.load_workbook(path)
            ws = wb.worksheets[0]
            for row in range(2, len(template.entries) + 2):
                percent = ws.cell(row, VALUE_COLUMN).number_format.endswith("%")
                ws.cell(row, VALUE_COLUMN).value = 0.5 if percent else 2
            wb.save(path)
            [report] = load_report(path, bundled)
            results = evaluate(bundled, report).results
            placeholders = {r for e in template.entries if e.per_child and not e.child for r in e.rule_ids}
            undecided = {r.rule_id: r.status for r in results
                         if r.status in ("missing", "invalid") and r.rule_id not in placeholders}
            assert undecided == {}, f"{place.name} {year}"
            plans += 1
    assert plans >= 5


# ----------------------------------------------------------------- JSON Schema for editors (mzcheck schema)


def _validator(schema: dict[str, object]) -> object:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _as_editor_sees(path: Path) -> object:
    """The file as a YAML language server hands it to the schema: plain YAML, dates as text."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return json.loads(json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=Loader), default=str))


def test_report_schema_accepts_the_examples_and_the_template(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    code, out, _ = run(capsys, "schema", "report")
    assert code == 0
    schema = json.loads(out)
    validator = _validator(schema)
    examples = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
    for path in examples:
        assert list(validator.iter_errors(_as_editor_sees(path))) == [], path.name  # type: ignore[attr-defined]
    # the catalog's indicators are offered with their names and unit
    carers = schema["$defs"]["ValueMap"]["properties"]["certified_carers_per_10k_elders"]
    assert carers["description"] == "每万名老年人拥有持证护理员数 / certified carers per 10,000 elders [人/万名老年人]"
    bad = tmp_path / "bad.yaml"
    bad.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalue:\n  certified_carers: 5310\n", encoding="utf-8")
    errors = list(validator.iter_errors(_as_editor_sees(bad)))  # type: ignore[attr-defined]
    assert errors and "'value' was unexpected" in errors[0].message
    bad.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues:\n  certified_carers: [5310]\n", encoding="utf-8")
    assert list(validator.iter_errors(_as_editor_sees(bad)))  # type: ignore[attr-defined]


def test_rules_schema_accepts_every_bundled_rule_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "schema", "rules")
    assert code == 0
    validator = _validator(json.loads(out))
    root = Path(__file__).resolve().parent.parent
    files = [*sorted((root / "targets" / "rules").glob("*.yaml")), FIXTURES / "rules" / "test-2025.yaml"]
    for path in files:
        assert list(validator.iter_errors(_as_editor_sees(path))) == [], path.name  # type: ignore[attr-defined]
    bad = tmp_path / "bad.yaml"
    bad.write_text((FIXTURES / "rules" / "test-2025.yaml").read_text(encoding="utf-8")
                   .replace("comparator: 达到", "comparator: 大约"), encoding="utf-8")
    errors = list(validator.iter_errors(_as_editor_sees(bad)))  # type: ignore[attr-defined]
    assert any("'大约' is not one of" in e.message for e in errors)


def test_pre_commit_hook_runs_check_on_report_files() -> None:
    import yaml

    root = Path(__file__).resolve().parent.parent
    [hook] = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mzcheck-check" and hook["entry"] == "mzcheck check" and hook["pass_filenames"]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def picked(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert all(picked(p) for p in ("reports/杭州市2025.xlsx", "r.csv", "examples/cixi-2024.yaml", "a/b.json"))
    assert not any(picked(p) for p in (".pre-commit-config.yaml", ".github/workflows/ci.yml", "notes.md", "r.xls"))
