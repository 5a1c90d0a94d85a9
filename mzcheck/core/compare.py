"""Exact comparison with a target: the one comparison core / 与目标的精确比较.

A :class:`Threshold` is a comparator and its bound or bounds, Fractions in one unit. Everything that
compares a value with a target — evaluation, progress during the year, lint's contradiction check, the
column verdicts of the bulk API — asks it: :meth:`~Threshold.contains`, :meth:`~Threshold.gap`,
:meth:`~Threshold.nearest`, :meth:`~Threshold.decide` (for a value reported as a bound such as "超过19"),
:meth:`~Threshold.holds` (for a value known only through a comparison, such as a projection),
:meth:`~Threshold.disjoint` and :meth:`~Threshold.cuts` (floats that give the exact verdict for float values).
Comparisons are exact, ties included: 80% = 0.8 = 4000/5000 meets "≥ 80%".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

Comparator = Literal[">=", "<=", ">", "<", "==", "between"]

# An interval (low, low_closed, high, high_closed); None is unbounded.
Interval = tuple[Fraction | None, bool, Fraction | None, bool]


@dataclass(frozen=True, slots=True)
class Cuts:
    """Float bounds that give the exact verdict for a float value (which stands for its shortest decimal).

    Met when ``low <= x <= high`` (a None side is unbounded); with ``equal``, met only when ``x == low``
    (never, when the target has no float of its own).
    """

    low: float | None
    high: float | None
    equal: bool = False

    def met(self, x: float) -> bool:
        if self.equal:
            return x == self.low
        return (self.low is None or x >= self.low) and (self.high is None or x <= self.high)


@dataclass(frozen=True, slots=True)
class Threshold:
    """A target's comparator and bound(s), exact, in the target's unit / 目标阈值:比较符与界值."""

    comparator: Comparator
    low: Fraction | None  # the bound for >=, >, ==; the lower bound of a range
    high: Fraction | None  # the bound for <=, <; the upper bound of a range

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its fields, read back through ``__init__``: not as a slotted dataclass's generic state, which
        looks its fields up for each one read back (a dense rule set's 13,124 targets at every start: 20 ms)."""
        return Threshold, (self.comparator, self.low, self.high)

    @classmethod
    def of(cls, comparator: str, value: Fraction | tuple[Fraction, Fraction]) -> Threshold:
        """``Threshold.of(">=", Fraction(80))``, ``Threshold.of("between", (2, 3))``."""
        if isinstance(value, tuple):
            lo, hi = value
            if lo > hi:
                raise ValueError(f"range [{lo}, {hi}] has its low bound above its high bound")
            return cls("between", Fraction(lo), Fraction(hi))
        v = Fraction(value)
        if comparator in (">=", ">", "=="):
            return cls(comparator, v, None)  # type: ignore[arg-type]
        if comparator in ("<=", "<"):
            return cls(comparator, None, v)  # type: ignore[arg-type]
        raise ValueError(f"comparator {comparator!r} needs a single value; 'between' needs [low, high]")

    # ------------------------------------------------------------------------------ the target itself

    @property
    def value(self) -> Fraction | tuple[Fraction, Fraction]:
        """The bound, or ``(low, high)`` for a range: as a rule writes it."""
        if self.comparator == "between":
            assert self.low is not None and self.high is not None
            return (self.low, self.high)
        bound = self.low if self.low is not None else self.high
        assert bound is not None
        return bound

    @property
    def first(self) -> Fraction:
        """The bound, or a range's low bound: what a growth or relative target asks for at least."""
        bound = self.low if self.low is not None else self.high
        assert bound is not None
        return bound

    @property
    def is_range(self) -> bool:
        return self.comparator == "between"

    @property
    def strict(self) -> bool:
        """``>`` or ``<``: the bound itself does not meet the target."""
        return self.comparator in (">", "<")

    @property
    def upward(self) -> bool:
        """More is better (``>=``, ``>``)."""
        return self.comparator in (">=", ">")

    @property
    def downward(self) -> bool:
        """Less is better (``<=``, ``<``): a cap, 逆向指标."""
        return self.comparator in ("<=", "<")

    def scaled(self, factor: Fraction) -> Threshold:
        """The same target with its bounds multiplied by ``factor`` (into another unit; factor > 0)."""
        return Threshold(self.comparator, None if self.low is None else self.low * factor,
                      None if self.high is None else self.high * factor)

    def interval(self) -> Interval:
        c = self.comparator
        if c == "between":
            return (self.low, True, self.high, True)
        if c in (">=", ">"):
            return (self.low, c == ">=", None, False)
        if c in ("<=", "<"):
            return (None, False, self.high, c == "<=")
        return (self.low, True, self.low, True)

    # ------------------------------------------------------------------------------ against a value

    def contains(self, x: Fraction) -> bool:
        """Does ``x`` meet the target? Exact."""
        c = self.comparator
        if c == ">=":
            return x >= self.low  # type: ignore[operator]
        if c == "<=":
            return x <= self.high  # type: ignore[operator]
        if c == ">":
            return x > self.low  # type: ignore[operator]
        if c == "<":
            return x < self.high  # type: ignore[operator]
        if c == "between":
            return self.low <= x <= self.high  # type: ignore[operator]
        return x == self.low

    def nearest(self, x: Fraction) -> Fraction:
        """The bound that matters for ``x``: the target, or for a range the nearer side (``x`` inside it)."""
        if self.comparator == "between":
            assert self.low is not None and self.high is not None
            return self.low if x < self.low else self.high if x > self.high else x
        bound = self.low if self.low is not None else self.high
        assert bound is not None
        return bound

    def gap(self, x: Fraction) -> Fraction:
        """actual − target; for a range, the signed distance to the nearer bound (0 inside)."""
        bound = self.nearest(x)
        if type(x) is Fraction and type(bound) is Fraction and x.denominator == 1 == bound.denominator:
            # whole numbers: the difference of the integers, one fraction built
            return Fraction(x.numerator - bound.numerator)
        return x - bound

    def holds(self, sign: Callable[[Fraction], int]) -> bool:
        """Does a value known only through ``sign(b) = sign(value − b)`` meet the target? (A compound
        projection ``v·g^(a/b)`` is compared with a bound exactly, without computing it.)"""
        c = self.comparator
        if c == "between":
            assert self.low is not None and self.high is not None
            return sign(self.low) >= 0 and sign(self.high) <= 0
        bound = self.low if self.low is not None else self.high
        assert bound is not None
        s = sign(bound)
        return {">=": s >= 0, ">": s > 0, "<=": s <= 0, "<": s < 0}.get(c, s == 0)

    def decide(self, x: Fraction, qualifier: str | None = None) -> bool | None:
        """The verdict for a value reported as a bound ("超过19" is ``> 19``): True or False when every value
        the bound allows gives it, None when they disagree (an exact value is needed)."""
        if qualifier in (None, "==", "~"):
            return self.contains(x)
        v = _interval_of_value(x, qualifier)
        t = self.interval()
        if _inside(v, t):
            return True
        if _disjoint(v, t):
            return False
        return None

    def disjoint(self, other: Threshold) -> bool:
        """No value meets both targets (two binding rules that contradict each other)."""
        return _disjoint(self.interval(), other.interval())

    # ------------------------------------------------------------------------------ floats

    def cuts(self, scale: Fraction = Fraction(1)) -> Cuts:
        """Float bounds for values in a unit ``scale`` times smaller than the target's (``scale`` =
        target factor ÷ value factor): a float value ``x`` meets the target exactly when ``cuts.met(x)``.

        A float stands for its shortest decimal (``repr``), and that correspondence is strictly increasing,
        so the floats that meet ``>= T`` are those at or above one float, the least whose decimal is at
        least T. It lies within a few ulps of float(T) and is found once, with Fractions.
        """
        t = self.scaled(scale)
        c = t.comparator
        if c == "between":
            assert t.low is not None and t.high is not None
            return Cuts(float_cut(t.low, ">="), float_cut(t.high, "<="))
        if c in (">=", ">"):
            assert t.low is not None
            return Cuts(float_cut(t.low, c), None)
        if c in ("<=", "<"):
            assert t.high is not None
            return Cuts(None, float_cut(t.high, c))
        assert t.low is not None
        f = float_cut(t.low, ">=")
        return Cuts(f if not math.isinf(f) and float_decimal(f) == t.low else None, None, equal=True)


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


