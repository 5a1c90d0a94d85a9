"""The bulk check on Spark / 在 Spark 上批量检查: :func:`evaluate_table`.

``mzcheck.spark.evaluate_table(rules, sdf)`` is :func:`mzcheck.bulk.evaluate_table` for a Spark DataFrame in
the report-table layout. Three steps, all in Arrow:

1. the rows are numbered by their position in the DataFrame (a small counting job over the input, so an
   error names the row as the local path names it), and a second small job finds whether the table holds
   more than one report (each partition stops reading at its second report);
2. ``mapInArrow`` gives each row its report's key (``mzcheck.bulk.partition``): row-local, no shuffle;
3. ``groupBy(key).applyInArrow`` checks each report, its child units' rows included, in one call (with
   a parent that sets a rule for each child unit, its children's reports too:
   docs/design/0026-each-child-across-engines.md), and answers with the declared schema
   :func:`mzcheck.bulk.spark_schema`.

The answer is a lazy Spark DataFrame with the rows the local path gives (in another order). Spark 4 hands
strings to Python as ``large_string`` when ``spark.sql.execution.arrow.useLargeVarTypes`` is on; the bulk
check answers in the string type it was given, so either setting works.

Needs ``pip install 'mzcheck[spark]'`` (pyspark 4, and Java 17 for a local Spark).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mzcheck.bulk import RESULT_COLUMNS, spark_schema
from mzcheck.bulk.partition import KEY, ROW, ReportKeys, check_columns, check_part, report_columns, reported_keys
from mzcheck.core.codes.bulk import ENGINE_MISSING, ENGINE_TOO_OLD, NOT_AN_ENGINE_TABLE
from mzcheck.core.errors import InputError
from mzcheck.model.waivers import Waivers

if TYPE_CHECKING:
    from mzcheck.load.ruleset import RuleSet

try:
    import pyarrow as pa
    import pyspark
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType
except ImportError as exc:  # an optional engine: say what to install
    raise ImportError(ENGINE_MISSING(engine="Spark", extra="spark").both()) from exc

__all__ = ["RESULT_COLUMNS", "evaluate_table", "result_schema"]

NEEDED = (4, 0)  # groupBy(...).applyInArrow
_ID = "_mzcheck_id"
_LOW_BITS = 33  # monotonically_increasing_id: the partition in the upper bits, the row within it in the lower 33


def result_schema() -> str:
    """The schema of the results, as Spark DDL: :func:`mzcheck.bulk.spark_schema`."""
    return spark_schema()


def evaluate_table(rules: RuleSet, sdf: Any, *, target_year: int | None = None, name: str = "table",
                   waivers: Waivers | None = None) -> Any:
    """Check every report of a Spark DataFrame; a lazy Spark DataFrame of results (:func:`result_schema`).

    The same rows as :func:`mzcheck.bulk.evaluate_table` on the whole table (``waivers`` too), in another order. A missing
    column is refused at once; an error in a row fails the job that computes the result, with the message
    the local path gives (``table:7: …``, the row's position in the DataFrame) inside Spark's
    ``PythonException``.
    """
    version = tuple(int(x) for x in pyspark.__version__.split(".")[:2] if x.isdigit())
    if version < NEEDED:
        raise InputError.of(ENGINE_TOO_OLD, engine="pyspark", version=pyspark.__version__, needed="4.0")
    if not isinstance(sdf, DataFrame):
        raise InputError.of(NOT_AN_ENGINE_TABLE, engine="Spark", expected="pyspark.sql.DataFrame",
                            got=type(sdf).__name__)
    check_columns(rules, sdf.columns, name)
    jurisdiction, period, value = report_columns(sdf.columns)
    keys = ReportKeys(rules)
    reported = sdf.select(jurisdiction, period, value).mapInArrow(_Reported(keys, jurisdiction, period, value),
                                                                  StructType([StructField(KEY, StringType())]))
    many = len({r[0] for r in reported.collect()}) > 1  # a table of a single report gathers nothing
    numbered = _numbered(sdf)
    keyed_schema = StructType([*numbered.schema.fields, StructField(KEY, StringType(), False)])
    keyed = numbered.mapInArrow(_Keys(keys, jurisdiction, period), keyed_schema)

    def check(group: pa.Table) -> pa.Table:  # typed: Spark picks the Arrow table API from the hints
        """applyInArrow: one report's rows, in the table's order, checked by the bulk check."""
        ordered = group.sort_by(ROW)
        return check_part(rules, ordered.drop_columns([KEY]), ordered.column(ROW).to_pylist(), name=name,
                          target_year=target_year, many=many, waivers=waivers)

    return keyed.groupBy(KEY).applyInArrow(check, schema=spark_schema())


def _numbered(sdf: Any) -> Any:
    """The rows with column ROW, their position in the DataFrame from 1 (partition by partition, in order)."""
    ids = sdf.withColumn(_ID, F.monotonically_increasing_id())
    part = F.shiftright(F.col(_ID), _LOW_BITS)
    counts = sorted((r[0], r[1]) for r in ids.groupBy(part.alias("p")).count().collect())
    starts = list(itertools.accumulate((n for _, n in counts), initial=0))
    if not counts:
        return ids.withColumn(ROW, F.lit(0).cast(LongType())).drop(_ID)
    offsets = F.create_map(*itertools.chain.from_iterable((F.lit(p), F.lit(s)) for (p, _), s in zip(counts, starts)))
    within = F.col(_ID).bitwiseAND(F.lit((1 << _LOW_BITS) - 1))
    return ids.withColumn(ROW, (F.element_at(offsets, part) + within + F.lit(1)).cast(LongType())).drop(_ID)


class _Keys:
    """mapInArrow: each batch with the report key of its rows."""

    def __init__(self, keys: ReportKeys, jurisdiction: str, period: str) -> None:
        self.keys, self.jurisdiction, self.period = keys, jurisdiction, period

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            text = pa.large_string() if any(pa.types.is_large_string(f.type) for f in batch.schema) else pa.string()
            keys = self.keys(batch.column(self.jurisdiction).to_pylist(), batch.column(self.period).to_pylist())
            yield pa.RecordBatch.from_arrays([*batch.columns, pa.array(keys, type=text)],
                                             names=[*batch.schema.names, KEY])


class _Reported:
    """mapInArrow: the keys of a partition's rows that report a value, the first two (then it stops reading)."""

    def __init__(self, keys: ReportKeys, jurisdiction: str, period: str, value: str) -> None:
        self.keys, self.jurisdiction, self.period, self.value = keys, jurisdiction, period, value

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        found: list[str] = []
        text = pa.string()
        for batch in batches:
            text = pa.large_string() if any(pa.types.is_large_string(f.type) for f in batch.schema) else pa.string()
            keys = self.keys(batch.column(self.jurisdiction).to_pylist(), batch.column(self.period).to_pylist())
            # the keys found so far stand first, as rows that report a value
            found = reported_keys([*found, *keys], [True] * len(found) + batch.column(self.value).to_pylist())
            if len(found) > 1:
                break
        if found:
            yield pa.RecordBatch.from_arrays([pa.array(found, type=text)], names=[KEY])
