"""Reports as tables: CSV and Excel / 表格报表(CSV、Excel) (stage 2: parse).

One row per reported value, with the columns of DESIGN.md::

    jurisdiction | period | indicator | value | unit        (地区 | 年度 | 指标 | 数值 | 单位)

``unit`` may be missing or empty (a bare number is in the indicator's unit). Optional columns:
``as_of`` (截至日期), ``target_year`` (对照年度), ``section`` (类别: empty or ``values`` for the value
at the end of the period, ``added``/新增 for the amount added in it, or a year such as ``2023`` for an
earlier period's value, the table form of YAML's ``history:``) and ``child`` (下级地区, the table form
of ``children:``). Other columns (names, notes, the template's target hints) are ignored. Rows for
several jurisdictions or periods make several reports; empty rows and rows with no value are skipped.

Every value goes through :func:`mzcheck.report.read_value`, the function YAML values go through, so a
table and its YAML equivalent give the same results. Errors name the cell: ``report.csv:7: value: …``,
``report.xlsx!Sheet1!C7: …``.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from mzcheck.core.errors import InputError, Problem
from mzcheck.core.files import checked_input
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report, Reported, Values
from mzcheck.model.rules import Jurisdiction
from mzcheck.read.fields import read_value

MAX_BYTES = 50 * 1024 * 1024  # a report table is kilobytes; 50 MB is surely the wrong file
MAX_UNZIPPED = 200 * 1024 * 1024  # an .xlsx that unpacks beyond this is a zip bomb, not a report
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in bureau spreadsheets

# Column → the header spellings accepted (compared without spaces, case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "jurisdiction": ("jurisdiction", "地区", "行政区划", "地区名称"),
    "period": ("period", "年度", "年份", "数据年度"),
    "indicator": ("indicator", "指标", "指标名称"),
    "value": ("value", "数值", "值", "实际值"),
    "unit": ("unit", "单位", "计量单位"),
    "as_of": ("as_of", "截至日期", "截止日期", "统计截至"),
    "target_year": ("target_year", "对照年度", "目标年度"),
    "section": ("section", "类别", "口径"),
    "child": ("child", "下级地区", "下级单位"),
}
REQUIRED = ("jurisdiction", "period", "indicator", "value")
_HEADER_WORDS = {spelling: name for name, spellings in COLUMNS.items() for spelling in spellings}

SECTION_VALUES = ("", "values", "value", "本期", "本期值", "期末值", "现值", "存量", "累计")
SECTION_ADDED = ("added", "新增", "本期新增", "新增量")

_PERCENT_UNITS = ("%", "percent", "百分比")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass
class Cell:
    """One cell's value and where it is, for error messages."""

    value: Any
    file: str
    line: int | None = None  # CSV: the line of the row
    ref: str | None = None  # xlsx: ``Sheet1!C7``
    field: str | None = None
    number_format: str = "General"

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    @property
    def text(self) -> str:
        v = self.value
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()

    @property
    def where(self) -> str:
        return f"{self.file}!{self.ref}" if self.ref else f"{self.file}:{self.line}"

    def problem(self, message: str, help: str | None = None) -> Problem:
        if self.ref:  # the cell reference says the column: report.xlsx!Sheet1!C7: …
            return Problem(message, file=f"{self.file}!{self.ref}", help=help)
        return Problem(message, file=self.file, line=self.line, field=self.field, help=help)


Row = dict[str, Cell]


@dataclass
class Table:
    """The data rows of a table, keyed by column name, and how it was read."""

    file: str
    rows: list[Row]
    encoding: str | None = None  # CSV only


def load_table_reports(path: str | Path, rules: RuleSet) -> list[Report]:
    """Read a CSV/TSV or .xlsx report table: one report per (jurisdiction, period) in it."""
    table = read_table(path)
    try:
        return _reports(table, rules)
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
        raise InputError(
            f"neither UTF-8 nor GBK/GB18030 text (first bad byte at {utf8_error.start}) / 既不是 UTF-8 也不是 GBK 编码的文本",
            file=file, line=line,
            help="in Excel: 另存为 → “CSV UTF-8(逗号分隔)(*.csv)” / save as “CSV UTF-8 (Comma delimited)”") from None


