"""``--format text``: the readable report / 文本报告 (default).

Not met first, each with the gap, what closes it and the source; colour only on a terminal and never
with NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

from mzcheck.core.messages import Message
from mzcheck.core.numbers import format_number
from mzcheck.model.results import CheckResult, Result
from mzcheck.render import Options
from mzcheck.render.words import STATUS, SUMMARY_ORDER, closing, counted, figure, report_notes, verdict_word


def _t(m: Message, lang: str) -> str:
    return m.zh if lang == "zh" else m.en


def _paint(text: str, code: str, options: Options) -> str:
    return f"\033[{code}m{text}\033[0m" if options.color else text


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "".join(stream(results, options))


def stream(results: Iterable[CheckResult], options: Options) -> Iterator[str]:
    """:func:`render`'s text a report at a time (a blank line between reports)."""
    for i, r in enumerate(results):
        yield ("\n" if i else "") + render_one(r, options)


def render_one(check: CheckResult, options: Options) -> str:
    zh = options.lang == "zh"
    rep = check.report
    head = (f"{rep.jurisdiction}({rep.code}){rep.period}年报表" if zh else
            f"{rep.jurisdiction} ({rep.code}) report for {rep.period}")
    if rep.target_year != rep.period:
        head += f",对照{rep.target_year}年目标" if zh else f", against the {rep.target_year} targets"
    head += f"(截至{rep.as_of})" if zh else f" (as of {rep.as_of})"
    if rep.file:
        head += f"  {rep.file}"
    lines = [_paint(head, "1", options), ""]
    lines.extend(_paint(f"! {note}", "33", options) for note in report_notes(check, options.lang))
    missing = [r for r in check.results if r.status == "missing" and not r.findings]
    for r in check.results:
        if r not in missing:
            lines.extend(_result_lines(r, options))
    if missing:
        # many plans have dozens of targets a report does not cover: one line each, after the verdicts
        lines.append(_paint(f"? {'缺数据' if zh else 'missing'} ({len(missing)})", "33", options))
        for r in missing:
            lines.append(f"    {_strip_lead(_t(r.message, options.lang), zh)}  [{r.rule_id}]")
    lines.append(_summary_line(check, options))
    return "\n".join(lines) + "\n"


def _result_lines(r: Result, options: Options) -> list[str]:
    zh = options.lang == "zh"
    zh_word, en_word, mark, color = STATUS[r.status]
    if r.strength == "aspirational" and r.status in ("not_met", "behind"):
        color = "33"
    badge = _paint(f"{mark} {zh_word if zh else en_word}", color, options)
    strength = ("(力争)" if zh else " (aspirational)") if r.strength == "aspirational" else ""
    if r.waiver is not None:  # what it would have been, beside the badge
        strength += f"(原为{STATUS[r.waiver.verdict][0]})" if zh else f" (would be {STATUS[r.waiver.verdict][1]})"
    message = _strip_lead(_t(r.message, options.lang), zh)
    lines = [f"{badge}{strength}  {message}"]
    for m in closing(r):
        lines.append(f"    {'需要' if zh else 'to close'}: {_t(m, options.lang)}")
    for c in r.children:
        if c.status != "met":
            actual = f"{c.actual.value}" if c.actual else "—"
            lines.append(f"    {c.jurisdiction}: {STATUS[c.status][0 if zh else 1]} {actual}")
    lines.extend(_progress_lines(r, zh))
    for f in r.findings:
        lines.append(f"    {'注意' if zh else 'note'}: {_t(f.message, options.lang)}")
    src = r.source
    doc = f"{src.document}" + (f"({src.published})" if src.published else "")
    lines.append(f"    {'依据' if zh else 'source'}: {doc}:“{src.quote}”")
    lines.append(f"    [{r.rule_id}]")
    return lines


_BARS = "▁▂▃▄▅▆▇█"
_FORMULA = {"actual/target": ("实际 ÷ 目标", "actual ÷ target"), "target/actual": ("目标 ÷ 实际,逆向指标", "target ÷ actual, a cap"),
            "added/planned": ("新增 ÷ 计划", "added ÷ planned"), "growth/planned": ("增长 ÷ 计划增长", "growth ÷ planned growth"),
            "range": ("相对区间", "against the range")}


