"""Evaluating rules against a report / 规则评估 (stage: engine).

For every rule that applies, the rule's kind (:data:`mzcheck.kinds.KINDS`) measures the actual value; the
rule's :class:`~mzcheck.core.compare.Threshold` decides, exactly. A not-met target is a result, never an
exception. Each result carries the actual value and the signed gap in the target's unit, what closes the
gap in component terms, a coded message in Chinese and English, the values it used and the source.
Before the due date :mod:`mzcheck.engine.interim` judges progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Set, Sized
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeVar

from mzcheck.core import wording
from mzcheck.core.codes import notes as N
from mzcheck.core.codes import results as S
from mzcheck.core.codes import waivers as W
from mzcheck.core.compare import Threshold
from mzcheck.core.messages import Message, Phrase
from mzcheck.core.modelbase import BaseModel
from mzcheck.core.numbers import WHOLE_BOUND as _WHOLE
from mzcheck.core.numbers import format_number, to_decimal
from mzcheck.core.records import Filled, built, maker
from mzcheck.core.units import Unit
from mzcheck.engine import completion, interim
from mzcheck.kinds import KINDS, Kind, Measured
from mzcheck.kinds.base import plain_shortfall, whole_short, whole_shortfall
from mzcheck.load.ruleset import RuleSet, rule_set_argument
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.model.report import Recorded, Report, Reported, Values
from mzcheck.model.results import (
    Amount,
    CheckResult,
    ChildResult,
    CompletionSummary,
    FailOn,
    Finding,
    ReportInfo,
    Result,
    SourceOut,
    Summary,
    ValueRef,
    WaiverOut,
    failing,
)
from mzcheck.model.rules import Severity, Status
from mzcheck.model.waivers import CompiledWaiver, Waivers
from mzcheck.read.formats import report_from_mapping

Shown = Literal["mean", "total"]
_UNREPORTED = Phrase(";另有{count}个未填报:{children_zh}", "; {count} not reported: {children_en}")


def evaluate(rules: RuleSet, report: Report | Mapping[str, Any] | BaseModel, recorded: Recorded | None = None, *,
             fail_on: FailOn = "error", completion_shown: Shown = "mean", waivers: Waivers | None = None) -> CheckResult:
    """Check every rule that applies to ``report`` / 按适用规则检查报表.

    ``report`` is a :class:`~mzcheck.Report` (from :func:`mzcheck.load_report`), a mapping of the report
    shape (``{"jurisdiction": "杭州市", "period": 2024, "values": {...}}``) or a pydantic model of that shape
    (:class:`mzcheck.ReportFile`), read by :func:`mzcheck.report_from_mapping`. ``recorded``: earlier values
    from a history store, for trends when the report has no history. ``fail_on`` sets ``summary.passed``
    as ``mzcheck check --fail-on`` does; ``completion_shown`` which overall 完成率 the summary shows;
    ``waivers`` (:func:`mzcheck.load_waivers`) the approved exceptions, which turn a shortfall into ``waived``.
    """
    rules = rule_set_argument("evaluate", rules)
    if not isinstance(report, Report):  # a mapping or a pydantic model of the report shape; anything else is R101
        report = report_from_mapping(report, rules)
    given = reported(report)
    results = [evaluate_rule(rules, rule, report, recorded, waivers, given) for rule in applicable(rules, report)]
    results.sort(key=_order)
    info = report_info(report)
    if not results:  # no rule is due here (most of a province's reports under the bundled rules): one note
        return nothing_result(info, nothing_to_check(rules, report))
    return _new_check(info, summarise(results, fail_on, completion_shown), results, [])


def report_info(report: Report) -> ReportInfo:
    """A report's own record in its result, made directly from its validated fields (a province's table makes
    thousands)."""
    return _new_info(report.jurisdiction.name, report.jurisdiction.code, report.period, report.as_of,
                     report.target_year, report.file)


def nothing_result(info: ReportInfo, note: Finding) -> CheckResult:
    """The result of a report no rule is due for: no result, an empty summary that passes, and the ``note``
    (:func:`nothing_to_check`)."""
    return _new_check(info, _new_empty(0, 0, 0, True, None), [], [note])


def nothing_to_check(rules: RuleSet, report: Report) -> Finding:
    """The note of a report no rule applies to: which years have targets for it, or that none names it."""
    return nothing_note(due_years(rules, report.jurisdiction.code), report.jurisdiction.name, report.target_year)


def due_years(rules: RuleSet, code: str) -> tuple[int, ...]:
    """The years in which rules of the jurisdiction ``code`` (or each-child rules of its parent) are due."""
    return tuple(sorted({r.rule.due.year for r in rules.select(code)}))


def nothing_note(years: tuple[int, ...], place: str, target_year: int) -> Finding:
    """:func:`nothing_to_check`'s note, from the years rules for ``place`` are due in."""
    if not years:
        return Finding.of(N.NO_RULES_HERE, "warning", place=place)
    later = [y for y in years if y >= target_year]
    first = later[0] if later else years[-1]
    return Finding.of(N.NOTHING_DUE, "warning", place=place, year=target_year, first=first,
                      years_zh="、".join(map(str, years)), years_en=", ".join(map(str, years)))


def reported(report: Report) -> set[str]:
    """Every indicator the report gives a value for, in any section (its values, additions and history)."""
    ids = set(report.values)
    ids.update(report.added)
    for values in report.history.values():
        ids.update(values)
    return ids


def applicable(rules: RuleSet, report: Report) -> list[CompiledRule]:
    """Rules of the report's jurisdiction (and the each-child rules of its parent) due in its target year."""
    return rules.select(report.jurisdiction.code, report.target_year)


_STATUS_ORDER = {"invalid": 0, "not_met": 1, "behind": 2, "missing": 3, "waived": 4, "not_due": 5, "on_track": 6,
                 "met": 7}
# what a waiver excuses: a shortfall or an unreported value; never a value that cannot be used (invalid)
WAIVABLE = ("not_met", "behind", "missing")
_SEVERITY_ORDER = {"error": 0, "warning": 1, "ok": 2}


def _order(r: Result) -> tuple[int, int, str]:
    return (_SEVERITY_ORDER[r.severity], _STATUS_ORDER[r.status], r.rule_id)


