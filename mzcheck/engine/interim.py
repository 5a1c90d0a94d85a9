"""Progress during the year / 年中进度 (stage: engine).

Before a rule's due date a check says whether the year is on track, not just "not due". How is the rule
kind's to say (:attr:`mzcheck.kinds.base.Kind.progress`):

- ``pro_rata`` (an amount to add: ``increment``, and ``growth`` against a baseline) compares the amount so
  far with the plan's line to date: linear by days from the period's start to the due date, or through the
  rule's ``milestones`` (cumulative);
- ``trend`` (a level: ``level``, ``range``) projects the value to the due date from earlier values — the
  report's ``history`` or, when it has none, the history store — along a linear or a compound trend, and a
  milestone already due must be met;
- ``worst_so_far`` (``maintain``) judges every value so far.

Verdicts are exact: pro-rata and linear projections are Fractions, and a compound projection ``v·g^(a/b)``
is compared with the target through integer powers (``g^a`` against ``(T/v)^b``, see
:meth:`~mzcheck.core.compare.Threshold.holds`), so rounding never decides. Only the numbers shown are
rounded. See docs/progress.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Literal

from mzcheck.core import wording
from mzcheck.core.codes import notes as N
from mzcheck.core.codes import progress as P
from mzcheck.core.compare import Threshold
from mzcheck.core.errors import InputError
from mzcheck.core.messages import Message, Phrase
from mzcheck.core.numbers import format_number, from_python, to_decimal
from mzcheck.core.units import Unit, parse_unit
from mzcheck.kinds import KINDS
from mzcheck.kinds.observe import observe
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledRule
from mzcheck.model.report import Point, Recorded, Report
from mzcheck.model.results import Amount, Finding, Pace, Projection, TrajectoryPoint
from mzcheck.model.rules import Status

__all__ = ["Point", "Progress", "Recorded", "assess", "elapsed_share", "month_position", "months_between",
           "period_start"]

DAYS_A_YEAR = 365  # "a year" in rates shown to people; verdicts never use it
HORIZON_DAYS = 100 * 366  # a trend that needs longer than a century to cross "never" crosses

_MILESTONE_RANGE = Phrase("阶段目标应为单一数值", "a milestone is one value, not a range")
_MILESTONE_OUTSIDE = Phrase("{due}不在目标期间{start}–{end}内", "{due} is outside the period {start}–{end}")
_MILESTONE_UNIT = Phrase("单位“{unit}”与目标单位“{target}”不符", "unit {unit!r} does not fit the target's {target!r}")


@dataclass
class Progress:
    """The interim verdict on one rule, ready to go into a result."""

    status: Status
    message: Message
    expected: Fraction | None = None
    pace_needed: Fraction | None = None
    projection: Projection | None = None
    trajectory: list[TrajectoryPoint] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def fields(self, unit: Unit) -> dict[str, object]:
        """The result fields this verdict fills."""
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
    return dt.date(KINDS[r.kind].period_start_year(r), 1, 1)


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
    how = KINDS[rule.rule.kind].progress
    if how == "pro_rata":
        return _pro_rata(rules, rule, report, actual, recorded)
    if how == "trend":
        return _trend(rules, rule, report, actual, recorded)
    if how == "worst_so_far":
        return _maintained_so_far(rules, rule, report, actual)
    return None


def _milestones(rule: CompiledRule, start: dt.date) -> tuple[list[tuple[dt.date, Fraction]], list[Finding]]:
    """The rule's milestones in its target unit, in date order; unusable ones are left out with a note."""
    out: list[tuple[dt.date, Fraction]] = []
    notes: list[Finding] = []
    for m in sorted(rule.rule.milestones, key=lambda m: m.due):
        why: Message | None = None
        value = m.target.value
        if isinstance(value, tuple):
            why = _MILESTONE_RANGE()
        elif not start <= m.due < rule.rule.due:
            why = _MILESTONE_OUTSIDE(due=m.due, start=start, end=rule.rule.due)
        else:
            unit: Unit | None
            try:
                unit = parse_unit(m.target.unit) if m.target.unit else rule.target_unit
            except InputError as exc:
                unit, first = None, exc.problems[0].message
                why = first if isinstance(first, Message) else Message(zh=first, en=first)
            if unit is not None and unit.dims != rule.target_unit.dims:
                why = _MILESTONE_UNIT(unit=m.target.unit, target=rule.target_unit.text)
            if why is None and unit is not None:
                out.append((m.due, from_python(value) * unit.factor / rule.target_unit.factor))
                continue
        assert why is not None
        notes.append(Finding.of(N.MILESTONE_UNUSABLE, "warning", due=m.due, reason_zh=why.zh, reason_en=why.en))
    return out, notes


