"""The embedded history store: one SQLite file / 内嵌的 SQLite 历史记录库.

Several processes may record at once: WAL journal, one ``BEGIN IMMEDIATE`` transaction per batch of
records, a busy timeout, and retries where SQLite's timeout does not apply. A file that is not mzcheck's
(not SQLite, another program's SQLite, a newer schema, damaged) is refused with a message and never written
to. The schema version is ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file as mzcheck's.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mzcheck.core.codes import history as codes
from mzcheck.core.errors import InputError
from mzcheck.core.files import special_file
from mzcheck.history.base import CHILD_TABLES, REPORT_FIELDS, SCHEMA_VERSION, TABLES, HistoryStore, Row, legacy_uid

APPLICATION_ID = 0x6D7A636B  # "mzck": marks the file as mzcheck's history store
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


def _to_v2(db: sqlite3.Connection) -> None:
    """Version 2: each report gets a uid (a version-1 report one derived from its row)."""
    db.execute("ALTER TABLE reports ADD COLUMN uid TEXT")
    rows = db.execute("SELECT id, jurisdiction_code, jurisdiction_name, period, as_of, target_year, file, recorded_at "
                      "FROM reports").fetchall()
    db.executemany("UPDATE reports SET uid = ? WHERE id = ?", [(legacy_uid(r[0], r[1:]), r[0]) for r in rows])
    db.execute("CREATE UNIQUE INDEX reports_by_uid ON reports (uid)")


# user_version N → what brings a version N store to N + 1; a new store is version 1 brought up the same way
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _to_v2}


class SqliteStore(HistoryStore):
    """A history store in an SQLite file."""

    backend = "sqlite"

    def __init__(self, path: Path, connection: sqlite3.Connection, version: int,
                 snapshot: tempfile.TemporaryDirectory[str] | None = None) -> None:
        self.path = path
        self.location = str(path)
        self.version = version
        self._uid_column = "uid" if version >= 2 else "NULL"
        self._db = connection
        self._snapshot = snapshot  # the copy read when the store's folder cannot be written (see _snapshot)

    def close(self) -> None:
        self._db.close()
        if self._snapshot is not None:
            self._snapshot.cleanup()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._db.execute(sql, tuple(params)).fetchall()

    @contextmanager
    def writing(self) -> Iterator[_SqliteWriter]:
        """One transaction that takes the write lock up front, so concurrent writers queue, never deadlock."""
        try:
            _patiently(lambda: self._db.execute("BEGIN IMMEDIATE"), self.path)
        except sqlite3.OperationalError as exc:
            raise InputError.of(codes.READ_ONLY, file=self.location, reason=str(exc)) from exc
        try:
            yield _SqliteWriter(self._db)
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):  # the file or its folder cannot be written, a full disk
                code = codes.READ_ONLY if _read_only(exc) else codes.CANNOT_OPEN
                raise InputError.of(code, file=self.location, reason=str(exc)) from exc
            raise


class _SqliteWriter:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def insert_report(self, report: Row) -> int | None:
        cur = self._db.execute(
            "INSERT OR IGNORE INTO reports (uid, jurisdiction_code, jurisdiction_name, period, as_of, target_year, file, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", report)
        return cur.lastrowid if cur.rowcount == 1 else None

    def insert_rows(self, table: str, fields: Sequence[str], rows: Sequence[Row]) -> None:
        marks = ", ".join("?" * (len(fields) + 1))
        self._db.executemany(f"INSERT INTO {table} (report_id, {', '.join(fields)}) VALUES ({marks})", rows)


# --------------------------------------------------------------------------------- opening


def open_sqlite(p: Path, create: bool) -> SqliteStore | None:
    """The store in file ``p``; see :func:`mzcheck.history.store.open_store`."""
    if p.is_dir():
        raise InputError.of(codes.IS_FOLDER, file=str(p))
    special = special_file(p)  # a FIFO would block SQLite (and the header check) forever
    if special is not None:
        raise special
    exists = p.exists()
    if exists:
        _check_header(p)
    elif not create:
        return None
    if create:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError.of(codes.NO_FOLDER, file=str(p), reason=str(exc)) from exc
    try:
        return _open(p, p, create)
    except sqlite3.OperationalError as exc:
        if create or "unable to open" not in str(exc):  # recording where the folder cannot be written
            raise InputError.of(codes.READ_ONLY if create else codes.CANNOT_OPEN, file=str(p), reason=str(exc)) from exc
    # read-only, and SQLite cannot open it where it is: a WAL store whose folder cannot be written (SQLite would
    # make its -shm file there). Its copy is read instead, the -wal file with it, so nothing recorded is missed.
    snapshot = tempfile.TemporaryDirectory(prefix="mzcheck-history-")
    try:
        copy = Path(snapshot.name) / p.name
        for end in ("", "-wal"):
            if Path(f"{p}{end}").exists():
                shutil.copyfile(f"{p}{end}", f"{copy}{end}")
        return _open(p, copy, False, snapshot)
    except (OSError, sqlite3.OperationalError) as exc:
        snapshot.cleanup()
        raise InputError.of(codes.CANNOT_OPEN, file=str(p), reason=str(exc)) from exc
    except BaseException:
        snapshot.cleanup()
        raise


def _open(p: Path, file: Path, create: bool, snapshot: tempfile.TemporaryDirectory[str] | None = None) -> SqliteStore:
    """Connect to ``file`` (the store ``p``, or its snapshot) and check it; OperationalError when SQLite
    cannot open the file at all, InputError for every other problem."""
    try:
        if create:
            db = sqlite3.connect(file, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            db = sqlite3.connect(file.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                 isolation_level=None)
    except sqlite3.Error as exc:
        raise InputError.of(codes.CANNOT_OPEN, file=str(p), reason=str(exc)) from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        found: list[int] = []
        _patiently(lambda: found.append(_prepare(db, p, create)), p)
        if create:
            _patiently(lambda: _probe_writable(db, found[-1]), p)
    except sqlite3.DatabaseError as exc:
        db.close()
        if isinstance(exc, sqlite3.OperationalError) and _read_only(exc):
            raise InputError.of(codes.READ_ONLY, file=str(p), reason=str(exc)) from exc
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
            raise
        raise InputError.of(codes.DAMAGED, file=str(p), detail=str(exc)) from exc
    except BaseException:
        db.close()
        raise
    return SqliteStore(p, db, found[-1], snapshot)


def _read_only(exc: sqlite3.Error) -> bool:
    return "readonly" in str(exc).replace(" ", "").lower()


def _probe_writable(db: sqlite3.Connection, version: int) -> None:
    """Fail now, not after the output is written, when a store opened for recording cannot be written (a
    read-only file, a read-only file system): a write, rolled back."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(f"PRAGMA user_version = {int(version)}")
    finally:
        db.execute("ROLLBACK")


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
                raise InputError.of(codes.LOCKED, file=str(path), reason=str(exc)) from exc
            time.sleep(random.uniform(0.01, 0.1))


