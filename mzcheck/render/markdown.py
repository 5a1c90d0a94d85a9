"""``--format markdown``: a table to paste into a written report / Markdown 表格.

One section per report: a heading, the summary, then one table row per rule (not met first, as
evaluated), with the actual value, the target, the gap, what closes it and the source. Headings and
statuses follow ``--lang``; the words come from :mod:`mzcheck.render.words`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from mzcheck.model.results import CheckResult
from mzcheck.render import Options
from mzcheck.render.words import (
    STATUS,
    amount_text,
    closing,
    gap_text,
    report_notes,
    source_text,
    status_word,
    summary_text,
    target_of,
    title_text,
    tr,
)


def _cell(text: str) -> str:
    """Table cells hold one line; a pipe would end the cell."""
    return " ".join(text.split()).replace("|", "\\|")


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "".join(stream(results, options))


def stream(results: Iterable[CheckResult], options: Options) -> Iterator[str]:
    """:func:`render`'s text a report at a time (a blank line between reports)."""
    for i, r in enumerate(results):
        yield ("\n" if i else "") + render_one(r, options)


def render_one(check: CheckResult, options: Options) -> str:
    lang = options.lang
    zh = lang == "zh"
    head = ["状态", "指标", "实际值", "目标", "差距", "如何补足", "依据", "规则"] if zh else \
        ["Status", "Indicator", "Actual", "Target", "Gap", "To close the gap", "Source", "Rule"]
    lines = [f"## {title_text(check, lang)}", "", f"**{summary_text(check, lang)}**", ""]
    if check.report.file:
        lines += [f"{'报表文件' if zh else 'Report file'}: `{check.report.file}`", ""]
    if not check.results:
        lines.extend(f"> {note}" for note in report_notes(check, lang))
        return "\n".join(lines) + "\n"
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join([" --- "] * len(head)) + "|")
    for r in check.results:
        status = f"{STATUS[r.status][2]} {status_word(r.status, lang)}"
        if r.strength == "aspirational":
            status += "(力争)" if zh else " (aspirational)"
        if r.waiver is not None:
            was = status_word(r.waiver.verdict, lang)
            status += f"(原为{was})" if zh else f" (would be {was})"
        notes = [tr(m, lang) for m in closing(r)]
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
