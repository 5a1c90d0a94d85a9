"""B: the bulk and engine APIs: tables, columns, Dask, Spark / 批量与分布式."""

from __future__ import annotations

from mzcheck.core.messages import code

# --- B1xx: column verdicts (mzcheck.bulk.compare_column, evaluate_column)
UNKNOWN_COMPARATOR = code(
    "B101", "column-unknown-comparator", "未知比较符 {comparator!r}", "unknown comparator {comparator!r}",
    why=("数值列的比较符为 >=、<=、>、<、== 或 between。", "A column is compared with >=, <=, >, <, == or between."),
    help=("请使用 >=、<=、>、<、== 或 between", "use >=, <=, >, <, == or between"))
BETWEEN_NEEDS_RANGE = code(
    "B102", "between-needs-range", "between 需要区间目标 (下限, 上限)", "'between' needs a target (low, high)",
    why=("区间比较需要两个界值:下限和上限。", "A range comparison takes two bounds, the low and the high one."))
RANGE_REVERSED = code(
    "B103", "column-range-reversed", "区间下限大于上限", "the range's low bound is above its high bound",
    why=("区间 (下限, 上限) 的下限不能大于上限。", "In a range (low, high) the low bound cannot be above the high one."))
NOT_A_COLUMN_KIND = code(
    "B104", "not-a-column-kind", "规则 {id} 是 {kind} 类规则;数值列只能对照水平值类规则(level、range、each、maintain)检查",
    "rule {id} is a {kind} rule; a column of values can be checked against level, range, each or maintain rules",
    why=("一列数值只能直接对照水平值类目标;增量、增长和相对目标需要往年或参照数值,请用 evaluate_table。",
         "A column of values is judged directly only against a level of some kind; increments, growth and relative "
         "targets need earlier or reference values: use evaluate_table."))
NOT_ONE_COLUMN = code(
    "B105", "not-one-column", "应为一列数值,收到形状为 {shape} 的数组", "expected one column of values, got an array of "
    "shape {shape}",
    why=("compare_column 和 evaluate_column 接受一维数组、列表或序列。",
         "compare_column and evaluate_column take a one-dimensional array, list or series."))

# --- B2xx: tables (mzcheck.bulk.evaluate_table)
NOT_A_TABLE = code(
    "B201", "not-a-table", "表格应为行列表、列字典、DataFrame 或 Arrow 表,而非 {type}",
    "a table is a list of rows, a dict of columns, a pandas DataFrame or a pyarrow Table, not {type}",
    why=("evaluate_table 接受行的列表(每行一个映射)、列的字典、pandas DataFrame 或 pyarrow Table。",
         "evaluate_table takes a list of rows (a mapping each), a dict of columns, a pandas DataFrame or a pyarrow "
         "Table."))
ROW_NOT_A_MAPPING = code(
    "B202", "row-not-a-mapping", "第 {row} 行不是“列名: 值”映射", "row {row} is not a mapping of column → value",
    why=("按行给出的表格,每一行是一个“列名: 值”映射。", "In a table given as rows, each row is a mapping of column → value."))
COLUMN_LENGTHS = code(
    "B203", "column-lengths", "各列长度不一致:{lengths}", "the columns have different lengths {lengths}",
    why=("按列给出的表格,每一列的行数必须相同。", "A table given as columns has the same number of rows in each."))

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

# --- B6xx: arguments of the library's entry points (mzcheck.load_targets, load_report, evaluate, evaluate_table …)
WRONG_ARGUMENT = code(
    "B601", "wrong-argument", "{function} 的参数 {argument} 应为{expected_zh},而非 {type}",
    "{function}: {argument} is {expected_en}, not {type}",
    why=("mzcheck 的库函数在开始工作前检查参数的类型,以 mzcheck 自己的错误说明哪个参数不对,而不是在深处抛出 "
         "AttributeError。", "mzcheck's library functions check their arguments before any work and say which one "
         "is wrong with mzcheck's own error, rather than failing deep inside with an AttributeError."))
YEAR_ARGUMENT = code(
    "B602", "year-argument", "{function} 的参数 {argument}:{shown_zh}不是年份(如 2025)",
    "{function}: {argument} {shown_en} is not a year (e.g. 2025)",
    why=("目标年份是 1949 至 2100 之间的整数,或只由数字组成的文本(如 \"2025\")。",
         "A target year is a whole number from 1949 to 2100, or text of its digits alone (\"2025\")."))
