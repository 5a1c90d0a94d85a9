"""Evaluating rules against a report / 规则评估 (stage 3: evaluate).

Every comparison is exact (Fractions in base units). A not-met target is a result, never an
exception. For each rule the result carries the actual value and the signed gap in the target's unit,
what closes the gap in component terms, a message in Chinese and English, and the source.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from mzcheck.core import wording as explain
from mzcheck.core.compare import decide, gap_of, judge
from mzcheck.core.messages import Message
from mzcheck.core.numbers import format_number, to_decimal
from mzcheck.core.units import Unit
from mzcheck.engine import interim
from mzcheck.kinds.observe import Observation, observe
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.model.report import Report, Values
from mzcheck.model.results import (
    Amount,
    CheckResult,
    ChildResult,
    Finding,
    ReportInfo,
    Result,
    Shortfall,
    SourceOut,
    Summary,
)
from mzcheck.model.rules import Severity, Status

# --------------------------------------------------------------------------- evaluation


def evaluate(rules: RuleSet, report: Report, recorded: interim.Recorded | None = None) -> CheckResult:
    """Check every rule that applies to ``report`` / 按适用规则检查报表.

    ``recorded``: earlier values from the history store, for trends when the report has no history.
    """
    results: list[Result] = []
    for rule in applicable(rules, report):
        results.append(evaluate_rule(rules, rule, report, recorded))
    results.sort(key=_order)
    summary = summarise(results)
    info = ReportInfo(jurisdiction=report.jurisdiction.name, code=report.jurisdiction.code, period=report.period,
                      as_of=report.as_of, target_year=report.target_year, file=report.file)
    return CheckResult(report=info, summary=summary, results=results)


def applicable(rules: RuleSet, report: Report) -> list[CompiledRule]:
    """Rules of the report's jurisdiction (and the each-child rules of its parent) due in its target year."""
    return rules.select(report.jurisdiction.code, report.target_year)


_STATUS_ORDER = {"invalid": 0, "not_met": 1, "behind": 2, "missing": 3, "not_due": 4, "on_track": 5, "met": 6}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "ok": 2}


def _order(r: Result) -> tuple[int, int, str]:
    return (_SEVERITY_ORDER[r.severity], _STATUS_ORDER[r.status], r.rule_id)


def summarise(results: Iterable[Result], fail_on: str = "error") -> Summary:
    s = Summary()
    s_results = list(results)
    for r in s_results:
        setattr(s, r.status, getattr(s, r.status) + 1)
        s.total += 1
        s.errors += r.severity == "error"
        s.warnings += r.severity == "warning" or any(f.severity == "warning" for f in r.findings)
    s.passed = passes(s, fail_on)
    s.completion = interim.aggregate(s_results)
    return s


def passes(s: Summary, fail_on: str) -> bool:
    if fail_on == "never":
        return True
    if fail_on == "warning":
        return s.errors == 0 and s.warnings == 0
    return s.errors == 0


def severity(status: Status, strength: str) -> Severity:
    if status in ("not_met", "behind"):
        return "error" if strength == "binding" else "warning"
    if status == "invalid":
        return "error"
    if status == "missing":
        return "warning"
    return "ok"


@dataclass
class _Measured:
    """What a kind measures: the actual (in the target unit) and what a shortfall is counted in."""

    actual: Fraction | None = None
    qualifier: str | None = None
    raw: str = ""
    error: str | None = None
    missing: Message | None = None
    obs: Observation | None = None
    measure: Message | None = None  # "新增" / " added in the period"
    # for shortfalls: the indicator whose amount closes the gap, and the current amount of it
    base_needed: Fraction | None = None  # the value (base units) the indicator must reach
    findings: list[Finding] = field(default_factory=list)


