"""Progress during the year / 年中进度 (stage 3: evaluate).

Before a rule's due date a check says whether the year is on track, not just "not due":

- an amount to add in the period (``increment``, and ``growth`` against a baseline) is compared with
  the plan's line to date: linear by days from the period's start to the due date, or through the
  rule's ``milestones`` (cumulative);
- a level (``level``, ``range``) is projected to the due date from earlier values — the report's
  ``history`` or, when it has none, the history store — along a linear or a compound trend, and a
  milestone already due must be met;
- ``maintain`` is judged on every value so far.

Verdicts are exact: pro-rata and linear projections are Fractions, and a compound projection
``v·g^(a/b)`` is compared with the target through integer powers (``g^a`` against ``(T/v)^b``), so
rounding never decides. Only the numbers shown are rounded. See docs/progress.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from mzcheck.core import wording as explain
from mzcheck.core.errors import InputError
from mzcheck.core.messages import Message
from mzcheck.core.numbers import format_number, from_python, to_decimal
from mzcheck.core.units import Unit, parse_unit
from mzcheck.kinds.observe import observe
from mzcheck.model.results import (
    Amount,
    Completion,
    CompletionSummary,
    Finding,
    Pace,
    Projection,
    Result,
    TrajectoryPoint,
)
from mzcheck.model.rules import Status

if TYPE_CHECKING:
    from mzcheck.load.ruleset import RuleSet
    from mzcheck.model.compiled import CompiledRule
    from mzcheck.model.report import Report

Threshold = Fraction | tuple[Fraction, Fraction]
DAYS_A_YEAR = 365  # "a year" in rates shown to people; verdicts never use it
HORIZON_DAYS = 100 * 366  # a trend that needs longer than a century to cross "never" crosses

# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Point:
    """An earlier value: its date, the value and where it comes from (``history``, ``recorded``)."""

    when: dt.date
    value: Fraction
    origin: Literal["history", "recorded"]


@dataclass
class Recorded:
    """Earlier values of one jurisdiction from the history store (:mod:`mzcheck.history`).

    ``observations``: indicator id → values in base units; ``results``: rule id → the rule's measured
    actual (e.g. beds added so far) in the rule's target unit.
    """

    observations: dict[str, list[Point]] = field(default_factory=dict)
    results: dict[str, list[Point]] = field(default_factory=dict)


@dataclass
class Progress:
    """The interim verdict on one rule, ready to go into a :class:`Result`."""

    status: Status
    message: Message
    expected: Fraction | None = None
    pace_needed: Fraction | None = None
    projection: Projection | None = None
    trajectory: list[TrajectoryPoint] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def fields(self, unit: Unit) -> dict[str, object]:
        """The Result fields this verdict fills."""
        return {
            "expected_to_date": Amount(value=to_decimal(self.expected), unit=unit.label)
            if self.expected is not None else None,
            "pace_needed": Pace(value=to_decimal(self.pace_needed), unit=unit.label)
            if self.pace_needed is not None else None,
            "projection": self.projection,
            "trajectory": self.trajectory,
        }


# --------------------------------------------------------------------------- calendar arithmetic


def month_position(day: dt.date) -> Fraction:
    """Months since year 0 at the end of ``day``: 30 June is 6 months into the year, exactly."""
    length = calendar.monthrange(day.year, day.month)[1]
    return Fraction(day.year * 12 + day.month - 1) + Fraction(day.day, length)


def months_between(a: dt.date, b: dt.date) -> Fraction:
    """Calendar months from the end of ``a`` to the end of ``b`` (30 June → 31 December: 6)."""
    return month_position(b) - month_position(a)


def period_start(rule: CompiledRule) -> dt.date:
    """The first day of the period an amount is added in."""
    r = rule.rule
    if r.start is not None:
        return r.start
    if r.kind == "growth":
        return dt.date((r.baseline or r.due.year - 1) + 1, 1, 1)
    return dt.date(r.due.year, 1, 1)


def elapsed_share(start: dt.date, as_of: dt.date, due: dt.date) -> Fraction:
    """The share of the period gone by the end of ``as_of``, counting days (1 Jan–30 Jun 2025: 181/365)."""
    total = (due - start).days + 1
    elapsed = (as_of - start).days + 1
    return Fraction(min(max(elapsed, 0), total), total)


# --------------------------------------------------------------------------- the entry point


def assess(rules: RuleSet, rule: CompiledRule, report: Report, actual: Fraction,
           recorded: Recorded | None = None) -> Progress | None:
    """The interim verdict on ``rule`` given its measured ``actual`` (in the target unit).

    None when there is nothing to judge from (the caller keeps ``not_due``).
    """
    kind = rule.rule.kind
    if kind in ("increment", "growth"):
        return _pro_rata(rule, report, actual, recorded)
    if kind in ("level", "range"):
        return _trend(rules, rule, report, actual, recorded)
    if kind == "maintain":
        return _maintained_so_far(rule, report, actual)
    return None


def _milestones(rule: CompiledRule, start: dt.date) -> tuple[list[tuple[dt.date, Fraction]], list[Finding]]:
    """The rule's milestones in its target unit, in date order; unusable ones are left out with a note."""
    out: list[tuple[dt.date, Fraction]] = []
    notes: list[Finding] = []
    for m in sorted(rule.rule.milestones, key=lambda m: m.due):
        why = None
        value = m.target.value
        if isinstance(value, tuple):
            why = "a milestone is one value, not a range / 阶段目标应为单一数值"
        elif not start <= m.due < rule.rule.due:
            why = f"{m.due} is outside the period {start}–{rule.rule.due} / 不在目标期间内"
        else:
            try:
                unit = parse_unit(m.target.unit) if m.target.unit else rule.target_unit
            except InputError as exc:
                unit, why = None, str(exc)
            if unit is not None and unit.dims != rule.target_unit.dims:
                why = f"unit {m.target.unit!r} does not fit the target's {rule.target_unit.text!r} / 单位与目标不符"
            if why is None and unit is not None and not isinstance(value, tuple):
                out.append((m.due, from_python(value) * unit.factor / rule.target_unit.factor))
                continue
        notes.append(Finding(code="milestone-unusable", severity="warning", message=Message(
            zh=f"阶段目标({m.due})无法使用,已忽略:{_zh(why or '')}", en=f"milestone {m.due} ignored: {_en(why or '')}")))
    return out, notes


