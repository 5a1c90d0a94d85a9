"""B: Bulk and engine APIs / 批量与分布式接口."""

from __future__ import annotations

from mzcheck.core.messages import code

# --- B500–B999: the distributed engines (mzcheck.dask, mzcheck.spark)
ENGINE_MISSING = code(
    "B501", "engine-missing", "未安装 {engine}:请运行 pip install 'mzcheck[{extra}]'",
    "{engine} is not installed: pip install 'mzcheck[{extra}]'",
    why=("mzcheck.dask 与 mzcheck.spark 需要相应的计算引擎,它们不是 mzcheck 的必备依赖。",
         "mzcheck.dask and mzcheck.spark run on their engine, which mzcheck does not require."))
NOT_AN_ENGINE_TABLE = code(
    "B502", "not-an-engine-table", "{engine} 检查需要 {expected},收到的是 {got}",
    "the {engine} check takes a {expected}, not {got}",
    why=("mzcheck.dask.evaluate_table 接受 Dask DataFrame,mzcheck.spark.evaluate_table 接受 Spark DataFrame;"
         "本地的表格(行列表、pandas DataFrame、Arrow 表)请用 mzcheck.bulk.evaluate_table。",
         "mzcheck.dask.evaluate_table takes a Dask DataFrame and mzcheck.spark.evaluate_table a Spark DataFrame; "
         "a table in memory (rows, a pandas DataFrame, an Arrow table) goes to mzcheck.bulk.evaluate_table."),
    help=("本地表格请用 mzcheck.bulk.evaluate_table", "use mzcheck.bulk.evaluate_table for a table in memory"))
ENGINE_TOO_OLD = code(
    "B503", "engine-too-old", "{engine} 版本 {version} 过旧,需要 {needed} 或更新版本",
    "{engine} {version} is too old: mzcheck needs {needed} or later",
    why=("mzcheck.spark 用 Spark 4 的 groupBy(...).applyInArrow 逐份报表检查,更早的版本没有这个接口。",
         "mzcheck.spark checks each report with groupBy(...).applyInArrow, which Spark has from version 4.0."),
    help=("升级 pyspark:pip install 'mzcheck[spark]'", "upgrade pyspark: pip install 'mzcheck[spark]'"))
