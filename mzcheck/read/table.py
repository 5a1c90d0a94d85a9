"""Reports as tables: CSV, TSV and Excel files / 表格报表(CSV、TSV、Excel).

The layouts (one row per reported value: 地区, 年度, 指标, 数值, 单位 and the optional columns; or the wide
one, a row per 地区 and a column per indicator) are described in :mod:`mzcheck.read.rows`, which groups
the rows into reports as it does for every other table; here files become rows. CSV is read as UTF-8
(with or without a BOM) or GB18030, with the delimiter its header line uses. A workbook (.xlsx; .xls
through xlrd where installed, ``pip install 'mzcheck[xls]'``) is read from the sheet ``sheet`` names (its
name, or its number from 1), else from the first sheet with a recognised header (a cover sheet 封面 or a
notes sheet before the data is passed over); merged cells spread over their range, formulas by their
saved results. .et, .numbers and .ods files get a message saying to save them as .xlsx. Problems name the
line (``report.csv:7``) or the cell (``report.xlsx!Sheet1!C7``).
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mzcheck.core.codes import files as F
from mzcheck.core.codes import tables as T
from mzcheck.core.errors import InputError, problem
from mzcheck.core.files import checked_input, read_bounded
from mzcheck.core.numbers import as_year
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read.rows import (
    COLUMNS,
    HEADER_SEARCH_ROWS,
    REQUIRED,
    Cell,
    Grouper,
    Layout,
    PartlyRead,
    Row,
    Uncached,
    cell_number,
    find_layout,
    header_name,
    layout_rows,
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


Sheet = str | int | None  # a workbook's sheet: its name, its number from 1, or None (the first with a header)


def load_table_reports(path: str | Path, rules: RuleSet, sheet: Sheet = None) -> list[Report]:
    """Read a CSV/TSV or workbook report table: one report per (jurisdiction, period) in it."""
    table = read_table(path, rules, sheet)
    grouper = Grouper(rules, table.file)
    for row in table.rows:
        grouper.add_row(row)
    try:
        return grouper.finish()
    except InputError as exc:
        raise _with_encoding_note(exc, table) from None


def read_table(path: str | Path, rules: RuleSet | None = None, sheet: Sheet = None) -> Table:
    """The rows of a CSV/TSV file or of a workbook's sheet, with their header resolved (the wide layout too,
    given the ``rules`` whose indicators name its columns)."""
    p = checked_input(path, MAX_BYTES)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix in UNREAD:
        raise InputError.of(F.SAVE_AS_XLSX, file=name, kind_zh=UNREAD[suffix][0], kind_en=UNREAD[suffix][1])
    try:
        with p.open("rb") as probe:  # zipfile.is_zipfile hides a failing read: let it say why here
            probe.read(1)
        if suffix == ".xls":
            return _read_xls(p, name, rules, sheet)
        if suffix == ".xlsx":
            return _read_xlsx(p, name, rules, sheet)
        return _read_csv(p, name, rules)
    except OSError as exc:  # EIO from a failing disk, a file removed meanwhile, no permission
        raise InputError.of(F.UNREADABLE, file=name, reason_en=exc.strerror or str(exc)) from None


UNREAD = {".et": ("WPS 表格(.et)", "WPS Spreadsheets (.et)"), ".ett": ("WPS 表格模板(.ett)", "WPS template (.ett)"),
          ".numbers": ("Apple Numbers(.numbers)", "Apple Numbers (.numbers)"),
          ".ods": ("OpenDocument 表格(.ods)", "OpenDocument (.ods)")}


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


def _read_csv(p: Path, name: str, rules: RuleSet | None = None) -> Table:
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
        layout = _layout(grid, name, "the first rows", "前几行", rules)
        return Table(name, _rows(grid, layout, name), encoding, header_line=grid[layout.at][0])
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


def _read_xlsx(p: Path, name: str, rules: RuleSet | None, sheet: Sheet) -> Table:
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

    def grid_of(k: int) -> list[tuple[int, list[Cell]]]:
        ws = values.worksheets[k]
        wf = formulas.worksheets[k] if formulas is not None else None
        # rows as they stand: the survey bounded the cells a sheet holds and refused a value far away, so the
        # row and column of each cell with a value (or a formula) are taken from the cells themselves, never
        # from the size the sheet declares nor from an empty cell far away
        widths: dict[int, int] = {}
        for sheet_ in (ws, wf):
            for (r, c), cell in (sheet_._cells.items() if sheet_ is not None else ()):  # bounded by the survey
                if cell.value is not None:
                    widths[r] = max(widths.get(r, 0), c)
        merged: dict[tuple[int, int], Any] = {}
        for rng in ws.merged_cells.ranges:  # a merged cell's value is in its top-left cell only (areas bounded above)
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                widths[r] = max(widths.get(r, 0), rng.max_col)
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = top
        last = max(widths, default=0)
        numbers = sorted(set(range(1, min(last, HEADER_SEARCH_ROWS) + 1)) | set(widths))
        grid: list[tuple[int, list[Cell]]] = []
        ref = _sheet_ref(ws.title)
        for r in numbers:
            cells = []
            for c in range(1, widths.get(r, 0) + 1):
                cell = ws.cell(r, c)
                value = merged.get((r, c), cell.value)
                if value is None and wf is not None:
                    source = wf.cell(r, c).value
                    if isinstance(source, str) and source.startswith("="):
                        value = Uncached(source)
                cells.append(Cell(value, name, line=r, ref=f"{ref}!{cell.coordinate}",
                                  number_format=cell.number_format or "General"))
            grid.append((r, cells))
        return grid

    return _workbook_table(name, [ws.title for ws in values.worksheets], grid_of, rules, sheet)


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
        _count(z, info, name, survey)
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


def _count(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, survey: _Survey) -> None:
    """Stream one XML part, counting cells, rows, shared strings and merged cells against their bounds."""
    from defusedxml.ElementTree import iterparse

    part = info.filename
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
                    holds = len(elem) or elem.get("t") == "inlineStr"  # a value, an inline string or a formula
                    if holds and (col > MAX_XLSX_COLUMNS or r > MAX_XLSX_ROW):
                        raise InputError.of(F.XLSX_TOO_FAR, file=name, at=elem.get("r") or f"R{r}C{col}",
                                            rows=MAX_XLSX_ROW, columns=MAX_XLSX_COLUMNS)
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


def _read_xls(p: Path, name: str, rules: RuleSet | None, sheet: Sheet) -> Table:
    """An Excel 97–2003 workbook, through xlrd (the optional extra ``mzcheck[xls]``)."""
    try:
        import xlrd
    except ImportError:
        raise InputError.of(F.XLS_NEEDS_XLRD, file=name) from None
    try:
        book = xlrd.open_workbook(str(p), formatting_info=True, on_demand=True)  # formatting: merged cells
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors … for broken files
        raise InputError.of(F.XLSX_UNREADABLE, file=name, reason_en=f"{type(exc).__name__}: {exc}") from None
    if book.nsheets == 0:
        raise InputError.of(F.XLSX_NO_SHEET, file=name)

    def grid_of(k: int) -> list[tuple[int, list[Cell]]]:
        ws = book.sheet_by_index(k)
        ref = _sheet_ref(ws.name)
        merged: dict[tuple[int, int], Any] = {}
        for r0, r1, c0, c1 in getattr(ws, "merged_cells", []):
            for r in range(r0, r1):
                for c in range(c0, c1):
                    merged[(r, c)] = (r0, c0)
        grid: list[tuple[int, list[Cell]]] = []
        for r in range(ws.nrows):
            cells = []
            for c in range(ws.ncols):
                cell = ws.cell(*merged.get((r, c), (r, c)))
                cells.append(Cell(_xls_value(cell, book.datemode, xlrd), name, line=r + 1,
                                  ref=f"{ref}!{_column_letters(c)}{r + 1}", number_format=_xls_format(book, cell)))
            grid.append((r + 1, cells))
        return grid

    return _workbook_table(name, book.sheet_names(), grid_of, rules, sheet)


def _xls_value(cell: Any, datemode: int, xlrd: Any) -> Any:
    """An xlrd cell as openpyxl gives it: text, a float, a bool, a datetime, or None."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return cell.value