def _zh(reason: str) -> str:
    return reason.split(" / ", 1)[-1]


def _en(reason: str) -> str:
    return reason.split(" / ", 1)[0]


# --------------------------------------------------------------------------- exact comparison with a projection

Cmp = Callable[[Fraction], int]  # sign(projected − x), exact


def _satisfies(comparator: str, threshold: Threshold, cmp: Cmp) -> bool:
    if isinstance(threshold, tuple):
        return cmp(threshold[0]) >= 0 and cmp(threshold[1]) <= 0
    c = cmp(threshold)
    return {">=": c >= 0, ">": c > 0, "<=": c <= 0, "<": c < 0}.get(comparator, c == 0)


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _linear_cmp(value: Fraction) -> Cmp:
    return lambda x: _sign(value - x)


def _compound_cmp(now: Fraction, growth: Fraction, ahead: int, behind: int) -> Cmp:
    """sign(now · growth^(ahead/behind) − x) without roots: compare growth^a with (x/now)^b."""
    step = Fraction(ahead, behind)
    a, b = step.numerator, step.denominator

    def cmp(x: Fraction) -> int:
        if x <= 0:
            return 1
        if a == 0:
            return _sign(now - x)
        return _sign(growth ** a - (x / now) ** b)

    return cmp


def _compound_value(now: Fraction, growth: Fraction, ahead: int, behind: int) -> Fraction:
    """now · growth^(ahead/behind), to 30 significant digits (for display; verdicts use ``_compound_cmp``)."""
    with localcontext() as ctx:
        ctx.prec = 40
        g = Decimal(growth.numerator) / Decimal(growth.denominator)
        factor = (g.ln() * Decimal(ahead) / Decimal(behind)).exp()
        value = Decimal(now.numerator) / Decimal(now.denominator) * factor
        return Fraction(+value)


