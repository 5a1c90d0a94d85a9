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
hands the rest of the file to the csv module. Past :data:`SPLIT_MIN_BYTES`, the rows are cut into pieces
read side by side by forked processes and taken in order, or read again here where a piece is not plain
(docs/design/0028-pieces-side-by-side.md): the reports and messages are one reader's.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

from mzcheck.core.codes import files as F
from mzcheck.core.collector import paused
from mzcheck.core.errors import InputError
from mzcheck.core.files import checked_input
from mzcheck.core.forks import Forked, jobs
from mzcheck.core.progress import Progress
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read.children import settles
from mzcheck.read.fields import check_as_of
from mzcheck.read.rows import (
    HEADER_SEARCH_ROWS,
    ONCE,
    PLAIN,
    Cell,
    Grouper,
    Handover,
    PartlyRead,
    Settle,
    Settled,
    find_layout,
)
from mzcheck.read.table import csv_error, sniff_delimiter

__all__ = ["BLOCK", "BLOCKS", "STREAM_MAX_BYTES", "STREAM_MIN_BYTES", "CsvReports", "stream_csv_reports", "streamable"]

STREAM_MIN_BYTES = 256 << 10  # 256 KB, some 5,000 rows: below this, the table reader reads the file as quickly
STREAM_MAX_BYTES = 1 << 30  # 1 GB: about twenty million rows, far beyond any province's report
BLOCK = 64 << 10  # bytes read at a time: a block's fields (some 6,000 objects) stay in the CPU's caches while
# they are split, sliced and looked up; 1 MB blocks spill out of them and read a tenth slower (either path)
BLOCKS = True  # plain blocks of the common layout to Grouper.add_text_block; False: every row by add_text_rows
_PROGRESS_EVERY = 1 << 16  # rows between progress updates of the csv module's part
SPLIT_MIN_BYTES = 16 << 20  # 16 MB of rows, some 250,000: below this, one process reads them as soon as several


def streamable(path: str | Path) -> bool:
    """Whether ``mzcheck check`` reads this file with :func:`stream_csv_reports`: a big .csv or .tsv."""
    p = Path(path)
    try:
        return p.suffix.lower() in (".csv", ".tsv") and p.is_file() and p.stat().st_size >= STREAM_MIN_BYTES
    except OSError:
        return False


class CsvReports:
    """The reports of a streamed CSV file, built one at a time as they are iterated; ``unread``: their values
    read only when :meth:`fill` is asked for each report (and its children's), in the process that decides it."""

    def __init__(self, grouper: Grouper, good: list[Any], *, progress: bool = False, unread: bool = False) -> None:
        self._grouper = grouper
        self._reports = good  # grouper.good(), as Grouper.check gave it once the reading was over
        self._progress = (Progress(len(good), "读取数值 / reading values", "reports") if progress and not unread
                          else None)
        self._unread = unread
        self.rows = grouper.rows
        self.kept = len([r for r in self._reports if r.pending])  # reports some of whose values are read
        self.fill = grouper.fill

    def __len__(self) -> int:
        return len(self._reports)

    def __iter__(self) -> Iterator[Report | Settled]:
        bar = self._progress
        report = self._grouper.unread if self._unread else self._grouper.report
        for i, r in enumerate(self._reports):
            yield r if r.__class__ is Settled else report(r)  # an _Open otherwise
            if bar is not None:
                bar.update(i + 1)
        if bar is not None:
            bar.close()


