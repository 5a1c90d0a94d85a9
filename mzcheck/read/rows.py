"""Table rows → reports: the one grouping of every table / 表格行归并为报表.

A report table has one row per reported value, with the columns of docs/contract.md::

    jurisdiction | period | indicator | value | unit        (地区 | 年度 | 指标 | 数值 | 单位)

``unit`` may be missing or empty (a bare number is in the indicator's unit). Optional columns: ``as_of``
(截至日期), ``target_year`` (对照年度), ``section`` (类别: empty or ``values`` for the value at the end of
the period, ``added``/新增 for the amount added in it, or a year such as ``2023`` for an earlier period's
value, the table form of YAML's ``history:``) and ``child`` (下级地区, the table form of ``children:``).
Other columns are ignored. Rows for several jurisdictions or periods make several reports; empty rows and
rows with no value are skipped. Title rows may stand above the header; a second header row right below
it (English under Chinese) is skipped. A code column (地区代码, 行政区划代码) beside a name column is the
one read.

The **wide layout** (one row per 地区, one column per indicator) is read too: a header that names the
jurisdiction and period columns, and indicators (by id, Chinese name or alias) as the other columns, with
the unit in brackets where it is not the indicator's (``老年人口数(万人)``). Each of its cells becomes the
row ``地区, 年度, 指标, 数值, 单位`` it stands for (:func:`find_layout`, :func:`layout_rows`).

The CSV/TSV and Excel readers (:mod:`mzcheck.read.table`), the big-CSV stream (:mod:`mzcheck.read.stream`)
and the bulk API (:func:`mzcheck.bulk.evaluate_table`) all group their rows with :class:`Grouper`, and
every field goes through :mod:`mzcheck.read.fields`, so a table gives the same reports and the same
messages however it arrives. :meth:`Grouper.add_row` is the one place that decides and words a row's
problems. :meth:`Grouper.add_plain` (a row of the five plain columns as raw values) and
:meth:`Grouper.add_text_rows` (a million such rows of text, the stream's) are its fast path: they look up
only what they have seen before and hand anything new, unknown or repeated to :meth:`Grouper.add_row`.

A row's problem spoils only its own report (the jurisdiction's and period's; every period of the
jurisdiction when the period cannot be read; none when the jurisdiction is unknown): the other reports
of the table are still read, and :meth:`Grouper.finish` raises :class:`PartlyRead` with the problems and
those reports. The same problem in many rows (a systematic error of a big table) is listed for the
first :data:`REPEATS_LISTED` rows and then counted (T801).
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
import re
from array import array
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, compress, groupby, pairwise, repeat
from typing import Any, cast

from mzcheck.core.codes import reports as R
from mzcheck.core.codes import tables as T
from mzcheck.core.errors import InputError, Problem, Said, problem
from mzcheck.core.messages import Code, Message, did_you_mean
from mzcheck.core.numbers import as_year, text_of
from mzcheck.core.records import maker
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report, Reported, Values
from mzcheck.model.rules import Jurisdiction
from mzcheck.read.fields import (
    check_as_of,
    find_indicator,
    find_jurisdiction,
    is_empty,
    plain_text,
    read_date,
    read_value,
    read_year,
    where,
)

REPEATS_LISTED = 20  # the same problem in more rows than this is counted, not listed
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in bureau spreadsheets

# Column → the header spellings accepted (compared without spaces, case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "jurisdiction": ("jurisdiction", "地区", "行政区划", "地区名称", "地区代码", "行政区划代码",
                     "区划代码", "地区编码", "code"),
    "period": ("period", "年度", "年份", "数据年度", "统计年度", "报告年度", "统计年份", "year"),
    "indicator": ("indicator", "指标", "指标名称", "统计指标", "指标项"),
    "value": ("value", "数值", "值", "实际值", "本年实际", "本年实际值", "本期实际", "实际完成", "完成值", "实际数"),
    "unit": ("unit", "单位", "计量单位"),
    "as_of": ("as_of", "截至日期", "截止日期", "统计截至"),
    "target_year": ("target_year", "对照年度", "目标年度"),
    "section": ("section", "类别", "口径"),
    "child": ("child", "下级地区", "下级单位"),
}
CODE_SPELLINGS = ("地区代码", "行政区划代码", "区划代码", "地区编码", "code")  # read before a name column beside them
REQUIRED = ("jurisdiction", "period", "indicator", "value")
WIDE_REQUIRED = ("jurisdiction", "period")
PLAIN = ("jurisdiction", "period", "indicator", "value", "unit")  # the columns add_plain takes
_HEADER_WORDS = {spelling: name for name, spellings in COLUMNS.items() for spelling in spellings}

SECTION_VALUES = ("", "values", "value", "本期", "本期值", "期末值", "现值", "存量", "累计")
SECTION_ADDED = ("added", "新增", "本期新增", "新增量")

_PERCENT_UNITS = ("%", "percent", "百分比")


# ------------------------------------------------------------------------------------ cells


@dataclass(slots=True)
class Cell:
    """One cell's value and where it is, for error messages."""

    value: Any
    file: str
    line: int | None = None  # CSV: the line of the row; xlsx: the row
    ref: str | None = None  # xlsx: ``Sheet1!C7``
    field: str | None = None
    number_format: str = "General"

    @property
    def empty(self) -> bool:
        return is_empty(self.value)

    @property
    def text(self) -> str:
        return text_of(self.value)

    @property
    def where(self) -> str:
        """``report.csv:7``, ``report.xlsx!Sheet1!C7``."""
        return where(self.file, self.line, self.ref) or self.file

    def problem(self, code: Code, /, *, help: Said | None = None, **fields: Any) -> Problem:
        """A problem at this cell: an xlsx cell by its reference (which names the column), else file, line and
        column name."""
        if self.ref:
            return problem(code, file=self.file, line=self.line, cell=self.ref, help=help, **fields)
        return problem(code, file=self.file, line=self.line, field=self.field, help=help, **fields)

    def located(self, exc: InputError) -> list[Problem]:
        """A field reader's problems (which know no place) at this cell."""
        if self.ref:
            return exc.located(self.file, self.line, cell=self.ref).problems
        return exc.located(self.file, self.line, self.field).problems


@dataclass(frozen=True)
class Uncached:
    """A formula cell saved without its result (written by a program, never opened in Excel)."""

    formula: str


Row = dict[str, Cell]


class PartlyRead(InputError):
    """An input some of whose reports could be read: ``problems`` are what could not, ``reports`` the
    reports untouched by them (iterated once; the big-CSV stream builds them as they are iterated).
    Raised like any :class:`InputError` (the library refuses the input); ``mzcheck check`` checks and
    outputs the reports beside the errors (a streamed table's may be decided already: :class:`Settled`)."""

    def __init__(self, problems: list[Problem], reports: Iterable[Report | Settled], spoiled: Iterable[str] = ()) -> None:
        super().__init__(problems)
        self.reports = reports
        self.spoiled = frozenset(spoiled)  # the jurisdictions (codes) some of whose reports were left out


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
    percent = percent_format(cell.number_format) if unit.strip().lower() in ("", *_PERCENT_UNITS) else None
    scale = 100 if percent == "fraction" else 1
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return repr(v)
        number = Decimal(repr(v))
        if percent:
            return (_plain(number * scale) + "%", "%")
        return int(v) if v.is_integer() else number
    if isinstance(v, int) and not isinstance(v, bool) and percent:
        return (_plain(Decimal(v) * scale) + "%", "%")
    return v


_LITERAL = re.compile(r'"[^"]*"|\\.')


