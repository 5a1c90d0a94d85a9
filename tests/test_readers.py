"""One reader: a report means the same in YAML, JSON, CSV, XLSX, the big-CSV stream and a Python mapping.

The property test writes each generated report (rule sets and reports from ``mzcheck.testing``) in every
format, with the period and as_of spelt in each of the ways a bureau writes them, and asserts the results
are identical, file names and lines aside. The examples below pin the field readers themselves: what a
year, a date and a jurisdiction are, and how each refusal is worded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import assume, example, given
from hypothesis import strategies as st

import mzcheck
from mzcheck.core.errors import InputError
from mzcheck.load.ruleset import RuleSet
from mzcheck.read import fields, stream
from mzcheck.read.formats import FORMATS, load_report, loads_report, reader_for, report_from_mapping
from mzcheck.testing import ReportCase, reports, rule_sets

FIXTURES = Path(__file__).parent / "fixtures" / "targets"
FIXTURE_RULES = mzcheck.load_targets(FIXTURES, bundled=False)
BUNDLED = mzcheck.load_targets()
TABLE = ["jurisdiction", "period", "as_of", "section", "child", "indicator", "value", "unit"]

cases = (rule_sets().flatmap(lambda rs: reports(rs).map(lambda case: (rs, case)))
         | (st.just(FIXTURE_RULES) | st.just(BUNDLED)).flatmap(lambda rs: reports(rs).map(lambda case: (rs, case))))


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One folder for the module: hypothesis runs many examples per test, a tmp_path each is too slow."""
    folder = Path(tempfile.mkdtemp(prefix="mzcheck-readers-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------ writing a report


def table_rows(data: dict[str, Any], period: Any, as_of: Any) -> list[list[Any]]:
    """The report as table rows: values, added (新增), history (the year) and children (the child column)."""
    sections: list[tuple[str, str, dict[str, Any]]] = [("", "", data.get("values") or {}),
                                                       ("新增", "", data.get("added") or {})]
    sections += [(str(year), "", values) for year, values in (data.get("history") or {}).items()]
    sections += [("", name, values) for name, values in (data.get("children") or {}).items()]
    rows = []
    for section, child, values in sections:
        for key, value in values.items():
            number, unit = (value["value"], value["unit"]) if isinstance(value, dict) else (value, "")
            rows.append([data["jurisdiction"], period, as_of, section, child, key, number, unit])
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *[["" if v is None else v for v in row] for row in rows]])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def outcome(rules: RuleSet, report: mzcheck.Report) -> str:
    """The check's result as JSON with every file name and its line or cell taken out, and what is missing
    asked for in one wording (a table's asks for its columns, a mapping's for its keys: the same slots)."""
    data = mzcheck.evaluate(rules, report.model_copy(update={"layout": "mapping"})).model_dump(mode="json")
    for result in data["results"]:
        for used in result["inputs"]:  # where each value stood: a line in a file, a cell in a sheet
            used.update(file=None, line=None, cell=None)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    assert report.file is not None
    return re.sub(re.escape(json.dumps(report.file)[1:-1]) + r"(:\d+|![\w'!]+|: [\w.]+)?", "<file>", text)


# spellings of the period (for YAML/JSON, CSV text, an xlsx cell, a mapping) and of as_of
PERIODS = st.sampled_from(["int", "text", "nian", "spaced", "decimal"])
AS_OF = st.sampled_from([None, "iso", "slash", "chinese"])


def period_as(kind: str, year: int) -> Any:
    return {"int": year, "text": str(year), "nian": f"{year}年", "spaced": f"{year} 年", "decimal": f"{year}.0"}[kind]


def as_of_as(kind: str | None, year: int) -> Any:
    if kind is None:
        return None
    return {"iso": f"{year}-06-30", "slash": f"{year}/6/30", "chinese": f"{year}年6月30日"}[kind]


