"""What every history store keeps, and how, whatever the database / 历史记录库的记录与共同逻辑.

A :class:`Record` is one checked report: the report's row (jurisdiction, period, as_of, …, and ``uid``, a
random 128-bit id given when it is recorded) and the rows of its values, observations and results.
:class:`HistoryStore` is the one interface of the SQLite and PostgreSQL backends: they differ only in how a
transaction is opened, how a report row is inserted and how a query runs; the records, the queries and the
order things come back in are here, so both stores give the same answers.

``uid`` makes writing a record idempotent: a record whose uid is there already is not written again, so a
retry after a lost connection, or importing the same export twice, never doubles a report.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from fractions import Fraction
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from mzcheck.engine.interim import Point, Recorded
from mzcheck.kinds.observe import observe

if TYPE_CHECKING:
    from mzcheck.load.ruleset import RuleSet
    from mzcheck.model.report import Report, Values
    from mzcheck.model.results import CheckResult

SCHEMA_VERSION = 2  # 1: the first SQLite store; 2: reports.uid
MEASURED = ("met", "not_met", "on_track", "behind", "not_due", "waived")  # results with an actual worth keeping
TABLES = ("reports", "reported_values", "observations", "results")
REPORT_FIELDS = ("uid", "jurisdiction_code", "jurisdiction_name", "period", "as_of", "target_year", "file",
                 "recorded_at")
VALUE_FIELDS = ("section", "indicator", "raw", "unit", "base", "qualifier", "error")
OBSERVATION_FIELDS = ("indicator", "base", "derived")
RESULT_FIELDS = ("rule_id", "status", "severity", "actual", "unit", "target", "completion")
CHILD_TABLES = {"reported_values": VALUE_FIELDS, "observations": OBSERVATION_FIELDS, "results": RESULT_FIELDS}

# a report recorded again for the same date replaces the earlier record in every series
_LATEST = "SELECT MAX(id) FROM reports WHERE jurisdiction_code = ? GROUP BY as_of"


def rational(value: Fraction) -> str:
    """``Fraction(2761, 100)`` → ``"2761/100"``: exact, and readable back with ``Fraction(text)``."""
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class SeriesPoint:
    """One recorded value of an indicator, for ``mzcheck history``."""

    indicator: str
    as_of: dt.date
    period: int
    base: Fraction
    raw: str | None  # as written; None when derived from components
    unit: str | None
    derived: bool
    file: str | None
    recorded_at: str


Row = tuple[Any, ...]


@dataclass(frozen=True)
class Record:
    """One checked report as a store keeps it; the child rows in a fixed order (by section and indicator, by
    indicator, by rule), so the same report reads back the same from any store."""

    report: Row  # the values of REPORT_FIELDS
    values: tuple[Row, ...]  # VALUE_FIELDS
    observations: tuple[Row, ...]  # OBSERVATION_FIELDS
    results: tuple[Row, ...]  # RESULT_FIELDS

    @property
    def uid(self) -> str:
        return str(self.report[0])

    def children(self) -> dict[str, tuple[Row, ...]]:
        return {"reported_values": self.values, "observations": self.observations, "results": self.results}

    @staticmethod
    def of(report: Row, values: Iterable[Row], observations: Iterable[Row], results: Iterable[Row]) -> Record:
        """A record with its rows put in the fixed order."""
        return Record(tuple(report), tuple(sorted(map(tuple, values), key=lambda v: (v[0], v[1]))),
                      tuple(sorted(map(tuple, observations), key=lambda o: o[0])),
                      tuple(sorted(map(tuple, results), key=lambda r: r[0])))


def new_uid() -> str:
    import uuid  # with its import of platform, some 2 ms of a start that records nothing

    return uuid.uuid4().hex


def legacy_uid(report_id: int, report: Sequence[Any]) -> str:
    """The uid of a report recorded by a version-1 store (which had none): derived from its row, so the
    migration and an export of an unmigrated file give the same one."""
    import hashlib  # OpenSSL's loading: some 4 ms of a start that never migrates a store

    text = json.dumps([report_id, *report], ensure_ascii=False, default=str)
    return "v1" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:30]


def record_of(rules: RuleSet, report: Report, check: CheckResult) -> Record:
    """What a store keeps of a checked report."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    sections: list[tuple[str, Values]] = [("values", report.values), ("added", report.added)]
    sections += [(f"history:{y}", v) for y, v in sorted(report.history.items())]
    sections += [(f"child:{name}", v) for name, v in report.children.items()]
    observations = []
    for ind in rules.indicators.values():
        obs = observe(ind, report.values)
        if obs.usable and obs.base is not None and obs.qualifier in (None, "=="):
            observations.append((ind.id, rational(obs.base), int(ind.id not in report.values)))
    values = [(section, ind_id, rep.raw, rep.quantity.unit.text if rep.quantity else None,
               rational(rep.quantity.base) if rep.quantity is not None and not rep.error else None,
               rep.value.qualifier if rep.value else None, rep.error.both() if rep.error is not None else None)
              for section, vals in sections for ind_id, rep in vals.items()]
    results = [(r.rule_id, r.status, r.severity,
                str(r.actual.value) if r.actual is not None and not isinstance(r.actual.value, list) else None,
                r.target.unit, json.dumps({"value": _json_value(r.target.value), "unit": r.target.unit}),
                str(r.completion.value) if r.completion is not None else None)
               for r in check.results if r.status in MEASURED]
    head = (new_uid(), report.jurisdiction.code, report.jurisdiction.name, report.period, report.as_of.isoformat(),
            report.target_year, report.file, now)
    return Record.of(head, values, observations, results)


def _json_value(value: object) -> object:
    if isinstance(value, list):
        return [str(v) for v in value]
    return None if value is None else str(value)


