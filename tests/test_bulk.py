"""Bulk evaluation: the fast paths give exactly what the one-value-at-a-time paths give.

- numeric columns: verdicts equal, value by value, those of the same value written in a report and
  compared with Fractions, for random arrays that crowd the thresholds (0.29亿元 vs 29000000元, 70% vs
  2100/3000) with values at and one ulp either side of them;
- tables: rows, columns, DataFrame and Arrow give the same results, and the results ``mzcheck check`` gives
  for the same table as a CSV file;
- big CSV files: the streaming reader (mzcheck.read.stream) gives the reports, or the error messages, of the
  table reader, however its blocks cut the lines.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mzcheck import bulk
from mzcheck.bulk import columns as bulk_columns
from mzcheck.cli import main
from mzcheck.core import forks
from mzcheck.core.compare import judge
from mzcheck.core.errors import DimensionError, InputError
from mzcheck.core.units import parse_quantity
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.ruleset import RuleSet
from mzcheck.read import stream
from mzcheck.read import table as tables
from mzcheck.read.fields import read_value
from mzcheck.read.rows import PartlyRead

# ------------------------------------------------------------------------------ numeric columns


def _ulps(x: float, k: int = 2) -> list[float]:
    """x and the k floats on either side of it."""
    out = [x]
    lo = hi = x
    for _ in range(k):
        lo, hi = math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)
        out += [lo, hi]
    return out


# (column unit, target as written, the target in the column's unit as a float, share?)
CASES = [
    ("亿元", "29000000元", 0.29, False),
    ("%", "2100/3000", 70.0, True),
    ("", "70%", 0.7, True),
    ("万人", "190.5万人", 190.5, False),
    ("人/万名老年人", "28人/万名老年人", 28.0, False),
    ("‰", "0.5%", 5.0, False),
    ("%", "2/3", 200 / 3, True),  # 66.666…%: no float's decimal is the threshold
    ("", "1/3", 1 / 3, False),
]
COMPARATORS = [">=", ">", "<=", "<", "=="]


def floats_near(x: float) -> st.SearchStrategy[float]:
    return st.one_of(st.sampled_from(_ulps(x)), st.floats(min_value=x * 0.99, max_value=x * 1.01),
                     st.floats(allow_nan=True, allow_infinity=True),
                     st.sampled_from([0.0, -0.0, 1e-16, 1e16, 1e30, 1e-31, 100.0, math.nextafter(100.0, 200)]))


def oracle(value: Any, unit: str, comparator: str, target: str, share: bool) -> str:
    """The value written in a report (its decimal text and the unit), compared with Fractions."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    t = parse_quantity(target).quantity
    try:
        q = parse_quantity(f"{value!r}{unit}" if isinstance(value, float) else f"{value}{unit}").quantity
    except InputError:
        return "invalid"
    if q.magnitude < 0 or (share and q.base > 1):
        return "invalid"
    return "met" if judge(q.to(t.unit), comparator, t.magnitude) else "not_met"


@st.composite
def columns(draw: st.DrawFn) -> tuple[str, str, str, bool, list[float]]:
    unit, target, at, share = draw(st.sampled_from(CASES))
    comparator = draw(st.sampled_from(COMPARATORS))
    values = draw(st.lists(floats_near(at), max_size=60))
    return unit, comparator, target, share, values


@given(columns())
def test_numpy_verdicts_equal_the_exact_path_value_by_value(case: tuple[str, str, str, bool, list[float]]) -> None:
    np = pytest.importorskip("numpy")
    unit, comparator, target, share, values = case
    got = bulk.compare_column(np.array(values, dtype="float64"), unit, comparator, target, share=share)
    assert got.statuses() == [oracle(v, unit, comparator, target, share) for v in values]


@given(columns())
def test_pure_python_verdicts_equal_the_exact_path(case: tuple[str, str, str, bool, list[float]]) -> None:
    unit, comparator, target, share, values = case
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bulk_columns, "numpy_or_none", lambda: None)
        got = bulk.compare_column(values, unit, comparator, target, share=share)
    assert isinstance(got.met, list)
    assert got.statuses() == [oracle(v, unit, comparator, target, share) for v in values]


@given(st.sampled_from(CASES), st.sampled_from(COMPARATORS),
       st.lists(st.integers(min_value=-10**6, max_value=10**13), max_size=40))
def test_integer_columns_are_exact(case: tuple[str, str, float, bool], comparator: str, values: list[int]) -> None:
    np = pytest.importorskip("numpy")
    unit, target, _, share = case
    got = bulk.compare_column(np.array(values, dtype="int64"), unit, comparator, target, share=share)
    assert got.statuses() == [oracle(v, unit, comparator, target, share) for v in values]
    assert got.rechecked == 0


