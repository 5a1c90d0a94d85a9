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

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from html import escape

from mzcheck.model.results import CheckResult, Result
from mzcheck.render import Options
from mzcheck.render.overview import Builder, Overview, Shown
from mzcheck.render.words import (
    LABELS,
    STATUS,
    SUMMARY_ORDER,
    amount_text,
    closing,
    figure,
    gap_text,
    label,
    report_notes,
    summary_text,
    target_of,
    title_text,
    tr,
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

# only on a page with an overview, so a single report's page stays as it was
OVERVIEW_CSS = """
section.overview { margin-bottom: 40px; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; margin: 6px 0 10px; }
.legend .key i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px;
  vertical-align: -1px; }
.matrix-wrap { overflow-x: auto; max-width: 100%; }
table.matrix { width: auto; font-size: 12px; }
table.matrix th, table.matrix td { padding: 2px 4px; white-space: nowrap; }
table.matrix td { color: #fff; text-align: right; min-width: 44px; font-variant-numeric: tabular-nums; }
table.matrix td.n { color: var(--ink); background: #fff; }
table.matrix td.na { background: #fff; }
table.matrix th.col { vertical-align: bottom; white-space: normal; min-width: 76px; max-width: 96px;
  font-size: 11px; line-height: 1.3; font-weight: 600; }
table.matrix th.col span { display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical;
  overflow: hidden; }
table.matrix th.n { white-space: normal; min-width: 56px; max-width: 72px; font-size: 11px; vertical-align: bottom; }
table.matrix th.place { position: sticky; left: 0; background: var(--track); z-index: 1; }
table.matrix tr.tally td { color: var(--ink); text-align: center; background: var(--track); }
@media print { section.overview { break-after: page; } .matrix-wrap { overflow: visible; } }
"""


def _t(zh: str, en: str, lang: str) -> str:
    """A label: Chinese with English beside it on the Chinese page, English alone on the English page."""
    if lang == "en":
        return escape(en)
    return f'{escape(zh)} <span class="en" lang="en">{escape(en)}</span>'


def _l(key: str, options: Options) -> str:
    """A shared label of render/words.py, as _t shows it."""
    zh, en = LABELS[key]
    return _t(zh, en, options.lang)


def colour(r: Result | Shown) -> str:
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


def _label(x: float, y: float, text: str, fill: str, lo: float, hi: float, cls: str) -> str:
    """A chart label centred on ``x``, kept inside [lo, hi] (anchored at an edge when it would run off)."""
    # at 12 px a CJK character is 12 px wide, a Latin one about 7: half the width, with a little room
    half = sum(6.0 if ord(ch) > 0x2E80 else 3.5 for ch in text) + 4
    anchor, at = "middle", x
    if x - half < lo:
        anchor, at = "start", lo
    elif x + half > hi:
        anchor, at = "end", hi
    return (f'<text class="{cls}" x="{at:g}" y="{y:g}" font-size="12" fill="{fill}" text-anchor="{anchor}">'
            f"{escape(text)}</text>")


def bullet_chart(r: Result, options: Options) -> str:
    """Actual against target as an inline SVG bullet chart; empty when there is no actual value.

    The target's label sits above the track and the actual's below it, so neither hides the other however
    close they are. A share (a percent) is drawn on 0–100%: its band of values meeting the target ends at 100%.
    """
    actual = _number(r.actual.value) if r.actual is not None else None
    target = _number(r.target.value)
    if actual is None or target is None:
        return ""
    lang = options.lang
    a = actual[0]
    lo_t, hi_t = target
    low = min(0.0, a, lo_t)
    high = max(a, hi_t, 0.0)
    share = r.target.unit == "percent" and high <= 100 and low >= 0
    if share:
        span = 100.0
    else:
        span = (high - low) * 1.15 or 1.0
    high = low + span
    width, left, right, top = 640.0, 8.0, 8.0, 20.0
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
    actual_label = amount_text(r.actual, lang)
    target_label = amount_text(r.target, lang)
    if lang == "zh":
        label = (f"实际 {actual_label},目标 {target_of(r, 'zh')} / actual {amount_text(r.actual, 'en')}, "
                 f"target {target_of(r, 'en')}")
    else:
        label = f"actual {actual_label}, target {target_of(r, 'en')}"
    parts = [
        f'<svg class="bullet" viewBox="0 0 {width:g} 72" role="img" aria-label="{escape(label)}" '
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
    word = "目标 " if lang == "zh" else "target "
    parts.append(_label(x(hi_t if r.comparator in ("<=", "<") else lo_t), top - 6, word + target_label, "#1f2328",
                        left, width - right, "target-label"))
    parts.append(_label(x(a), top + 44, actual_label, col, left, width - right, "actual-label"))
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------ the trajectory line chart


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round values from a round base up to ``hi`` or just past it: 0, 10, 20, 30; 20, 22, 24, 26, 28."""
    import math

    span = hi - lo or abs(hi) or 1.0
    raw = span / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = [start]
    while ticks[-1] < hi - 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


def axis_base(lo: float, hi: float) -> float:
    """Where the value axis starts: 0 when the values are within reach of it, else low enough that the
    chart spans at least a fifth of the largest value, so 27.6 → 28 does not fill the height."""
    if lo >= 0 and (lo <= 0.5 * hi or hi <= 0):
        return 0.0
    if lo < 0:
        return lo
    return min(lo, hi * 0.8)


def trajectory_chart(r: Result, options: Options) -> str:
    """Before the due date: the path so far, the projection to the due date and the plan, against the target.

    Inline SVG: the observed values as a solid line, the projection dashed in the status colour, the
    plan's pro-rata line (or its milestones) dashed grey, the target as a horizontal rule (a band for a
    range), on a value axis with round, labelled ticks from a sensible base (``axis_base``). Empty when the
    result has no trajectory.
    """
    observed = [p for p in r.trajectory if p.origin not in ("projected", "milestone")]
    projected = next((p for p in r.trajectory if p.origin == "projected"), None)
    if not observed or projected is None:
        return ""
    target = _number(r.target.value)
    if target is None:
        return ""
    lang = options.lang
    milestones = [p for p in r.trajectory if p.origin == "milestone"]
    plan: list[tuple[float, float]] = []
    method = r.projection.method if r.projection is not None else None
    if method in ("pro_rata", "milestones") and r.trajectory[0].origin == "start" and target[0] == target[1]:
        plan = [(r.trajectory[0].date.toordinal(), 0.0), *((p.date.toordinal(), float(p.value)) for p in milestones),
                (projected.date.toordinal(), target[0])]
    points = [(p.date.toordinal(), float(p.value)) for p in observed]
    end = (projected.date.toordinal(), float(projected.value))
    values = [v for _, v in (*points, end, *plan)] + [target[0], target[1]]
    ticks = nice_ticks(axis_base(min(values), max(values)), max(values))
    lo_v, hi_v = ticks[0], ticks[-1]
    if hi_v <= lo_v:
        hi_v = lo_v + 1.0
    first_day, last_day = min(d for d, _ in (*points, *plan)), end[0]
    width, height, left, right, top, bottom = 640.0, 180.0, 52.0, 120.0, 12.0, 26.0

    def x(day: float) -> float:
        return round(left + (day - first_day) / ((last_day - first_day) or 1) * (width - left - right), 1)

    def y(v: float) -> float:
        return round(top + (hi_v - v) / (hi_v - lo_v) * (height - top - bottom), 1)

    unit = r.target.unit

    def num(v: Decimal | float) -> str:
        return figure(Decimal(str(v)), unit)

    col = colour(r)
    en = (f"trajectory: now {num(observed[-1].value)}, projected {num(projected.value)} by {projected.date}, "
          f"target {target_of(r, 'en')}")
    label = en if lang == "en" else (f"进度轨迹:当前 {num(observed[-1].value)},预计{projected.date} "
                                      f"{num(projected.value)},目标 {target_of(r, 'zh')} / {en}")
    words = {"target": ("目标 ", "target "), "projected": ("预计 ", "projected ")}

    def w(key: str) -> str:
        return words[key][0 if lang == "zh" else 1]

    # styled inline, so pages without an interim verdict stay byte-for-byte as before
    parts = [f'<svg class="trajectory" viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{escape(label)}" '
             'style="display: block; width: 100%; max-width: 640px; height: auto; margin: 4px 0" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(label)}</title>",
             f'<rect x="{left:g}" y="{top:g}" width="{width - left - right:g}" height="{height - top - bottom:g}" '
             f'fill="#fafbfc" stroke="#d8dee4"/>']
    for t in ticks:  # the value axis: round values, labelled, with a faint grid line
        parts.append(f'<line class="grid" x1="{left:g}" x2="{width - right:g}" y1="{y(t):g}" y2="{y(t):g}" '
                     f'stroke="#e3e8ee"/><text class="tick" x="{left - 6:g}" y="{y(t) + 4:g}" font-size="11" '
                     f'fill="#5f6b76" text-anchor="end">{escape(num(t))}</text>')
    if target[0] != target[1]:
        parts.append(f'<rect class="band" x="{left:g}" y="{y(target[1]):g}" width="{width - left - right:g}" '
                     f'height="{max(1.0, y(target[0]) - y(target[1])):g}" fill="#d7ecd9"/>')
    for t in sorted({target[0], target[1]}):
        parts.append(f'<line class="target" x1="{left:g}" x2="{width - right:g}" y1="{y(t):g}" y2="{y(t):g}" '
                     f'stroke="#1f2328" stroke-width="2"/>'
                     f'<text x="{width - right + 6:g}" y="{y(t) + 4:g}" font-size="12" fill="#1f2328">'
                     f"{escape(w('target') + num(t))}</text>")
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
                 f'font-size="12" fill="{col}">{escape(w("projected") + num(projected.value))}</text>')
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
    word = f"{escape(zh)} · {escape(en)}" if options.lang == "zh" else escape(en)
    tag = f' <span class="tag">{_t("力争", "aspirational", options.lang)}</span>' if r.strength == "aspirational" else ""
    if r.waiver is not None:  # the verdict it would have had
        was_zh, was_en, _, _ = STATUS[r.waiver.verdict]
        tag += f' <span class="tag">{_t("原为" + was_zh, "would be " + was_en, options.lang)}</span>'
    return (f'<header><span class="badge">{mark} {word}</span>'
            f'<span class="name">{_t(r.indicator_name.zh, r.indicator_name.en, options.lang)}</span>{tag}'
            f'<span class="rule">{escape(r.rule_id)}</span></header>')


def chart(r: Result, options: Options) -> str:
    return bullet_chart(r, options)


def _both(m_zh: str, m_en: str, options: Options) -> str:
    """A sentence of the results: Chinese with the English below it, or English alone."""
    if options.lang == "en":
        return escape(m_en)
    return f'{escape(m_zh)}<br><span class="en" lang="en">{escape(m_en)}</span>'


def figures(r: Result, options: Options) -> str:
    def fig(key: str, zh: str, en: str) -> str:
        if options.lang == "en":
            return f'<div><span class="label">{_l(key, options)}</span><span class="value">{escape(en)}</span></div>'
        other = f' <span class="en" lang="en">{escape(en)}</span>' if en != zh else ""
        return f'<div><span class="label">{_l(key, options)}</span><span class="value">{escape(zh)}</span>{other}</div>'

    return ('<div class="figures">'
            + fig("actual", amount_text(r.actual, "zh"), amount_text(r.actual, "en"))
            + fig("target", target_of(r, "zh"), target_of(r, "en"))
            + fig("gap", gap_text(r.gap, "zh"), gap_text(r.gap, "en"))
            + "</div>")


def message(r: Result, options: Options) -> str:
    return f'<p class="message">{_both(r.message.zh, r.message.en, options)}</p>'


def shortfall(r: Result, options: Options) -> str:
    ways = closing(r)
    if not ways:
        return ""
    items = "".join(f"<li>{_t(m.zh, m.en, options.lang)}</li>" for m in ways)
    return (f'<div class="closing"><b>{_t("如何补足", "to close the gap", options.lang)}</b>'
            f'<ul class="shortfall">{items}</ul></div>')


def findings(r: Result, options: Options) -> str:
    if not r.findings:
        return ""
    items = "".join(f"<li>{_t(f.message.zh, f.message.en, options.lang)}</li>" for f in r.findings)
    return f'<div><b>{_t("注意", "note", options.lang)}</b><ul class="findings">{items}</ul></div>'


def children(r: Result, options: Options) -> str:
    if not r.children:
        return ""
    lang = options.lang
    rows = "".join(
        f"<tr><td>{escape(c.jurisdiction)}</td><td>{_t(STATUS[c.status][0], STATUS[c.status][1], lang)}</td>"
        f"<td>{escape(amount_text(c.actual, lang))}</td><td>{escape(gap_text(c.gap, lang))}</td></tr>"
        for c in r.children)
    return (f'<table class="children"><tr><th>{_t("下级地区", "unit", lang)}</th><th>{_l("status", options)}</th>'
            f'<th>{_l("actual", options)}</th><th>{_l("gap", options)}</th></tr>{rows}</table>')


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
    if options.lang == "en":
        head = f'<h1>{escape(title_text(check, "en"))}</h1>'
    else:
        head = (f'<h1>{escape(title_text(check, "zh"))}</h1>'
                f'<div class="en" lang="en">{escape(title_text(check, "en"))}</div>')
    return f'{head}<div class="meta">{rep.code}{file}</div>'


def summary(check: CheckResult, options: Options) -> str:
    s = check.summary
    lang = options.lang
    verdict = "passed" if s.passed else "failed"
    word = _l(verdict, options)
    chips = "".join(
        f'<span class="chip" style="border-color: {COLOURS[k]}"><b style="color: {COLOURS[k]}">{getattr(s, k)}</b>'
        f'{_t(STATUS[k][0], STATUS[k][1], lang)}</span>'
        for k in SUMMARY_ORDER if getattr(s, k))
    return (f'<div class="summary"><span class="verdict {verdict}">{word}</span>{chips}'
            f'<span class="meta">{escape(summary_text(check, lang))}</span></div>')


def _compact(r: Result) -> bool:
    """Missing values without anything else to say go in the table at the end, not in a card."""
    return r.status == "missing" and r.actual is None and not r.findings and not r.children


def verdicts(check: CheckResult, options: Options) -> str:
    cards = [card(r, options) for r in check.results if not _compact(r)]
    if not check.results:
        return "".join(f"<p class=note>{escape(note)}</p>" for note in report_notes(check, options.lang))
    if not cards:
        return ""
    return f'<h2>{_t("检查结果", "verdicts", options.lang)}</h2>' + "".join(cards)


def missing(check: CheckResult, options: Options) -> str:
    rows = [r for r in check.results if _compact(r)]
    if not rows:
        return ""
    lang = options.lang
    body = "".join(
        f"<tr><td>{_t(r.indicator_name.zh, r.indicator_name.en, lang)}</td>"
        f'<td class="target">{escape(target_of(r, lang))}</td>'
        f"<td>{_t(r.message.zh, r.message.en, lang)}</td>"
        f'<td class="quote">“{escape(r.source.quote)}”</td><td><code>{escape(r.rule_id)}</code></td></tr>'
        for r in rows)
    return (f'<h2>{_t(f"缺数据({len(rows)})", f"missing ({len(rows)})", lang)}</h2>'
            f'<table class="missing"><tr><th>{_l("indicator", options)}</th><th>{_l("target", options)}</th>'
            f'<th>{_t("需填报", "to report", lang)}</th><th>{_l("source", options)}</th><th>{_l("rule", options)}</th>'
            f"</tr>{body}</table>")


ReportSection = Callable[[CheckResult, Options], str]
REPORT_SECTIONS: list[ReportSection] = [report_head, summary, verdicts, missing]


def report(check: CheckResult, options: Options) -> str:
    return '<section class="report">' + "".join(s(check, options) for s in REPORT_SECTIONS) + "</section>"


# --------------------------------------------------------------------------------- the overview


def overview_section(ov: Overview, options: Options) -> str:
    """Several reports: the matrix of jurisdictions (most behind first) and targets, each cell in its status
    colour with the gap in it and the verdict on hover; each target's tally in the last rows."""
    lang = options.lang
    if not ov.rows:
        return ""
    head = "".join(f'<th class="col" title="{escape(tr(c.name, lang))}"><span>{escape(tr(c.name, lang))}</span></th>'
                   for c in ov.columns)
    body = []
    for row in ov.rows:
        rep = row.report
        cells = []
        for c in ov.columns:
            res = row.cells.get(c.indicator)
            if res is None:
                cells.append(f'<td class="na" title="{escape(label("not_applicable", lang))}"></td>')
                continue
            shown = ""
            if res.status not in ("met", "on_track") and res.gap is not None and isinstance(res.gap.value, Decimal):
                shown = ("−" if res.gap.value < 0 else "+") + figure(abs(res.gap.value), res.gap.unit)
            tip = f"{rep.jurisdiction} · {tr(res.indicator_name, lang)}: {tr(res.message, lang)}"
            cells.append(f'<td class="s-{res.status}" style="background: {colour(res)}" title="{escape(tip)}">'
                         f"{escape(shown)}</td>")
        rate = f"{figure(row.completion, 'percent')}%" if row.completion is not None else "—"
        body.append(f'<tr class="ov-row"><th class="place">{escape(rep.jurisdiction)}</th><td class="n">{row.short}'
                    f'</td><td class="n">{row.unknown}</td><td class="n">{rate}</td>{"".join(cells)}</tr>')
    foot = []
    for key, attr, col in (("met_any", "met", COLOURS["met"]), ("short", "short", COLOURS["not_met"]),
                           ("unknown", "unknown", COLOURS["missing"])):
        tallies = "".join(f"<td>{getattr(ov.tallies[c.indicator], attr)}</td>" for c in ov.columns)
        foot.append(f'<tr class="tally"><th colspan="4" style="color: {col}">{_l(key, options)}</th>{tallies}</tr>')
    legend = "".join(f'<span class="key"><i style="background: {COLOURS[k]}"></i>{_t(STATUS[k][0], STATUS[k][1], lang)}'
                     f"</span>" for k in SUMMARY_ORDER)
    legend += f'<span class="key"><i style="background: {ASPIRATIONAL_SHORT}"></i>{_t("力争未达", "aspiration short", lang)}</span>'
    count = (f"{len(ov.rows)} {label('reports', lang)} × {len(ov.columns)} {label('targets', lang)}" if lang == "en" else
             f"{len(ov.rows)}{label('reports', lang)} × {len(ov.columns)}{label('targets', lang)}")
    return (f'<section class="overview"><h1>{_l("overview", options)}</h1>'
            f'<div class="meta">{escape(count)} · {_l("behind_first", options)}</div>'
            f'<div class="legend">{legend}</div><div class="matrix-wrap"><table class="matrix">'
            f'<thead><tr><th class="place">{_l("jurisdiction", options)}</th><th class="n">{_l("short", options)}</th>'
            f'<th class="n">{_l("unknown", options)}</th><th class="n">{_l("completion", options)}</th>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody><tfoot>{"".join(foot)}</tfoot></table></div></section>')


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "".join(stream(results, options))


SPOOL_IN_MEMORY = 8 << 20  # characters of report sections kept in memory before they go to a temporary file


def stream(results: Iterable[CheckResult], options: Options) -> Iterator[str]:
    """The page in pieces. The overview comes first but needs every report: each report's section is
    written to a spool as it comes (in memory, then a temporary file past ``SPOOL_IN_MEMORY``) while the
    overview keeps a few fields a result; then the head and the overview, the spooled sections, the foot."""
    lang = options.lang
    built = Builder()
    titles: list[str] = []
    count = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8", newline="") as spool:
        for check in results:
            if count < 3:
                titles.append(title_text(check, lang))
            built.add(check)
            spool.write(("\n" if count else "") + report(check, options))
            count += 1
        title = " · ".join(titles) or "mzcheck"
        if count > 3:
            title = f"{label('overview', lang)} · {title} …"
        html_lang = "zh-CN" if lang == "zh" else "en"
        top = overview_section(built.finish(), options) if count > 1 else ""
        css = CSS + (OVERVIEW_CSS if top else "")
        yield ("<!DOCTYPE html>\n"
               f'<html lang="{html_lang}"><head><meta charset="utf-8">'
               '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
               'img-src data:">'
               '<meta name="viewport" content="width=device-width, initial-scale=1">'
               f"<title>{escape(title)}</title><style>{css}</style></head>\n<body><main>\n"
               + (top + "\n" if top else ""))
        spool.seek(0)
        while piece := spool.read(1 << 20):
            yield piece
    yield (f'\n<footer>{_t("由 mzcheck 生成,数值与结论以规则文件和报表为准。", "Made by mzcheck from the rule files and the report.", lang)}'
           "</footer>\n</main></body></html>\n")
