"""Reports as tables: CSV, TSV and Excel files / 表格报表(CSV、TSV、Excel).

The layout (one row per reported value: 地区, 年度, 指标, 数值, 单位 and the optional columns) is described
in :mod:`mzcheck.read.rows`, which groups the rows into reports as it does for every other table; here
files become rows. CSV is read as UTF-8 (with or without a BOM) or GB18030, with the delimiter its header
line uses; .xlsx is read from its first sheet, merged cells spread over their range and formulas by their
saved results. Problems name the line (``report.csv:7``) or the cell (``report.xlsx!Sheet1!C7``).
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mzcheck.core.codes import files as F
from mzcheck.core.codes import tables as T
from mzcheck.core.errors import InputError, problem
from mzcheck.core.files import checked_input, read_bounded
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read.fields import as_year
from mzcheck.read.rows import (
    COLUMNS,
    HEADER_SEARCH_ROWS,
    REQUIRED,
    Cell,
    Grouper,
    Row,
    Uncached,
    cell_number,
    find_header,
    header_name,
    table_rows,
)

__all__ = ["COLUMNS", "HEADER_SEARCH_ROWS", "MAX_BYTES", "REQUIRED", "Cell", "Row", "Table", "as_year",
           "cell_number", "decode", "header_name", "iter_cells", "load_table_reports", "read_table", "sniff_delimiter"]

MAX_BYTES = 50 * 1024 * 1024  # a report table is kilobytes; 50 MB is surely the wrong file
MAX_TABLE_CELLS = 1_000_000  # cells of a CSV or TSV file kept in memory (some 200 bytes each)
MAX_UNZIPPED = 200 * 1024 * 1024  # an .xlsx that unpacks beyond this is a zip bomb, not a report
# the bounds of a workbook, checked while streaming its XML before openpyxl builds anything
# (docs/design/0017-resource-limits.md: each value, why, and how to raise it)
MAX_XLSX_PART = 20 * 1024 * 1024  # unpacked size of one XML part (a sheet, the shared strings)
MAX_XLSX_ELEMENTS = 2_000_000  # XML elements in one part
MAX_XLSX_CELLS = 200_000  # cells in all sheets (openpyxl builds every sheet), and shared strings
MAX_XLSX_ROWS = 200_000  # row elements in all sheets
MAX_XLSX_MERGED = 100_000  # cells covered by merged ranges, all sheets
MAX_XLSX_COLUMNS = 1_000  # the last column a value may be in (AML)
MAX_XLSX_ROW = 1_000_000  # the last row a value may be in


@dataclass
class Table:
    """The data rows of a table, keyed by column name, and how it was read."""

    file: str
    rows: list[Row]
    encoding: str | None = None  # CSV only
    header_line: int | None = None  # the header's line (CSV) or row (xlsx)


def load_table_reports(path: str | Path, rules: RuleSet) -> list[Report]:
    """Read a CSV/TSV or .xlsx report table: one report per (jurisdiction, period) in it."""
    table = read_table(path)
    grouper = Grouper(rules, table.file)
    for row in table.rows:
        grouper.add_row(row)
    try:
        return grouper.finish()
    except InputError as exc:
        raise _with_encoding_note(exc, table) from None


def read_table(path: str | Path) -> Table:
    """The rows of a CSV/TSV file or of an .xlsx file's first sheet, with their header resolved."""
    p = checked_input(path, MAX_BYTES)
    name = str(path)
    try:
        with p.open("rb") as probe:  # zipfile.is_zipfile hides a failing read: let it say why here
            probe.read(1)
        if p.suffix.lower() == ".xlsx":
            return _read_xlsx(p, name)
        return _read_csv(p, name)
    except OSError as exc:  # EIO from a failing disk, a file removed meanwhile, no permission
        raise InputError.of(F.UNREADABLE, file=name, reason_en=exc.strerror or str(exc)) from None


# ------------------------------------------------------------------------------------------ CSV


