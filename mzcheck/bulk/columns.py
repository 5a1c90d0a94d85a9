"""Column verdicts / 数值列判定: a column of numbers held in one unit against one target.

The comparison is the engine's: a :class:`~mzcheck.core.compare.Threshold`. Its :meth:`cuts` settle the
near-ties around each bound once, with Fractions, into floats; then one float comparison per value gives
the exact path's verdict (a float stands for the decimal it prints as: ``0.29`` is 29/100). Values the cuts
cannot answer (NaN, negatives, the edges of mzcheck's number range, shares above 100%, anything that is not
a float) are judged one by one with Fractions, as a report with that value would be. numpy is used when
installed (``pip install mzcheck[fast]``); plain Python otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from mzcheck.core import arguments
from mzcheck.core.codes import bulk as B
from mzcheck.core.compare import Cuts, Threshold, float_cut
from mzcheck.core.errors import InputError
from mzcheck.core.numbers import from_python
from mzcheck.core.units import Quantity, Unit, dimension_error, parse_quantity, parse_unit
from mzcheck.model.compiled import CompiledRule

STATUSES = ("not_met", "met", "invalid", "missing")  # the codes of ColumnVerdicts.codes(): 0, 1, 2, 3
NOT_MET, MET, INVALID, MISSING = range(4)
# Floats outside [EDGE_LOW, EDGE_HIGH) (besides 0) are compared exactly: near the limits of mzcheck's number
# range (mzcheck.core.numbers) a float may be refused, and the exact path says so.
EDGE_LOW, EDGE_HIGH = 1e-15, 1e15
COLUMN_KINDS = ("level", "range", "each", "maintain")
_CHUNK = 1 << 16  # values per pass: a chunk stays in the CPU cache for its several comparisons


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
class ColumnTarget:
    """A target for values held in ``unit``: the threshold exact in the target's unit, and its float cuts."""

    threshold: Threshold
    unit: Unit
    target_unit: Unit
    share: bool  # a part of a whole: above 100% is impossible, so invalid
    cuts: Cuts = field(init=False)
    share_cut: float | None = field(init=False)  # a share at or above this float is above 100%

    def __post_init__(self) -> None:
        object.__setattr__(self, "cuts", self.threshold.cuts(self.target_unit.factor / self.unit.factor))
        object.__setattr__(self, "share_cut", float_cut(1 / self.unit.factor, ">") if self.share else None)

    def exact(self, value: object) -> int:
        """The status code of one value by the exact path: what a report with this value and unit gives."""
        value = plain_number(value)
        if is_missing(value):
            return MISSING
        try:
            x = from_python(value)
        except InputError:
            return INVALID
        if x < 0 or (self.share and x * self.unit.factor > 1):  # as fields.read_value refuses them
            return INVALID
        return MET if self.threshold.contains(Quantity(x, self.unit).to(self.target_unit)) else NOT_MET

    def needs_exact(self, value: object) -> bool:
        """Whether the cuts cannot answer: not a float, NaN, negative, at the edges of the number range, or
        (a share) above 100%."""
        if type(value) is not float or not (EDGE_LOW <= value < EDGE_HIGH or value == 0):  # NaN fails too
            return True
        return self.share_cut is not None and value >= self.share_cut


def plain_number(value: object) -> object:
    """numpy's scalars as the Python numbers they hold (repr(numpy.float64(0.29)) is not "0.29")."""
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy":
        return item()
    return value


