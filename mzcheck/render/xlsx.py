"""``--format xlsx``: a results workbook to forward / 结果工作簿 (openpyxl).

Sheets: 总览 Overview and 目标分布 By target when the run checked several reports (render/overview.py),
then 汇总 Summary (one row per report) and 明细 Details (one row per rule and report). Every sheet has a
frozen, filtered header and set column widths; status cells are filled in the status colour; numbers are
numeric cells with a number format carrying the unit and the decimals people write (a percentage is the
fraction with a percent format, as Excel stores 78%); the exact values stay in ``--format json``.
Chinese or English per ``--lang``. The CLI writes the bytes atomically to ``--output``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from mzcheck.core.wording import UNIT_EN, counts
from mzcheck.model.results import Amount, CheckResult, ReportInfo, Result, Summary
from mzcheck.render import Options
from mzcheck.render.overview import Builder, Overview
from mzcheck.render.words import (
    STRENGTH,
    SUMMARY_ORDER,
    closing,
    decimals,
    label,
    places_of,
    source_text,
    status_word,
    target_of,
    tr,
    unit_text,
    waiver_text,
)

# light fills a printed sheet keeps readable; the HTML page's colours, lightened
FILLS = {"met": "C8E6C9", "not_met": "FFCDD2", "invalid": "E1BEE7", "missing": "E0E0E0", "behind": "FFE0B2",
         "on_track": "BBDEFB", "not_due": "CFD8DC", "waived": "F8BBD0"}
HEAD_FILL = "DDE7F3"
ONE_PASS = True  # render reads its results once, in order: mzcheck check gives them as they are decided


def _suffix(unit: str, lang: str, gap: bool = False) -> str:
    """The unit as it follows a number in a number format: ``"人/万名老年人"``; nothing for a count in English."""
    text = unit_text(unit)
    if gap and text == "%":
        text = "个百分点" if lang == "zh" else " percentage points"
    elif lang == "en" and text != "%":
        text = f" {UNIT_EN[text]}" if text in UNIT_EN else "" if counts(text) else f" {text}"
    if not text or text == "%":
        return ""
    return '"' + text.replace('"', "") + '"'


def number_format(unit: str, places: int, lang: str, gap: bool = False) -> str:
    body = "#,##0" + ("." + "0" * places if places else "")
    if unit == "percent" and not gap:
        return body.replace("#,##", "") + "%"
    suffix = _suffix(unit, lang, gap)
    if gap:
        return f"+{body}{suffix};-{body}{suffix};0{suffix}"
    return f"{body}{suffix}"


def cell_value(value: Decimal, unit: str, gap: bool = False) -> float | int:
    """The number a cell stores: a percentage as the fraction (78% is 0.78), as Excel does; a gap of
    percentages in percentage points."""
    v = value / 100 if unit == "percent" and not gap else value
    return int(v) if v == v.to_integral_value() else float(v)


class Sheet:
    """One worksheet written row by row (openpyxl's write-only mode: rows go to a temporary file as they come,
    so a nation's details never sit in memory as cells): a header row, then rows, each row's cells set before
    the next row starts; widths, the frozen panes and the header's height given first, the filter at close."""

    def __init__(self, wb: Any, title: str, headers: list[tuple[str, int]], *, freeze: str = "A2",
                 header_height: int = 30, index: int | None = None) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title, index)
        self.width = len(headers)
        for j, (_, w) in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(j)].width = w
        self.ws.freeze_panes = freeze
        self.ws.row_dimensions[1].height = header_height
        self._pending: list[Any] = []
        self.rows = 0  # rows written or pending
        self.row([h for h, _ in headers])
        for j in range(1, self.width + 1):
            c = self.cell(1, j)
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor=HEAD_FILL)
            c.alignment = Alignment(vertical="center", wrap_text=True)

    def row(self, values: list[Any]) -> int:
        """Start the next row with ``values``; the number of the row, for :meth:`cell`."""
        from openpyxl.cell import WriteOnlyCell

        self._flush()
        self._pending = [WriteOnlyCell(self.ws, v) for v in values]
        self.rows += 1
        return self.rows

    def cell(self, row: int, col: int) -> Any:
        """A cell of the row being written (only that one can still change)."""
        from openpyxl.cell import WriteOnlyCell

        assert row == self.rows, "a row already written cannot change"
        while len(self._pending) < col:
            self._pending.append(WriteOnlyCell(self.ws, None))
        return self._pending[col - 1]

    def _flush(self) -> None:
        if self._pending:
            self.ws.append(self._pending)
            self._pending = []

    def number(self, row: int, col: int, a: Amount | None, places: int, lang: str, gap: bool = False) -> None:
        if a is None or a.value is None or isinstance(a.value, list):
            return
        c = self.cell(row, col)
        c.value = cell_value(a.value, a.unit, gap)
        c.number_format = number_format(a.unit, places, lang, gap)

    def status(self, row: int, col: int, status: str) -> None:
        from openpyxl.styles import PatternFill

        fill = _FILLS.get(status)
        if fill is None:
            fill = _FILLS[status] = PatternFill("solid", fgColor=FILLS[status])
        self.cell(row, col).fill = fill

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        self._flush()
        self.ws.auto_filter.ref = f"A1:{get_column_letter(self.width)}{max(2, self.rows)}"