# --------------------------------------------------------------------------- exact comparison with a projection

Sign = Callable[[Fraction], int]  # sign(projected − x), exact


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _linear(value: Fraction) -> Sign:
    return lambda x: _sign(value - x)


def _compound(now: Fraction, growth: Fraction, ahead: int, behind: int) -> Sign:
    """sign(now · growth^(ahead/behind) − x) without roots: compare growth^a with (x/now)^b."""
    step = Fraction(ahead, behind)
    a, b = step.numerator, step.denominator

    def sign(x: Fraction) -> int:
        if x <= 0:
            return 1
        if a == 0:
            return _sign(now - x)
        return _sign(growth ** a - (x / now) ** b)

    return sign


# A compound trend whose yearly factor leaves mzcheck's number range (1元 on 31 Dec, 0.2亿元 on 1 Jan: ×2·10^7 a
# day) extrapolates to figures no report can hold; such a trend is projected as a straight line instead.
_MAX_YEARLY_FACTOR = Fraction(10) ** 30


def _sane_growth(growth: Fraction, behind_days: int) -> bool:
    """growth^(365/behind_days) within [10^-30, 10^30], exactly."""
    if behind_days <= 0:
        return False
    yearly = growth ** DAYS_A_YEAR
    return _MAX_YEARLY_FACTOR ** -behind_days <= yearly <= _MAX_YEARLY_FACTOR ** behind_days


def _compound_value(now: Fraction, growth: Fraction, ahead: int, behind: int) -> Fraction:
    """now · growth^(ahead/behind), to 30 significant digits (for display; verdicts use ``_compound``)."""
    with localcontext() as ctx:
        ctx.prec = 40
        g = Decimal(growth.numerator) / Decimal(growth.denominator)
        factor = (g.ln() * Decimal(ahead) / Decimal(behind)).exp()
        value = Decimal(now.numerator) / Decimal(now.denominator) * factor
        return Fraction(+value)


# --------------------------------------------------------------------------- wording shared by the methods


def _said(rules: RuleSet, rule: CompiledRule) -> dict[str, Any]:
    """The template fields every progress message uses: the measured name and the target."""
    name = KINDS[rule.rule.kind].measured(rule, rules.indicators)
    target = wording.target_text(rule.threshold, rule.target_unit.text)
    return {"name_zh": name.zh, "name_en": name.en, "target_zh": target.zh, "target_en": target.en,
            "due": rule.rule.due}


def _amounts(prefix: str, value: Fraction, unit: str) -> dict[str, str]:
    return {f"{prefix}_zh": wording.amount(value, unit), f"{prefix}_en": wording.amount_en(value, unit)}


def _gaps(value: Fraction, unit: str) -> dict[str, str]:
    return {"amount_zh": wording.gap_amount(value, unit), "amount_en": wording.gap_amount_en(value, unit)}


def _needed(value: Fraction, unit: str) -> Fraction:
    """An amount still needed, as said to people: a count rounded up (83.3 beds a month is 84, not 约83)."""
    return Fraction(math.ceil(value)) if wording.counts(unit) else value


def _lead(status: Status) -> dict[str, str]:
    lead = P.LEAD[status]
    return {"lead_zh": lead.zh, "lead_en": lead.en}


def _then(message: Message, *parts: Message) -> Message:
    """``message`` followed by its parts, keeping its code."""
    return Message(zh=message.zh + "".join(p.zh for p in parts), en=message.en + "".join(p.en for p in parts),
                   code=message.code)


def _months(months: Fraction) -> str:
    return format_number(months, places=1)


# --------------------------------------------------------------------------- increments: pro-rata or milestones