def test_threshold_ties_from_the_decision_record() -> None:
    """0.29亿元 meets ≥ 29,000,000元; one ulp below does not; 70% meets ≥ 2100/3000 (0.7 is not exact in binary)."""
    below, at, above = math.nextafter(0.29, 0), 0.29, math.nextafter(0.29, 1)
    got = bulk.compare_column([below, at, above], "亿元", ">=", "29000000元")
    assert got.statuses() == ["not_met", "met", "met"]
    assert got.rechecked == 0  # the ties were settled once, when the cut float was chosen
    third = [math.nextafter(1 / 3, 0), 1 / 3, math.nextafter(1 / 3, 1)]
    thirds = bulk.compare_column(third, "", ">=", "1/3")
    assert thirds.statuses() == ["not_met", "not_met", "met"]  # the float 1/3 prints as 0.3333333333333333 < 1/3
    assert thirds.rechecked == 0
    share = bulk.compare_column([math.nextafter(70.0, 0), 70.0, 69.99], "%", ">=", "2100/3000", share=True)
    assert share.statuses() == ["not_met", "met", "not_met"]
    assert bulk.compare_column([0.7], "", "==", "2100/3000").statuses() == ["met"]


def test_bad_values_in_a_column_are_invalid_or_missing_not_errors() -> None:
    got = bulk.compare_column([78.0, -1.0, float("nan"), None, 101.0, float("inf"), 1e31], "%", ">=", "80%",
                              share=True)
    assert got.statuses() == ["not_met", "invalid", "missing", "missing", "invalid", "invalid", "invalid"]
    assert got.counts() == {"met": 0, "not_met": 1, "invalid": 4, "missing": 2}


def test_a_unit_of_another_dimension_is_refused_for_the_whole_column() -> None:
    with pytest.raises(DimensionError, match="量纲不同"):
        bulk.compare_column([1.0, 2.0], "张", ">=", "80%")


def test_a_rule_column_matches_the_report_path(rules: RuleSet) -> None:
    """evaluate_column agrees with read_value + judge, the way a report's value is checked."""
    rule = rules.rule("t-cixi-nursing")
    assert rule is not None
    values = [*_ulps(80.0), 79.99, 100.0, 100.5, -3.0, 0.0, 55.5]
    got = bulk.evaluate_column(rule, values, "%")
    expected = []
    for v in values:
        reported = read_value(rule.indicator.id, {"value": repr(v), "unit": "%"}, rules)
        if reported.error or reported.quantity is None:
            expected.append("invalid")
        else:
            met = judge(reported.quantity.to(rule.target_unit), rule.rule.comparator, rule.threshold.value)
            expected.append("met" if met else "not_met")
    assert got.statuses() == expected
    assert expected.count("invalid") == 2  # 100.5% and -3%


def test_a_rule_of_another_kind_cannot_judge_a_column(rules: RuleSet) -> None:
    rule = rules.rule("t-new-dementia-beds")
    assert rule is not None
    with pytest.raises(InputError, match="increment"):
        bulk.evaluate_column(rule, [1.0], "张")


def test_a_range_rule_column(rules: RuleSet) -> None:
    rule = rules.rule("t-centralized-each")
    assert rule is not None
    assert bulk.evaluate_column(rule, [1, 2, 3, 4], "个").statuses() == ["not_met", "met", "met", "not_met"]


# ----------------------------------------------------------------------------------------- tables

ROWS = [
    {"地区": "慈溪市", "年度": "2025", "指标": "护理型床位占比", "数值": "78%", "单位": ""},
    {"地区": "杭州市", "年度": 2025, "指标": "certified_carers", "数值": 5320, "单位": "人"},
    {"地区": "杭州市", "年度": 2025, "指标": "elderly_population", "数值": 190, "单位": "万人"},
    {"地区": "杭州市", "年度": 2025, "指标": "assistance_funds", "数值": 0.29, "单位": "亿元"},
    {"地区": "杭州市", "年度": 2025, "指标": "monitored_people", "数值": float("nan"), "单位": "人"},
]


def _flat(results: Any) -> list[tuple[Any, ...]]:
    return sorted((r["code"], r["period"], r["rule_id"], r["status"],
                   None if r["actual"] is None else float(r["actual"]),
                   None if r["gap"] is None else float(r["gap"])) for r in results)


def _via_csv(tmp_path: Path, rules: RuleSet) -> list[tuple[Any, ...]]:
    path = tmp_path / "table.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(ROWS[0]))
        for row in ROWS:
            value = row["数值"]
            w.writerow([*list(row.values())[:3], "" if value != value else value, row["单位"]])
    out = []
    for report in tables.load_table_reports(path, rules):
        for r in evaluate(rules, report).results:
            out.append({"code": report.jurisdiction.code, "period": report.period, "rule_id": r.rule_id,
                        "status": r.status, "actual": r.actual.value if r.actual else None,
                        "gap": r.gap.value if r.gap else None})
    return _flat(out)


