"""Exact comparison with a target / 与目标的精确比较.

Values and thresholds are Fractions in one unit; a comparison is exact, ties included.
"""

from __future__ import annotations

from fractions import Fraction

Threshold = Fraction | tuple[Fraction, Fraction]


def judge(value: Fraction, comparator: str, threshold: Threshold) -> bool:
    """Does ``value`` satisfy ``comparator threshold``? Exact."""
    if isinstance(threshold, tuple):
        return threshold[0] <= value <= threshold[1]
    if comparator == ">=":
        return value >= threshold
    if comparator == "<=":
        return value <= threshold
    if comparator == ">":
        return value > threshold
    if comparator == "<":
        return value < threshold
    return value == threshold


def gap_of(value: Fraction, comparator: str, threshold: Threshold) -> Fraction:
    """actual − target; for a range, the signed distance to the nearer bound (0 inside)."""
    if isinstance(threshold, tuple):
        lo, hi = threshold
        return value - lo if value < lo else (value - hi if value > hi else Fraction(0))
    return value - threshold


# An interval (low, low_closed, high, high_closed); None is unbounded.
Interval = tuple[Fraction | None, bool, Fraction | None, bool]


def _interval_of_value(value: Fraction, qualifier: str | None) -> Interval:
    if qualifier == ">":
        return (value, False, None, False)
    if qualifier == ">=":
        return (value, True, None, False)
    if qualifier == "<":
        return (None, False, value, False)
    if qualifier == "<=":
        return (None, False, value, True)
    return (value, True, value, True)


def _interval_of_target(comparator: str, threshold: Threshold) -> Interval:
    if isinstance(threshold, tuple):
        return (threshold[0], True, threshold[1], True)
    return _interval_of_value(threshold, {">=": ">=", ">": ">", "<=": "<=", "<": "<"}.get(comparator))


def _below(a: Fraction | None, a_closed: bool, b: Fraction | None, b_closed: bool, low: bool) -> bool:
    """Is bound a at or inside bound b (for lows: a >= b; for highs: a <= b)?"""
    if b is None:
        return True
    if a is None:
        return False
    if a == b:
        return b_closed or not a_closed
    return a > b if low else a < b


def decide(value: Fraction, qualifier: str | None, comparator: str, threshold: Threshold) -> bool | None:
    """The verdict when a value is reported as a bound ("超过19"): True, False, or None when it cannot tell."""
    if qualifier in (None, "==", "~"):
        return judge(value, comparator, threshold)
    v = _interval_of_value(value, qualifier)
    t = _interval_of_target(comparator, threshold)
    inside = _below(v[0], v[1], t[0], t[1], True) and _below(v[2], v[3], t[2], t[3], False)
    if inside:
        return True
    # disjoint: v entirely above t's high or entirely below t's low
    def before(hi: Fraction | None, hi_closed: bool, lo: Fraction | None, lo_closed: bool) -> bool:
        if hi is None or lo is None:
            return False
        return hi < lo or (hi == lo and not (hi_closed and lo_closed))
    if before(v[2], v[3], t[0], t[1]) or before(t[2], t[3], v[0], v[1]):
        return False
    return None