def _pro_rata(rules: RuleSet, rule: CompiledRule, report: Report, actual: Fraction,
              recorded: Recorded | None) -> Progress | None:
    r = rule.rule
    t = rule.threshold
    start = period_start(rule)
    as_of, due = report.as_of, r.due
    if as_of < start:
        return None
    share = elapsed_share(start, as_of, due)
    knots, findings = _milestones(rule, start) if not t.is_range else ([], [])
    method: Literal["pro_rata", "milestones"] = "pro_rata"
    if knots and t.first != 0:
        method = "milestones"
        plan_line = [(start - dt.timedelta(days=1), Fraction(0)), *knots, (due, t.first)]
        share = _interpolate(plan_line, as_of) / t.first
    if share == 0:
        return None
    expected = t.first * share
    projected = actual / share
    meets = t.holds(_linear(projected))
    status: Status = "on_track" if meets else "behind"
    months_left = months_between(as_of, due)
    pace = _pace(t, actual, months_left)
    day_before = start - dt.timedelta(days=1)
    elapsed, total = (as_of - start).days + 1, (due - start).days + 1
    basis = (P.BASIS_MILESTONES(start=start, due=due) if method == "milestones" else
             P.BASIS_DAYS(start=start, as_of=as_of, due=due, elapsed=elapsed, total=total))
    projection = Projection(
        method=method, value=to_decimal(projected), unit=rule.target_unit.label, at=due, meets=meets,
        observed_change=to_decimal(actual / months_between(day_before, as_of) * 12),
        required_change=to_decimal(t.nearest(actual) / months_between(day_before, due) * 12),
        change_unit=rule.target_unit.label, basis=basis)
    trajectory = [TrajectoryPoint(date=day_before, value=Decimal(0), origin="start")]
    for p in sorted((recorded.results.get(r.id, []) if recorded else []), key=lambda p: p.when):
        if start <= p.when < as_of:
            trajectory.append(TrajectoryPoint(date=p.when, value=to_decimal(p.value), origin="recorded"))
    trajectory.append(TrajectoryPoint(date=as_of, value=to_decimal(actual), origin="report"))
    trajectory.extend(TrajectoryPoint(date=d, value=to_decimal(v), origin="milestone") for d, v in knots)
    trajectory.append(TrajectoryPoint(date=due, value=to_decimal(projected), origin="projected"))
    trajectory.sort(key=lambda p: (p.date, p.origin == "projected"))
    unit = rule.target_unit.text
    how = P.HOW_MILESTONES() if method == "milestones" else P.HOW_DAYS(elapsed=elapsed, total=total)
    diff = actual - expected
    diff_part = (P.SHORT_BY(**_gaps(-diff, unit)) if diff < 0 else P.AHEAD_BY(**_gaps(diff, unit)) if diff > 0 else
                 Message(zh="", en=""))
    code = P.PRO_RATA_ON_TRACK if meets else P.PRO_RATA_BEHIND
    message = code(**_said(rules, rule), **_lead(status), **_amounts("actual", actual, unit),
                   **_amounts("expected", expected, unit), **_amounts("projected", projected, unit),
                   as_of=as_of, how_zh=how.zh, how_en=how.en, diff_zh=diff_part.zh, diff_en=diff_part.en)
    if pace is not None:
        message = _then(message, P.PACE_LEFT(months=_months(months_left), **_gaps(_needed(pace, unit), unit)))
    return Progress(status, message, expected, pace, projection, trajectory, findings)


def _interpolate(line: Sequence[tuple[dt.date, Fraction]], day: dt.date) -> Fraction:
    """The plan line's value at the end of ``day``, linear by days between its knots."""
    for (d0, v0), (d1, v1) in itertools.pairwise(line):
        if d0 <= day <= d1:
            span = (d1 - d0).days
            return v1 if span == 0 else v0 + (v1 - v0) * Fraction((day - d0).days, span)
    return line[-1][1]


def _pace(t: Threshold, actual: Fraction, months_left: Fraction) -> Fraction | None:
    """The amount a month still needed to reach the target; None when nothing more is needed."""
    if months_left <= 0:
        return None
    if t.is_range:
        need = t.nearest(actual) - actual
    elif t.comparator in (">=", ">", "=="):
        b = t.first
        need = b - actual if actual < b or (t.comparator == ">" and actual == b) else Fraction(0)
    else:
        b = t.first
        need = b - actual if actual > b or (t.comparator == "<" and actual == b) else Fraction(0)
    return need / months_left if need else None