def summarise(results: Iterable[Result], fail_on: FailOn = "error", shown: Shown = "mean") -> Summary:
    """The counts per status, whether the report passes under ``fail_on``, and its overall 完成率."""
    items = list(results)
    return _summary(((r.status, r.severity, bool(r.findings) and r.warned()) for r in items), fail_on,
                    completion.aggregate(items, shown))


def _summary(verdicts: Iterable[tuple[str, str, bool]], fail_on: FailOn, done: CompletionSummary | None) -> Summary:
    """A report's summary of its results' (status, severity, whether a finding of it is a warning): counted in
    plain ints, then one Summary (a pydantic attribute write costs a call); :func:`summarise`'s and
    :func:`whole_verdicts`'."""
    counts: dict[str, int] = {}
    errors = warnings = total = 0
    fails = False
    for status, sev, warned in verdicts:
        total += 1
        counts[status] = counts.get(status, 0) + 1
        if sev == "error":
            errors += 1
        if sev == "warning" or warned:
            warnings += 1
        fails = fails or failing(status, sev, warned, fail_on)
    present = tuple(counts)
    make = _SUMMARIES.get(present)
    if make is None:  # a maker for each set of statuses counted, in the order first met: the fields given are
        # those validation would have seen given (the counts present, then the rest), as Summary(**counts, …)
        given = [n for n in _STATUSES if n in counts]
        make = _SUMMARIES[present] = _summary_maker(given, [given.index(n) for n in present])
    return make(*counts.values(), total, errors, warnings, not fails, done)


def _summary_maker(given: list[str], order: list[int]) -> Callable[..., Summary]:
    """A maker of Summary records whose counts come in ``order`` (their places among ``given``)."""
    make = maker(Summary, (*given, "total", "errors", "warnings", "passed", "completion"))
    if order == sorted(order):
        return make
    k = len(order)

    def ordered(*values: Any) -> Summary:
        counts: list[Any] = [None] * k
        for i, v in zip(order, values[:k]):
            counts[i] = v
        return make(*counts, *values[k:])

    return ordered


def severity(status: Status, strength: str) -> Severity:
    if status in ("not_met", "behind"):
        return "error" if strength == "binding" else "warning"
    if status == "invalid":
        return "error"
    if status == "missing":
        return "warning"
    return "ok"


def _amount(value: Fraction | tuple[Fraction, Fraction], unit: Unit) -> Amount:
    if isinstance(value, tuple):
        return _new_amount([to_decimal(value[0]), to_decimal(value[1])], unit.label)
    return _new_amount(to_decimal(value), unit.label)


# the small records made for every result and child, set directly (core/records.py, maker)
_new_amount = maker(Amount, ("value", "unit"))
_new_ref = maker(ValueRef, ("indicator", "section", "raw", "file", "line", "cell"))
_new_child = maker(ChildResult, ("jurisdiction", "status", "actual", "gap"))
_new_info = maker(ReportInfo, ("jurisdiction", "code", "period", "as_of", "target_year", "file"))
_new_check = maker(CheckResult, ("report", "summary", "results", "findings"))
# the summary of a report with no result: summarise([]), whatever the run's fail_on and completion shown
_new_empty = maker(Summary, ("total", "errors", "warnings", "passed", "completion"))
_STATUSES = tuple(n for n in Summary.model_fields if n not in ("total", "errors", "warnings", "passed", "completion"))
_SUMMARIES: dict[tuple[str, ...], Callable[..., Summary]] = {}  # _summary's makers, by the statuses counted in order


def _refs(m: Measured, child: str | None = None) -> list[ValueRef]:
    out = []
    for section, r in m.inputs:
        out.append(_new_ref(r.indicator, f"child:{child}" if child is not None else section, r.raw, r.file, r.line,
                            r.cell))
    return out


def _notes(m: Measured) -> list[Finding]:
    """How the values the verdict used were read, where their writing leaves a doubt (each note once)."""
    out: list[Finding] = []
    for _, r in m.inputs:
        out.extend(f for f in r.notes if f not in out)
    return out


def evaluate_rule(rules: RuleSet, rule: CompiledRule, report: Report, recorded: Recorded | None = None,
                  waivers: Waivers | None = None, given: Set[str] | None = None) -> Result:
    """The verdict on one rule for one report, with the waiver that applies to it (if any). ``given``:
    :func:`reported` of the report, when the caller has it (a rule reading none of them is worded once)."""
    r = rule.rule
    if r.scope == "each_child" and rule.jurisdiction.code == report.jurisdiction.code:
        return _each_child(rules, rule, report, *_fixed(rules, rule), waivers)
    plain = _plain(rules, rule) if PLAIN else None
    result = _plain_result(rule, report, plain) if plain is not None else None
    if result is None and given is not None:
        result = _unreported(rules, rule, report, given)
    if result is None:
        base, name, target_msg = _fixed(rules, rule)
        m = KINDS[r.kind].measure(rules.indicators, rule, report, report.values)
        result = _result(rules, rule, report, m, base, name, target_msg, recorded)
    if waivers:
        w = waivers.find(r.id, report.jurisdiction.code, report.period)
        if w is not None:
            return waive(result, w, report)
    return result


# Tests set this to False to check every rule through the general path (the reference of the plain one).
PLAIN = True
_EXACT = (None, "==", "~")  # the qualifiers of a figure that is the value itself (Threshold.decide: contains)