def evaluate_rule(rules: RuleSet, rule: CompiledRule, report: Report, recorded: interim.Recorded | None = None) -> Result:
    r = rule.rule
    ind = rule.indicator
    name = Message(zh=ind.model.name.zh, en=ind.model.name.en)
    target_msg = explain.target_text(r.comparator, rule.threshold.value, rule.target_unit.text)
    source = SourceOut(document=r.source.document, quote=r.source.quote, publisher=r.source.publisher,
                       published=r.source.published, file=r.source.file)
    base = dict(rule_id=r.id, indicator=ind.id, indicator_name=name, strength=r.strength, kind=r.kind,
                comparator=r.comparator, due=r.due, target=_amount(rule.threshold.value, rule.target_unit), source=source)

    per_child = r.scope == "each_child" and rule.jurisdiction.code == report.jurisdiction.code
    if per_child:
        return _each_child(rules, rule, report, base, name, target_msg)
    m = measure(rules, rule, report, report.values)
    return _result(rules, rule, report, m, base, name, target_msg, recorded)


def _result(rules: RuleSet, rule: CompiledRule, report: Report, m: _Measured, base: dict[str, object], name: Message,
            target_msg: Message, recorded: interim.Recorded | None = None) -> Result:
    r = rule.rule
    unit = rule.target_unit
    findings = list(m.findings) + (m.obs.findings if m.obs else [])
    if m.error is not None:
        status: Status = "invalid"
        return Result(status=status, severity=severity(status, r.strength), actual=None, gap=None,
                      message=explain.invalid(name, m.error), findings=findings, **base)
    if m.actual is None:
        status = "missing"
        derived = None
        if rule.indicator.model.derived and r.kind in ("level", "range", "each", "maintain"):
            derived = (_name_of(rules, rule.indicator.model.numerator), _name_of(rules, rule.indicator.model.denominator))
        return Result(status=status, severity=severity(status, r.strength), actual=None, gap=None,
                      message=explain.missing(name, derived, m.missing), findings=findings, **base)
    actual_amount = _amount(m.actual, unit)
    verdict = decide(m.actual, m.qualifier, r.comparator, rule.threshold.value)
    due_text = r.due.isoformat()
    not_due = r.due > report.as_of and not report.gap_analysis
    if verdict is None:
        status = "not_due" if not_due else "missing"
        return Result(status=status, severity=severity(status, r.strength), actual=actual_amount, gap=None,
                      message=explain.undecided(name, m.raw, target_msg), findings=findings, **base)
    gap = gap_of(m.actual, r.comparator, rule.threshold.value)
    if m.qualifier is not None and m.qualifier not in ("==", "~"):
        findings.append(Finding(code="bound", severity="ok", message=Message(
            zh=f"填报值为区间“{m.raw}”,判定按其边界", en=f"the value is reported as a bound ('{m.raw}'); the verdict "
            "holds for every value it allows")))
    progress = interim.assess(rules, rule, report, m.actual, recorded) if not_due else None
    if progress is not None:  # before the due date: on track or behind, where progress can be judged
        status = progress.status
        findings.extend(progress.findings)
    elif not_due:
        status = "not_due"
    else:
        status = "met" if verdict else "not_met"
    _rounding_finding(rule, m, findings)
    shortfall = _shortfall(rules, rule, m) if status == "not_met" else []
    message = progress.message if progress is not None else explain.verdict(
        status, name, m.actual, gap if status == "not_met" else None, unit.text, target_msg, due_text, m.measure)
    return Result(status=status, severity=severity(status, r.strength), actual=actual_amount,
                  gap=_amount(gap, unit), shortfall=shortfall, message=message, findings=findings,
                  completion=interim.completion(rule, m.actual, m.qualifier),
                  **(progress.fields(unit) if progress is not None else {}), **base)


def _name_of(rules: RuleSet, ind_id: str | None) -> Message:
    ind = rules.indicators.get(ind_id or "")
    return Message(zh=ind.model.name.zh, en=ind.model.name.en) if ind else Message(zh=str(ind_id), en=str(ind_id))


