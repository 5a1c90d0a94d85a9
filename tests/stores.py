"""The two history store backends for the tests: a fresh SQLite file, or a fresh PostgreSQL database.

The PostgreSQL server is the one at ``$MZCHECK_TEST_POSTGRES`` (.ci/run starts one and sets it), else one
this run starts itself with scripts/postgres when the server binaries are installed. Tests skip, saying why,
only when neither is there; a server that is named but does not answer is a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = "MZCHECK_TEST_POSTGRES"
BACKENDS = ["sqlite", "postgresql"]
_names = itertools.count()


def _has_server_binaries() -> bool:
    return shutil.which("initdb") is not None or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The address of a PostgreSQL database to make test databases beside."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'mzcheck[postgres]')")
    url = os.environ.get(ENV)
    if url:
        yield url
        return
    if not _has_server_binaries():
        pytest.skip(f"no PostgreSQL server: set {ENV}, or apt-get install postgresql (.ci/run does both)")
    folder = tempfile.mkdtemp(prefix="mzpg.", dir="/tmp")  # a short path: a socket's path has a length limit
    os.chmod(folder, 0o755)
    started = subprocess.run(["bash", str(ROOT / "scripts" / "postgres"), "start", folder], capture_output=True,
                             text=True, check=False)
    assert started.returncode == 0, f"scripts/postgres start failed: {started.stderr}"
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres"), "stop", folder], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def fresh_postgres(postgres_server: str) -> Iterator[str]:
    """A new, empty database for one test, dropped after it."""
    import psycopg

    name = f"mzcheck_t{os.getpid()}_{next(_names)}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield with_database(postgres_server, name)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new store goes: a file path, or the address of an empty PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite3")
    return str(request.getfixturevalue("fresh_postgres"))


def sql(location: str, query: str, *params: object) -> list[tuple[Any, ...]]:
    """Run a query with ? placeholders directly against a store's database (its tables, unqualified)."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True, options="-c search_path=mzcheck") as db:
            return [tuple(r) for r in db.execute(query.replace("?", "%s"), params).fetchall()]
    import sqlite3

    con = sqlite3.connect(location)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def sql_many(location: str, statements: Sequence[str]) -> None:
    """Run statements (no parameters) against a store's database, committed."""
    for statement in statements:
        if location.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(location, autocommit=True, options="-c search_path=mzcheck") as db:
                db.execute(statement)
        else:
            import sqlite3

            con = sqlite3.connect(location)
            con.execute(statement)
            con.commit()
            con.close()