class _Plain:
    """What a plain level rule's results share, worked out once per rule and catalog (:func:`_plain`). A plain
    class, not a NamedTuple: made once per rule, and a NamedTuple costs the cold start its class creation."""

    __slots__ = ("base", "completion", "due", "factor", "indicator", "label", "lane", "meets", "needed", "result",
                 "severities", "target_msg", "threshold", "unit", "verdicts", "whole")

    def __init__(self, indicator: CompiledIndicator, factor: Fraction | None, threshold: Threshold, unit: Unit,
                 severities: dict[str, Severity], base: dict[str, Any], target_msg: Message,
                 verdicts: wording.Verdicts, completion: bool, due: dt.date) -> None:
        self.indicator = indicator
        self.factor = factor  # the target unit's factor, None for the base unit itself
        self.threshold = threshold
        self.unit = unit
        self.label = unit.label  # the unit of its amounts
        self.severities = severities
        self.target_msg = target_msg
        self.verdicts = verdicts
        self.completion = completion  # whether a 完成率 may be computed (the kind has a formula)
        self.due = due
        bound = threshold.first  # one bound: the nearest for every value (Threshold.nearest)
        one = unit.factor.numerator == 1 == unit.factor.denominator  # a Fraction's product costs a few µs a rule
        self.needed = bound if one else bound * unit.factor  # in base units, what a shortfall reaches
        # a whole bound: a whole actual is decided in integers, by the sign of actual − bound (Threshold.contains)
        self.whole = bound.numerator if bound.denominator == 1 else None
        self.meets = _MEETS[threshold.comparator]
        # whole numbers decided and worded in integers (_whole_result): a whole bound in the base unit, of an
        # indicator whose own unit is the base unit (its shortfall is not divided)
        self.lane = (factor is None and self.whole is not None and -_WHOLE < self.whole < _WHOLE
                     and indicator.unit.factor == 1)
        self.base = base
        # its result with the rule's own fields (_fixed) set once, made at its first result (a rule on each child
        # unit, checked once per report of its own place, never needs one): see filled()
        self.result: Filled[Result] | None = None

    def filled(self) -> Filled[Result]:
        """The rule's results' maker: its own fields set, what varies given in _PLAIN_FIELDS' order."""
        make = self.result
        if make is None:
            make = self.result = Filled(Result, self.base, _PLAIN_FIELDS)
        return make

    def decide(self, actual: Fraction) -> tuple[bool, Fraction]:
        """Whether ``actual`` meets the target, and its gap: ``Threshold.contains`` and ``gap``, in integers
        for a whole actual against a whole bound."""
        if self.whole is not None and actual.denominator == 1:
            diff = actual.numerator - self.whole
            return ((diff > 0) - (diff < 0)) in self.meets, Fraction(diff)
        t = self.threshold
        return t.contains(actual), t.gap(actual)


# the signs of actual − bound that meet a target of one bound, by its comparator
_MEETS = {">=": (0, 1), ">": (1,), "<=": (-1, 0), "<": (-1,), "==": (0,)}
_PLAIN_FIELDS = ("status", "severity", "actual", "gap", "shortfall", "message", "findings", "completion", "inputs")


def _plain(rules: RuleSet, rule: CompiledRule) -> _Plain | None:
    """What a plain level rule's results share, worked out once / 直接判定路径的规则常量.

    The shared parts of a rule the plain path (:func:`_plain_result`) may decide, or None: a rule of a kind
    that measures and closes gaps as a level does (``Kind.measure``, ``Kind.shortfall``), on an indicator
    reported directly (not a ratio of components), with one bound (not a range)."""
    kept = rule.derived.get("plain")
    if kept is not None and kept[0] is rules.indicators:
        return kept[1]  # type: ignore[no-any-return]
    r = rule.rule
    kind = type(KINDS[r.kind])
    plain = None
    if (kind.measure is Kind.measure and kind.shortfall is Kind.shortfall and not rule.indicator.model.derived
            and not rule.threshold.is_range):
        base, name, target_msg = _fixed(rules, rule)
        factor = rule.target_unit.factor
        plain = _Plain(rule.indicator, None if factor == 1 else factor, rule.threshold, rule.target_unit,
                       {s: severity(s, r.strength) for s in ("met", "not_met")}, base, target_msg,
                       _verdicts(rules, rule, name, None, target_msg), KINDS[r.kind].completion is not None, r.due)
    rule.derived["plain"] = (rules.indicators, plain)
    return plain


def _plain_result(rule: CompiledRule, report: Report, p: _Plain) -> Result | None:
    """A plain level rule decided from an exact figure / 由确切数值直接判定水平规则.

    The result :func:`_result` gives for a plain level rule (:func:`_plain`) whose value the report gives as
    an exact figure (no bound, no note on how it was read, no problem) on or after the due date, or None for
    any other case, which the general path decides. The same steps as the general path with nothing it would
    not use: no observation or measurement records, no search for notes, progress, rounding or components.
    ``tests/test_plain_path.py`` holds the two paths to the same records, field by field."""
    x = report.values.get(p.indicator.id)
    if x is None or x.error is not None or x.notes or x.value is None:
        return None
    v = x.value
    if v.qualifier not in _EXACT or (p.due > report.as_of and not report.gap_analysis):
        return None  # a bound (超过19) or a result before the due date: the general path
    base = v.quantity.base
    if p.lane and base.denominator == 1 and -_WHOLE < base.numerator < _WHOLE:
        return _whole_result(rule, p, x, base.numerator, v.qualifier)
    actual = base if p.factor is None else base / p.factor
    t = p.threshold
    met, gap = p.decide(actual)
    label = p.label
    if met:
        status: Status = "met"
        findings: list[Finding] = []
        shortfall: list[Any] = []
        message = p.verdicts("met", actual, None)
    else:
        status = "not_met"
        findings = borderline(rule, actual, p.target_msg)
        shortfall = plain_shortfall(p.indicator, base, p.needed, t.strict, t.upward)
        message = p.verdicts("not_met", actual, gap)
    return p.filled()(status, p.severities[status], _new_amount(to_decimal(actual), label),
                _new_amount(to_decimal(gap), label), shortfall, message, findings,
                completion.of(rule, actual, v.qualifier) if p.completion else None,
                [_new_ref(x.indicator, "values", x.raw, x.file, x.line, x.cell)])


def _whole_result(rule: CompiledRule, p: _Plain, x: Reported, actual: int, qualifier: str | None) -> Result:
    """:func:`_plain_result` of a whole actual against a whole bound, both in the base unit (``p.lane``): the same
    steps in integers. A whole actual has no decimals to round to the target's precision (no borderline note); its
    figures are Decimals of their digits; its sentences are written from the digits (``Verdicts.whole``,
    :func:`~mzcheck.kinds.base.whole_shortfall`). ``tests/test_plain_path.py`` holds it to the general path."""
    assert p.whole is not None
    diff = actual - p.whole
    label = p.label
    gap = Decimal(diff) if -_WHOLE < diff < _WHOLE else to_decimal(Fraction(diff))
    if ((diff > 0) - (diff < 0)) in p.meets:
        status: Status = "met"
        shortfall: list[Any] = []
        message = p.verdicts.whole("met", actual, None)
    else:
        status = "not_met"
        t = p.threshold
        shortfall = whole_shortfall(p.indicator, actual, p.whole, t.strict, t.upward)
        message = p.verdicts.whole("not_met", actual, diff)
    return p.filled()(status, p.severities[status], _new_amount(Decimal(actual), label), _new_amount(gap, label), shortfall,
                message, [], completion.of(rule, actual, qualifier) if p.completion else None,
                [_new_ref(x.indicator, "values", x.raw, x.file, x.line, x.cell)])