def _rounding_finding(rule: CompiledRule, m: _Measured, findings: list[Finding]) -> None:
    """When the rounded reported ratio would give another verdict than the exact components."""
    obs = m.obs
    if obs is None or obs.reported_ratio is None or obs.reported_ratio.quantity is None or rule.rule.kind not in (
            "level", "each", "range"):
        return
    r = rule.rule
    reported = obs.reported_ratio.quantity.to(rule.target_unit)
    if m.actual is None:
        return
    exact = judge(m.actual, r.comparator, rule.threshold.value)
    rounded = judge(reported, r.comparator, rule.threshold.value)
    if exact != rounded:
        hidden = "hides the shortfall" if rounded else "hides that the target is met"
        findings.append(Finding(code="rounding", severity="warning", message=Message(
            zh=f"填报的{rule.indicator.model.name.zh}{obs.reported_ratio.raw}经四舍五入后"
               f"{'看似达标,实际未达标' if rounded else '看似未达标,实际已达标'}(分项计算为"
               f"{format_number(m.actual, 4)}{rule.target_unit.text})",
            en=f"the reported {rule.indicator.model.name.en} {obs.reported_ratio.raw} is rounded: rounding {hidden} "
               f"(components give {format_number(m.actual, 4)} {rule.target_unit.text})")))


def measure(rules: RuleSet, rule: CompiledRule, report: Report, values: Values) -> _Measured:
    """The actual value a rule compares, by kind, in the rule's target unit."""
    r = rule.rule
    ind = rule.indicator
    unit = rule.target_unit
    if r.kind in ("level", "range", "each"):
        obs = observe(ind, values)
        if obs.error:
            return _Measured(error=obs.error, raw=obs.raw, obs=obs)
        if obs.base is None:
            return _Measured(obs=obs)
        return _Measured(obs.base / unit.factor, obs.qualifier, obs.raw, obs=obs, base_needed=None)
    if r.kind == "maintain":
        return _maintain(rules, rule, report, values)
    if r.kind == "increment":
        return _increment(rules, rule, report, values)
    if r.kind == "growth":
        return _growth(rules, rule, report, values)
    return _relative(rules, rule, report, values)


def _maintain(rules: RuleSet, rule: CompiledRule, report: Report, values: Values) -> _Measured:
    r = rule.rule
    start_year = (r.start.year if r.start else r.due.year)
    series: list[tuple[str, Observation]] = [(str(report.period), observe(rule.indicator, values))]
    for year, vals in sorted(report.history.items()):
        if start_year <= year <= r.due.year and year != report.period:
            series.append((str(year), observe(rule.indicator, vals)))
    usable = [(label, o) for label, o in series if o.usable]
    bad = next(((label, o) for label, o in series if o.error), None)
    if bad is not None:
        return _Measured(error=f"{bad[0]}: {bad[1].error}", raw=bad[1].raw)
    if not usable:
        return _Measured()
    # the worst observation decides: the one farthest on the wrong side of the threshold
    def badness(o: Observation) -> Fraction:
        assert o.base is not None
        g = gap_of(o.base / rule.target_unit.factor, r.comparator, rule.threshold.value)
        return -g if r.comparator in (">=", ">") else g if r.comparator in ("<=", "<") else abs(g)
    label, worst = max(usable, key=lambda lo: badness(lo[1]))
    assert worst.base is not None
    return _Measured(worst.base / rule.target_unit.factor, worst.qualifier, worst.raw, obs=worst,
                     measure=Message(zh=f"({label}年,期内最不利值)", en=f" (worst in the period, {label})")
                     if len(usable) > 1 else None)


def _increment(rules: RuleSet, rule: CompiledRule, report: Report, values: Values) -> _Measured:
    r = rule.rule
    ind = rule.indicator
    words = Message(zh="新增", en=" added in the period")
    added = report.added.get(ind.id) if values is report.values else None
    if added is not None:
        if added.error or added.quantity is None:
            return _Measured(error=added.error or "unusable", raw=added.raw)
        return _Measured(added.quantity.base / rule.target_unit.factor,
                         added.value.qualifier if added.value else None, added.raw, measure=words)
    start_year = (r.start.year if r.start else r.due.year)
    before = report.history.get(start_year - 1)
    now = observe(ind, values)
    if now.error:
        return _Measured(error=now.error, raw=now.raw)
    if before is None or now.base is None:
        return _Measured(missing=Message(
            zh=f"{ind.model.name.zh}的新增量(在 added: 中填报,或在 history: 中给出{start_year - 1}年的数值)",
            en=f"the amount of {ind.model.name.en} added in the period (report it under added:, or give the "
               f"{start_year - 1} value under history:)"))
    prior = observe(ind, before)
    if prior.error:
        return _Measured(error=f"{start_year - 1}: {prior.error}", raw=prior.raw)
    if prior.base is None:
        return _Measured(missing=Message(zh=f"{start_year - 1}年的{ind.model.name.zh}",
                                         en=f"{ind.model.name.en} for {start_year - 1}"))
    diff = now.base - prior.base
    return _Measured(diff / rule.target_unit.factor, None, f"{now.raw} − {prior.raw}", measure=words)


