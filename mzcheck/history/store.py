"""The history store: checked reports kept in an embedded SQLite database / 历史记录库.

``mzcheck check --record`` keeps each checked report — jurisdiction, period, as_of, every value as
written with its unit and its exact base value (a rational ``p/q``), the indicator values it gives
(derived ratios included) and the results — so a later interim check can project a level from the
recorded series when the report carries no ``history:``. ``mzcheck history`` prints the series.

The file lives at ``--history-db PATH``, else ``$MZCHECK_HISTORY``, else
``$XDG_DATA_HOME/mzcheck/history.sqlite3`` (``~/.local/share/mzcheck/history.sqlite3``); it is created
only when recording. Several processes may record at once: WAL journal, one ``BEGIN IMMEDIATE``
transaction per report, a busy timeout. A file that is not mzcheck's (not SQLite, another program's
SQLite, a newer schema, damaged) is refused with a message and never written to. The schema version is
``PRAGMA user_version``; ``PRAGMA application_id`` marks the file as mzcheck's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from mzcheck.core.errors import InputError
from mzcheck.engine.interim import Point, Recorded
from mzcheck.kinds.observe import observe

if TYPE_CHECKING:
    from mzcheck.load.ruleset import RuleSet
    from mzcheck.model.report import Report, Values
    from mzcheck.model.results import CheckResult

ENV_VAR = "MZCHECK_HISTORY"
APPLICATION_ID = 0x6D7A636B  # "mzck": marks the file as mzcheck's history store
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA_V1 = """
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    jurisdiction_code TEXT NOT NULL,       -- GB/T 2260
    jurisdiction_name TEXT NOT NULL,
    period INTEGER NOT NULL,
    as_of TEXT NOT NULL,                   -- ISO date the values stand at
    target_year INTEGER NOT NULL,
    file TEXT,
    recorded_at TEXT NOT NULL              -- ISO timestamp, UTC
);
CREATE INDEX reports_by_place ON reports (jurisdiction_code, as_of);
CREATE TABLE reported_values (             -- every value as the report wrote it
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    section TEXT NOT NULL,                 -- values | added | history:2024 | child:西湖区
    indicator TEXT NOT NULL,
    raw TEXT NOT NULL,                     -- exactly as written: 190.5万人, 27.61
    unit TEXT,                             -- the unit it was read in: 万人, 人/万名老年人
    base TEXT,                             -- exact value in base units, a rational p/q; NULL when unusable
    qualifier TEXT,                        -- >, >=, <, <=, ~ for 超过19, 约…
    error TEXT                             -- why the value is unusable
);
CREATE INDEX reported_values_by_report ON reported_values (report_id);
CREATE TABLE observations (                -- each indicator's value in the report, derived ratios included
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    base TEXT NOT NULL,                    -- rational p/q in base units
    derived INTEGER NOT NULL               -- 1: computed from its components
);
CREATE INDEX observations_by_report ON observations (report_id, indicator);
CREATE TABLE results (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    actual TEXT,                           -- the measured value in the target unit, decimal text
    unit TEXT,
    target TEXT NOT NULL,                  -- JSON {"value", "unit"}
    completion TEXT                        -- percent, decimal text
);
CREATE INDEX results_by_report ON results (report_id, rule_id);
"""
# a report recorded again for the same date replaces the earlier record in every series
_LATEST = "SELECT MAX(id) FROM reports WHERE jurisdiction_code = ? GROUP BY as_of"
_MEASURED = ("met", "not_met", "on_track", "behind", "not_due")  # results with an actual worth keeping
_TABLES = {"reports", "reported_values", "observations", "results"}
# user_version N → the statements that bring a version N store to N + 1
_MIGRATIONS: dict[int, str] = {}


def default_path() -> Path:
    """``$MZCHECK_HISTORY``, else ``$XDG_DATA_HOME/mzcheck/history.sqlite3`` (``~/.local/share/…``)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "mzcheck" / "history.sqlite3"


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


def _refuse(path: Path, why_en: str, why_zh: str) -> InputError:
    return InputError(f"{why_en}; mzcheck will not use or overwrite it / {why_zh};mzcheck 不会使用或覆盖该文件",
                      file=str(path), help="move the file away or choose another with --history-db PATH or "
                      f"{ENV_VAR} / 请移走该文件,或用 --history-db 或 {ENV_VAR} 指定其他位置")