# --------------------------------------------------------------------------- increments: pro-rata or milestones


def _pro_rata(rule: CompiledRule, report: Report, actual: Fraction, recorded: Recorded | None) -> Progress | None:
    r = rule.rule
    start = period_start(rule)
    as_of, due = report.as_of, r.due
    if as_of < start:
        return None
    threshold = rule.threshold.value
    scalar = not isinstance(threshold, tuple)
    share = elapsed_share(start, as_of, due)
    knots, findings = _milestones(rule, start) if scalar else ([], [])
    method: Literal["pro_rata", "milestones"] = "pro_rata"
    plan_line: list[tuple[dt.date, Fraction]] = []
    if knots and isinstance(threshold, Fraction) and threshold != 0:
        method = "milestones"
        plan_line = [(start - dt.timedelta(days=1), Fraction(0)), *knots, (due, threshold)]
        expected = _interpolate(plan_line, as_of)
        share = expected / threshold
    if share == 0:
        return None
    expected_t: Threshold = (threshold[0] * share, threshold[1] * share) if isinstance(threshold, tuple) \
        else threshold * share
    projected = actual / share
    meets = _satisfies(r.comparator, threshold, _linear_cmp(projected))
    status: Status = "on_track" if meets else "behind"
    months_left = months_between(as_of, due)
    pace = _pace(r.comparator, threshold, actual, months_left)
    projection = Projection(
        method=method, value=to_decimal(projected), unit=rule.target_unit.label, at=due, meets=meets,
        observed_change=to_decimal(actual / months_between(start - dt.timedelta(days=1), as_of) * 12),
        required_change=to_decimal(_bound(threshold, actual) / months_between(start - dt.timedelta(days=1), due) * 12),
        change_unit=rule.target_unit.label,
        basis=_pro_rata_basis(method, start, as_of, due, share))
    trajectory = [TrajectoryPoint(date=start - dt.timedelta(days=1), value=Decimal(0), origin="start")]
    for p in sorted((recorded.results.get(r.id, []) if recorded else []), key=lambda p: p.when):
        if start <= p.when < as_of:
            trajectory.append(TrajectoryPoint(date=p.when, value=to_decimal(p.value), origin="recorded"))
    trajectory.append(TrajectoryPoint(date=as_of, value=to_decimal(actual), origin="report"))
    trajectory.extend(TrajectoryPoint(date=d, value=to_decimal(v), origin="milestone") for d, v in knots)
    trajectory.append(TrajectoryPoint(date=due, value=to_decimal(projected), origin="projected"))
    trajectory.sort(key=lambda t: (t.date, t.origin == "projected"))
    expected_scalar = expected_t[0] if isinstance(expected_t, tuple) else expected_t
    message = _pro_rata_message(rule, status, actual, expected_scalar, projected, pace, months_left, as_of,
                                method, share, start)
    return Progress(status, message, expected_scalar, pace, projection, trajectory, findings)


def _interpolate(line: Sequence[tuple[dt.date, Fraction]], day: dt.date) -> Fraction:
    """The plan line's value at the end of ``day``, linear by days between its knots."""
    for (d0, v0), (d1, v1) in itertools.pairwise(line):
        if d0 <= day <= d1:
            span = (d1 - d0).days
            return v1 if span == 0 else v0 + (v1 - v0) * Fraction((day - d0).days, span)
    return line[-1][1]


def _bound(threshold: Threshold, actual: Fraction) -> Fraction:
    """The bound that matters: the target, or for a range the nearer side."""
    if isinstance(threshold, tuple):
        return threshold[0] if actual < threshold[0] else threshold[1] if actual > threshold[1] else actual
    return threshold