def _xls_format(book: Any, cell: Any) -> str:
    """An xlrd cell's number format (``0%``, ``yyyy-mm-dd`` …), as openpyxl gives an .xlsx cell's."""
    try:
        return str(book.format_map[book.xf_list[cell.xf_index].format_key].format_str) or "General"
    except (AttributeError, IndexError, KeyError, TypeError):
        return "General"


def _column_letters(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _workbook_table(name: str, titles: list[str], grid_of: Any, rules: RuleSet | None, sheet: Sheet) -> Table:
    """The table of the sheet ``sheet`` names, else of the first sheet with a recognised header."""
    if sheet is not None:
        k = _sheet_index(name, titles, sheet)
        grid = grid_of(k)
        where = f"{_sheet_ref(titles[k])}!1:{HEADER_SEARCH_ROWS}"
        layout = _layout(grid, name, where, where, rules)
        return Table(name, _rows(grid, layout, name), header_line=grid[layout.at][0])
    first_error: InputError | None = None
    for k in range(len(titles)):
        grid = grid_of(k)
        where = f"{_sheet_ref(titles[k])}!1:{HEADER_SEARCH_ROWS}"
        try:
            layout = _layout(grid, name, where, where, rules)
        except InputError as exc:
            if exc.code != T.NO_HEADER.code:
                raise  # this sheet has a header, with something wrong in it: that is the sheet meant
            first_error = first_error or exc
            continue
        return Table(name, _rows(grid, layout, name), header_line=grid[layout.at][0])
    if len(titles) == 1 and first_error is not None:
        raise first_error
    every = "、".join(titles)
    raise InputError.of(T.NO_HEADER_IN_ANY_SHEET, file=name, sheets=every, count=len(titles))


def _sheet_index(file: str, titles: list[str], sheet: str | int) -> int:
    """The index of the sheet named ``sheet`` or numbered so (from 1)."""
    text = str(sheet).strip()
    if text in titles:
        return titles.index(text)
    if text.isdigit() and 1 <= int(text) <= len(titles):
        return int(text) - 1
    raise InputError.of(F.NO_SUCH_SHEET, file=file, sheet=text, sheets="、".join(titles), count=len(titles))


def _layout(grid: list[tuple[int, list[Cell]]], file: str, where_en: str, where_zh: str, rules: RuleSet | None) -> Layout:
    return find_layout(grid, file, where_en, where_zh, rules)


def _rows(grid: list[tuple[int, list[Cell]]], layout: Layout, file: str) -> list[Row]:
    return layout_rows(grid[layout.data:], layout, file)


def _sheet_ref(title: str) -> str:
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


def _with_encoding_note(exc: InputError, table: Table) -> InputError:
    """A GB18030 file that fails says it was read as GB18030: garbled names are then explained."""
    if table.encoding != "GB18030":
        return exc
    problems = [*exc.problems, problem(F.READ_AS_GB18030, name=table.file)]
    return PartlyRead(problems, exc.reports, exc.spoiled) if isinstance(exc, PartlyRead) else InputError(problems)


def iter_cells(table: Table, column: str) -> Iterator[Cell]:
    """The cells of one column, row by row (for locating a value in the file)."""
    for row in table.rows:
        if column in row:
            yield row[column]
