"""The history store: checked reports kept for later trends / 历史记录库.

``mzcheck check --record`` keeps each checked report — jurisdiction, period, as_of, every value as
written with its unit and its exact base value (a rational ``p/q``), the indicator values it gives
(derived ratios included) and the results — so a later interim check can project a level from the
recorded series when the report carries no ``history:``. ``mzcheck history`` prints the series;
``mzcheck history export`` / ``import`` move the records between stores.

Two backends keep the same records behind one interface (:class:`HistoryStore`): an embedded SQLite file,
the default (``mzcheck.history.sqlite``), and a PostgreSQL database shared by a province's bureaus
(``mzcheck.history.postgres``). The store is at ``--history-db PATH_OR_URL``, else ``$MZCHECK_HISTORY``,
else ``$XDG_DATA_HOME/mzcheck/history.sqlite3`` (``~/.local/share/mzcheck/history.sqlite3``); a
``postgresql://`` address names a PostgreSQL store.
"""

from __future__ import annotations

import os
from pathlib import Path

from mzcheck.core.codes import history as codes
from mzcheck.core.errors import InputError
from mzcheck.history.base import SCHEMA_VERSION, HistoryStore, Record, SeriesPoint, rational
from mzcheck.history.postgres import is_url, open_postgres, shown

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "HistoryStore",
    "Record",
    "SeriesPoint",
    "default_location",
    "default_path",
    "open_store",
    "rational",
    "shown_location",
]

ENV_VAR = "MZCHECK_HISTORY"


def default_path() -> Path:
    """The default SQLite file: ``$XDG_DATA_HOME/mzcheck/history.sqlite3`` (``~/.local/share/…``), or the path
    in ``$MZCHECK_HISTORY``; H501 when there is neither and no home folder either."""
    env = os.environ.get(ENV_VAR)
    if env and not is_url(env):
        return _expanded(Path(env))
    data = os.environ.get("XDG_DATA_HOME")
    if not data:
        try:
            data = str(Path.home() / ".local" / "share")
        except (RuntimeError, KeyError) as exc:  # no $HOME and no account entry (a container's unknown uid)
            raise InputError.of(codes.NO_DEFAULT_LOCATION) from exc
    return _expanded(Path(data)) / "mzcheck" / "history.sqlite3"


def _expanded(path: Path) -> Path:
    """``path`` with ``~`` expanded; a coded error when there is no home folder to expand it to."""
    try:
        return path.expanduser()
    except (RuntimeError, KeyError) as exc:
        raise InputError.of(codes.NO_DEFAULT_LOCATION, file=str(path)) from exc


def default_location() -> str | Path:
    """``$MZCHECK_HISTORY`` (a path or a ``postgresql://`` address), else :func:`default_path`."""
    env = os.environ.get(ENV_VAR)
    return env if env and is_url(env) else default_path()


def open_store(location: str | Path | None = None, *, create: bool = False) -> HistoryStore | None:
    """Open the history store at ``location``: a file path, or a ``postgresql://user@host/db`` address
    (default :func:`default_location`).

    With ``create`` the store is made when absent (the file and its folder, or the ``mzcheck`` schema) and
    opened for writing; without, an absent store gives None and the store is opened read-only. A file or
    schema that is not an mzcheck history store raises :class:`mzcheck.InputError` and is left untouched.
    """
    where = default_location() if location is None else location
    if is_url(where):
        return open_postgres(str(where), create)
    path = _expanded(Path(where))
    if not create and not path.exists():  # no store to read (a check's usual case): SQLite is not even loaded
        return None
    from mzcheck.history.sqlite import open_sqlite

    return open_sqlite(path, create)


def shown_location(location: str | Path) -> str:
    """A store's location as messages show it (a PostgreSQL address without its password)."""
    return shown(str(location)) if is_url(location) else str(location)