class HistoryStore:
    """An open history store. Use :func:`open_store`; close it (or use ``with``)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that takes the write lock up front, so concurrent writers queue, never deadlock."""
        try:
            _patiently(lambda: self._db.execute("BEGIN IMMEDIATE"), self.path)
        except sqlite3.OperationalError as exc:
            raise InputError(f"the history store is read-only or cannot be written ({exc}) / 历史记录库只读或无法写入",
                             file=str(self.path)) from exc
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ----------------------------------------------------------------------------- writing

    def record(self, rules: RuleSet, report: Report, check: CheckResult) -> int:
        """Keep a checked report and its results; returns its id in the store."""

        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        sections: list[tuple[str, Values]] = [("values", report.values), ("added", report.added)]
        sections += [(f"history:{y}", v) for y, v in sorted(report.history.items())]
        sections += [(f"child:{name}", v) for name, v in report.children.items()]
        observations = []
        for ind in rules.indicators.values():
            obs = observe(ind, report.values)
            if obs.usable and obs.base is not None and obs.qualifier in (None, "=="):
                observations.append((ind.id, rational(obs.base), int(ind.id not in report.values)))
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO reports (jurisdiction_code, jurisdiction_name, period, as_of, target_year, file, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (report.jurisdiction.code, report.jurisdiction.name, report.period, report.as_of.isoformat(),
                 report.target_year, report.file, now))
            rid = cur.lastrowid
            assert rid is not None
            db.executemany(
                "INSERT INTO reported_values (report_id, section, indicator, raw, unit, base, qualifier, error) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(rid, section, ind_id, rep.raw, rep.quantity.unit.text if rep.quantity else None,
                  rational(rep.quantity.base) if rep.quantity is not None and not rep.error else None,
                  rep.value.qualifier if rep.value else None, rep.error)
                 for section, values in sections for ind_id, rep in values.items()])
            db.executemany("INSERT INTO observations (report_id, indicator, base, derived) VALUES (?, ?, ?, ?)",
                           [(rid, *o) for o in observations])
            db.executemany(
                "INSERT INTO results (report_id, rule_id, status, severity, actual, unit, target, completion) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(rid, r.rule_id, r.status, r.severity,
                  str(r.actual.value) if r.actual is not None and not isinstance(r.actual.value, list) else None,
                  r.target.unit, json.dumps({"value": _json_value(r.target.value), "unit": r.target.unit}),
                  str(r.completion.value) if r.completion is not None else None)
                 for r in check.results if r.status in _MEASURED])
        return rid

    # ----------------------------------------------------------------------------- reading

    def recorded(self, code: str) -> Recorded:
        """Earlier values of one jurisdiction, for trend projections (:class:`mzcheck.interim.Recorded`)."""
        out = Recorded()
        rows = self._db.execute(
            "SELECT r.as_of, o.indicator, o.base FROM observations o JOIN reports r ON r.id = o.report_id "
            f"WHERE r.id IN ({_LATEST}) ORDER BY r.as_of", (code,)).fetchall()
        for as_of, indicator, base in rows:
            out.observations.setdefault(indicator, []).append(
                Point(dt.date.fromisoformat(as_of), Fraction(base), "recorded"))
        rows = self._db.execute(
            "SELECT r.as_of, s.rule_id, s.actual FROM results s JOIN reports r ON r.id = s.report_id "
            f"WHERE r.id IN ({_LATEST}) AND s.actual IS NOT NULL ORDER BY r.as_of", (code,)).fetchall()
        for as_of, rule_id, actual in rows:
            out.results.setdefault(rule_id, []).append(Point(dt.date.fromisoformat(as_of), Fraction(actual), "recorded"))
        return out

    def series(self, code: str, indicator: str | None = None) -> list[SeriesPoint]:
        """The recorded values of a jurisdiction (one indicator, or all), by indicator and date."""
        query = (
            "SELECT o.indicator, r.as_of, r.period, o.base, v.raw, v.unit, o.derived, r.file, r.recorded_at "
            "FROM observations o JOIN reports r ON r.id = o.report_id "
            "LEFT JOIN reported_values v ON v.report_id = o.report_id AND v.section = 'values' "
            "AND v.indicator = o.indicator "
            f"WHERE r.id IN ({_LATEST})")
        params: list[str] = [code]
        if indicator is not None:
            query += " AND o.indicator = ?"
            params.append(indicator)
        query += " ORDER BY o.indicator, r.as_of"
        return [SeriesPoint(ind, dt.date.fromisoformat(as_of), period, Fraction(base), raw, unit, bool(derived), file,
                            recorded_at)
                for ind, as_of, period, base, raw, unit, derived, file, recorded_at in self._db.execute(query, params)]

    def count(self) -> int:
        """How many reports are recorded."""
        n: int = self._db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        return n


def _json_value(value: object) -> object:
    if isinstance(value, list):
        return [str(v) for v in value]
    return None if value is None else str(value)


# --------------------------------------------------------------------------------- opening