_FILLS: dict[str, Any] = {}  # a status's fill, one object for every cell that wears it


def _h(key: str, lang: str) -> str:
    return label(key, lang)


def _rate(row: int, col: int, sheet: Sheet, value: Decimal | None) -> None:
    if value is None:
        return
    c = sheet.cell(row, col)
    c.value = cell_value(value, "percent")
    c.number_format = "0.00%" if decimals(value) else "0%"


def overview_sheets(wb: Any, ov: Overview, lang: str) -> None:
    """总览 and 目标分布, put first."""
    from openpyxl.comments import Comment

    heads = [(_h("jurisdiction", lang), 16), (_h("code", lang), 9), (_h("period", lang), 7),
             (_h("short", lang), 10), (_h("unknown", lang), 10), (_h("completion", lang), 10)]
    heads += [(tr(c.name, lang), 14) for c in ov.columns]
    # the names stay in view while scrolling across the targets
    sheet = Sheet(wb, _h("overview", lang), heads, freeze="G2", header_height=60, index=0)
    for r in ov.rows:
        rep = r.report
        n = sheet.row([rep.jurisdiction, rep.code, rep.period, r.short, r.unknown])
        _rate(n, 6, sheet, r.completion)
        for j, col in enumerate(ov.columns, start=7):
            res = r.cells.get(col.indicator)
            if res is None:
                continue
            if res.gap is not None and isinstance(res.gap.value, Decimal) and res.status not in ("met", "on_track"):
                sheet.number(n, j, res.gap, res.places, lang, gap=True)
            else:
                sheet.cell(n, j).value = status_word(res.status, lang)
            sheet.cell(n, j).comment = Comment(f"{status_word(res.status, lang)}: {tr(res.message, lang)}", "mzcheck")
            sheet.status(n, j, res.status)
    sheet.close()

    dist = Sheet(wb, _h("by_target", lang), [(_h("indicator", lang), 36), (_h("met_any", lang), 12),
                                               (_h("short", lang), 12), (_h("unknown", lang), 12),
                                               (_h("not_due", lang), 10), (_h("total", lang), 8)], index=1)
    for col in ov.columns:
        t = ov.tallies[col.indicator]
        n = dist.row([tr(col.name, lang), t.met, t.short, t.unknown, t.other, t.met + t.short + t.unknown + t.other])
        for j, status in ((2, "met"), (3, "not_met"), (4, "missing"), (5, "not_due")):
            dist.status(n, j, status)
    dist.close()


