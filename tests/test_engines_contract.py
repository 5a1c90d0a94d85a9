"""The contract of the paths: local (mzcheck.bulk), Dask (mzcheck.dask) and Spark (mzcheck.spark) give
identical results on the same province-wide table, float32 columns included, on tables where a parent's
each-child rule gathers its children's reports, and the same located error for a bad row; and the local
path gives the rows ``mzcheck check`` gives for the same table as a CSV file. The exact path is
bulk.evaluate_table on row dicts of decimal text."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from engines import (
    COLUMNS,
    GATHERED,
    each_city_rules,
    each_city_table,
    gathered_table,
    local_frame,
    province_table,
    sorted_frame,
    warehouse_table,
    write_csv,
)

from mzcheck import bulk
from mzcheck.cli import main
from mzcheck.core.errors import InputError
from mzcheck.load.ruleset import RuleSet

FIXTURES = Path(__file__).parent / "fixtures" / "targets"

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

EVERY_STATUS = {"met", "not_met", "missing", "invalid", "not_due", "on_track", "behind"}


def _spark_frame(session: Any, frame: Any, partitions: int) -> Any:
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([StructField(c, StringType()) for c in frame.columns])
    rows = [tuple(None if v is None or v != v else v for v in row) for row in frame.itertuples(index=False)]
    # contiguous slices in the table's order, so a report's rows are split across partitions
    return session.createDataFrame(session.sparkContext.parallelize(rows, partitions), schema)


def _all_paths(rules: RuleSet, frame: Any, session: Any, spark_frame: Any, partitions: int = 3,
               waivers: Any = None) -> dict[str, Any]:
    import dask.dataframe as dd

    import mzcheck.dask
    import mzcheck.spark

    ddf = dd.from_pandas(frame, npartitions=partitions)
    out = {"local": sorted_frame(bulk.evaluate_table(rules, frame, waivers=waivers)),
           "dask": sorted_frame(mzcheck.dask.evaluate_table(rules, ddf, waivers=waivers).compute())}
    for large in ("true", "false"):  # Spark 4 hands strings over as large_string, or not, by this setting
        session.conf.set("spark.sql.execution.arrow.useLargeVarTypes", large)
        spark_rows = mzcheck.spark.evaluate_table(rules, spark_frame, waivers=waivers).toPandas()
        out[f"spark, large strings {large}"] = sorted_frame(spark_rows)
    return out


WAIVERS = """\
waivers:
  - rule: t-carers
    jurisdiction: 杭州市
    reason: 考试延期 / the exam was postponed
    approved_by: 浙江省民政厅
    expires: 2030-12-31