def is_missing(value: Any) -> bool:
    """None, NaN, pandas' NA and NaT: an empty cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in ("NAType", "NaTType")


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
        raise InputError.of(B.UNKNOWN_COMPARATOR, comparator=comparator)
    if comparator == "between":
        if not isinstance(target, (tuple, list)) or len(target) != 2:
            raise InputError.of(B.BETWEEN_NEEDS_RANGE)
        (lo, t_unit), (hi, hi_unit) = (_target(x, target_unit, col_unit) for x in target)
        if hi_unit.dims != t_unit.dims:
            raise dimension_error(hi_unit, t_unit)
        high = hi * hi_unit.factor / t_unit.factor
        if lo > high:
            raise InputError.of(B.RANGE_REVERSED)
        threshold = Threshold.of("between", (lo, high))
    else:
        bound, t_unit = _target(target, target_unit, col_unit)
        threshold = Threshold.of(comparator, bound)
    if col_unit.dims != t_unit.dims:
        raise dimension_error(col_unit, t_unit)
    return _run(ColumnTarget(threshold, col_unit, t_unit, share), values)


def _target(target: Any, target_unit: str | None, default: Unit) -> tuple[Fraction, Unit]:
    if isinstance(target, str) and target_unit is None:
        q = parse_quantity(target, default_unit=default).quantity
        return q.magnitude, q.unit
    return from_python(target), parse_unit(target_unit) if target_unit is not None else default


def evaluate_column(rule: CompiledRule, values: Any, unit: str) -> ColumnVerdicts:
    """Verdicts of a level, range, each or maintain rule for ``values``, all in ``unit``.

    What :func:`mzcheck.evaluate` says (met / not_met / invalid) for a report giving a value in this unit
    (a table's empty cell is not reported: here it is ``missing``). Before the due date these are where the
    values stand, not ``not_due``. Raises :class:`mzcheck.InputError` for another kind of rule and
    :class:`mzcheck.DimensionError` for a unit the indicator is not measured in.
    """
    if not isinstance(rule, CompiledRule):
        raise arguments.wrong("evaluate_column", "rule", arguments.RULE, rule)
    if rule.rule.kind not in COLUMN_KINDS:
        raise InputError.of(B.NOT_A_COLUMN_KIND, id=rule.id, kind=rule.rule.kind)
    col_unit = parse_unit(unit)
    if col_unit.dims != rule.indicator.unit.dims:
        raise dimension_error(col_unit, rule.indicator.unit)
    return _run(ColumnTarget(rule.threshold, col_unit, rule.target_unit, rule.indicator.share), values)


def _run(target: ColumnTarget, values: Any) -> ColumnVerdicts:
    np = numpy_or_none()
    if np is None:
        return _python(target, list(values))
    if isinstance(values, (list, tuple)):
        if values and all(type(v) is float for v in values):
            return _floats(np, target, np.asarray(values, dtype="float64"))
        return _python(target, values)
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise InputError.of(B.NOT_ONE_COLUMN, shape=arr.shape)
    if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:
        # float32 0.29 is the decimal it prints as, not 0.28999999165534973 widened (as bulk.adapters reads it)
        return _floats(np, target, arr.astype(str).astype("float64"))
    if arr.dtype.kind == "f":
        return _floats(np, target, arr.astype("float64", copy=False))
    if arr.dtype.kind in "iu":
        return _integers(np, target, arr)
    return _python(target, arr.tolist())


def numpy_or_none() -> Any:
    """numpy, or None when it is not installed (the pure-Python path does the same work, slower)."""
    try:
        import numpy  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return numpy


def _python(target: ColumnTarget, values: Sequence[Any]) -> ColumnVerdicts:
    codes = []
    rechecked = 0
    judged: dict[tuple[type, object], int] = {}  # each distinct value needing the exact path is judged once
    met = target.cuts.met
    for v in map(plain_number, values):
        if target.needs_exact(v):
            rechecked += 1
            key: tuple[type, object] | None = (type(v), v)
            try:
                code = judged.get(key)  # type: ignore[arg-type]
            except TypeError:  # an unhashable value: judged as it comes
                code, key = None, None
            if code is None:
                code = target.exact(v)
                if key is not None and v == v:  # NaN never finds itself again
                    judged[key] = code
            codes.append(code)
        else:
            codes.append(MET if met(v) else NOT_MET)  # type: ignore[arg-type]  # needs_exact let only floats by
    invalid = [c == INVALID for c in codes] if INVALID in codes else None
    missing = [c == MISSING for c in codes] if MISSING in codes else None
    return ColumnVerdicts([c == MET for c in codes], invalid, missing, rechecked)


def _floats(np: Any, target: ColumnTarget, v: Any) -> ColumnVerdicts:
    """One float comparison per value against the cuts (exact, ties included); then the few values the cuts
    cannot answer (NaN, negatives, the edges of the range, shares above 100%) one by one, with Fractions.

    The array is walked in cache-sized chunks, each read once for all its tests: far cheaper than whole-array
    temporaries, which cost a page fault per 4 KB.
    """
    n = v.size
    met = np.empty(n, dtype=bool)
    scratch = np.empty(min(n, _CHUNK), dtype=bool)
    low, high, share = target.cuts.low, target.cuts.high, target.share_cut
    fix = []
    for i in range(0, n, _CHUNK):
        chunk, m = v[i:i + _CHUNK], met[i:i + _CHUNK]
        if target.cuts.equal:
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
    codes = np.array([target.exact(x) for x in distinct.tolist()], dtype="int8")[where]
    met[idx] = codes == MET
    invalid = missing = None
    if (codes == INVALID).any():
        invalid = np.zeros(n, dtype=bool)
        invalid[idx] = codes == INVALID
    if (codes == MISSING).any():
        missing = np.zeros(n, dtype=bool)
        missing[idx] = codes == MISSING
    return ColumnVerdicts(met, invalid, missing, int(idx.size))


def _integers(np: Any, target: ColumnTarget, v: Any) -> ColumnVerdicts:
    """Whole numbers compare exactly with whole-number bounds: no float, no re-check."""
    info = np.iinfo(v.dtype)
    t = target.threshold.scaled(target.target_unit.factor / target.unit.factor)
    c = t.comparator

    def at_least(bound: int) -> Any:
        if bound > info.max:
            return np.zeros(v.shape, dtype=bool)
        return v >= max(bound, info.min)

    def at_most(bound: int) -> Any:
        if bound < info.min:
            return np.zeros(v.shape, dtype=bool)
        return v <= min(bound, info.max)

    lo = t.low if t.low is not None else Fraction(0)  # a side the comparator does not use is not read
    hi = t.high if t.high is not None else Fraction(0)
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
    if target.share:
        invalid |= ~at_most(math.floor(1 / target.unit.factor))
    if not invalid.any():
        return ColumnVerdicts(met, None, None, 0)
    met &= ~invalid
    return ColumnVerdicts(met, invalid, None, 0)