def _check_header(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not an SQLite database (an empty file is new)."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise InputError.of(codes.CANNOT_OPEN, file=str(path), reason=str(exc)) from exc
    if head and head != _SQLITE_MAGIC:
        raise InputError.of(codes.NOT_SQLITE, file=str(path))


def _prepare(db: sqlite3.Connection, path: Path, create: bool) -> int:
    """Check the file is mzcheck's store, of a schema this version reads; make or migrate it when writing.
    Returns the schema version it then has."""
    app_id, version, tables = _identity(db)
    if app_id == 0 and version == 0 and not tables:
        if not create:
            return SCHEMA_VERSION  # an empty file: nothing recorded yet
        db.execute("PRAGMA journal_mode = WAL")  # persistent; lets readers work while one process writes
        db.execute("BEGIN IMMEDIATE")
        try:
            app_id, version, tables = _identity(db)  # another process may have made it meanwhile
            if app_id == 0 and version == 0 and not tables:
                _run(db, _SCHEMA_V1)
                for step in range(1, SCHEMA_VERSION):
                    _MIGRATIONS[step](db)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        app_id, version, tables = _identity(db)
    if app_id != APPLICATION_ID:
        if app_id == 0:
            what = ("其他程序的 SQLite 数据库", "another program's SQLite database")
        else:
            what = (f"application_id 为 {app_id:#x} 的 SQLite 数据库", f"an SQLite database with application_id {app_id:#x}")
        raise InputError.of(codes.FOREIGN, file=str(path), what_zh=what[0], what_en=what[1])
    if version > SCHEMA_VERSION:
        raise InputError.of(codes.NEWER, file=str(path), version=version, supported=SCHEMA_VERSION)
    if version < 1:
        raise InputError.of(codes.UNKNOWN_VERSION, file=str(path), version=version)
    missing = sorted(set(TABLES) - tables)
    if missing:
        raise InputError.of(codes.MISSING_TABLES, file=str(path), tables_zh="、".join(missing), tables_en=", ".join(missing))
    _check_columns(db, path, version)
    check = db.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise InputError.of(codes.DAMAGED, file=str(path), detail=check)
    if version < SCHEMA_VERSION and create:
        _migrate(db, version)
        version = SCHEMA_VERSION
    return int(version)


def _check_columns(db: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse a store whose tables lack a column this version reads or writes (``uid`` from version 2 on)."""
    wanted = {"reports": {"id", *REPORT_FIELDS} - ({"uid"} if version < 2 else set()),
              **{table: {"report_id", *fields} for table, fields in CHILD_TABLES.items()}}
    for table, columns in wanted.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        lacking = sorted(columns - have)
        if lacking:
            raise InputError.of(codes.WRONG_COLUMNS, file=str(path), table=table, columns=", ".join(lacking))


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
    """Bring an older store up to SCHEMA_VERSION, one version a transaction (another process may be at it
    too: each step checks the version again under the write lock)."""
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                _MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        version = db.execute("PRAGMA user_version").fetchone()[0]