def _read_csv(p: Path, name: str) -> Table:
    raw = p.read_bytes()
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file, not CSV text / 二进制文件而非 CSV 文本", file=name,
                         help="an Excel workbook must be named .xlsx / Excel 工作簿请使用 .xlsx 扩展名")
    text, encoding = decode(raw, name)
    if not text.strip():
        raise InputError("the file is empty / 文件为空", file=name)
    delimiter = "\t" if p.suffix.lower() == ".tsv" else _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            lines.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc} / CSV 格式错误", file=name, line=reader.line_num) from None
    grid = [(line, [Cell(v, name, line=line) for v in record]) for line, record in lines]
    return Table(name, _rows(grid, name, "the first rows / 前几行"), encoding)


def _delimiter(text: str) -> str:
    """Comma, unless the header line plainly uses tabs or semicolons (European Excel exports)."""
    head = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: head.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


# ----------------------------------------------------------------------------------------- xlsx


def _read_xlsx(p: Path, name: str) -> Table:
    if not zipfile.is_zipfile(p):
        raise InputError("not an .xlsx workbook (an .xlsx file is a zip archive) / 不是 .xlsx 工作簿", file=name,
                         help="an old .xls file must be saved as .xlsx in Excel / 旧版 .xls 请在 Excel 中另存为 .xlsx")
    try:
        with zipfile.ZipFile(p) as z:
            unzipped = sum(i.file_size for i in z.infolist())
            if unzipped > MAX_UNZIPPED:
                raise InputError(f"the workbook unpacks to {unzipped / 1e6:.0f} MB; refusing to read it / "
                                 "工作簿解压后过大", file=name)
            # a second pass that sees formulas is needed only when a sheet has a formula cell (<f>)
            has_formulas = any(_FORMULA.search(z.read(i)) for i in z.infolist()
                               if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"))
    except zipfile.BadZipFile as exc:
        raise InputError(f"damaged .xlsx workbook: {exc} / 工作簿已损坏", file=name) from None
    import openpyxl  # reads its XML through defusedxml when installed (a dependency of mzcheck)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            values = openpyxl.load_workbook(p, data_only=True)  # formulas as their cached results
            formulas = openpyxl.load_workbook(p, data_only=False) if has_formulas else None
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, XML errors … for broken files
        raise InputError(f"cannot read the workbook: {type(exc).__name__}: {exc} / 无法读取工作簿", file=name,
                         help="open it in Excel and save it again as .xlsx / 请用 Excel 打开后重新另存为 .xlsx") from None
    if not values.worksheets:
        raise InputError("the workbook has no sheet / 工作簿没有工作表", file=name)
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
                    value = _Uncached(source)
            cells.append(Cell(value, name, line=cell.row, ref=ref, number_format=cell.number_format or "General"))
        grid.append((row[0].row if row else 0, cells))
    return Table(name, _rows(grid, name, f"{sheet}!1:{HEADER_SEARCH_ROWS}"))


def _sheet_ref(title: str) -> str:
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class _Uncached:
    """A formula cell saved without its result (written by a program, never opened in Excel)."""

    formula: str


# ------------------------------------------------------------------------------------ the header


def header_name(text: str) -> str | None:
    """The column a header names: ``数值``, ``value``, ``数值 / value`` → ``value``."""
    for part in re.split(r"[/|\n]", text):
        key = "".join(part.split()).lower()
        key = re.sub(r"[((].*[))]$", "", key)  # 数值(必填) → 数值
        if key in _HEADER_WORDS:
            return _HEADER_WORDS[key]
    return None


def _rows(grid: list[tuple[int, list[Cell]]], file: str, where: str) -> list[Row]:
    header_at = None
    columns: dict[int, str] = {}
    problems: list[Problem] = []
    for i, (_, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        names = {j: header_name(c.text) for j, c in enumerate(cells) if not c.empty}
        found = {j: n for j, n in names.items() if n is not None}
        if {"indicator", "value"} <= set(found.values()):
            header_at, columns = i, found
            seen: dict[str, Cell] = {}
            for j, n in found.items():
                if n in seen:
                    problems.append(cells[j].problem(
                        f"a second {n!r} column (first: {seen[n].text!r}) / 重复的列“{cells[j].text}”"))
                seen[n] = cells[j]
            for j, c in enumerate(cells):
                if j in found or c.empty:
                    continue
                close = difflib.get_close_matches("".join(c.text.split()).lower(), list(_HEADER_WORDS), n=1,
                                                  cutoff=0.8)
                if close:  # a typo of a column mzcheck reads would silently lose it: say so
                    problems.append(c.problem(f"unknown column {c.text!r} / 未知的列名",
                                              help=f"did you mean {close[0]!r}? / 是否应为“{close[0]}”"))
            break
    if header_at is None:
        expected = ", ".join(f"{n} ({COLUMNS[n][1]})" for n in (*REQUIRED, "unit"))
        raise InputError(f"no header row with the columns {expected} in {where} / 未找到表头(地区、年度、指标、数值、单位)",
                         file=file, help="the first row names the columns, e.g. 地区,年度,指标,数值,单位 / "
                                         "第一行应为列名,如 地区,年度,指标,数值,单位")
    missing = [n for n in REQUIRED if n not in columns.values()]
    if missing:
        head = grid[header_at][1]
        problems.append(head[0].problem(
            f"missing column(s) {', '.join(missing)} / 缺少列:{'、'.join(COLUMNS[n][1] for n in missing)}",
            help="columns: jurisdiction, period, indicator, value, unit / 列:地区、年度、指标、数值、单位"))
    if problems:
        raise InputError(problems)
    rows: list[Row] = []
    for _, cells in grid[header_at + 1:]:
        row: Row = {}
        for j, n in columns.items():
            cell = cells[j] if j < len(cells) else Cell(None, file, line=cells[0].line if cells else None)
            cell.field = n
            row[n] = cell
        if any(not c.empty for c in cells):
            rows.append(row)
    return rows


# ----------------------------------------------------------------------------------- the reports


@dataclass
class _Building:
    """A report being assembled from rows, with the cell each value came from."""

    place: Jurisdiction
    period: int
    as_of: tuple[dt.date, Cell] | None = None
    target_year: tuple[int, Cell] | None = None
    values: Values = field(default_factory=dict)
    added: Values = field(default_factory=dict)
    history: dict[int, Values] = field(default_factory=dict)
    children: dict[str, Values] = field(default_factory=dict)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)


def _reports(table: Table, rules: RuleSet) -> list[Report]:
    problems: list[Problem] = []
    building: dict[tuple[str, int], _Building] = {}
    for row in table.rows:
        value = row["value"]
        ind_cell = row["indicator"]
        if value.empty:
            continue  # a template row not filled in: the indicator is not reported
        if isinstance(value.value, _Uncached):
            problems.append(value.problem(
                f"the formula {value.value.formula} has no saved result / 公式没有已保存的计算结果",
                help="open the file in Excel (or LibreOffice) and save it, so the result is stored / "
                     "请用 Excel 或 WPS 打开并保存一次,以保存公式结果"))
            continue
        if ind_cell.empty:
            problems.append(ind_cell.problem("a value without an indicator / 有数值但没有填写指标"))
            continue
        place = _place(row["jurisdiction"], rules, problems)
        period = _year_cell(row["period"], problems, required=True)
        ind_id = rules.indicator_id(ind_cell.text)
        if ind_id is None:
            close = rules.suggest_indicator(ind_cell.text)
            problems.append(ind_cell.problem(
                f"unknown indicator {ind_cell.text!r} / 未知指标“{ind_cell.text}”",
                help=(f"did you mean {', '.join(close)}? / 是否应为 {'、'.join(close)}" if close else
                      "run `mzcheck indicators` for the list / 运行 mzcheck indicators 查看指标列表")))
        if place is None or period is None or ind_id is None:
            continue
        b = building.setdefault((place.code, period), _Building(place, period))
        _meta(b, row, problems)
        target = _target(b, row, problems)
        if target is None:
            continue
        slot, values = target
        key = (slot, ind_id)
        if key in b.cells:
            problems.append(ind_cell.problem(
                f"{ind_cell.text!r} repeats indicator {ind_id} (first at {b.cells[key].where}) / 指标重复填报"))
            continue
        b.cells[key] = ind_cell
        values[ind_id] = _read(ind_id, row, rules)
    if problems:
        raise InputError(problems)
    if not building:
        raise InputError("no reported value in the table (every value cell is empty) / 表中没有填报任何数值",
                         file=table.file)
    reports = []
    for b in building.values():
        as_of = b.as_of[0] if b.as_of else dt.date(b.period, 12, 31)
        target_year = b.target_year[0] if b.target_year else b.period
        reports.append(Report(jurisdiction=b.place, period=b.period, as_of=as_of, target_year=target_year,
                              values=b.values, history=b.history, children=b.children, added=b.added, file=table.file))
    return reports


def _place(cell: Cell, rules: RuleSet, problems: list[Problem]) -> Jurisdiction | None:
    if cell.empty:
        problems.append(cell.problem("missing jurisdiction (name or GB/T 2260 code) / 缺少地区(名称或行政区划代码)"))
        return None
    try:
        return rules.resolve(cell.text)
    except InputError as exc:
        for p in exc.problems:
            at = cell.problem("")  # where the cell is, as every cell problem says it
            problems.append(Problem(p.message, file=at.file, line=at.line, field=at.field, help=p.help))
        return None


def as_year(value: Any) -> int | None:
    """2025, 2025.0, "2025", "2025年" → 2025; anything else (or outside 1949–2100) → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        year = value
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{4}", unicodedata.normalize("NFKC", value).strip().removesuffix("年").strip()):
        year = int(unicodedata.normalize("NFKC", value).strip().removesuffix("年").strip())
    else:
        return None
    return year if 1949 <= year <= 2100 else None


def _year_cell(cell: Cell, problems: list[Problem], required: bool) -> int | None:
    if cell.empty:
        if required:
            problems.append(cell.problem("missing year (e.g. 2025) / 缺少年度(如 2025)"))
        return None
    year = as_year(cell.value)
    if year is None:
        problems.append(cell.problem(f"{cell.text!r} is not a year (e.g. 2025) / 不是年份(如 2025)"))
    return year


def _date_cell(cell: Cell, problems: list[Problem]) -> dt.date | None:
    v = cell.value
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    m = _DATE.match(cell.text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    problems.append(cell.problem(f"{cell.text!r} is not a date (YYYY-MM-DD) / 不是日期(YYYY-MM-DD)"))
    return None


def _meta(b: _Building, row: Row, problems: list[Problem]) -> None:
    """as_of and target_year: once per report, the same wherever they are repeated."""
    cell = row.get("as_of")
    if cell is not None and not cell.empty:
        _once(b, "as_of", cell, _date_cell(cell, problems), "截至日期", problems)
    cell = row.get("target_year")
    if cell is not None and not cell.empty:
        _once(b, "target_year", cell, _year_cell(cell, problems, required=False), "对照年度", problems)


def _once(b: _Building, field: str, cell: Cell, value: Any, zh: str, problems: list[Problem]) -> None:
    """Keep the first value of a per-report column; a different one later in the same report is a problem."""
    if value is None:
        return
    first = getattr(b, field)
    if first is None:
        setattr(b, field, (value, cell))
    elif first[0] != value:
        problems.append(cell.problem(f"{field} {value} differs from {first[0]} at {first[1].where} "
                                     f"for the same report / 同一报表的{zh}不一致"))


def _target(b: _Building, row: Row, problems: list[Problem]) -> tuple[str, Values] | None:
    """Where a row's value goes: values, added, history[year] or children[name]."""
    sec = row.get("section")
    child = row.get("child")
    text = sec.text.lower() if sec is not None else ""
    year = as_year(sec.value) if sec is not None and not sec.empty else None
    if text in SECTION_VALUES or year == b.period:
        slot, values = "values", b.values
    elif text in SECTION_ADDED:
        slot, values = "added", b.added
    elif year is not None:
        slot, values = f"history {year}", b.history.setdefault(year, {})
    else:
        assert sec is not None
        problems.append(sec.problem(f"section {sec.text!r} is not values, added or a year / 类别应为空、“新增”或年份",
                                    help="empty = the value at the end of the period (本期值); 新增/added = added in "
                                         "the period; a year (2023) = that year's value / 空=本期值;新增=本期新增量;年份=该年数值"))
        return None
    if child is not None and not child.empty:
        if slot != "values":
            problems.append(child.problem("a child unit's row takes only current values (section empty) / "
                                          "下级地区只能填报本期值(类别留空)"))
            return None
        name = child.text
        return f"child {name}", b.children.setdefault(name, {})
    return slot, values


def _read(ind_id: str, row: Row, rules: RuleSet) -> Reported:
    """The row's value through report.read_value, with the cell named in any reason it is unusable."""
    cell = row["value"]
    unit_cell = row.get("unit")
    unit = unit_cell.text if unit_cell is not None else ""
    value = cell_number(cell, unit)
    if isinstance(value, tuple):  # a percent-formatted cell: its text with "%", and no separate unit
        value, unit = value[0], ""
    raw: Any = {"value": value, "unit": unit} if unit else value
    reported = read_value(ind_id, raw, rules, cell.file, cell.line)
    if reported.error is None:
        return reported
    en, _, zh = reported.error.partition(" / ")
    where = cell.where if cell.ref else f"{cell.where}: value"  # report.xlsx!Sheet1!I7 / report.csv:7: value
    reason = f"{where}: {en}" + (f" / {where}:{zh}" if zh else "")
    return Reported(reported.indicator, reported.raw, None, reason, cell.file, cell.line)


def cell_number(cell: Cell, unit: str = "") -> Any:
    """A cell's value as read_value takes it: text as written, integers exact, floats by shortest repr.

    openpyxl gives 0.1 as the float 0.1; its repr "0.1" is what Excel shows, so it is read as exactly 1/10.
    A percent-formatted cell (Excel stores 78% as 0.78) comes back as ``("78", "%")`` text.
    """
    v = cell.value
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, dt.datetime):  # Excel turned "1/2" into a date: show what it became
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and not isinstance(v, bool):
        if v != v or v in (float("inf"), float("-inf")):
            return repr(v)
        number = Decimal(repr(v))
        if "%" in cell.number_format and unit.strip().lower() in ("", *_PERCENT_UNITS):
            return (_plain(number * 100) + "%", "%")
        return int(v) if v.is_integer() else number
    if isinstance(v, int) and not isinstance(v, bool):
        if "%" in cell.number_format and unit.strip().lower() in ("", *_PERCENT_UNITS):
            return (_plain(Decimal(v) * 100) + "%", "%")
        return v
    return v


def _plain(d: Decimal) -> str:
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _with_encoding_note(exc: InputError, table: Table) -> InputError:
    """A GB18030 file that fails says it was read as GB18030: garbled names are then explained."""
    if table.encoding != "GB18030":
        return exc
    note = (f"{table.file} was read as GBK/GB18030 (not UTF-8); if names look garbled, save it as "
            "“CSV UTF-8(逗号分隔)” / 文件按 GBK/GB18030 编码读取;如有乱码请另存为 CSV UTF-8")
    return InputError([*exc.problems, Problem(note)])


def iter_cells(table: Table, column: str) -> Iterator[Cell]:
    """The cells of one column, row by row (for locating a value in the file)."""
    for row in table.rows:
        if column in row:
            yield row[column]
