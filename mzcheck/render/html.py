"""``--format html``: one self-contained page to read, print or send / 单文件 HTML 报告.

No script, no font, no image is fetched (a Content-Security-Policy says so): styles are inline and each
chart is inline SVG. Per rule: a bullet chart of the actual value against the target in the status
colour, the gap, what closes it, the source quote, Chinese and English. Missing values are listed
compactly after the verdicts. ``@media print`` lays it out for A4.

The page is built from small functions, one per section: ``REPORT_SECTIONS`` for a report and
``CARD_SECTIONS`` for a rule's card. Adding a section (a sparkline of the history, say) is writing one
function ``(Result, Options) -> str`` and listing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from mzcheck.model.results import CheckResult, Result
from mzcheck.render import Options
from mzcheck.render.words import (
    STATUS,
    SUMMARY_ORDER,
    amount_text,
    gap_text,
    summary_text,
    target_of,
    title_text,
)

COLOURS = {"met": "#2e7d32", "not_met": "#c62828", "invalid": "#6a1b9a", "missing": "#8d8d8d",
           "behind": "#e65100", "on_track": "#1565c0", "not_due": "#546e7a", "waived": "#8e24aa"}
ASPIRATIONAL_SHORT = "#ef8f00"  # an aspirational target missed: a warning, not a failure

CSS = """
:root { --ink: #1f2328; --muted: #5f6b76; --line: #d8dee4; --band: #e3f1e4; --track: #eef1f4; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: var(--ink);
  font: 15px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "WenQuanYi Zen Hei", system-ui, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 24px; }