@given(pair=cases, period_kind=PERIODS, as_of_kind=AS_OF, plain=st.booleans())
def test_a_report_reads_the_same_in_every_format(scratch: Path, pair: tuple[RuleSet, ReportCase], period_kind: str,
                                                 as_of_kind: str | None, plain: bool) -> None:
    rules, case = pair
    data = dict(case.data)
    if plain:  # values only: the layout the big-CSV stream reads
        data = {"jurisdiction": data["jurisdiction"], "period": data["period"], "values": data["values"]}
    period = period_as(period_kind, case.year)
    as_of = None if plain else as_of_as(as_of_kind, case.year)  # the stream reads no as_of column
    data["period"] = period
    if as_of is not None:
        data["as_of"] = as_of
    got = {
        "yaml": loads_report(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), rules, "r.yaml"),
        "json": loads_report(json.dumps(data, ensure_ascii=False), rules, "r.json"),
        "mapping": report_from_mapping(data, rules, "<data>"),
    }
    rows = table_rows(data, period, as_of)
    assume(rows)  # a table with no value is no report at all (T305), where YAML has an empty one
    [got["csv"]] = load_report(write_csv(scratch / "r.csv", TABLE, rows), rules)
    [got["xlsx"]] = load_report(write_xlsx(scratch / "r.xlsx", TABLE, rows), rules)
    if plain:
        five = [[r[0], r[1], r[5], r[6], r[7]] for r in rows]
        path = write_csv(scratch / "s.csv", ["jurisdiction", "period", "indicator", "value", "unit"], five)
        streamed = stream.stream_csv_reports(path, rules, progress=False)
        assert streamed is not None, "a plain UTF-8 table went back to the table reader"
        [got["stream"]] = list(streamed)
        # the wide layout: one row for the report, a column per indicator with its unit in brackets
        header = ["地区", "年度", *(f"{r[5]}({r[7]})" if r[7] else r[5] for r in rows)]
        [got["wide"]] = load_report(write_csv(scratch / "w.csv", header, [[rows[0][0], rows[0][1], *(r[6] for r in rows)]]),
                                    rules)
    expected = outcome(rules, got["yaml"])
    for name, report in got.items():
        assert report.layout == ("table" if name in ("csv", "xlsx", "stream", "wide") else "mapping"), name
        assert (report.period, report.as_of) == (got["yaml"].period, got["yaml"].as_of), name
        assert outcome(rules, report) == expected, name
    assert got["yaml"].period == case.year
    if as_of is not None:
        assert got["yaml"].as_of == dt.date(case.year, 6, 30)


# ------------------------------------------------------------------------------ the field readers


@pytest.mark.parametrize("value", [2025, 2025.0, Decimal("2025.0"), "2025", "2025年", "2025 年", " 2025 ", "2025.0",
                                   "２０２５"])
def test_years(value: Any) -> None:
    assert fields.read_year(value) == 2025


@pytest.mark.parametrize("value", [2025.5, "2025.5", "2025年6月", "二〇二五", "2021-2025", True, None, 20250, 1900,
                                   dt.date(2025, 1, 1), "", "2025年度x", "²⁰²⁵"])
def test_not_years(value: Any) -> None:
    with pytest.raises(InputError) as info:
        fields.read_year(value)
    assert info.value.code == "R302"


@pytest.mark.parametrize("value", [dt.date(2025, 6, 30), dt.datetime(2025, 6, 30, 10, 5), "2025-06-30", "2025/6/30",
                                   "2025.6.30", "2025年6月30日", " 2025 年 6 月 30 日 "])
def test_dates(value: Any) -> None:
    assert fields.read_date(value) == dt.date(2025, 6, 30)


@pytest.mark.parametrize(("value", "code"), [("2025-06-31", "R304"), ("2025-13-01", "R304"), ("年底", "R303"),
                                             ("2025-06", "R303"), (20250630, "R303"), (None, "R303")])
def test_not_dates(value: Any, code: str) -> None:
    with pytest.raises(InputError) as info:
        fields.read_date(value)
    assert info.value.code == code


def test_a_date_means_the_same_in_json_quoted_yaml_and_csv(tmp_path: Path, rules: RuleSet) -> None:
    """JSON can only write a date as text; quoted YAML and CSV text are read the same way."""
    yaml_text = "jurisdiction: 杭州市\nperiod: 2025\nas_of: '2025-06-30'\nvalues: {certified_carers: 5310}\n"
    json_text = '{"jurisdiction": "杭州市", "period": 2025, "as_of": "2025-06-30", "values": {"certified_carers": 5310}}'
    csv_path = write_csv(tmp_path / "r.csv", ["地区", "年度", "截至日期", "指标", "数值"],
                         [["杭州市", "2025", "2025-06-30", "certified_carers", "5310"]])
    dates = {loads_report(yaml_text, rules).as_of, loads_report(json_text, rules).as_of,
             load_report(csv_path, rules)[0].as_of}
    assert dates == {dt.date(2025, 6, 30)}