def decode(raw: bytes, file: str) -> tuple[str, str]:
    """Text and encoding of a CSV file: UTF-8 (with or without BOM, as Excel writes), else GB18030."""
    for bom, encoding in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                          (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):  # UTF-16: Excel's "Unicode text"
        if raw.startswith(bom):
            try:
                return raw.decode(encoding.lower()), encoding
            except UnicodeDecodeError as exc:  # cut short, or half of a surrogate pair
                line = raw[: exc.start].decode(encoding.lower(), errors="replace").count("\n") + 1
                raise InputError.of(F.UTF16_BROKEN, file=file, line=line, at=exc.start) from None
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise InputError.of(F.CSV_ENCODING, file=file, line=line, at=utf8_error.start) from None


def _read_csv(p: Path, name: str) -> Table:
    raw = read_bounded(p, MAX_BYTES)
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        wide = _wide_without_bom(raw[:8192])
        if wide is not None:
            raise InputError.of(F.NO_BOM_WIDE, file=name, encoding=wide)
        raise InputError.of(F.BINARY_CSV, file=name)
    text, encoding = decode(raw, name)
    if not text.strip():
        raise InputError.of(F.EMPTY, file=name)
    delimiter = "\t" if p.suffix.lower() == ".tsv" else sniff_delimiter(text)
    cells = text.count(delimiter) + text.count("\n") + 1  # at least as many as the reader would make
    if cells > MAX_TABLE_CELLS:
        raise InputError.of(F.TABLE_TOO_MANY_CELLS, file=name, count=cells, limit=MAX_TABLE_CELLS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            lines.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise csv_error(exc, name, reader.line_num) from None
    grid = [(line, [Cell(v, name, line=line) for v in record]) for line, record in lines]
    try:
        rows, header = _rows(grid, name, "the first rows", "前几行")
        return Table(name, rows, encoding, header)
    except InputError as exc:
        if encoding == "GB18030" and exc.code == T.NO_HEADER.code:  # Big5 and the like read as GB18030: garbled
            raise InputError.of(F.NO_HEADER_AS_GB18030, file=name, name=name) from None
        raise


def _wide_without_bom(head: bytes) -> str | None:
    """UTF-16 or UTF-32 text without its byte-order mark, told by where the zero bytes of ASCII letters fall."""
    def zeros(step: int, at: int) -> float:
        cells = head[at::step]
        return cells.count(0) / len(cells) if cells else 0.0
    if len(head) >= 8 and zeros(4, 1) > 0.9 and zeros(4, 2) > 0.9:
        return "UTF-32"
    if len(head) >= 4 and (zeros(2, 1) > 0.9 or zeros(2, 0) > 0.9):
        return "UTF-16"
    return None


def csv_error(exc: csv.Error, file: str, line: int) -> InputError:
    """The csv module's complaint about a file, at its line."""
    return InputError.of(T.NOT_CSV, file=file, line=line, problem_en=str(exc))


def sniff_delimiter(text: str) -> str:
    """Comma, unless the header line plainly uses tabs or semicolons (European Excel exports)."""
    head = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: head.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


# ----------------------------------------------------------------------------------------- xlsx


@dataclass
class _Survey:
    """What a workbook's XML holds, counted while streaming through it before openpyxl builds anything."""

    cells: int = 0
    strings: int = 0
    rows: int = 0
    merged: int = 0  # cells covered by merged ranges
    has_formulas: bool = False
    widths: dict[int, int] = field(default_factory=dict)  # first sheet: row → last column with a value, merged ranges included


def _read_xlsx(p: Path, name: str) -> Table:
    raw = read_bounded(p, MAX_BYTES)
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise InputError.of(F.NOT_XLSX, file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            survey = _survey(z, name)
    except zipfile.BadZipFile as exc:
        raise InputError.of(F.XLSX_DAMAGED, file=name, reason_en=str(exc)) from None
    import openpyxl  # reads its XML through defusedxml when installed (a dependency of mzcheck)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)  # formulas as their cached results
            formulas = openpyxl.load_workbook(io.BytesIO(raw), data_only=False) if survey.has_formulas else None
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, XML errors … for broken files
        raise InputError.of(F.XLSX_UNREADABLE, file=name, reason_en=f"{type(exc).__name__}: {exc}") from None
    if not values.worksheets:
        raise InputError.of(F.XLSX_NO_SHEET, file=name)
    ws = values.worksheets[0]
    wf = formulas.worksheets[0] if formulas is not None else None
    merged: dict[tuple[int, int], Any] = {}
    widths = dict(survey.widths)
    for rng in ws.merged_cells.ranges:  # a merged cell's value is in its top-left cell only (areas bounded above)
        top = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            widths[r] = max(widths.get(r, 0), rng.max_col)
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = top
    # rows as they stand: every one of the first rows (where the header is looked for), then those holding
    # something; never the size the sheet declares, nor the cells of empty rows between
    last = max(widths, default=0)
    numbers = sorted(set(range(1, min(last, HEADER_SEARCH_ROWS) + 1)) | set(widths))
    grid: list[tuple[int, list[Cell]]] = []
    sheet = _sheet_ref(ws.title)
    for r in numbers:
        cells = []
        for c in range(1, widths.get(r, 0) + 1):
            cell = ws.cell(r, c)
            value = merged.get((r, c), cell.value)
            ref = f"{sheet}!{cell.coordinate}"
            if value is None and wf is not None:
                source = wf.cell(r, c).value
                if isinstance(source, str) and source.startswith("="):
                    value = Uncached(source)
            cells.append(Cell(value, name, line=r, ref=ref, number_format=cell.number_format or "General"))
        grid.append((r, cells))
    where = f"{sheet}!1:{HEADER_SEARCH_ROWS}"
    rows, header = _rows(grid, name, where, where)
    return Table(name, rows, header_line=header)


def _survey(z: zipfile.ZipFile, name: str) -> _Survey:
    """Count, part by part, what openpyxl would build, refusing a workbook beyond the bounds before it does."""
    infos = z.infolist()
    unzipped = sum(i.file_size for i in infos)  # zipfile never unpacks more than a part declares
    if unzipped > MAX_UNZIPPED:
        raise InputError.of(F.XLSX_TOO_LARGE, file=name, size=f"{unzipped / 1e6:.0f}")
    survey = _Survey()
    first_sheet = _first_sheet(z)
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")) and info.filename != first_sheet and not _xml(z, info):
            continue  # pictures and the like: bounded by the total above, never parsed as XML
        if info.file_size > MAX_XLSX_PART:
            raise InputError.of(F.XLSX_PART_TOO_LARGE, file=name, part=info.filename,
                                size=f"{info.file_size / 2**20:.0f}", limit=MAX_XLSX_PART // 2**20)
        _count(z, info, name, survey, info.filename == first_sheet)
    return survey


def _xml(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a part of another name is XML (openpyxl follows the workbook's relationships, not names)."""
    if info.is_dir():
        return False
    with z.open(info) as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def _first_sheet(z: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first sheet (as openpyxl finds it), or None when it cannot be told."""
    try:
        from defusedxml.ElementTree import fromstring

        book = fromstring(z.read("xl/workbook.xml"))
        rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a broken workbook: openpyxl says what is wrong with it
        return None
    targets = {e.get("Id"): (e.get("Target") or "", e.get("Type") or "") for e in rels.iter()}
    for sheet in (e for e in book.iter() if e.tag.rsplit("}", 1)[-1] == "sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target, kind = targets.get(rid, ("", ""))
        if kind.endswith("/worksheet") and target:  # openpyxl's worksheets leave chart sheets out
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
    return None


_COLUMN = re.compile(r"([A-Za-z]{1,3})(\d+)")


def _where(ref: str) -> tuple[int, int] | None:
    m = _COLUMN.fullmatch(ref.strip().replace("$", ""))
    if m is None:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _count(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, survey: _Survey, first: bool) -> None:
    """Stream one XML part, counting cells, rows, shared strings and merged cells against their bounds."""
    from defusedxml.ElementTree import iterparse

    part = info.filename
    widths: dict[int, int] = {}
    row, col = 0, 0
    elements = 0
    try:
        with z.open(info) as fh:
            for event, elem in iterparse(fh, events=("start", "end")):
                tag = elem.tag.rsplit("}", 1)[-1]
                if event == "start":
                    elements += 1
                    if elements > MAX_XLSX_ELEMENTS:
                        raise _too_many(name, part, elements - 1, "个 XML 元素", "XML elements", MAX_XLSX_ELEMENTS)
                    if tag == "row":
                        survey.rows += 1
                        if survey.rows > MAX_XLSX_ROWS:
                            raise _too_many(name, part, MAX_XLSX_ROWS, "行", "rows", MAX_XLSX_ROWS)
                        r = elem.get("r")
                        row = int(r) if r and r.isascii() and r.isdigit() and len(r) < 8 else row + 1
                        col = 0
                    continue
                if tag == "c":
                    survey.cells += 1
                    if survey.cells > MAX_XLSX_CELLS:
                        raise _too_many(name, part, MAX_XLSX_CELLS, "个单元格", "cells", MAX_XLSX_CELLS)
                    at = _where(elem.get("r") or "")
                    r, col = at if at is not None else (row, col + 1)
                    if len(elem) or elem.get("t") == "inlineStr":  # a value, an inline string or a formula
                        if col > MAX_XLSX_COLUMNS or r > MAX_XLSX_ROW:
                            raise InputError.of(F.XLSX_TOO_FAR, file=name, at=elem.get("r") or f"R{r}C{col}",
                                                rows=MAX_XLSX_ROW, columns=MAX_XLSX_COLUMNS)
                        widths[r] = max(widths.get(r, 0), col)
                    elem.clear()
                elif tag == "f":
                    survey.has_formulas = True
                elif tag == "si":
                    survey.strings += 1
                    if survey.strings > MAX_XLSX_CELLS:
                        raise _too_many(name, part, MAX_XLSX_CELLS, "个共享字符串", "shared strings", MAX_XLSX_CELLS)
                    elem.clear()
                elif tag == "mergeCell":
                    survey.merged += _merged_area(elem.get("ref") or "", name)
                    if survey.merged > MAX_XLSX_MERGED:
                        raise InputError.of(F.XLSX_MERGED_TOO_LARGE, file=name, range=elem.get("ref"),
                                            limit=MAX_XLSX_MERGED)
                    elem.clear()
                elif tag == "row":
                    elem.clear()
    except InputError:
        raise
    except Exception as exc:  # not XML, entities (defusedxml refuses them), a damaged part
        raise InputError.of(F.XLSX_UNREADABLE, file=name, reason_en=f"{part}: {type(exc).__name__}: {exc}") from None
    if first:
        survey.widths = widths


def _merged_area(ref: str, name: str) -> int:
    """The number of cells a merged range covers (a range that cannot be read covers none: openpyxl says why)."""
    ends = [_where(e) for e in ref.split(":")]
    first, last = (ends[0], ends[-1]) if len(ends) == 2 else (None, None)
    if first is None or last is None:
        return 0
    (r1, c1), (r2, c2) = first, last
    if max(c1, c2) > MAX_XLSX_COLUMNS or max(r1, r2) > MAX_XLSX_ROW:  # beyond the sheet read: not spread over it
        raise InputError.of(F.XLSX_MERGED_TOO_LARGE, file=name, range=ref, limit=MAX_XLSX_MERGED)
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def _too_many(name: str, part: str, count: int, what_zh: str, what_en: str, limit: int) -> InputError:
    return InputError.of(F.XLSX_TOO_MANY_CELLS, file=name, part=part, count=count, what_zh=what_zh, what_en=what_en,
                         limit=limit)


def _rows(grid: list[tuple[int, list[Cell]]], file: str, where_en: str, where_zh: str) -> tuple[list[Row], int]:
    at, columns = find_header(grid, file, where_en, where_zh)
    return table_rows(grid[at + 1:], columns, file), grid[at][0]


def _sheet_ref(title: str) -> str:
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


def _with_encoding_note(exc: InputError, table: Table) -> InputError:
    """A GB18030 file that fails says it was read as GB18030: garbled names are then explained."""
    if table.encoding != "GB18030":
        return exc
    return InputError([*exc.problems, problem(F.READ_AS_GB18030, name=table.file)])


def iter_cells(table: Table, column: str) -> Iterator[Cell]:
    """The cells of one column, row by row (for locating a value in the file)."""
    for row in table.rows:
        if column in row:
            yield row[column]
