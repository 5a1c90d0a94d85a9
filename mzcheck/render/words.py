"""Words every writer shares: status names, amounts, targets, gaps, sources, titles / 各输出格式共用的措辞."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from mzcheck.core.compare import Threshold
from mzcheck.core.messages import Message
from mzcheck.core.wording import RATE_PLACES as _RATE_PLACES
from mzcheck.core.wording import amount, amount_en, counts, gap_amount, gap_amount_en, target_text
from mzcheck.model.results import Amount, CheckResult, Result

# status → (zh, en, mark, terminal colour): the one table every writer uses
STATUS: dict[str, tuple[str, str, str, str]] = {
    "met": ("达标", "met", "✓", "32"),
    "not_met": ("未达标", "not met", "✗", "31"),
    "missing": ("缺数据", "missing", "?", "33"),
    "invalid": ("数据无效", "invalid", "!", "31"),
    "on_track": ("进度正常", "on track", "→", "32"),
    "behind": ("进度滞后", "behind", "↓", "31"),
    "not_due": ("未到期", "not due", "…", "36"),
    "waived": ("已豁免", "waived", "◇", "35"),
}
SUMMARY_ORDER = ("met", "not_met", "behind", "on_track", "missing", "invalid", "not_due", "waived")

# The machine labels of Amount.unit (units.Unit.label) back to the spelling a reader knows.
_UNIT_TEXT = {"percent": "%", "permille": "‰", "percentage_point": "百分点", "person": "人", "bed": "张",
              "institution": "个", "household": "户", "yuan": "元", "person_time": "人次", "item": "项",
              "times": "倍"}


def tr(m: Message, lang: str) -> str:
    return m.zh if lang == "zh" else m.en


def status_word(status: str, lang: str) -> str:
    zh, en, _, _ = STATUS[status]
    return zh if lang == "zh" else en


def unit_text(label: str) -> str:
    return _UNIT_TEXT.get(label, label)


def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def amount_text(a: Amount | None, lang: str) -> str:
    """``27.61人/万名老年人`` / ``27.61 per 10,000 elders``; a range as ``2–3个``; nothing as ``—``."""
    if a is None or a.value is None:
        return "—"
    unit = unit_text(a.unit)
    if isinstance(a.value, list):
        lo, hi = (_fraction(v) for v in a.value)
        return tr(target_text(Threshold.of("between", (lo, hi)), unit), lang)
    v = _fraction(a.value)
    return amount(v, unit, group=True) if lang == "zh" else amount_en(v, unit)


def target_of(r: Result, lang: str) -> str:
    """``不低于28人/万名老年人`` / ``at least 28 per 10,000 elders``; ``新增不低于800张`` for an increment."""
    return tr(r.target_text, lang)


def gap_text(a: Amount | None, lang: str) -> str:
    """The signed gap: ``−0.39人/万名老年人``; a percent gap in percentage points."""
    if a is None or a.value is None or isinstance(a.value, list):
        return "—"
    v = _fraction(a.value)
    unit = unit_text(a.unit)
    sign = "−" if v < 0 else "+" if v > 0 else ""
    body = gap_amount(abs(v), unit) if lang == "zh" else gap_amount_en(abs(v), unit)
    return f"{sign}{body}"


def closing(r: Result) -> list[Message]:
    """What closes the gap, one message per way: a share's "convert … or add …" is one sentence, so the
    ``add`` alternative after its ``convert`` is not said twice (both stay in ``r.shortfall`` for programs)."""
    out: list[Message] = []
    for i, s in enumerate(r.shortfall):
        before = r.shortfall[i - 1] if i else None
        if (s.how == "add" and before is not None and before.how == "convert" and before.indicator == s.indicator
                and before.message.code == "S401"):
            continue
        out.append(s.message)
    return out


def figure(value: Decimal, unit_label: str, needed: bool = False) -> str:
    """A bare number as people write it in the unit ``unit_label``: whole for counts, else at most 2 decimals;
    ``needed``: an amount still to do, a count rounded up (83.3 beds a month is 84)."""
    import math

    from mzcheck.core.numbers import format_number
    from mzcheck.core.wording import shown

    v = _fraction(value)
    places, about = shown(v, unit_text(unit_label))
    if needed and about:
        v = Fraction(math.ceil(v))
    return format_number(v, places=places, group=True)


def waiver_text(r: Result, lang: str) -> str:
    """Why a result is waived: its waiver note (W107), with the verdict it would have had."""
    note = next((f.message for f in r.findings if f.code == "W107"), None)
    if r.waiver is None or note is None:
        return status_word(r.status, lang)
    was = status_word(r.waiver.verdict, lang)
    return f"{tr(note, lang)}(原为{was})" if lang == "zh" else f"{tr(note, lang)} (would be {was})"


def source_text(r: Result) -> str:
    doc = f"《{r.source.document}》" if r.source.document else ""
    return f"{doc}“{r.source.quote}”"


def verdict_word(check: CheckResult, lang: str) -> str:
    """通过 / 未通过, or 无可检查项 when no rule applied: nothing checked is never called a pass."""
    s = check.summary
    if s.total == 0:
        return "无可检查项" if lang == "zh" else "nothing checked"
    return ("通过" if lang == "zh" else "passed") if s.passed else ("未通过" if lang == "zh" else "failed")


def report_notes(check: CheckResult, lang: str) -> list[str]:
    """The report's own findings (no rule applies, and why), one line each."""
    return [tr(f.message, lang) for f in check.findings]


