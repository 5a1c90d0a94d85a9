"""Bulk evaluation / 批量检查: whole tables, numeric columns and big CSV files at once.

- :func:`evaluate_table` checks the CSV layout of DESIGN.md (jurisdiction, period, indicator, value, unit)
  given as row dicts, a dict of columns, a pandas DataFrame or a pyarrow Table, and answers in the same
  shape: one row per rule per (jurisdiction, period) with rule_id, status, actual, target and gap. It keeps
  no state between calls, so Spark's ``applyInPandas`` and Dask's ``map_partitions`` run it unchanged
  (docs/scale.md).
- :func:`evaluate_column` / :func:`compare_column` give verdicts for a column of numbers held in one unit:
  the near-ties around each threshold are settled once, with Fractions, into a *cut* float; then one float
  comparison per value gives the exact path's verdict. Values floats cannot answer (NaN, negatives, the
  edges of mzcheck's number range, shares above 100%) are judged one by one with Fractions. numpy is used
  when installed (``pip install mzcheck[fast]``); plain Python otherwise.
- :func:`stream_csv_reports` reads a big CSV report table in one streaming pass for ``mzcheck check``. It
  gives the reports, verdicts and error messages of :mod:`mzcheck.tables` (every kept value and every row
  with a problem goes through tables' own code) and returns None for anything unusual, which then goes to
  tables.

A float stands for the decimal it prints as, everywhere in mzcheck: ``0.29`` is 29/100, not the binary
number 0.28999999999999998 (docs/design/0001-numeric-model.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gc
import io
import itertools
import math
import operator
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from json.encoder import encode_basestring as _quote  # json's own string escaping (C)
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mzcheck.core.errors import InputError, Problem
from mzcheck.core.files import checked_input
from mzcheck.core.numbers import from_python
from mzcheck.core.units import Quantity, Unit, dimension_error, parse_quantity, parse_unit

if TYPE_CHECKING:
    from mzcheck.core.progress import Progress
    from mzcheck.load.ruleset import RuleSet
    from mzcheck.model.compiled import CompiledRule
    from mzcheck.model.report import Report, Values
    from mzcheck.model.rules import Jurisdiction

__all__ = [
    "RESULT_COLUMNS",
    "STATUSES",
    "ColumnVerdicts",
    "CsvReports",
    "compare_column",
    "evaluate_column",
    "evaluate_table",
    "spark_schema",
    "stream_csv_reports",
    "streamable",
]

# ------------------------------------------------------------------------------ numeric columns

STATUSES = ("not_met", "met", "invalid", "missing")  # the codes of ColumnVerdicts.codes(): 0, 1, 2, 3
NOT_MET, MET, INVALID, MISSING = range(4)
# Floats outside [EDGE_LOW, EDGE_HIGH) (besides 0) are compared exactly: near the limits of mzcheck's number
# range (mzcheck.numbers) a float may be refused, and the exact path says so.
EDGE_LOW, EDGE_HIGH = 1e-15, 1e15
_COLUMN_KINDS = ("level", "range", "each", "maintain")


@dataclass(frozen=True)
class ColumnVerdicts:
    """Verdicts for a column of values: numpy bool arrays when numpy was used, else lists of bool.

    ``met[i]`` is False for an invalid or missing value. A value is ``missing`` when it is None or NaN (an
    empty cell), ``invalid`` when a report could not use it (negative, a share above 100%, out of range);
    ``invalid`` and ``missing`` are None when no value is. ``rechecked`` counts the values judged one by one
    with Fractions: those that are not floats, and floats the cut cannot answer (NaN, negative, at the edges
    of the number range, shares above 100%).
    """

    met: Any
    invalid: Any
    missing: Any
    rechecked: int

    def __len__(self) -> int:
        return len(self.met)

    def codes(self) -> Any:
        """0 not_met, 1 met, 2 invalid, 3 missing (see :data:`STATUSES`): an int8 array, or a list."""
        if isinstance(self.met, list):
            bad = self.invalid or [False] * len(self.met)
            gone = self.missing or [False] * len(self.met)
            return [MISSING if g else INVALID if b else int(ok) for ok, b, g in zip(self.met, bad, gone)]
        out = self.met.astype("int8")
        if self.invalid is not None:
            out[self.invalid] = INVALID
        if self.missing is not None:
            out[self.missing] = MISSING
        return out

    def statuses(self) -> list[str]:
        """The status of each value as text: ``met``, ``not_met``, ``invalid`` or ``missing``."""
        codes = self.codes()
        return [STATUSES[c] for c in (codes if isinstance(codes, list) else codes.tolist())]

    def counts(self) -> dict[str, int]:
        met, invalid, missing = (0 if x is None else int(sum(x)) for x in (self.met, self.invalid, self.missing))
        return {"met": met, "not_met": len(self) - met - invalid - missing, "invalid": invalid, "missing": missing}


@dataclass(frozen=True)
class _Comparison:
    """A threshold test on values in ``unit``; the threshold kept exact, in the target's unit.

    A float stands for its shortest decimal (``repr``), and that correspondence is strictly increasing. So
    the floats that meet ``>= T`` are exactly those at or above one float, the *cut*: the least float whose
    decimal is at least T. The cut is found once, with Fractions, among the few floats next to T (the
    near-ties); after that one float comparison per value gives the exact verdict, ties included (0.29
    meets ``>= 0.29亿元``, the float just below it does not).
    """

    comparator: str
    threshold: Fraction | tuple[Fraction, Fraction]
    unit: Unit
    target_unit: Unit
    share: bool  # a part of a whole: above 100% is impossible, so invalid
    low: float | None = field(init=False)  # met when value >= low (and <= high); None: no lower bound
    high: float | None = field(init=False)
    equal: bool = field(init=False)  # "==": met when value == low; never when low is None
    share_cut: float | None = field(init=False)  # a share at or above this float is above 100%

    def __post_init__(self) -> None:
        scale = self.target_unit.factor / self.unit.factor
        c, t = self.comparator, self.threshold
        low = high = None
        if isinstance(t, tuple):
            low, high = _cut(t[0] * scale, ">="), _cut(t[1] * scale, "<=")
        elif c in (">=", ">"):
            low = _cut(t * scale, c)
        elif c in ("<=", "<"):
            high = _cut(t * scale, c)
        else:  # ==: the one float whose decimal is the threshold, if there is one
            f = _cut(t * scale, ">=")
            low = f if not math.isinf(f) and _decimal(f) == t * scale else None
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "equal", c == "==")
        object.__setattr__(self, "share_cut", _cut(1 / self.unit.factor, ">") if self.share else None)

    def exact(self, value: object) -> int:
        """The status code of one value by the exact path: what a report with this value and unit gives."""
        from mzcheck.core.compare import judge

        value = _plain(value)
        if _is_missing(value):
            return MISSING
        try:
            x = from_python(value)
        except InputError:
            return INVALID
        if x < 0 or (self.share and x * self.unit.factor > 1):  # as report.read_value refuses them
            return INVALID
        actual = Quantity(x, self.unit).to(self.target_unit)
        return MET if judge(actual, self.comparator, self.threshold) else NOT_MET

    def needs_exact(self, value: object) -> bool:
        """Whether the cuts cannot answer: not a float, NaN, negative, at the edges of the number range, or
        (a share) above 100%."""
        if type(value) is not float or not (EDGE_LOW <= value < EDGE_HIGH or value == 0):  # NaN fails too
            return True
        return self.share_cut is not None and value >= self.share_cut

    def fast(self, value: float) -> int:
        """The status code through the cuts, for a value :meth:`needs_exact` let through."""
        if self.equal:
            met = value == self.low
        else:
            met = (self.low is None or value >= self.low) and (self.high is None or value <= self.high)
        return MET if met else NOT_MET


def _decimal(f: float) -> Fraction:
    """The decimal a float prints as, exactly (0.29 → 29/100)."""
    return Fraction(repr(f))


def _cut(x: Fraction, comparator: str) -> float:
    """For ``>=``/``>``: the least float whose decimal passes ``comparator x``; for ``<=``/``<``: the greatest.

    It lies within a few ulps of float(x), since a float's decimal is within half an ulp of it.
    """
    test = {">=": x.__le__, ">": x.__lt__, "<=": x.__ge__, "<": x.__gt__}[comparator]
    try:
        f = float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf
    if math.isinf(f):
        return f

    def passes(g: float) -> bool:
        return not math.isinf(g) and bool(test(_decimal(g)))

    toward = -math.inf if comparator in (">=", ">") else math.inf  # the side where passing floats end
    if passes(f):
        while passes(nxt := math.nextafter(f, toward)):
            f = nxt
        return f
    while not passes(f):
        f = math.nextafter(f, -toward)
        if math.isinf(f):
            break
    return f


def _plain(value: object) -> object:
    """numpy's scalars as the Python numbers they hold (repr(numpy.float64(0.29)) is not "0.29")."""
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy":
        return item()
    return value


