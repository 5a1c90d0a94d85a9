"""CSV and Excel reports: the same results as YAML, errors that name the cell, Excel's own habits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mzcheck.cli import main
from mzcheck.core.errors import InputError
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult
from mzcheck.read.formats import load_report
from mzcheck.read.table import Cell, cell_number, header_name, load_table_reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
HEADER = ["地区", "年度", "对照年度", "类别", "指标", "数值", "单位"]
EXAMPLE_HEADER = ["地区", "年度", "对照年度", "截至日期", "类别", "指标", "数值", "单位"]


@pytest.fixture(scope="module")
def bundled() -> RuleSet:
    return load_targets()


def example_rows(path: Path) -> list[list[Any]]:
    """The rows a bureau would type for an example report: values, added (类别 新增), history (类别 = year)."""
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = [("values", doc.get("values")), ("新增", doc.get("added"))]
    sections += [(str(year), vals) for year, vals in (doc.get("history") or {}).items()]
    rows = []
    for word, values in sections:
        for key, value in (values or {}).items():
            rows.append([doc["jurisdiction"], doc["period"], doc.get("target_year", ""), str(doc.get("as_of", "")),
                         "" if word == "values" else word, key, str(value), ""])
    return rows


def comparable(check: CheckResult) -> dict[str, Any]:
    return check.verdicts()


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig", header: list[str] = HEADER) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] = HEADER, title: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


# ------------------------------------------------------------------------------ same as the YAML


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_table_gives_the_yaml_results(example: Path, kind: str, tmp_path: Path, bundled: RuleSet) -> None:
    rows = example_rows(example)
    table = (write_csv(tmp_path / "r.csv", rows, header=EXAMPLE_HEADER) if kind == "csv" else
             write_xlsx(tmp_path / "r.xlsx", rows, header=EXAMPLE_HEADER))
    [from_yaml] = load_report(example, bundled)
    [from_table] = load_report(table, bundled)
    assert (from_yaml.layout, from_table.layout) == ("mapping", "table")
    expected = comparable(evaluate(bundled, from_yaml))
    # the same verdicts; what is missing is asked for in the table's own terms (test_missing_data_in_a_tables_terms)
    got = comparable(evaluate(bundled, from_table.model_copy(update={"layout": "mapping"})))
    assert got == expected
    assert any(r["actual"] is not None for r in expected["results"])  # the example really measures something


def test_numeric_xlsx_cells_give_the_yaml_results(tmp_path: Path, bundled: RuleSet) -> None:
    """Excel stores numbers as floats: 27.61, 0.78 in a percent cell and 1905000 must read as typed."""
    path = tmp_path / "cixi.xlsx"
    write_xlsx(path, [["慈溪市", 2024, 2025, None, "nursing_bed_share", 0.78, None],
                      ["慈溪市", 2024, 2025, None, "dementia_beds_per_10k_elders", 22.0, None],
                      ["慈溪市", 2024, 2025, "新增", "elderly_meal_service_points", 65, None]])
    wb = openpyxl.load_workbook(path)
    wb.active["F2"].number_format = "0%"
    wb.save(path)
    [report] = load_report(path, bundled)
    [yaml_report] = load_report(ROOT / "examples" / "cixi-2024.yaml", bundled)
    got = {r["rule_id"]: (r["status"], r["actual"], r["gap"]) for r in comparable(evaluate(bundled, report))["results"]}
    want = {r["rule_id"]: (r["status"], r["actual"], r["gap"])
            for r in comparable(evaluate(bundled, yaml_report))["results"]}
    for rule_id in ("cixi-2025-nursing-bed-share", "cixi-2025-new-meal-points-and-shared-restaurants"):
        assert got[rule_id] == want[rule_id]
    assert got["cixi-2025-nursing-bed-share"][0] == "not_met"


def test_cell_numbers_are_exact() -> None:
    def number(v: Any, fmt: str = "General", unit: str = "") -> Any:
        return cell_number(Cell(v, "r.xlsx", ref="Sheet1!F2", number_format=fmt), unit)

    assert number(0.1) == Decimal("0.1")  # not 0.1000000000000000055511151231257827
    assert number(27.61) == Decimal("27.61")
    assert number(1905000.0) == 1905000 and isinstance(number(1905000.0), int)
    assert number(0.785, "0.0%") == ("78.5%", "%")
    assert number(1, "0%") == ("100%", "%")
    assert number(0.78, "0%", unit="人") == Decimal("0.78")  # an explicit unit wins over the cell format
    assert number(dt.datetime(2024, 1, 2)) == "2024-01-02"  # Excel turned 1/2 into a date: shown as it is


def test_several_reports_in_one_file(tmp_path: Path, bundled: RuleSet) -> None:
    rows = [["杭州市", 2024, 2025, "", "certified_carers_per_10k_elders", "27.61", ""],
            ["", "", "", "", "", "", ""],
            ["慈溪市", 2024, 2025, "", "nursing_bed_share", "78%", ""],
            ["杭州市", 2025, "", "", "certified_carers_per_10k_elders", "28.2", ""]]
    reports = load_report(write_csv(tmp_path / "r.csv", rows), bundled)
    assert [(r.jurisdiction.name, r.period, r.target_year) for r in reports] == [
        ("杭州市", 2024, 2025), ("慈溪市", 2024, 2025), ("杭州市", 2025, 2025)]
    carers = [r.values["certified_carers_per_10k_elders"].raw for r in reports if r.jurisdiction.name == "杭州市"]
    assert carers == ["27.61", "28.2"]


def test_history_children_and_as_of_columns(tmp_path: Path, rules: RuleSet) -> None:
    header = ["jurisdiction", "period", "as_of", "section", "child", "indicator", "value", "unit"]
    rows = [["绍兴市", 2025, "2025-06-30", "", "嵊州市", "certified_carers_per_10k_elders", "24", ""],
            ["嵊州市", 2025, "", "", "", "poverty_support_standard", "1486", "元/月"],
            ["嵊州市", 2025, "", "2024", "", "urban_consumption_per_capita", "35000", "元/年"]]
    shaoxing, shengzhou = load_table_reports(write_csv(tmp_path / "r.csv", rows, header=header), rules)
    assert shaoxing.as_of == dt.date(2025, 6, 30)
    assert shaoxing.children["嵊州市"]["certified_carers_per_10k_elders"].raw == "24"
    assert shengzhou.history[2024]["urban_consumption_per_capita"].quantity is not None
    result = next(r for r in evaluate(rules, shengzhou).results if r.rule_id == "t-shengzhou-poverty")
    assert result.status == "met"  # 1486 × 12 = 17832 ≥ 50% of 35000


# ---------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "gbk"])
def test_excel_csv_encodings(encoding: str, tmp_path: Path, bundled: RuleSet) -> None:
    rows = [["杭州市", 2024, 2025, "", "每万名老年人拥有持证护理员", "27.61", "人/万名老年人"]]
    [report] = load_report(write_csv(tmp_path / "r.csv", rows, encoding=encoding), bundled)
    assert report.jurisdiction.name == "杭州市"
    assert report.values["certified_carers_per_10k_elders"].quantity is not None


def test_gbk_file_that_fails_says_how_it_was_read(tmp_path: Path, bundled: RuleSet) -> None:
    path = write_csv(tmp_path / "r.csv", [["杭州市", 2024, "", "", "不存在的指标", "1", ""]], encoding="gbk")
    with pytest.raises(InputError) as err:
        load_report(path, bundled)
    text = str(err.value)
    assert "unknown indicator '不存在的指标'" in text and "GB18030" in text


def test_utf8_file_that_fails_does_not_mention_encoding(tmp_path: Path, bundled: RuleSet) -> None:
    path = write_csv(tmp_path / "r.csv", [["杭州市", 2024, "", "", "不存在的指标", "1", ""]])
    with pytest.raises(InputError) as err:
        load_report(path, bundled)
    assert "GB18030" not in str(err.value)


def test_undecodable_csv_says_which_encoding_to_use(tmp_path: Path, bundled: RuleSet) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("地区,年度,指标,数值\n".encode() + b"\xff\xfe\xff,2024,x,1\n")
    with pytest.raises(InputError) as err:
        load_report(path, bundled)
    text = str(err.value)
    assert "UTF-8" in text and "CSV UTF-8" in text and f"{path}:2" in text


# ------------------------------------------------------------------------------ errors name cells


def test_csv_errors_name_line_and_column(tmp_path: Path, bundled: RuleSet) -> None:
    rows = [["杭州市", 2024, 2025, "", "certified_carers_per_10k_elders", "27.61", ""],
            ["杭州", "二〇二四", 2025, "", "elderly_population", "190.5万人", ""],
            ["西湖市", 2024, 2025, "", "certified_carers", "5310", ""],
            ["杭州市", 2024, 2025, "", "持证护理员人数xx", "5310", ""],
            ["杭州市", 2024, 2025, "", "certified_carers_per_10k_elders", "27.7", ""]]
    path = write_csv(tmp_path / "report.csv", rows)
    with pytest.raises(InputError) as err:
        load_report(path, bundled)
    text = str(err.value)
    assert f"{path}:3: R302 period: '二〇二四' is not a year" in text
    assert f"{path}:4: C201 jurisdiction: unknown jurisdiction '西湖市'" in text
    assert f"{path}:5: R401 indicator: unknown indicator '持证护理员人数xx'" in text
    assert f"{path}:6: R402 indicator:" in text and f"first at {path}:2" in text


def test_not_a_number_is_an_invalid_result_naming_the_cell(tmp_path: Path, bundled: RuleSet) -> None:
    rows = [["杭州市", 2024, 2025, "", "certified_carers_per_10k_elders", "七十", ""]]
    csv_path = write_csv(tmp_path / "report.csv", rows)
    xlsx_path = write_xlsx(tmp_path / "report.xlsx", rows)
    for path, where in ((csv_path, f"{csv_path}:2"), (xlsx_path, f"{xlsx_path}!Sheet1!F2")):
        [report] = load_report(path, bundled)
        reported = report.values["certified_carers_per_10k_elders"]
        assert reported.error is not None and reported.error.code is not None
        assert reported.cell == ("Sheet1!F2" if path == xlsx_path else None)
        result = next(r for r in evaluate(bundled, report).results
                      if r.rule_id == "hangzhou-2025-certified-carers-per-10k")
        assert result.status == "invalid"
        assert f"'七十' is not a number with a unit ({where})" in result.message.en
        assert f"({where})" in result.message.zh


def test_xlsx_errors_name_the_cell(tmp_path: Path, bundled: RuleSet) -> None:
    rows = [["杭州市", 2024, 2025, "", "certified_carers_per_10k_elders", 27.61, ""],
            ["杭州市", 2024, 2025, "明年", "elderly_population", 1905000, ""]]
    path = write_xlsx(tmp_path / "report.xlsx", rows, title="数据 表")
    with pytest.raises(InputError) as err:
        load_report(path, bundled)
    assert f"{path}!'数据 表'!D3: T303 section '明年' is not values, added or a year" in str(err.value)
    assert err.value.problems[0].cell == "'数据 表'!D3" and err.value.problems[0].file == str(path)


def test_missing_and_misspelt_columns(tmp_path: Path, bundled: RuleSet) -> None:
    path = write_csv(tmp_path / "r.csv", [["杭州市", "x", "1"]], header=["地区", "指标", "数值"])
    with pytest.raises(InputError, match=r"missing column\(s\) period"):
        load_report(path, bundled)
    path = write_csv(tmp_path / "r.csv", [["杭州市", 2024, "x", "1", "人"]],
                     header=["地区", "年度", "指标", "数值", "units"])
    with pytest.raises(InputError, match=r"T103 unknown column 'units'.*\n.*did you mean unit\?"):
        load_report(path, bundled)
    path = write_csv(tmp_path / "r.csv", [["a", "b"]], header=["名称", "金额"])
    with pytest.raises(InputError, match="no header row"):
        load_report(path, bundled)


def test_title_rows_merged_cells_and_ignored_columns(tmp_path: Path, bundled: RuleSet) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["杭州市2024年民政指标(对照2025年目标)"])
    ws.merge_cells("A1:F1")
    ws.append(["地区 / jurisdiction", "年度", "对照年度", "指标", "数值(必填)", "备注"])
    ws.append(["杭州市", 2024, 2025, "certified_carers", 5310, "持证护理员"])
    ws.append([None, 2024, 2025, "elderly_population", "190.5万人", "老年人口"])
    ws.append([None, 2024, 2025, "marriage_registries", 13, None])
    ws.merge_cells("A3:A5")  # one jurisdiction cell for the three rows, as bureaus lay it out
    ws.append([])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    [report] = load_report(path, bundled)
    assert set(report.values) == {"certified_carers", "elderly_population", "marriage_registries"}
    result = next(r for r in evaluate(bundled, report).results if r.rule_id == "hangzhou-2025-certified-carers-per-10k")
    assert result.status == "not_met" and result.shortfall[0].value == 24


def _with_cached_value(path: Path, cell: str, cached: str) -> None:
    """Store a formula's result in the sheet XML, as Excel does on save (openpyxl cannot)."""
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?', rf"\1<v>{cached}</v>", sheet)
    items["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in items.items():
            z.writestr(n, data)


def test_formula_cells_use_their_saved_result(tmp_path: Path, bundled: RuleSet) -> None:
    rows = [["杭州市", 2024, 2025, "", "certified_carers", "=5000+310", ""],
            ["杭州市", 2024, 2025, "", "elderly_population", 1905000, ""]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    with pytest.raises(InputError) as err:
        load_report(path, bundled)
    assert f"{path}!Sheet1!F2: T301 the formula =5000+310 has no saved result" in str(err.value)
    _with_cached_value(path, "F2", "5310")
    [report] = load_report(path, bundled)
    carers = report.values["certified_carers"].quantity
    assert carers is not None and carers.magnitude == 5310


def test_not_an_xlsx(tmp_path: Path, bundled: RuleSet) -> None:
    path = tmp_path / "r.xlsx"
    path.write_text("地区,年度\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"not an \.xlsx workbook[\s\S]*\.xls"):
        load_report(path, bundled)


def test_an_empty_table_is_an_error(tmp_path: Path, bundled: RuleSet) -> None:
    path = write_csv(tmp_path / "r.csv", [["杭州市", 2024, 2025, "", "certified_carers", "", ""]])
    with pytest.raises(InputError, match="no reported value"):
        load_report(path, bundled)


def test_bilingual_headers() -> None:
    assert header_name("数值 / value") == "value"
    assert header_name("Value") == "value"
    assert header_name("数值(必填)") == "value"
    assert header_name("中文名称 / name (zh)") is None


# ----------------------------------------------------------------------------------------- CLI


def test_cli_checks_csv_and_reports_bad_tables_without_traceback(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    good = write_csv(tmp_path / "good.csv", example_rows(ROOT / "examples" / "hangzhou-2024.yaml"),
                     header=EXAMPLE_HEADER)
    assert main(["check", str(good), "--format", "json"]) == 1  # 27.61 < 28: not met
    assert '"status": "not_met"' in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", [["杭州市", "今年", "", "", "certified_carers", "1", ""]])
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: R302 period: '今年' is not a year" in err and "Traceback" not in err


@pytest.mark.parametrize(("column", "first", "second", "zh"), [
    ("as_of", "2025-06-30", "2025-09-30", "截至日期"), ("target_year", "2025", "2026", "对照年度")])
def test_a_per_report_column_must_agree_within_the_report(tmp_path: Path, column: str, first: str, second: str,
                                                          zh: str) -> None:
    from mzcheck.load.rules import load_targets
    from mzcheck.read.table import load_table_reports

    path = tmp_path / "r.csv"
    path.write_text(f"jurisdiction,period,indicator,value,unit,{column}\n"
                    f"杭州市,2025,certified_carers,5000,人,{first}\n"
                    f"杭州市,2025,elderly_population,190万,人,{second}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_table_reports(path, load_targets(Path(__file__).parent / "fixtures" / "targets", bundled=False))
    text = str(info.value)
    assert "r.csv:3" in text
    assert f"differs from {first}" in text and f"同一报表的{zh}不一致" in text


# ------------------------------------------------------------------------------ Excel as bureaus keep it

HANGZHOU_LONG = [["杭州市", "2024", "2025", "每万名老年人拥有持证护理员", "27.61", "人/万名老年人"],
                 ["杭州市", "2024", "2025", "老年人口数", "190.5", "万人"]]  # the rows a wide table's cells stand for
WIDE_HEADER = ["地区代码", "地区", "统计年度", "对照年度", "每万名老年人拥有持证护理员(人/万名老年人)", "老年人口数(万人)", "备注"]


def verdicts(reports: list[Any], rules: RuleSet) -> list[dict[str, Any]]:
    return [evaluate(rules, r).verdicts() for r in reports]


def long_verdicts(tmp_path: Path, rules: RuleSet) -> list[dict[str, Any]]:
    long = write_csv(tmp_path / "long.csv", HANGZHOU_LONG, header=["地区", "年度", "对照年度", "指标", "数值", "单位"])
    return verdicts(load_report(long, rules), rules)


def bureau_workbook(path: Path, header: list[str], rows: list[list[Any]], *, english: list[str] | None = None) -> Path:
    """A workbook as a bureau sends it: a cover sheet first, a title row above the header, an English header
    row under the Chinese one."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = "2024年民政事业统计报表"
    cover["A3"] = "填报单位:杭州市民政局"
    data = wb.create_sheet("数据")
    data.append(["2024年养老服务主要指标"])
    data.append(header)
    if english:
        data.append(english)
    for row in rows:
        data.append(row)
    wb.save(path)
    return path


def test_a_wide_workbook_behind_a_cover_sheet_gives_the_yaml_results(tmp_path: Path, bundled: RuleSet) -> None:
    path = bureau_workbook(tmp_path / "wide.xlsx", WIDE_HEADER,
                           [[330100, "杭州市", 2024, 2025, 27.61, 190.5, ""], [330282, "慈溪市", 2024, 2025, None, 33, "无"]],
                           english=["code", "jurisdiction", "period", "target_year", "certified_carers_per_10k_elders",
                                    "elderly_population", "note"])
    reports = load_report(path, bundled)
    assert [r.jurisdiction.name for r in reports] == ["杭州市", "慈溪市"]
    assert verdicts(reports[:1], bundled) == long_verdicts(tmp_path, bundled)
    assert reports[0].values["elderly_population"].line == 4  # the value's own cell, below both header rows
    assert reports[0].values["elderly_population"].cell == "数据!F4"


def test_the_wide_layout_in_csv(tmp_path: Path, bundled: RuleSet) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("地区,年度,对照年度,每万名老年人拥有持证护理员(人/万名老年人),老年人口数(万人)\n杭州市,2024,2025,27.61,190.5\n",
                    encoding="utf-8")
    assert verdicts(load_report(path, bundled), bundled) == long_verdicts(tmp_path, bundled)


def test_a_wide_column_close_to_an_indicator_is_refused(tmp_path: Path, bundled: RuleSet) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("地区,年度,持证养老护理员数,老年人口总数(万人)\n杭州市,2025,5310,190.5\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_report(path, bundled)
    assert [p.code for p in caught.value.problems] == ["T802"]
    assert str(caught.value).startswith(f"{path}:1: T802 column '老年人口总数(万人)' is not an indicator")


@pytest.mark.parametrize("sheet", ["数据", "2"])
def test_sheet_names_the_sheet_to_read(tmp_path: Path, bundled: RuleSet, capsys: pytest.CaptureFixture[str],
                                       sheet: str) -> None:
    path = bureau_workbook(tmp_path / "long.xlsx", EXAMPLE_HEADER, [["杭州市", 2024, 2025, "", "", "certified_carers", 5310, "人"]])
    assert main(["check", str(path), "--sheet", sheet, "--format", "json"]) in (0, 1)
    assert [r["report"]["jurisdiction"] for r in json.loads(capsys.readouterr().out)["reports"]] == ["杭州市"]
    assert main(["check", str(path), "--sheet", "封面"]) == 2
    assert f"{path}: T101 no header row" in capsys.readouterr().err
    assert main(["check", str(path), "--sheet", "3"]) == 2
    assert f"{path}: F803 no sheet '3' (the 2 sheets: 封面、数据)" in capsys.readouterr().err


def test_a_workbook_without_a_header_anywhere(tmp_path: Path, bundled: RuleSet) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.create_sheet("说明")["A1"] = "填表说明"
    wb.save(tmp_path / "none.xlsx")
    with pytest.raises(InputError, match=r"T803 none of the workbook's 2 sheets \(封面、说明\) has a header row"):
        load_report(tmp_path / "none.xlsx", bundled)


def test_more_header_spellings(tmp_path: Path, bundled: RuleSet) -> None:
    path = write_csv(tmp_path / "r.csv", [["330100", *row[1:]] for row in HANGZHOU_LONG],
                     header=["行政区划代码", "统计年度", "目标年度", "指标名称", "本年实际", "计量单位"])
    assert verdicts(load_report(path, bundled), bundled) == long_verdicts(tmp_path, bundled)
    assert {header_name(h) for h in ("地区代码", "实际值", "统计年度", "计量单位")} == {"jurisdiction", "value", "period", "unit"}


@pytest.mark.parametrize(("suffix", "kind"), [(".et", "WPS Spreadsheets (.et)"), (".numbers", "Apple Numbers (.numbers)"),
                                              (".ods", "OpenDocument (.ods)")])
def test_other_spreadsheet_programs_files_say_to_save_as_xlsx(tmp_path: Path, bundled: RuleSet, suffix: str,
                                                              kind: str) -> None:
    path = tmp_path / f"report{suffix}"
    path.write_bytes(b"PK\x03\x04 not read")
    with pytest.raises(InputError) as caught:
        load_report(path, bundled)
    assert str(caught.value).startswith(f"{path}: F801 mzcheck does not read {kind} files")
    assert "save it as an Excel workbook (.xlsx)" in str(caught.value)


# written by xlwt: a cover sheet, then the data with a merged 地区 cell, date cells and a cell formatted 0%
XLS = ROOT / "tests" / "fixtures" / "workbooks" / "hangzhou-2025.xls"


def test_an_old_xls_workbook_is_read_with_xlrd(rules: RuleSet) -> None:
    pytest.importorskip("xlrd")
    (report,) = load_report(XLS, rules)
    assert report.as_of == dt.date(2025, 12, 31)  # an Excel date cell
    assert report.values["elderly_population"].cell == "数据!E3"
    assert report.values["certified_carers"].raw == "5310 人" and report.values["certified_carers"].error is None
    assert report.values["nursing_bed_share"].raw == "78%"  # shown as 78%, stored as 0.78
    assert report.values["nursing_bed_share"].cell == "数据!E4"  # its row's 地区 is the merged cell above


def test_an_old_xls_workbook_without_xlrd_says_what_to_do(rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "xlrd", None)  # as where the optional dependency is not installed
    with pytest.raises(InputError, match=r"F802 reading an old \.xls workbook needs xlrd"):
        load_report(XLS, rules)


def test_an_english_header_row_under_the_chinese_one_is_skipped_by_the_table_reader_and_the_stream(
        tmp_path: Path, bundled: RuleSet) -> None:
    from mzcheck.read import stream

    header = ["地区", "年度", "对照年度", "指标", "数值", "单位"]
    plain = write_csv(tmp_path / "one.csv", HANGZHOU_LONG, header=header)
    two = write_csv(tmp_path / "two.csv", [["jurisdiction", "period", "target_year", "indicator", "value", "unit"],
                                           *HANGZHOU_LONG], header=header)
    assert verdicts(load_report(two, bundled), bundled) == verdicts(load_report(plain, bundled), bundled)
    five = write_csv(tmp_path / "five.csv", [["jurisdiction", "period", "indicator", "value", "unit"],
                                             *([r[0], r[1], r[3], r[4], r[5]] for r in HANGZHOU_LONG)],
                     header=["地区", "年度", "指标", "数值", "单位"])
    streamed = stream.stream_csv_reports(five, bundled, progress=False, keep_all=True)
    assert streamed is not None
    assert [r.values.keys() for r in streamed] == [r.values.keys() for r in load_report(five, bundled)]