def _growth(rules: RuleSet, rule: CompiledRule, report: Report, values: Values) -> _Measured:
    r = rule.rule
    ind = rule.indicator
    baseline_year = r.baseline or (r.due.year - 1)
    now = observe(ind, values)
    if now.error:
        return _Measured(error=now.error, raw=now.raw)
    base_vals = values if baseline_year == report.period else report.history.get(baseline_year)
    before = observe(ind, base_vals) if base_vals is not None else Observation()
    if before.error:
        return _Measured(error=f"{baseline_year}: {before.error}", raw=before.raw)
    if now.base is None or before.base is None:
        return _Measured(missing=Message(
            zh=f"{ind.model.name.zh}的本期值和{baseline_year}年基数(在 history: 中填报)",
            en=f"{ind.model.name.en} now and in {baseline_year} (under history:)"))
    if rule.target_unit.text == "百分点":
        actual = (now.base - before.base) / rule.target_unit.factor
        needed = before.base + _threshold_low(rule) * rule.target_unit.factor
    else:
        if before.base == 0:
            return _Measured(error=f"the {baseline_year} baseline is zero; growth is undefined / 基数为零,无法计算增长率")
        actual = (now.base / before.base - 1) / rule.target_unit.factor
        needed = before.base * (1 + _threshold_low(rule) * rule.target_unit.factor)
    m = _Measured(actual, None, f"{now.raw} vs {before.raw}", base_needed=needed, obs=now,
                  measure=Message(zh=f"较{baseline_year}年增长", en=f" growth since {baseline_year}"))
    m.obs = Observation(now.base, None, now.raw, None, now.numerator, now.denominator)
    return m


def _relative(rules: RuleSet, rule: CompiledRule, report: Report, values: Values) -> _Measured:
    r = rule.rule
    assert r.reference is not None
    ind = rule.indicator
    ref_ind = rules.indicators[r.reference.indicator]
    ref_year = report.period + r.reference.offset
    now = observe(ind, values)
    if now.error:
        return _Measured(error=now.error, raw=now.raw)
    ref_vals = values if r.reference.offset == 0 else report.history.get(ref_year)
    ref = observe(ref_ind, ref_vals) if ref_vals is not None else Observation()
    if ref.error:
        return _Measured(error=f"{ref_ind.id}: {ref.error}", raw=ref.raw)
    if now.base is None or ref.base is None:
        where = "values:" if r.reference.offset == 0 else f"history: {ref_year}"
        return _Measured(missing=Message(zh=f"{ind.model.name.zh}和参照指标{ref_ind.model.name.zh}({where})",
                                         en=f"{ind.model.name.en} and the reference {ref_ind.model.name.en} ({where})"))
    if ref.base == 0:
        return _Measured(error=f"the reference {ref_ind.id} is zero / 参照值为零")
    actual = now.base / ref.base / rule.target_unit.factor
    needed = ref.base * _threshold_low(rule) * rule.target_unit.factor
    return _Measured(actual, None, f"{now.raw} ÷ {ref.raw}", base_needed=needed,
                     obs=Observation(now.base, None, now.raw),
                     measure=Message(zh=f"相当于{ref_ind.model.name.zh}的比例", en=f" relative to {ref_ind.model.name.en}"))


def _threshold_low(rule: CompiledRule) -> Fraction:
    t = rule.threshold.value
    return t[0] if isinstance(t, tuple) else t


# --------------------------------------------------------------------------- shortfall