def compare_column(values: Any, unit: str, comparator: str, target: Any, *, target_unit: str | None = None,
                   share: bool = False) -> ColumnVerdicts:
    """Verdicts for ``values`` (all in ``unit``) against ``comparator target``.

    ``target`` is a quantity text (``"29000000元"``, ``"80%"``), a number in ``target_unit`` (default: the
    column's unit), or ``(low, high)`` with comparator ``between``. Negative values are invalid, as in a
    report, and with ``share=True`` so are values above 100%. Raises :class:`mzcheck.DimensionError` when
    the units measure different things.
    """
    col_unit = parse_unit(unit)
    if comparator not in (">=", "<=", ">", "<", "==", "between"):
        raise InputError(f"unknown comparator {comparator!r} / 未知比较符", help="use >=, <=, >, <, == or between")
    threshold: Fraction | tuple[Fraction, Fraction]
    if comparator == "between":
        if not isinstance(target, (tuple, list)) or len(target) != 2:
            raise InputError("'between' needs a target (low, high) / between 需要区间目标 (下限, 上限)")
        (lo, t_unit), (hi, hi_unit) = (_target(x, target_unit, col_unit) for x in target)
        if hi_unit.dims != t_unit.dims:
            raise dimension_error(hi_unit, t_unit)
        threshold = (lo, hi * hi_unit.factor / t_unit.factor)
        if threshold[0] > threshold[1]:
            raise InputError("the range's low bound is above its high bound / 区间下限大于上限")
    else:
        threshold, t_unit = _target(target, target_unit, col_unit)
    if col_unit.dims != t_unit.dims:
        raise dimension_error(col_unit, t_unit)
    return _run(_Comparison(comparator, threshold, col_unit, t_unit, share), values)


def _target(target: Any, target_unit: str | None, default: Unit) -> tuple[Fraction, Unit]:
    if isinstance(target, str) and target_unit is None:
        q = parse_quantity(target, default_unit=default).quantity
        return q.magnitude, q.unit
    return from_python(target), parse_unit(target_unit) if target_unit is not None else default