def _pace(comparator: str, threshold: Threshold, actual: Fraction, months_left: Fraction) -> Fraction | None:
    """The amount a month still needed to reach the target; None when nothing more is needed."""
    if months_left <= 0:
        return None
    if isinstance(threshold, tuple):
        need = threshold[0] - actual if actual < threshold[0] else threshold[1] - actual if actual > threshold[1] else 0
    elif comparator in (">=", ">", "=="):
        need = threshold - actual if actual < threshold or (comparator == ">" and actual == threshold) else 0
    else:
        need = threshold - actual if actual > threshold or (comparator == "<" and actual == threshold) else 0
    return Fraction(need) / months_left if need else None


# --------------------------------------------------------------------------- levels: trend projection


def _history_points(rules: RuleSet, rule: CompiledRule, report: Report,
                    recorded: Recorded | None) -> tuple[list[Point], list[Finding]]:
    """Earlier values of the rule's indicator, in its target unit: the report's history, else the store."""

    ind, unit = rule.indicator, rule.target_unit
    points: list[Point] = []
    findings: list[Finding] = []
    for year, values in sorted(report.history.items()):
        when = dt.date(year, 12, 31)
        if when >= report.as_of:
            continue
        obs = observe(ind, values)
        if obs.error:
            findings.append(Finding(code="history-unusable", severity="warning", message=Message(
                zh=f"{year}年的{ind.model.name.zh}无法用于趋势推算:{_zh(obs.error)}",
                en=f"the {year} value of {ind.model.name.en} cannot be used for the trend: {_en(obs.error)}")))
        elif obs.base is not None and obs.qualifier in (None, "=="):
            points.append(Point(when, obs.base / unit.factor, "history"))
    if not points and recorded is not None:
        by_date: dict[dt.date, Point] = {}
        for p in recorded.observations.get(ind.id, []):
            if p.when < report.as_of:
                by_date[p.when] = Point(p.when, p.value / unit.factor, "recorded")  # the latest record wins
        points = [by_date[d] for d in sorted(by_date)]
    return points, findings


def _trend(rules: RuleSet, rule: CompiledRule, report: Report, actual: Fraction,
           recorded: Recorded | None) -> Progress | None:
    r = rule.rule
    as_of, due = report.as_of, r.due
    threshold = rule.threshold.value
    points, findings = _history_points(rules, rule, report, recorded)
    knots, notes = _milestones(rule, dt.date.min) if not isinstance(threshold, tuple) else ([], [])
    findings += notes
    passed = [(d, v) for d, v in knots if d <= as_of]
    missed = passed[-1] if passed and not _satisfies(r.comparator, passed[-1][1], _linear_cmp(actual)) else None
    if not points:
        if not passed:
            return None
        status: Status = "behind" if missed else "on_track"
        return Progress(status, _milestone_message(rule, status, actual, passed[-1], as_of), findings=findings,
                        trajectory=[TrajectoryPoint(date=as_of, value=to_decimal(actual), origin="report")])
    first = points[0]
    behind_days = (as_of - first.when).days
    ahead_days = (due - as_of).days
    ind = rule.indicator
    compound = (not ind.model.derived and not ind.unit.dimensionless and first.value > 0 and actual > 0)
    months_left = months_between(as_of, due)
    change_unit = rule.target_unit.label
    crosses: dt.date | None
    if compound:
        growth = actual / first.value
        cmp = _compound_cmp(actual, growth, ahead_days, behind_days)
        projected = _compound_value(actual, growth, ahead_days, behind_days)
        observed = (_compound_value(Fraction(1), growth, DAYS_A_YEAR, behind_days) - 1) * 100
        bound = _bound(threshold, actual)
        required = ((_compound_value(Fraction(1), bound / actual, DAYS_A_YEAR, ahead_days) - 1) * 100
                    if bound > 0 and ahead_days > 0 else None)
        change_unit = "percent"
        crosses = _crossing(r.comparator, threshold, actual, as_of,
                            lambda d: _compound_cmp(actual, growth, d, behind_days),
                            _compound_guess(actual, growth, behind_days, threshold))
    else:
        slope = (actual - first.value) / behind_days
        projected = actual + slope * ahead_days
        cmp = _linear_cmp(projected)
        observed = slope * DAYS_A_YEAR
        required = (_bound(threshold, actual) - actual) / ahead_days * DAYS_A_YEAR if ahead_days > 0 else None
        crosses = _crossing(r.comparator, threshold, actual, as_of, lambda d: _linear_cmp(actual + slope * d),
                            _linear_guess(actual, slope, threshold))
    meets = _satisfies(r.comparator, threshold, cmp)
    status = "on_track" if meets and missed is None else "behind"
    pace = _pace(r.comparator, threshold, actual, months_left)
    method: Literal["linear", "compound"] = "compound" if compound else "linear"
    projection = Projection(
        method=method, value=to_decimal(projected), unit=rule.target_unit.label, at=due, meets=meets,
        crosses=crosses, observed_change=to_decimal(observed),
        required_change=to_decimal(required) if required is not None else None, change_unit=change_unit,
        basis=_trend_basis(method, first, as_of, len(points)))
    trajectory = [TrajectoryPoint(date=p.when, value=to_decimal(p.value), origin=p.origin) for p in points]
    trajectory.append(TrajectoryPoint(date=as_of, value=to_decimal(actual), origin="report"))
    trajectory.extend(TrajectoryPoint(date=d, value=to_decimal(v), origin="milestone") for d, v in knots
                      if first.when <= d <= due)
    trajectory.append(TrajectoryPoint(date=due, value=to_decimal(projected), origin="projected"))
    trajectory.sort(key=lambda t: (t.date, t.origin == "projected"))
    message = _trend_message(rule, status, actual, projection, projected, pace, months_left, as_of, first, missed)
    return Progress(status, message, None, pace, projection, trajectory, findings)