def whole_verdicts(rules: RuleSet, report: Report, fail_on: FailOn = "error", shown: Shown = "mean",
                   due: list[CompiledRule] | None = None) -> tuple[ReportInfo, Summary, list[tuple[Any, ...]]] | None:
    """A report's verdicts where every one is a whole number against a whole bound / 整数直接判定的报表.

    What :func:`evaluate` gives a report whose every rule due is a plain rule on the integer lane
    (``_Plain.lane``, :func:`_whole_result`) and which gives an exact whole figure for each, on or after the due
    date: for a rule on each child unit, every child reporting one. Not records but plain values: the
    report's own record and summary, and its results in evaluate's order, each a tuple

    - ``(False, status, severity, rule, plain, actual, gap, value used, shortfall, 完成率)`` on the report's
      own value (the shortfall an amount, 0 or less for none; the 完成率 :func:`completion.rate`'s);
    - ``(True, status, severity, rule, plain, worst gap or None, children, message)`` on each child unit, each
      child ``(name, status, actual, gap, value used)``.

    None for any other report, which evaluate decides (waivers, a history and ``--year`` are the caller's to
    rule out). ``due``: the report's rules (:func:`applicable`), when the caller has them. :mod:`mzcheck.render.direct`
    writes these as JSON; ``tests/test_direct.py`` holds them to evaluate's records."""
    if not PLAIN:
        return None
    code = report.jurisdiction.code
    late = report.as_of
    rows: list[tuple[Any, ...]] = []
    for rule in applicable(rules, report) if due is None else due:
        p = _plain(rules, rule)
        if p is None or not p.lane or (p.due > late and not report.gap_analysis):
            return None
        if rule.rule.scope == "each_child" and rule.jurisdiction.code == code:
            row = _whole_each(rules, rule, report, p)
        else:
            row = _whole_own(rule, p, report.values.get(p.indicator.id))
        if row is None:
            return None
        rows.append(row)
    if not rows:
        return None
    rows.sort(key=_row_order)
    rates: list[Decimal] = []
    units: set[str] = set()
    summed: list[tuple[int, Decimal]] | None = []  # each item's whole actual and its target, while all can add up
    for row in rows:  # completion.aggregate's steps, on the rows
        if not row[0] and row[9] is not None:
            value, formula = row[9]
            p = row[4]
            rates.append(value)
            units.add(p.label)
            target = p.base["target"].value
            if summed is not None and formula in completion.SUMMABLE and isinstance(target, Decimal):
                summed.append((row[5], target))
            else:
                summed = None
    # the actuals as Decimals only where a total is taken: one unit for all (a dense report's differ)
    pairs = [(Decimal(a), t) for a, t in summed] if summed is not None and len(units) < 2 else None
    return report_info(report), _summary(((row[1], row[2], False) for row in rows), fail_on,
                                         completion.overall(rates, units, pairs, shown)), rows


def _row_order(row: tuple[Any, ...]) -> tuple[int, int, str]:
    return (_SEVERITY_ORDER[row[2]], _STATUS_ORDER[row[1]], row[3].rule.id)


def _whole_value(x: Reported | None) -> int | None:
    """A value's exact whole figure in its base unit (of at most 15 digits), or None (:func:`_plain_result`'s lane).
    A whole magnitude in a unit of a whole factor (人, 万人) is multiplied in integers, each fraction's terms read
    at once (``Quantity.base``'s product, with no Fraction made: a dense table's every value, twice)."""
    if x is None or x.error is not None or x.notes:
        return None
    v = x.value
    if v is None or v.qualifier not in _EXACT:
        return None
    q = v.quantity
    n, d = q.magnitude.as_integer_ratio()
    fn, fd = q.unit.factor.as_integer_ratio()
    if d == 1 and fd == 1:
        n *= fn
    else:
        base = q.base
        if base.denominator != 1:
            return None
        n = base.numerator
    return n if -_WHOLE < n < _WHOLE else None


def _whole_own(rule: CompiledRule, p: _Plain, x: Reported | None) -> tuple[Any, ...] | None:
    """:func:`whole_verdicts`' row of a rule on the report's own value: :func:`_whole_result`'s steps."""
    actual = _whole_value(x)
    if actual is None:
        return None
    assert p.whole is not None
    diff = actual - p.whole
    if not -_WHOLE < diff < _WHOLE:
        return None  # written as to_decimal writes it: the general path
    t = p.threshold
    if ((diff > 0) - (diff < 0)) in p.meets:
        status: Status = "met"
        short = 0
    else:
        status = "not_met"
        short = whole_short(p.indicator, actual, p.whole, t.strict, t.upward)
        if short >= _WHOLE:
            return None
    return (False, status, p.severities[status], rule, p, actual, diff, x, short,
            completion.rate(rule, actual) if p.completion else None)


def _whole_each(rules: RuleSet, rule: CompiledRule, report: Report, p: _Plain) -> tuple[Any, ...] | None:
    """:func:`whole_verdicts`' row of a rule on each child unit: :func:`_each_child`'s steps, every child's value
    whole (none missing, none read with a note: nothing to waive or note)."""
    assert p.whole is not None
    ind, whole, meets, text = p.indicator.id, p.whole, p.meets, p.unit.text
    children = []
    failing: list[str] = []
    worst: int | None = None
    for child, vals in report.children.items():
        x = vals.get(ind)
        actual = _whole_value(x)
        if actual is None:
            return None
        diff = actual - whole
        if ((diff > 0) - (diff < 0)) in meets:
            children.append((child, "met", actual, diff, x))
            continue
        children.append((child, "not_met", actual, diff, x))
        failing.append(f"{child}({actual}{text})")
        if worst is None or abs(diff) > abs(worst):
            worst = diff
    if not children or (worst is not None and not -_WHOLE < worst < _WHOLE):
        return None
    _, name, target_msg = _fixed(rules, rule)
    fields, expected, unreported = _each_words(rules, rule, report, name, target_msg)
    st, msg = _each_verdict(report, fields, children, failing, [], [], expected, unreported, False)
    return (True, st, severity(st, rule.rule.strength), rule, p, worst, children, msg)


def _nothing(m: Measured) -> bool:
    """Whether the report gives nothing the rule can use: no value, no problem, no note (a not-reported result)."""
    return (m.actual is None and m.error is None and not m.inputs and not m.findings
            and not (m.obs and m.obs.findings))