def _at_or_inside(a: Fraction | None, a_closed: bool, b: Fraction | None, b_closed: bool, low: bool) -> bool:
    """Is bound a at or inside bound b (for lows: a >= b; for highs: a <= b)?"""
    if b is None:
        return True
    if a is None:
        return False
    if a == b:
        return b_closed or not a_closed
    return a > b if low else a < b


def _inside(v: Interval, t: Interval) -> bool:
    return _at_or_inside(v[0], v[1], t[0], t[1], True) and _at_or_inside(v[2], v[3], t[2], t[3], False)


def _before(hi: Fraction | None, hi_closed: bool, lo: Fraction | None, lo_closed: bool) -> bool:
    if hi is None or lo is None:
        return False
    return hi < lo or (hi == lo and not (hi_closed and lo_closed))


def _disjoint(a: Interval, b: Interval) -> bool:
    return _before(a[2], a[3], b[0], b[1]) or _before(b[2], b[3], a[0], a[1])


def float_decimal(f: float) -> Fraction:
    """The decimal a float prints as, exactly (0.29 → 29/100, not the binary 0.28999…)."""
    return Fraction(repr(f))


def float_cut(x: Fraction, comparator: str) -> float:
    """For ``>=``/``>``: the least float whose decimal passes ``comparator x``; for ``<=``/``<``: the greatest."""
    test = {">=": x.__le__, ">": x.__lt__, "<=": x.__ge__, "<": x.__gt__}[comparator]
    try:
        f = float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf
    if math.isinf(f):
        return f

    def passes(g: float) -> bool:
        return not math.isinf(g) and bool(test(float_decimal(g)))

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


# ------------------------------------------------------------------------------ the functions of old
# Kept for callers that hold a comparator and a threshold apart; each is one line over Threshold.

Bound = Fraction | tuple[Fraction, Fraction]  # a threshold's value: one bound, or (low, high)


def judge(value: Fraction, comparator: str, threshold: Bound) -> bool:
    """Does ``value`` satisfy ``comparator threshold``? Exact."""
    return Threshold.of("between" if isinstance(threshold, tuple) else comparator, threshold).contains(value)


def gap_of(value: Fraction, comparator: str, threshold: Bound) -> Fraction:
    """actual − target; for a range, the signed distance to the nearer bound (0 inside)."""
    return Threshold.of("between" if isinstance(threshold, tuple) else comparator, threshold).gap(value)


def decide(value: Fraction, qualifier: str | None, comparator: str, threshold: Bound) -> bool | None:
    """The verdict when a value is reported as a bound ("超过19"): True, False, or None when it cannot tell."""
    return Threshold.of("between" if isinstance(threshold, tuple) else comparator, threshold).decide(value, qualifier)
