"""Reports decided and written side by side / 多进程并行判定与写出 (stage 4: render).

Deciding a province's thousands of reports and writing them as JSON is a loop of Python, one processor.
:func:`decided` splits the reports into runs of consecutive reports: this process decides and writes the
first run as it always did while forked processes (:mod:`mzcheck.core.forks`) decide theirs and write each
report's text, with its summary, to a temporary file; then their texts are handed to the writer in order,
as :class:`Written` items. Only for a writer with a ``piece(options)`` (json, jsonl): the text of a report
alone, the very text its ``stream`` writes for that report, so the output is byte for byte one process's.
A run whose process failed is decided here (docs/design/0028-pieces-side-by-side.md).
"""

from __future__ import annotations

import importlib
import itertools
import pickle
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Protocol

from mzcheck.render import WRITERS, Options, Written

if TYPE_CHECKING:
    from mzcheck.core.forks import Forked
    from mzcheck.model.results import CheckResult, Summary

__all__ = ["APART_MIN_SECONDS", "PROBE", "SPLIT_MIN_REPORTS", "Piece", "Written", "decided", "piece_of"]

SPLIT_MIN_REPORTS = 2000  # below this, one process decides them as soon as several
PROBE = 100  # reports taken evenly across the run, decided and timed before any process is forked (and kept)
# deciding is shared only when it would take longer than this here: a forked process copies the pages it
# touches (the reports, the rules), so sharing costs memory, worth it for seconds of work, not for less
APART_MIN_SECONDS = 2.5
_LENGTH = struct.Struct("<Q")


class Piece(Protocol):
    def __call__(self, result: CheckResult) -> str: ...


def piece_of(name: str) -> Callable[[Options], Piece] | None:
    """The ``piece`` of a format: given the options, a function from a report's result to the text its stream
    writes for that report; None for a format that has none."""
    module = importlib.import_module(WRITERS[name])
    made: Callable[[Options], Piece] | None = getattr(module, "piece", None)
    return made


Apart = Callable[[], tuple[Callable[[Any], "CheckResult"], Callable[[], None]]]


def decided(reports: Sequence[Any], decide: Callable[[Any], CheckResult], name: str,
            options: Options, *, apart: Apart | None = None) -> Iterator[CheckResult | Written]:
    """``decide(report)`` for each report, in order: the results, or, for runs decided by forked processes, the
    texts the format ``name`` writes for them (:class:`Written`). ``apart``, called in a forked process, gives
    the ``decide`` to use there and what to do when it is done: for a ``decide`` that holds what a forked
    process must not share, such as an open connection to a history store (a SQLite or PostgreSQL connection
    is not to be used across a fork; the forked process opens its own and closes it)."""
    made = piece_of(name)
    n = len(reports)
    k = 1
    if made is not None and n >= SPLIT_MIN_REPORTS:
        from mzcheck.core.forks import jobs  # only for a run big enough to share: not on a small check's start

        k = jobs()
    probed: dict[int, CheckResult] = {}  # id of a report of the sample → its result, kept for its turn
    if k > 1 and PROBE:  # is the work worth sharing? a sample across the reports (a table's first reports
        sample = reports[:: max(n // PROBE, 1)][: PROBE + 1]  # may have all its rules and the rest none)
        probed[id(sample[0])] = decide(sample[0])  # the first, untimed: it imports what deciding needs
        began = time.perf_counter()
        for report in sample[1:]:
            probed[id(report)] = decide(report)
        if len(sample) > 1 and (time.perf_counter() - began) / (len(sample) - 1) * n < APART_MIN_SECONDS:
            k = 1
    if probed:  # a sample's report is not decided again: here, or in the forked process that inherits its result
        decide = _kept(decide, probed)
        if apart is not None:
            apart = _kept_apart(apart, probed)
    bounds = [n * i // k for i in range(k + 1)]
    runs = [(a, b) for a, b in itertools.pairwise(bounds) if b > a]
    assert made is not None or len(runs) <= 1
    there: Apart = apart or (lambda: (decide, _nothing))
    forked = [_start(reports[a:b], there, made, options) if made is not None else None for a, b in runs[1:]]
    try:
        for report in reports[runs[0][0]:runs[0][1]] if runs else ():
            yield decide(report)
        for (a, b), one in zip(runs[1:], forked):
            got = one.result() if one is not None else None
            if got is None:
                for report in reports[a:b]:
                    yield decide(report)
                continue
            with got:
                yield from _read(got, b - a)
    finally:
        for one in forked:
            if one is not None:
                one.stop()


def _nothing() -> None:
    return None


def _kept(decide: Callable[[Any], CheckResult], probed: dict[int, CheckResult]) -> Callable[[Any], CheckResult]:
    """``decide``, giving the result already decided for a report of the sample (the list of reports holds them
    all, so their ids stand for them) the one time it is asked for."""

    def once(report: Any) -> CheckResult:
        got = probed.pop(id(report), None)
        return got if got is not None else decide(report)

    return once


def _kept_apart(apart: Apart, probed: dict[int, CheckResult]) -> Apart:
    """``apart``, its ``decide`` giving the sample's results as :func:`_kept` does."""

    def there() -> tuple[Callable[[Any], CheckResult], Callable[[], None]]:
        decide, done = apart()
        return _kept(decide, probed), done

    return there


def _start(run: Sequence[Any], there: Apart, made: Callable[[Options], Piece], options: Options) -> Forked | None:
    """A forked process deciding ``run`` and writing each report's text (its length, then its UTF-8), then
    the pickled summaries and, in the last 8 bytes, where they start."""
    from mzcheck.core.forks import Forked

    def work(out: IO[bytes]) -> None:
        decide, done = there()
        text_of = made(options)
        summaries = []
        try:
            for report in run:
                result = decide(report)
                data = text_of(result).encode("utf-8", "surrogatepass")
                out.write(_LENGTH.pack(len(data)))
                out.write(data)
                summaries.append(result.summary)
        finally:
            done()
        at = out.tell()
        pickle.dump(summaries, out, pickle.HIGHEST_PROTOCOL)
        out.write(_LENGTH.pack(at))

    return Forked.start(work)


def _read(f: IO[bytes], count: int) -> Iterator[Written]:
    """The :class:`Written` items of a run's file, one at a time."""
    f.seek(-_LENGTH.size, 2)
    (at,) = _LENGTH.unpack(f.read(_LENGTH.size))
    f.seek(at)
    summaries: list[Summary] = pickle.load(f)  # written by our own forked process
    f.seek(0)
    for summary in summaries[:count]:
        (size,) = _LENGTH.unpack(f.read(_LENGTH.size))
        yield Written(f.read(size).decode("utf-8", "surrogatepass"), summary)