def _unreported(rules: RuleSet, rule: CompiledRule, report: Report, given: Set[str]) -> Result | None:
    """The result of a rule whose indicators (:meth:`~mzcheck.kinds.base.Kind.reads`) the report gives in no
    section, or None when it gives one. The kind's measure then depends on the report's layout and period
    alone, so it is measured once per rule, layout and period, and the result built then is copied."""
    kept = rule.derived.get("reads")
    if kept is None or kept[0] is not rules.indicators:
        kept = rule.derived["reads"] = (rules.indicators, KINDS[rule.rule.kind].reads(rule, rules.indicators), {})
    if not kept[1].isdisjoint(given):
        return None
    said: dict[tuple[str, int], Result | None] = kept[2]
    key = (report.layout, report.period)
    if key in said:
        built = said[key]
    else:
        m = KINDS[rule.rule.kind].measure(rules.indicators, rule, report, report.values)
        built = said[key] = _not_reported_built(rules, rule, _fixed(rules, rule)[0], m.missing) if _nothing(m) else None
    return _fresh(built) if built is not None else None


def _fixed(rules: RuleSet, rule: CompiledRule) -> tuple[dict[str, Any], Message, Message]:
    """The result fields that depend on the rule alone (its target as stated, its amount, names, source) and
    the measured name and target text of its sentences: worded once per rule and catalog, then reused."""
    kept = rule.derived.get("evaluate")
    if kept is not None and kept[0] is rules.indicators:
        return kept[1]  # type: ignore[no-any-return]
    r = rule.rule
    kind = KINDS[r.kind]
    t = rule.threshold
    target_msg = _kept(_TARGET_TEXTS, (t.comparator, t.value, rule.target_unit.text), None,
                       lambda: wording.target_text(t, rule.target_unit.text))
    name = _one(kind.measured(rule, rules.indicators))
    ind_name = rule.indicator.model.name
    src = r.source
    source = _kept(_SOURCES, id(src), src, lambda: SourceOut(document=src.document, quote=src.quote,
                                                             publisher=src.publisher, published=src.published,
                                                             file=src.file))
    base: dict[str, Any] = dict(
        rule_id=r.id, indicator=rule.indicator.id,
        indicator_name=_kept(_SOURCES, id(ind_name), ind_name, lambda: Message(zh=ind_name.zh, en=ind_name.en)),
        strength=r.strength, kind=r.kind, comparator=r.comparator, due=r.due,
        target=_amount(t.value, rule.target_unit), source=source,  # one each: the JSON writer keeps
        # a rule's texts under its target's id
        target_text=_one(kind.phrase(rule, target_msg, rules.indicators)))
    fixed = (base, name, target_msg)
    rule.derived["evaluate"] = (rules.indicators, fixed)
    return fixed


_ONE: dict[tuple[Any, ...], Any] = {}
_ModelT = TypeVar("_ModelT", bound="BaseModel | Message")


def _one(record: _ModelT) -> _ModelT:
    """One record for the rules whose fixed fields are equal, field by field and as written (a province's
    each-county rules share a few sources, indicator names and targets): what each forked process keeps for
    the rules it decides is that much smaller. The results of one rule already share these records (copied
    from one template), so results of several rules sharing them is no new kind of sharing. At most 8,192
    kept, however many different rules a process checks."""
    if isinstance(record, Message):  # a slotted record: its fields are all it has
        key: tuple[Any, ...] = (type(record), record.zh, record.en, record.code)
    else:
        key = (type(record), frozenset(record.__pydantic_fields_set__), *map(repr, record.__dict__.values()))
    kept = _ONE.get(key)
    if kept is None:
        if len(_ONE) >= 8192:
            _ONE.clear()
        kept = _ONE[key] = record
    return kept


# the records many rules share, kept by what makes them (a province's each-county rules state a few targets and
# quote a few documents): the target's text by its comparator, value and unit (no owner); a source's record, and
# an indicator name's message, by the id of the rule's own record (held beside it, so the id stays its own)
_TARGET_TEXTS: dict[Any, tuple[Any, Any]] = {}
_SOURCES: dict[Any, tuple[Any, Any]] = {}


def _kept(kept: dict[Any, tuple[Any, Any]], key: Any, owner: Any, make: Callable[[], _ModelT]) -> _ModelT:
    """The record kept under ``key`` in ``kept`` (made by ``make``, through :func:`_one`, at its first use),
    beside ``owner``: an id as key finds it only while that object lives (it is held here). At most 8,192."""
    got = kept.get(key)
    if got is not None and got[0] is owner:
        return got[1]  # type: ignore[no-any-return]
    if len(kept) >= 8192:
        kept.clear()
    record = _one(make())
    kept[key] = (owner, record)
    return record


def _waiver_out(w: CompiledWaiver, status: Status, sev: Severity) -> WaiverOut:
    v = w.waiver
    return WaiverOut(verdict=status, severity=sev, reason=Message(zh=v.reason.zh, en=v.reason.en),
                     approved_by=v.approved_by, expires=v.expires, jurisdiction=w.name, period=v.period, file=w.file,
                     line=w.line)


def _waived_note(w: CompiledWaiver) -> Finding:
    v = w.waiver
    return Finding.of(W.WAIVED, "ok", place=w.name, reason_zh=v.reason.zh, reason_en=v.reason.en, approved_by=v.approved_by,
                      expires=v.expires.isoformat())


def _expired_note(w: CompiledWaiver) -> Finding:
    return Finding.of(W.WAIVER_EXPIRED, "warning", expires=w.waiver.expires.isoformat(), file=w.file, line=w.line)


def waive(result: Result, w: CompiledWaiver, report: Report) -> Result:
    """``result`` under the waiver ``w``: a shortfall becomes ``waived`` (its verdict kept in ``waiver``); an
    expired waiver leaves it as it is, with a warning; a result that falls short of nothing is unchanged."""
    if result.status not in WAIVABLE:
        return result
    if w.expired(report.as_of):
        return result.model_copy(update={"findings": [*result.findings, _expired_note(w)]})
    return result.model_copy(update={
        "status": "waived", "severity": "ok", "waiver": _waiver_out(w, result.status, result.severity),
        "findings": [_waived_note(w), *result.findings]})


def _name(name: Message, m: Measured) -> Message:
    if m.suffix is None:
        return name
    return Message(zh=name.zh + m.suffix.zh, en=name.en + m.suffix.en)