def percent_format(number_format: str) -> str | None:
    """What a cell's number format says of a percent: ``0%``, ``0.0%`` → ``"fraction"`` (Excel stores 90% as
    0.9 and shows it times 100); a literal ``%`` only (``0.00"%"``, ``0.0\\%``) → ``"number"`` (the cell
    holds 0.9 and shows 0.90%); no ``%`` → None."""
    if "%" not in number_format:
        return None
    return "fraction" if "%" in _LITERAL.sub("", number_format) else "number"


def _plain(d: Decimal) -> str:
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def read_cell(ind_id: str, value: Cell, unit: Cell | None, rules: RuleSet) -> Reported:
    """The value in ``value`` (with the unit in ``unit``) through fields.read_value, located at the cell."""
    unit_text = unit.text if unit is not None else ""
    number = cell_number(value, unit_text)
    if isinstance(number, tuple):  # a percent-formatted cell: its text with "%", and no separate unit
        number, unit_text = number[0], ""
    raw: Any = {"value": number, "unit": unit_text} if unit_text else number
    return read_value(ind_id, raw, rules, value.file, value.line, value.ref)


# ------------------------------------------------------------------------------------ the header


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def header_name(text: str) -> str | None:
    """The column a header names: ``数值``, ``value``, ``数值 / value`` → ``value``."""
    for part in re.split(r"[/|\n]", text):
        key = "".join(part.translate(_INVISIBLE).split()).lower()  # a zero-width space copied from a web page
        key = re.sub(r"[((].*[))]$", "", key)  # 数值(必填) → 数值
        if key in _HEADER_WORDS:
            return _HEADER_WORDS[key]
    return None


def header_columns(cells: list[Cell]) -> dict[int, str]:
    """Column position → the column it names, for the cells of a header row."""
    names = {j: header_name(c.text) for j, c in enumerate(cells) if not c.empty}
    return {j: n for j, n in names.items() if n is not None}


def header_problems(cells: list[Cell], found: dict[int, str], required: Sequence[str] = REQUIRED,
                    skip: Container[int] = ()) -> list[Problem]:
    """What is wrong with a header row: a column twice, a near miss of a column name, a required one missing."""
    problems: list[Problem] = []
    seen: dict[str, Cell] = {}
    for j, n in found.items():
        if n in seen:
            problems.append(cells[j].problem(T.DUPLICATE_COLUMN, name=n, text=cells[j].text, first=seen[n].text))
        seen.setdefault(n, cells[j])
    for j, c in enumerate(cells):
        if j in found or j in skip or c.empty or header_name(c.text) is not None:  # a name column beside a code
            continue
        close = difflib.get_close_matches("".join(c.text.split()).lower(), list(_HEADER_WORDS), n=1, cutoff=0.8)
        if close:  # a typo of a column mzcheck reads would silently lose it: say so
            problems.append(c.problem(T.UNKNOWN_COLUMN, help=did_you_mean(close), text=c.text))
    missing = [n for n in required if n not in found.values()]
    if missing and cells:
        problems.append(cells[0].problem(T.MISSING_COLUMNS, names_en=", ".join(missing),
                                         names_zh="、".join(COLUMNS[n][1] for n in missing),
                                         help=T.WIDE_COLUMNS() if required == WIDE_REQUIRED else None))
    return problems


def find_header(grid: list[tuple[int, list[Cell]]], file: str, where_en: str, where_zh: str) -> tuple[int, dict[int, str]]:
    """The header row of the long layout among the first rows of ``grid`` (the first naming indicator and
    value) and its columns; an :class:`InputError` with every problem of it, or T101 when there is none."""
    layout = find_layout(grid, file, where_en, where_zh)
    return layout.at, layout.columns


@dataclass
class Layout:
    """Where a table's header is and what its columns hold.

    ``at``: the header row's index in the grid; ``skip``: rows after it that are not data (a second header
    row); ``columns``: position → column name; ``wide``: position → (indicator cell, unit cell or None) for
    the indicator columns of the wide layout (empty for the long one)."""

    at: int
    columns: dict[int, str]
    wide: dict[int, tuple[Cell, Cell | None]] = field(default_factory=dict)
    skip: int = 0

    @property
    def data(self) -> int:
        """The index of the first data row."""
        return self.at + 1 + self.skip


_BRACKETED = re.compile(r"^(.*?)\s*[((]([^()()]*)[))]\s*$")


def indicator_column(cell: Cell, rules: RuleSet) -> tuple[str, Cell, Cell | None] | None:
    """A wide layout's indicator header: ``老年人口数(万人)`` → (its id, the name cell, the unit cell)."""
    text = cell.text.strip()
    unit = None
    ind = rules.indicator_id(text)
    if ind is None:
        m = _BRACKETED.match(text)
        if m is None or "=" in m.group(2):  # (是=1) says how to fill it in, not a unit
            if m is not None:
                ind = rules.indicator_id(m.group(1))
                text = m.group(1)
            if ind is None:
                return None
        else:
            ind = rules.indicator_id(m.group(1))
            if ind is None:
                return None
            text, unit = m.group(1), m.group(2).strip()
    name = Cell(text, cell.file, line=cell.line, ref=cell.ref, field="indicator")
    unit_cell = Cell(unit, cell.file, line=cell.line, ref=cell.ref, field="unit") if unit else None
    return ind, name, unit_cell


def _prefer_codes(cells: list[Cell], found: dict[int, str]) -> dict[int, str]:
    """A name column and a code column of the jurisdiction side by side: the code is read."""
    places = [j for j, n in found.items() if n == "jurisdiction"]
    codes = [j for j in places if "".join(cells[j].text.split()).lower() in CODE_SPELLINGS
             or any(header_name(part) == "jurisdiction" and "".join(part.split()).lower() in CODE_SPELLINGS
                    for part in re.split(r"[/|\n]", cells[j].text))]
    if len(places) == 2 and len(codes) == 1:
        return {j: n for j, n in found.items() if j == codes[0] or n != "jurisdiction"}
    return found


