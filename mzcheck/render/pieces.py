"""Reports decided and written side by side / 多进程并行判定与写出 (stage 4: render).

Deciding a province's thousands of reports and writing them as JSON is a loop of Python, one processor.
:func:`decided` splits the reports into runs of consecutive reports: this process decides and writes the
first runs as it always did while forked processes (:mod:`mzcheck.core.forks`) decide theirs and write each
report's text, with its summary, to a temporary file; then their texts are handed to the writer in order,
as :class:`Written` items. Two processes claim short runs from both ends of the reports until they meet, so
each does half the work however unequal the reports are (a table's cities, which read their counties'
values, come last); in a table sorted by place, whole cities with their counties (each county's values read
once, where it and its city are decided: docs/design/0040-deciding-split-by-city.md). Only for a writer with a
``piece(options)`` (json, jsonl): the text of a report alone, the very text its ``stream`` writes for that
report, so the output is byte for byte one process's. A run whose process failed is decided here
(docs/design/0028-pieces-side-by-side.md).
"""

from __future__ import annotations

import importlib
import itertools
import os
import pickle
import struct
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Protocol

from mzcheck.render import WRITERS, Options, Written, WrittenRun

if TYPE_CHECKING:
    from mzcheck.core.forks import Forked
    from mzcheck.model.results import CheckResult, Summary

__all__ = ["APART_MIN_SECONDS", "APART_SMALL_MB", "APART_SMALL_SECONDS", "PROBE", "PROBE_LEAST", "RUNS_EACH", "SPLIT_MIN_REPORTS",
           "Piece", "Written", "decided", "held_mb", "piece_of", "worth_sharing"]

SPLIT_MIN_REPORTS = 2000  # below this, one process decides them as soon as several
PROBE = 100  # reports taken evenly across the run, decided and timed before any process is forked (and kept)
PROBE_LEAST = 10  # ... of which at least these are timed; the rest not once the estimate passes the bar
# deciding is shared only when it would take longer than this here: a forked process copies the pages it
# touches (the reports, the rules), so sharing costs memory, worth it for seconds of work, not for less
APART_MIN_SECONDS = 2.5
# ... unless this process holds little: a forked process copies at most what this one holds, so while this one
# holds at most APART_SMALL_MB, two stay within twice that (the 200 MB a run of any size is meant to keep to),
# and a tenth of a second's work is worth sharing (a province's table with the bundled rules)
APART_SMALL_MB = 100
APART_SMALL_SECONDS = 0.05
RUNS_EACH = 32  # runs of reports for each of two processes, claimed from both ends (see _share)
_CLAIMS = struct.Struct("<QQ")  # two processes' claims on the runs: how many the first took, where the second's begin


class Piece(Protocol):
    def __call__(self, result: CheckResult) -> str: ...


def lead_of(name: str) -> bytes | None:
    """What the format ``name`` writes between two reports, as UTF-8 (its module's ``LEAD``), where its ``stream``
    takes a forked process's run of reports joined so (:class:`~mzcheck.render.WrittenRun`); else None."""
    lead: bytes | None = getattr(importlib.import_module(WRITERS[name]), "LEAD", None)
    return lead


def piece_of(name: str) -> Callable[[Options], Piece] | None:
    """The ``piece`` of a format: given the options, a function from a report's result to the text its stream
    writes for that report; None for a format that has none."""
    module = importlib.import_module(WRITERS[name])
    made: Callable[[Options], Piece] | None = getattr(module, "piece", None)
    return made


# deciding a report: its result, or the text of one decided where it was read (Written) as it is
Decide = Callable[[Any], "CheckResult | Written"]
Apart = Callable[[], tuple[Decide, Callable[[], None]]]


def worth_sharing(seconds: float, held: float | None) -> bool:
    """Whether ``seconds`` of deciding here are worth a forked process, this process holding ``held`` MB (None:
    not known, taken as much)."""
    small = held is not None and held <= APART_SMALL_MB
    # a small process shares at least what a large one would: never a stricter limit than APART_MIN_SECONDS
    return seconds >= (min(APART_SMALL_SECONDS, APART_MIN_SECONDS) if small else APART_MIN_SECONDS)


