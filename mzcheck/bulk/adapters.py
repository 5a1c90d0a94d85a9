"""Tables in and out: rows, columns, pandas DataFrames and Arrow tables / 表格的输入与输出形式.

:func:`as_columns` turns a table into Python lists by column name (and remembers how to answer in the
table's own shape); :func:`to_rows`, :func:`to_pandas` and :func:`to_arrow` give the results back.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mzcheck.core.codes import bulk as B
from mzcheck.core.codes import tables as T
from mzcheck.core.errors import InputError

RESULT_COLUMNS = ("jurisdiction", "code", "period", "rule_id", "indicator", "status", "severity", "actual",
                  "target", "target_high", "gap", "unit", "waived_from")  # waived_from: the status a waiver replaced
NUMERIC = ("actual", "target", "target_high", "gap")

Shape = Callable[[dict[str, list[Any]]], Any]


def spark_schema() -> str:
    """The result columns as a Spark DDL schema, for ``applyInPandas`` / ``mapInPandas``."""
    types = {"period": "int", **dict.fromkeys(NUMERIC, "double")}
    return ", ".join(f"{c} {types.get(c, 'string')}" for c in RESULT_COLUMNS)


def as_columns(table: Any) -> tuple[dict[str, list[Any]], int, Shape]:
    """The table as Python lists by column name, its length, and how to give results back in its shape."""
    module = type(table).__module__.split(".")[0]
    if module == "pandas" and hasattr(table, "columns"):
        _once([str(c) for c in table.columns])
        cols = {str(c): as_list(table[c]) for c in table.columns}
        return cols, len(table), to_pandas
    if module == "pyarrow" and hasattr(table, "column_names"):
        _once([str(c) for c in table.column_names])
        cols = {str(c): as_list(table.column(c)) for c in table.column_names}
        # Spark 4 hands strings over as large_string and refuses results in another string type
        large = any(str(f.type) == "large_string" for f in table.schema)
        return cols, table.num_rows, functools.partial(to_arrow, large_strings=large)
    if isinstance(table, Mapping):
        cols = {str(k): as_list(v) for k, v in table.items()}
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise InputError.of(B.COLUMN_LENGTHS, lengths=sorted(lengths))
        return cols, lengths.pop() if lengths else 0, lambda out: out
    if isinstance(table, Sequence) and not isinstance(table, (str, bytes)):
        keys: dict[str, None] = {}
        for i, row in enumerate(table):
            if not isinstance(row, Mapping):
                raise InputError.of(B.ROW_NOT_A_MAPPING, row=i + 1)
            keys.update(dict.fromkeys(str(k) for k in row))
        cols = {k: [row.get(k) for row in table] for k in keys}
        return cols, len(table), to_rows
    raise InputError.of(B.NOT_A_TABLE, type=type(table).__name__)


# float32 and float16 column types (numpy, pandas, Arrow spellings)
_NARROW_FLOATS = {"float32": "float32", "float": "float32", "float[pyarrow]": "float32", "float16": "float16",
                  "halffloat": "float16", "halffloat[pyarrow]": "float16"}


def _once(names: list[str]) -> None:
    """A DataFrame or Arrow table may name two columns alike; a table of mzcheck's may not (T102)."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InputError.of(T.DUPLICATE_COLUMN, text=name, first=name, name=name)
        seen.add(name)


def as_list(column: Any) -> list[Any]:
    """A column (numpy array, pandas Series, Arrow array, any iterable) as a list of Python values."""
    narrow = _NARROW_FLOATS.get(str(getattr(column, "dtype", None) or getattr(column, "type", None)).lower())
    if narrow is not None:
        # A float stands for the decimal it prints as, in its own precision: float32 0.29 widened to a Python
        # float is 0.28999999165534973, so it is printed as a float32 (shortest repr, "0.29") and read back.
        if hasattr(column, "to_pylist"):  # Arrow: nulls become NaN
            array = column.to_numpy(zero_copy_only=False)
        else:  # numpy, pandas (the nullable Float32 too)
            array = column.to_numpy(dtype=narrow, na_value=math.nan) if hasattr(column, "to_numpy") else column
        return list(array.astype(narrow).astype(str).astype("float64").tolist())
    if hasattr(column, "tolist"):
        return list(column.tolist())
    if hasattr(column, "to_pylist"):
        return list(column.to_pylist())
    return list(column)


def to_rows(out: dict[str, list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(out, values)) for values in zip(*out.values())]


def _floats_of(values: list[Any]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def to_pandas(out: dict[str, list[Any]]) -> Any:
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

    # fixed dtypes, empty or not: a Dask meta or a Spark schema must match every partition
    types = {"period": "int64", **dict.fromkeys(NUMERIC, "float64")}
    data = {c: pd.Series(_floats_of(v) if c in NUMERIC else v, dtype=types.get(c, object)) for c, v in out.items()}
    return pd.DataFrame(data, columns=list(RESULT_COLUMNS))


def to_arrow(out: dict[str, list[Any]], large_strings: bool = False) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]

    # the types of spark_schema(), so Spark's mapInArrow / applyInArrow take the table as it is
    types = {"period": pa.int32(), **dict.fromkeys(NUMERIC, pa.float64())}
    text = pa.large_string() if large_strings else pa.string()
    schema = pa.schema([(c, types.get(c, text)) for c in RESULT_COLUMNS])
    arrays = [pa.array([None if v is None else float(v) for v in out[c]] if c in NUMERIC else out[c],
                       type=schema.field(c).type) for c in RESULT_COLUMNS]  # Arrow has nulls: no NaN needed
    return pa.Table.from_arrays(arrays, schema=schema)