def find_layout(grid: list[tuple[int, list[Cell]]], file: str, where_en: str, where_zh: str,
                rules: RuleSet | None = None) -> Layout:
    """The header among the first rows of ``grid``: the first row naming indicator and value (the long
    layout) or, given ``rules``, naming the jurisdiction and indicators (the wide layout); an
    :class:`InputError` with every problem of it, or T101 when there is none."""
    for i, (_, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = _prefer_codes(cells, header_columns(cells))
        names = set(found.values())
        if {"indicator", "value"} <= names:
            wrong = header_problems(cells, found)
            if wrong:
                raise InputError(wrong)
            return Layout(i, found, skip=_second_header(grid, i, found))
        if rules is not None and "jurisdiction" in names and not names & {"indicator", "value"}:
            wide: dict[int, tuple[Cell, Cell | None]] = {}
            ids: dict[str, Cell] = {}
            problems: list[Problem] = []
            for j, c in enumerate(cells):
                if j in found or c.empty:
                    continue
                column = indicator_column(c, rules)
                if column is None:
                    continue
                ind, name, unit = column
                if ind in ids:
                    problems.append(c.problem(T.DUPLICATE_COLUMN, name=ind, text=c.text, first=ids[ind].text))
                ids.setdefault(ind, c)
                wide[j] = (name, unit)
            if not wide:
                continue
            problems += header_problems(cells, found, WIDE_REQUIRED, skip=wide)
            problems += _near_indicators(cells, found, wide, rules)
            if problems:
                raise InputError(problems)
            return Layout(i, found, wide, skip=_second_header(grid, i, found))
    for line, cells in grid[:HEADER_SEARCH_ROWS]:
        for cell in cells:  # 地区，年度，指标，数值: one column, its names joined by full-width commas
            parts = cell.text.split("，") if isinstance(cell.value, str) else []
            if len(parts) > 1 and {"indicator", "value"} <= {header_name(p) for p in parts}:
                raise InputError.of(T.FULL_WIDTH_COMMAS, file=file, line=line, cell=cell.ref)
    expected = ", ".join(f"{n} ({COLUMNS[n][1]})" for n in (*REQUIRED, "unit"))
    raise InputError.of(T.NO_HEADER, file=file, expected_en=expected, where_en=where_en, where_zh=where_zh)


def _near_indicators(cells: list[Cell], found: dict[int, str], wide: dict[int, tuple[Cell, Cell | None]],
                     rules: RuleSet) -> list[Problem]:
    """A wide header's columns that are neither a column mzcheck reads nor an indicator, but close to an
    indicator's name: with the slip the column would be silently lost."""
    problems = []
    for j, c in enumerate(cells):
        if j in found or j in wide or c.empty:
            continue
        m = _BRACKETED.match(c.text.strip())
        text = m.group(1) if m else c.text.strip()
        close = rules.suggest_indicator(text)
        if close:
            problems.append(c.problem(T.NOT_AN_INDICATOR_COLUMN, help=did_you_mean(close), text=c.text))
    return problems


def _second_header(grid: list[tuple[int, list[Cell]]], at: int, columns: dict[int, str]) -> int:
    """1 when the row below the header is a second header row (English under Chinese, or the reverse):
    its jurisdiction column names the jurisdiction column again; else 0."""
    if at + 1 >= len(grid):
        return 0
    cells = grid[at + 1][1]
    place = next(j for j, n in columns.items() if n == "jurisdiction") if "jurisdiction" in columns.values() else None
    if place is None or place >= len(cells):
        return 0
    return 1 if header_name(cells[place].text) == "jurisdiction" else 0


def table_rows(grid: Iterable[tuple[int, list[Cell]]], columns: dict[int, str], file: str) -> list[Row]:
    """The data rows below a header, by column name (the columns the header does not name left out)."""
    rows: list[Row] = []
    for _, cells in grid:
        row: Row = {}
        for j, n in columns.items():
            cell = cells[j] if j < len(cells) else Cell(None, file, line=cells[0].line if cells else None)
            cell.field = n
            row[n] = cell
        if any(not c.empty for c in cells):
            rows.append(row)
    return rows


def layout_rows(grid: list[tuple[int, list[Cell]]], layout: Layout, file: str) -> list[Row]:
    """The data rows below a header, by column name; a wide row gives one row per indicator cell."""
    rows = table_rows(grid, layout.columns, file)
    if not layout.wide:
        return rows
    out: list[Row] = []
    wide = layout.wide
    for (_, cells), row in zip(_filled(grid), rows, strict=True):
        line = cells[0].line if cells else None
        for j, (name, unit) in wide.items():
            value = cells[j] if j < len(cells) else Cell(None, file, line=line)
            value.field = "value"
            long = {**row, "indicator": name, "value": value}
            if unit is not None:
                long["unit"] = unit
            out.append(long)
    return out


def _filled(grid: Iterable[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Cell]]]:
    return ((n, cells) for n, cells in grid if any(not c.empty for c in cells))


# ------------------------------------------------------------------------------------ grouping


class _Everything:
    """Every indicator: a table read whole keeps all its values."""

    def __contains__(self, item: object) -> bool:
        return True


EVERYTHING: Container[str] = _Everything()