def summary_text(check: CheckResult, lang: str) -> str:
    s = check.summary
    parts = [f"{status_word(k, lang)} {getattr(s, k)}" if lang == "zh" else f"{getattr(s, k)} {status_word(k, lang)}"
             for k in SUMMARY_ORDER if getattr(s, k)]
    joined = ",".join(parts) if lang == "zh" else ", ".join(parts)
    return f"{counted(s.total, bool(parts), lang)}{joined} — {verdict_word(check, lang)}"


def counted(total: int, listed: bool, lang: str) -> str:
    """The head of a report's summary line: ``共 17 项:`` before the counts, ``共 0 项`` with none to list (no
    colon before nothing) / ``17 rules: ``, ``0 rules``."""
    if lang == "zh":
        return f"共 {total} 项" + (":" if listed else "")
    return f"{total} rules" + (": " if listed else "")


def title_text(check: CheckResult, lang: str) -> str:
    rep = check.report
    if lang == "zh":
        head = f"{rep.jurisdiction}({rep.code}){rep.period}年指标检查"
        if rep.target_year != rep.period:
            head += f",对照{rep.target_year}年目标"
        return head + f"(截至{rep.as_of})"
    head = f"{rep.jurisdiction} ({rep.code}) indicators for {rep.period}"
    if rep.target_year != rep.period:
        head += f" against the {rep.target_year} targets"
    return head + f" (as of {rep.as_of})"




STRENGTH = {"binding": ("约束性", "binding"), "aspirational": ("力争", "aspirational")}

# Labels of the workbook, the overview and the HTML page: (zh, en)
LABELS: dict[str, tuple[str, str]] = {
    "overview": ("总览", "Overview"),
    "summary": ("汇总", "Summary"),
    "details": ("明细", "Details"),
    "by_target": ("目标分布", "By target"),
    "jurisdiction": ("地区", "jurisdiction"),
    "code": ("区划代码", "code"),
    "period": ("年度", "period"),
    "as_of": ("截至", "as of"),
    "target_year": ("对照年度", "target year"),
    "indicator": ("指标", "indicator"),
    "status": ("状态", "status"),
    "actual": ("实际", "actual"),
    "target": ("目标", "target"),
    "target_value": ("目标值", "target value"),
    "gap": ("差距", "gap"),
    "completion": ("完成率", "completion"),
    "to_close": ("需要", "to close"),
    "notes": ("注意", "notes"),
    "strength": ("力度", "strength"),
    "due": ("截止", "due"),
    "source": ("依据", "source"),
    "rule": ("规则", "rule"),
    "total": ("合计", "total"),
    "verdict": ("结论", "verdict"),
    "file": ("文件", "file"),
    "short": ("未达标或滞后", "not met or behind"),
    "unknown": ("缺数据或无效", "missing or invalid"),
    "met_any": ("达标或进度正常", "met or on track"),
    "not_due": ("未到期", "not due"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "reports": ("份报表", "reports"),
    "targets": ("项目标", "targets"),
    "behind_first": ("按落后程度排序:未达标或滞后的目标多者在前,其次缺数据多者,再按完成率从低到高",
                     "most behind first: more targets not met or behind, then more missing, then lower completion"),
    "not_applicable": ("不适用", "not applicable"),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def decimals(value: Decimal) -> int:
    """Digits after the point of a value as written: 27.61 → 2, 80 → 0."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def places_of(a: Amount, *others: Amount | None) -> int:
    """Decimals to show: those of the values themselves (target and actual), at most 2; whole for counts."""
    if counts(unit_text(a.unit)):
        return 0
    values: list[Decimal] = []
    for x in (a, *others):
        if x is not None and x.value is not None:
            values.extend(x.value if isinstance(x.value, list) else [x.value])
    return min(_RATE_PLACES, max((decimals(v) for v in values), default=0))