section.report { margin-bottom: 40px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.en { color: var(--muted); font-size: 0.9em; }
.meta { color: var(--muted); font-size: 13px; margin: 4px 0 14px; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 10px 0 18px; }
.verdict { font-weight: 700; padding: 4px 12px; border-radius: 4px; color: #fff; }
.verdict.passed { background: #2e7d32; } .verdict.failed { background: #c62828; }
.verdict .en, .badge .en { color: #fff; opacity: 0.9; }
.chip { border: 1px solid var(--line); background: #fff; border-radius: 14px; padding: 2px 10px; font-size: 13px; }
.chip b { margin-right: 4px; }
.card { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--status);
  border-radius: 6px; padding: 12px 16px; margin: 0 0 12px; }
.card header { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.badge { color: #fff; background: var(--status); border-radius: 4px; padding: 1px 8px; font-size: 13px;
  font-weight: 700; white-space: nowrap; }
.name { font-weight: 700; font-size: 16px; }
.rule { margin-left: auto; color: var(--muted); font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.tag { font-size: 12px; border: 1px solid #ef8f00; color: #9a5b00; border-radius: 3px; padding: 0 5px; }
svg.bullet { display: block; width: 100%; max-width: 640px; height: auto; margin: 8px 0 4px; }
.figures { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px; margin: 6px 0; }
.figures div { background: var(--track); border-radius: 4px; padding: 4px 8px; }
.figures .label { display: block; color: var(--muted); font-size: 12px; }
.figures .value { font-weight: 700; }
.message { margin: 6px 0; }
ul.shortfall, ul.findings { margin: 4px 0; padding-left: 20px; }
blockquote { margin: 8px 0 0; padding: 6px 12px; border-left: 3px solid var(--line); background: #fafbfc;
  color: #3b434b; font-size: 14px; }
blockquote cite { display: block; color: var(--muted); font-style: normal; font-size: 12px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--track); }
td.quote { color: #3b434b; }
td.target { white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .card, tr { break-inside: avoid; }
  .card { border-color: #999; }
  section.report + section.report { break-before: page; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _t(zh: str, en: str) -> str:
    """Chinese with English beside it, as every label on the page."""
    return f'{escape(zh)} <span class="en" lang="en">{escape(en)}</span>'


def colour(r: Result) -> str:
    if r.strength == "aspirational" and r.status in ("not_met", "behind"):
        return ASPIRATIONAL_SHORT
    return COLOURS[r.status]


# ------------------------------------------------------------------------------- the bullet chart


def _number(value: Decimal | list[Decimal] | None) -> tuple[float, float] | None:
    """A value (or range) as floats for drawing; the figures printed beside it are the exact ones."""
    if value is None:
        return None
    if isinstance(value, list):
        return float(value[0]), float(value[1])
    return float(value), float(value)


def bullet_chart(r: Result, options: Options) -> str:
    """Actual against target as an inline SVG bullet chart; empty when there is no actual value."""
    actual = _number(r.actual.value) if r.actual is not None else None
    target = _number(r.target.value)
    if actual is None or target is None:
        return ""
    a = actual[0]
    lo_t, hi_t = target
    low = min(0.0, a, lo_t)
    high = max(a, hi_t, 0.0)
    span = (high - low) * 1.15 or 1.0
    high = low + span
    width, left, right, top = 640.0, 8.0, 8.0, 6.0
    inner = width - left - right

    def x(v: float) -> float:
        return round(left + (v - low) / span * inner, 1)

    # the band of values that meet the target
    if r.comparator in (">=", ">"):
        band = (lo_t, high)
    elif r.comparator in ("<=", "<"):
        band = (low, hi_t)
    else:
        band = (lo_t, hi_t)
    col = colour(r)
    actual_label = amount_text(r.actual, "zh")
    target_label = target_of(r, "zh")
    label = f"实际 {actual_label},目标 {target_label} / actual {amount_text(r.actual, 'en')}, target {target_of(r, 'en')}"
    parts = [
        f'<svg class="bullet" viewBox="0 0 {width:g} 58" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
        f'<rect class="track" x="{left:g}" y="{top:g}" width="{inner:g}" height="26" fill="#eef1f4"/>',
        f'<rect class="band" x="{x(band[0]):g}" y="{top:g}" width="{max(0.0, x(band[1]) - x(band[0])):g}" '
        f'height="26" fill="#d7ecd9"/>',
        f'<rect class="actual" x="{x(min(0.0, a)):g}" y="{top + 8:g}" width="{max(1.0, abs(x(a) - x(0.0))):g}" '
        f'height="10" fill="{col}"/>',
    ]
    for t in sorted({lo_t, hi_t}):
        parts.append(f'<line class="target" x1="{x(t):g}" x2="{x(t):g}" y1="{top - 3:g}" y2="{top + 29:g}" '
                     f'stroke="#1f2328" stroke-width="3"/>')
    parts.append(f'<text x="{x(a):g}" y="52" font-size="12" fill="{col}" text-anchor="middle">'
                 f"{escape(actual_label)}</text>")
    if abs(x(a) - x(hi_t)) > 90:  # keep the two labels apart
        parts.append(f'<text x="{x(hi_t):g}" y="52" font-size="12" fill="#1f2328" text-anchor="middle">'
                     f"{escape(amount_text(r.target, 'zh'))}</text>")
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------ the trajectory line chart


def trajectory_chart(r: Result, options: Options) -> str:
    """Before the due date: the path so far, the projection to the due date and the plan, against the target.

    Inline SVG: the observed values as a solid line, the projection dashed in the status colour, the
    plan's pro-rata line (or its milestones) dashed grey, the target as a horizontal rule (a band for a
    range). Empty when the result has no trajectory.
    """
    from fractions import Fraction

    from mzcheck.core.numbers import format_number

    observed = [p for p in r.trajectory if p.origin not in ("projected", "milestone")]
    projected = next((p for p in r.trajectory if p.origin == "projected"), None)
    if not observed or projected is None:
        return ""
    target = _number(r.target.value)
    if target is None:
        return ""
    milestones = [p for p in r.trajectory if p.origin == "milestone"]
    plan: list[tuple[float, float]] = []
    method = r.projection.method if r.projection is not None else None
    if method in ("pro_rata", "milestones") and r.trajectory[0].origin == "start" and target[0] == target[1]:
        plan = [(r.trajectory[0].date.toordinal(), 0.0), *((p.date.toordinal(), float(p.value)) for p in milestones),
                (projected.date.toordinal(), target[0])]
    points = [(p.date.toordinal(), float(p.value)) for p in observed]
    end = (projected.date.toordinal(), float(projected.value))
    values = [v for _, v in (*points, end, *plan)] + [target[0], target[1]]
    lo_v, hi_v = min(values), max(values)
    pad = (hi_v - lo_v) * 0.12 or abs(hi_v) * 0.05 or 1.0
    lo_v, hi_v = lo_v - pad, hi_v + pad
    first_day, last_day = min(d for d, _ in (*points, *plan)), end[0]
    width, height, left, right, top, bottom = 640.0, 170.0, 10.0, 120.0, 12.0, 26.0

    def x(day: float) -> float:
        return round(left + (day - first_day) / ((last_day - first_day) or 1) * (width - left - right), 1)

    def y(v: float) -> float:
        return round(top + (hi_v - v) / (hi_v - lo_v) * (height - top - bottom), 1)

    def num(v: Decimal | float) -> str:
        return format_number(Fraction(v), places=2, group=True)

    col = colour(r)
    label = (f"进度轨迹:当前 {num(observed[-1].value)},预计{projected.date} {num(projected.value)},目标 "
             f"{target_of(r, 'zh')} / trajectory: now {num(observed[-1].value)}, projected {num(projected.value)} by "
             f"{projected.date}, target {target_of(r, 'en')}")
    # styled inline, so pages without an interim verdict stay byte-for-byte as before
    parts = [f'<svg class="trajectory" viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{escape(label)}" '
             'style="display: block; width: 100%; max-width: 640px; height: auto; margin: 4px 0" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(label)}</title>",
             f'<rect x="{left:g}" y="{top:g}" width="{width - left - right:g}" height="{height - top - bottom:g}" '
             f'fill="#fafbfc" stroke="#d8dee4"/>']
    if target[0] != target[1]:
        parts.append(f'<rect class="band" x="{left:g}" y="{y(target[1]):g}" width="{width - left - right:g}" '
                     f'height="{max(1.0, y(target[0]) - y(target[1])):g}" fill="#d7ecd9"/>')
    for t in sorted({target[0], target[1]}):
        parts.append(f'<line class="target" x1="{left:g}" x2="{width - right:g}" y1="{y(t):g}" y2="{y(t):g}" '
                     f'stroke="#1f2328" stroke-width="2"/>'
                     f'<text x="{width - right + 6:g}" y="{y(t) + 4:g}" font-size="12" fill="#1f2328">'
                     f"{escape('目标 ' + num(t))}</text>")
    if plan:
        path = " ".join(f"{x(d):g},{y(v):g}" for d, v in plan)
        parts.append(f'<polyline class="plan" points="{path}" fill="none" stroke="#8d8d8d" stroke-width="1.5" '
                     f'stroke-dasharray="4 4"/>')
        parts.extend(f'<rect class="milestone" x="{x(p.date.toordinal()) - 4:g}" y="{y(float(p.value)) - 4:g}" '
                     f'width="8" height="8" fill="#8d8d8d" transform="rotate(45 {x(p.date.toordinal()):g} '
                     f'{y(float(p.value)):g})"/>' for p in milestones)
    now = points[-1]
    parts.append(f'<polyline class="projection" points="{x(now[0]):g},{y(now[1]):g} {x(end[0]):g},{y(end[1]):g}" '
                 f'fill="none" stroke="{col}" stroke-width="2" stroke-dasharray="6 4"/>')
    if len(points) > 1:
        path = " ".join(f"{x(d):g},{y(v):g}" for d, v in points)
        parts.append(f'<polyline class="observed" points="{path}" fill="none" stroke="{col}" stroke-width="2.5"/>')
    parts.extend(f'<circle class="observed" cx="{x(d):g}" cy="{y(v):g}" r="3.5" fill="{col}"/>' for d, v in points)
    label_y = y(end[1])
    for t in (target[0], target[1]):  # keep the projection's label off the target's
        if abs(label_y - y(t)) < 14:
            label_y = y(t) - 14 if end[1] >= t else y(t) + 14
    parts.append(f'<circle class="projected" cx="{x(end[0]):g}" cy="{y(end[1]):g}" r="4" fill="#fff" stroke="{col}" '
                 f'stroke-width="2"/><text x="{width - right + 6:g}" y="{label_y + 4:g}" '
                 f'font-size="12" fill="{col}">{escape("预计 " + num(projected.value))}</text>')
    for day, anchor in ((first_day, "start"), (now[0], "middle"), (last_day, "end")):
        when = observed[0].date if day == first_day else observed[-1].date if day == now[0] else projected.date
        if anchor == "middle" and min(abs(x(now[0]) - x(first_day)), abs(x(last_day) - x(now[0]))) < 70:
            continue
        parts.append(f'<text x="{x(day):g}" y="{height - 8:g}" font-size="11" fill="#5f6b76" '
                     f'text-anchor="{anchor}">{when.isoformat()}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ----------------------------------------------------------------------------------- card sections


def card_head(r: Result, options: Options) -> str:
    zh, en, mark, _ = STATUS[r.status]
    tag = f' <span class="tag">{_t("力争", "aspirational")}</span>' if r.strength == "aspirational" else ""
    if r.waiver is not None:  # the verdict it would have had
        was_zh, was_en, _, _ = STATUS[r.waiver.verdict]
        tag += f' <span class="tag">{_t("原为" + was_zh, "would be " + was_en)}</span>'
    return (f'<header><span class="badge">{mark} {escape(zh)} · {escape(en)}</span>'
            f'<span class="name">{_t(r.indicator_name.zh, r.indicator_name.en)}</span>{tag}'
            f'<span class="rule">{escape(r.rule_id)}</span></header>')


def chart(r: Result, options: Options) -> str:
    return bullet_chart(r, options)


def figures(r: Result, options: Options) -> str:
    def fig(label_zh: str, label_en: str, zh: str, en: str) -> str:
        other = f' <span class="en" lang="en">{escape(en)}</span>' if en != zh else ""
        return f'<div><span class="label">{_t(label_zh, label_en)}</span><span class="value">{escape(zh)}</span>{other}</div>'

    return ('<div class="figures">'
            + fig("实际", "actual", amount_text(r.actual, "zh"), amount_text(r.actual, "en"))
            + fig("目标", "target", target_of(r, "zh"), target_of(r, "en"))
            + fig("差距", "gap", gap_text(r.gap, "zh"), gap_text(r.gap, "en"))
            + "</div>")


def message(r: Result, options: Options) -> str:
    return f'<p class="message">{escape(r.message.zh)}<br><span class="en" lang="en">{escape(r.message.en)}</span></p>'


def shortfall(r: Result, options: Options) -> str:
    if not r.shortfall:
        return ""
    items = "".join(f"<li>{_t(s.message.zh, s.message.en)}</li>" for s in r.shortfall)
    return f'<div class="closing"><b>{_t("如何补足", "to close the gap")}</b><ul class="shortfall">{items}</ul></div>'


def findings(r: Result, options: Options) -> str:
    if not r.findings:
        return ""
    items = "".join(f"<li>{_t(f.message.zh, f.message.en)}</li>" for f in r.findings)
    return f'<div><b>{_t("注意", "note")}</b><ul class="findings">{items}</ul></div>'


def children(r: Result, options: Options) -> str:
    if not r.children:
        return ""
    rows = "".join(
        f"<tr><td>{escape(c.jurisdiction)}</td><td>{_t(STATUS[c.status][0], STATUS[c.status][1])}</td>"
        f"<td>{escape(amount_text(c.actual, 'zh'))}</td><td>{escape(gap_text(c.gap, 'zh'))}</td></tr>"
        for c in r.children)
    return (f'<table class="children"><tr><th>{_t("下级地区", "unit")}</th><th>{_t("状态", "status")}</th>'
            f'<th>{_t("实际", "actual")}</th><th>{_t("差距", "gap")}</th></tr>{rows}</table>')


def source(r: Result, options: Options) -> str:
    s = r.source
    cite = " · ".join(escape(x) for x in (s.document, s.publisher, s.published.isoformat() if s.published else None)
                      if x)
    return f"<blockquote>“{escape(s.quote)}”<cite>{cite}</cite></blockquote>"


CardSection = Callable[[Result, Options], str]
CARD_SECTIONS: list[CardSection] = [card_head, chart, trajectory_chart, figures, message, shortfall, findings,
                                     children, source]


def card(r: Result, options: Options) -> str:
    body = "".join(section(r, options) for section in CARD_SECTIONS)
    return f'<article class="card status-{r.status}" style="--status: {colour(r)}">{body}</article>'


# --------------------------------------------------------------------------------- report sections


def report_head(check: CheckResult, options: Options) -> str:
    rep = check.report
    file = f" · {escape(rep.file)}" if rep.file else ""
    return (f'<h1>{escape(title_text(check, "zh"))}</h1><div class="en" lang="en">{escape(title_text(check, "en"))}</div>'
            f'<div class="meta">{rep.code}{file}</div>')


def summary(check: CheckResult, options: Options) -> str:
    s = check.summary
    verdict = "passed" if s.passed else "failed"
    word = _t("通过", "passed") if s.passed else _t("未通过", "failed")
    chips = "".join(
        f'<span class="chip" style="border-color: {COLOURS[k]}"><b style="color: {COLOURS[k]}">{getattr(s, k)}</b>'
        f'{_t(STATUS[k][0], STATUS[k][1])}</span>'
        for k in SUMMARY_ORDER if getattr(s, k))
    return (f'<div class="summary"><span class="verdict {verdict}">{word}</span>{chips}'
            f'<span class="meta">{escape(summary_text(check, "zh"))}</span></div>')


def _compact(r: Result) -> bool:
    """Missing values without anything else to say go in the table at the end, not in a card."""
    return r.status == "missing" and r.actual is None and not r.findings and not r.children


def verdicts(check: CheckResult, options: Options) -> str:
    cards = [card(r, options) for r in check.results if not _compact(r)]
    if not check.results:
        return f"<p>{_t('没有适用的目标规则。', 'No target rule applies to this report.')}</p>"
    if not cards:
        return ""
    return f'<h2>{_t("检查结果", "verdicts")}</h2>' + "".join(cards)


def missing(check: CheckResult, options: Options) -> str:
    rows = [r for r in check.results if _compact(r)]
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{_t(r.indicator_name.zh, r.indicator_name.en)}</td>"
        f'<td class="target">{escape(target_of(r, "zh"))}</td>'
        f"<td>{_t(r.message.zh, r.message.en)}</td>"
        f'<td class="quote">“{escape(r.source.quote)}”</td><td><code>{escape(r.rule_id)}</code></td></tr>'
        for r in rows)
    return (f'<h2>{_t(f"缺数据({len(rows)})", f"missing ({len(rows)})")}</h2>'
            f'<table class="missing"><tr><th>{_t("指标", "indicator")}</th><th>{_t("目标", "target")}</th>'
            f'<th>{_t("需填报", "to report")}</th><th>{_t("依据", "source")}</th><th>{_t("规则", "rule")}</th></tr>'
            f"{body}</table>")


ReportSection = Callable[[CheckResult, Options], str]
REPORT_SECTIONS: list[ReportSection] = [report_head, summary, verdicts, missing]


def report(check: CheckResult, options: Options) -> str:
    return '<section class="report">' + "".join(s(check, options) for s in REPORT_SECTIONS) + "</section>"


def render(results: Sequence[CheckResult], options: Options) -> str:
    title = " · ".join(title_text(c, "zh") for c in results) or "mzcheck"
    lang = "zh-CN" if options.lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        'img-src data:">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body><main>\n"
        + "\n".join(report(c, options) for c in results)
        + f'\n<footer>{_t("由 mzcheck 生成,数值与结论以规则文件和报表为准。", "Made by mzcheck from the rule files and the report.")}'
        "</footer>\n</main></body></html>\n"
    )