def test_a_jurisdiction_by_name_code_or_excel_number(rules: RuleSet) -> None:
    hangzhou = fields.find_jurisdiction("杭州市", rules)
    assert fields.find_jurisdiction(" 330100 ", rules) == hangzhou
    assert fields.find_jurisdiction(330100, rules) == hangzhou
    assert fields.find_jurisdiction(330100.0, rules) == hangzhou  # an Excel number cell


def test_an_unknown_jurisdiction_says_what_is_near(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        fields.find_jurisdiction("杭洲市", rules)
    [problem] = info.value.problems
    assert problem.code == "C201" and problem.file is None  # a reader adds where it is
    assert problem.help is not None and "杭州市" in problem.help.en and "杭州市" in problem.help.zh
    for bad, code in ((["杭州市"], "R202"), (True, "R202"), (330100.5, "R202"), ("", "R201"), (None, "R201")):
        with pytest.raises(InputError) as info:
            fields.find_jurisdiction(bad, rules)
        assert info.value.code == code, bad


def test_an_unknown_indicator_suggests_and_a_known_one_is_found(rules: RuleSet) -> None:
    assert fields.find_indicator(" 持证护理员数 ", rules) == "certified_carers"
    with pytest.raises(InputError) as info:
        fields.find_indicator("certified_carer", rules)
    assert info.value.code == "R401" and "certified_carers" in str(info.value)


def test_an_unusable_value_keeps_a_coded_reason_naming_its_place(rules: RuleSet) -> None:
    bad = fields.read_value("certified_carers", "-5", rules, "r.yaml", 4)
    assert bad.error is not None and bad.error.code == "V107" and "(r.yaml:4)" in bad.error.en
    cell = fields.read_value("certified_carers", "七十", rules, "r.xlsx", 7, "Sheet1!F7")
    assert cell.error is not None and cell.error.code and cell.error.zh.endswith("(r.xlsx!Sheet1!F7)")
    assert cell.cell == "Sheet1!F7"
    assert fields.read_value("certified_carers", "5310人", rules).error is None


# ------------------------------------------------------------------------------ a Python mapping


def test_a_mapping_reads_as_its_yaml(rules: RuleSet) -> None:
    data = {"jurisdiction": "杭州市", "period": 2025, "as_of": dt.date(2025, 6, 30),
            "values": {"certified_carers": 5310, "elderly_population": 0.019 * 10**8},
            "history": {2024: {"certified_carers": "5000人"}}}
    from_mapping = report_from_mapping(data, rules)
    from_yaml = loads_report(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), rules, "r.yaml")
    assert from_mapping.file == "<data>" and from_mapping.history.keys() == {2024}
    assert outcome(rules, from_mapping) == outcome(rules, from_yaml)


