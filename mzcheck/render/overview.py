"""The province overview / 总览: several reports at once, jurisdictions down, targets across.

When a run checks several reports (a province-wide table), the HTML page and the workbook open with this
matrix: one row per report, one column per target (indicator), each cell the status of that report's rule
on it, with the gap. Rows are sorted by how far behind each jurisdiction is (docs/design/0021); below the
matrix, each target's distribution (how many met, fell short, missing). Built from the results only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from mzcheck.core.messages import Message
from mzcheck.model.results import Amount, CheckResult, ReportInfo, Result
from mzcheck.model.rules import Status, Strength
from mzcheck.render.words import places_of

# the worse of two results on one indicator in one report decides the cell (lower is worse)
RANK = {"not_met": 0, "invalid": 1, "behind": 2, "missing": 3, "not_due": 4, "waived": 4, "on_track": 5, "met": 6}
SHORT = ("not_met", "behind")  # fell short (or is falling behind)
MET = ("met", "on_track")
UNKNOWN = ("missing", "invalid")


@dataclass(frozen=True)
class Column:
    indicator: str
    name: Message


@dataclass(frozen=True, slots=True)
class Shown:
    """What a cell shows of a result: its status, the gap, the verdict on hover. The result itself is let go,
    so a workbook of a nation's reports keeps a few fields a cell, not every result whole."""

    status: Status
    strength: Strength
    indicator_name: Message
    message: Message
    gap: Amount | None
    places: int  # decimals to show the gap with: those of the target and the actual value, at most 2

    @classmethod
    def of(cls, r: Result) -> Shown:
        return cls(r.status, r.strength, r.indicator_name, r.message, r.gap, places_of(r.target, r.actual))


@dataclass
class Row:
    report: ReportInfo
    completion: Decimal | None  # the report's overall 完成率, as its summary shows it
    cells: dict[str, Shown]  # indicator → what its cell shows

    @property
    def short(self) -> int:
        return sum(1 for r in self.cells.values() if r.status in SHORT)

    @property
    def unknown(self) -> int:
        return sum(1 for r in self.cells.values() if r.status in UNKNOWN)


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
    return (-row.short, -row.unknown, rate if rate is not None else Decimal("Infinity"), row.report.code)


class Builder:
    """The overview of reports added one at a time (a workbook's details are written meanwhile)."""

    def __init__(self) -> None:
        self.columns: dict[str, Column] = {}
        self.rows: list[Row] = []

    def add(self, check: CheckResult) -> None:
        cells: dict[str, Result] = {}
        for r in check.results:
            self.columns.setdefault(r.indicator, Column(r.indicator, r.indicator_name))
            kept = cells.get(r.indicator)
            if kept is None or RANK[r.status] < RANK[kept.status]:
                cells[r.indicator] = r
        c = check.summary.completion
        rate = None if c is None else c.total if c.shown == "total" else c.mean
        self.rows.append(Row(check.report, rate, {ind: Shown.of(r) for ind, r in cells.items()}))

    def finish(self) -> Overview:
        """The matrix: columns in the order the targets first appear, rows most behind first."""
        rows = sorted(self.rows, key=behind_key)
        tallies = {c: Tally() for c in self.columns}
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
        return Overview(list(self.columns.values()), rows, tallies)


def overview(results: Iterable[CheckResult]) -> Overview:
    """The matrix of ``results``: columns in the order the targets first appear, rows most behind first."""
    built = Builder()
    for check in results:
        built.add(check)
    return built.finish()