def test_rows_give_what_the_csv_path_gives(rules: RuleSet, tmp_path: Path) -> None:
    got = bulk.evaluate_table(rules, ROWS)
    assert isinstance(got, list) and set(got[0]) == set(bulk.RESULT_COLUMNS)
    assert _flat(got) == _via_csv(tmp_path, rules)
    carers = next(r for r in got if r["rule_id"] == "t-carers")
    assert carers["status"] == "met" and carers["unit"] == "人/万名老年人"  # 5320 / 190万 = 28 exactly
    funds = next(r for r in got if r["rule_id"] == "t-funds")
    assert funds["status"] == "met" and str(funds["actual"]) == "0.29"  # the float 0.29 is 29/100
    nursing = next(r for r in got if r["rule_id"] == "t-cixi-nursing")
    assert (nursing["status"], nursing["gap"], nursing["target"]) == ("not_met", -2, 80)


def test_columns_dataframes_and_arrow_tables_answer_in_their_own_shape(rules: RuleSet) -> None:
    expected = _flat(bulk.evaluate_table(rules, ROWS))
    cols = {k: [row[k] for row in ROWS] for k in ROWS[0]}
    by_columns = bulk.evaluate_table(rules, cols)
    assert isinstance(by_columns, dict) and list(by_columns) == list(bulk.RESULT_COLUMNS)
    assert _flat([dict(zip(by_columns, v)) for v in zip(*by_columns.values())]) == expected
    pd = pytest.importorskip("pandas")
    frame = bulk.evaluate_table(rules, pd.DataFrame(ROWS))
    assert isinstance(frame, pd.DataFrame) and str(frame["actual"].dtype) == "float64"
    assert _flat(frame.replace({math.nan: None}).to_dict("records")) == expected
    pa = pytest.importorskip("pyarrow")
    text = {k: pa.array([None if v != v else str(v) for v in col]) for k, col in cols.items()}  # as read from text
    arrow = bulk.evaluate_table(rules, pa.table(text))
    assert isinstance(arrow, pa.Table) and arrow.schema.field("actual").type == pa.float64()
    assert _flat(arrow.to_pylist()) == expected


def test_a_bad_row_is_named(rules: RuleSet) -> None:
    rows = [*ROWS[:2], {"地区": "杭州市", "年度": 2025, "指标": "护理床位比例??", "数值": 1, "单位": ""}]
    with pytest.raises(InputError) as err:
        bulk.evaluate_table(rules, rows)
    assert "table:3: R401 indicator: unknown indicator '护理床位比例??'" in str(err.value)


def test_a_table_without_the_value_column_is_refused(rules: RuleSet) -> None:
    with pytest.raises(InputError, match="missing column"):
        bulk.evaluate_table(rules, {"地区": ["杭州市"], "年度": [2025], "指标": ["certified_carers"]})


def test_target_year_checks_against_another_year(rules: RuleSet) -> None:
    rows = [{"jurisdiction": "慈溪市", "period": 2024, "indicator": "nursing_bed_share", "value": "78%"}]
    assert bulk.evaluate_table(rules, rows) == []  # no rule is due in 2024
    later = bulk.evaluate_table(rules, rows, target_year=2025)
    assert [(r["rule_id"], r["status"]) for r in later] == [("t-cixi-nursing", "not_met")]


def test_spark_schema_names_every_result_column() -> None:
    schema = bulk.spark_schema()
    assert [part.split()[0] for part in schema.split(", ")] == list(bulk.RESULT_COLUMNS)
    assert "actual double" in schema and "period int" in schema


# -------------------------------------------------------------------------------- big CSV files

PLACES = ["慈溪市", "330282", "杭州", " 杭州市 ", "嵊州市", "未知县", ""]
PERIODS = ["2025", "2024", "2025年", "", "20x5", "1900"]
INDICATORS = ["nursing_bed_share", "护理型床位占比", "certified_carers", "elderly_population", "持证护理员",
              "assistance_funds", "unknown_thing", ""]
VALUES = ["78%", "80", "0.8", "5319", "190万", "190.5万人", "0.29亿元", "", "  ", "abc", "-3", "超过19"]
UNITS = ["", "%", "人", "万人", "张", "亿元"]

rows_strategy = st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(PERIODS), st.sampled_from(INDICATORS),
                                   st.sampled_from(VALUES), st.sampled_from(UNITS)), max_size=25)


