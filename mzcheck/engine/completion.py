"""完成率: how far a result has come, and a report's overall rate / 完成率 (docs/progress.md).

One result: actual ÷ target (added ÷ planned for an increment, growth ÷ planned growth), target ÷ actual
for a cap (逆向指标: staying under it is ≥ 100%), and against the nearer bound for a range. A report: the
mean of the item rates and, where every target adds up in one unit, total actual over total target; in both an
item beyond its target counts as 100% (its own rate, shown per item, may be above).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from mzcheck.core.codes import progress as P
from mzcheck.core.messages import Message, Phrase
from mzcheck.core.numbers import to_decimal
from mzcheck.core.records import maker
from mzcheck.kinds import KINDS
from mzcheck.model.compiled import CompiledRule
from mzcheck.model.results import Completion, CompletionSummary, Result

Formula = Literal["actual/target", "target/actual", "added/planned", "growth/planned", "range"]
SUMMABLE = ("actual/target", "added/planned")  # the formulas whose actuals and targets add up


def of(rule: CompiledRule, actual: Fraction | int, qualifier: str | None) -> Completion | None:
    """完成率 of one result; None where it is undefined (a bound, a zero divisor, per-child rules). ``actual``: a
    Fraction, or an int for a whole number (the same rate)."""
    if qualifier not in (None, "==", "~"):
        return None
    got = rate(rule, actual)
    return None if got is None else _new_completion(*got)


def rate(rule: CompiledRule, actual: Fraction | int) -> tuple[Decimal, Formula] | None:
    """:func:`of` of an exact figure as its value and formula, or None: what a result's 完成率 record holds."""
    how = rule.derived.get("completion")
    if how is None:
        how = rule.derived["completion"] = _how(rule)
    formula, bound, scale = how
    if formula is None:
        return None
    value: Decimal | None
    if scale is not None and actual.__class__ is int:  # a whole figure against a bound not 0: its key at once
        key = (actual * scale[0], scale[1])
        value = _RATES.get(key)
        if value is None:
            value = _rated(key)
    elif formula == "range":
        lo, hi = bound  # type: ignore[misc]
        if actual < lo:
            value = _rate(actual, lo) if lo > 0 else None
        elif actual > hi:
            value = _rate(hi, actual) if actual > 0 else None
        else:
            value = to_decimal(_HUNDRED)
    elif formula == "target/actual":
        value = _rate(bound, actual) if actual > 0 and bound >= 0 else None  # type: ignore[arg-type,operator]
    else:
        value = _rate(actual, bound) if bound != 0 else None  # type: ignore[arg-type]
    if value is None:
        return None
    return value, formula


def _rate(x: Fraction | int, y: Fraction | int) -> Decimal:
    """``to_decimal(x / y * 100)`` (y ≠ 0), kept by the fraction's terms: many results share a target and an actual
    (a province's counties against one target), and a rate without a finite decimal is costly to round."""
    key = (100 * x.numerator * y.denominator, x.denominator * y.numerator)
    value = _RATES.get(key)
    return value if value is not None else _rated(key)


def _rated(key: tuple[int, int]) -> Decimal:
    """The rate of :func:`_rate`'s ``key`` (the fraction's terms), computed and kept."""
    if len(_RATES) >= 8192:  # a bound, however many rates a process computes
        _RATES.clear()
    value = _RATES[key] = to_decimal(Fraction(*key))
    return value


_RATES: dict[tuple[int, int], Decimal] = {}
_HUNDRED = Fraction(100)
_new_completion = maker(Completion, ("value", "formula"))  # set directly (core/records.py)
_new_summary = maker(CompletionSummary, ("mean", "total", "shown", "items", "method"))  # a report's, every field given


def _how(rule: CompiledRule) -> tuple[Formula | None, Fraction | tuple[Fraction, Fraction] | None,
                                     tuple[int, int] | None]:
    """The formula of a rule's 完成率 and the bound it divides by (a range's two bounds), once per rule:
    (None, None, None) for a kind without one. Third, for actual ÷ bound with a bound not 0, what :func:`_rate`'s
    key of a whole actual is made of (100 × the bound's denominator, its numerator); else None."""
    own = KINDS[rule.rule.kind].completion
    if own is None:
        return None, None, None
    t = rule.threshold
    if t.is_range:
        return "range", t.value, None
    if t.downward:
        return "target/actual", t.first, None
    bound = t.first
    return own, bound, (100 * bound.denominator, bound.numerator) if bound != 0 else None