def sparkline(values: Sequence[Decimal | Fraction], low: Decimal | Fraction, high: Decimal | Fraction) -> str:
    """One bar a value, scaled from ``low`` to ``high``: ``▁▄█``."""
    span = Fraction(high) - Fraction(low)
    if span <= 0:
        return _BARS[3] * len(values)
    return "".join(_BARS[max(0, min(7, round((Fraction(v) - Fraction(low)) / span * 7)))] for v in values)


def _num(value: Decimal, places: int) -> str:
    return format_number(Fraction(value), places=places, group=True)


def _progress_lines(r: Result, zh: bool) -> list[str]:
    """Trajectory against the target, projection, pace needed and 完成率."""
    lines = []
    observed = [p for p in r.trajectory if p.origin not in ("projected", "milestone")]
    projected = [p for p in r.trajectory if p.origin == "projected"]
    target = r.target.value
    if observed and projected and isinstance(target, Decimal):
        values = [p.value for p in (*observed, *projected)]
        low, high = min(*values, target), max(*values, target)
        bars = sparkline([p.value for p in observed], low, high) + "┈" + sparkline([projected[0].value], low, high)
        mark = sparkline([target], low, high)
        unit = r.target.unit
        path = " → ".join(figure(p.value, unit) for p in observed)
        proj = projected[0]
        lines.append(f"    {'轨迹' if zh else 'trajectory'}: {bars} {'目标' if zh else 'target'}{mark}  {path} ⇢ "
                     + (f"预计{figure(proj.value, unit)}({proj.date})/ 目标{figure(target, unit)}" if zh else
                        f"{figure(proj.value, unit)} projected ({proj.date}) / target {figure(target, unit)}"))
    parts = []
    if r.expected_to_date is not None and isinstance(r.expected_to_date.value, Decimal):
        parts.append(f"{'按进度应达' if zh else 'expected by now'} {figure(r.expected_to_date.value, r.expected_to_date.unit)}")
    if r.pace_needed is not None:
        parts.append(f"{'每月需' if zh else 'needed a month'} {figure(r.pace_needed.value, r.pace_needed.unit, needed=True)}")
    if r.completion is not None:
        zh_f, en_f = _FORMULA[r.completion.formula]
        rate = _num(r.completion.value, 2)  # as summaries print it: 110.86%
        parts.append(f"完成率 {rate}%({zh_f})" if zh else f"completion {rate}% ({en_f})")
    if parts:
        lines.append("    " + (";".join(parts) if zh else "; ".join(parts)))
    return lines


def _strip_lead(message: str, zh: bool) -> str:
    """The badge already says the status: drop the message's own "未达标:" / "Not met: " lead."""
    head, sep, rest = message.partition(":" if zh else ": ")
    return rest if sep and len(head) <= 12 else message


def _summary_line(check: CheckResult, options: Options) -> str:
    s = check.summary
    zh = options.lang == "zh"
    parts = []
    for key in SUMMARY_ORDER:
        n = getattr(s, key)
        if n:
            parts.append(f"{STATUS[key][0]} {n}" if zh else f"{n} {STATUS[key][1]}")
    verdict = verdict_word(check, options.lang)
    color = ("33" if s.total == 0 else "32") if s.passed else "31"
    joined = ",".join(parts) if zh else ", ".join(parts)
    total = counted(s.total, bool(parts), options.lang)
    rate = ""
    c = s.completion
    value = c.total if c is not None and c.shown == "total" else c.mean if c is not None else None
    if c is not None and value is not None:
        rate = (f";总体完成率 {_num(value, 2)}%({'合计比' if c.shown == 'total' else '各项平均'},{c.items}项)" if zh else
                f"; overall completion {_num(value, 2)}% ({'total over total' if c.shown == 'total' else 'mean of items'}, "
                f"{c.items} items)")
    return _paint(f"{total}{joined}{rate} — {verdict}", color, options)