def _linear_guess(now: Fraction, slope: Fraction, threshold: Threshold) -> int | None:
    if isinstance(threshold, tuple) or slope == 0:
        return None
    days = (threshold - now) / slope
    return math.ceil(days) if days > 0 else None


def _compound_guess(now: Fraction, growth: Fraction, behind: int, threshold: Threshold) -> int | None:
    if isinstance(threshold, tuple) or growth == 1 or threshold <= 0:
        return None
    ratio = threshold / now
    if (ratio > 1) != (growth > 1):
        return None
    days = math.log(ratio) / math.log(growth) * behind  # a first guess only; _crossing settles it exactly
    return math.ceil(days) if days > 0 and days < HORIZON_DAYS else None


def _crossing(comparator: str, threshold: Threshold, now: Fraction, as_of: dt.date, at: Callable[[int], Cmp],
              guess: int | None) -> dt.date | None:
    """The first day the trend satisfies the target; None when it already does, or not within a century.

    Both trends are monotonic, so the first day is found by bisection with exact comparisons; the
    guess (from float logarithms) usually settles it in two.
    """
    if isinstance(threshold, tuple) or _satisfies(comparator, threshold, _linear_cmp(now)) or guess is None:
        return None

    def ok(days: int) -> bool:
        return _satisfies(comparator, threshold, at(days))

    guess = min(max(guess, 1), HORIZON_DAYS)
    if ok(guess) and (guess == 1 or not ok(guess - 1)):
        days = guess
    elif not ok(HORIZON_DAYS):
        return None
    else:
        low, high = 0, HORIZON_DAYS  # not ok at low (today), ok at high
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (low, mid) if ok(mid) else (mid, high)
        days = high
    try:
        return as_of + dt.timedelta(days=days)
    except OverflowError:  # pragma: no cover - beyond year 9999
        return None


# --------------------------------------------------------------------------- maintain: every value so far


