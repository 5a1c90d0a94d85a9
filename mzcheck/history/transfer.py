"""Moving records between stores: export and import / 历史记录的导出与导入.

``mzcheck history export`` writes every record of a store as JSON Lines: a first line
``{"format": "mzcheck-history", "version": 2}``, then one record a line, in the order recorded, each with
its uid. ``mzcheck history import FILE`` writes them into another store, a batch of records a transaction;
a record whose uid is there already is skipped, so an import cut short can simply be run again, and moving
a county's SQLite file into the province's PostgreSQL database is::

    mzcheck history export --history-db county.sqlite3 -o county.jsonl
    mzcheck history import county.jsonl --history-db postgresql://mzcheck@db.example/minzheng

The export is written to a temporary file beside the output and renamed when complete: an output file is
never half-written, and an existing one is never overwritten.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mzcheck.core.codes import history as codes
from mzcheck.core.codes import output as O
from mzcheck.core.errors import InputError
from mzcheck.core.files import check_output, write_output
from mzcheck.history.base import (
    OBSERVATION_FIELDS,
    REPORT_FIELDS,
    RESULT_FIELDS,
    SCHEMA_VERSION,
    VALUE_FIELDS,
    HistoryStore,
    Record,
)

FORMAT = "mzcheck-history"
BATCH = 200  # records a transaction when importing
MAX_LINE = 64 << 20  # one record is kilobytes; a longer line is not a record
_RATIONAL = re.compile(r"^-?\d+/\d+$")


@dataclass(frozen=True)
class Imported:
    """What an import did: records written, and records skipped because their uid was there already."""

    added: int
    skipped: int


def record_line(record: Record) -> str:
    """One record as its export line."""
    obj: dict[str, Any] = dict(zip(REPORT_FIELDS, record.report))
    obj["values"] = [dict(zip(VALUE_FIELDS, v)) for v in record.values]
    obj["observations"] = [dict(zip(OBSERVATION_FIELDS, o)) for o in record.observations]
    obj["results"] = [dict(zip(RESULT_FIELDS, r)) for r in record.results]
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def export_lines(store: HistoryStore) -> Iterator[str]:
    """The export, line by line (each ending in a newline)."""
    yield json.dumps({"format": FORMAT, "version": SCHEMA_VERSION}) + "\n"
    for record in store.records():
        yield record_line(record) + "\n"


def export_store(store: HistoryStore, output: str | Path | None = None, reads: Sequence[str | Path] = ()) -> int:
    """Write the export to ``output`` (a new file, never one of ``reads``, written whole or not at all) or,
    without one, to standard output; the record count."""
    if output is None:
        n = -1
        try:
            for n, line in enumerate(export_lines(store)):  # noqa: B007 (n counts the lines)
                sys.stdout.write(line)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # stdout on a full disk, a device that fails
            raise InputError.of(O.WRITE_FAILED, reason_en=exc.strerror or str(exc)) from None
        return n
    path = Path(output)
    check_output(path, reads)
    if path.exists():
        raise InputError.of(codes.OUTPUT_EXISTS, file=str(path))
    count = [-1]

    def counted() -> Iterator[str]:
        for line in export_lines(store):
            count[0] += 1
            yield line

    write_output(path, counted(), reads, replace=False, exists=codes.OUTPUT_EXISTS)
    return count[0]


def import_file(store: HistoryStore, source: str | Path) -> Imported:
    """Write the records of an export (``-`` for standard input) into ``store``."""
    name = "<stdin>" if str(source) == "-" else str(source)
    if str(source) == "-":
        return _import(store, sys.stdin, name)
    try:
        with Path(source).open(encoding="utf-8", newline="") as f:
            return _import(store, f, name)
    except OSError as exc:
        raise InputError.of(codes.CANNOT_OPEN, file=name, reason=str(exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise InputError.of(codes.NOT_AN_EXPORT, file=name) from exc


def _import(store: HistoryStore, stream: IO[str], name: str) -> Imported:
    head = stream.readline(MAX_LINE)
    try:
        first = json.loads(head)
    except ValueError:
        first = None
    if not isinstance(first, dict) or first.get("format") != FORMAT or type(first.get("version")) is not int:
        raise InputError.of(codes.NOT_AN_EXPORT, file=name, line=1)
    if first["version"] > SCHEMA_VERSION:
        raise InputError.of(codes.EXPORT_NEWER, file=name, line=1, version=first["version"], supported=SCHEMA_VERSION)
    added = skipped = 0
    batch: list[Record] = []
    line_no = 1
    while True:
        line = stream.readline(MAX_LINE)
        if not line:
            break
        line_no += 1
        if not line.endswith("\n") and len(line) >= MAX_LINE:
            raise InputError.of(codes.BAD_RECORD, file=name, line=line_no, detail=f"longer than {MAX_LINE} characters")
        if not line.strip():
            continue
        batch.append(parse_record(line, name, line_no))
        if len(batch) == BATCH:
            done = store.add(batch)
            added, skipped, batch = added + sum(d is not None for d in done), skipped + done.count(None), []
    if batch:
        done = store.add(batch)
        added, skipped = added + sum(d is not None for d in done), skipped + done.count(None)
    return Imported(added, skipped)


# the type of each field: str, int, or str-or-None
_TYPES: dict[str, tuple[type, ...]] = {
    "uid": (str,), "jurisdiction_code": (str,), "jurisdiction_name": (str,), "period": (int,), "as_of": (str,),
    "target_year": (int,), "file": (str, type(None)), "recorded_at": (str,),
    "section": (str,), "indicator": (str,), "raw": (str,), "unit": (str, type(None)), "base": (str, type(None)),
    "qualifier": (str, type(None)), "error": (str, type(None)), "derived": (int,),
    "rule_id": (str,), "status": (str,), "severity": (str,), "actual": (str, type(None)), "target": (str,),
    "completion": (str, type(None)),
}
_REQUIRED_BASE = {"observations"}  # where base is never empty


def parse_record(line: str, name: str, line_no: int) -> Record:
    """One export line as a record; a line that is not one whole record is an error naming it."""

    def bad(detail: str) -> InputError:
        return InputError.of(codes.BAD_RECORD, file=name, line=line_no, detail=detail)

    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise bad(f"not JSON ({exc.args[0] if exc.args else exc})") from None
    if not isinstance(obj, dict):
        raise bad("not a JSON object")

    def row(item: object, fields: tuple[str, ...], where: str) -> tuple[Any, ...]:
        if not isinstance(item, dict):
            raise bad(f"{where} is not an object")
        out = []
        for f in fields:
            if f not in item:
                raise bad(f"{where} has no {f!r}")
            value = item[f]
            if type(value) not in _TYPES[f]:
                raise bad(f"{where}.{f} is {type(value).__name__}, not {'/'.join(t.__name__ for t in _TYPES[f])}")
            if f == "base" and value is not None and not _RATIONAL.match(value):
                raise bad(f"{where}.base {value!r} is not a rational p/q")
            if f == "base" and value is None and where.startswith(tuple(_REQUIRED_BASE)):
                raise bad(f"{where}.base is empty")
            out.append(value)
        return tuple(out)

    report = row(obj, REPORT_FIELDS, "record")
    parts = []
    for key, fields in (("values", VALUE_FIELDS), ("observations", OBSERVATION_FIELDS), ("results", RESULT_FIELDS)):
        items = obj.get(key)
        if not isinstance(items, list):
            raise bad(f"{key!r} is not a list")
        parts.append([row(item, fields, f"{key}[{i}]") for i, item in enumerate(items)])
    return Record.of(report, *parts)