def held_mb() -> float | None:
    """The memory this process holds (its resident set, MB); None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as f:
            resident = int(f.read().split()[1])
        return resident * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def decided(reports: Sequence[Any], decide: Decide, name: str,
            options: Options, *, apart: Apart | None = None) -> Iterator[CheckResult | Written | WrittenRun]:
    """``decide(report)`` for each report, in order: the results, or, for runs decided by forked processes, the
    texts the format ``name`` writes for them (:class:`Written`; a whole run's, joined, :class:`WrittenRun`, for a
    format with a ``LEAD``: json, jsonl). ``apart``, called in a forked process, gives
    the ``decide`` to use there and what to do when it is done: for a ``decide`` that holds what a forked
    process must not share, such as an open connection to a history store (a SQLite or PostgreSQL connection
    is not to be used across a fork; the forked process opens its own and closes it)."""
    made = piece_of(name)
    k = 1
    # reports given as their texts (decided where they were read: Written) are written as they are
    todo = [r for r in reports if r.__class__ is not Written]
    n = len(todo)
    if n < len(reports):
        decide = _passing(decide)
        if apart is not None:
            apart = _passing_apart(apart)
    if made is not None and n >= SPLIT_MIN_REPORTS:
        from mzcheck.core.forks import jobs  # only for a run big enough to share: not on a small check's start

        k = jobs()
    probed: dict[int, CheckResult | Written] = {}  # id of a report of the sample → its result, kept for its turn
    if k > 1 and PROBE:  # is the work worth sharing? a sample across the reports (a table's first reports
        sample = todo[:: max(n // PROBE, 1)][: PROBE + 1]  # may have all its rules and the rest none)
        probed[id(sample[0])] = decide(sample[0])  # the first, untimed: it imports what deciding needs
        held = held_mb()
        began = time.perf_counter()
        timed = 0
        for report in sample[1:]:
            probed[id(report)] = decide(report)
            timed += 1
            # worth it already (on a tenth of the sample at least): the rest of the sample
            # is decided in its turn, shared, not here before the fork
            if timed >= PROBE_LEAST and worth_sharing((time.perf_counter() - began) / timed * n, held):
                break
        if timed and not worth_sharing((time.perf_counter() - began) / timed * n, held):
            k = 1
    if probed:  # a sample's report is not decided again: here, or in the forked process that inherits its result
        decide = _kept(decide, probed)
        if apart is not None:
            apart = _kept_apart(apart, probed)
    if k < 2 or made is None:
        for report in reports:
            yield decide(report)
        return
    there: Apart = apart or (lambda: (decide, _nothing))
    lead = lead_of(name)
    runs, units, claims, forked = _share(reports, k, there, made, options, lead)
    here = 0  # how many runs were decided here in their turn: the table's first ones
    done = False
    text_of = made(options)
    spill: IO[bytes] | None = None  # the texts of runs decided here before their turn (cities), until then
    spilled: dict[int, tuple[int, int | None]] = {}  # such a run → where it lies in the spill (_write_run)
    try:
        for u in _taken(claims, len(units), forward=True) if claims is not None else (0,):
            head, tail = units[u]
            here += 1
            a, b = runs[head]
            for report in reports[a:b]:
                yield decide(report)
            if tail is not None:  # a city's report, decided after its counties, written among the cities
                spill = spill if spill is not None else tempfile.TemporaryFile()  # noqa: SIM115 - closed below
                a, b = runs[tail]
                spilled[tail] = _write_run(spill, map(decide, reports[a:b]), text_of, lead)
        written: dict[int, tuple[_Apart, int, int | None]] = {}  # a forked process's run → where it lies in its
        for one in forked:  # file (where it starts, and where its texts end when they are joined)
            if one is not None:
                written.update((i, (one, start, joined)) for i, start, joined in one.finish())
        for i in range(here, len(runs)):
            a, b = runs[i]
            if i in spilled and spill is not None:
                yield from _run_items(spill, *spilled.pop(i), b - a)
            elif i in written:
                one, start, joined = written[i]
                yield from _run_items(one.forked.out, start, joined, b - a)
            else:  # its process failed: decided here
                for report in reports[a:b]:
                    yield decide(report)
        done = True
    finally:
        if claims is not None:
            claims.close()
        if spill is not None:
            spill.close()
        for one in forked:
            if one is not None:
                one.close(done)


Units = list[tuple[int, int | None]]  # what a process claims at a time: a run, and a run of cities decided after it


def _share(reports: Sequence[Any], k: int, there: Apart, made: Callable[[Options], Piece],
           options: Options, lead: bytes | None = None) -> tuple[list[tuple[int, int]], Units, IO[bytes] | None,
                                                               list[_Apart | None]]:
    """The runs of ``reports``, what is claimed at a time, the file of claims on them (None: fixed shares) and
    the forked processes (``lead``: as for :func:`_start`).

    Two processes share the work from both ends: this one takes runs from the first on, the forked one from the
    last back, each claiming its next run under a lock (:func:`_taken`) until they meet, wherever the heavy
    reports lie (a table's cities, whose each-county rules read all their counties' values, come last). Each
    keeps a stretch of its own, so neither reads (and copies) what the other's reports hold. Where the table's
    cities follow their counties in their order (:func:`_by_city`), a claim is whole cities: their counties'
    run, then the run of those cities, so that each process reads a county's values and meets a city's rules
    for the cities it decides alone. More processes take equal shares of the reports, this one the first.
    两个进程从两端分取报表段,在中间相遇;城市与其下辖县一并分取;更多进程时各取等份。"""
    n = len(reports)
    if k == 2:
        by_city = _by_city(reports, 2 * RUNS_EACH)
        if by_city is not None:
            runs, units = by_city
        else:
            m = min(n, 2 * RUNS_EACH)
            runs = list(itertools.pairwise([n * i // m for i in range(m + 1)]))
            units = [(i, None) for i in range(m)]
        try:
            claims: IO[bytes] | None = tempfile.TemporaryFile()  # noqa: SIM115 - closed by decided
        except OSError:
            claims = None
        if claims is not None:
            os.pwrite(claims.fileno(), _CLAIMS.pack(0, len(units)), 0)

            def claimed() -> Iterator[int]:
                for u in _taken(claims, len(units), forward=False):
                    head, tail = units[u]
                    yield head
                    if tail is not None:
                        yield tail

            return runs, units, claims, [_start(reports, runs, claimed, there, made, options, lead)]
    runs = list(itertools.pairwise([n * i // k for i in range(k + 1)]))
    return runs, [(0, None)], None, [_start(reports, runs, _only(j), there, made, options, lead) for j in range(1, k)]


_CITY_WEIGHT = 4  # a city's report is some four counties' work (its rules on each of its counties)


def _by_city(reports: Sequence[Any], parts: int) -> tuple[list[tuple[int, int]], Units] | None:
    """The runs of a table whose last reports are cities holding their counties' values (read.children.gather),
    each city's counties one run before them, in the cities' order (a table sorted by place): about ``parts``
    units of whole cities, each the run of its counties' reports (and the reports of no city among them) and
    the run of its cities; the runs in the reports' order, the counties' runs first. None for a table in any
    other order (or with no such cities)."""
    n = len(reports)
    t = n
    while t > 0 and reports[t - 1].__class__ is not Written and getattr(reports[t - 1], "children", None):
        t -= 1
    if t == n or t == 0:
        return None
    city: dict[tuple[str, int, int], int] = {}
    for j in range(t, n):
        c = reports[j]
        city[(c.jurisdiction.code, c.period, c.target_year)] = j
    cities: list[int] = []  # each city in the order its counties come: each run of one city's counties
    size = max((t + _CITY_WEIGHT * (n - t)) // parts, 1)
    heads: list[tuple[int, int]] = []
    tails: list[tuple[int, int] | None] = []
    a = weight = 0
    last = -1
    for i in range(t):
        r = reports[i]
        parent = r.jurisdiction.parent if r.__class__ is not Written else None
        j = city.get((parent, r.period, r.target_year), -1) if parent is not None else -1
        if j >= 0 and j != last and j != (cities[-1] + 1 if cities else t):
            return None  # a city's counties in two runs, or cities in another order
        if weight >= size and i > a and (j < 0 or j != last):  # before a new city's counties, or a report of none
            heads.append((a, i))
            tails.append(_tail(cities, tails))
            a = i
            weight = 0
        if j >= 0 and j != last:
            cities.append(j)
            weight += _CITY_WEIGHT
            last = j
        weight += 1
    heads.append((a, t))
    tails.append(_tail(cities, tails))
    if cities != list(range(t, n)):
        return None
    runs = heads + [x for x in tails if x is not None]
    units: Units = []
    at = len(heads)
    for k, tail in enumerate(tails):
        units.append((k, at if tail is not None else None))
        at += tail is not None
    return runs, units


def _tail(cities: list[int], tails: list[tuple[int, int] | None]) -> tuple[int, int] | None:
    """The run of the cities a unit ending now holds (``cities``: those met so far, ``tails``: the earlier units'
    runs of cities): those met since the last unit's, or None."""
    start = next((x[1] for x in reversed(tails) if x is not None), cities[0] if cities else 0)
    end = cities[-1] + 1 if cities else start
    return (start, end) if end > start else None


