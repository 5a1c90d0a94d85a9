"""Big CSV report tables in one streaming pass / 大表流式读取.

``mzcheck check`` reads a big UTF-8 CSV (or TSV) file in the plain layout (jurisdiction, period, indicator,
value, unit, and as_of or target_year if the table has them; a second header row is skipped) here instead of
reading it whole: its rows go to the same :class:`~mzcheck.read.rows.Grouper` as every table's, through the
fast path for plain rows, so the reports and the messages are those of
:func:`mzcheck.read.table.load_table_reports`. Values are read only where a rule due in the checked year
reads them. Anything else (another encoding, a binary file, the wide layout, section or child columns)
gives None, and the file goes to the table reader.

Blocks of plain lines (no quote, no lone CR, no huge field) are split with ``bytes.split``, which gives
exactly the csv module's fields for such lines, several times faster; the first block that is not plain
hands the rest of the file to the csv module. A table of the five plain columns in order and no others (the
common one) goes a whole block at a time to :meth:`~mzcheck.read.rows.Grouper.add_text_block`, which takes
each run of one report's rows at once and the unusual ones row by row (docs/design/0027-block-reading.md);
other tables go row by row to :meth:`~mzcheck.read.rows.Grouper.add_text_rows`.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import operator
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from mzcheck.core.codes import files as F
from mzcheck.core.errors import InputError
from mzcheck.core.files import checked_input
from mzcheck.core.progress import Progress
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read.rows import HEADER_SEARCH_ROWS, ONCE, PLAIN, Cell, Grouper, PartlyRead, find_layout
from mzcheck.read.table import csv_error, sniff_delimiter

__all__ = ["BLOCK", "BLOCKS", "STREAM_MAX_BYTES", "STREAM_MIN_BYTES", "CsvReports", "stream_csv_reports", "streamable"]

STREAM_MIN_BYTES = 256 << 10  # 256 KB, some 5,000 rows: below this, the table reader reads the file as quickly
STREAM_MAX_BYTES = 1 << 30  # 1 GB: about twenty million rows, far beyond any province's report
BLOCK = 64 << 10  # bytes read at a time: a block's fields (some 6,000 objects) stay in the CPU's caches while
# they are split, sliced and looked up; 1 MB blocks spill out of them and read a tenth slower (either path)
BLOCKS = True  # plain blocks of the common layout to Grouper.add_text_block; False: every row by add_text_rows
_PROGRESS_EVERY = 1 << 16  # rows between progress updates of the csv module's part


def streamable(path: str | Path) -> bool:
    """Whether ``mzcheck check`` reads this file with :func:`stream_csv_reports`: a big .csv or .tsv."""
    p = Path(path)
    try:
        return p.suffix.lower() in (".csv", ".tsv") and p.is_file() and p.stat().st_size >= STREAM_MIN_BYTES
    except OSError:
        return False


class CsvReports:
    """The reports of a streamed CSV file, built one at a time as they are iterated."""

    def __init__(self, grouper: Grouper, progress: Progress | None) -> None:
        self._grouper = grouper
        self._reports = grouper.good()
        self._progress = progress
        self.rows = grouper.rows
        self.kept = len([r for r in self._reports if r.pending])  # reports some of whose values are read

    def __len__(self) -> int:
        return len(self._reports)

    def __iter__(self) -> Iterator[Report]:
        bar = self._progress
        for i, r in enumerate(self._reports):
            yield self._grouper.report(r)
            if bar is not None:
                bar.update(i + 1)
        if bar is not None:
            bar.close()


def stream_csv_reports(path: str | Path, rules: RuleSet, *, target_year: int | None = None, keep_all: bool = False,
                       progress: bool = True) -> CsvReports | None:
    """The reports of a big UTF-8 CSV file in the layout of docs/contract.md, read in one pass.

    Values are read only where a rule due in ``target_year`` (default: each report's period) reads them,
    unless ``keep_all``. Raises :class:`mzcheck.InputError` with every problem, as the table reader words
    them (:class:`~mzcheck.read.rows.PartlyRead`, with the reports the problems did not spoil, when only some
    rows are wrong); returns None when the file should go to the table reader instead (another encoding, a
    binary file, section or child columns).
    """
    p = checked_input(path, STREAM_MAX_BYTES)
    name = str(path)
    size = p.stat().st_size
    try:
        with p.open("rb") as raw:
            head = raw.read(8192)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head or not head.strip():
                return None
            delimiter = "\t" if p.suffix.lower() == ".tsv" else _head_delimiter(head, len(head) == size)
            if delimiter is None:
                return None
            raw.seek(0)
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            bar = Progress(max(size >> 20, 1), "读取 / reading", "MB") if progress else None
            collecting = gc.isenabled()
            gc.disable()  # a million rows make no reference cycles; the collector would rescan all that is kept
            try:
                grouper = _stream(text, delimiter, raw, bar, name, rules, target_year, keep_all)
            except UnicodeDecodeError:
                return None  # GBK/GB18030 or broken text: the table reader decodes it, or says where it breaks
            finally:
                if collecting:
                    gc.enable()
                if bar is not None:
                    bar.close()
    except OSError as exc:  # EIO from a failing disk, a file removed meanwhile, no permission
        raise InputError.of(F.UNREADABLE, file=name, reason_en=exc.strerror or str(exc)) from None
    if grouper is None:
        return None
    grouper.check()
    reports = CsvReports(grouper, Progress(len(grouper.good()), "检查 / checking", "reports") if progress else None)
    if grouper.problems:  # rows that could not be read spoil only their own reports: the others are checked
        raise PartlyRead(grouper.listed_problems(), reports, grouper.spoiled_codes())
    return reports


def _head_delimiter(head: bytes, whole: bool) -> str | None:
    """The table reader's delimiter rule on the first non-empty line, when the first 8 KB hold all of it."""
    text = head.decode("utf-8-sig", errors="ignore")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or (first == len(lines) - 1 and not whole):
        return None
    return sniff_delimiter("\n".join(lines[: first + 1]))


def _offset_of_line(raw: Any, line: int) -> int | None:
    """The byte offset where ``line`` (from 1) starts, as the csv module counted the lines it read; None when
    a lone CR ends a line before it (the csv module counts it, a search for LF would not)."""
    raw.seek(0)
    offset = seen = 0
    while seen < line - 1:
        piece = raw.read(1 << 16)
        if not piece:
            break
        ends = piece.count(b"\n")
        if seen + ends >= line - 1:
            k = -1
            for _ in range(line - 1 - seen):
                k = piece.index(b"\n", k + 1)
            piece = piece[: k + 1]
            seen = line - 1
        else:
            seen += ends
        offset += len(piece)
    raw.seek(0)
    head = raw.read(offset)
    return offset if head.count(b"\r") == head.count(b"\r\n") else None


def _plain_block(body: bytes, limit: int) -> tuple[bytes, bytes] | None:
    """A block of whole lines that ``bytes.split`` cuts into exactly the csv module's fields (no quote, no lone
    CR, no field beyond the csv module's limit), as valid UTF-8, with its line break (CRLF, or LF when the
    block has any line ended by LF alone: then every CRLF is made LF); None for the csv module."""
    if b'"' in body:
        return None
    if not body.isascii():
        body.decode("utf-8")  # UnicodeDecodeError: GBK or broken text, for the table reader
    eol = b"\n"
    crs = body.count(b"\r")
    if crs:
        if body.count(b"\r\n") != crs:
            return None  # a CR not before an LF: a line break of its own for the csv module
        if body.count(b"\n") != crs:  # LF alone too
            body = body.replace(b"\r\n", b"\n")
        else:
            eol = b"\r\n"
    if len(body) > limit and _long_line(body, eol, limit):
        return None  # the csv module says whether a field is too long, and where
    return body, eol


def _marked_block(body: bytes, limit: int, sep: bytes) -> tuple[bytes, int] | None:
    """What :func:`_plain_block` finds plain, for :meth:`~mzcheck.read.rows.Grouper.add_text_block`: the
    block with each line break made ``sep`` (a one-byte delimiter, LF, the delimiter) and the number of
    lines; None for the csv module. The line breaks are counted by the length the marks add, and a CR left
    after the CRLFs are marked is a lone one: fewer passes over the block than counting each."""
    if b'"' in body:
        return None
    if not body.isascii():
        body.decode("utf-8")  # UnicodeDecodeError: GBK or broken text, for the table reader
    if b"\r" in body:
        marked = body.replace(b"\r\n", sep)
        n = len(marked) - len(body)  # each mark is a byte longer than the CRLF it stands for
        if b"\r" in marked:
            return None  # a CR not before an LF: a line break of its own for the csv module
        if body.count(b"\n") != n:  # LF alone too: every line break made LF first
            body = body.replace(b"\r\n", b"\n")
            marked = body.replace(b"\n", sep)
            n = (len(marked) - len(body)) // 2
    else:
        marked = body.replace(b"\n", sep)
        n = (len(marked) - len(body)) // 2  # two bytes longer than the LF
    if body and not body.endswith(b"\n"):  # the last line of a file without a line break after it
        marked += sep
        n += 1
    if len(body) > limit and _long_line(marked, sep, limit):
        return None  # the csv module says whether a field is too long, and where
    return marked, n


def _long_line(body: bytes, eol: bytes, limit: int) -> bool:
    """Whether a line of ``body`` (ended by ``eol``, which ends with LF or holds it) is longer than ``limit``. Such a line holds a whole stretch [k·h, (k+1)·h)
    of h = limit / 2 bytes without an LF, so a search of each stretch clears a block in a few steps; only
    a block with such a stretch is measured line by line."""
    step = max(limit // 2, 1)
    if all(body.find(b"\n", start, start + step) >= 0 for start in range(0, len(body), step)):
        return False
    return max(map(len, body.split(eol))) > limit


def _stream(text: TextIO, delimiter: str, raw: Any, bar: Progress | None, name: str, rules: RuleSet,
            target_year: int | None, keep_all: bool) -> Grouper | None:
    """Rows into a grouper; None for a layout the table reader reads. Problems are raised as the table reader
    raises them: it reads the whole file with the csv module first, so a CSV error anywhere wins, then the
    header's problems, then the rows'."""
    first: list[tuple[int, list[str]]] = []
    reader = csv.reader(text, delimiter=delimiter)
    records: Iterator[list[str]] = iter(reader)
    start = 1
    try:
        for record in records:
            first.append((start, record))
            start = reader.line_num + 1
            if len(first) == HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        raise csv_error(exc, name, reader.line_num) from None
    grid = [(line, [Cell(v, name, line=line) for v in record]) for line, record in first]
    try:
        layout = find_layout(grid, name, "the first rows", "前几行", rules)
    except InputError:
        try:  # the table reader would still meet a CSV error further down first
            for _ in records:
                pass
        except csv.Error as exc:
            raise csv_error(exc, name, reader.line_num) from None
        raise
    header, header_at = layout.columns, layout.data - 1
    if layout.wide or set(header.values()) - set(PLAIN) - set(ONCE):
        return None  # the wide layout; sections and children: the table reader reads those
    at = {n: j for j, n in header.items()}
    # a target_year column may send a report's rules to another year: then every value is read, as tables does
    g = Grouper(rules, name, keep_all=keep_all or "target_year" in at, target_year=target_year,
                has_unit="unit" in at)
    columns = tuple(at.get(n) for n in PLAIN)
    once = tuple((n, at[n]) for n in ONCE if n in at)
    g.add_text_rows(first[header_at + 1:], columns, once)
    limit = csv.field_size_limit()
    rows = 0
    line = start - 1  # the last line read
    rest: TextIO | None = None  # the text from which the csv module takes over
    here = raw.tell()
    offset = _offset_of_line(raw, start)
    if offset is None:  # a lone CR among the first rows: the csv module reads on from where it stopped
        raw.seek(here)
        rest = text
    else:
        raw.seek(offset)
        pending = b""  # the start of a line the last block cut off
        sep = delimiter.encode()
        split_fields = operator.methodcaller("split", sep)
        # the plain columns in order and nothing else, the common table: whole blocks at a time (rows.py)
        blocks = BLOCKS and tuple(columns) == (0, 1, 2, 3, 4) and not once
        mark = sep + b"\n" + sep
        marked: tuple[bytes, int] | None = None
        while True:
            chunk = raw.read(BLOCK)
            eof = not chunk
            block = pending + chunk
            if not block:
                break
            cut = len(block) if eof else block.rfind(b"\n") + 1
            body, pending = block[:cut], block[cut:]
            plain: tuple[bytes, bytes] | None = None
            if blocks:
                marked = _marked_block(body, limit, mark)
                read = marked is not None
            else:
                plain = _plain_block(body, limit)
                read = plain is not None
            if not read or len(pending) > limit:  # quotes, a lone CR, a long field: the csv module, from here
                raw.seek(offset)
                rest = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                break
            offset += len(body)
            if marked is not None:
                n = marked[1]
                g.add_text_block(marked[0], n, sep, line + 1)
            elif plain is not None:
                lines = plain[0].split(plain[1])
                if lines and not lines[-1]:
                    lines.pop()  # the block ends with its last line's break
                g.add_text_rows(zip(itertools.count(line + 1), map(split_fields, lines)), columns, once, encoded=True)
                n = len(lines)
            if not n:
                continue
            line += n
            rows += n
            if bar is not None:
                bar.update(offset >> 20)
    if rest is not None:  # the rest of the file, from the line after the last one read, through the csv module
        reader = csv.reader(rest, delimiter=delimiter)
        counted = [0]

        def numbered() -> Iterator[tuple[int, list[str]]]:
            start = 1
            for record in reader:
                yield line + start, record
                start = reader.line_num + 1
                counted[0] += 1
                if bar is not None and counted[0] & (_PROGRESS_EVERY - 1) == 0:
                    bar.update(raw.tell() >> 20)

        try:
            g.add_text_rows(numbered(), columns, once)
        except csv.Error as exc:
            raise csv_error(exc, name, line + reader.line_num) from None
        rows += counted[0]
    g.rows = rows + len(first) - header_at - 1
    return g