@dataclass
class _Open:
    """A report being gathered from rows: where each indicator was first given, the values still to read."""

    place: Jurisdiction
    period: int
    keep: Container[str]  # the indicators whose values are read
    as_of: tuple[dt.date, Cell] | None = None
    target_year: tuple[int, Cell] | None = None
    values: Values = field(default_factory=dict)
    added: Values = field(default_factory=dict)
    history: dict[int, Values] = field(default_factory=dict)
    children: dict[str, Values] = field(default_factory=dict)
    # slot ("values", "added", "history 2023", "child 西湖区") → indicator → its first cell (or line, from add_plain)
    seen: dict[str, dict[str, Cell | int]] = field(default_factory=dict)
    # (where it goes, indicator, value, unit, line): read when the report is built
    pending: list[tuple[Values, str, Any, Any, int | None]] = field(default_factory=list)

    # the lines of seen_values, packed while the rows of other reports are read (see pack)
    packed: tuple[tuple[str, ...], array[int] | range] | None = None

    def __post_init__(self) -> None:
        self.seen_values = self.seen.setdefault("values", {})

    def pack(self, shapes: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        """Keep the lines of ``seen_values`` as one array of machine integers beside the indicators in their
        order, a tuple shared by the reports listing the same indicators (``shapes``): a province's table
        leaves thousands of reports behind, and a dict of line numbers each would grow with the rows."""
        seen = self.seen_values
        if self.packed is not None or not seen:
            return
        try:
            lines = array("I", cast("Iterable[int]", seen.values()))
        except (TypeError, OverflowError):  # a cell from the general path (rare): the dict stays as it is
            return
        keys = tuple(seen)
        self.packed = (shapes.setdefault(keys, keys), lines)
        self.seen_values = self.seen["values"] = {}

    def unpack(self) -> None:
        """``seen_values`` as a dict again, before a row of this report is looked at."""
        if self.packed is not None:
            keys, lines = self.packed
            self.packed = None
            self.seen_values = self.seen["values"] = dict(zip(keys, lines))


# the reports of a grouper as plain data (Grouper.handover): code, period, as_of and target_year (as _Open keeps
# them), the indicators seen and their lines, and the values still to read as _Open keeps them (the dict they
# are read into, the report's values, then indicator, value, unit, line)
Handover = list[tuple[str, int, Any, Any, tuple[str, ...], Any, list[tuple[Values, str, Any, Any, Any]]]]


class Settled:
    """A report decided by the process that read it while the rest of its file was still being read
    (:meth:`Grouper.settle`; docs/design/0036-deciding-while-reading.md): ``decided`` stands for it among the
    reports, whatever the caller's ``settle`` made of it (opaque here). It keeps what takes it back should
    more of its rows turn up: the report as gathered here (``opened``), or as another process handed it over
    (``handed``, an item of :data:`Handover`).

    已判定的报表:读取进程在其余行尚在读取时即已判定;``decided`` 代替该报表,若其后又出现该报表的行则撤回重判。"""

    __slots__ = ("decided", "handed", "opened")
    pending: tuple[()] = ()  # no value of it is left to read (CsvReports.kept)
    as_of = None  # its 截至日期 was checked before it was decided (Grouper.check)

    def __init__(self, decided: Any, opened: _Open | None = None, handed: Any = None) -> None:
        self.decided = decided
        self.opened = opened
        self.handed = handed


# what decides reports apart (Grouper.settle): the reports, built one at a time as it takes them → one item each,
# in their order
Settle = Callable[[Iterable[Report]], Sequence[Any]]

_UNKNOWN: Any = object()
_PLAIN_MOST = 1 << 16  # values as read kept by Grouper.report (some 10 MB), then let go
_ONCE_READERS: dict[str, Any] = {"as_of": lambda c: read_date(c.value), "target_year": lambda c: read_year(c.value)}
ONCE = tuple(_ONCE_READERS)  # the columns given once per report: add_text_rows takes them beside the plain ones
_WHOLE = (0, 1, 2, 3, 4)  # the plain columns in their order, and no others: what add_text_block reads


# the first byte in UTF-8 of each character str.strip removes and bytes.strip keeps (U+001C–U+001F, U+0085,
# U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000)
# (tests/test_bulk.py derives the set from the Unicode table of the running Python)
_SPACE_LEADS = frozenset({0x1C, 0x1D, 0x1E, 0x1F, 0xC2, 0xE1, 0xE2, 0xE3})
_SPACE_LEAD_BYTES = tuple(bytes((b,)) for b in sorted(_SPACE_LEADS))  # add_text_block: one search of a block each
_NOT_SPACE_LEADS = bytes(b for b in range(256) if b not in _SPACE_LEADS)  # bytes.translate deletes these


def _text(field: Any, encoded: bool) -> Any:
    """A field of :meth:`Grouper.add_text_rows` as text."""
    return field.decode() if encoded else field


def _key(value: Any) -> Any:
    """A raw value as a cache key: text as it is; others with their type (True == 1, but they read apart)."""
    return value if value.__class__ is str else (type(value), value)


class Grouper:
    """Rows → reports, named ``file`` in messages. Every value is read, unless ``keep_all`` is False: then
    only those the rules due in ``target_year`` (None: in each report's own period) read, so a province's
    table is checked without parsing values no rule uses. ``has_unit``: whether the plain rows given to
    :meth:`add_plain` come from a table with a unit column."""

    def __init__(self, rules: RuleSet, file: str, *, keep_all: bool = True, target_year: int | None = None,
                 has_unit: bool = True) -> None:
        self.rules = rules
        self.file = file
        self.keep_all = keep_all
        self.target_year = target_year
        self.has_unit = has_unit  # add_plain: whether rows have a unit column
        self.problems: list[Problem] = []
        self.spoiled: set[tuple[str, int] | str] = set()  # reports (code, period), or every period of a code
        self._repeats: dict[tuple[Any, ...], list[Any]] = {}  # problem → [times seen, index of the last listed]
        self.found = 0  # problems found, listed or counted
        self._place_answers: dict[Any, Any] = {}  # jurisdiction as written → the place, or the error
        self._indicator_answers: dict[Any, Any] = {}  # indicator as written → its id, or the error
        self._period_answers: dict[Any, Any] = {}  # period as written → the year, or the error
        self.reports: dict[tuple[str, int], _Open | Settled] = {}  # Settled: decided already (settle)
        self.rows = 0  # data rows seen (set by the reader)
        self._by_text: dict[Any, _Open | None] = {}  # (jurisdiction, period) as written → the report
        self._indicators: dict[Any, str | None] = {}  # indicator as written → id
        self._by_bytes: dict[Any, Any] = {}  # the same two, by the UTF-8 bytes (add_text_rows, encoded)
        self._indicators_bytes: dict[Any, Any] = {}
        self._places: dict[Any, Jurisdiction | None] = {}  # jurisdiction as written → the place
        self._years: dict[Any, int | None] = {}  # period as written → the year (as_year)
        self._needed: dict[tuple[str, int], frozenset[str]] = {}
        self._shapes: dict[tuple[str, ...], tuple[str, ...]] = {}  # _Open.pack: the indicator lists, shared
        self._ids_bytes: dict[bytes, str] = {}  # add_text_block: indicator bytes → id, for the known ones only
        # report: (indicator, value, unit) as written → as read (fields.plain_text), or None: a third of a dense
        # table's values are written alike (2616张 in many counties), each read once
        self._plain: dict[tuple[str, str, str | None], Any] = {}
        # prebuild: id of a report → (it, its pending values' count, as_of, target_year, the report built then)
        self._prebuilt: dict[int, tuple[_Open, int, Any, Any, Report]] = {}
        # unread: id of the values of a report given before they were read → that report's rows (read by fill)
        self._unread: dict[int, _Open] = {}

    # -------------------------------------------------------------------------- the general path

    def add_row(self, row: Row) -> None:
        """One data row, by column name; its problems are kept (and raised, all at once, by :meth:`finish`)."""
        value, ind_cell = row["value"], row["indicator"]
        if value.empty:
            return  # a template row not filled in: the indicator is not reported
        if isinstance(value.value, Uncached):
            self._add([value.problem(T.NO_SAVED_RESULT, formula=value.value.formula)], self._quiet_key(row))
            return
        if ind_cell.empty:
            self._add([ind_cell.problem(T.VALUE_WITHOUT_INDICATOR)], self._quiet_key(row))
            return
        place = self._read(row["jurisdiction"], lambda c: self._looked_up(self._place_answers, c.value, find_jurisdiction))
        period = self._read(row["period"], lambda c: self._looked_up(self._period_answers, c.value, _period))
        ind_id = self._read(ind_cell, lambda c: self._looked_up(self._indicator_answers, c.value, find_indicator))
        if place is None or period is None or ind_id is None:
            if place is not None:  # the row's report cannot be trusted (nor, without its period, the place's)
                self.spoiled.add((place.code, period) if period is not None else place.code)
            if place is not None and period is not None:  # but it is named: reports come in the order first named,
                self._open(place, period)  # as the fast path (add_plain) opens them, so problems list in one order
            return
        b = self._open(place, period)
        key = (place.code, period)
        before = self.found
        b.unpack()
        self._once(b, "as_of", row.get("as_of"), _ONCE_READERS["as_of"])
        self._once(b, "target_year", row.get("target_year"), _ONCE_READERS["target_year"])
        target = self._slot(b, row)
        if self.found != before:
            self.spoiled.add(key)
        if target is None:
            return
        slot, dest = target
        seen = b.seen.setdefault(slot, {})
        first = seen.get(ind_id)
        if first is not None:
            self._add([ind_cell.problem(R.REPEATED_INDICATOR, name=ind_cell.text, id=ind_id,
                                        first=self._where(first))], key)
            return
        seen[ind_id] = ind_cell
        if ind_id in b.keep:
            b.pending.append((dest, ind_id, value, row.get("unit"), value.line))

    def _read(self, cell: Cell, read: Any) -> Any:
        try:
            return read(cell)
        except InputError as exc:
            self._add(cell.located(exc), None)
            return None

    def _looked_up(self, answers: dict[Any, Any], value: Any, find: Any) -> Any:
        """``find(value, rules)``, or the error it raised, remembered by the value as written: a province's
        table repeats a name in thousands of rows, and the near misses of an unknown one take a while."""
        try:
            key = _key(value)
            answer = answers.get(key, _UNKNOWN)
        except TypeError:  # an unhashable cell: asked each time
            return find(value, self.rules)
        if answer is _UNKNOWN:
            try:
                answer = find(value, self.rules)
            except InputError as exc:
                answer = exc
            answers[key] = answer
        if isinstance(answer, InputError):
            raise answer
        return answer

    def _add(self, problems: list[Problem], spoils: tuple[str, int] | str | None) -> None:
        """Keep problems of a row, spoiling the report ``spoils`` names; a problem met in more than
        REPEATS_LISTED rows (the same code, field and words, wherever it is) is counted from then on."""
        if spoils is not None:
            self.spoiled.add(spoils)
        self.found += len(problems)
        for p in problems:
            seen = self._repeats.setdefault((p.code, p.field, str(p.message), str(p.help)), [0, -1])
            seen[0] += 1
            if seen[0] <= REPEATS_LISTED:
                self.problems.append(p)
                seen[1] = len(self.problems) - 1

    def _quiet_key(self, row: Row) -> tuple[str, int] | str | None:
        """The report a row belongs to, as far as its cells say, without a word about them."""
        try:
            place = find_jurisdiction(row["jurisdiction"].value, self.rules)
        except InputError:
            return None
        try:
            return place.code, read_year(row["period"].value)
        except InputError:
            return place.code

    def listed_problems(self) -> list[Problem]:
        """The problems kept, each one repeated beyond REPEATS_LISTED rows followed by the count of the rest."""
        after: dict[int, Problem] = {}
        for times, last in self._repeats.values():
            if times > REPEATS_LISTED:
                p = self.problems[last]
                after[last] = problem(T.MORE_ROWS, file=self.file, count=f"{times - REPEATS_LISTED:,}",
                                      what_zh=_said(p, "zh"), what_en=_said(p, "en"))
        out: list[Problem] = []
        for i, p in enumerate(self.problems):
            out.append(p)
            if i in after:
                out.append(after[i])
        return out

    def _where(self, first: Cell | int) -> str:
        return first.where if isinstance(first, Cell) else where(self.file, first) or self.file

    def _once(self, b: _Open, name: str, cell: Cell | None, read: Any) -> None:
        """as_of and target_year: once per report, the same wherever a table repeats them."""
        if cell is None or cell.empty:
            return
        value = self._read(cell, read)
        if value is None:
            return
        first = getattr(b, name)
        if first is None:
            setattr(b, name, (value, cell))
        elif first[0] != value:
            what = {"as_of": "截至日期", "target_year": "对照年度"}[name]
            self._add([cell.problem(T.PER_REPORT_DIFFERS, what_en=name, what_zh=what, value=value,
                                    first=first[0], first_where=first[1].where)], None)

    def _slot(self, b: _Open, row: Row) -> tuple[str, Values] | None:
        """Where a row's value goes: values, added, history[year] or children[name]."""
        sec, child = row.get("section"), row.get("child")
        text = sec.text.lower() if sec is not None else ""
        year = as_year(sec.value) if sec is not None and not sec.empty else None
        if text in SECTION_VALUES or year == b.period:
            slot, dest = "values", b.values
        elif text in SECTION_ADDED:
            slot, dest = "added", b.added
        elif year is not None:
            slot, dest = f"history {year}", b.history.setdefault(year, {})
        else:
            assert sec is not None
            self._add([sec.problem(T.BAD_SECTION, text=sec.text)], None)
            return None
        if child is not None and not child.empty:
            if slot != "values":
                self._add([child.problem(T.CHILD_TAKES_VALUES)], None)
                return None
            return f"child {child.text}", b.children.setdefault(child.text, {})
        return slot, dest

    def _open(self, place: Jurisdiction, period: int) -> _Open:
        b = self.reports.get((place.code, period))
        if b is None:
            keep = EVERYTHING if self.keep_all else self._needed_by(place.code, period)
            b = self.reports[(place.code, period)] = _Open(place, period, keep)
        elif b.__class__ is Settled:  # decided, but more of its rows came: taken back, decided again later
            b = self._unsettled((place.code, period), b)
        return cast("_Open", b)

    def _unsettled(self, key: tuple[str, int], s: Settled) -> _Open:
        """A settled report as it was before it was decided, in its place among the reports."""
        b = s.opened
        if b is None:
            code, period = key
            b = _Open(self.rules.resolve(code), period, EVERYTHING if self.keep_all else self._needed_by(code, period))
            self._merge(b, s.handed)
        self.reports[key] = b
        return b

    def _needed_by(self, code: str, period: int) -> frozenset[str]:
        """The indicators the rules due for this report read: each rule's own, its reference's, and the
        components of either (evaluation observes nothing else; the parity tests hold it to that)."""
        year = self.target_year or period
        if (code, year) not in self._needed:
            ids: set[str] = set()
            for rule in self.rules.select(code, year):
                ref = rule.rule.reference
                for ind in (rule.indicator, self.rules.indicators.get(ref.indicator) if ref else None):
                    if ind is not None:
                        ids.update(x for x in (ind.id, ind.model.numerator, ind.model.denominator) if x)
            self._needed[(code, year)] = frozenset(ids)
        return self._needed[(code, year)]

    # -------------------------------------------------------------------------- the fast path

    def add_plain(self, line: int, jurisdiction: Any, period: Any, indicator: Any, value: Any, unit: Any,
                  once: Sequence[tuple[str, Any]] = ()) -> None:
        """One row of the plain columns as raw values (``unit`` None without a unit column), and ``once`` the
        row's as_of and target_year as (column, raw value): the report and indicator are looked up by the text
        as written; whatever is new, unknown or repeated goes to :meth:`add_row`, which decides and words it."""
        if value is None or (value.__class__ is str and not value.strip()):
            return
        try:
            report = self._by_text.get((_key(jurisdiction), _key(period)), _UNKNOWN)
            ind = self._indicators.get(_key(indicator), _UNKNOWN)
        except TypeError:  # an unhashable cell (a list in a column): the general path says what it is
            report = ind = None
        if report is _UNKNOWN:
            report = self._by_text[(_key(jurisdiction), _key(period))] = self._open_plain(jurisdiction, period)
        if ind is _UNKNOWN:
            ind = self._indicators[_key(indicator)] = self._indicator_plain(indicator)
        if report is not None:
            report.unpack()
        if report is None or ind is None or report.seen_values.setdefault(ind, line) is not line:
            row = self._cells(line, (jurisdiction, period, indicator, value, unit))
            row.update((n, Cell(v, self.file, line=line, field=n)) for n, v in once)
            self.add_row(row)
            return
        if once:
            self._said_once(report, line, once)
        if ind in report.keep:
            report.pending.append((report.values, ind, value, unit, line))

    def _said_once(self, b: _Open, line: int, once: Sequence[tuple[str, Any]]) -> None:
        """A row's as_of and target_year, as :meth:`add_row` takes them (the first one given, the same wherever
        the table repeats it); a row repeating the text already taken costs a comparison."""
        for name, raw in once:
            first = getattr(b, name)
            if first is not None and first[1].value == raw:
                continue
            before = self.found
            self._once(b, name, Cell(raw, self.file, line=line, field=name), _ONCE_READERS[name])
            if self.found != before:
                self.spoiled.add((b.place.code, b.period))

    def add_text_rows(self, rows: Iterable[tuple[int, Sequence[Any]]], columns: Sequence[int | None],
                      once: Sequence[tuple[str, int]] = (), *, encoded: bool = False) -> None:
        """Rows of text fields (a CSV file's), each with its line: ``str`` fields, or with ``encoded`` the
        ``bytes`` of valid UTF-8 (the stream splits bytes: a table of Chinese names is quicker to split undecoded,
        and only the fields a rule reads, or a new or odd row's, are decoded). ``columns`` gives the position
        of each plain column in a row (None: the table has no unit column), ``once`` the position of the as_of
        and target_year columns a table may have (:data:`ONCE`, read as :meth:`add_row` reads them).

        The common row (a report and an indicator seen before, not repeated) is answered here from the lookups
        :meth:`add_plain` made, with every name it needs a local: this loop runs once per row of a million-row
        file, and the rows are best handed over by C iterators (``zip``, ``map``). Any other row goes to
        :meth:`add_plain`. Rows of one report usually follow each other, so the report is looked up again only
        when the jurisdiction or period changes."""
        shapes = self._shapes
        general: Any
        if encoded:
            by_key, indicators = self._by_bytes, self._indicators_bytes

            def general(line: int, j: Any, p: Any, i: Any, v: Any, u: Any, said: Sequence[tuple[str, Any]]) -> None:
                t = [None if x is None else x.decode() for x in (j, p, i, v, u)]
                self.add_plain(line, t[0], t[1], t[2], t[3], t[4], [(n, None if x is None else x.decode())
                                                                    for n, x in said])
                if j is not None and p is not None:  # what add_plain found, for the next row written alike
                    by_key[(j, p)] = self._by_text.get((t[0], t[1]), _UNKNOWN)
                if i is not None:
                    indicators[i] = self._indicators.get(t[2], _UNKNOWN)
        else:
            by_key, indicators, general = self._by_text, self._indicators, self.add_plain
        ji, pi, ii, vi, ui = columns
        assert ji is not None and pi is not None and ii is not None and vi is not None
        whole = tuple(columns) == (0, 1, 2, 3, 4) and not once  # exactly the plain columns: unpacked as they come
        pick = operator.itemgetter(ji, pi, ii, vi, ui if ui is not None else vi)
        last_j: Any = None
        last_p: Any = None
        report: Any = _UNKNOWN
        first: Any = None  # the current report's seen_values.setdefault; None while the report is not known
        keep: Container[str] = ()
        unknown, space_leads = _UNKNOWN, _SPACE_LEADS
        for line, fields in rows:
            try:
                j, p, i, v, u = fields if whole else pick(fields)
            except (ValueError, IndexError):  # a short row, or a long one of the plain layout
                short = [fields[k] if k is not None and k < len(fields) else None for k in columns]
                general(line, short[0], short[1], short[2], short[3], short[4],
                        [(n, fields[k] if k < len(fields) else None) for n, k in once])
                last_j = None
                continue
            # empty as str.strip sees it: bytes.strip leaves the other spaces (U+3000 …), whose first bytes are few
            stripped = v.strip()
            if not stripped or (encoded and stripped[0] in space_leads and not v.decode().strip()):
                continue
            if j != last_j or p != last_p:
                found = by_key.get((j, p), unknown)
                if found is not report:  # the rows of another report: this one's lines packed away
                    if report is not unknown and report is not None:
                        report.pack(shapes)
                    if found is not unknown and found is not None:
                        found.unpack()
                report, last_j, last_p = found, j, p
                if found is unknown or found is None:
                    first = None
                else:
                    first, keep = found.seen_values.setdefault, found.keep
            ind = indicators.get(i, unknown)
            if first is None or ind is unknown or ind is None or first(ind, line) is not line:
                general(line, j, p, i, v, u if ui is not None else None,
                        [(n, fields[k] if k < len(fields) else None) for n, k in once])
                last_j = None  # the general path may have opened the report
                continue
            if once:
                self._said_once(report, line, [(n, _text(fields[k], encoded) if k < len(fields) else None)
                                               for n, k in once])
            if ind in keep:
                unit = _text(u, encoded) if ui is not None else None
                report.pending.append((report.values, ind, _text(v, encoded), unit, line))

    def add_text_block(self, marked: bytes, n: int, delimiter: bytes, line: int) -> None:
        """Whole lines of the five plain columns in order / 整块读取: ``marked`` holds ``n`` lines of valid
        UTF-8 without a quote, each ended by ``delimiter + b"\\n" + delimiter`` instead of its line break
        (as :mod:`mzcheck.read.stream` marks a block), the first of them line ``line``.

        The block is split into columns by a few operations over the whole of it, its rows cut where the
        jurisdiction or period changes, and each run of one report's rows is taken at once when it is what
        the common row of :meth:`add_text_rows` is: a known report (one seen for the first time is opened as
        :meth:`add_plain` opens it), indicators seen before, no indicator repeated, values not empty. The rows
        before the first one that is not (an indicator seen for the first time, an unknown name, a repeat) go
        through :meth:`add_text_rows`, row by row, and so
        does the whole block when one of its lines is not five fields or a value begins with a space that
        ``bytes.strip`` keeps: the problems, their order and their words, and the lines kept, are those of
        the row-by-row path (tests/test_block_reading.py holds the two to that; docs/design/0029-block-reading.md).

        按整块处理:一次切分所有行,按地区与年度分段;每段若是已知报表、已知指标、无重复、无空值,则整段
        一次记下;否则交给逐行路径,问题的措辞与顺序不变。"""
        if not n:
            return
        # each line break is a field of its own, b"\n" (one shared object): a row of another number of fields
        # moves every field after it, and so the line breaks, off their places
        flat = marked.split(delimiter)
        if len(flat) != 6 * n + 1 or flat[5::6].count(b"\n") != n:
            self._text_lines(marked, delimiter, line)
            return
        js, ps, inds, vs, us = (flat[k:-1:6] for k in range(5))
        lines: Sequence[int] = range(line, line + n)
        # empty as str.strip sees it: bytes.strip only where a space could be; a space bytes.strip keeps
        # (U+3000 …) leading a value sends the block row by row, which decodes it
        spaces = (b" ", b"\x0b", b"\x0c") if delimiter == b"\t" else (b" ", b"\t", b"\x0b", b"\x0c")
        stripped = list(map(bytes.strip, vs)) if any(s in marked for s in spaces) else vs
        if b"" in stripped:  # a row with no value is skipped, as if it were not there
            filled = list(map(bool, stripped))
            js, ps, inds, vs, us, stripped = (list(compress(c, filled)) for c in (js, ps, inds, vs, us, stripped))
            lines = list(compress(lines, filled))
            n = len(js)
            if not n:
                return
        if any(b in marked for b in _SPACE_LEAD_BYTES) and bytes(map(operator.itemgetter(0), stripped)).translate(
                None, _NOT_SPACE_LEADS):
            self._text_lines(marked, delimiter, line)
            return
        # where the report changes: the lengths of the runs of equal keys (of the jurisdiction alone when the
        # block has one period), all in C
        keys: Iterable[Any] = js if ps.count(ps[0]) == n else zip(js, ps)
        starts = list(accumulate((len(list(run)) for _, run in groupby(keys)), initial=0))

        def by_row(a: int, b: int) -> None:
            self.add_text_rows(zip(lines[a:b], zip(js[a:b], ps[a:b], inds[a:b], vs[a:b], us[a:b])), _WHOLE,
                               encoded=True)

        by_key, indicators, ids_of, shapes = self._by_bytes, self._indicators_bytes, self._ids_bytes, self._shapes
        unknown, everything = _UNKNOWN, EVERYTHING
        known = ids_of.__getitem__
        decode = bytes.decode
        current: _Open | None = None  # the report of the last run, whose lines are packed when another's come
        for a, b in pairwise(starts):
            key = (js[a], ps[a])
            if current is not None:
                current.pack(shapes)
                current = None
            while a < b:
                report = by_key.get(key, unknown)
                if report is unknown:  # seen for the first time: opened as add_plain opens it
                    report = self._report_of(key)
                if report is None:  # an unknown place, a period that is no year: row by row, each problem said
                    by_row(a, b)
                    break
                report.unpack()
                current = report
                try:
                    ids = list(map(known, inds[a:b]))
                except KeyError:  # an indicator not yet known to be good: up to it row by row
                    c = a
                    while inds[c] in ids_of:
                        c += 1
                    by_row(a, c + 1)
                    found = indicators.get(inds[c])
                    if found.__class__ is str:
                        ids_of[inds[c]] = found
                    a = c + 1
                    continue
                seen = report.seen_values
                keep = report.keep
                if not seen and report.packed is None:
                    # a report's first rows: its indicators and lines kept packed at once (as pack keeps them), the
                    # lines as the range they are where they run on, with no dict of them built and packed again
                    keys = tuple(ids)
                    shape = shapes.get(keys)
                    if shape is None:  # a list of indicators not met before: without a repeat?
                        if len(set(keys)) != len(keys):
                            by_row(a, b)
                            break
                        shape = shapes[keys] = keys
                    report.packed = (shape, lines[a:b] if lines.__class__ is range else array("I", lines[a:b]))
                    if keep is everything:
                        report.pending.extend(zip(repeat(report.values), ids, map(decode, vs[a:b]),
                                                  map(decode, us[a:b]), lines[a:b]))
                    elif keep:  # the values a rule reads, in the order of their rows
                        kept = list(map(keep.__contains__, ids))
                        report.pending.extend(zip(repeat(report.values), compress(ids, kept),
                                                  map(decode, compress(vs[a:b], kept)),
                                                  map(decode, compress(us[a:b], kept)), compress(lines[a:b], kept)))
                    break
                once = set(ids)
                if len(once) != len(ids) or not seen.keys().isdisjoint(once):  # a repeat: its problem is worded
                    by_row(a, b)
                    break
                seen.update(zip(ids, lines[a:b]))
                if keep is everything:
                    report.pending.extend(zip(repeat(report.values), ids, map(decode, vs[a:b]), map(decode, us[a:b]),
                                              lines[a:b]))
                elif keep and (wanted := once.intersection(cast("frozenset[str]", keep))):
                    if isinstance(lines, range):  # a rule reads a few of the run's rows: found by their lines
                        pending, values = report.pending, report.values
                        for at in sorted(map(seen.__getitem__, wanted)):  # in the order of the rows
                            k = at - line
                            pending.append((values, ids[k - a], vs[k].decode(), us[k].decode(), at))
                    else:
                        kept = list(map(keep.__contains__, ids))
                        report.pending.extend(zip(repeat(report.values), compress(ids, kept),
                                                  map(decode, compress(vs[a:b], kept)),
                                                  map(decode, compress(us[a:b], kept)), compress(lines[a:b], kept)))
                break

    def _report_of(self, key: tuple[bytes, bytes]) -> _Open | None:
        """The report of a jurisdiction and period first seen as bytes, found or opened as :meth:`add_plain` finds
        or opens it for the first row of a report, and kept by the bytes as :meth:`add_text_rows` keeps it."""
        text = (key[0].decode(), key[1].decode())
        report = self._by_text.get(text, _UNKNOWN)
        if report is _UNKNOWN:
            report = self._by_text[text] = self._open_plain(*text)
        self._by_bytes[key] = report
        return cast("_Open | None", report)

    def _text_lines(self, marked: bytes, delimiter: bytes, line: int) -> None:
        """A block of :meth:`add_text_block` row by row, split as the stream splits lines."""
        lines = marked.split(delimiter + b"\n" + delimiter)
        lines.pop()  # empty: the last line ends with its break
        split = operator.methodcaller("split", delimiter)
        self.add_text_rows(zip(range(line, line + len(lines)), map(split, lines)), _WHOLE, encoded=True)

    def _open_plain(self, jurisdiction: Any, period: Any) -> _Open | None:
        years = self._years  # every report of a year's table opens with the same period, as_year's answer kept
        year = years.get(_key(period), _UNKNOWN)
        if year is _UNKNOWN:
            year = years[_key(period)] = None if is_empty(period) else as_year(period)
        if year is None:
            return None
        key = _key(jurisdiction)
        place = self._places.get(key, _UNKNOWN)
        if place is _UNKNOWN:  # a province's table names a hundred places in thousands of reports
            try:
                place = find_jurisdiction(jurisdiction, self.rules)
            except InputError:
                place = None
            self._places[key] = place
        return None if place is None else self._open(place, year)

    def _indicator_plain(self, indicator: Any) -> str | None:
        if is_empty(indicator):
            return None
        try:
            return find_indicator(indicator, self.rules)
        except InputError:
            return None

    def _cells(self, line: int, values: tuple[Any, ...]) -> Row:
        return {n: Cell(v, self.file, line=line, field=n) for n, v in zip(PLAIN, values) if n != "unit" or self.has_unit}

    # -------------------------------------------------------------------------- pieces read apart

    def fresh(self) -> Grouper:
        """An empty grouper of the same rules, file and settings (for a piece of the file read apart)."""
        return Grouper(self.rules, self.file, keep_all=self.keep_all, target_year=self.target_year,
                       has_unit=self.has_unit)

    def handover(self) -> Handover | None:
        """The reports gathered here as plain data, for :meth:`absorb` in the grouper of the rows before them;
        None when anything here is not what the plain rows of a good table give (a problem, a section, a child):
        then that grouper reads the rows itself, and says what is wrong where one reader would have."""
        if self.found or self.spoiled:
            return None
        out: Handover = []
        for (code, period), b in self.reports.items():
            if b.__class__ is not _Open:
                return None
            if b.added or b.history or b.children or len(b.seen) != 1:
                return None
            lines: Any
            if b.packed is not None:
                keys, lines = b.packed
            else:
                keys, lines = tuple(b.seen_values), list(b.seen_values.values())
            values = b.values  # each value to read into the report's own (none of a section): handed as it is
            if any(item[0] is not values for item in b.pending):
                return None
            out.append((code, period, b.as_of, b.target_year, keys, lines, b.pending))
        return out

    def absorb(self, reports: Handover, settled: Sequence[Any] | None = None,
               needed: dict[tuple[str, int], frozenset[str]] | None = None) -> bool:
        """Take the reports another grouper gathered from the rows that follow those read here, as if this one
        had read them (:meth:`handover`); False, changing nothing, when one of them would have met a problem
        here (an indicator given again, another as_of or target_year). ``settled``: what that grouper's process
        decided of them (:meth:`settle`; None for a report it did not decide), kept for each report not met here
        before; a report met here too is decided with all its rows (its own decision let go). ``needed``: the
        indicators its rules read, as that grouper found them for each place and year (:meth:`needed`)."""
        plan: list[tuple[_Open | None, tuple[Any, ...], Any]] = []
        decided = settled if settled is not None else repeat(None)
        for item, done in zip(reports, decided):
            code, period, as_of, target_year, keys, _, _ = item
            b = self.reports.get((code, period))
            if b is not None:
                if b.__class__ is Settled:
                    b = self._unsettled((code, period), b)
                b = cast("_Open", b)
                mine = b.packed[0] if b.packed is not None else b.seen_values
                if not set(keys).isdisjoint(mine):
                    return False
                for have, given in ((b.as_of, as_of), (b.target_year, target_year)):
                    if have is not None and given is not None and have[0] != given[0]:
                        return False
            plan.append((b, item, done))
        if needed:
            self._needed.update(needed)  # the same rules and target year (fresh): what this grouper would find
        # each list of indicators handed over as one object for the reports that share it (pickle keeps them
        # one): looked up among this grouper's by that object, not hashed again for each report (a tuple's hash
        # is not kept; a dense table's reports give some 150 indicators each)
        shaped: dict[int, tuple[str, ...]] = {}
        for b, item, done in plan:
            if b is None and done is not None:  # decided where it was read: nothing to open here
                self.reports[(item[0], item[1])] = Settled(done, handed=item)
                continue
            fresh = b is None
            if b is None:
                b = self._open(self.rules.resolve(item[0]), item[1])
            self._merge(b, item, fresh, shaped)
        return True

    def _merge(self, b: _Open, item: tuple[Any, ...], fresh: bool = False,
               shaped: dict[int, tuple[str, ...]] | None = None) -> None:
        """A report's rows handed over (an item of :data:`Handover`) added to ``b``; ``fresh``: ``b`` was opened for
        them (nothing refers to its values yet), and takes the values handed over, and the dict they are read
        into, as they are (the forked reader's values to read not made again in the one process at work).
        ``shaped``: the lists of indicators met so far, by the id of the one handed over (absorb's)."""
        _, _, as_of, target_year, keys, lines, pending = item
        shapes = self._shapes
        if shaped is not None:  # the items (and so their lists) live as long as the absorb that passes this
            got = shaped.get(id(keys))
            keys = got if got is not None else shaped.setdefault(id(keys), shapes.setdefault(keys, keys))
        b.as_of = b.as_of or as_of
        b.target_year = b.target_year or target_year
        if fresh and pending and not b.pending and not b.values:
            b.values, b.pending = pending[0][0], pending
        else:
            values = b.values
            b.pending.extend((values, ind, value, unit, line) for _, ind, value, unit, line in pending)
        if b.packed is None and not b.seen_values:  # opened for these rows: kept packed as they were handed over
            b.packed = (shapes.setdefault(keys, keys) if shaped is None else keys, lines)
            return
        b.unpack()
        b.seen_values.update(zip(keys, lines))
        b.pack(shapes)

    def settle(self, decide: Settle, may: Callable[[_Open], bool]) -> None:
        """Decide now, by ``decide``, each report gathered so far that ``may`` be and that no problem spoiled,
        keeping what it gives in the report's place (:class:`Settled`): a process that has read its part of a
        file decides its reports while the other parts are still being read. A report given more rows later is
        taken back and decided with them (:meth:`_open`, :meth:`absorb`)."""
        spoiled = self.spoiled
        chosen = [(key, b) for key, b in self.reports.items()
                  if b.__class__ is _Open and key not in spoiled and key[0] not in spoiled and may(b)]
        if not chosen:
            return
        made = decide(self.report(b) for _, b in chosen)
        for (key, b), item in zip(chosen, made, strict=True):
            self.reports[key] = Settled(item, opened=b)
        # the lookups by the text as written hold the reports themselves: found again through _open from now on
        self._by_text.clear()
        self._by_bytes.clear()

    def needed(self) -> dict[tuple[str, int], frozenset[str]]:
        """The indicators the rules due for each place and year read, as found for the reports gathered here
        (for :meth:`absorb` in the grouper of the rows before them)."""
        return self._needed

    def decided_apart(self, decide: Settle, may: Callable[[_Open], bool]) -> list[Any] | None:
        """:meth:`settle` in a grouper whose reports were handed over (:meth:`handover`, first): what ``decide``
        made of each of them, in that order (None for one not decided), for :meth:`absorb`; None when nothing
        was decided."""
        self.settle(decide, may)
        made = [b.decided if b.__class__ is Settled else None for b in self.reports.values()]
        return made if any(m is not None for m in made) else None

    # -------------------------------------------------------------------------- the reports

    def good(self) -> list[_Open | Settled]:
        """The reports no problem spoiled, in the order their first rows came (decided already: :class:`Settled`)."""
        spoiled = self.spoiled
        return [b for (code, period), b in self.reports.items() if code not in spoiled and (code, period) not in spoiled]

    def check(self) -> list[_Open | Settled]:
        """Spoil each report whose as_of stands before its period (R601); T305 when no row had a value (and
        nothing else was wrong). The reading is over: returns the reports no problem spoiled (:meth:`good`)."""
        for key, b in self.reports.items():
            if b.as_of is not None:
                try:
                    check_as_of(b.as_of[0], b.period)
                except InputError as exc:
                    self._add(list(b.as_of[1].located(exc)), key)
        if not self.reports and not self.problems:
            raise InputError.of(T.NO_VALUES, file=self.file)
        good = self.good()
        if self._prebuilt:  # a report built while waiting that is no longer one here is let go
            ids = {id(b) for b in good}
            for stale in [k for k in self._prebuilt if k not in ids]:
                del self._prebuilt[stale]
        return good

    def finish(self) -> list[Report]:
        """The reports, in the order their first rows came. When some rows had problems, raises
        :class:`PartlyRead` with every problem found and the reports they did not spoil."""
        reports = [self.report(b) for b in self.check() if b.__class__ is _Open]  # a table read whole settles none
        if self.problems:
            raise PartlyRead(self.listed_problems(), reports, self.spoiled_codes())
        return reports

    def spoiled_codes(self) -> set[str]:
        """The jurisdictions some of whose reports a problem spoiled."""
        return {s if isinstance(s, str) else s[0] for s in self.spoiled}

    def prebuild(self, running: Callable[[], bool]) -> None:
        """While ``running()`` (another process still reads the next piece of the file): the reports read so
        far built now, kept for when they are wanted (:meth:`report`), so that what this process would otherwise
        wait through is spent on what it does next anyway. A report that gets more rows meanwhile (its next
        rows in the next piece) is built again when it is wanted."""
        kept = self._prebuilt
        for i, b in enumerate(list(self.reports.values())):
            if not i % 16 and not running():
                return
            if b.__class__ is _Open and b.pending and id(b) not in kept:
                kept[id(b)] = (b, len(b.pending), b.as_of, b.target_year, self._build(b))

    def report(self, b: _Open) -> Report:
        """The report gathered in ``b``, its values read now (or, by :meth:`prebuild`, before, when no row of it
        came since)."""
        got = self._prebuilt.pop(id(b), None) if self._prebuilt else None
        if (got is not None and got[0] is b and got[1] == len(b.pending) and got[2] is b.as_of
                and got[3] is b.target_year):
            return got[4]
        return self._build(b)

    def unread(self, b: _Open) -> Report:
        """:meth:`report`, its values not read yet unless they were (by :meth:`prebuild`): the report holds the
        dict its values are read into, and :meth:`fill` reads them, in the process that decides it. A city's
        report gathers its counties' values by that dict (read.children.gather), so a table's reports may be
        gathered, and a process forked to decide some of them, before any value is read: each process reads the
        values of the reports it decides (docs/design/0040-deciding-split-by-city.md)."""
        got = self._prebuilt.get(id(b)) if self._prebuilt else None
        if got is not None:
            return self.report(b)
        if b.pending:
            self._unread[id(b.values)] = b
        return self._made(b)

    def fill(self, report: Report) -> None:
        """Read the values of ``report`` and of its children (a city's counties, gathered) given by :meth:`unread`
        and not read yet in this process."""
        unread = self._unread
        if not unread:
            return
        b = unread.pop(id(report.values), None)
        if b is not None:
            self._read_values(b)
        for values in report.children.values():
            b = unread.pop(id(values), None)
            if b is not None:
                self._read_values(b)

    def _build(self, b: _Open) -> Report:
        self._read_values(b)
        return self._made(b)

    def _made(self, b: _Open) -> Report:
        return _new_report(b.place, b.period, b.as_of[0] if b.as_of else dt.date(b.period, 12, 31),
                           b.target_year[0] if b.target_year else b.period, b.values, b.history, b.children, b.added,
                           self.file, "table")

    def _read_values(self, b: _Open) -> None:
        """The values of ``b`` still to read, read into their places (its values, history, children)."""
        file, rules, read = self.file, self.rules, self._plain
        for dest, ind_id, value, unit, line in b.pending:
            if value.__class__ is str and (unit is None or unit.__class__ is str):  # a CSV file's text
                key = (ind_id, value, unit)
                plain = read.get(key, _UNKNOWN)
                if plain is _UNKNOWN:
                    if len(read) >= _PLAIN_MOST:
                        read.clear()
                    plain = read[key] = plain_text(ind_id, value, unit, rules)
                if plain is not None:
                    dest[ind_id] = Reported(ind_id, plain[0], plain[1], None, file, line, None, ())
                    continue
            value_cell = value if isinstance(value, Cell) else Cell(value, self.file, line=line, field="value")
            unit_cell = unit if isinstance(unit, Cell) or unit is None else Cell(unit, self.file, line=line, field="unit")
            dest[ind_id] = read_cell(ind_id, value_cell, unit_cell, self.rules)


# a report made directly (core.records.maker: every field of its type, read above): a province's table makes
# thousands, and validation would only copy what was read (tests/test_records.py holds the two to each other)
_new_report = maker(Report, ("jurisdiction", "period", "as_of", "target_year", "values", "history", "children", "added",
                             "file", "layout"))


def _missing_period() -> int:
    raise InputError.of(R.MISSING_PERIOD)


def _period(value: Any, rules: RuleSet) -> int:
    """A period cell's year: R301 when it is empty, R302 when it is no year."""
    return _missing_period() if is_empty(value) else read_year(value)


def _said(p: Problem, lang: str) -> str:
    """A problem's words in one language, with its field: ``period: '1001' is not a year``."""
    said = p.message.text(lang) if isinstance(p.message, Message) else str(p.message)
    return f"{p.field}: {said}" if p.field else said