def _result(rules: RuleSet, rule: CompiledRule, report: Report, m: Measured, base: dict[str, Any], name: Message,
            target_msg: Message, recorded: Recorded | None = None) -> Result:
    r = rule.rule
    kind = KINDS[r.kind]
    unit = rule.target_unit
    if _nothing(m):
        return _not_reported_result(rules, rule, base, m.missing)
    findings = list(m.findings) + (m.obs.findings if m.obs else []) + _notes(m)
    base = {**base, "inputs": _refs(m)}
    if m.error is not None:
        return Result(status="invalid", severity=severity("invalid", r.strength), actual=None, gap=None,
                      message=wording.invalid(base["indicator_name"], m.error), findings=findings, **base)
    if m.actual is None:
        message = (_not_reported(rules, rule) if m.missing is None
                   else wording.missing(base["indicator_name"], None, m.missing))
        return Result(status="missing", severity=severity("missing", r.strength), actual=None, gap=None,
                      message=message, findings=findings, **base)
    actual_amount = _amount(m.actual, unit)
    t = rule.threshold
    verdict = t.decide(m.actual, m.qualifier)
    not_due = r.due > report.as_of and not report.gap_analysis
    if verdict is None:
        status: Status = "not_due" if not_due else "missing"
        return Result(status=status, severity=severity(status, r.strength), actual=actual_amount, gap=None,
                      message=wording.undecided(_name(name, m), m.raw, target_msg), findings=findings, **base)
    gap = t.gap(m.actual)
    if m.qualifier is not None and m.qualifier not in ("==", "~"):
        findings.append(Finding.of(N.BOUND, "ok", raw=m.raw))
    progress = interim.assess(rules, rule, report, m.actual, recorded) if not_due else None
    if progress is not None:  # before the due date: on track or behind, where progress can be judged
        status = progress.status
        findings.extend(progress.findings)
    elif not_due:
        status = "not_due"
    else:
        status = "met" if verdict else "not_met"
    findings.extend(_rounding(rule, m))
    if status == "not_met":
        findings.extend(borderline(rule, m.actual, target_msg))
    shortfall = kind.shortfall(rules.indicators, rule, m) if status == "not_met" else []
    message = progress.message if progress is not None else _verdicts(rules, rule, name, m.suffix, target_msg)(
        status, m.actual, gap if status == "not_met" else None)
    fields = {"status": status, "severity": severity(status, r.strength), "actual": actual_amount,
              "gap": _amount(gap, unit), "shortfall": shortfall, "message": message, "findings": findings,
              "completion": completion.of(rule, m.actual, m.qualifier)}
    if progress is not None:  # the fields of progress before the due date: validated as they come
        return Result(**fields, **progress.fields(unit), **base)
    return built(Result, {**fields, **base})


def _verdicts(rules: RuleSet, rule: CompiledRule, name: Message, suffix: Message | None,
              target_msg: Message) -> wording.Verdicts:
    """The verdict sentences (:class:`~mzcheck.core.wording.Verdicts`) of a measured name (with ``suffix``),
    unit, target and due date: kept by their words, which many rules share (a province's each-county rules
    state a few targets for a few indicators and years), so each is worded once however many rules say it."""
    named = name if suffix is None else Message(zh=name.zh + suffix.zh, en=name.en + suffix.en)
    unit, due = rule.target_unit.text, rule.rule.due.isoformat()
    key = (named.zh, named.en, unit, target_msg.zh, target_msg.en, due)
    verdicts = _VERDICTS.get(key)
    if verdicts is None:
        if len(_VERDICTS) >= 4096:  # a bound, however many different rules a process checks
            _VERDICTS.clear()
        verdicts = _VERDICTS[key] = wording.Verdicts(named, unit, target_msg, due)
    return verdicts


_VERDICTS: dict[tuple[str, ...], wording.Verdicts] = {}


def _not_reported(rules: RuleSet, rule: CompiledRule) -> Message:
    """The sentence of a rule whose value (or both components of its ratio) the report does not give."""
    kept = rule.derived.get("not_reported")
    if kept is not None and kept[0] is rules.indicators:
        return kept[1]  # type: ignore[no-any-return]
    derived = None
    ind = rule.indicator.model
    if ind.derived and KINDS[rule.rule.kind].as_components:
        derived = (_name_of(rules, ind.numerator), _name_of(rules, ind.denominator))
    message = wording.missing(Message(zh=ind.name.zh, en=ind.name.en), derived)
    rule.derived["not_reported"] = (rules.indicators, message)
    return message


def _not_reported_result(rules: RuleSet, rule: CompiledRule, base: dict[str, Any], what: Message | None) -> Result:
    """The result of a rule the report gives nothing for (``what``: what the kind says is missing, such as the
    amount added): the same every time, so built once per rule and message and copied with lists of its own
    (a caller adding to one result's findings changes no other)."""
    return _fresh(_not_reported_built(rules, rule, base, what))


def _not_reported_built(rules: RuleSet, rule: CompiledRule, base: dict[str, Any], what: Message | None) -> Result:
    """The result :func:`_not_reported_result` copies, built once per rule and message."""
    kept = rule.derived.get("not_reported_result")
    if kept is None or kept[0] is not rules.indicators:
        kept = rule.derived["not_reported_result"] = (rules.indicators, {})
    built: dict[Message | None, Result] = kept[1]
    result = built.get(what)
    if result is None:
        message = _not_reported(rules, rule) if what is None else wording.missing(base["indicator_name"], None, what)
        result = built[what] = Result(status="missing", severity=severity("missing", rule.rule.strength), actual=None,
                                      gap=None, message=message, findings=[], inputs=[], **base)
    return result


_new_result = Result.__new__
_set = object.__setattr__


def _fresh(result: Result) -> Result:
    """``result.model_copy()`` with lists of its own: what ``model_copy`` does (a shallow copy of the fields,
    the set of fields given kept; results have no extra or private attributes), without its generic steps."""
    fields = result.__dict__.copy()
    fields["shortfall"], fields["findings"], fields["children"], fields["trajectory"], fields["inputs"] = [], [], [], [], []
    copy = _new_result(Result)
    _set(copy, "__dict__", fields)
    _set(copy, "__pydantic_fields_set__", result.__pydantic_fields_set__.copy())
    _set(copy, "__pydantic_extra__", None)
    _set(copy, "__pydantic_private__", None)
    return copy