def _smallest_count(target: Fraction, strict: bool) -> Fraction:
    """The least whole number ≥ target (> target when strict)."""
    n = math.floor(target) + 1 if strict and target == math.floor(target) else math.ceil(target)
    return Fraction(n)


def _shortfall(rules: RuleSet, rule: CompiledRule, m: _Measured) -> list[Shortfall]:
    r = rule.rule
    ind = rule.indicator
    unit = rule.target_unit
    if m.actual is None:
        return []
    t = rule.threshold.value
    upward = (isinstance(t, tuple) and m.actual < t[0]) or (not isinstance(t, tuple) and r.comparator in (">=", ">"))
    downward = (isinstance(t, tuple) and m.actual > t[1]) or (not isinstance(t, tuple) and r.comparator in ("<=", "<"))
    strict = r.comparator in (">", "<")
    bound = (t[0] if upward else t[1]) if isinstance(t, tuple) else t
    if r.kind in ("growth", "relative"):
        if m.base_needed is None or m.obs is None or m.obs.base is None:
            return []
        return _plain_shortfall(ind, m.obs.base, m.base_needed, strict, upward)
    obs = m.obs
    if r.kind == "increment":
        need = (bound - m.actual) * unit.factor  # base units still to add
        if need <= 0:
            return []
        return [_item(ind, _round_count(ind.unit, need, strict), "add", None)]
    if obs is None or obs.base is None:
        return []
    if ind.model.derived and obs.denominator is not None and ind.model.numerator and ind.model.denominator:
        num_id, den_id = ind.model.numerator, ind.model.denominator
        return _ratio_shortfall(rules, rule, obs, bound * unit.factor, strict, upward, downward, num_id, den_id)
    if ind.model.derived:
        return []
    return _plain_shortfall(ind, obs.base, bound * unit.factor, strict, upward)


def _round_count(unit: Unit, amount_base: Fraction, strict: bool) -> Fraction:
    """Whole units for countable things; the exact amount otherwise (in base units)."""
    if unit.countable:
        return _smallest_count(amount_base, strict) if amount_base > 0 else Fraction(0)
    return amount_base


def _plain_shortfall(ind: CompiledIndicator, current: Fraction, needed: Fraction, strict: bool,
                     upward: bool) -> list[Shortfall]:
    if upward:
        x = needed - current
        x = _smallest_count(x, strict) if ind.unit.countable else x
        return [_item(ind, x, "add", None)] if x > 0 else []
    x = current - needed
    x = _smallest_count(x, strict) if ind.unit.countable else x
    return [_item(ind, x, "reduce", None)] if x > 0 else []


def _ratio_shortfall(rules: RuleSet, rule: CompiledRule, obs: Observation, target_base: Fraction, strict: bool, upward: bool,
                     downward: bool, num_id: str, den_id: str) -> list[Shortfall]:
    """Components that close the gap of num/den ≥ T: add to the numerator; for a share also convert."""
    assert obs.numerator is not None and obs.denominator is not None
    ind = rule.indicator
    n, d = obs.numerator, obs.denominator
    num_ind, den_ind = rules.indicators.get(num_id), rules.indicators.get(den_id)
    if num_ind is None or den_ind is None:
        return []
    per = (d / den_ind.unit.factor, den_ind.unit.text, den_ind.model.words)
    countable = num_ind.unit.countable
    out: list[Shortfall] = []
    if upward:
        need = target_base * d - n
        x = _smallest_count(need, strict) if countable else need
        if x <= 0:
            return []
        if ind.share:
            out.append(_item(num_ind, x, "convert", per))
            if target_base < 1:
                add = (target_base * d - n) / (1 - target_base)
                out.append(_item(num_ind, _smallest_count(add, strict) if countable else add, "add", per))
        else:
            out.append(_item(num_ind, x, "add", per))
    elif downward:
        excess = n - target_base * d
        x = _smallest_count(excess, strict) if countable else excess
        if x > 0:
            out.append(_item(num_ind, x, "reduce", per))
    return out


