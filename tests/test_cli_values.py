"""Values as bureaus and programs write them, through the command line (docs/design/0019-values-as-written.md).

Each case of issue 13's "Why" that concerns how a value is written: dates and years in every format, a
share written as a bare fraction, money per person and per period, yes/no words, full-width punctuation
in hand-written YAML, and missing-data hints in a table's own terms. The bundled targets are used where
the case is about a real plan's rule (杭州市 2025, 嵊州市 2024).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mzcheck.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "targets"
OWN = ["--targets", str(FIXTURES), "--no-bundled"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def results(out: str) -> dict[str, dict[str, Any]]:
    """The results of the one report ``--format json`` printed, by rule id."""
    data = json.loads(out)
    report = data["reports"][0] if isinstance(data, dict) and "reports" in data else data
    report = report[0] if isinstance(report, list) else report
    return {r["rule_id"]: r for r in report["results"]}


def as_of_of(out: str) -> str:
    data = json.loads(out)
    report = data["reports"][0] if isinstance(data, dict) and "reports" in data else data
    report = report[0] if isinstance(report, list) else report
    return str(report["report"]["as_of"])


def xlsx(path: Path, header: list[str], rows: list[list[Any]], formats: dict[str, str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    wb.save(path)
    return path


# ------------------------------------------------------------------------------ dates and years


CARERS = {"certified_carers": 5000, "elderly_population": "190.5万人"}


@pytest.mark.parametrize("as_of", ["2025-06-30", "2025/06/30", "2025/6/30", "2025.6.30", "2025年6月30日"])
def test_a_json_report_with_a_date_gets_mid_year_verdicts(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          as_of: str) -> None:
    """JSON can only write a date as text: every spelling of the day is that day, and the rule due at the end of
    the year is judged as progress, not as a final verdict."""
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"jurisdiction": "杭州市", "period": 2025, "as_of": as_of, "values": CARERS},
                               ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), *OWN, "--format", "json")
    assert err == "" and code in (0, 1)
    assert as_of_of(out) == "2025-06-30"
    assert results(out)["t-carers"]["status"] in ("on_track", "behind", "not_due")


@pytest.mark.parametrize("line", ["as_of: 2025-06-30", "as_of: '2025-06-30'", 'as_of: "2025年6月30日"',
                                  "as_of: 2025.6.30", "as_of: 2025/6/30"])
@pytest.mark.parametrize("period", ["2025", "'2025'", "2025年", "2025.0"])
def test_yaml_dates_quoted_or_not_and_years_in_every_spelling(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                              line: str, period: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(f"jurisdiction: 杭州市\nperiod: {period}\n{line}\nvalues:\n  certified_carers: 5000\n"
                    "  elderly_population: 190.5万人\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), *OWN, "--format", "json")
    assert err == "" and code in (0, 1) and as_of_of(out) == "2025-06-30"


def test_csv_and_excel_dates_and_years(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A CSV's date text and an Excel date cell (a real date, as Excel stores it), years as 2025年 and 2025.0."""
    header = ["地区", "年度", "截至日期", "指标", "数值"]
    csv_path = tmp_path / "r.csv"
    csv_path.write_text(",".join(header) + "\n杭州市,2025年,2025年6月30日,certified_carers,5000\n"
                        "杭州市,2025年,2025年6月30日,elderly_population,190.5万人\n", encoding="utf-8")
    book = xlsx(tmp_path / "r.xlsx", header, [["杭州市", 2025.0, dt.datetime(2025, 6, 30), "certified_carers", 5000],
                                               ["杭州市", 2025.0, dt.datetime(2025, 6, 30), "elderly_population",
                                                "190.5万人"]], {"C2": "yyyy-mm-dd", "C3": "yyyy-mm-dd"})
    for path in (csv_path, book):
        code, out, err = run(capsys, "check", str(path), *OWN, "--format", "json")
        assert err == "" and code in (0, 1) and as_of_of(out) == "2025-06-30", path.name