def evaluate_column(rule: CompiledRule, values: Any, unit: str) -> ColumnVerdicts:
    """Verdicts of a level, range, each or maintain rule for ``values``, all in ``unit``.

    What :func:`mzcheck.evaluate` says (met / not_met / invalid) for a report giving a value in this unit
    (``mzcheck.tables`` reads an empty cell as not reported: here it is ``missing``). Before the due date
    these are where the values stand, not ``not_due``. Raises :class:`mzcheck.InputError` for another kind
    of rule and :class:`mzcheck.DimensionError` for a unit the indicator is not measured in.
    """
    if rule.rule.kind not in _COLUMN_KINDS:
        raise InputError(f"rule {rule.id} is a {rule.rule.kind} rule; a column of values can be checked against "
                         f"level, range, each or maintain rules / 数值列只能对照水平值类规则检查")
    col_unit = parse_unit(unit)
    if col_unit.dims != rule.indicator.unit.dims:
        raise dimension_error(col_unit, rule.indicator.unit)
    cmp = _Comparison(rule.rule.comparator, rule.threshold.value, col_unit, rule.target_unit, rule.indicator.share)
    return _run(cmp, values)


def _run(cmp: _Comparison, values: Any) -> ColumnVerdicts:
    np = _numpy()
    if np is None:
        return _python(cmp, list(values))
    if isinstance(values, (list, tuple)):
        if values and all(type(v) is float for v in values):
            return _floats(np, cmp, np.asarray(values, dtype="float64"))
        return _python(cmp, values)
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise InputError(f"expected one column of values, got an array of shape {arr.shape} / 应为一列数值")
    if arr.dtype.kind == "f":
        return _floats(np, cmp, arr.astype("float64", copy=False))
    if arr.dtype.kind in "iu":
        return _integers(np, cmp, arr)
    return _python(cmp, arr.tolist())


def _numpy() -> Any:
    try:
        import numpy  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # the pure-Python path does the same work, slower
        return None
    return numpy


def _python(cmp: _Comparison, values: Sequence[Any]) -> ColumnVerdicts:
    codes = []
    rechecked = 0
    judged: dict[tuple[type, object], int] = {}  # each distinct value needing the exact path is judged once
    for v in map(_plain, values):
        if cmp.needs_exact(v):
            rechecked += 1
            key: tuple[type, object] | None = (type(v), v)
            try:
                code = judged.get(key)  # type: ignore[arg-type]
            except TypeError:  # an unhashable value: judged as it comes
                code, key = None, None
            if code is None:
                code = cmp.exact(v)
                if key is not None and v == v:  # NaN never finds itself again
                    judged[key] = code
            codes.append(code)
        else:
            codes.append(cmp.fast(v))  # type: ignore[arg-type]  # needs_exact let only floats through
    invalid = [c == INVALID for c in codes] if INVALID in codes else None
    missing = [c == MISSING for c in codes] if MISSING in codes else None
    return ColumnVerdicts([c == MET for c in codes], invalid, missing, rechecked)


_CHUNK = 1 << 16  # values per pass: a chunk stays in the CPU cache for its several comparisons


def _floats(np: Any, cmp: _Comparison, v: Any) -> ColumnVerdicts:
    """One float comparison per value against the cuts (exact, ties included); then the few values the cuts
    cannot answer (NaN, negatives, the edges of the range, shares above 100%) one by one, with Fractions.

    The array is walked in cache-sized chunks, each read once for all its tests: far cheaper than whole-array
    temporaries, which cost a page fault per 4 KB.
    """
    n = v.size
    met = np.empty(n, dtype=bool)
    scratch = np.empty(min(n, _CHUNK), dtype=bool)
    low, high, share = cmp.low, cmp.high, cmp.share_cut
    fix = []
    for i in range(0, n, _CHUNK):
        chunk, m = v[i:i + _CHUNK], met[i:i + _CHUNK]
        if cmp.equal:
            if low is None:
                m[:] = False
            else:
                np.equal(chunk, low, out=m)
        elif high is None:
            np.greater_equal(chunk, low, out=m)
        elif low is None:
            np.less_equal(chunk, high, out=m)
        else:
            np.greater_equal(chunk, low, out=m)
            m &= chunk <= high
        if not (chunk.min() >= EDGE_LOW and chunk.max() < EDGE_HIGH):  # NaN, negatives, 0, tiny or huge
            inside = (chunk >= EDGE_LOW) & (chunk < EDGE_HIGH)
            inside |= chunk == 0
            fix.append(i + np.flatnonzero(~inside))
        if share is not None:
            over = np.greater_equal(chunk, share, out=scratch[:chunk.size])
            if np.count_nonzero(over):
                fix.append(i + np.flatnonzero(over))
    if not fix:
        return ColumnVerdicts(met, None, None, 0)
    idx = np.unique(np.concatenate(fix))
    # the same odd value often repeats (0 beds, 100.5% typed for 100%): each distinct value is judged once
    distinct, where = np.unique(v[idx], return_inverse=True)
    codes = np.array([cmp.exact(x) for x in distinct.tolist()], dtype="int8")[where]
    met[idx] = codes == MET
    invalid = missing = None
    if (codes == INVALID).any():
        invalid = np.zeros(n, dtype=bool)
        invalid[idx] = codes == INVALID
    if (codes == MISSING).any():
        missing = np.zeros(n, dtype=bool)
        missing[idx] = codes == MISSING
    return ColumnVerdicts(met, invalid, missing, int(idx.size))