# --------------------------------------------------------------------------- levels: trend projection


def _history_points(rule: CompiledRule, report: Report, recorded: Recorded | None) -> tuple[list[Point], list[Finding]]:
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
            findings.append(Finding.of(N.HISTORY_UNUSABLE, "warning", year=year, name_zh=ind.model.name.zh,
                                       name_en=ind.model.name.en, reason_zh=obs.error.zh, reason_en=obs.error.en))
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
    t = rule.threshold
    as_of, due = report.as_of, r.due
    unit = rule.target_unit.text
    points, findings = _history_points(rule, report, recorded)
    knots, notes = _milestones(rule, dt.date.min) if not t.is_range else ([], [])
    findings += notes
    passed = [(d, v) for d, v in knots if d <= as_of]
    missed = passed[-1] if passed and not Threshold.of(r.comparator, passed[-1][1]).contains(actual) else None
    if not points:
        if not passed:
            return None
        status: Status = "behind" if missed else "on_track"
        d, v = passed[-1]
        milestone_target = wording.target_text(Threshold.of(r.comparator, v), unit)
        code = P.MILESTONE_BEHIND if missed else P.MILESTONE_ON_TRACK
        met = P.MILESTONE_MET[missed is None]()
        message = code(**_said(rules, rule), **_lead(status), **_amounts("actual", actual, unit), as_of=as_of,
                       milestone=d, milestone_target_zh=milestone_target.zh, milestone_target_en=milestone_target.en,
                       met_zh=met.zh, met_en=met.en)
        return Progress(status, message, findings=findings,
                        trajectory=[TrajectoryPoint(date=as_of, value=to_decimal(actual), origin="report")])
    first = points[0]
    behind_days = (as_of - first.when).days
    ahead_days = (due - as_of).days
    ind = rule.indicator
    compound = (not ind.model.derived and not ind.unit.dimensionless and first.value > 0 and actual > 0
                and _sane_growth(actual / first.value, behind_days))
    months_left = months_between(as_of, due)
    change_unit = rule.target_unit.label
    crosses: dt.date | None
    if compound:
        growth = actual / first.value
        sign = _compound(actual, growth, ahead_days, behind_days)
        projected = _compound_value(actual, growth, ahead_days, behind_days)
        observed = (_compound_value(Fraction(1), growth, DAYS_A_YEAR, behind_days) - 1) * 100
        bound = t.nearest(actual)
        required = ((_compound_value(Fraction(1), bound / actual, DAYS_A_YEAR, ahead_days) - 1) * 100
                    if bound > 0 and ahead_days > 0 else None)
        change_unit = "percent"
        crosses = _crossing(t, actual, as_of, lambda d: _compound(actual, growth, d, behind_days),
                            _compound_guess(actual, growth, behind_days, t))
    else:
        slope = (actual - first.value) / behind_days
        projected = actual + slope * ahead_days
        sign = _linear(projected)
        observed = slope * DAYS_A_YEAR
        required = (t.nearest(actual) - actual) / ahead_days * DAYS_A_YEAR if ahead_days > 0 else None
        crosses = _crossing(t, actual, as_of, lambda d: _linear(actual + slope * d), _linear_guess(actual, slope, t))
    meets = t.holds(sign)
    status = "on_track" if meets and missed is None else "behind"
    pace = _pace(t, actual, months_left)
    method: Literal["linear", "compound"] = "compound" if compound else "linear"
    method_words = P.COMPOUND() if compound else P.LINEAR()
    where = P.FROM_HISTORY() if first.origin == "history" else P.FROM_STORE()
    projection = Projection(
        method=method, value=to_decimal(projected), unit=rule.target_unit.label, at=due, meets=meets,
        crosses=crosses, observed_change=to_decimal(observed),
        required_change=to_decimal(required) if required is not None else None, change_unit=change_unit,
        basis=P.BASIS_TREND(since=first.when, as_of=as_of, count=len(points), method_zh=method_words.zh,
                            method_en=method_words.en, where_zh=where.zh, where_en=where.en))
    trajectory = [TrajectoryPoint(date=p.when, value=to_decimal(p.value), origin=p.origin) for p in points]
    trajectory.append(TrajectoryPoint(date=as_of, value=to_decimal(actual), origin="report"))
    trajectory.extend(TrajectoryPoint(date=d, value=to_decimal(v), origin="milestone") for d, v in knots
                      if first.when <= d <= due)
    trajectory.append(TrajectoryPoint(date=due, value=to_decimal(projected), origin="projected"))
    trajectory.sort(key=lambda p: (p.date, p.origin == "projected"))
    change = Fraction(projection.observed_change) if projection.observed_change is not None else Fraction(0)
    if compound:
        rate_zh = rate_en = f"{'+' if change >= 0 else '−'}{format_number(abs(change), 2)}%"
    else:
        rate_zh = ("+" if change >= 0 else "−") + wording.gap_amount(abs(change), unit)
        rate_en = ("+" if change >= 0 else "−") + wording.amount_en(abs(change), unit)
    meets_words = P.MEETS[meets]()
    code = P.TREND_ON_TRACK if status == "on_track" else P.TREND_BEHIND
    message = code(**_said(rules, rule), **_lead(status), **_amounts("actual", actual, unit),
                   **_amounts("projected", projected, unit), as_of=as_of, since=first.when,
                   method_zh=method_words.zh, method_en=method_words.en, rate_zh=rate_zh, rate_en=rate_en,
                   meets_zh=meets_words.zh, meets_en=meets_words.en)
    parts = []
    if crosses is not None:
        parts.append(P.CROSSES(date=crosses))
    elif not meets and not t.is_range:
        parts.append(P.NEVER())
    if missed is not None:
        m_target = wording.target_text(Threshold.of(r.comparator, missed[1]), unit)
        parts.append(P.MISSED(date=missed[0], target_zh=m_target.zh, target_en=m_target.en))
    if pace is not None:
        phrase = P.PACE_RISE if pace > 0 else P.PACE_FALL
        parts.append(phrase(months=_months(months_left), **_gaps(abs(pace), unit)))
    return Progress(status, _then(message, *parts), None, pace, projection, trajectory, findings)