def _maintained_so_far(rule: CompiledRule, report: Report, worst: Fraction) -> Progress:
    r = rule.rule
    ok = _satisfies(r.comparator, rule.threshold.value, _linear_cmp(worst))
    status: Status = "on_track" if ok else "behind"
    name = rule.indicator.model.name
    unit = rule.target_unit.text
    target = explain.target_text(r.comparator, rule.threshold.value, unit)
    lead_zh, lead_en = _LEAD[status]
    zh = (f"{lead_zh}:截至{report.as_of},{name.zh}期内最不利值为{explain.amount(worst, unit)},"
          f"{'保持' if ok else '未能保持'}{target.zh}(须保持至{r.due})")
    en = (f"{lead_en}: the worst value of {name.en} so far ({report.as_of}) is {explain.amount_en(worst, unit)}, "
          f"{'within' if ok else 'outside'} the target {target.en} (to hold until {r.due})")
    return Progress(status, Message(zh=zh, en=en),
                    trajectory=[TrajectoryPoint(date=report.as_of, value=to_decimal(worst), origin="report")])


# --------------------------------------------------------------------------- wording

_LEAD: dict[str, tuple[str, str]] = {"on_track": ("进度正常", "On track"), "behind": ("进度滞后", "Behind")}


def _names(rule: CompiledRule) -> Message:
    """What the actual measures: 新增认知障碍照护专区床位数 / beds in dementia-care units added."""
    name = rule.indicator.model.name
    if rule.rule.kind == "increment":
        return Message(zh=f"新增{name.zh}", en=f"{name.en} added")
    if rule.rule.kind == "growth":
        baseline = rule.rule.baseline or rule.rule.due.year - 1
        return Message(zh=f"{name.zh}较{baseline}年增长", en=f"growth of {name.en} since {baseline}")
    return Message(zh=name.zh, en=name.en)


def _signed(value: Fraction, unit: str, en: bool) -> str:
    text = explain.amount_en(abs(value), unit) if en else explain.gap_amount(abs(value), unit)
    return ("+" if value >= 0 else "−") + text


def _months(months: Fraction) -> str:
    return format_number(months, places=1)


def _pro_rata_basis(method: str, start: dt.date, as_of: dt.date, due: dt.date, share: Fraction) -> Message:
    if method == "milestones":
        return Message(zh=f"按阶段目标:{start}起经各节点至{due},节点之间按天数线性插值",
                       en=f"along the milestones from {start} to {due}, linear by days between them")
    elapsed, total = (as_of - start).days + 1, (due - start).days + 1
    return Message(zh=f"按时间进度:{start}至{as_of}共{elapsed}天,占全期{total}天的{elapsed}/{total}",
                   en=f"pro rata by days: {elapsed} of the {total} days from {start} to {due}")


def _pro_rata_message(rule: CompiledRule, status: Status, actual: Fraction, expected: Fraction,
                      projected: Fraction, pace: Fraction | None, months_left: Fraction, as_of: dt.date,
                      method: str, share: Fraction, start: dt.date) -> Message:
    r = rule.rule
    unit = rule.target_unit.text
    name = _names(rule)
    target = explain.target_text(r.comparator, rule.threshold.value, unit)
    lead_zh, lead_en = _LEAD[status]
    if method == "milestones":
        how_zh, how_en = "按阶段目标", "along the milestones"
    else:
        elapsed, total = (as_of - start).days + 1, (r.due - start).days + 1
        how_zh, how_en = f"按时间进度({elapsed}/{total}天)", f"pro rata, {elapsed}/{total} days"
    diff = actual - expected
    diff_zh = diff_en = ""
    if diff < 0:
        diff_zh, diff_en = f",差{explain.gap_amount(-diff, unit)}", f", short by {explain.gap_amount_en(-diff, unit)}"
    elif diff > 0:
        diff_zh, diff_en = f",超前{explain.gap_amount(diff, unit)}", f", ahead by {explain.gap_amount_en(diff, unit)}"
    zh = (f"{lead_zh}:截至{as_of},{name.zh}{explain.amount(actual, unit)},{how_zh}应达"
          f"{explain.amount(expected, unit)}{diff_zh};按此进度预计{r.due}达{explain.amount(projected, unit)},"
          f"目标{target.zh}")
    en = (f"{lead_en}: {name.en} is {explain.amount_en(actual, unit)} as of {as_of}; "
          f"{explain.amount_en(expected, unit)} expected by now ({how_en}){diff_en}; at this pace "
          f"{explain.amount_en(projected, unit)} by {r.due}, target {target.en}")
    if pace is not None:
        zh += f";剩余{_months(months_left)}个月每月需完成{explain.gap_amount(pace, unit)}"
        en += f"; {explain.gap_amount_en(pace, unit)} a month needed over the remaining {_months(months_left)} months"
    return Message(zh=zh, en=en)