def _only(run: int) -> Callable[[], Iterator[int]]:
    """A fixed share: the one run ``run``."""
    return lambda: iter((run,))


def _taken(claims: IO[bytes], m: int, *, forward: bool) -> Iterator[int]:
    """The runs one of two processes claims, in turn, until they meet: from the first on (``forward``) or from
    the last back. The claims file holds how many runs the first process has taken and where the second's begin;
    it is read and written under a lock (a POSIX record lock: a process's own, released if it dies)."""
    import fcntl  # POSIX only: two processes share only where fork is safe (mzcheck.core.forks.jobs)

    fd = claims.fileno()
    while True:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        try:
            front, back = _CLAIMS.unpack(os.pread(fd, _CLAIMS.size, 0))
            if front >= back or back > m:
                return
            if forward:
                front += 1
            else:
                back -= 1
            os.pwrite(fd, _CLAIMS.pack(front, back), 0)
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN)
        yield front - 1 if forward else back


def _nothing() -> None:
    return None


def _kept(decide: Decide, probed: dict[int, CheckResult | Written]) -> Decide:
    """``decide``, giving the result already decided for a report of the sample (the list of reports holds them
    all, so their ids stand for them) the one time it is asked for."""

    def once(report: Any) -> CheckResult | Written:
        got = probed.pop(id(report), None)
        return got if got is not None else decide(report)

    return once