def summary_sheet(wb: Any, reports: Sequence[tuple[ReportInfo, Summary]], lang: str, index: int) -> None:
    """汇总, a row per report, put at ``index`` (before the details)."""
    heads = [(_h("jurisdiction", lang), 16), (_h("code", lang), 9), (_h("period", lang), 7),
             (_h("as_of", lang), 12), (_h("target_year", lang), 9)]
    heads += [(status_word(k, lang), 9) for k in SUMMARY_ORDER]
    heads += [(_h("total", lang), 7), (_h("completion", lang), 10), (_h("verdict", lang), 9), (_h("file", lang), 30)]
    sheet = Sheet(wb, _h("summary", lang), heads, index=index)
    for rep, s in reports:
        c = s.completion
        rate = (c.total if c.shown == "total" else c.mean) if c is not None else None
        n = sheet.row([rep.jurisdiction, rep.code, rep.period, rep.as_of, rep.target_year,
                       *(getattr(s, k) for k in SUMMARY_ORDER), s.total, None,
                       _h("passed" if s.passed else "failed", lang), rep.file])
        sheet.cell(n, 4).number_format = "yyyy-mm-dd"
        for j, k in enumerate(SUMMARY_ORDER, start=6):
            if getattr(s, k):
                sheet.status(n, j, k)
        _rate(n, 6 + len(SUMMARY_ORDER) + 1, sheet, rate)
        sheet.status(n, 6 + len(SUMMARY_ORDER) + 2, "met" if s.passed else "not_met")
    sheet.close()


DETAIL_COLUMNS = ("jurisdiction", "code", "period", "indicator", "status", "actual", "target", "target_value", "gap",
                  "completion", "to_close", "notes", "strength", "due", "source", "rule")
_WIDTHS = {"jurisdiction": 14, "code": 9, "period": 7, "indicator": 34, "status": 10, "actual": 16, "target": 26,
           "target_value": 14, "gap": 16, "completion": 10, "to_close": 48, "notes": 40, "strength": 9, "due": 11, "source": 60,
           "rule": 36}


def detail_row(sheet: Sheet, check: CheckResult, r: Result, lang: str) -> None:
    rep = check.report
    col = {k: i for i, k in enumerate(DETAIL_COLUMNS, start=1)}
    strength = STRENGTH[r.strength][0 if lang == "zh" else 1]
    to_close = "\n".join(tr(m, lang) for m in closing(r))
    status = waiver_text(r, lang) if r.status == "waived" else status_word(r.status, lang)
    notes = "\n".join(tr(f.message, lang) for f in r.findings if f.code != "W107" or r.status != "waived")
    n = sheet.row([rep.jurisdiction, rep.code, rep.period, tr(r.indicator_name, lang), status,
                   None, target_of(r, lang), None, None, None, to_close, notes, strength, r.due, source_text(r), r.rule_id])
    places = places_of(r.target, r.actual)
    sheet.number(n, col["actual"], r.actual, places, lang)
    if isinstance(r.target.value, list):
        sheet.cell(n, col["target_value"]).value = target_of(r, lang)
    else:
        sheet.number(n, col["target_value"], r.target, places, lang)
    sheet.number(n, col["gap"], r.gap, places, lang, gap=True)
    _rate(n, col["completion"], sheet, r.completion.value if r.completion is not None else None)
    sheet.cell(n, col["due"]).number_format = "yyyy-mm-dd"
    sheet.status(n, col["status"], r.status)


def render(results: Iterable[CheckResult], options: Options) -> bytes:
    """The workbook, in one pass over ``results`` (an iterator will do: ``mzcheck check`` gives each report as
    it is decided): each result's detail row is written at once; the overview and the summary keep a few
    fields a report, and their sheets are written at the end and put before the details."""
    from openpyxl import Workbook

    lang = options.lang
    wb = Workbook(write_only=True)
    details = Sheet(wb, _h("details", lang), [(_h(k, lang), _WIDTHS[k]) for k in DETAIL_COLUMNS])
    built = Builder()
    reports: list[tuple[ReportInfo, Summary]] = []
    for check in results:
        built.add(check)
        reports.append((check.report, check.summary))
        for r in check.results:
            detail_row(details, check, r, lang)
    details.close()
    several = len(reports) > 1
    if several:
        overview_sheets(wb, built.finish(), lang)
    summary_sheet(wb, reports, lang, index=2 if several else 0)  # overview, by target, summary, then the details
    wb.properties.creator = "mzcheck"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
