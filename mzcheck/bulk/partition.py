"""A table checked in parts, as Dask and Spark check it / 分块检查.

A distributed engine hands :func:`mzcheck.bulk.evaluate_table` one part of a big table at a time. Two things
make the parts give exactly what the whole table gives:

- every row of a report is in the same part. A report is one jurisdiction and one period however they are
  written (``杭州市``, ``杭州`` and ``330100`` are one report), and the rows of its child units (the
  ``child`` column) name the parent, so they belong to the parent's report: :class:`ReportKeys` gives each
  row the key to group by;
- a parent with a rule for each child unit meets its children's own reports in the same part: the table
  gathers them into the parent's report (:func:`mzcheck.read.children.gather`), so a child unit's rows key
  on the parent (and on the parent's parent, when that one too has such a rule: docs/design/0026);
- a part knows whether the table holds more than one report (:func:`reported_keys`), as the whole table
  does: a table of a single report gathers nothing;
- an error names the row in the whole table: :func:`check_part` checks a part whose rows carry their
  position in the whole table (column :data:`ROW`) and writes those positions into its messages.

Rows whose jurisdiction or period cannot be read get a key of their own text, so they meet the rows they
would meet in one call, and the part says what is wrong with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mzcheck.bulk import evaluate_table
from mzcheck.bulk.tables import each_child_parents, evaluate_part
from mzcheck.core.errors import InputError, Problem, Said
from mzcheck.core.messages import Message
from mzcheck.read import table as tables

if TYPE_CHECKING:
    from mzcheck.load.ruleset import RuleSet
from mzcheck.model.waivers import Waivers

__all__ = ["KEY", "ROW", "ReportKeys", "check_columns", "check_part", "report_columns", "reported_keys"]

KEY = "_mzcheck_report"  # the reports a row goes with: "<code>|<year>" (evaluate_table ignores the column)
ROW = "_mzcheck_row"  # the row's position in the whole table, from 1
_PART = "<mzcheck part>"  # the name a part is checked under, then replaced by the table's name and row
_AT = re.compile(re.escape(_PART) + r":(\d+)")


def report_columns(columns: Iterable[str]) -> tuple[str, str, str]:
    """The names of the jurisdiction, period and value columns (地区, 年度, 数值 … as the table spells them).

    Call :func:`check_columns` first: it raises what ``evaluate_table`` raises for missing columns.
    """
    found = {tables.header_name(str(c)): str(c) for c in columns}
    return found["jurisdiction"], found["period"], found["value"]


def check_columns(rules: RuleSet, columns: Sequence[str], name: str = "table") -> None:
    """Raise, before any part runs, the error evaluate_table gives a table with these columns (a missing or
    repeated column), so an engine says it at once instead of from inside a worker."""
    evaluate_table(rules, {str(c): [None] for c in columns}, name=name)  # no value: checks the header only


class ReportKeys:
    """The key of a row's report, remembered for each spelling: a national table names each place and year in
    thousands of rows. The key is ``<code>|<year>`` of the report's jurisdiction, or of its parent when the
    parent sets a rule for each child unit (in any year), and so on up while the parent's parent does too:
    the rows a parent's each-child rule gathers are then in the parent's part."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._parents = each_child_parents(rules)
        self._places: dict[Any, str] = {}
        self._years: dict[Any, str] = {}

    def __call__(self, jurisdictions: Iterable[Any], periods: Iterable[Any]) -> list[str]:
        """The key of each row, from its jurisdiction and period cells."""
        return [f"{self._place(j)}|{self._year(p)}" for j, p in zip(jurisdictions, periods)]

    def _place(self, value: Any) -> str:
        key = value if type(value) is str else (type(value), value)
        try:
            return self._places[key]
        except KeyError:
            text = "" if _missing(value) else tables.Cell(value, "").text
            place = self.rules.jurisdiction(text) if text else None
            found = self._places[key] = self._group(place.code, place.parent) if place is not None else f"?{text}"
            return found
        except TypeError:  # an unhashable cell: worked out each time
            return f"?{value!r}"

    def _group(self, code: str, parent: str | None) -> str:
        """The jurisdiction whose part a report of ``code`` (whose parent is ``parent``) is checked in."""
        seen = {code}
        while parent is not None and parent in self._parents and parent not in seen:
            seen.add(parent)
            code, parent = parent, self.rules.jurisdictions[parent].parent
        return code

    def _year(self, value: Any) -> str:
        key = value if type(value) is str else (type(value), value)
        try:
            return self._years[key]
        except KeyError:
            if _missing(value):
                found = self._years[key] = "?"
            else:
                year = tables.as_year(value)
                found = self._years[key] = str(year) if year is not None else f"?{tables.Cell(value, '').text}"
            return found
        except TypeError:
            return f"?{value!r}"


def _missing(value: Any) -> bool:
    """An empty cell as evaluate_table sees it: None, NaN, pandas' NA and NaT."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def reported_keys(keys: Iterable[str], values: Iterable[Any], most: int = 2) -> list[str]:
    """The distinct keys of the rows that report a value (a row with an empty value is no report's), the first
    ``most`` of them: the table holds more than one report when the keys of all its parts are two or more."""
    found: dict[str, None] = {}
    for key, value in zip(keys, values):
        if key not in found and not _missing(value) and not tables.Cell(value, "").empty:
            found[key] = None
            if len(found) >= most:
                break
    return list(found)


def check_part(rules: RuleSet, part: Any, rows: Sequence[int], *, name: str = "table",
               target_year: int | None = None, many: bool = False, waivers: Waivers | None = None) -> Any:
    """``evaluate_table(rules, part)`` for a part of a larger table; ``rows[i]`` is the position of the part's
    row ``i`` in the whole table. The part's rows must be in the table's order (so a repeated indicator is
    reported at the same first row). An error names ``name:<row in the whole table>``, as evaluate_table on
    the whole table names it. ``many``: the whole table holds more than one report (its keys, from
    :func:`reported_keys`, are two or more), so the part gathers child units' reports as the table does."""
    try:
        return evaluate_part(rules, part, target_year=target_year, name=_PART, part=many, waivers=waivers)
    except InputError as exc:
        raise InputError([_relocated(p, rows, name) for p in exc.problems]) from None


def _relocated(p: Problem, rows: Sequence[int], name: str) -> Problem:
    def at(match: re.Match[str]) -> str:
        return f"{name}:{rows[int(match.group(1)) - 1]}"

    def fix(text: str) -> str:
        return _AT.sub(at, text).replace(_PART, name)

    def said(text: Said | None) -> Any:
        if isinstance(text, Message):
            return Message(zh=fix(text.zh), en=fix(text.en), code=text.code)
        return None if text is None else fix(text)

    line = rows[p.line - 1] if p.file == _PART and p.line is not None else p.line
    return Problem(said(p.message), name if p.file == _PART else p.file, line, p.field, said(p.help), p.cell)