"""


def test_the_three_paths_and_the_command_agree_on_waivers(rules: RuleSet, spark: Any, dask_client: Any, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Waivers turn the same results into ``waived`` on every path, each row keeping the status it replaced in
    ``waived_from``, as ``mzcheck check --waivers`` keeps it in ``waiver.verdict``."""
    from mzcheck.load.waivers import load_waivers

    (tmp_path / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    waivers = load_waivers([tmp_path / "waivers.yaml"], rules)
    rows = province_table()
    plain, exact = local_frame(rules, rows), local_frame(rules, rows, waivers)
    waived = exact[exact["status"] == "waived"]
    assert set(waived["rule_id"]) == {"t-carers"} and len(waived) >= 1
    assert (exact["waived_from"].notna() == (exact["status"] == "waived")).all()
    # a waived row keeps the verdict it would have had; every other row is what it was without waivers
    before = plain.set_index(["code", "period", "rule_id"])["status"]
    for _, row in waived.iterrows():
        assert row["waived_from"] == before[(row["code"], row["period"], row["rule_id"])] != "met"
    def keyed(frame: Any) -> dict[tuple[str, int, str], str]:
        frame = frame.astype(object).where(frame.notna(), None)  # NaN and None alike: an empty cell
        return {(row["code"], row["period"], row["rule_id"]): repr(row.to_dict()) for _, row in frame.iterrows()}

    waived_keys = {(row["code"], row["period"], row["rule_id"]) for _, row in waived.iterrows()}
    assert {k: v for k, v in keyed(exact).items() if k not in waived_keys} == {
        k: v for k, v in keyed(plain).items() if k not in waived_keys}
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for path, got in _all_paths(rules, frame, spark, _spark_frame(spark, frame, 3), waivers=waivers).items():
        pd.testing.assert_frame_equal(got, exact, obj=path)
    write_csv(rows, tmp_path / "table.csv")
    code = main(["check", str(tmp_path / "table.csv"), "--targets", str(FIXTURES), "--no-bundled", "--format", "json",
                 "--waivers", str(tmp_path / "waivers.yaml")])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    cli = {(rep["report"]["code"], rep["report"]["period"], r["rule_id"]): (r["status"], (r.get("waiver") or {}).get("verdict"))
           for rep in json.loads(out)["reports"] for r in rep["results"]}
    table = {(row["code"], row["period"], row["rule_id"]): (row["status"], row["waived_from"]) for _, row in exact.iterrows()}
    assert table == cli


def test_the_three_paths_agree_on_a_province_table(rules: RuleSet, spark: Any, dask_client: Any) -> None:
    rows = province_table()
    exact = local_frame(rules, rows)
    assert set(exact["status"]) == EVERY_STATUS
    # the each-child rules: 杭州市's counties (under the parent's rows) and 绍兴市's, one county missing its value
    each = exact.set_index("rule_id")
    assert each.loc["t-shaoxing-each-county-carers"].set_index("jurisdiction").loc["绍兴市", "status"] == "not_met"
    assert (exact["jurisdiction"] == "杭州市").sum() == 12  # 杭州, 330100 and 杭州市 are one report a year
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for path, got in _all_paths(rules, frame, spark, _spark_frame(spark, frame, 3)).items():
        pd.testing.assert_frame_equal(got, exact, obj=path)


@pytest.mark.parametrize("which", GATHERED)
def test_the_three_paths_agree_when_a_parent_gathers_its_childrens_reports(rules: RuleSet, spark: Any, dask_client: Any,
                                                                            which: str) -> None:
    """A parent's each-child rule sees its children's own reports on every path, however the parts split them:
    the engines key a child's rows on its parent, and a part knows whether the table holds other reports."""
    rows = gathered_table(which)
    exact = local_frame(rules, rows)
    hangzhou = exact[exact["jurisdiction"] == "杭州市"].set_index("rule_id")["status"]
    expected = {"parents made": "not_met", "parents' own rows": "missing", "children only": "missing"}
    assert hangzhou.get("t-centralized-each") == expected.get(which)  # "one report": no 杭州市 report at all
    if which == "parents' own rows":  # every county of 绍兴市, one in its own rows, the others on their own
        assert exact.set_index(["jurisdiction", "rule_id"]).loc[("绍兴市", "t-shaoxing-each-county-carers"), "status"] == "met"
    frame = pd.DataFrame(rows, columns=list(rows[0]))
    for partitions in (3, 1):  # a family split over parts, and the whole table in one
        paths = _all_paths(rules, frame, spark, _spark_frame(spark, frame, partitions), partitions)
        for path, got in paths.items():
            pd.testing.assert_frame_equal(got, exact, obj=f"{path}, {partitions} partitions")


def test_a_chain_of_each_child_rules_is_one_part_on_every_path(spark: Any, dask_client: Any, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """浙江省 sets a rule for each city and 杭州市 one for each county: a county's rows go with 杭州市's, and
    杭州市's with 浙江省's, so every path (and the command line) gathers both levels alike."""
    from mzcheck.bulk.partition import ReportKeys

    rules, layer = each_city_rules(tmp_path)
    keys = ReportKeys(rules)(["330106", "杭州", "嵊州市", "绍兴市", "慈溪市", "西湖区"], ["2025", "2025", "2025", "2025",
                                                                                   "2025.0", "2025"])
    assert keys == ["330000|2025"] * 4 + ["330282|2025", "?西湖区|2025"]  # 宁波市 sets no each-county rule
    rows = each_city_table()
    exact = local_frame(rules, rows)
    by = exact.set_index(["jurisdiction", "rule_id"])["status"]
    assert by[("浙江省", "t-province-each-city-carers")] == "not_met"  # 杭州市 900 < 1000 (宁波 met; the rest missing)
    assert by[("绍兴市", "t-shaoxing-each-county-carers")] == "missing"  # made from 嵊州市's report
    frame = pd.DataFrame(rows, columns=list(rows[0]))
    for path, got in _all_paths(rules, frame, spark, _spark_frame(spark, frame, 3)).items():
        pd.testing.assert_frame_equal(got, exact, obj=path)
    write_csv(rows, tmp_path / "table.csv")
    code = main(["check", str(tmp_path / "table.csv"), "--targets", str(FIXTURES), "--targets", str(layer),
                 "--no-bundled", "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert _library_rows(rules, rows) == _cli_rows(out)


def _library_rows(rules: RuleSet, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(((r["jurisdiction"], r["code"], r["period"], r["rule_id"], r["indicator"], r["status"],
                    r["severity"], *(_exact(r[c]) for c in ("actual", "target", "target_high", "gap")), r["unit"])
                   for r in bulk.evaluate_table(rules, rows)), key=_row_key)


def _cli_rows(out: str) -> list[tuple[Any, ...]]:
    """``mzcheck check --format json`` results as bulk rows (jurisdiction … unit), numbers exact."""
    def value(amount: dict[str, Any] | None, unit: str) -> Decimal | None:
        if amount is None:
            return None
        assert amount["unit"] == unit  # actual and gap in the target's unit, as the bulk row says
        return Decimal(str(amount["value"]))

    rows = []
    for check in json.loads(out, parse_float=Decimal)["reports"]:
        report = check["report"]
        for r in check["results"]:
            unit = r["target"]["unit"]
            target = r["target"]["value"]
            low, high = (target[0], target[1]) if isinstance(target, list) else (target, None)
            rows.append((report["jurisdiction"], report["code"], report["period"], r["rule_id"], r["indicator"],
                         r["status"], r["severity"], value(r["actual"], unit), _exact(low), _exact(high),
                         value(r["gap"], unit), unit))
    return sorted(rows, key=_row_key)


def _row_key(row: tuple[Any, ...]) -> tuple[str, int, str]:
    return row[1], row[2], row[3]  # code, period, rule: one result each


def _exact(v: Any) -> Decimal | None:
    return None if v is None else Decimal(str(v))


@pytest.mark.parametrize("streamed", [False, True], ids=["table reader", "big-CSV stream"])
@pytest.mark.parametrize("which", ["province", *GATHERED])
def test_the_table_path_gives_the_rows_mzcheck_check_gives(rules: RuleSet, capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           which: str, streamed: bool) -> None:
    """bulk.evaluate_table on a table and ``mzcheck check`` on the same table as a CSV file: the same rules
    for the same reports (the parents' gathered ones included), statuses, severities and exact numbers,
    whether the command reads the file whole or streams it (plain columns: only the values rules read)."""
    from mzcheck.read import stream

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0 if streamed else 1 << 40)
    rows = province_table() if which == "province" else gathered_table(which)
    write_csv(rows, tmp_path / "table.csv")
    code = main(["check", str(tmp_path / "table.csv"), "--targets", str(FIXTURES), "--no-bundled", "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    library = _library_rows(rules, rows)
    assert library == _cli_rows(out)
    gathered = {"parents made": {"杭州市", "绍兴市"}, "parents' own rows": {"杭州市", "绍兴市"}, "one report": set(),
                "children only": {"杭州市"}, "province": {"杭州市", "绍兴市"}}[which]
    assert {r[0] for r in library} & {"杭州市", "绍兴市"} == gathered


def test_float32_values_are_the_decimals_they_show_on_every_path(rules: RuleSet, spark: Any,
                                                                  dask_client: Any) -> None:
    frame, rows = warehouse_table(pd, np)
    exact = local_frame(rules, rows)
    funds = exact.set_index("rule_id").loc["t-funds"]
    assert (funds["status"], funds["actual"]) == ("met", 0.29)  # float32 0.29 meets ≥ 0.29亿元
    sdf = spark.createDataFrame(frame)
    assert dict(sdf.dtypes)["value"] == "float"  # Spark's FloatType: float32 through Arrow
    for path, got in _all_paths(rules, frame, spark, sdf).items():
        pd.testing.assert_frame_equal(got, exact, obj=path)


BAD_ROWS = [
    # an unknown indicator in the middle of the table
    ({"地区": "嵊州市", "年度": "2025", "指标": "护理床位比例??", "数值": "1"}, "unknown indicator"),
    # 杭州市's carers given again under another spelling: named against the first row, in the whole table
    ({"地区": "330100", "年度": "2025", "指标": "持证护理员数", "数值": "5400", "截至日期": "2025-06-30"}, "repeats"),
]


@pytest.mark.parametrize(("bad", "says"), BAD_ROWS, ids=["unknown-indicator", "repeated-indicator"])
def test_a_bad_row_gives_the_same_located_error_on_every_path(rules: RuleSet, spark: Any, dask_client: Any,
                                                               bad: dict[str, str], says: str) -> None:
    import dask.dataframe as dd

    import mzcheck.dask
    import mzcheck.spark

    rows = province_table()
    rows.insert(14, {c: bad.get(c) for c in COLUMNS})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    with pytest.raises(InputError) as local:
        bulk.evaluate_table(rules, rows)
    assert says in str(local.value) and "table:15" in str(local.value)
    with pytest.raises(InputError) as in_frame:
        bulk.evaluate_table(rules, frame)
    assert str(in_frame.value) == str(local.value)
    with pytest.raises(InputError) as on_dask:
        mzcheck.dask.evaluate_table(rules, dd.from_pandas(frame, npartitions=4)).compute()
    assert on_dask.value.problems == local.value.problems  # the same code, file, line, field and words
    with pytest.raises(Exception) as on_spark:  # Spark wraps a worker's error in its PythonException
        mzcheck.spark.evaluate_table(rules, _spark_frame(spark, frame, 4)).collect()
    assert str(local.value) in str(on_spark.value)