def _write(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _outcome(reports: Any, rules: RuleSet) -> Any:
    return [evaluate(rules, r).model_dump(mode="json") for r in reports]


def _both(path: Path, rules: RuleSet) -> tuple[Any, Any]:
    try:
        expected: Any = _outcome(tables.load_table_reports(path, rules), rules)
    except InputError as exc:
        expected = str(exc)
    outcomes = []
    # whole, cut into blocks of 7 characters (lines cut anywhere), and in three pieces read by three processes
    for block, jobs in ((stream.BLOCK, 1), (7, 1), (stream.BLOCK, 3)):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(stream, "BLOCK", block)
            mp.setattr(forks, "JOBS", jobs)
            mp.setattr(stream, "SPLIT_MIN_BYTES", 0)
            try:
                streamed = stream.stream_csv_reports(path, rules, progress=False)
                assert streamed is not None, "a plain UTF-8 table went back to tables"
                outcomes.append(_outcome(streamed, rules))
            except InputError as exc:
                outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    got: Any = outcomes[0]
    return got, expected


@given(rows=rows_strategy, header=st.sampled_from([["jurisdiction", "period", "indicator", "value", "unit"],
                                                    ["地区", "年度", "指标", "数值", "单位"],
                                                    ["指标", "地区", "备注", "数值", "年度"]]))
def test_streamed_csv_gives_the_reports_or_the_errors_of_tables(rules: RuleSet, rows: list[tuple[str, ...]],
                                                                header: list[str], tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("csv") / "report.csv"
    if header[2] == "备注":  # columns in another order, one ignored, no unit column
        rows = [(i, j, "note", v, p) for j, p, i, v, _ in rows]
    got, expected = _both(_write(path, header, rows), rules)
    assert got == expected


def test_a_repeat_after_other_reports_names_the_first_line(rules: RuleSet, tmp_path: Path) -> None:
    # the stream packs a report's lines away while other reports' rows are read: a value repeated after
    # them is still refused, naming the line of the first, as the table reader says it
    rows = [("慈溪市", "2025", "certified_carers", "10", "人"), ("慈溪市", "2025", "nursing_beds", "5", "张"),
            ("杭州市", "2025", "certified_carers", "7", "人"), ("嵊州市", "2024", "nursing_beds", "3", "张"),
            ("慈溪市", "2025", "nursing_beds", "6", "张"), ("杭州市", "2025", "nursing_beds", "8", "张")]
    got, expected = _both(_write(tmp_path / "r.csv", ["地区", "年度", "指标", "数值", "单位"], rows), rules)
    assert got == expected
    assert isinstance(got, str) and "r.csv:3" in got and "r.csv:6" in got, got


GOOD = [(place, period, ind) for place in ("慈溪市", "杭州市", "嵊州市") for period in ("2025", "2024")
        for ind in ("nursing_bed_share", "certified_carers", "elderly_population", "assistance_funds", "nursing_beds",
                    "institution_beds", "dementia_care_beds")]
SPELLED = {"慈溪市": ["慈溪市", "330282", " 慈溪 "], "杭州市": ["杭州市", "杭州"], "嵊州市": ["嵊州市", "330683"],
           "2025": ["2025", "2025年"], "2024": ["2024"], "nursing_bed_share": ["nursing_bed_share", "护理型床位占比"],
           "certified_carers": ["certified_carers", "持证护理员数"]}


@given(picked=st.lists(st.sampled_from(GOOD), unique=True, max_size=30), data=st.data())
def test_streamed_csv_of_good_rows_gives_the_same_verdicts(rules: RuleSet, picked: list[tuple[str, str, str]],
                                                            data: st.DataObject, tmp_path_factory: Any) -> None:
    rows = [(data.draw(st.sampled_from(SPELLED.get(place, [place]))), data.draw(st.sampled_from(SPELLED[period])),
             data.draw(st.sampled_from(SPELLED.get(ind, [ind]))), data.draw(st.sampled_from(VALUES[:7] + VALUES[9:])),
             data.draw(st.sampled_from(UNITS))) for place, period, ind in picked]
    path = _write(tmp_path_factory.mktemp("csv") / "good.csv", ["地区", "年度", "指标", "数值", "单位"], rows)
    got, expected = _both(path, rules)
    assert got == expected


def test_streamed_csv_repeats_unknowns_and_odd_rows_like_tables(rules: RuleSet, tmp_path: Path) -> None:
    rows = [["慈溪市", "2025", "nursing_bed_share", "78%"], ["慈溪市", "2025", "护理型床位占比", "79%", "%"],
            ["慈溪市"], ["", "", "", ""], ["未知县", "2025", "x", "1"], ['杭州市', '2025', 'certified_carers', '5319']]
    got, expected = _both(_write(tmp_path / "r.csv", ["jurisdiction", "period", "indicator", "value", "unit"], rows),
                          rules)
    assert got == expected
    assert "repeats indicator nursing_bed_share (first at" in got and "r.csv:2" in got and "未知县" in got


def test_a_csv_error_far_down_the_file_is_reported_as_tables_reports_it(rules: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    body = "".join(f"杭州市,{year},{ind},{year}\n" for year in range(1950, 2100)
                   for ind in ("certified_carers", "elderly_population", "x"))
    path.write_text("jurisdiction,period,indicator,value\n" + body + "杭州市,2025,x," + "9" * 200_000 + "\n",
                    encoding="utf-8")
    got, expected = _both(path, rules)
    assert got == expected and "not valid CSV: field larger than field limit" in got
    assert "unknown indicator" not in got  # tables stops at the CSV error before looking at any row


def test_a_header_problem_is_reported_as_tables_reports_it(rules: RuleSet, tmp_path: Path) -> None:
    got, expected = _both(_write(tmp_path / "h.csv", ["地区", "年度", "指 标x", "数值"], [["杭州市", "2025", "a", "1"]]),
                          rules)
    assert got == expected and "header" in got


def test_tables_with_sections_or_other_encodings_go_back_to_tables(rules: RuleSet, tmp_path: Path) -> None:
    sections = _write(tmp_path / "s.csv", ["地区", "年度", "指标", "数值", "类别"], [["杭州市", "2025", "certified_carers", "1", "新增"]])
    assert stream.stream_csv_reports(sections, rules, progress=False) is None
    gbk = tmp_path / "g.csv"
    gbk.write_bytes("地区,年度,指标,数值\n杭州市,2025,持证护理员,5319\n".encode("gb18030"))
    assert stream.stream_csv_reports(gbk, rules, progress=False) is None


def test_values_are_read_only_for_reports_that_rules_apply_to(rules: RuleSet, tmp_path: Path) -> None:
    rows = [["杭州市", "2025", "certified_carers", "5319"], ["杭州市", "2019", "certified_carers", "not a number"]]
    streamed = stream.stream_csv_reports(_write(tmp_path / "k.csv", ["地区", "年度", "指标", "数值"], rows), rules,
                                       progress=False)
    assert streamed is not None and len(streamed) == 2 and streamed.kept == 1
    reports = list(streamed)
    assert reports[0].values["certified_carers"].quantity is not None and reports[1].values == {}
    assert evaluate(rules, reports[1]).results == []  # as tables' report: no rule is due in 2019
    every = stream.stream_csv_reports(tmp_path / "k.csv", rules, progress=False, keep_all=True)  # check --record
    assert every is not None and [set(r.values) for r in every] == [{"certified_carers"}] * 2


def _cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def test_check_streams_a_big_csv_and_prints_what_it_prints_for_a_small_one(monkeypatch: pytest.MonkeyPatch,
                                                                           tmp_path: Path) -> None:
    rows = [[place, str(year), ind, value] for year in (2024, 2025) for place in ("慈溪市", "杭州市", "嵊州市")
            for ind, value in (("nursing_bed_share", "78%"), ("certified_carers", "5310人"),
                               ("elderly_population", "190.5万人"))]
    path = _write(tmp_path / "big.csv", ["地区", "年度", "指标", "数值"], rows)
    fixtures = str(Path(__file__).parent / "fixtures" / "targets")
    calls: list[str] = []
    real = stream.stream_csv_reports

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append("streamed")
        return real(*args, **kwargs)

    monkeypatch.setattr(stream, "stream_csv_reports", counted)
    for extra in (["--format", "json"], ["--format", "text"], ["--format", "json", "--year", "2025"]):
        monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 1 << 40)
        small = _cli(["check", str(path), "--targets", fixtures, "--no-bundled", *extra])
        monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
        assert _cli(["check", str(path), "--targets", fixtures, "--no-bundled", *extra]) == small
    assert calls == ["streamed"] * 3
    reports = json.loads(_cli(["check", str(path), "--targets", fixtures, "--no-bundled", "--format", "json"])[1])["reports"]
    # six reports, and 绍兴市's made from its county's rows for its each-county rule
    assert [r["report"]["jurisdiction"] for r in reports].count("绍兴市") == 1 and len(reports) == 7


def test_an_empty_partition_gives_an_empty_result_of_the_same_shape(rules: RuleSet) -> None:
    assert bulk.evaluate_table(rules, []) == []
    empty = bulk.evaluate_table(rules, {"地区": [], "年度": [], "指标": [], "数值": []})
    assert empty == {c: [] for c in bulk.RESULT_COLUMNS}
    pd = pytest.importorskip("pandas")
    frame = bulk.evaluate_table(rules, pd.DataFrame({"jurisdiction": ["杭州市"], "period": [2025],
                                                     "indicator": ["certified_carers"], "value": [math.nan]}))
    assert list(frame.columns) == list(bulk.RESULT_COLUMNS) and len(frame) == 0
    assert str(frame["gap"].dtype) == "float64" and str(frame["period"].dtype) == "int64"
    full = bulk.evaluate_table(rules, pd.DataFrame(ROWS))
    assert frame.dtypes.to_dict() == full.dtypes.to_dict()  # a Dask meta matches every partition


@pytest.mark.parametrize("block", [5, 13, 64])
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_block_boundaries_quotes_and_lone_cr_read_as_csv_reads_them(rules: RuleSet, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch, block: int,
                                                                     ending: str) -> None:
    """Lines cut by the reader's blocks, CRLF split across two blocks, a quoted field with a line break
    further down, a lone CR: the plain-line splitter and the csv module hand over without a seam."""
    monkeypatch.setattr(stream, "BLOCK", block)
    head = ending.join(["地区,年度,指标,数值,单位", *(f"杭州市,{y},certified_carers,{5000 + y},人" for y in range(1990, 2026))])
    tails = ["", ending + '慈溪市,2025,"护理型床位占比","78%",' + ending + '嵊州市,2025,"持证护理员","5,319",人',
             ending + '杭州市,2025,elderly_population,"190\n万",人', ending + "杭州市,2025,assistance_funds,0.29\r亿元,",
             ending + "杭州市,2025,certified_carers,1,人"]  # the last one repeats an indicator
    for i, tail in enumerate(tails):
        path = tmp_path / f"b{i}.csv"
        path.write_bytes((head + tail + ending * (i % 2)).encode("utf-8"))
        got, expected = _both(path, rules)
        assert got == expected, tail
    assert "repeats indicator certified_carers" in got


AS_OF = ["2025-12-31", "2025-06-30", "2025/6/30", "2024-12-31", "", "not a date", "2025-13-01"]
TARGET_YEARS = ["", "2025", "2024", "2025年", "20x5"]


@given(rows=st.lists(st.tuples(st.sampled_from(PLACES[:3]), st.sampled_from(PERIODS[:3]), st.sampled_from(INDICATORS[:6]),
                               st.sampled_from(VALUES[:7]), st.sampled_from(UNITS), st.sampled_from(AS_OF),
                               st.sampled_from(TARGET_YEARS)), max_size=25),
       header=st.sampled_from([["地区", "年度", "指标", "数值", "单位", "截至日期", "对照年度"],
                               ["截至日期", "地区", "年度", "指标", "数值", "单位"],
                               ["jurisdiction", "period", "indicator", "value", "target_year"]]))
def test_streamed_csv_with_as_of_and_target_year_columns_reads_as_tables(
        rules: RuleSet, rows: list[tuple[str, ...]], header: list[str], tmp_path_factory: Any) -> None:
    # a quarter's table names its 截至日期 on every row: the stream reads it (a national quarter is far beyond
    # the table reader's bound), taking each report's first date and refusing another one, as tables does
    if header[0] == "截至日期":
        rows = [(a, j, p, i, v, u) for j, p, i, v, u, a, _ in rows]
    elif header[-1] == "target_year":
        rows = [(j, p, i, v, t) for j, p, i, v, _, _, t in rows]
    got, expected = _both(_write(tmp_path_factory.mktemp("csv") / "dated.csv", header, rows), rules)
    assert got == expected


def test_a_report_first_named_by_a_row_with_an_unknown_indicator_comes_first(rules: RuleSet, tmp_path: Path) -> None:
    # the report a row names is opened even when its indicator is unknown: its later problems (R601 here) are
    # listed in the order the reports were first named, by the stream and the table reader alike
    rows = [("慈溪市", "2025", "持证护理员", "78%", "", "2025-12-31"), ("杭州", "2025", "nursing_bed_share", "78%", "", "2024-12-31"),
            ("慈溪市", "2025", "nursing_bed_share", "78%", "", "2024-12-31")]
    got, expected = _both(_write(tmp_path / "dated.csv", ["地区", "年度", "指标", "数值", "单位", "截至日期"], rows), rules)
    assert got == expected
    assert isinstance(got, str) and got.index("dated.csv:4: R601") < got.index("dated.csv:3: R601"), got


def test_a_quarter_table_with_its_as_of_is_streamed_with_the_dates_it_gives(rules: RuleSet, tmp_path: Path) -> None:
    rows = [["慈溪市", "2025", "nursing_bed_share", "78%", "2025-06-30"],
            ["慈溪市", "2025", "certified_carers", "1500", "2025-06-30"],
            ["杭州市", "2025", "certified_carers", "5319", "2025-09-30"],
            ["杭州市", "2025", "nursing_beds", "12", "2025-06-30"]]
    path = _write(tmp_path / "q.csv", ["地区", "年度", "指标", "数值", "截至日期"], rows)
    with pytest.raises(PartlyRead) as caught:  # 杭州市's second date differs from its first: that report is spoiled
        stream.stream_csv_reports(path, rules, progress=False)
    text = str(caught.value)
    assert "q.csv:5" in text and "q.csv:4" in text and "截至日期" in text, text
    assert [r.jurisdiction.name for r in caught.value.reports] == ["慈溪市"]  # the other report is still checked
    good = _write(tmp_path / "g.csv", ["地区", "年度", "指标", "数值", "截至日期"], rows[:2])
    streamed = stream.stream_csv_reports(good, rules, progress=False)
    assert streamed is not None, "a table with a 截至日期 column went back to tables"
    (report,) = list(streamed)
    assert report.as_of.isoformat() == "2025-06-30" and report.target_year == 2025


ODD_VALUES = ["78%", "\u3000", "\xa0", " 80 ", "\u3000５\u3000", "\x1c", "1\u2003", "超过19"]


@given(rows=st.lists(st.tuples(st.sampled_from(PLACES[:3]), st.sampled_from(PERIODS[:2]), st.sampled_from(INDICATORS[:6]),
                               st.sampled_from(VALUES[:7] + ODD_VALUES), st.sampled_from(UNITS)), max_size=25),
       ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=3), bom=st.booleans(),
       block=st.sampled_from([7, 64, stream.BLOCK]))
def test_streamed_bytes_read_as_the_csv_module_reads_them(rules: RuleSet, rows: list[tuple[str, ...]], ends: list[str],
                                                          bom: bool, block: int, tmp_path_factory: Any) -> None:
    # the stream splits undecoded bytes: line ends of every kind (a lone CR hands over to the csv module, here or
    # among the first rows), a BOM, and values that only Unicode spaces fill (empty, as str.strip sees them)
    # read as the table reader reads them
    lines = ["地区,年度,指标,数值,单位", *(",".join(r) for r in rows)]
    text = "".join(line + ends[k % len(ends)] for k, line in enumerate(lines))
    path = tmp_path_factory.mktemp("csv") / "ends.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    try:
        expected: Any = _outcome(tables.load_table_reports(path, rules), rules)
    except InputError as exc:
        expected = str(exc)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stream, "BLOCK", block)
        try:
            streamed = stream.stream_csv_reports(path, rules, progress=False)
            assert streamed is not None, "a plain UTF-8 table went back to tables"
            got: Any = _outcome(streamed, rules)
        except InputError as exc:
            got = str(exc)
    assert got == expected


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_a_long_table_whose_header_ends_in_a_lone_cr_reads_as_tables(rules: RuleSet, tmp_path: Path, end: str) -> None:
    # the header's line break decides where the rows start: past the reader's buffers, a lone CR hands the whole
    # table to the csv module from where it stopped, a CRLF or LF lets the bytes be split
    body = "".join(f"{place},{year},{ind},{year}\n" for place in ("慈溪市", "杭州市", "嵊州市")
                   for year in range(1950, 2100) for ind in ("certified_carers", "elderly_population", "nursing_beds",
                                                                   "institution_beds", "dementia_care_beds"))
    path = tmp_path / "long.csv"
    path.write_text("地区,年度,指标,数值" + end + "慈溪市,2025,nursing_bed_share,78%\n" + body, encoding="utf-8",
                    newline="")
    assert path.stat().st_size > 64 << 10
    got, expected = _both(path, rules)
    assert got == expected and isinstance(got, list) and len(got) == 3 * 150, got


