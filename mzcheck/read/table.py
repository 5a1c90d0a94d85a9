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
    PartlyRead,
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
MAX_UNZIPPED = 200 * 1024 * 1024  # an .xlsx that unpacks beyond this is a zip bomb, not a report
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass
class Table:
    """The data rows of a table, keyed by column name, and how it was read."""

    file: str
    rows: list[Row]
    encoding: str | None = None  # CSV only


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
    if p.suffix.lower() == ".xlsx":
        return _read_xlsx(p, name)
    return _read_csv(p, name)


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


def _read_csv(p: Path, name: str) -> Table:
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
    return Table(name, _rows(grid, name, "the first rows", "前几行"), encoding)


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


def _read_xlsx(p: Path, name: str) -> Table:
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
    ws = values.worksheets[0]
    wf = formulas.worksheets[0] if formulas is not None else None
    merged: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:  # a merged cell's value is in its top-left cell only
        top = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = top
    grid: list[tuple[int, list[Cell]]] = []
    sheet = _sheet_ref(ws.title)
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            value = merged.get((cell.row, cell.column), cell.value)
            ref = f"{sheet}!{cell.coordinate}"
            if value is None and wf is not None:
                source = wf.cell(cell.row, cell.column).value
                if isinstance(source, str) and source.startswith("="):
                    value = Uncached(source)
            cells.append(Cell(value, name, line=cell.row, ref=ref, number_format=cell.number_format or "General"))
        grid.append((row[0].row if row else 0, cells))
    where = f"{sheet}!1:{HEADER_SEARCH_ROWS}"
    return Table(name, _rows(grid, name, where, where))


def _rows(grid: list[tuple[int, list[Cell]]], file: str, where_en: str, where_zh: str) -> list[Row]:
    at, columns = find_header(grid, file, where_en, where_zh)
    return table_rows(grid[at + 1:], columns, file)


def _sheet_ref(title: str) -> str:
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


def _with_encoding_note(exc: InputError, table: Table) -> InputError:
    """A GB18030 file that fails says it was read as GB18030: garbled names are then explained."""
    if table.encoding != "GB18030":
        return exc
    problems = [*exc.problems, problem(F.READ_AS_GB18030, name=table.file)]
    return PartlyRead(problems, exc.reports) if isinstance(exc, PartlyRead) else InputError(problems)


def iter_cells(table: Table, column: str) -> Iterator[Cell]:
    """The cells of one column, row by row (for locating a value in the file)."""
    for row in table.rows:
        if column in row:
            yield row[column]