def _integers(np: Any, cmp: _Comparison, v: Any) -> ColumnVerdicts:
    """Whole numbers compare exactly with whole-number bounds: no float, no re-check."""
    info = np.iinfo(v.dtype)
    scale = cmp.target_unit.factor / cmp.unit.factor
    t = cmp.threshold
    lo, hi = (t[0] * scale, t[1] * scale) if isinstance(t, tuple) else (t * scale, t * scale)
    c = cmp.comparator

    def at_least(bound: int) -> Any:
        if bound > info.max:
            return np.zeros(v.shape, dtype=bool)
        return v >= max(bound, info.min)

    def at_most(bound: int) -> Any:
        if bound < info.min:
            return np.zeros(v.shape, dtype=bool)
        return v <= min(bound, info.max)

    if c == ">=":
        met = at_least(math.ceil(lo))
    elif c == ">":
        met = at_least(math.floor(lo) + 1)
    elif c == "<=":
        met = at_most(math.floor(hi))
    elif c == "<":
        met = at_most(math.ceil(hi) - 1)
    elif c == "==":
        met = at_least(int(lo)) & at_most(int(lo)) if lo.denominator == 1 else np.zeros(v.shape, dtype=bool)
    else:
        met = at_least(math.ceil(lo)) & at_most(math.floor(hi))
    invalid = v < 0 if info.min < 0 else np.zeros(v.shape, dtype=bool)
    if cmp.share:
        invalid |= ~at_most(math.floor(1 / cmp.unit.factor))
    if not invalid.any():
        return ColumnVerdicts(met, None, None, 0)
    met &= ~invalid
    return ColumnVerdicts(met, invalid, None, 0)


# ------------------------------------------------------------------------------------- tables

RESULT_COLUMNS = ("jurisdiction", "code", "period", "rule_id", "indicator", "status", "severity", "actual",
                  "target", "target_high", "gap", "unit")
_NUMERIC = ("actual", "target", "target_high", "gap")


def spark_schema() -> str:
    """The result columns as a Spark DDL schema, for ``applyInPandas`` / ``mapInPandas``."""
    types = {"period": "int", **dict.fromkeys(_NUMERIC, "double")}
    return ", ".join(f"{c} {types.get(c, 'string')}" for c in RESULT_COLUMNS)


def evaluate_table(rules: RuleSet, table: Any, *, target_year: int | None = None, name: str = "table") -> Any:
    """Check every report in a table; the results in the table's own shape.

    ``table`` has the columns of DESIGN.md's CSV layout (jurisdiction, period, indicator, value, unit; the
    Chinese headers and the optional as_of, target_year, section, child columns too) as a list of row dicts,
    a dict of columns, a pandas DataFrame or a pyarrow Table. The answer is, in the same shape, one row per
    rule per (jurisdiction, period) with the columns of :data:`RESULT_COLUMNS`; ``actual``, ``target``
    (``target_high`` for a range) and ``gap`` are in ``unit``, exact Decimals for rows and columns, floats in
    a DataFrame or Arrow table. Empty and NaN cells are empty; a table with no value (an empty partition)
    gives no result rows. Errors name the row: ``table:7: …`` is the seventh row. ``target_year`` checks
    against another year's targets, as ``mzcheck check --year`` does.
    """
    from mzcheck.engine.evaluate import evaluate

    columns, n, shape = _columns(table)
    reports = _table_reports(rules, columns, n, name, target_year)
    out: dict[str, list[Any]] = {c: [] for c in RESULT_COLUMNS}
    for report in reports:
        if target_year:
            report = report.model_copy(update={"target_year": target_year})
        check = evaluate(rules, report)
        for r in check.results:
            target = r.target.value
            low, high = (target[0], target[1]) if isinstance(target, list) else (target, None)
            row = (report.jurisdiction.name, report.jurisdiction.code, report.period, r.rule_id, r.indicator,
                   r.status, r.severity, r.actual.value if r.actual else None, low, high,
                   r.gap.value if r.gap else None, r.target.unit)
            for col, value in zip(RESULT_COLUMNS, row):
                out[col].append(value)
    return shape(out)


Shape = Callable[[dict[str, list[Any]]], Any]


def _columns(table: Any) -> tuple[dict[str, list[Any]], int, Shape]:
    """The table as Python lists by column name, its length, and how to give results back in its shape."""
    module = type(table).__module__.split(".")[0]
    if module == "pandas" and hasattr(table, "columns"):
        cols = {str(c): _as_list(table[c]) for c in table.columns}
        return cols, len(table), _to_pandas
    if module == "pyarrow" and hasattr(table, "column_names"):
        cols = {str(c): _as_list(table.column(c)) for c in table.column_names}
        # Spark 4 hands strings over as large_string and refuses results in another string type
        large = any(str(f.type) == "large_string" for f in table.schema)
        return cols, table.num_rows, functools.partial(_to_arrow, large_strings=large)
    if isinstance(table, Mapping):
        cols = {str(k): _as_list(v) for k, v in table.items()}
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise InputError(f"the columns have different lengths {sorted(lengths)} / 各列长度不一致")
        return cols, lengths.pop() if lengths else 0, lambda out: out
    if isinstance(table, Sequence) and not isinstance(table, (str, bytes)):
        keys: dict[str, None] = {}
        for i, row in enumerate(table):
            if not isinstance(row, Mapping):
                raise InputError(f"row {i + 1} is not a mapping of column → value / 第 {i + 1} 行不是“列名: 值”映射")
            keys.update(dict.fromkeys(str(k) for k in row))
        cols = {k: [row.get(k) for row in table] for k in keys}
        return cols, len(table), _to_rows
    raise InputError(f"a table is a list of rows, a dict of columns, a pandas DataFrame or a pyarrow Table, not "
                     f"{type(table).__name__} / 表格应为行列表、列字典、DataFrame 或 Arrow 表")


# float32 and float16 column types (numpy, pandas, Arrow spellings)
_NARROW_FLOATS = {"float32": "float32", "float": "float32", "float[pyarrow]": "float32", "float16": "float16",
                  "halffloat": "float16", "halffloat[pyarrow]": "float16"}


def _as_list(column: Any) -> list[Any]:
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


def _to_rows(out: dict[str, list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(out, values)) for values in zip(*out.values())]


