"""mzcheck.spark.evaluate_table on a local Spark (local[2]): what a Spark user meets besides the results (the
contract test compares those): the declared schema, a CSV read by Spark in several partitions, results
written to Parquet, errors said at once or from the worker with the row in the whole table."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engines import COLUMNS, province_table, sorted_frame

from mzcheck import bulk
from mzcheck.core.errors import InputError
from mzcheck.load.ruleset import RuleSet

pd = pytest.importorskip("pandas")
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'mzcheck[spark]')")
mzspark = pytest.importorskip("mzcheck.spark")


def _csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows([["" if r[c] is None else r[c] for c in COLUMNS] for r in rows])
    return path


@pytest.fixture
def small_splits(spark: Any) -> Iterator[None]:
    """Files read in parts of at most 512 bytes, so a small CSV makes several partitions."""
    spark.conf.set("spark.sql.files.maxPartitionBytes", "512")
    yield
    spark.conf.unset("spark.sql.files.maxPartitionBytes")


def _read(spark: Any, path: Path) -> Any:
    return spark.read.csv(str(path), header=True, encoding="UTF-8")


@pytest.mark.usefixtures("small_splits")
def test_a_csv_read_by_spark_gives_what_the_file_gives_locally(rules: RuleSet, spark: Any, tmp_path: Path) -> None:
    path = _csv(tmp_path / "全省.csv", province_table())
    sdf = _read(spark, path)
    assert sdf.rdd.getNumPartitions() > 2
    results = mzspark.evaluate_table(rules, sdf)
    assert results.schema.simpleString() == spark.createDataFrame([], mzspark.result_schema()).schema.simpleString()
    local = bulk.evaluate_table(rules, pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]))
    pd.testing.assert_frame_equal(sorted_frame(results.toPandas()), sorted_frame(local))


@pytest.mark.usefixtures("small_splits")
def test_results_written_to_parquet_read_back_the_same(rules: RuleSet, spark: Any, tmp_path: Path) -> None:
    sdf = _read(spark, _csv(tmp_path / "全省.csv", province_table()))
    results = mzspark.evaluate_table(rules, sdf)
    results.write.parquet(str(tmp_path / "results"))
    again = spark.read.parquet(str(tmp_path / "results"))
    pd.testing.assert_frame_equal(sorted_frame(again.toPandas()), sorted_frame(results.toPandas()))


@pytest.mark.usefixtures("small_splits")
def test_a_bad_row_is_named_by_its_row_in_the_whole_file(rules: RuleSet, spark: Any, tmp_path: Path) -> None:
    rows = province_table()
    rows[19]["年度"] = "2O25"  # a letter O for the zero
    sdf = _read(spark, _csv(tmp_path / "全省.csv", rows))
    with pytest.raises(InputError) as local:
        bulk.evaluate_table(rules, rows, name="全省.csv")
    assert str(local.value).startswith("全省.csv:20: R302 period: '2O25' is not a year")
    with pytest.raises(Exception, match=r"Python worker") as err:
        mzspark.evaluate_table(rules, sdf, name="全省.csv").collect()
    assert str(local.value) in str(err.value)


def test_a_missing_column_is_refused_before_any_job(rules: RuleSet, spark: Any) -> None:
    sdf = spark.createDataFrame([("杭州市", "2025", "持证护理员数")], "jurisdiction string, period string, indicator string")
    with pytest.raises(InputError, match="missing column") as err:
        mzspark.evaluate_table(rules, sdf)
    with pytest.raises(InputError) as local:
        bulk.evaluate_table(rules, [{"jurisdiction": "杭州市", "period": "2025", "indicator": "持证护理员数"}])
    assert str(err.value) == str(local.value)


def test_a_table_that_is_not_a_spark_dataframe_is_refused_with_its_code(rules: RuleSet) -> None:
    with pytest.raises(InputError) as err:
        mzspark.evaluate_table(rules, province_table())
    assert err.value.code == "B502" and "pyspark.sql.DataFrame" in str(err.value)


def test_an_empty_dataframe_gives_no_rows(rules: RuleSet, spark: Any) -> None:
    sdf = spark.createDataFrame([], ", ".join(f"`{c}` string" for c in COLUMNS))
    assert mzspark.evaluate_table(rules, sdf).count() == 0