def capped_mean(rates: list[Decimal]) -> Fraction:
    """The mean of item rates (percent), each counted as 100 at most, exactly: ``sum(min(Fraction(r), 100)) /
    len``, in integers over a common denominator (one fraction built, not one a rate)."""
    ratios = [r.as_integer_ratio() for r in rates]
    ratios = [(n, d) if n < 100 * d else (100, 1) for n, d in ratios]
    common = math.lcm(*(d for _, d in ratios))
    return Fraction(sum(n * (common // d) for n, d in ratios), common * len(ratios))


def capped_total(pairs: list[tuple[Decimal, Decimal]]) -> Fraction | None:
    """Total actual (each at most its target) over total target, in percent, exactly: ``sum(min(Fraction(a),
    Fraction(t))) / sum(Fraction(t)) * 100``, in integers over a common denominator (one fraction built);
    None when the targets add up to zero or less."""
    ratios = [(a.as_integer_ratio(), t.as_integer_ratio()) for a, t in pairs]
    common = math.lcm(*(d for pair in ratios for _, d in pair)) if ratios else 1
    planned = done = 0
    for (an, ad), (tn, td) in ratios:
        t = tn * (common // td)
        planned += t
        done += min(an * (common // ad), t)
    if planned <= 0:
        return None
    return Fraction(100 * done, planned)


def aggregate(results: Iterable[Result], shown: Literal["mean", "total"] = "mean") -> CompletionSummary | None:
    """The report's overall 完成率: the mean of the item rates and, where the units allow, total ÷ total."""
    rates: list[Decimal] = []
    pairs: list[tuple[Decimal, Decimal]] = []  # actual and target of each item, while every item can be summed
    units: set[str] = set()
    summable = True
    for r in results:  # one pass over the results (each is read once, however many it holds)
        done = r.completion
        if done is None:
            continue
        rates.append(done.value)
        units.add(r.target.unit)
        if summable:
            actual, target = r.actual, r.target.value
            if (done.formula in SUMMABLE and actual is not None and isinstance(actual.value, Decimal)
                    and isinstance(target, Decimal)):
                pairs.append((actual.value, target))
            else:
                summable = False
    return overall(rates, units, pairs if summable else None, shown)


def overall(rates: list[Decimal], units: set[str], pairs: list[tuple[Decimal, Decimal]] | None,
            shown: Literal["mean", "total"] = "mean") -> CompletionSummary | None:
    """:func:`aggregate` of the items' rates, their targets' units and, where every item can be summed, each
    one's actual and target (None where one cannot)."""
    if not rates:
        return None
    # an item beyond its target counts as done, no more: 1,800% on one item does not hide another's 50%
    mean = capped_mean(rates)
    total: Fraction | None = None
    why_not: Phrase | None = None
    if len(units) > 1:
        why_not = P.UNITS_DIFFER
    elif pairs is None:
        why_not = P.CAPS_OR_RANGES
    else:
        total = capped_total(pairs)
        why_not = None if total is not None else P.TARGETS_ZERO
    use: Literal["mean", "total"] = "total" if shown == "total" and total is not None else "mean"
    return _new_summary(to_decimal(mean), to_decimal(total) if total is not None else None, use, len(rates),
                        _method(len(rates), why_not))


_METHODS: dict[tuple[int, Phrase | None], Message] = {}


def _method(count: int, why_not: Phrase | None) -> Message:
    """How the overall rate of ``count`` items was computed, and why there is no total over total: worded once
    per count and reason (messages are frozen, so one may be shared)."""
    method = _METHODS.get((count, why_not))
    if method is None:
        method = P.COMPLETION_METHOD(count=count)
        if why_not is not None:
            extra = P.COMPLETION_NO_TOTAL(why_zh=why_not.zh, why_en=why_not.en)
            method = Message(zh=method.zh + extra.zh, en=method.en + extra.en)
        _METHODS[(count, why_not)] = method
    return method
