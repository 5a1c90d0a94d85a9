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
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from mzcheck.core.wording import UNIT_EN, counts
from mzcheck.model.results import Amount, CheckResult, Result
from mzcheck.render import Options
from mzcheck.render.overview import overview
from mzcheck.render.words import (
    STRENGTH,
    SUMMARY_ORDER,
    closing,
    label,
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
RATE_PLACES = 2


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
    return min(RATE_PLACES, max((decimals(v) for v in values), default=0))


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
    """One worksheet: a header row, then rows; widths, a frozen header and a filter when closed."""

    def __init__(self, wb: Any, title: str, headers: list[tuple[str, int]]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title)
        self.width = len(headers)
        self.ws.append([h for h, _ in headers])
        for j, (_, w) in enumerate(headers, start=1):
            c = self.ws.cell(1, j)
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor=HEAD_FILL)
            c.alignment = Alignment(vertical="center", wrap_text=True)
            self.ws.column_dimensions[get_column_letter(j)].width = w
        self.ws.row_dimensions[1].height = 30
        self.rows = 1  # the rows appended: openpyxl's max_row looks at every cell, each time it is asked

    def row(self, values: list[Any]) -> int:
        self.ws.append(values)
        self.rows += 1
        return self.rows

    def number(self, row: int, col: int, a: Amount | None, places: int, lang: str, gap: bool = False) -> None:
        if a is None or a.value is None or isinstance(a.value, list):
            return
        c = self.ws.cell(row, col)
        c.value = cell_value(a.value, a.unit, gap)
        c.number_format = number_format(a.unit, places, lang, gap)

    def status(self, row: int, col: int, status: str) -> None:
        from openpyxl.styles import PatternFill

        self.ws.cell(row, col).fill = PatternFill("solid", fgColor=FILLS[status])

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        self.ws.freeze_panes = "A2"
        self.ws.auto_filter.ref = f"A1:{get_column_letter(self.width)}{max(2, self.rows)}"


def _h(key: str, lang: str) -> str:
    return label(key, lang)


def _rate(row: int, col: int, sheet: Sheet, value: Decimal | None) -> None:
    if value is None:
        return
    c = sheet.ws.cell(row, col)
    c.value = cell_value(value, "percent")
    c.number_format = "0.00%" if decimals(value) else "0%"


def overview_sheets(wb: Any, results: Sequence[CheckResult], lang: str) -> None:
    from openpyxl.comments import Comment

    ov = overview(results)
    heads = [(_h("jurisdiction", lang), 16), (_h("code", lang), 9), (_h("period", lang), 7),
             (_h("short", lang), 10), (_h("unknown", lang), 10), (_h("completion", lang), 10)]
    heads += [(tr(c.name, lang), 14) for c in ov.columns]
    sheet = Sheet(wb, _h("overview", lang), heads)
    for r in ov.rows:
        rep = r.check.report
        n = sheet.row([rep.jurisdiction, rep.code, rep.period, r.short, r.unknown])
        _rate(n, 6, sheet, r.completion)
        for j, col in enumerate(ov.columns, start=7):
            res = r.cells.get(col.indicator)
            if res is None:
                continue
            if res.gap is not None and isinstance(res.gap.value, Decimal) and res.status not in ("met", "on_track"):
                sheet.number(n, j, res.gap, places_of(res.target, res.actual), lang, gap=True)
            else:
                sheet.ws.cell(n, j).value = status_word(res.status, lang)
            sheet.ws.cell(n, j).comment = Comment(f"{status_word(res.status, lang)}: {tr(res.message, lang)}", "mzcheck")
            sheet.status(n, j, res.status)
    sheet.ws.row_dimensions[1].height = 60
    sheet.close()
    sheet.ws.freeze_panes = "G2"  # the names stay in view while scrolling across the targets

    dist = Sheet(wb, _h("by_target", lang), [(_h("indicator", lang), 36), (_h("met_any", lang), 12),
                                               (_h("short", lang), 12), (_h("unknown", lang), 12),
                                               (_h("not_due", lang), 10), (_h("total", lang), 8)])
    for col in ov.columns:
        t = ov.tallies[col.indicator]
        n = dist.row([tr(col.name, lang), t.met, t.short, t.unknown, t.other, t.met + t.short + t.unknown + t.other])
        for j, status in ((2, "met"), (3, "not_met"), (4, "missing"), (5, "not_due")):
            dist.status(n, j, status)
    dist.close()


def summary_sheet(wb: Any, results: Sequence[CheckResult], lang: str) -> None:
    heads = [(_h("jurisdiction", lang), 16), (_h("code", lang), 9), (_h("period", lang), 7),
             (_h("as_of", lang), 12), (_h("target_year", lang), 9)]
    heads += [(status_word(k, lang), 9) for k in SUMMARY_ORDER]
    heads += [(_h("total", lang), 7), (_h("completion", lang), 10), (_h("verdict", lang), 9), (_h("file", lang), 30)]
    sheet = Sheet(wb, _h("summary", lang), heads)
    for check in results:
        rep, s = check.report, check.summary
        c = s.completion
        rate = (c.total if c.shown == "total" else c.mean) if c is not None else None
        n = sheet.row([rep.jurisdiction, rep.code, rep.period, rep.as_of, rep.target_year,
                       *(getattr(s, k) for k in SUMMARY_ORDER), s.total, None,
                       _h("passed" if s.passed else "failed", lang), rep.file])
        sheet.ws.cell(n, 4).number_format = "yyyy-mm-dd"
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
        sheet.ws.cell(n, col["target_value"]).value = target_of(r, lang)
    else:
        sheet.number(n, col["target_value"], r.target, places, lang)
    sheet.number(n, col["gap"], r.gap, places, lang, gap=True)
    _rate(n, col["completion"], sheet, r.completion.value if r.completion is not None else None)
    sheet.ws.cell(n, col["due"]).number_format = "yyyy-mm-dd"
    sheet.status(n, col["status"], r.status)


def details_sheet(wb: Any, results: Sequence[CheckResult], lang: str) -> None:
    sheet = Sheet(wb, _h("details", lang), [(_h(k, lang), _WIDTHS[k]) for k in DETAIL_COLUMNS])
    for check in results:
        for r in check.results:
            detail_row(sheet, check, r, lang)
    sheet.close()


def render(results: Sequence[CheckResult], options: Options) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    if len(results) > 1:
        overview_sheets(wb, results, options.lang)
    summary_sheet(wb, results, options.lang)
    details_sheet(wb, results, options.lang)
    wb.properties.creator = "mzcheck"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
