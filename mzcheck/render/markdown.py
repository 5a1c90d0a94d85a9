"""``--format markdown``: a table to paste into a written report / Markdown 表格.

One section per report: a heading, the summary, then one table row per rule (not met first, as
evaluated), with the actual value, the target, the gap, what closes it and the source. Headings and
statuses follow ``--lang``. The cell helpers here are shared with the HTML writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from mzcheck.core.messages import Message
from mzcheck.core.wording import amount, amount_en, gap_amount, gap_amount_en, target_text
from mzcheck.model.results import Amount, CheckResult, Result
from mzcheck.render import Options

# status → (zh, en, mark)
STATUS: dict[str, tuple[str, str, str]] = {
    "met": ("达标", "met", "✓"),
    "not_met": ("未达标", "not met", "✗"),
    "missing": ("缺数据", "missing", "?"),
    "invalid": ("数据无效", "invalid", "!"),
    "on_track": ("进度正常", "on track", "→"),
    "behind": ("进度滞后", "behind", "↓"),
    "not_due": ("未到期", "not due", "…"),
}
SUMMARY_ORDER = ("met", "not_met", "behind", "on_track", "missing", "invalid", "not_due")

# The machine labels of Amount.unit (units.Unit.label) back to the spelling a reader knows.
_UNIT_TEXT = {"percent": "%", "permille": "‰", "percentage_point": "百分点", "person": "人", "bed": "张",
              "institution": "个", "household": "户", "yuan": "元", "person_time": "人次", "item": "项",
              "times": "倍"}


def tr(m: Message, lang: str) -> str:
    return m.zh if lang == "zh" else m.en


def status_word(status: str, lang: str) -> str:
    zh, en, _ = STATUS[status]
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
        return target_text("between", (lo, hi), unit).zh if lang == "zh" else f"{lo}–{amount_en(hi, unit)}"
    v = _fraction(a.value)
    return amount(v, unit, group=True) if lang == "zh" else amount_en(v, unit)


def target_of(r: Result, lang: str) -> str:
    """``不低于28人/万名老年人`` / ``at least 28 per 10,000 elders``."""
    unit = unit_text(r.target.unit)
    value = r.target.value
    if value is None:
        return "—"
    if isinstance(value, list):
        threshold: Fraction | tuple[Fraction, Fraction] = (_fraction(value[0]), _fraction(value[1]))
    else:
        threshold = _fraction(value)
    text = tr(target_text(r.comparator, threshold, unit), lang)
    if r.kind == "increment":  # the target counts what is added, not the level
        return f"新增{text}" if lang == "zh" else f"added: {text}"
    if r.kind == "growth":
        return f"增长{text}" if lang == "zh" else f"growth {text}"
    return text


def gap_text(a: Amount | None, lang: str) -> str:
    """The signed gap: ``−0.39人/万名老年人``; a percent gap in percentage points."""
    if a is None or a.value is None or isinstance(a.value, list):
        return "—"
    v = _fraction(a.value)
    unit = unit_text(a.unit)
    sign = "−" if v < 0 else "+" if v > 0 else ""
    body = gap_amount(abs(v), unit) if lang == "zh" else gap_amount_en(abs(v), unit)
    return f"{sign}{body}"


def source_text(r: Result) -> str:
    doc = f"《{r.source.document}》" if r.source.document else ""
    return f"{doc}“{r.source.quote}”"


def summary_text(check: CheckResult, lang: str) -> str:
    s = check.summary
    parts = [f"{status_word(k, lang)} {getattr(s, k)}" if lang == "zh" else f"{getattr(s, k)} {status_word(k, lang)}"
             for k in SUMMARY_ORDER if getattr(s, k)]
    verdict = ("通过" if lang == "zh" else "passed") if s.passed else ("未通过" if lang == "zh" else "failed")
    if lang == "zh":
        return f"共 {s.total} 项:{','.join(parts)} — {verdict}"
    return f"{s.total} rules: {', '.join(parts)} — {verdict}"


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


def _cell(text: str) -> str:
    """Table cells hold one line; a pipe would end the cell."""
    return " ".join(text.split()).replace("|", "\\|")


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "\n".join(render_one(r, options) for r in results)


def render_one(check: CheckResult, options: Options) -> str:
    lang = options.lang
    zh = lang == "zh"
    head = ["状态", "指标", "实际值", "目标", "差距", "如何补足", "依据", "规则"] if zh else \
        ["Status", "Indicator", "Actual", "Target", "Gap", "To close the gap", "Source", "Rule"]
    lines = [f"## {title_text(check, lang)}", "", f"**{summary_text(check, lang)}**", ""]
    if check.report.file:
        lines += [f"{'报表文件' if zh else 'Report file'}: `{check.report.file}`", ""]
    if not check.results:
        lines.append("没有适用的目标规则。" if zh else "No target rule applies to this report.")
        return "\n".join(lines) + "\n"
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join([" --- "] * len(head)) + "|")
    for r in check.results:
        status = f"{STATUS[r.status][2]} {status_word(r.status, lang)}"
        if r.strength == "aspirational":
            status += "(力争)" if zh else " (aspirational)"
        notes = [tr(s.message, lang) for s in r.shortfall]
        if r.status in ("missing", "invalid"):
            notes.append(tr(r.message, lang))
        notes += [tr(f.message, lang) for f in r.findings]
        for c in r.children:
            if c.status != "met":
                notes.append(f"{c.jurisdiction}: {status_word(c.status, lang)} {amount_text(c.actual, lang)}")
        name = tr(r.indicator_name, lang)
        row = [status, name, amount_text(r.actual, lang), target_of(r, lang), gap_text(r.gap, lang),
               ";".join(notes) if zh else "; ".join(notes), source_text(r), f"`{r.rule_id}`"]
        lines.append("| " + " | ".join(_cell(x) for x in row) + " |")
    return "\n".join(lines) + "\n"