def test_a_date_that_is_no_day_is_refused_alike_in_json_and_csv(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"jurisdiction": "杭州市", "period": 2025, "as_of": "2025年6月31日", "values": {}}', encoding="utf-8")
    code, _, err = run(capsys, "check", str(path), *OWN)
    assert code == 2 and "R304" in err and "r.json:1" in err
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("地区,年度,截至日期,指标,数值\n杭州市,2025,2025年6月31日,certified_carers,5000\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(csv_path), *OWN)
    assert code == 2 and "R304" in err and "r.csv:2" in err


# ------------------------------------------------------------------------------ shares


def test_a_bare_share_is_read_as_a_fraction_and_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """low_income_monitored_share: 0.9 against ≥ 5% is 90%, as documented, and the result says how it was read;
    its own completion (1,800%) is shown, the overall rate counts it as 100%."""
    path = tmp_path / "r.yaml"
    path.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues:\n  low_income_monitored_share: 0.9\n"
                    "  每万名老年人拥有持证护理员数: 14\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(path), "--format", "json")
    share = results(out)["hangzhou-2025-low-income-monitored-share"]
    assert share["status"] == "met" and share["completion"]["value"] == 1800
    [note] = share["findings"]
    assert note["code"] == "N701"
    assert note["message"]["en"].endswith("written 0.9 without %: read as the fraction 90%; write 0.9% if you meant "
                                          "0.9 percent")
    summary = json.loads(out)
    summary = (summary["summary"] if "reports" not in summary else summary["reports"][0]["summary"])
    assert summary["completion"]["mean"] == 75  # (100% + 50%) / 2, not (1,800% + 50%) / 2
    _, out, _ = run(capsys, "check", str(path), "--lang", "zh")
    assert "注意: 动态监测人数占户籍人口比例填报为0.9(不带%),按比例读作90%;若指0.9%,请写作0.9%" in out
    assert "完成率 1,800%" in out and "总体完成率 75%" in out


def test_written_with_percent_there_is_no_note(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues: {low_income_monitored_share: 0.9%}\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    share = results(out)["hangzhou-2025-low-income-monitored-share"]
    assert code == 1 and share["status"] == "not_met" and share["findings"] == []


@pytest.mark.parametrize(("number_format", "status", "actual"), [("0%", "met", 90), ("0.0%", "met", 90),
                                                                  ('0.00"%"', "not_met", 0.9), ("0.00\\%", "not_met", 0.9),
                                                                  ("General", "met", 90)])
def test_an_excel_cells_number_format_decides_what_a_share_is(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                              number_format: str, status: str, actual: float) -> None:
    """0.9 in a cell formatted 0% shows 90%; formatted 0.00"%" it shows 0.90%: each is read as it shows."""
    book = xlsx(tmp_path / "r.xlsx", ["地区", "年度", "指标", "数值"],
                [["杭州市", 2025, "low_income_monitored_share", 0.9]], {"D2": number_format})
    code, out, err = run(capsys, "check", str(book), "--format", "json")
    assert err == "" and code == (0 if status == "met" else 1)
    share = results(out)["hangzhou-2025-low-income-monitored-share"]
    assert (share["status"], share["actual"]["value"]) == (status, actual)
    assert [f["code"] for f in share["findings"]] == (["N701"] if number_format == "General" else [])


# ------------------------------------------------------------------------------ money


SHENGZHOU = """\
jurisdiction: 嵊州市
period: 2024
values:
  特困人员基本生活供养标准: {standard}
  最低生活保障标准: 1350元/人·月
  低保边缘收入认定标准: 每人每月2700元
  最低工资标准: 2490元/人/月
history:
  2023:
    城镇居民人均消费性支出: {consumption}
"""


@pytest.mark.parametrize(("standard", "consumption", "notes"), [
    ("1350元/人·月", "54000元/人·年", 0), ("每人每月1350元", "每人每年54000元", 0), ("1350元/月", "5.4万元/年", 0),
    ("1350元", "5.4万元", 2)])
def test_money_as_civil_affairs_statistics_write_it(capsys: pytest.CaptureFixture[str], tmp_path: Path, standard: str,
                                                    consumption: str, notes: int) -> None:
    """The 嵊州市 standards: 1,350 a month is 30% of 54,000 a year, however the two are written; a bare 元 is
    read in the indicator's own period, with a note saying so."""
    path = tmp_path / "r.yaml"
    path.write_text(SHENGZHOU.format(standard=standard, consumption=consumption), encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), "--format", "json")
    assert code == 1  # the standard is 30% of consumption, the rule asks 50%
    got = results(out)
    vs_consumption = got["shengzhou-2024-extreme-poverty-standard-vs-consumption"]
    assert err == "" and vs_consumption["actual"] == {"value": 30, "unit": "percent"}
    assert [f["code"] for f in vs_consumption["findings"]] == ["N702"] * notes
    assert got["shengzhou-2024-low-income-margin-vs-subsistence"]["status"] == "met"
    if notes:
        _, out, _ = run(capsys, "check", str(path), "--lang", "zh")
        assert "特困人员基本生活供养标准填报为1350元(未写周期),按指标的周期读作1350元/月" in out
        assert "城镇居民人均消费性支出填报为5.4万元(未写周期),按指标的周期读作5.4万元/年" in out


def test_a_wrong_unit_names_the_indicator_whose_value_it_is(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The reference's value is wrong: the message names it (最低生活保障标准), not only the rule's indicator."""
    path = tmp_path / "r.yaml"
    path.write_text(SHENGZHOU.format(standard="1350元", consumption="5.4万元").replace("1350元/人·月", "1350张"),
                    encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    invalid = results(out)["shengzhou-2024-low-income-margin-vs-subsistence"]
    assert code == 1 and invalid["status"] == "invalid"
    assert "最低生活保障标准的单位“张”(床位)与指标单位“元/月”(金额/时间)量纲不同" in invalid["message"]["zh"]
    assert "does not fit subsistence allowance (dibao) standard" in invalid["message"]["en"]


# ------------------------------------------------------------------------------ yes and no


@pytest.mark.parametrize(("word", "status"), [("是", "met"), ("已完成", "met"), ("完成", "met"), ("✓", "met"),
                                              ("yes", "met"), ("Yes", "met"), ("1", "met"), ("否", "not_met"),
                                              ("未完成", "not_met"), ("✗", "not_met"), ("no", "not_met")])
def test_yes_no_indicators_take_yes_and_no_words(capsys: pytest.CaptureFixture[str], tmp_path: Path, word: str,
                                                 status: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(f"jurisdiction: 杭州市\nperiod: 2025\nvalues:\n  《杭州市慈善条例》出台(是=1): '{word}'\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert results(out)["hangzhou-2025-charity-regulation-issued"]["status"] == status
    csv_path = tmp_path / "r.csv"
    csv_path.write_text(f"地区,年度,指标,数值\n杭州市,2025,《杭州市慈善条例》出台(是=1),{word}\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(csv_path), "--format", "json")
    assert results(out)["hangzhou-2025-charity-regulation-issued"]["status"] == status


def test_yes_for_a_count_is_still_not_a_number(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues:\n  在杭州市第一福利院集中供养的成年孤残人员数: 是\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    invalid = results(out)["hangzhou-2025-adult-orphans-disabled-central-care"]
    assert code == 1 and invalid["status"] == "invalid" and "“是”不是“数值+单位”的形式" in invalid["message"]["zh"]


# ------------------------------------------------------------------------------ full-width punctuation


def test_a_full_width_colon_in_hand_written_yaml_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("jurisdiction：杭州市\nperiod: 2025\nvalues:\n  持证护理员数：5310\n  老年人口数:\u3000190.5万人\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), *OWN, "--format", "json")
    assert err == "" and code == 1 and results(out)["t-carers"]["actual"] == {"value": 27.874016, "unit": "人/万名老年人"}


def test_full_width_indentation_names_the_character_and_the_fix(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues:\n\u3000\u3000持证护理员数: 5310\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(path), *OWN)
    assert code == 2
    assert f"{path}:4: Y701 full-width space '\u3000' (U+3000)" in err
    assert "help: use an ASCII space:     持证护理员数: 5310" in err


# ------------------------------------------------------------------------------ hints in the input's own terms


def test_missing_data_in_a_tables_terms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A CSV report is asked for rows and columns (类别, 下级地区), a YAML report for its values."""
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("地区,年度,指标,数值\n杭州市,2025,每万名老年人拥有持证护理员数,28\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(csv_path), "--lang", "zh")
    assert "认知障碍照护专区床位数的新增量(填一行,“类别”列填“新增”;或填2024年的数值,“类别”列填“2024”)" in out
    assert "该目标适用于每个下级单位,请为每个下级单位填一行特困人员集中供养机构数,在“下级地区”列填其名称" in out
    _, out, _ = run(capsys, "check", str(csv_path), "--lang", "en")
    assert "a row with 新增 in the section (类别) column, or the 2024 value with 2024 in that column" in out
    yaml_path = tmp_path / "r.yaml"
    yaml_path.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues: {每万名老年人拥有持证护理员数: 28}\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(yaml_path), "--lang", "zh")
    assert "认知障碍照护专区床位数的新增量(填报本期新增量,或给出2024年的数值)" in out and "类别" not in out


@pytest.mark.parametrize(("as_of", "valid"), [("2025-06-30", True), ("2025/6/30", True), ("2025.6.30", True),
                                              ("2025年6月30日", True), ("2025-06", False), ("年中", False)])
def test_the_report_schema_takes_the_dates_mzcheck_reads(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         as_of: str, valid: bool) -> None:
    """A JSON report that passes `mzcheck schema report` has a date mzcheck reads, and the other way round."""
    jsonschema = pytest.importorskip("jsonschema")
    code, out, _ = run(capsys, "schema", "report")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    data = {"jurisdiction": "杭州市", "period": 2025, "as_of": as_of, "values": CARERS}
    assert validator.is_valid(data) is valid
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "check", str(path), *OWN)
    assert (code != 2) is valid, err