def _name_of(rules: RuleSet, ind_id: str | None) -> Message:
    ind = rules.indicators.get(ind_id or "")
    return Message(zh=ind.model.name.zh, en=ind.model.name.en) if ind else Message(zh=str(ind_id), en=str(ind_id))


def _rounding(rule: CompiledRule, m: Measured) -> list[Finding]:
    """A note when the rounded reported ratio would give another verdict than the exact components."""
    obs = m.obs
    if (obs is None or obs.reported_ratio is None or obs.reported_ratio.quantity is None or m.actual is None
            or not KINDS[rule.rule.kind].rounding):
        return []
    reported = obs.reported_ratio.quantity.to(rule.target_unit)
    exact, rounded = rule.threshold.contains(m.actual), rule.threshold.contains(reported)
    if exact == rounded:
        return []
    name = rule.indicator.model.name
    fields = {"name_zh": name.zh, "name_en": name.en, "raw": obs.reported_ratio.raw,
              "exact": format_number(m.actual, 4), "unit": rule.target_unit.text}
    return [Finding.of(N.ROUNDING_HIDES_SHORTFALL if rounded else N.ROUNDING_HIDES_MET, "warning", **fields)]


def round_half_up(value: Fraction, places: int) -> Fraction:
    """``value`` rounded half away from zero to ``places`` decimals, as statistics are published (四舍五入)."""
    n, d = value.numerator, value.denominator
    scale = 10**places
    magnitude = (2 * abs(n) * scale + d) // (2 * d)  # floor(|value| · scale + 1/2), in integers
    return Fraction(magnitude if n >= 0 else -magnitude, scale)


def _places(rule: CompiledRule) -> int:
    """``rule.rule.places``, read once per rule."""
    places: int | None = rule.derived.get("places")
    if places is None:
        places = rule.derived["places"] = rule.rule.places
    return places


def borderline(rule: CompiledRule, actual: Fraction, target_msg: Message, child: str | None = None) -> list[Finding]:
    """A note on a value not met that meets the target once rounded to the target's published precision
    (79.96% → 80%); the verdict stays not met (docs/design/0022-revisions-waivers-precision.md). ``child``: the
    value is that child unit's, in a rule for each child (W112, naming it)."""
    places = _places(rule)
    if 10**places % actual.denominator == 0:
        return []  # no more decimals than the target's precision: rounding changes nothing
    rounded = round_half_up(actual, places)
    if rounded == actual or not rule.threshold.contains(rounded):
        return []
    unit = rule.target_unit.text
    # the actual as it is, never rounded for display: the note is about the digits rounding hides
    exact = next((p for p in range(places + 1, 7) if round_half_up(actual, p) == actual), 6)
    named = {"child": child} if child is not None else {}
    return [Finding.of(W.BORDERLINE_CHILD if child is not None else W.BORDERLINE, "warning", **named,
                       actual_zh=wording.amount(actual, unit, places=exact),
                       actual_en=wording.amount_en(actual, unit, places=exact), rounded_zh=wording.amount(rounded, unit, places=places),
                       rounded_en=wording.amount_en(rounded, unit, places=places), target_zh=target_msg.zh,
                       target_en=target_msg.en)]


def _each_words(rules: RuleSet, rule: CompiledRule, report: Report, name: Message,
                target_msg: Message) -> tuple[dict[str, str], list[str], list[str]]:
    """What :func:`_each_verdict` says a rule on each child unit with (:func:`_each_child`'s and
    :func:`_whole_each`'s): its sentences' fields, the child units it expects (the divisions under the report's
    jurisdiction) and those of them the report does not name."""
    fields = {"name_zh": name.zh, "name_en": name.en, "target_zh": target_msg.zh, "target_en": target_msg.en}
    expected = _expected(rules, rule)
    return fields, expected, [c for c in expected if c not in report.children]