def _floats_of(values: list[Any]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _to_pandas(out: dict[str, list[Any]]) -> Any:
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

    # fixed dtypes, empty or not: a Dask meta or a Spark schema must match every partition
    types = {"period": "int64", **dict.fromkeys(_NUMERIC, "float64")}
    data = {c: pd.Series(_floats_of(v) if c in _NUMERIC else v, dtype=types.get(c, object)) for c, v in out.items()}
    return pd.DataFrame(data, columns=list(RESULT_COLUMNS))


def _to_arrow(out: dict[str, list[Any]], large_strings: bool = False) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]

    # the types of spark_schema(), so Spark's mapInArrow / applyInArrow take the table as it is
    types = {"period": pa.int32(), **dict.fromkeys(_NUMERIC, pa.float64())}
    text = pa.large_string() if large_strings else pa.string()
    schema = pa.schema([(c, types.get(c, text)) for c in RESULT_COLUMNS])
    arrays = [pa.array([None if v is None else float(v) for v in out[c]] if c in _NUMERIC else out[c],
                       type=schema.field(c).type) for c in RESULT_COLUMNS]  # Arrow has nulls: no NaN needed
    return pa.Table.from_arrays(arrays, schema=schema)


def _is_missing(value: Any) -> bool:
    """None, NaN, pandas' NA and NaT: an empty cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in ("NAType", "NaTType")


def _table_reports(rules: RuleSet, columns: dict[str, list[Any]], n: int, name: str,
                   target_year: int | None) -> Iterable[Report]:
    from mzcheck.read import table as tables

    if n == 0:
        return []  # an empty partition: nothing to check, whatever its columns
    names: dict[str, str] = {}
    for key in columns:
        col = tables.header_name(key)
        if col is not None:
            if col in names:
                raise InputError(f"two columns for {col!r}: {names[col]!r} and {key!r} / 重复的列“{key}”")
            names[col] = key
    missing = [c for c in tables.REQUIRED if c not in names]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)} / 缺少列:{'、'.join(tables.COLUMNS[c][1] for c in missing)}",
                         help="columns: jurisdiction, period, indicator, value, unit / 列:地区、年度、指标、数值、单位")
    data = {col: [None if _is_missing(v) else v for v in columns[key]] for col, key in names.items()}
    if all(tables.Cell(v, name).empty for v in data["value"]):
        return []  # an empty partition, or a template not yet filled in: nothing to check
    if set(names) - {"jurisdiction", "period", "indicator", "value", "unit"}:
        # sections, children, as_of, target_year: tables' own reader, cell by cell
        rows = [{col: tables.Cell(values[i], name, line=i + 1, field=col) for col, values in data.items()}
                for i in range(n)]
        return _tables_reports(rows, name, rules)
    grouper = _Grouper(rules, name, "unit" in data, target_year, keep_all=False)
    units = data.get("unit") or [None] * n
    for i, row in enumerate(zip(data["jurisdiction"], data["period"], data["indicator"], data["value"], units)):
        grouper.add(i + 1, *row)
    grouper.rows = n
    return grouper.finish()


def _tables_reports(rows: list[dict[str, Any]], name: str, rules: RuleSet) -> list[Report]:
    from mzcheck.read import table as tables

    return tables._reports(tables.Table(name, rows), rules)


# --------------------------------------------------------------------------- grouping rows


@dataclass
class _Open:
    """A report being gathered: where its indicators were first given, and the values kept for it."""

    place: Jurisdiction
    period: int
    keep: Container[str]  # the indicators whose values the applicable rules read
    lines: dict[str, int] = field(default_factory=dict)
    values: list[tuple[str, Any, Any, int]] = field(default_factory=list)


_UNKNOWN = object()


class _Everything:
    """Every indicator (``mzcheck check --record`` stores all of a report's values)."""

    def __contains__(self, item: object) -> bool:
        return True


class _Grouper:
    """Rows → reports, as :func:`mzcheck.tables._reports` does, without reading values no rule will use.

    A row whose jurisdiction, period or indicator is not known, or that repeats an indicator, is handed to
    tables' own code, so its problems read exactly as tables writes them.
    """

    def __init__(self, rules: RuleSet, file: str, has_unit: bool, target_year: int | None, keep_all: bool) -> None:
        self.rules = rules
        self.file = file
        self.has_unit = has_unit
        self.target_year = target_year
        self.keep_all = keep_all
        self.problems: list[Problem] = []
        self.reports: dict[tuple[str, int], _Open] = {}
        self.by_text: dict[Any, _Open | None] = {}  # (jurisdiction, period) as written → the report
        self.indicators: dict[Any, str | None] = {}
        self._applies: dict[tuple[str, int], frozenset[str]] = {}
        self._places: dict[Any, Any] = {}  # jurisdiction as written → Jurisdiction or None
        self._years: dict[Any, Any] = {}  # period as written → year or None
        self.rows = 0

    @staticmethod
    def _key(value: Any) -> Any:
        return value if type(value) is str else (type(value), value)

    def add(self, line: int, jurisdiction: Any, period: Any, indicator: Any, value: Any, unit: Any) -> None:
        """One data row (a value cell that is empty is skipped, as tables does)."""
        if value is None or (type(value) is str and not value.strip()):
            return
        key = (self._key(jurisdiction), self._key(period))
        report = self.by_text.get(key, _UNKNOWN)
        if report is _UNKNOWN:
            report = self.by_text[key] = self._open(jurisdiction, period)
        ind = self.indicators.get(self._key(indicator), _UNKNOWN)
        if ind is _UNKNOWN:
            ind = self.indicators[self._key(indicator)] = self._indicator(indicator)
        if report is None or ind is None:
            self._row_problems([(line, (jurisdiction, period, indicator, value, unit))])
            return
        assert isinstance(report, _Open) and isinstance(ind, str)
        first = report.lines.get(ind)
        if first is not None:
            self._row_problems([(first, (jurisdiction, period, indicator, value, unit)),
                                (line, (jurisdiction, period, indicator, value, unit))])
            return
        report.lines[ind] = line
        if ind in report.keep:
            report.values.append((ind, value, unit, line))

    def _open(self, jurisdiction: Any, period: Any) -> _Open | None:
        from mzcheck.read import table as tables

        key = self._key(jurisdiction)
        place = self._places.get(key, _UNKNOWN)
        if place is _UNKNOWN:  # a province's table names a hundred places in thousands of reports
            j = tables.Cell(jurisdiction, self.file)
            place = self._places[key] = None if j.empty else self.rules.jurisdiction(j.text)
        key = self._key(period)
        year = self._years.get(key, _UNKNOWN)
        if year is _UNKNOWN:
            year = self._years[key] = None if tables.Cell(period, self.file).empty else tables.as_year(period)
        if place is None or year is None:
            return None
        existing = self.reports.get((place.code, year))
        if existing is None:
            keep = _Everything() if self.keep_all else self._needed(place.code, year)
            existing = self.reports[(place.code, year)] = _Open(place, year, keep)
        return existing

    def _needed(self, code: str, period: int) -> frozenset[str]:
        """The indicators the rules due for this report read: each rule's own, its reference's, and the
        components of either (evaluation observes nothing else; the parity tests hold it to that)."""
        year = self.target_year or period
        if (code, year) not in self._applies:
            ids: set[str] = set()
            for rule in self.rules.select(code, year):
                ref = rule.rule.reference
                for ind in (rule.indicator, self.rules.indicators.get(ref.indicator) if ref else None):
                    if ind is not None:
                        ids.update(x for x in (ind.id, ind.model.numerator, ind.model.denominator) if x)
            self._applies[(code, year)] = frozenset(ids)
        return self._applies[(code, year)]

    def _indicator(self, indicator: Any) -> str | None:
        from mzcheck.read import table as tables

        cell = tables.Cell(indicator, self.file)
        return None if cell.empty else self.rules.indicator_id(cell.text)

    def _row_problems(self, rows: list[tuple[int, tuple[Any, ...]]]) -> None:
        """The problems tables reports for these rows (a repeat is reported against its first line)."""
        from mzcheck.read import table as tables

        table_rows = [self._cells(line, cells) for line, cells in rows]
        try:
            tables._reports(tables.Table(self.file, table_rows), self.rules)
        except InputError as exc:
            self.problems.extend(exc.problems)

    def _cells(self, line: int, row: tuple[Any, ...]) -> dict[str, Any]:
        from mzcheck.read import table as tables

        names = ("jurisdiction", "period", "indicator", "value", "unit")
        return {n: tables.Cell(v, self.file, line=line, field=n) for n, v in zip(names, row)
                if n != "unit" or self.has_unit}

    def finish(self) -> list[Report]:
        """The reports, in the order tables gives them; raises the problems found, all at once."""
        if self.problems:
            raise InputError(self.problems)
        if not self.reports:
            self._row_problems([])  # tables' own "no reported value" error
            raise InputError(self.problems)
        return [self.report(r) for r in self.reports.values()]

    def report(self, r: _Open) -> Report:
        from mzcheck.model.report import Report
        from mzcheck.read import table as tables

        values: Values = {}
        for ind, value, unit, line in r.values:
            row = {"value": tables.Cell(value, self.file, line=line, field="value")}
            if self.has_unit:
                row["unit"] = tables.Cell(unit, self.file, line=line, field="unit")
            values[ind] = tables._read(ind, row, self.rules)
        return Report(jurisdiction=r.place, period=r.period, as_of=dt.date(r.period, 12, 31), target_year=r.period,
                      values=values, history={}, children={}, added={}, file=self.file)


# ---------------------------------------------------------------------------- big CSV files

STREAM_MIN_BYTES = 256 << 10  # 256 KB, some 5,000 rows: below this, tables reads the file as quickly
STREAM_MAX_BYTES = 1 << 30  # 1 GB: about twenty million rows, far beyond any province's report
_PROGRESS_EVERY = 1 << 16  # rows between progress updates
_BLOCK = 1 << 20  # characters read at a time


def streamable(path: str | Path) -> bool:
    """Whether ``mzcheck check`` reads this file with :func:`stream_csv_reports`: a big .csv or .tsv."""
    p = Path(path)
    try:
        return p.suffix.lower() in (".csv", ".tsv") and p.is_file() and p.stat().st_size >= STREAM_MIN_BYTES
    except OSError:
        return False


class CsvReports:
    """The reports of a streamed CSV file, built one at a time as they are iterated."""

    def __init__(self, grouper: _Grouper, progress: Progress | None) -> None:
        self._grouper = grouper
        self._reports = list(grouper.reports.values())
        self._progress = progress
        self.rows = grouper.rows
        self.kept = len([r for r in self._reports if r.values])  # reports some of whose values were read

    def __len__(self) -> int:
        return len(self._reports)

    def __iter__(self) -> Iterator[Report]:
        bar = self._progress
        for i, r in enumerate(self._reports):
            yield self._grouper.report(r)
            if bar is not None:
                bar.update(i + 1)
        if bar is not None:
            bar.close()


def stream_csv_reports(path: str | Path, rules: RuleSet, *, target_year: int | None = None, keep_all: bool = False,
                       progress: bool = True) -> CsvReports | None:
    """The reports of a big UTF-8 CSV file in the layout of DESIGN.md, read in one pass.

    Values are read only where a rule due in ``target_year`` (default: each report's period) reads them,
    unless ``keep_all``. Raises :class:`mzcheck.InputError` with every problem, worded as
    :mod:`mzcheck.tables` words it; returns None when the file should go to tables instead (another
    encoding, a binary file, sections, children, as_of or target_year columns).
    """
    p = checked_input(path, STREAM_MAX_BYTES)
    name = str(path)
    size = p.stat().st_size
    with p.open("rb") as raw:
        head = raw.read(8192)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head or not head.strip():
            return None
        delimiter = "\t" if p.suffix.lower() == ".tsv" else _head_delimiter(head, len(head) == size)
        if delimiter is None:
            return None
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        bar = _bar(size, "读取 / reading", progress)
        collecting = gc.isenabled()
        gc.disable()  # a million rows make no reference cycles; the collector would rescan all that is kept
        try:
            grouper = _stream(text, delimiter, raw, bar, name, rules, target_year, keep_all)
        except UnicodeDecodeError:
            return None  # GBK/GB18030 or broken text: tables decodes, or says where it breaks
        finally:
            if collecting:
                gc.enable()
            if bar is not None:
                bar.close()
    if grouper is None:
        return None
    grouper.finish_check()
    return CsvReports(grouper, _bar(len(grouper.reports), "检查 / checking", progress, "reports"))


def _bar(total: int, label: str, enabled: bool, unit: str = "") -> Progress | None:
    if not enabled:
        return None
    from mzcheck.core.progress import Progress

    if unit:
        return Progress(total, label, unit)
    return Progress(max(total >> 20, 1), label, "MB")


def _head_delimiter(head: bytes, whole: bool) -> str | None:
    """tables' delimiter rule on the first non-empty line, when the first 8 KB hold all of it."""
    from mzcheck.read import table as tables

    text = head.decode("utf-8-sig", errors="ignore")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or (first == len(lines) - 1 and not whole):
        return None
    return tables._delimiter("\n".join(lines[: first + 1]))


class _CsvGrouper(_Grouper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_problem: InputError | None = None
        self.csv_problem: InputError | None = None

    def finish_check(self) -> None:
        """tables reads the whole file before anything else: a CSV error wins, then the header's problems."""
        if self.csv_problem is not None:
            raise self.csv_problem
        if self.header_problem is not None:
            raise self.header_problem
        if self.problems:
            raise InputError(self.problems)
        if not self.reports:
            self._row_problems([])
            raise InputError(self.problems)


def _stream(text: Any, delimiter: str, raw: Any, bar: Progress | None, name: str, rules: RuleSet,
            target_year: int | None, keep_all: bool) -> _CsvGrouper | None:
    from mzcheck.read import table as tables

    first: list[tuple[int, list[str]]] = []
    reader = csv.reader(text, delimiter=delimiter)
    records: Iterator[list[str]] = iter(reader)
    start = 1
    try:
        for record in records:
            first.append((start, record))
            start = reader.line_num + 1
            if len(first) == tables.HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        failed = _CsvGrouper(rules, name, False, target_year, keep_all)
        failed.csv_problem = InputError(f"not valid CSV: {exc} / CSV 格式错误", file=name, line=reader.line_num)
        return failed
    grid = [(line, [tables.Cell(v, name, line=line) for v in record]) for line, record in first]
    try:
        tables._rows(grid, name, "the first rows / 前几行")  # the header's problems, as tables words them
    except InputError as exc:
        failed = _CsvGrouper(rules, name, False, target_year, keep_all)
        failed.header_problem = exc
        try:  # tables would still meet a CSV error further down first
            for _ in records:
                pass
        except csv.Error as csv_exc:
            failed.csv_problem = InputError(f"not valid CSV: {csv_exc} / CSV 格式错误", file=name, line=reader.line_num)
        return failed
    header_line, header = _header(grid)
    if set(header.values()) - {"jurisdiction", "period", "indicator", "value", "unit"}:
        return None  # sections, children, as_of, target_year: tables reads those
    at = {n: j for j, n in header.items()}
    g = _CsvGrouper(rules, name, "unit" in at, target_year, keep_all)
    ji, pi, ii, vi = at["jurisdiction"], at["period"], at["indicator"], at["value"]
    ui = at.get("unit")

    def slow(line: int, record: Sequence[str]) -> None:
        j, p, i, v, u = (record[k] if k is not None and k < len(record) else None for k in (ji, pi, ii, vi, ui))
        g.add(line, j, p, i, v, u)

    for line, record in first[header_line + 1:]:
        slow(line, record)
    # The loops below are g.add() inlined for the common row, with every name they need a local: they run
    # once per row of a million-row file. Rows of one report usually follow each other, so the report is
    # looked up again only when the jurisdiction or period text changes.
    by_text, find_indicator, add = g.by_text, g.indicators.get, g.add
    has_unit = ui is not None
    pick = operator.itemgetter(ji, pi, ii, vi, ui if ui is not None else vi)
    # the plain layout, jurisdiction,period,indicator,value,unit and nothing else: unpacked as it is split
    plain_pick = None if (ji, pi, ii, vi, ui) == (0, 1, 2, 3, 4) and len(first[header_line][1]) == 5 else pick
    limit = csv.field_size_limit()
    rows = 0
    line = start - 1  # the last line read
    last_j: str | None = None
    last_p: str | None = None
    report: _Open | None = None
    pending = ""  # the start of a line the last block cut off
    rest = None  # the text from which the csv module takes over
    # Blocks of plain lines (no quote, no lone CR, no huge field) are split with str.split, which gives
    # exactly csv's fields for such lines, several times faster; the first block that is not plain hands
    # the rest of the file to the csv module.
    while True:
        chunk = text.read(_BLOCK)
        eof = not chunk
        block = pending + chunk
        if not block:
            break
        crs = block.count("\r")
        if '"' in block or (crs and crs - (block.endswith("\r") and not eof) != block.count("\r\n")):
            rest = block
            break
        lines = (block.replace("\r\n", "\n") if crs else block).split("\n")
        pending = "" if eof else lines.pop()
        if len(block) > limit and max(len(pending), max(map(len, lines), default=0)) > limit:
            rest = block  # csv says whether a field is too long, and where
            break
        for line, text_line in enumerate(lines, line + 1):  # noqa: B020 (line goes on counting)
            try:
                j, p, i, v, u = plain_pick(text_line.split(delimiter)) if plain_pick else text_line.split(delimiter)
            except (IndexError, ValueError):  # a short (or, for the plain layout, long) row
                slow(line, text_line.split(delimiter) if text_line else [])
                last_j = None
                continue
            if not v.strip():
                continue
            if j != last_j or p != last_p:
                report = by_text.get((j, p))
                last_j, last_p = j, p
            ind = find_indicator(i)
            if report is None or ind is None or report.lines.setdefault(ind, line) is not line:
                # text not seen yet, unknown, or an indicator repeated: the general path says what to
                add(line, j, p, i, v, u if has_unit else None)
                last_j = None
                continue
            if ind in report.keep:
                report.values.append((ind, v, u if has_unit else None, line))
        rows += len(lines)
        if bar is not None:
            bar.update(raw.tell() >> 20)
    if rest is not None:  # the rest of the file, from the start of this block, through the csv module
        if not rest.endswith("\n"):
            rest += text.readline()  # end on a line break: csv must not see the block's cut as one
        reader = csv.reader(itertools.chain(io.StringIO(rest, newline=""), text), delimiter=delimiter)
        base = line
        start = 1
        try:
            for record in reader:
                line = base + start
                start = reader.line_num + 1
                rows += 1
                try:
                    j, p, i, v, u = pick(record)
                except IndexError:
                    slow(line, record)
                    continue
                if not v.strip():
                    continue
                report = by_text.get((j, p))
                ind = find_indicator(i)
                if report is None or ind is None or report.lines.setdefault(ind, line) is not line:
                    add(line, j, p, i, v, u if has_unit else None)
                    continue
                if ind in report.keep:
                    report.values.append((ind, v, u if has_unit else None, line))
                if bar is not None and rows & (_PROGRESS_EVERY - 1) == 0:
                    bar.update(raw.tell() >> 20)
        except csv.Error as exc:
            g.csv_problem = InputError(f"not valid CSV: {exc} / CSV 格式错误", file=name, line=base + reader.line_num)
    g.rows = rows + len(first) - header_line - 1
    return g


def _found(cells: list[Any]) -> dict[int, str]:
    from mzcheck.read import table as tables

    names = {j: tables.header_name(c.text) for j, c in enumerate(cells) if not c.empty}
    return {j: n for j, n in names.items() if n is not None}


def _header(grid: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str]]:
    """The header row and its column index → name, found as tables finds it (the first with indicator and
    value; tables has already said what is wrong when there is none)."""
    for i, (_, cells) in enumerate(grid):
        found = _found(cells)
        if {"indicator", "value"} <= set(found.values()):
            return i, found
    raise AssertionError("tables._rows accepted a table without a header")

# ------------------------------------------------------------------------------- JSON output

_SCALARS = (str, int, float, bool, type(None), Decimal, dt.date)


def json_text(results: Sequence[Any]) -> str:
    """``--format json`` for many reports: the text :func:`mzcheck.render.json.render` writes, byte for byte.

    render.json dumps each result (``model_dump``), turns Decimals into ints or floats and dates into ISO
    text (``to_jsonable``), then indents with json's pure-Python encoder (json has no C encoder for
    ``indent``). Here the dumped values are written directly, with the same conversions, and each small flat
    object (a report's summary, mostly the same) is written once. tests/test_bulk.py compares the two.
    Anything unexpected goes to render.json itself.
    """
    from mzcheck.render import Options
    from mzcheck.render.json import render

    objs = [r.model_dump(mode="python") for r in results]
    try:
        return _encode(objs[0] if len(objs) == 1 else objs, "", {}) + "\n"
    except TypeError:
        return render(results, Options())


def _encode(value: Any, pad: str, memo: dict[Any, str]) -> str:
    """json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) for text-keyed dicts, lists and scalars."""
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        if any(type(k) is not str for k in value):
            raise TypeError("a key that is not text")
        values = tuple(value.values())
        if all(type(v) in _SCALARS for v in values):  # flat: one line per item, and remembered
            key = (pad, tuple(value), tuple(map(type, values)), values)  # True == 1, but they print apart
            text = memo.get(key)
            if text is None:
                text = memo[key] = ("{\n" + ",\n".join(f"{inner}{_quote(k)}: {_scalar(v)}" for k, v in value.items())
                                    + "\n" + pad + "}")
            return text
        return ("{\n" + ",\n".join(f"{inner}{_quote(k)}: {_encode(v, inner, memo)}" for k, v in value.items())
                + "\n" + pad + "}")
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + ",\n".join(inner + _encode(v, inner, memo) for v in value) + "\n" + pad + "]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return str(_quote(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is Decimal:  # as render.json.to_jsonable: whole numbers as ints, others as the float of the same digits
        return int.__repr__(int(value)) if value == value.to_integral_value() else _scalar(float(value))
    if kind is float:
        if value != value or value in (math.inf, -math.inf):
            raise TypeError("NaN or infinity: json's own spelling")
        return float.__repr__(value)
    if isinstance(value, dt.date):
        return str(_quote(value.isoformat()))
    raise TypeError(f"not a plain JSON value: {kind.__name__}")