class Writer(Protocol):
    """One open write transaction of a backend."""

    def insert_report(self, report: Row) -> int | None:
        """Insert the report row; its id, or None when a report with its uid is there already."""

    def insert_rows(self, table: str, fields: Sequence[str], rows: Sequence[Row]) -> None:
        """Insert child rows (each starting with the report id)."""


class HistoryStore:
    """An open history store, SQLite or PostgreSQL. Use :func:`mzcheck.history.store.open_store`; close it
    (or use ``with``)."""

    backend = ""  # "sqlite" or "postgresql"
    location = ""  # for messages: the file, or the URL without its password
    version = SCHEMA_VERSION  # the schema version of the store as opened
    _uid_column = "uid"  # "NULL" for a version-1 store read as it is

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # ------------------------------------------------------------------------- what a backend gives

    def close(self) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a read with ``?`` placeholders."""
        raise NotImplementedError

    def writing(self) -> AbstractContextManager[Writer]:
        """One write transaction: committed at the end of the block, rolled back on any error."""
        raise NotImplementedError

    def _write_retrying(self, record: Record) -> int:
        """Write one record, trying again where the backend can (a lost connection): the uid keeps it once."""
        rid = self.add([record])[0]
        return rid if rid is not None else self.report_id(record.uid)

    # ----------------------------------------------------------------------------------- writing

    def record(self, rules: RuleSet, report: Report, check: CheckResult) -> int:
        """Keep a checked report and its results, in one transaction; returns its id in the store."""
        return self._write_retrying(record_of(rules, report, check))

    def add(self, records: Sequence[Record]) -> list[int | None]:
        """Write records in one transaction; for each, its new id, or None when its uid is there already."""
        out: list[int | None] = []
        with self.writing() as w:
            for rec in records:
                rid = w.insert_report(rec.report)
                out.append(rid)
                if rid is None:
                    continue
                for table, rows in rec.children().items():
                    if rows:
                        w.insert_rows(table, CHILD_TABLES[table], [(rid, *row) for row in rows])
        return out

    # ----------------------------------------------------------------------------------- reading

    def report_id(self, uid: str) -> int:
        return int(self.query("SELECT id FROM reports WHERE uid = ?", (uid,))[0][0])

    def recorded(self, code: str) -> Recorded:
        """Earlier values of one jurisdiction, for trend projections (:class:`mzcheck.interim.Recorded`)."""
        out = Recorded()
        rows = self.query("SELECT r.as_of, o.indicator, o.base FROM observations o JOIN reports r ON r.id = o.report_id "
                          f"WHERE r.id IN ({_LATEST})", (code,))
        for as_of, indicator, base in sorted(rows):
            out.observations.setdefault(indicator, []).append(
                Point(dt.date.fromisoformat(as_of), Fraction(base), "recorded"))
        rows = self.query("SELECT r.as_of, s.rule_id, s.actual FROM results s JOIN reports r ON r.id = s.report_id "
                          f"WHERE r.id IN ({_LATEST}) AND s.actual IS NOT NULL", (code,))
        for as_of, rule_id, actual in sorted(rows):
            out.results.setdefault(rule_id, []).append(Point(dt.date.fromisoformat(as_of), Fraction(actual), "recorded"))
        return out

    def series(self, code: str, indicator: str | None = None) -> list[SeriesPoint]:
        """The recorded values of a jurisdiction (one indicator, or all), by indicator and date."""
        query = ("SELECT o.indicator, r.as_of, r.period, o.base, v.raw, v.unit, o.derived, r.file, r.recorded_at "
                 "FROM observations o JOIN reports r ON r.id = o.report_id "
                 "LEFT JOIN reported_values v ON v.report_id = o.report_id AND v.section = 'values' "
                 "AND v.indicator = o.indicator "
                 f"WHERE r.id IN ({_LATEST})")
        params: list[str] = [code]
        if indicator is not None:
            query += " AND o.indicator = ?"
            params.append(indicator)
        rows = sorted(self.query(query, params), key=lambda r: (r[0], r[1]))  # no collation of the database's
        return [SeriesPoint(ind, dt.date.fromisoformat(as_of), period, Fraction(base), raw, unit, bool(derived), file,
                            recorded_at)
                for ind, as_of, period, base, raw, unit, derived, file, recorded_at in rows]

    def count(self) -> int:
        """How many reports are recorded."""
        return int(self.query("SELECT COUNT(*) FROM reports")[0][0])

    def records(self, batch: int = 500) -> Iterator[Record]:
        """Every record, in the order recorded (for ``mzcheck history export``); memory bounded by ``batch``."""
        last = -1
        fields = ", ".join(("id", self._uid_column, *REPORT_FIELDS[1:]))
        while True:
            heads = self.query(f"SELECT {fields} FROM reports WHERE id > ? ORDER BY id LIMIT {int(batch)}", (last,))
            if not heads:
                return
            low, last = heads[0][0], heads[-1][0]
            children: dict[str, dict[int, list[Row]]] = {}
            for table, names in CHILD_TABLES.items():
                rows = self.query(f"SELECT report_id, {', '.join(names)} FROM {table} "
                                  "WHERE report_id >= ? AND report_id <= ?", (low, last))
                by_report = children[table] = {}
                for row in rows:
                    by_report.setdefault(row[0], []).append(row[1:])
            for head in heads:
                rid, report = head[0], head[1:]
                if report[0] is None:  # a version-1 store, read without migrating it
                    report = (legacy_uid(rid, report[1:]), *report[1:])
                yield Record.of(report, children["reported_values"].get(rid, []),
                                children["observations"].get(rid, []), children["results"].get(rid, []))
