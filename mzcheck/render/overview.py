"""The province overview / 总览: several reports at once, jurisdictions down, targets across.

When a run checks several reports (a province-wide table), the HTML page and the workbook open with this
matrix: one row per report, one column per target (indicator), each cell the status of that report's rule
on it, with the gap. Rows are sorted by how far behind each jurisdiction is (docs/design/0021); below the
matrix, each target's distribution (how many met, fell short, missing). Built from the results only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from mzcheck.core.messages import Message
from mzcheck.model.results import CheckResult, Result

# the worse of two results on one indicator in one report decides the cell (lower is worse)
RANK = {"not_met": 0, "invalid": 1, "behind": 2, "missing": 3, "not_due": 4, "on_track": 5, "met": 6}
SHORT = ("not_met", "behind")  # fell short (or is falling behind)
MET = ("met", "on_track")
UNKNOWN = ("missing", "invalid")


@dataclass(frozen=True)
class Column:
    indicator: str
    name: Message


@dataclass
class Row:
    check: CheckResult
    cells: dict[str, Result]  # indicator → the result shown in its cell

    @property
    def short(self) -> int:
        return sum(1 for r in self.cells.values() if r.status in SHORT)

    @property
    def unknown(self) -> int:
        return sum(1 for r in self.cells.values() if r.status in UNKNOWN)

    @property
    def completion(self) -> Decimal | None:
        c = self.check.summary.completion
        if c is None:
            return None
        return c.total if c.shown == "total" else c.mean


@dataclass
class Tally:
    met: int = 0
    short: int = 0
    unknown: int = 0
    other: int = 0  # not due yet


@dataclass
class Overview:
    columns: list[Column]
    rows: list[Row]
    tallies: dict[str, Tally] = field(default_factory=dict)


def behind_key(row: Row) -> tuple[int, int, Decimal, str]:
    """Most behind first: more targets short, then more unknown, then the lower overall 完成率, then the code."""
    rate = row.completion
    return (-row.short, -row.unknown, rate if rate is not None else Decimal("Infinity"), row.check.report.code)


def overview(results: Sequence[CheckResult]) -> Overview:
    """The matrix of ``results``: columns in the order the targets first appear, rows most behind first."""
    columns: dict[str, Column] = {}
    rows = []
    for check in results:
        cells: dict[str, Result] = {}
        for r in check.results:
            columns.setdefault(r.indicator, Column(r.indicator, r.indicator_name))
            kept = cells.get(r.indicator)
            if kept is None or RANK[r.status] < RANK[kept.status]:
                cells[r.indicator] = r
        rows.append(Row(check, cells))
    rows.sort(key=behind_key)
    tallies = {c: Tally() for c in columns}
    for row in rows:
        for ind, r in row.cells.items():
            t = tallies[ind]
            if r.status in MET:
                t.met += 1
            elif r.status in SHORT:
                t.short += 1
            elif r.status in UNKNOWN:
                t.unknown += 1
            else:
                t.other += 1
    return Overview(list(columns.values()), rows, tallies)
