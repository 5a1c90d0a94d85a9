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
from mzcheck.core.files import checked_input
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read.fields import as_year
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
MAX_UNZIPPED = 200 * 1024 * 1024  # an .xlsx that unpacks beyond this is a zip bomb, not a report
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class Table:
    """The data rows of a table, keyed by column name, and how it was read."""

    file: str
    rows: list[Row]
    encoding: str | None = None  # CSV only


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
    if suffix == ".xls":
        return _read_xls(p, name, rules, sheet)
    if suffix == ".xlsx":
        return _read_xlsx(p, name, rules, sheet)
    return _read_csv(p, name, rules)


UNREAD = {".et": ("WPS 表格(.et)", "WPS Spreadsheets (.et)"), ".ett": ("WPS 表格模板(.ett)", "WPS template (.ett)"),
          ".numbers": ("Apple Numbers(.numbers)", "Apple Numbers (.numbers)"),
          ".ods": ("OpenDocument 表格(.ods)", "OpenDocument (.ods)")}


# ------------------------------------------------------------------------------------------ CSV


def decode(raw: bytes, file: str) -> tuple[str, str]:
    """Text and encoding of a CSV file: UTF-8 (with or without BOM, as Excel writes), else GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return raw.decode("utf-16"), "UTF-16"
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
    raw = p.read_bytes()
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.of(F.BINARY_CSV, file=name)
    text, encoding = decode(raw, name)
    if not text.strip():
        raise InputError.of(F.EMPTY, file=name)
    delimiter = "\t" if p.suffix.lower() == ".tsv" else sniff_delimiter(text)
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
    return Table(name, _rows(grid, _layout(grid, name, "the first rows", "前几行", rules), name), encoding)


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


def _read_xlsx(p: Path, name: str, rules: RuleSet | None, sheet: Sheet) -> Table:
    if not zipfile.is_zipfile(p):
        raise InputError.of(F.NOT_XLSX, file=name)
    try:
        with zipfile.ZipFile(p) as z:
            unzipped = sum(i.file_size for i in z.infolist())
            if unzipped > MAX_UNZIPPED:
                raise InputError.of(F.XLSX_TOO_LARGE, file=name, size=f"{unzipped / 1e6:.0f}")
            # a second pass that sees formulas is needed only when a sheet has a formula cell (<f>)
            has_formulas = any(_FORMULA.search(z.read(i)) for i in z.infolist()
                               if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"))
    except zipfile.BadZipFile as exc:
        raise InputError.of(F.XLSX_DAMAGED, file=name, reason_en=str(exc)) from None
    import openpyxl  # reads its XML through defusedxml when installed (a dependency of mzcheck)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            values = openpyxl.load_workbook(p, data_only=True)  # formulas as their cached results
            formulas = openpyxl.load_workbook(p, data_only=False) if has_formulas else None
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, XML errors … for broken files
        raise InputError.of(F.XLSX_UNREADABLE, file=name, reason_en=f"{type(exc).__name__}: {exc}") from None
    if not values.worksheets:
        raise InputError.of(F.XLSX_NO_SHEET, file=name)

    def grid_of(k: int) -> list[tuple[int, list[Cell]]]:
        ws = values.worksheets[k]
        wf = formulas.worksheets[k] if formulas is not None else None
        merged: dict[tuple[int, int], Any] = {}
        for rng in ws.merged_cells.ranges:  # a merged cell's value is in its top-left cell only
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = top
        grid: list[tuple[int, list[Cell]]] = []
        ref = _sheet_ref(ws.title)
        for row in ws.iter_rows():
            cells = []
            for cell in row:
                value = merged.get((cell.row, cell.column), cell.value)
                if value is None and wf is not None:
                    source = wf.cell(cell.row, cell.column).value
                    if isinstance(source, str) and source.startswith("="):
                        value = Uncached(source)
                cells.append(Cell(value, name, line=cell.row, ref=f"{ref}!{cell.coordinate}",
                                  number_format=cell.number_format or "General"))
            grid.append((row[0].row if row else 0, cells))
        return grid

    return _workbook_table(name, [ws.title for ws in values.worksheets], grid_of, rules, sheet)


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
        return Table(name, _rows(grid, _layout(grid, name, where, where, rules), name))
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
        return Table(name, _rows(grid, layout, name))
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