def stream_csv_reports(path: str | Path, rules: RuleSet, *, target_year: int | None = None, keep_all: bool = False,
                       progress: bool = True, settle: Settle | None = None, unread: bool = False) -> CsvReports | None:
    """The reports of a big UTF-8 CSV file in the layout of docs/contract.md, read in one pass.

    Values are read only where a rule due in ``target_year`` (default: each report's period) reads them,
    unless ``keep_all``; with ``unread``, only when ``CsvReports.fill`` is asked for a report (by the process
    that decides it). Raises :class:`mzcheck.InputError` with every problem, as the table reader words them
    (:class:`~mzcheck.read.rows.PartlyRead`, with the reports the problems did not spoil, when only some rows
    are wrong); returns None when the file should go to the table reader instead (another encoding, a binary
    file, section or child columns).
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
            try:
                with paused():  # a million rows make no reference cycles; the collector would rescan all that is kept
                    grouper = _stream(text, delimiter, raw, bar, name, rules, target_year, keep_all, settle)
            except UnicodeDecodeError:
                return None  # GBK/GB18030 or broken text: the table reader decodes it, or says where it breaks
            finally:
                if bar is not None:
                    bar.close()
    except OSError as exc:  # EIO from a failing disk, a file removed meanwhile, no permission
        raise InputError.of(F.UNREADABLE, file=name, reason_en=exc.strerror or str(exc)) from None
    if grouper is None:
        return None
    reports = CsvReports(grouper, grouper.check(), progress=progress, unread=unread)
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
    lines; None for the csv module. The line breaks are counted by the length the marks add. A block of CRLF
    line breaks (the csv module's own, and Excel's) has its CRs taken out first when each stands before an LF:
    single bytes replaced, each pass a few times quicker than replacing the pair."""
    if b'"' in body:
        return None
    if not body.isascii():
        body.decode("utf-8")  # UnicodeDecodeError: GBK or broken text, for the table reader
    if b"\r" in body:
        if body.count(b"\r") != body.count(b"\r\n"):
            return None  # a CR not before an LF: a line break of its own for the csv module
        body = body.replace(b"\r", b"")  # CRLF and LF alike end a line: every one an LF now
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
            target_year: int | None, keep_all: bool, settle: Settle | None = None) -> Grouper | None:
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
    line = start - 1  # the last line read
    here = raw.tell()
    offset = _offset_of_line(raw, start)
    reading = _Reading(raw, delimiter, columns, once, limit, bar, name)
    if offset is None:  # a lone CR among the first rows: the csv module reads on from where it stopped
        raw.seek(here)
        rows = _rest(g, reading, text, line)
    else:
        rows = _read_pieces(g, reading, offset, line, settle)
    g.rows = rows + len(first) - header_at - 1
    return g


@dataclass
class _Reading:
    """What reading a range of the file's bytes needs besides the grouper."""

    raw: Any  # the file, binary
    delimiter: str
    columns: tuple[int | None, ...]
    once: tuple[tuple[str, int], ...]
    limit: int  # the csv module's longest field
    bar: Progress | None
    name: str


def _blocks(g: Grouper, r: _Reading, offset: int, stop: int | None, line: int) -> tuple[int, int, int, bool]:
    """The plain lines from byte ``offset`` (the start of line ``line + 1``) up to ``stop`` (a line's start;
    None: the end of the file) into ``g``, a block at a time. Returns the offset and the last line reached, the
    rows read, and whether the range was read to its end: it stops short at the first block that is not plain
    (quotes, a lone CR, a long field), from where the csv module reads (:func:`_rest`). A table of the five
    plain columns in order and nothing else (the common one) goes a whole block at a time to
    :meth:`~mzcheck.read.rows.Grouper.add_text_block`, other tables row by row to ``add_text_rows``."""
    raw = r.raw
    raw.seek(offset)
    rows = 0
    pending = b""  # the start of a line the last block cut off
    sep = r.delimiter.encode()
    split_fields = operator.methodcaller("split", sep)
    blocks = BLOCKS and tuple(r.columns) == (0, 1, 2, 3, 4) and not r.once
    mark = sep + b"\n" + sep
    while True:
        chunk = raw.read(BLOCK if stop is None else min(BLOCK, stop - offset - len(pending)))
        eof = not chunk
        block = pending + chunk
        if not block:
            return offset, line, rows, True
        cut = len(block) if eof else block.rfind(b"\n") + 1
        body, pending = block[:cut], block[cut:]
        marked: tuple[bytes, int] | None = None
        plain: tuple[bytes, bytes] | None = None
        if blocks:
            marked = _marked_block(body, r.limit, mark)
            read = marked is not None
        else:
            plain = _plain_block(body, r.limit)
            read = plain is not None
        if not read or len(pending) > r.limit:  # quotes, a lone CR, a long field: the csv module, from here
            return offset, line, rows, False
        offset += len(body)
        n = 0
        if marked is not None:
            n = marked[1]
            g.add_text_block(marked[0], n, sep, line + 1)
        elif plain is not None:
            lines = plain[0].split(plain[1])
            if lines and not lines[-1]:
                lines.pop()  # the block ends with its last line's break
            g.add_text_rows(zip(itertools.count(line + 1), map(split_fields, lines)), r.columns, r.once, encoded=True)
            n = len(lines)
        if not n:
            continue
        line += n
        rows += n
        if r.bar is not None:
            r.bar.update(offset >> 20)