def _each_child(rules: RuleSet, rule: CompiledRule, report: Report, base: dict[str, Any], name: Message,
                target_msg: Message, waivers: Waivers | None = None) -> Result:
    r = rule.rule
    t: Threshold = rule.threshold
    unit = rule.target_unit
    children: list[ChildResult] = []
    failing: list[str] = []
    failing_names: list[str] = []
    child_gaps: dict[str, Fraction] = {}
    child_actuals: dict[str, Fraction] = {}  # the children not met, for the borderline notes
    missing: list[str] = []
    invalid: list[str] = []
    refs: list[ValueRef] = []
    notes: list[Finding] = []
    worst_gap: Fraction | None = None
    plain = _plain(rules, rule) if PLAIN else None
    ind_id = plain.indicator.id if plain is not None else None
    label = unit.label
    for child, vals in report.children.items():
        x = vals.get(ind_id) if ind_id is not None else None
        actual: Fraction
        g: Fraction
        if x is not None and x.error is None and not x.notes and x.value is not None and x.value.qualifier in _EXACT:
            # a child's exact figure for a plain rule (_plain): what measuring it gives, without the records
            assert plain is not None
            refs.append(_new_ref(x.indicator, f"child:{child}", x.raw, x.file, x.line, x.cell))
            in_base = x.value.quantity.base
            actual = in_base if plain.factor is None else in_base / plain.factor
            verdict: bool | None
            verdict, g = plain.decide(actual)
        else:
            m = _measure_child(rules, rule, report, vals)
            refs += _refs(m, child)
            notes.extend(f for f in _notes(m) if f not in notes)
            if m.error:
                children.append(ChildResult(jurisdiction=child, status="invalid", actual=None, gap=None))
                invalid.append(child)
                continue
            verdict = t.decide(m.actual, m.qualifier) if m.actual is not None else None
            if m.actual is None or verdict is None:
                children.append(ChildResult(jurisdiction=child, status="missing",
                                            actual=_amount(m.actual, unit) if m.actual is not None else None, gap=None))
                missing.append(child)
                continue
            actual = m.actual
            g = t.gap(actual)
        if not verdict:
            failing.append(f"{child}({format_number(actual)}{unit.text})")
            failing_names.append(child)
            child_gaps[child] = g
            child_actuals[child] = actual
            # the larger gap either way (abs(g) > abs(worst_gap), in integers: denominators are positive)
            if worst_gap is None or abs(g.numerator) * worst_gap.denominator > abs(worst_gap.numerator) * g.denominator:
                worst_gap = g
        children.append(_new_child(child, "met" if verdict else "not_met", _new_amount(to_decimal(actual), label),
                                   _new_amount(to_decimal(g), label)))
    not_due = r.due > report.as_of and not report.gap_analysis
    fields, expected, unreported = _each_words(rules, rule, report, name, target_msg)
    st, msg = _each_verdict(report, fields, children, failing, missing, invalid, expected, unreported, not_due)
    findings: list[Finding] = notes
    waiver: WaiverOut | None = None
    if waivers and st in WAIVABLE:
        codes = {j.name: j.code for j in rules.children(report.jurisdiction.code)}
        excused: dict[str, CompiledWaiver] = {}
        for child in dict.fromkeys([*failing_names, *missing, *unreported]):
            code = codes.get(child) or getattr(rules.jurisdiction(child), "code", None)
            w = waivers.find(r.id, code, report.period) if code is not None else None
            if w is None:
                continue
            if w.expired(report.as_of):
                findings.append(_expired_note(w))
            else:
                excused[child] = w
                findings.append(_waived_note(w))
        if excused:
            listed = {c.jurisdiction for c in children}
            children = [c.model_copy(update={"status": "waived", "waiver": _waiver_out(excused[c.jurisdiction], c.status,
                                                                                          severity(c.status, r.strength))})
                        if c.jurisdiction in excused else c for c in children]
            children += [ChildResult(jurisdiction=c, status="waived", actual=None, gap=None,
                                     waiver=_waiver_out(w, "missing", severity("missing", r.strength)))
                         for c, w in excused.items() if c not in listed]
            left = [f for f, n in zip(failing, failing_names, strict=True) if n not in excused]
            st2, msg2 = _each_verdict(report, fields, [c for c in children if c.jurisdiction not in excused], left,
                                      [c for c in missing if c not in excused], invalid, expected,
                                      [c for c in unreported if c not in excused], not_due)
            if st2 in WAIVABLE or st2 == "invalid":  # other children still fall short: their verdict stands
                st, msg = st2, msg2
                gaps = [g for n, g in child_gaps.items() if n not in excused]
                worst_gap = max(gaps, key=abs) if gaps else None
            else:
                first = next(iter(excused.values()))
                waiver = _waiver_out(first, st, severity(st, r.strength))
                st = "waived"
    for c in children if st == "not_met" else ():  # a child not met whose value rounds to the target (W112)
        if c.status == "not_met" and c.jurisdiction in child_actuals:
            findings.extend(borderline(rule, child_actuals[c.jurisdiction], target_msg, c.jurisdiction))
    return built(Result, {"status": st, "severity": severity(st, r.strength), "actual": None,
                          "gap": _amount(worst_gap, unit) if worst_gap is not None else None, "message": msg,
                          "children": children, "findings": findings, "waiver": waiver, **base, "inputs": refs})


def _expected(rules: RuleSet, rule: CompiledRule) -> list[str]:
    """The names of the child units of a rule's own jurisdiction (a rule on each child unit), found once per rule
    and division table (kept as a tuple, given as a list of its own)."""
    kept = rule.derived.get("expected")
    if kept is None or kept[0] is not rules.jurisdictions:
        kept = rule.derived["expected"] = (rules.jurisdictions, _children_of(rules, rule.jurisdiction.code))
    return list(kept[1])


_CHILDREN: list[Any] = [None, {}]  # the division table, and the names of the children of each code in it


def _children_of(rules: RuleSet, code: str) -> tuple[str, ...]:
    """The names of the divisions under ``code``, found once per division table and code (a city's each-county
    rules, a few a year for each indicator, share them)."""
    table, names = _CHILDREN
    if table is not rules.jurisdictions:
        names = {}
        _CHILDREN[:] = [rules.jurisdictions, names]
    got: tuple[str, ...] | None = names.get(code)
    if got is None:
        if len(names) >= 8192:
            names.clear()
        got = names[code] = tuple(j.name for j in rules.children(code))
    return got


def _each_verdict(report: Report, fields: dict[str, str], children: Sized, failing: list[str], missing: list[str],
                  invalid: list[str], expected: list[str], unreported: list[str], not_due: bool) -> tuple[Status, Message]:
    """The status and sentence of a rule for each child unit, from its children's verdicts."""
    st: Status
    if not children:
        st, msg = "missing", (S.EACH_NONE_TABLE if report.layout == "table" else S.EACH_NONE)(**fields)
    elif invalid:
        st, msg = "invalid", S.EACH_INVALID(**fields, children_zh="、".join(invalid), children_en=", ".join(invalid))
    elif failing:
        st = "not_due" if not_due else "not_met"
        msg = S.EACH_NOT_MET(**fields, count=len(failing), total=len(expected) or len(children),
                             children_zh="、".join(failing), children_en=", ".join(failing))
        if unreported:
            shown_zh, shown_en = _listed(unreported)
            part = _UNREPORTED(count=len(unreported), children_zh=shown_zh, children_en=shown_en)
            msg = Message(zh=msg.zh + part.zh, en=msg.en + part.en, code=msg.code)
    elif unreported:
        shown_zh, shown_en = _listed(unreported)
        st, msg = "missing", S.EACH_INCOMPLETE(**fields, reported=len(expected) - len(unreported), total=len(expected),
                                               children_zh=shown_zh, children_en=shown_en)
    elif missing:
        st, msg = "missing", S.EACH_MISSING(**fields, children_zh="、".join(missing), children_en=", ".join(missing))
    else:
        st = "not_due" if not_due else "met"
        msg = S.EACH_MET(**fields, count=len(children))
    return st, msg


def _listed(names: list[str], most: int = 10) -> tuple[str, str]:
    """``淳安县、建德市`` / ``淳安县, 建德市``; a long list cut after ``most`` names, with how many more."""
    if len(names) <= most:
        return "、".join(names), ", ".join(names)
    rest = len(names) - most
    return "、".join(names[:most]) + f"等{len(names)}个", ", ".join(names[:most]) + f" and {rest} more"


def _measure_child(rules: RuleSet, rule: CompiledRule, report: Report, values: Values) -> Measured:
    """A child is measured on its own values only: the parent's history and additions are not the child's."""
    kind = KINDS[rule.rule.kind]
    if type(kind).measure is Kind.measure:  # observes ``values`` alone and never looks at the report
        return kind.measure(rules.indicators, rule, report, values)
    alone = report.model_copy(update={"values": values, "history": {}, "added": {}, "children": {}})
    return kind.measure(rules.indicators, rule, alone, values)