def _kept_apart(apart: Apart, probed: dict[int, CheckResult | Written]) -> Apart:
    """``apart``, its ``decide`` giving the sample's results as :func:`_kept` does."""

    def there() -> tuple[Decide, Callable[[], None]]:
        decide, done = apart()
        return _kept(decide, probed), done

    return there


class _Apart:
    """A forked process deciding runs of reports (:func:`_start`), and its file."""

    def __init__(self, forked: Forked) -> None:
        self.forked = forked

    def finish(self) -> list[tuple[int, int, int | None]]:
        """Once its work is written: the runs it wrote, with where each lies in its file (where it starts, and where
        its texts end when they are joined, else None); none when it failed (its runs are then decided here)."""
        from mzcheck.core.forks import read_tail

        got = self.forked.result()
        if got is None:
            return []
        index: list[tuple[int, int, int | None]] = read_tail(got)
        return index

    def close(self, finished: bool) -> None:
        """Done with it: ended now unless it ran to its end (``finished``)."""
        if not finished:
            self.forked.stop()
        else:
            self.forked.out.close()


def _passing(decide: Decide) -> Decide:
    """``decide``, for a report given as its text already (:class:`Written`: decided by the process that read it,
    mzcheck.read.rows.Settled) that text."""
    return lambda report: report if report.__class__ is Written else decide(report)


