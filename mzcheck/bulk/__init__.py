"""Bulk evaluation / 批量检查: whole tables and numeric columns at once.

- :func:`evaluate_table` checks the CSV layout of docs/contract.md (jurisdiction, period, indicator, value, unit)
  given as row dicts, a dict of columns, a pandas DataFrame or a pyarrow Table, and answers in the same
  shape: one row per rule per (jurisdiction, period) with rule_id, status, actual, target and gap. It keeps
  no state between calls, so Spark's ``applyInPandas`` and Dask's ``map_partitions`` run it unchanged
  (docs/scale.md). Its rows are grouped by the table reader's own code (:mod:`mzcheck.read.rows`).
- :func:`evaluate_column` / :func:`compare_column` give verdicts for a column of numbers held in one unit,
  through the comparison core's float cuts (:mod:`mzcheck.bulk.columns`).

Big CSV files for ``mzcheck check`` are streamed by :mod:`mzcheck.read.stream`.

A float stands for the decimal it prints as, everywhere in mzcheck: ``0.29`` is 29/100, not the binary
number 0.28999999999999998 (docs/design/0001-numeric-model.md).
"""

from __future__ import annotations

from mzcheck.bulk.adapters import RESULT_COLUMNS, spark_schema
from mzcheck.bulk.columns import STATUSES, ColumnVerdicts, compare_column, evaluate_column
from mzcheck.bulk.tables import evaluate_table

__all__ = [
    "RESULT_COLUMNS",
    "STATUSES",
    "ColumnVerdicts",
    "compare_column",
    "evaluate_column",
    "evaluate_table",
    "spark_schema",
]