def _linear_guess(now: Fraction, slope: Fraction, t: Threshold) -> int | None:
    if t.is_range or slope == 0:
        return None
    days = (t.first - now) / slope
    return math.ceil(days) if days > 0 else None


def _compound_guess(now: Fraction, growth: Fraction, behind: int, t: Threshold) -> int | None:
    if t.is_range or growth == 1 or t.first <= 0:
        return None
    ratio = t.first / now
    if (ratio > 1) != (growth > 1):
        return None
    days = math.log(ratio) / math.log(growth) * behind  # a first guess only; _crossing settles it exactly
    return math.ceil(days) if days > 0 and days < HORIZON_DAYS else None


def _crossing(t: Threshold, now: Fraction, as_of: dt.date, at: Callable[[int], Sign],
              guess: int | None) -> dt.date | None:
    """The first day the trend satisfies the target; None when it already does, or not within a century.

    Both trends are monotonic, so the first day is found by bisection with exact comparisons; the
    guess (from float logarithms) usually settles it in two.
    """
    if t.is_range or t.contains(now) or guess is None:
        return None

    def ok(days: int) -> bool:
        return t.holds(at(days))

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


def _maintained_so_far(rules: RuleSet, rule: CompiledRule, report: Report, worst: Fraction) -> Progress:
    ok = rule.threshold.contains(worst)
    status: Status = "on_track" if ok else "behind"
    unit = rule.target_unit.text
    kept = P.KEPT[ok]()
    name = rule.indicator.model.name
    code = P.MAINTAIN_ON_TRACK if ok else P.MAINTAIN_BEHIND
    message = code(**{**_said(rules, rule), "name_zh": name.zh, "name_en": name.en}, **_lead(status),
                   **_amounts("worst", worst, unit), as_of=report.as_of, kept_zh=kept.zh, kept_en=kept.en)
    return Progress(status, message,
                    trajectory=[TrajectoryPoint(date=report.as_of, value=to_decimal(worst), origin="report")])


def recorded_points(rows: Sequence[tuple[dt.date, Fraction]]) -> list[Point]:
    """Points from the history store (base units)."""
    return [Point(d, v, "recorded") for d, v in rows]