def test_a_mapping_s_problems_name_its_fields(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        report_from_mapping({"jurisdiction": "杭洲市", "period": "明年", "values": {"x": 1, "certified_carers": -1}},
                            rules)
    text = str(info.value)
    assert "<data>: C201 jurisdiction:" in text and "<data>: R302 period:" in text and "<data>: R401 x:" in text
    report = report_from_mapping({"jurisdiction": "杭州市", "period": 2025, "values": {"certified_carers": -1}}, rules)
    error = report.values["certified_carers"].error
    assert error is not None and error.en.endswith("(<data>: values.certified_carers)")
    with pytest.raises(InputError, match="R101"):
        report_from_mapping(["not", "a", "mapping"], rules)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ which reader


def test_every_suffix_has_one_reader() -> None:
    suffixes = [s for f in FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    assert {reader_for(f"r{s.upper()}").name for s in (".yaml", ".yml", ".json")} == {"yaml"}
    assert reader_for("r.tsv").name == reader_for("r.csv").name == "table"
    assert reader_for("r.xlsx").name == "xlsx"
    assert reader_for("report.txt").name == "yaml"  # and the YAML reader says what is wrong with it


def test_xlsx_problems_carry_the_cell(tmp_path: Path, rules: RuleSet) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", ["地区", "年度", "指标", "数值"], [["杭州市", "明年", "certified_carers", 1]])
    with pytest.raises(InputError) as info:
        load_report(path, rules)
    [problem] = info.value.problems
    assert (problem.file, problem.cell, problem.code) == (str(path), "Sheet!B2", "R302")
    assert str(problem).startswith(f"{path}!Sheet!B2: R302 ")


# ------------------------------------------------------------------------------ values as bureaus write them


def spellings(kind: str, n: int) -> list[Any]:
    """Ways of writing one value (docs/design/0019-values-as-written.md): money a month or a year per person
    and without a period, a share with % or as a fraction, yes/no as words, ticks and numbers."""
    if kind == "month":
        return [f"{n}元/月", f"{n}元/人·月", f"{n}元/人/月", f"每人每月{n}元", f"{n}元", {"value": n, "unit": "元/人·月"}]
    if kind == "year":
        return [f"{n * 12}元/年", f"{n * 12}元/人·年", f"每人每年{n * 12}元", f"{Decimal(n * 12) / 10000}万元/年",
                f"{n * 12}元", f"{Decimal(n * 12) / 10000}万元"]
    if kind == "share":
        percent = Decimal(n % 1001) / 10  # 0% to 100%: a share above is refused (V108), in every format
        return [f"{percent}%", {"value": str(percent), "unit": "%"}, *([str(percent / 100)] if 0 < percent <= 100 else [])]
    yes = n % 2 == 1
    return [["否", "是"][yes], ["未完成", "已完成"][yes], ["✗", "✓"][yes], ["no", "yes"][yes], int(yes), f"{int(yes)}项"]


VALUE_KINDS = {"month": "extreme_poverty_support_standard", "year": "urban_consumption_per_capita",
               "share": "low_income_monitored_share", "yes_no": "charity_regulation_issued"}


@given(kind=st.sampled_from(sorted(VALUE_KINDS)), n=st.integers(0, 5000))
def test_a_value_means_the_same_in_every_spelling_and_format(scratch: Path, kind: str, n: int) -> None:
    """Each spelling of one value, in YAML, JSON, CSV, XLSX and a mapping: one amount, and in every format the
    same note on how it was read."""
    ind = VALUE_KINDS[kind]
    amounts = set()
    for spelling in spellings(kind, n):
        data = {"jurisdiction": "杭州市", "period": 2025, "values": {ind: spelling}}
        rows = table_rows(data, 2025, None)
        got = [loads_report(yaml.safe_dump(data, allow_unicode=True), BUNDLED, "r.yaml"),
               loads_report(json.dumps(data, ensure_ascii=False), BUNDLED, "r.json"),
               report_from_mapping(data, BUNDLED),
               load_report(write_csv(scratch / "v.csv", TABLE, rows), BUNDLED)[0],
               load_report(write_xlsx(scratch / "v.xlsx", TABLE, rows), BUNDLED)[0]]
        read = {(r.values[ind].quantity.base if r.values[ind].quantity else r.values[ind].error,
                 tuple(f.code for f in r.values[ind].notes)) for r in got}
        assert len(read) == 1, (spelling, read)
        [(amount, notes)] = read
        assert isinstance(amount, Fraction), (spelling, amount)
        bare = isinstance(spelling, str) and spelling.endswith("元") and "每" not in spelling
        assert notes == (("N702",) if bare else ("N701",) if kind == "share" and "%" not in str(spelling) else ())
        amounts.add(amount)
    assert len(amounts) == 1


def test_full_width_punctuation_is_read_only_where_its_meaning_is_clear() -> None:
    """A key line's '：' and a list's '，' are read as ASCII; quotes, block scalars, a plain scalar's next line
    and a line that already has ':' keep theirs; every line stays where it was."""
    from mzcheck.core.yamlio import half_width

    text = ("rules:\n  - id: x\n    indicator：y\n    aliases: [老年食堂，助餐点]\n    note: 一段\n      续：行\n"
            "    quote: >-\n      原文：x\n    name: \"甲：乙\"\n    source: 说明：见附件\n")
    assert half_width(text) == ("rules:\n  - id: x\n    indicator: y\n    aliases: [老年食堂, 助餐点]\n    note: 一段\n"
                                "      续：行\n    quote: >-\n      原文：x\n    name: \"甲：乙\"\n    source: 说明：见附件\n")
    with pytest.raises(InputError) as info:
        half_width("values:\n  a：1：2\n", "r.yaml")
    assert info.value.code == "Y701" and "r.yaml:2" in str(info.value)


# ------------------------------------------------------------------------------------ the common writing, read quickly

_BUNDLED: list[RuleSet] = []


def _bundled() -> RuleSet:
    if not _BUNDLED:
        from mzcheck.load.bundled import bundled_targets

        _BUNDLED.append(mzcheck.load_targets(bundled_targets()))
    return _BUNDLED[0]


# an indicator of each kind of unit: people, things, a share (%), a ratio, money per month, yes/no (是=1)
_KINDS = ["elderly_population", "townships", "institution_beds", "nursing_bed_share", "dementia_beds_per_10k_elders",
          "subsistence_allowance_standard", "fanshi_hospital_care_home_conversion_completed",
          "minor_protection_centre_floor_area"]
_UNITS = ["", " ", "张", "万人", "人", "%", "％", "‰", "个", "项", "元", "万元", "元/月", "元/人·月", "张/万名老年人",
          "万", "万张", "张以上", "余", "多人", " 张 ", "平方米", "m2", "persons", "年"]
_FIGURES = st.one_of(
    st.from_regex(r"\A[0-9]{1,16}(\.[0-9]{0,16})?\Z"),
    st.sampled_from(["2616", "169.5", "0.9", "0.78", "78", "1", "100", "100.5", "0", "007", "1.50", " 12 ", "12.",
                     "56.1万人", "406个", "78%", "1.5万", "超过19张", "-3", "1e3", "１２", "1,200", "是", "否",
                     "12 张", "12张以上", "3000余人", "1350元/人·月", "12　张", "2100/2625", "nan", ""]),
    st.text(alphabet="0123456789. 万张人个%-元/是", max_size=10),
)


def _quick(ind_id: str, value: str, unit: str | None, rules: RuleSet) -> Any:
    """The value as a big table's reader reads it by its short path (``Grouper``'s report built with
    ``fields.plain_text``, line 7 of p.csv), or None where that path leaves it to the cells' path."""
    from mzcheck.read.rows import Grouper

    if fields.plain_text(ind_id, value, unit, rules) is None:
        return None
    g = Grouper(rules, "p.csv", keep_all=True)
    g.add_plain(7, "慈溪市", "2025", ind_id, value, unit)
    return g.finish()[0].values[ind_id]


def _general(ind_id: str, value: str, unit: str | None, rules: RuleSet) -> Any:
    from mzcheck.read.rows import Cell, read_cell

    unit_cell = None if unit is None else Cell(unit, "p.csv", line=7, field="unit")
    return read_cell(ind_id, Cell(value, "p.csv", line=7, field="value"), unit_cell, rules)


@given(st.sampled_from(_KINDS), _FIGURES, st.one_of(st.none(), st.sampled_from(_UNITS)))
@example("elderly_population", "0个个", None)  # characters that are no unit: read as the cells read them, never raised
def test_a_value_read_quickly_is_the_value_its_cells_read(ind_id: str, value: str, unit: str | None) -> None:
    # a province's table reads tens of thousands of values of the common writing (2616 with 张, 169.5 with 万人)
    # by a short path; whatever it takes, it reads as the cells' path does, field for field, and it leaves every
    # other writing (a share over 100%, 0.9 for a percent, units, qualifiers, yes/no, a problem) to that path
    rules = _bundled()
    quick = _quick(ind_id, value, unit, rules)
    if quick is not None:
        assert quick == _general(ind_id, value, unit, rules)


@pytest.mark.parametrize(("ind_id", "value", "unit"), [
    ("institution_beds", "2616", "张"), ("elderly_population", "169.5", "万人"), ("elderly_population", "56.1万人", ""),
    ("townships", "406个", None), ("townships", "406", ""), ("institution_beds", " 12 ", " 张 "),
    ("nursing_bed_share", "78", ""), ("nursing_bed_share", "100", None),
])
def test_the_common_writing_is_read_quickly(ind_id: str, value: str, unit: str | None) -> None:
    rules = _bundled()
    quick = _quick(ind_id, value, unit, rules)
    general = _general(ind_id, value, unit, rules)
    assert quick is not None and general.error is None and quick == general


@pytest.mark.parametrize(("ind_id", "value", "unit"), [
    ("nursing_bed_share", "0.78", ""), ("nursing_bed_share", "120", "%"), ("subsistence_allowance_standard", "1350", "元"),
    ("fanshi_hospital_care_home_conversion_completed", "1", ""), ("institution_beds", "12", "人"),
    ("institution_beds", "超过19", "张"), ("elderly_population", "190.5", "万"), ("institution_beds", "-3", "张"),
    ("nursing_bed_share", "78", "%"), ("dementia_beds_per_10k_elders", "27.61", "张/万名老年人"),  # units the
    ("elderly_population", "0个个", None), ("nursing_bed_share", "78", "个个"),  # general path reads; no unit at all
])  # (a sign, a slash; characters that are no unit, which that path words as a problem of the value)
def test_other_writings_are_left_to_the_cells_path(ind_id: str, value: str, unit: str | None) -> None:
    # a note to add (0.78 read as 78%, 1350元 read per month), a problem to word, a qualifier, a prefix alone
    assert _quick(ind_id, value, unit, _bundled()) is None


def test_a_value_written_alike_in_many_rows_is_read_once_and_each_keeps_its_own_line() -> None:
    # a big table's rows that write the same value of the same indicator (2616张 in many counties) share what it
    # reads as; each value keeps its own line, and a value written otherwise is read on its own
    from mzcheck.read.rows import Grouper

    rules = _bundled()
    g = Grouper(rules, "p.csv")
    rows = [(2, ("330102", "2025", "institution_beds", "2616", "张")),
            (3, ("330105", "2025", "institution_beds", "2616", "张")),
            (4, ("330106", "2025", "institution_beds", "2617", "张")),
            (5, ("330108", "2025", "institution_beds", "2616张", ""))]
    g.add_text_rows(rows, (0, 1, 2, 3, 4), ())
    built = [g.report(b) for b in g.good()]
    values = [r.values["institution_beds"] for r in built]
    assert [v.line for v in values] == [2, 3, 4, 5] and [v.raw for v in values] == ["2616 张", "2616 张", "2617 张", "2616张"]
    assert values[0].value is values[1].value  # read once
    assert values[0].value is not values[2].value and values[3].value is not values[0].value
    general = _general("institution_beds", "2616", "张", rules)  # as the cells' path reads it
    assert (values[1].raw, values[1].value, values[1].error, values[1].notes) == (general.raw, general.value,
                                                                                  general.error, general.notes)


def test_a_report_built_while_the_next_piece_is_read_is_built_again_when_more_of_its_rows_come() -> None:
    # this process builds the reports it has read while it waits for the next piece (Grouper.prebuild); a report
    # with rows in that piece too is built again when it is wanted, one without is the report built before
    from mzcheck.read.rows import Grouper

    rules = _bundled()
    first = [(2, ("330102", "2025", "institution_beds", "2616", "张")), (3, ("330105", "2025", "institution_beds", "12", "张"))]
    later = [(4, ("330102", "2025", "nursing_beds", "1500", "张"))]
    g = Grouper(rules, "p.csv")
    g.add_text_rows(first, (0, 1, 2, 3, 4), ())
    g.prebuild(lambda: True)
    kept = {b.place.code: built for b, _, _, _, built in g._prebuilt.values()}
    assert set(kept) == {"330102", "330105"}
    g.add_text_rows(later, (0, 1, 2, 3, 4), ())
    whole = Grouper(rules, "p.csv")
    whole.add_text_rows(first + later, (0, 1, 2, 3, 4), ())
    got = [g.report(b) for b in g.good()]
    assert got == [whole.report(b) for b in whole.good()]
    assert got[0] is not kept["330102"] and set(got[0].values) == {"institution_beds", "nursing_beds"}
    assert got[1] is kept["330105"]  # no row of it came since: the report built while waiting
    stops = iter([True, False])
    h = Grouper(rules, "p.csv")
    h.add_text_rows([(i, ("330102", str(y), "institution_beds", "1", "张")) for i, y in enumerate(range(1990, 2030), 2)],
                    (0, 1, 2, 3, 4), ())
    h.prebuild(lambda: next(stops))  # asked every 16 reports: the next piece read by then, it stops
    assert len(h._prebuilt) == 16
    # a report built while waiting that a later row spoils (an indicator given again: R402) is let go once the
    # reading is over (Grouper.check); the others are kept for when they are wanted
    h.add_text_rows([(50, ("330102", "1990", "institution_beds", "2", "张"))], (0, 1, 2, 3, 4), ())
    good = h.check()  # the reports no problem spoiled, listed once for the stream (CsvReports)
    assert good == h.good() and all(b.period != 1990 for b in good) and len(good) == 39
    assert len(h._prebuilt) == 15 and all(b.period != 1990 for b, *_ in h._prebuilt.values())


def test_a_streamed_table_with_a_unit_that_is_none_keeps_its_reports(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # "78 个个" in a big table once stopped the whole file with an unlocated U106; it is the value's problem
    from mzcheck.read import stream
    from mzcheck.read.children import gather

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    table = tmp_path / "t.csv"
    table.write_text("地区,年度,指标,数值,单位\n慈溪市,2024,nursing_bed_share,78,个个\n"
                     "慈溪市,2024,certified_carers_per_10k_elders,27.61,人/万名老年人\n", encoding="utf-8")
    rules = _bundled()
    (report,) = gather(stream.stream_csv_reports(table, rules, target_year=2025), rules)
    bad = report.values["nursing_bed_share"]
    assert bad.value is None and bad.error is not None and bad.error.code == "U106" and "t.csv:2" in bad.error.zh
    assert report.jurisdiction.name == "慈溪市" and report.period == 2024  # the file's report, kept


def test_values_left_unread_are_read_by_the_process_that_decides_the_report() -> None:
    # a streamed table's reports may be given before their values are read (Grouper.unread): a city's report gathers
    # its counties' values by the dicts they are read into, so asking for the city's values (Grouper.fill) reads
    # its counties' too, once; a report built while waiting (prebuild) comes with its values
    from mzcheck.load.rules import load_targets
    from mzcheck.read.children import gather
    from mzcheck.read.rows import Grouper

    rules = load_targets()
    g = Grouper(rules, "t.csv", keep_all=True)
    g.add_plain(2, "杭州市西湖区", "2025", "certified_carers", "900", None)
    g.add_plain(3, "杭州市滨江区", "2025", "certified_carers", "700", None)
    g.add_plain(4, "慈溪市", "2025", "certified_carers", "5310", None)
    g.add_plain(5, "慈溪市", "2025", "nursing_bed_share", "78%", None)
    reports = gather([g.unread(b) for b in g.good()], rules)
    xihu, binjiang, cixi, hangzhou = reports
    assert hangzhou.jurisdiction.name == "杭州市" and set(hangzhou.children) == {"西湖区", "滨江区"}
    assert xihu.values == {} and binjiang.values == {} and cixi.values == {}
    g.fill(hangzhou)  # the city's counties, read for it
    assert xihu.values["certified_carers"].value.quantity.magnitude == 900
    assert hangzhou.children["滨江区"]["certified_carers"].raw == "700"
    assert cixi.values == {}
    g.fill(cixi)
    assert set(cixi.values) == {"certified_carers", "nursing_bed_share"}
    before = xihu.values["certified_carers"]
    g.fill(xihu)  # read once: nothing left to read
    assert xihu.values["certified_carers"] is before
    fresh = Grouper(rules, "t.csv", keep_all=True)
    fresh.add_plain(2, "嵊州市", "2025", "certified_carers", "800", None)
    fresh.prebuild(lambda: True)  # built while waiting: given with its values
    (b,) = fresh.good()
    assert fresh.unread(b).values["certified_carers"].raw == "800"
    fresh.add_plain(3, "嵊州市", "2025", "nursing_bed_share", "70%", None)  # a row since: not the report built then
    assert fresh.unread(b).values.keys() == {"certified_carers"}  # the new row unread
    fresh.fill(fresh.unread(b))
    assert b.values.keys() == {"certified_carers", "nursing_bed_share"}