def _item(ind: CompiledIndicator, base_amount: Fraction, how: str,
          per: tuple[Fraction, str, object] | None) -> Shortfall:
    """A shortfall item in the indicator's own unit (``1`` person, ``0.2`` 万元 …)."""
    value = base_amount / ind.unit.factor
    per_msg = None
    if per is not None:
        d, d_unit, d_words = per
        per_msg = (d, d_unit, Message(zh=d_words.zh, en=d_words.en))  # type: ignore[attr-defined]
    words = ind.model.words
    # without a noun, the name is used: 国家5A级婚姻登记机关数 → 国家5A级婚姻登记机关
    noun = Message(zh=words.zh.removesuffix("数"), en=words.en)
    msg = explain.shortfall_add(value, ind.unit.text, noun, per_msg, how)
    return Shortfall(indicator=ind.id, value=to_decimal(value), unit=ind.unit.label, how=how,
                     message=msg)


def _amount(value: Fraction | tuple[Fraction, Fraction], unit: Unit) -> Amount:
    if isinstance(value, tuple):
        return Amount(value=[to_decimal(value[0]), to_decimal(value[1])], unit=unit.label)
    return Amount(value=to_decimal(value), unit=unit.label)


def _each_child(rules: RuleSet, rule: CompiledRule, report: Report, base: dict[str, object], name: Message,
                target_msg: Message) -> Result:
    r = rule.rule
    children: list[ChildResult] = []
    failing: list[str] = []
    missing: list[str] = []
    invalid: list[str] = []
    worst_gap: Fraction | None = None
    for child, vals in report.children.items():
        # a child is measured on its own values only: the parent's history and additions are not the child's
        alone = report.model_copy(update={"values": vals, "history": {}, "added": {}, "children": {}})
        m = measure(rules, rule, alone, vals)
        if m.error:
            children.append(ChildResult(jurisdiction=child, status="invalid", actual=None, gap=None))
            invalid.append(child)
            continue
        verdict = decide(m.actual, m.qualifier, r.comparator, rule.threshold.value) if m.actual is not None else None
        if m.actual is None or verdict is None:
            children.append(ChildResult(jurisdiction=child, status="missing",
                                        actual=_amount(m.actual, rule.target_unit) if m.actual is not None else None,
                                        gap=None))
            missing.append(child)
            continue
        g = gap_of(m.actual, r.comparator, rule.threshold.value)
        status: Status = "met" if verdict else "not_met"
        if not verdict:
            failing.append(f"{child}({format_number(m.actual)}{rule.target_unit.text})")
            worst_gap = g if worst_gap is None or abs(g) > abs(worst_gap) else worst_gap
        children.append(ChildResult(jurisdiction=child, status=status, actual=_amount(m.actual, rule.target_unit),
                                    gap=_amount(g, rule.target_unit)))
    not_due = r.due > report.as_of and not report.gap_analysis
    if not children:
        st: Status = "missing"
        msg = Message(zh=f"缺少数据:该目标适用于每个下级单位,请在 children: 中逐个填报{name.zh}",
                      en=f"Missing: this target holds for each child unit; report {name.en} per child under children:")
    elif invalid:
        st = "invalid"
        msg = Message(zh=f"数值无法使用:{'、'.join(invalid)}的{name.zh}", en=f"Invalid: {name.en} of {', '.join(invalid)}")
    elif failing:
        st = "not_due" if not_due else "not_met"
        msg = Message(zh=f"未达标:{len(failing)}个下级单位的{name.zh}未达到{target_msg.zh}:{'、'.join(failing)}",
                      en=f"Not met: {len(failing)} of {len(children)} child units are not {target_msg.en}: "
                         f"{', '.join(failing)}")
    elif missing:
        st = "missing"
        msg = Message(zh=f"缺少数据:{'、'.join(missing)}的{name.zh}", en=f"Missing: {name.en} of {', '.join(missing)}")
    else:
        st = "not_due" if not_due else "met"
        msg = Message(zh=f"已达标:全部{len(children)}个下级单位的{name.zh}均{target_msg.zh}",
                      en=f"Met: all {len(children)} child units have {name.en} {target_msg.en}")
    return Result(status=st, severity=severity(st, r.strength), actual=None,
                  gap=_amount(worst_gap, rule.target_unit) if worst_gap is not None else None, message=msg,
                  children=children, **base)