def open_store(path: str | Path | None = None, *, create: bool = False) -> HistoryStore | None:
    """Open the history store at ``path`` (default :func:`default_path`).

    With ``create`` the file (and its folder) is made when absent and the store is writable; without,
    an absent file gives None and the store is opened read-only. A file that is not an mzcheck history
    store raises :class:`InputError` and is left untouched.
    """
    p = Path(path).expanduser() if path is not None else default_path()
    if p.is_dir():
        raise InputError("the history store path is a folder / 历史记录库路径是文件夹", file=str(p))
    exists = p.exists()
    if exists:
        _check_header(p)
    elif not create:
        return None
    if create:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the folder for the history store: {exc} / 无法创建历史记录库目录",
                             file=str(p)) from exc
    try:
        if create:
            db = sqlite3.connect(p, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            db = sqlite3.connect(p.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                 isolation_level=None)
    except sqlite3.Error as exc:
        raise InputError(f"cannot open the history store: {exc} / 无法打开历史记录库", file=str(p)) from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _patiently(lambda: _prepare(db, p, create), p)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise _refuse(p, f"the file is damaged or not an SQLite database ({exc})",
                      f"文件已损坏或不是 SQLite 数据库({exc})") from exc
    except BaseException:
        db.close()
        raise
    return HistoryStore(p, db)


def _patiently(step: Callable[[], object], path: Path) -> None:
    """Run ``step``, waiting while another process holds the lock.

    SQLite's busy timeout does not cover every case (switching to WAL, recovering a WAL file another
    process left), so a locked database is retried here, with jitter, up to the same timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "locked" not in text and "busy" not in text:
                raise
            if time.monotonic() > deadline:
                raise InputError(f"the history store stayed locked by another process ({exc}) / "
                                 "历史记录库一直被其他进程占用", file=str(path),
                                 help="try again when the other mzcheck has finished / 请待其他进程结束后重试") from exc
            time.sleep(random.uniform(0.01, 0.1))


def _check_header(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not an SQLite database (an empty file is new)."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise InputError(f"cannot read the history store: {exc} / 无法读取历史记录库", file=str(path)) from exc
    if head and head != _SQLITE_MAGIC:
        raise _refuse(path, "the file is not an SQLite database", "该文件不是 SQLite 数据库")


def _prepare(db: sqlite3.Connection, path: Path, create: bool) -> None:
    """Check the file is mzcheck's store, of a schema this version reads; make or migrate it when writing."""
    app_id, version, tables = _identity(db)
    if app_id == 0 and version == 0 and not tables:
        if not create:
            return  # an empty file: nothing recorded yet
        db.execute("PRAGMA journal_mode = WAL")  # persistent; lets readers work while one process writes
        db.execute("BEGIN IMMEDIATE")
        try:
            app_id, version, tables = _identity(db)  # another process may have made it meanwhile
            if app_id == 0 and version == 0 and not tables:
                _run(db, _SCHEMA_V1)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        app_id, version, tables = _identity(db)
    if app_id != APPLICATION_ID:
        what = "another program's SQLite database" if app_id == 0 else f"an SQLite database with application_id {app_id:#x}"
        raise _refuse(path, f"the file is {what}, not an mzcheck history store", "该文件不是 mzcheck 历史记录库")
    if version > SCHEMA_VERSION:
        raise _refuse(path, f"the store has schema version {version}, newer than this mzcheck reads ({SCHEMA_VERSION}); "
                      "upgrade mzcheck", f"记录库的结构版本 {version} 高于本版本 mzcheck 支持的 {SCHEMA_VERSION},请升级 mzcheck")
    missing = _TABLES - tables
    if missing:
        raise _refuse(path, f"the store lacks the tables {', '.join(sorted(missing))}",
                      f"记录库缺少数据表 {'、'.join(sorted(missing))}")
    check = db.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise _refuse(path, f"the store is damaged ({check})", f"记录库已损坏({check})")
    if version < SCHEMA_VERSION and create:
        _migrate(db, version)


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run a script inside the open transaction (``executescript`` would commit it first)."""
    text = "\n".join(line.split("--", 1)[0] for line in script.splitlines())
    for statement in text.split(";"):
        if statement.strip():
            db.execute(statement)


def _identity(db: sqlite3.Connection) -> tuple[int, int, set[str]]:
    """application_id, user_version and the tables, read in one snapshot (another process may be creating it)."""
    own = not db.in_transaction
    if own:
        db.execute("BEGIN")
    try:
        app_id: int = db.execute("PRAGMA application_id").fetchone()[0]
        version: int = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        if own:
            db.execute("COMMIT")
    return app_id, version, tables


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring an older store up to SCHEMA_VERSION, one version a transaction."""
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            _run(db, _MIGRATIONS[version])
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        version += 1