def _trend_basis(method: str, first: Point, as_of: dt.date, n: int) -> Message:
    where_zh = "报表 history" if first.origin == "history" else "历史记录库"
    where_en = "the report's history" if first.origin == "history" else "the history store"
    kind_zh = "线性" if method == "linear" else "复合增长"
    return Message(zh=f"按{first.when}至{as_of}的{kind_zh}趋势外推(早期数值{n}个,来自{where_zh})",
                   en=f"{method} trend from {first.when} to {as_of}, extrapolated ({n} earlier values from {where_en})")


def _trend_message(rule: CompiledRule, status: Status, actual: Fraction, projection: Projection,
                   projected: Fraction, pace: Fraction | None, months_left: Fraction, as_of: dt.date, first: Point,
                   missed: tuple[dt.date, Fraction] | None) -> Message:
    r = rule.rule
    unit = rule.target_unit.text
    name = _names(rule)
    target = explain.target_text(r.comparator, rule.threshold.value, unit)
    lead_zh, lead_en = _LEAD[status]
    change = from_python(projection.observed_change) if projection.observed_change is not None else Fraction(0)
    if projection.method == "compound":
        rate_zh = rate_en = f"{'+' if change >= 0 else '−'}{format_number(abs(change), 2)}%"
        kind_zh, kind_en = "复合增长", "compound"
    else:
        rate_zh, rate_en = _signed(change, unit, False), _signed(change, unit, True)
        kind_zh, kind_en = "线性", "linear"
    meets = projection.meets
    zh = (f"{lead_zh}:截至{as_of},{name.zh}为{explain.amount(actual, unit)};按{first.when}以来的{kind_zh}趋势"
          f"(年均{rate_zh}),预计{r.due}为{explain.amount(projected, unit)},{'可达到' if meets else '达不到'}目标{target.zh}")
    en = (f"{lead_en}: {name.en} is {explain.amount_en(actual, unit)} as of {as_of}; on the {kind_en} trend since "
          f"{first.when} ({rate_en} a year) it will be {explain.amount_en(projected, unit)} by {r.due}, "
          f"{'meeting' if meets else 'short of'} the target {target.en}")
    if projection.crosses is not None:
        zh += f",按此趋势{projection.crosses}达到目标"
        en += f"; at this pace the target is reached on {projection.crosses}"
    elif not meets and not isinstance(rule.threshold.value, tuple):
        zh += ",按此趋势无法达到目标"
        en += "; at this pace it is never reached"
    if missed is not None:
        d, v = missed
        m_target = explain.target_text(r.comparator, v, unit)
        zh += f";阶段目标({d}){m_target.zh}未达到"
        en += f"; the milestone of {d} ({m_target.en}) is missed"
    if pace is not None:
        verb_zh, verb_en = ("提高", "a rise") if pace > 0 else ("降低", "a fall")
        zh += f";剩余{_months(months_left)}个月每月需{verb_zh}{explain.gap_amount(abs(pace), unit)}"
        en += (f"; {verb_en} of {explain.gap_amount_en(abs(pace), unit)} a month is needed over the remaining "
               f"{_months(months_left)} months")
    return Message(zh=zh, en=en)


