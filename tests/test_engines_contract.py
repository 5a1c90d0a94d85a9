"""The contract of the three paths: local (mzcheck.bulk), Dask (mzcheck.dask) and Spark (mzcheck.spark) give
identical results on the same province-wide table, float32 columns included, and the same located error
for a bad row. The exact path is bulk.evaluate_table on row dicts of decimal text."""

from __future__ import annotations

from typing import Any

import pytest
from engines import (
    COLUMNS,
    local_frame,
    province_table,
    sorted_frame,
    warehouse_table,
)

from mzcheck import bulk
from mzcheck.core.errors import InputError
from mzcheck.load.ruleset import RuleSet

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

EVERY_STATUS = {"met", "not_met", "missing", "invalid", "not_due", "on_track", "behind"}


def _spark_frame(session: Any, frame: Any, partitions: int) -> Any:
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([StructField(c, StringType()) for c in frame.columns])
    rows = [tuple(None if v is None or v != v else v for v in row) for row in frame.itertuples(index=False)]
    # contiguous slices in the table's order, so a report's rows are split across partitions
    return session.createDataFrame(session.sparkContext.parallelize(rows, partitions), schema)


def _all_paths(rules: RuleSet, frame: Any, session: Any, spark_frame: Any) -> dict[str, Any]:
    import dask.dataframe as dd

    import mzcheck.dask
    import mzcheck.spark

    out = {"local": sorted_frame(bulk.evaluate_table(rules, frame)),
           "dask": sorted_frame(mzcheck.dask.evaluate_table(rules, dd.from_pandas(frame, npartitions=3)).compute())}
    for large in ("true", "false"):  # Spark 4 hands strings over as large_string, or not, by this setting
        session.conf.set("spark.sql.execution.arrow.useLargeVarTypes", large)
        out[f"spark, large strings {large}"] = sorted_frame(mzcheck.spark.evaluate_table(rules, spark_frame).toPandas())
    return out


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