def _rest(g: Grouper, r: _Reading, text: TextIO, line: int) -> int:
    """The rest of the file, from the line after ``line``, through the csv module; the rows read."""
    reader = csv.reader(text, delimiter=r.delimiter)
    counted = [0]
    bar, raw = r.bar, r.raw

    def numbered() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for record in reader:
            yield line + start, record
            start = reader.line_num + 1
            counted[0] += 1
            if bar is not None and counted[0] & (_PROGRESS_EVERY - 1) == 0:
                bar.update(raw.tell() >> 20)

    try:
        g.add_text_rows(numbered(), r.columns, r.once)
    except csv.Error as exc:
        raise csv_error(exc, r.name, line + reader.line_num) from None
    return counted[0]


# ------------------------------------------------------------------------ pieces read side by side


# This process's piece is larger by this part of an equal share: a forked reader starts later (it is forked,
# and counts the lines before its piece), and this one takes its reports after it has read its own piece.
# On the benchmark's tables (two processes), 0.06 gave the shortest read of 0, 0.06 and 0.12: 0.64 → 0.61 s
# (rules on every report), 0.49 → 0.47 s (bundled rules). Since each process decides its piece's reports as it
# reads (0036), this process also takes the forked one's texts at the end: of 0, 0.03 and 0.06, 0.03 ended the
# bundled rules' run first (0.507 s against 0.512 and 0.519, four times each), the dense run alike within noise.
HEAD_START = 0.03


def _cuts(raw: Any, offset: int, size: int, pieces: int, limit: int) -> list[int]:
    """Where the pieces of the rows from ``offset`` start: line starts near equal shares of the bytes, the first
    a little larger (:data:`HEAD_START`), then ``size``; one piece for a file under :data:`SPLIT_MIN_BYTES` of
    rows."""
    cuts = [offset]
    span = size - offset
    if span >= SPLIT_MIN_BYTES:
        first = (1 + HEAD_START) / pieces  # this process's share; the forked ones share the rest equally
        for k in range(1, pieces):
            at = offset + int(span * (first + (k - 1) * (1 - first) / (pieces - 1)))
            raw.seek(at)
            head = raw.read(limit + 1)
            end = head.find(b"\n")
            if end < 0 or at + end + 1 <= cuts[-1] or at + end + 1 >= size:
                break
            cuts.append(at + end + 1)
    cuts.append(size)
    return cuts


def _piece(g: Grouper, r: _Reading, first: int, start: int, stop: int | None, line: int,
           settle: Settle | None = None) -> Forked | None:
    """A forked process reading the lines from byte ``start`` to ``stop`` into a grouper of its own; it counts
    the lines from ``first`` (where the rows start, line ``line + 1``) to number its own, and writes back
    (rows, the last line, its reports, what it decided of them by ``settle``) pickled, or None when its piece
    is not plain."""

    def work(out: IO[bytes]) -> None:
        n = line
        with open(r.raw.name, "rb") as raw:  # a file position of its own
            mine = _Reading(raw, r.delimiter, r.columns, r.once, r.limit, None, r.name)
            raw.seek(first)
            left = start - first
            while left:
                piece = raw.read(min(BLOCK, left))
                if not piece:
                    break
                n += piece.count(b"\n")
                left -= len(piece)
            h = g.fresh()
            _, last, rows, whole = _blocks(h, mine, start, stop, n)
            handed = h.handover() if whole else None
            may = _settling(h) if handed is not None and settle is not None else None
            decided = h.decided_apart(settle, may) if settle is not None and may is not None else None
        pickle.dump(None if handed is None else (rows, last, handed, decided, h.needed()), out, pickle.HIGHEST_PROTOCOL)

    return Forked.start(work)


