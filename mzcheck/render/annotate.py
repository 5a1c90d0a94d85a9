"""``mzcheck check TABLE --annotate OUT.xlsx``: the input table with the results beside it / 在原表旁写出结果.

A copy of the report table (an .xlsx file's sheets as saved, or a CSV/TSV file's cells: plain numbers as
numbers, the rest as text) with five columns appended after its last one — 状态, 目标, 差距, 需要, 规则
(status, target, gap, to close, rule) — filled on each row a result used (``Result.inputs`` carry the line or cell of every value a verdict
used). A row several results used gets one line per result, in the same order in every column; a row one
result used gets its gap as a number with a number format. The input is only read: the CLI refuses an
output that is the input (same device and inode) and writes the copy atomically.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from mzcheck.model.results import CheckResult, Result
from mzcheck.render.overview import RANK
from mzcheck.render.words import closing, gap_text, label, status_word, target_of, tr

COLUMNS = ("status", "target", "gap", "to_close", "rule")


def rows_used(path: str, results: Sequence[CheckResult]) -> dict[int, list[Result]]:
    """The results each line (CSV) or row (xlsx) of ``path`` fed, in the order of the results."""
    used: dict[int, list[Result]] = {}
    for check in results:
        for r in check.results:
            lines = {ref.line for ref in r.inputs if ref.file == path and ref.line is not None}
            for line in sorted(lines):
                used.setdefault(line, []).append(r)
    return used


def column_texts(rs: list[Result], lang: str) -> list[str]:
    """The five appended cells of a row, as text: one line per result."""
    sep = ";" if lang == "zh" else "; "
    return ["\n".join(status_word(r.status, lang) for r in rs),
            "\n".join(target_of(r, lang) for r in rs),
            "\n".join(gap_text(r.gap, lang) for r in rs),
            "\n".join(sep.join(tr(m, lang) for m in closing(r)) or "—" for r in rs),
            "\n".join(r.rule_id for r in rs)]


_PLAIN_NUMBER = re.compile(r"-?(0|[1-9]\d{0,14})(\.\d{1,14})?")


def _cell(text: str) -> str | int | float | None:
    """A CSV cell in the copy: a plain number (``5250``, ``27.61``) as a number, as Excel would read it;
    anything else (``78%``, ``190.5万人``, ``0330``, ``1,905,000``) as the text written."""
    if not text:
        return None
    if not _PLAIN_NUMBER.fullmatch(text) or len(text.replace("-", "").replace(".", "")) > 15:
        return text
    return int(text) if "." not in text else float(text)


def _table_rows(path: str) -> tuple[Any, Any, dict[int, int]]:
    """A workbook holding the input table, its sheet, and the sheet row of each input line."""
    import openpyxl

    if Path(path).suffix.lower() == ".xlsx":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported", as the reader does
            wb = openpyxl.load_workbook(path)  # formulas, formats and merged cells as saved
        ws = wb.worksheets[0]
        return wb, ws, {r: r for r in range(1, ws.max_row + 1)}
    from mzcheck.read.table import decode, sniff_delimiter

    text, _ = decode(Path(path).read_bytes(), path)
    delimiter = "\t" if path.lower().endswith(".tsv") else sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = Path(path).stem[:31] or "report"
    at: dict[int, int] = {}
    start = 1
    for row, record in enumerate(reader, start=1):  # a row each record, as ws.append puts it (max_row is slow)
        ws.append([_cell(v) for v in record])
        at[start] = row
        start = reader.line_num + 1
    return wb, ws, at


def annotate(path: str, header_line: int, results: Sequence[CheckResult], lang: str) -> bytes:
    """The annotated copy of the table at ``path`` (whose header is on ``header_line``) as .xlsx bytes."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from mzcheck.render.words import places_of
    from mzcheck.render.xlsx import FILLS, HEAD_FILL, cell_value, number_format

    wb, ws, at = _table_rows(path)
    first = ws.max_column + 1
    head = at.get(header_line, 1)
    for j, key in enumerate(COLUMNS):
        c = ws.cell(head, first + j, label(key, lang))
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEAD_FILL)
        ws.column_dimensions[c.column_letter].width = (10, 24, 16, 48, 34)[j]
    for line, rs in rows_used(path, results).items():
        row = at.get(line)
        if row is None:
            continue
        for j, text in enumerate(column_texts(rs, lang)):
            c = ws.cell(row, first + j, text)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        worst = min(rs, key=lambda r: RANK[r.status])
        ws.cell(row, first).fill = PatternFill("solid", fgColor=FILLS[worst.status])
        gap = rs[0].gap
        if len(rs) == 1 and gap is not None and isinstance(gap.value, Decimal):
            c = ws.cell(row, first + 2, cell_value(gap.value, gap.unit, gap=True))
            c.number_format = number_format(gap.unit, places_of(rs[0].target, rs[0].actual), lang, gap=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