def _milestone_message(rule: CompiledRule, status: Status, actual: Fraction, milestone: tuple[dt.date, Fraction],
                       as_of: dt.date) -> Message:
    r = rule.rule
    unit = rule.target_unit.text
    name = _names(rule)
    d, v = milestone
    m_target = explain.target_text(r.comparator, v, unit)
    target = explain.target_text(r.comparator, rule.threshold.value, unit)
    lead_zh, lead_en = _LEAD[status]
    met = status == "on_track"
    return Message(
        zh=f"{lead_zh}:截至{as_of},{name.zh}为{explain.amount(actual, unit)},阶段目标({d}){m_target.zh}"
           f"{'已达到' if met else '未达到'};最终目标{target.zh}(截止{r.due})",
        en=f"{lead_en}: {name.en} is {explain.amount_en(actual, unit)} as of {as_of}; the milestone of {d} "
           f"({m_target.en}) is {'met' if met else 'missed'}; final target {target.en} by {r.due}")


# --------------------------------------------------------------------------- completion rate / 完成率


def completion(rule: CompiledRule, actual: Fraction, qualifier: str | None) -> Completion | None:
    """完成率 of one result; None where it is undefined (a bound, a zero divisor, per-child rules)."""
    r = rule.rule
    if qualifier not in (None, "==", "~") or r.kind == "each":
        return None
    t = rule.threshold.value
    rate: Fraction | None
    formula: Literal["actual/target", "target/actual", "added/planned", "growth/planned", "range"]
    if isinstance(t, tuple):
        lo, hi = t
        formula = "range"
        if actual < lo:
            rate = actual / lo if lo > 0 else None
        elif actual > hi:
            rate = hi / actual if actual > 0 else None
        else:
            rate = Fraction(1)
    elif r.comparator in ("<=", "<"):
        # 逆向指标 (the lower the better): target ÷ actual, so staying under the cap is ≥ 100%
        formula = "target/actual"
        rate = t / actual if actual > 0 and t >= 0 else None
    else:
        formula = {"increment": "added/planned", "growth": "growth/planned"}.get(r.kind, "actual/target")  # type: ignore[assignment]
        rate = actual / t if t != 0 else None
    if rate is None:
        return None
    return Completion(value=to_decimal(rate * 100), formula=formula)


_SUMMABLE = ("actual/target", "added/planned")


def aggregate(results: Iterable[Result], shown: Literal["mean", "total"] = "mean") -> CompletionSummary | None:
    """The report's overall 完成率: the mean of the item rates and, where the units allow, total ÷ total."""
    items = [r for r in results if r.completion is not None]
    if not items:
        return None
    rates = [from_python(r.completion.value) for r in items if r.completion is not None]
    mean = sum(rates, Fraction(0)) / len(rates)
    total: Fraction | None = None
    units = {r.target.unit for r in items}
    summable = all(r.completion is not None and r.completion.formula in _SUMMABLE and r.actual is not None
                   and isinstance(r.actual.value, Decimal) and isinstance(r.target.value, Decimal) for r in items)
    why_not = ""
    if len(units) > 1:
        why_not = "units differ / 单位不同"
    elif not summable:
        why_not = "some targets are caps or ranges / 含逆向或区间指标"
    else:
        planned = sum((from_python(r.target.value) for r in items if isinstance(r.target.value, Decimal)), Fraction(0))
        done = sum((from_python(r.actual.value) for r in items
                    if r.actual is not None and isinstance(r.actual.value, Decimal)), Fraction(0))
        total = done / planned * 100 if planned > 0 else None
        why_not = "" if total is not None else "the targets add up to zero / 目标合计为零"
    use: Literal["mean", "total"] = "total" if shown == "total" and total is not None else "mean"
    zh = f"mean:各项完成率的算术平均;total:实际合计 ÷ 目标合计({len(items)}项)"
    en = f"mean: the mean of the item rates; total: total actual over total target ({len(items)} items)"
    if total is None:
        zh += f";合计比不适用:{_zh(why_not)}"
        en += f"; total over total not computed: {_en(why_not)}"
    return CompletionSummary(mean=to_decimal(mean), total=to_decimal(total) if total is not None else None,
                             shown=use, items=len(items), method=Message(zh=zh, en=en))


def recorded_points(rows: Sequence[tuple[dt.date, Fraction]]) -> list[Point]:
    """Points from the history store (base units)."""
    return [Point(d, v, "recorded") for d, v in rows]