def _passing_apart(apart: Apart) -> Apart:
    def there() -> tuple[Decide, Callable[[], None]]:
        decide, done = apart()
        return _passing(decide), done

    return there


def _start(reports: Sequence[Any], runs: Sequence[tuple[int, int]], claimed: Callable[[], Iterator[int]],
           there: Apart, made: Callable[[Options], Piece], options: Options, lead: bytes | None = None) -> _Apart | None:
    """A forked process deciding the runs it ``claimed`` (indices into ``runs``): each run written to its file
    (:func:`_write_run`, ``lead`` the format's ``LEAD``); at its end, the index of the runs it wrote (run, where it
    starts, where its texts end when they are joined, else None), as its tail (``write_tail``)."""
    from mzcheck.core.forks import Forked, write_tail

    def work(out: IO[bytes]) -> None:
        decide, done = there()
        text_of = made(options)
        index = []
        try:
            for i in claimed():
                a, b = runs[i]
                index.append((i, *_write_run(out, map(decide, reports[a:b]), text_of, lead)))
        finally:
            done()
        write_tail(out, index)

    forked = Forked.start(work)
    return _Apart(forked) if forked is not None else None


def _write_run(out: IO[bytes], results: Iterable[CheckResult | Written], text_of: Piece,
               lead: bytes | None) -> tuple[int, int | None]:
    """A run's results written to ``out`` as :func:`_run_items` reads them back: their texts, then their pickled
    summaries. With ``lead`` (the format's ``LEAD``), the texts joined as the output has them, each led by it,
    when each is UTF-8; else each with its length (:func:`~mzcheck.core.forks.write_text`). Where the run
    begins, and where its texts end when they are joined (else None)."""
    from mzcheck.core.forks import write_text

    start = out.tell()
    texts: list[str | bytes] = []  # each result's text as soon as it comes, its records let go
    summaries = []
    for r in results:
        texts.append(r.text if isinstance(r, Written) else text_of(r))
        summaries.append(r.summary)
    joined = _joined(texts) if lead is not None else None
    ended: int | None = None
    if lead is not None and joined is not None:
        for data in joined:
            out.write(lead)
            out.write(data)
        ended = out.tell()
    else:
        for text in texts:
            write_text(out, text)
    pickle.dump(summaries, out, pickle.HIGHEST_PROTOCOL)
    return start, ended


def _run_items(f: IO[bytes], start: int, joined: int | None, count: int) -> Iterator[Written | WrittenRun]:
    """The items of a run of ``count`` reports :func:`_write_run` wrote to ``f`` from ``start``: their texts
    joined (``joined``: where they end) as one :class:`WrittenRun` whose span lies in ``f`` (read before the
    next item is asked for); else each as a :class:`Written`."""
    from mzcheck.core.forks import Span, read_text

    if joined is not None:
        f.seek(joined)
        yield WrittenRun(Span(f, start, joined - start), pickle.load(f))  # written by this or our own forked process
        return
    f.seek(start)
    texts = [read_text(f) for _ in range(count)]  # UTF-8, given to the output as it is (or, rarely, text)
    summaries: list[Summary] = pickle.load(f)  # written by this or our own forked process
    for data, summary in zip(texts, summaries):
        yield Written(data, summary)


def _joined(texts: list[str | bytes]) -> list[bytes] | None:
    """A run's texts as UTF-8, to be joined; None where one is no UTF-8 (a lone surrogate of a file name read
    with surrogateescape: its text goes to the writer as text, each on its own)."""
    out = []
    for text in texts:
        if isinstance(text, str):
            try:
                out.append(text.encode("utf-8"))
            except UnicodeEncodeError:
                return None
        else:
            out.append(text)
    return out
