"""Reports decided ahead, while the rest of a big table is still read and gathered / 提前判定.

A process that has read its piece of a big table (mzcheck.read.stream) waits: for the other pieces' processes,
then while it takes their reports over, reads their values and gathers counties for their cities, one
processor works and the other idles, some 0.3 s for a province's million rows. When its reports read many
values (rules on every report), :class:`Ahead` forks a process there that decides the reports this process
has read, in their order, and writes each one's text and summary to its file, until it is told to stop; this
process builds and gathers meanwhile, as it always did. Then the texts of the reports still made of what they
were made of when the process took them (no value, 截至日期 or 目标年份 of theirs came in the other pieces,
no problem spoiled them) stand for those reports when the run decides them (``Ahead.taken``); every other
report is decided then, as before. A report :func:`~mzcheck.read.children.gather` gathers for (a city with an
each-county rule due) is never taken: its children come later. The texts are those the run would write for
the reports, byte for byte (docs/design/0039-deciding-ahead.md).

先行判定:读完自己那一段的进程在等待其他段、接收报表、汇总下级时,另一处理器空闲;此时派生的进程按顺序判定已读的报表,
其结果在报表未再变化时直接使用。
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from mzcheck.core.forks import LENGTH, Forked, decoded, encoded, stored

if TYPE_CHECKING:  # made by every streamed check, used only by a big table's: its reader's modules imported then
    from mzcheck.model.report import Report
    from mzcheck.read.rows import Grouper

__all__ = ["Ahead"]

_NICER = 10  # how much lower the forked process's priority is: it uses what the others leave of the processors
_BATCH = 64  # reports whose summaries are pickled together (written as they are decided: little left at the end)

# a report's decided item, however the caller makes it: anything with its ``text`` (str or bytes) and ``summary``
Each = Callable[[Iterable["Report"]], Iterator[Any]]
# the caller's item again, from a text (str or UTF-8 bytes) and a summary
Make = Callable[[Any, Any], Any]


class Ahead:
    """Deciding ahead, for one table (the first :meth:`start` asked for; a run of several big tables decides the
    others' reports as before). ``each`` decides reports as they are given, lazily, in a forked process (the
    caller's ``decide`` there: mzcheck.cli); ``make`` makes the caller's item again from a text and a summary."""

    def __init__(self, each: Each, make: Make) -> None:
        self.each, self.make = each, make
        self.forked: Forked | None = None
        self.grouper: Grouper | None = None
        self.states: list[tuple[Any, tuple[Any, ...]]] = []  # each report gathered when it forked, as it was then
        self.built: dict[int, Report] = {}  # id of a chosen report as gathered → the report built from it here
        self._ids: set[int] = set()
        self._stop: mmap.mmap | None = None  # one byte shared with the forked process: 1 once it is to stop
        self._out: IO[bytes] | None = None

    def start(self, g: Grouper) -> None:
        """Fork the process deciding ``g``'s reports gathered so far, but those gather gathers for and those
        whose 截至日期 stands before their period (their problem is said when the pieces are joined). It runs at a
        lower priority: it takes only what this process and the readers leave of the processors. Here only what
        each report is made of now is noted (:meth:`~mzcheck.read.rows.Grouper.states`); which it decides, the
        forked process works out itself."""
        if self.forked is not None or self._out is not None:
            return
        try:
            stop = mmap.mmap(-1, 1)  # anonymous and shared: written here, read there
        except OSError:
            return
        states = g.states()
        each = self.each

        def work(out: IO[bytes]) -> None:
            with contextlib.suppress(OSError):
                os.nice(_NICER)
            may = _may(g.rules)
            chosen = [i for i, (b, _) in enumerate(states) if may(b)]

            def reports() -> Iterator[Report]:
                for i in chosen:
                    if stop[0]:
                        return
                    yield g.report(states[i][0])

            lengths: list[int] = []
            batches: list[tuple[int, int]] = []  # where each batch's summaries lie, after its texts
            summaries: list[Any] = []
            for item in each(reports()):
                data, length = encoded(item.text)
                out.write(data)
                lengths.append(length)
                summaries.append(item.summary)
                if len(summaries) == _BATCH:
                    batches.append(_dumped(summaries, out))
                    summaries = []
            if summaries:
                batches.append(_dumped(summaries, out))
            at = out.tell()
            pickle.dump((chosen[: len(lengths)], lengths, batches), out, pickle.HIGHEST_PROTOCOL)
            out.write(LENGTH.pack(at))

        self.forked = Forked.start(work)
        if self.forked is None:
            stop.close()
            return
        self.grouper, self.states, self._stop = g, states, stop
        self._ids = {id(b) for b, _ in states}

    def built_from(self, b: Any, report: Report) -> None:
        """``report`` was built here from ``b``, as gathered: the report a text decided ahead for ``b`` is for."""
        if id(b) in self._ids:
            self.built[id(b)] = report

    def taken(self) -> dict[int, tuple[Report, Callable[[], Any]]]:
        """Stop the process, wait for it; then, by the id of each report it decided that is still made of what it
        was made of then: the report, and a function giving the caller's item for it (its text read from the
        process's file when it is asked for). Empty when the process failed (every report is decided as usual)."""
        forked, stop, g = self.forked, self._stop, self.grouper
        self.forked = None
        if forked is None or stop is None or g is None:
            return {}
        stop[0] = 1
        got = forked.result()
        stop.close()
        if got is None:
            return {}
        self._out = got
        got.seek(-LENGTH.size, 2)
        (at,) = LENGTH.unpack(got.read(LENGTH.size))
        got.seek(at)
        chosen, lengths, batches = pickle.load(got)  # written by our own forked process
        fd, make, states = got.fileno(), self.make, self.states
        out: dict[int, tuple[Report, Callable[[], Any]]] = {}
        offset = 0
        batch = _Batch(fd, 0, 0)
        for k, (i, length) in enumerate(zip(chosen, lengths)):
            j, n = divmod(k, _BATCH)
            if not n:
                batch = _Batch(fd, *batches[j])
            b, state = states[i]
            report = self.built.get(id(b))
            if report is not None and g.unchanged(b, state):
                out[id(report)] = (report, _reader(fd, offset, length, batch, n, make))
            offset = batch.end if n == _BATCH - 1 else offset + stored(length)
        self.states, self.built, self._ids = [], {}, set()
        return out

    def close(self) -> None:
        """Done with it: the process ended if it still runs, its file closed."""
        if self.forked is not None:
            self.forked.stop()
            self.forked = None
        if self._stop is not None and not self._stop.closed:
            self._stop.close()
        if self._out is not None:
            self._out.close()
            self._out = None


def _may(rules: Any) -> Callable[[Any], bool]:
    """Whether a report as gathered may be decided ahead: not one :func:`~mzcheck.read.children.gather` gathers
    for, nor one whose 截至日期 stands before its period."""
    from mzcheck.read.children import gathered_for

    parent = gathered_for(rules)
    return lambda b: not parent(b.place.code, b.year()) and b.dated_well()


def _dumped(summaries: list[Any], out: IO[bytes]) -> tuple[int, int]:
    """A batch's summaries pickled to ``out``: where they lie."""
    start = out.tell()
    pickle.dump(summaries, out, pickle.HIGHEST_PROTOCOL)
    return start, out.tell()


class _Batch:
    """The summaries of a batch of reports decided ahead, read from the file (``start`` to ``end``) the first time
    one of them is wanted."""

    __slots__ = ("end", "fd", "start", "summaries")

    def __init__(self, fd: int, start: int, end: int) -> None:
        self.fd, self.start, self.end = fd, start, end
        self.summaries: list[Any] | None = None

    def __getitem__(self, k: int) -> Any:
        if self.summaries is None:
            self.summaries = pickle.loads(os.pread(self.fd, self.end - self.start, self.start))  # our own fork's
        return self.summaries[k]


def _reader(fd: int, offset: int, length: int, batch: _Batch, k: int, make: Make) -> Callable[[], Any]:
    """The caller's item of a text decided ahead, read when it is asked for (``os.pread``: no file position, so a
    forked process of the caller's may read it too), with its summary, the ``k``-th of its batch."""
    return lambda: make(decoded(os.pread(fd, stored(length), offset), length), batch[k])