def test_the_first_bytes_of_the_spaces_bytes_strip_keeps_are_all_known() -> None:
    from mzcheck.read.rows import _SPACE_LEADS

    kept = {c.encode()[0] for c in map(chr, range(0x110000)) if c.isspace() and c.encode().strip()}
    assert kept == _SPACE_LEADS


# ------------------------------------------------------------------------ pieces read side by side


def _pieces(path: Path, rules: RuleSet, jobs: int) -> tuple[Any, list[bool]]:
    """What the stream gives for ``path`` read in ``jobs`` pieces, and what each absorb of a piece answered."""
    answers: list[bool] = []
    real = stream.Grouper.absorb

    def absorb(self: Any, reports: Any, settled: Any = None, needed: Any = None) -> bool:
        answers.append(real(self, reports, settled, needed))
        return answers[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(forks, "JOBS", jobs)
        mp.setattr(stream, "SPLIT_MIN_BYTES", 0)
        mp.setattr(stream.Grouper, "absorb", absorb)
        try:  # every value kept (as check --record keeps them), so the values gathered are all compared
            streamed = stream.stream_csv_reports(path, rules, progress=False, keep_all=True)
            assert streamed is not None
            got: Any = [(r.jurisdiction.code, r.period, r.as_of, r.target_year, sorted(r.values.items()))
                        for r in streamed]
        except PartlyRead as exc:
            got = (str(exc), [r.jurisdiction.code for r in exc.reports])
        except InputError as exc:
            got = str(exc)
    return got, answers


def _long_rows(places: Sequence[str], years: range) -> list[list[str]]:
    inds = ("certified_carers", "elderly_population", "nursing_beds", "institution_beds", "dementia_care_beds")
    return [[place, str(year), ind, str(year % 97 + k)] for place in places for year in years
            for k, ind in enumerate(inds)]


@pytest.mark.parametrize("jobs", [2, 3, 4])
def test_pieces_read_side_by_side_give_the_reports_of_one_reader(rules: RuleSet, tmp_path: Path, jobs: int) -> None:
    # a report's rows come back in later pieces (the first rows of 慈溪市 2025 and more at the end): its values
    # and the lines of its indicators are those one reader gathers, and every piece is taken as it was read
    rows = [["慈溪市", "2025", "nursing_bed_share", "78%"], *_long_rows(("杭州市", "嵊州市"), range(1950, 2100)),
            ["慈溪市", "2025", "certified_carers", "5319"]]
    path = _write(tmp_path / "long.csv", ["地区", "年度", "指标", "数值"], rows)
    one, _ = _pieces(path, rules, 1)
    got, answers = _pieces(path, rules, jobs)
    assert got == one and isinstance(got, list) and len(got) == 1 + 2 * 150
    assert answers == [True] * (jobs - 1)
    (cixi,) = [r for r in got if r[0] == "330282"]
    assert [ind for ind, _ in cixi[4]] == ["certified_carers", "nursing_bed_share"]


@pytest.mark.parametrize("pieces", [1, 2, 3, 4, 7])
def test_pieces_start_at_line_starts_this_process_taking_a_head_start(tmp_path: Path, pieces: int,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The pieces of a table are cut at line starts, in order, from the rows' offset to the file's end; this
    process's piece is larger than an equal share by HEAD_START of one (within a line), the others equal."""
    header = b"jurisdiction,period,indicator,value\n"
    lines = [f"地区{k % 7},2025,指标{k},{k}\n".encode() for k in range(20_000)]
    path = tmp_path / "t.csv"
    path.write_bytes(header + b"".join(lines))
    offset, size = len(header), path.stat().st_size
    starts = set(itertools.accumulate((len(x) for x in lines), initial=offset))
    monkeypatch.setattr(stream, "SPLIT_MIN_BYTES", 0)
    with open(path, "rb") as raw:
        cuts = stream._cuts(raw, offset, size, pieces, 1 << 20)
    assert cuts[0] == offset and cuts[-1] == size and len(cuts) == pieces + 1
    assert cuts == sorted(set(cuts)) and set(cuts[1:-1]) <= starts
    if pieces > 1:
        equal = (size - offset) / pieces
        longest = max(map(len, lines))
        assert abs((cuts[1] - offset) - equal * (1 + stream.HEAD_START)) <= longest
        rest = [b - a for a, b in itertools.pairwise(cuts[1:])]
        assert max(rest) - min(rest) <= 2 * longest


@pytest.mark.parametrize("odd", ["repeat", "unknown", "quote", "as_of"])
def test_a_piece_with_anything_odd_is_read_again_by_the_reader_before_it(rules: RuleSet, tmp_path: Path,
                                                                          odd: str) -> None:
    # a value given again in a later piece, an unknown place, a quoted field or another 截至日期 there: the
    # messages (their lines, their order) and the reports are one reader's, never a piece's own
    rows = [["慈溪市", "2025", "nursing_bed_share", "78%", "2025-12-31"],
            *[[*r, ""] for r in _long_rows(("杭州市", "嵊州市"), range(1950, 2100))]]
    last = {"repeat": ["慈溪市", "2025", "护理型床位占比", "79%", ""],
            "unknown": ["未知县", "2025", "certified_carers", "1", ""],
            "quote": ["慈溪市", "2025", "certified_carers", "5,319", ""],
            "as_of": ["慈溪市", "2025", "certified_carers", "5319", "2025-06-30"]}[odd]
    path = _write(tmp_path / "odd.csv", ["地区", "年度", "指标", "数值", "截至日期"], [*rows, last])
    one, _ = _pieces(path, rules, 1)
    got, answers = _pieces(path, rules, 3)
    assert got == one
    assert answers != [True, True], answers  # the last piece was not taken as its process read it
    if odd != "quote":
        assert isinstance(got, tuple) and ".csv:1503: " in got[0], got  # the last line, as one reader names it