def _taken(piece: Forked | None) -> tuple[int, int, Handover, list[Any] | None, dict[Any, Any]] | None:
    """What a piece's process read: (rows, the last line, the reports, what it decided of them, the indicators
    their rules read), or None (read it here)."""
    got = piece.result() if piece is not None else None
    if got is None:
        return None
    with got:
        read: tuple[int, int, Handover, list[Any] | None, dict[Any, Any]] | None = pickle.load(got)  # our own fork's
    return read


# A process that has read its piece decides its reports while the others still read (Grouper.settle), when they
# read at most this many values between them: the bundled rules' province table, where nearly every report has
# no rule. A table where every report has rules (some 50 values each) is decided after the reading, shared by
# the processes from both ends (mzcheck.render.pieces): its reports are unequal work, and its results large.
SETTLE_MOST_VALUES = 20_000
# ... and decides at most this many of them: their texts wait in memory until the reading ends (some 1.5 KB each,
# a report with nothing to check), so a national table's hundred thousand reports do not all wait; the others
# are decided after the reading, as they always were
SETTLE_MOST_REPORTS = 10_000


def _settling(g: Grouper) -> Any:
    """Which of ``g``'s reports may be decided now (a predicate asked of each in their order), or None for none:
    not when they read more than :data:`SETTLE_MOST_VALUES` values, not beyond the first
    :data:`SETTLE_MOST_REPORTS`; never one :func:`~mzcheck.read.children.gather` may add to or take from (its
    own or its parent's each-child rule due), nor one whose 截至日期 is wrong (said when the pieces are joined)."""
    if sum(len(b.pending) for b in g.reports.values()) > SETTLE_MOST_VALUES:
        return None
    free = settles(g.rules)
    left = [SETTLE_MOST_REPORTS]

    def may(b: Any) -> bool:
        if left[0] <= 0 or not free(b.place, b.target_year[0] if b.target_year else b.period):  # gather's year
            return False
        if b.as_of is not None:
            try:
                check_as_of(b.as_of[0], b.period)
            except InputError:
                return False
        left[0] -= 1
        return True

    return may


def _read_pieces(g: Grouper, r: _Reading, offset: int, line: int, settle: Settle | None = None) -> int:
    """The rows from byte ``offset`` (line ``line + 1``) into ``g``, in pieces read side by side by forked
    processes where the file is big enough (:func:`jobs`): this process reads the first piece while the others
    read theirs, then takes each one's reports in order, as if it had read them itself. A piece whose reader
    met anything but plain rows (a problem, a line to hand to the csv module), or whose reports would have met
    a problem here (an indicator given again, another 截至日期), is read again here, row by row, with every
    piece after it: the messages, their order and the reports are those of one process reading the file.
    With ``settle``, each process decides the reports it read once it has read them, while the others read
    (:meth:`~mzcheck.read.rows.Grouper.settle`; docs/design/0036-deciding-while-reading.md)."""
    size = os.fstat(r.raw.fileno()).st_size
    first = offset
    cuts = _cuts(r.raw, offset, size, jobs(), r.limit)
    pieces: list[Forked | None] = [_piece(g, r, first, start, stop if stop < size else None, line, settle)
                                   for start, stop in itertools.pairwise(cuts[1:])]
    rows = 0
    try:
        offset, line, rows, whole = _blocks(g, r, offset, cuts[1] if pieces else None, line)
        if settle is not None and whole and any(p is not None for p in pieces):
            may = _settling(g)
            if may is not None:
                g.settle(settle, may)
        if whole and pieces and pieces[0] is not None:  # waiting for the next piece: its reports built meanwhile
            g.prebuild(pieces[0].running)
        for k, piece in enumerate(pieces, 1):
            got = _taken(piece) if whole else None
            if got is not None and g.absorb(got[2], got[3], got[4]):
                rows += got[0]
                offset, line = cuts[k + 1], got[1]
                continue
            for rest in pieces[k:]:  # from here on, this process reads
                if rest is not None:
                    rest.stop()
            pieces = []
            if whole:
                offset, line, more, whole = _blocks(g, r, offset, None, line)
                rows += more
            break
    finally:
        for piece in pieces:
            if piece is not None:
                piece.stop()
    if not whole:  # quotes, a lone CR, a long field: the csv module reads the rest of the file
        r.raw.seek(offset)
        rows += _rest(g, r, io.TextIOWrapper(r.raw, encoding="utf-8", newline=""), line)
    return rows
