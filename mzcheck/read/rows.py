"""Table rows → reports: the one grouping of every table / 表格行归并为报表.

A report table has one row per reported value, with the columns of DESIGN.md::

    jurisdiction | period | indicator | value | unit        (地区 | 年度 | 指标 | 数值 | 单位)

``unit`` may be missing or empty (a bare number is in the indicator's unit). Optional columns: ``as_of``
(截至日期), ``target_year`` (对照年度), ``section`` (类别: empty or ``values`` for the value at the end of
the period, ``added``/新增 for the amount added in it, or a year such as ``2023`` for an earlier period's
value, the table form of YAML's ``history:``) and ``child`` (下级地区, the table form of ``children:``).
Other columns are ignored. Rows for several jurisdictions or periods make several reports; empty rows and
rows with no value are skipped.

The CSV/TSV and Excel readers (:mod:`mzcheck.read.table`), the big-CSV stream (:mod:`mzcheck.read.stream`)
and the bulk API (:func:`mzcheck.bulk.evaluate_table`) all group their rows with :class:`Grouper`, and
every field goes through :mod:`mzcheck.read.fields`, so a table gives the same reports and the same
messages however it arrives. :meth:`Grouper.add_row` is the one place that decides and words a row's
problems. :meth:`Grouper.add_plain` (a row of the five plain columns as raw values) and
:meth:`Grouper.add_text_rows` (a million such rows of text, the stream's) are its fast path: they look up
only what they have seen before and hand anything new, unknown or repeated to :meth:`Grouper.add_row`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
import re
from array import array
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from mzcheck.core.codes import reports as R
from mzcheck.core.codes import tables as T
from mzcheck.core.errors import InputError, Problem, Said, problem
from mzcheck.core.messages import Code, did_you_mean
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report, Reported, Values
from mzcheck.model.rules import Jurisdiction
from mzcheck.read.fields import (
    as_year,
    find_indicator,
    find_jurisdiction,
    is_empty,
    read_date,
    read_value,
    read_year,
    text_of,
    where,
)

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
    percent = "%" in cell.number_format and unit.strip().lower() in ("", *_PERCENT_UNITS)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return repr(v)
        number = Decimal(repr(v))
        if percent:
            return (_plain(number * 100) + "%", "%")
        return int(v) if v.is_integer() else number
    if isinstance(v, int) and not isinstance(v, bool) and percent:
        return (_plain(Decimal(v) * 100) + "%", "%")
    return v


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


def header_name(text: str) -> str | None:
    """The column a header names: ``数值``, ``value``, ``数值 / value`` → ``value``."""
    for part in re.split(r"[/|\n]", text):
        key = "".join(part.split()).lower()
        key = re.sub(r"[((].*[))]$", "", key)  # 数值(必填) → 数值
        if key in _HEADER_WORDS:
            return _HEADER_WORDS[key]
    return None


def header_columns(cells: list[Cell]) -> dict[int, str]:
    """Column position → the column it names, for the cells of a header row."""
    names = {j: header_name(c.text) for j, c in enumerate(cells) if not c.empty}
    return {j: n for j, n in names.items() if n is not None}


def header_problems(cells: list[Cell], found: dict[int, str]) -> list[Problem]:
    """What is wrong with a header row: a column twice, a near miss of a column name, a required one missing."""
    problems: list[Problem] = []
    seen: dict[str, Cell] = {}
    for j, n in found.items():
        if n in seen:
            problems.append(cells[j].problem(T.DUPLICATE_COLUMN, name=n, text=cells[j].text, first=seen[n].text))
        seen.setdefault(n, cells[j])
    for j, c in enumerate(cells):
        if j in found or c.empty:
            continue
        close = difflib.get_close_matches("".join(c.text.split()).lower(), list(_HEADER_WORDS), n=1, cutoff=0.8)
        if close:  # a typo of a column mzcheck reads would silently lose it: say so
            problems.append(c.problem(T.UNKNOWN_COLUMN, help=did_you_mean(close), text=c.text))
    missing = [n for n in REQUIRED if n not in found.values()]
    if missing and cells:
        problems.append(cells[0].problem(T.MISSING_COLUMNS, names_en=", ".join(missing),
                                         names_zh="、".join(COLUMNS[n][1] for n in missing)))
    return problems


def find_header(grid: list[tuple[int, list[Cell]]], file: str, where_en: str, where_zh: str) -> tuple[int, dict[int, str]]:
    """The header row among the first rows of ``grid`` (the first naming indicator and value) and its
    columns; an :class:`InputError` with every problem of it, or T101 when there is none."""
    for i, (_, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = header_columns(cells)
        if {"indicator", "value"} <= set(found.values()):
            problems = header_problems(cells, found)
            if problems:
                raise InputError(problems)
            return i, found
    expected = ", ".join(f"{n} ({COLUMNS[n][1]})" for n in (*REQUIRED, "unit"))
    raise InputError.of(T.NO_HEADER, file=file, expected_en=expected, where_en=where_en, where_zh=where_zh)


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
    packed: tuple[tuple[str, ...], array[int]] | None = None

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


_UNKNOWN: Any = object()


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
        self.reports: dict[tuple[str, int], _Open] = {}
        self.rows = 0  # data rows seen (set by the reader)
        self._by_text: dict[Any, _Open | None] = {}  # (jurisdiction, period) as written → the report
        self._indicators: dict[Any, str | None] = {}  # indicator as written → id
        self._places: dict[Any, Jurisdiction | None] = {}  # jurisdiction as written → the place
        self._needed: dict[tuple[str, int], frozenset[str]] = {}
        self._shapes: dict[tuple[str, ...], tuple[str, ...]] = {}  # _Open.pack: the indicator lists, shared

    # -------------------------------------------------------------------------- the general path

    def add_row(self, row: Row) -> None:
        """One data row, by column name; its problems are kept (and raised, all at once, by :meth:`finish`)."""
        value, ind_cell = row["value"], row["indicator"]
        if value.empty:
            return  # a template row not filled in: the indicator is not reported
        if isinstance(value.value, Uncached):
            self.problems.append(value.problem(T.NO_SAVED_RESULT, formula=value.value.formula))
            return
        if ind_cell.empty:
            self.problems.append(ind_cell.problem(T.VALUE_WITHOUT_INDICATOR))
            return
        place = self._read(row["jurisdiction"], lambda c: find_jurisdiction(c.value, self.rules))
        period = self._read(row["period"], lambda c: read_year(c.value) if not c.empty else _missing_period())
        ind_id = self._read(ind_cell, lambda c: find_indicator(c.value, self.rules))
        if place is None or period is None or ind_id is None:
            return
        b = self._open(place, period)
        b.unpack()
        self._once(b, "as_of", row.get("as_of"), lambda c: read_date(c.value))
        self._once(b, "target_year", row.get("target_year"), lambda c: read_year(c.value))
        target = self._slot(b, row)
        if target is None:
            return
        slot, dest = target
        seen = b.seen.setdefault(slot, {})
        first = seen.get(ind_id)
        if first is not None:
            self.problems.append(ind_cell.problem(R.REPEATED_INDICATOR, name=ind_cell.text, id=ind_id,
                                                  first=self._where(first)))
            return
        seen[ind_id] = ind_cell
        if ind_id in b.keep:
            b.pending.append((dest, ind_id, value, row.get("unit"), value.line))

    def _read(self, cell: Cell, read: Any) -> Any:
        try:
            return read(cell)
        except InputError as exc:
            self.problems.extend(cell.located(exc))
            return None

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
            self.problems.append(cell.problem(T.PER_REPORT_DIFFERS, what_en=name, what_zh=what, value=value,
                                              first=first[0], first_where=first[1].where))

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
            self.problems.append(sec.problem(T.BAD_SECTION, text=sec.text))
            return None
        if child is not None and not child.empty:
            if slot != "values":
                self.problems.append(child.problem(T.CHILD_TAKES_VALUES))
                return None
            return f"child {child.text}", b.children.setdefault(child.text, {})
        return slot, dest

    def _open(self, place: Jurisdiction, period: int) -> _Open:
        b = self.reports.get((place.code, period))
        if b is None:
            keep = EVERYTHING if self.keep_all else self._needed_by(place.code, period)
            b = self.reports[(place.code, period)] = _Open(place, period, keep)
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

    def add_plain(self, line: int, jurisdiction: Any, period: Any, indicator: Any, value: Any, unit: Any) -> None:
        """One row of the plain columns as raw values (``unit`` None without a unit column): the report and
        indicator are looked up by the text as written; whatever is new, unknown or repeated goes to
        :meth:`add_row`, which decides and words it."""
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
            self.add_row(self._cells(line, (jurisdiction, period, indicator, value, unit)))
            return
        if ind in report.keep:
            report.pending.append((report.values, ind, value, unit, line))

    def add_text_rows(self, rows: Iterable[tuple[int, Sequence[str]]], columns: Sequence[int | None]) -> None:
        """Rows of text fields (a CSV file's), each with its line; ``columns`` gives the position of each plain
        column in a row (None: the table has no unit column). The common row (a report and an indicator seen
        before, not repeated) is answered here from the lookups :meth:`add_plain` made, with every name it
        needs a local: this loop runs once per row of a million-row file, and the rows are best handed over
        by C iterators (``zip``, ``map``). Any other row goes to :meth:`add_plain`. Rows of one report usually
        follow each other, so the report is looked up again only when the jurisdiction or period changes."""
        by_text, indicators, general, shapes = self._by_text, self._indicators, self.add_plain, self._shapes
        ji, pi, ii, vi, ui = columns
        assert ji is not None and pi is not None and ii is not None and vi is not None
        whole = tuple(columns) == (0, 1, 2, 3, 4)  # exactly the plain columns: unpacked as they come
        pick = operator.itemgetter(ji, pi, ii, vi, ui if ui is not None else vi)
        last_j: str | None = None
        last_p: str | None = None
        report: Any = _UNKNOWN
        first: Any = None  # the current report's seen_values.setdefault; None while the report is not known
        keep: Container[str] = ()
        for line, fields in rows:
            try:
                j, p, i, v, u = fields if whole else pick(fields)
            except (ValueError, IndexError):  # a short row, or a long one of the plain layout
                general(line, *(fields[k] if k is not None and k < len(fields) else None for k in columns))
                last_j = None
                continue
            if not v.strip():
                continue
            if j != last_j or p != last_p:
                found = by_text.get((j, p), _UNKNOWN)
                if found is not report:  # the rows of another report: this one's lines packed away
                    if report is not _UNKNOWN and report is not None:
                        report.pack(shapes)
                    if found is not _UNKNOWN and found is not None:
                        found.unpack()
                report, last_j, last_p = found, j, p
                if found is _UNKNOWN or found is None:
                    first = None
                else:
                    first, keep = found.seen_values.setdefault, found.keep
            ind = indicators.get(i, _UNKNOWN)
            if first is None or ind is _UNKNOWN or ind is None or first(ind, line) is not line:
                general(line, j, p, i, v, u if ui is not None else None)
                last_j = None  # the general path may have opened the report
                continue
            if ind in keep:
                report.pending.append((report.values, ind, v, u if ui is not None else None, line))

    def _open_plain(self, jurisdiction: Any, period: Any) -> _Open | None:
        year = None if is_empty(period) else as_year(period)
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

    # -------------------------------------------------------------------------- the reports

    def check(self) -> None:
        """Raise every problem found, all at once, or T305 when no row had a value."""
        if self.problems:
            raise InputError(self.problems)
        if not self.reports:
            raise InputError.of(T.NO_VALUES, file=self.file)

    def finish(self) -> list[Report]:
        """The reports, in the order their first rows came; raises the problems found."""
        self.check()
        return [self.report(b) for b in self.reports.values()]

    def report(self, b: _Open) -> Report:
        """The report gathered in ``b``, its values read now."""
        for dest, ind_id, value, unit, line in b.pending:
            value_cell = value if isinstance(value, Cell) else Cell(value, self.file, line=line, field="value")
            unit_cell = unit if isinstance(unit, Cell) or unit is None else Cell(unit, self.file, line=line, field="unit")
            dest[ind_id] = read_cell(ind_id, value_cell, unit_cell, self.rules)
        return Report(jurisdiction=b.place, period=b.period,
                      as_of=b.as_of[0] if b.as_of else dt.date(b.period, 12, 31),
                      target_year=b.target_year[0] if b.target_year else b.period,
                      values=b.values, history=b.history, children=b.children, added=b.added, file=self.file)


def _missing_period() -> int:
    raise InputError.of(R.MISSING_PERIOD)
