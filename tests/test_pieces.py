"""Reports decided side by side (mzcheck/render/pieces.py): how two processes share the runs of a table.

The output of a check decided by several processes is held to one process's by tests/test_cli.py; here, the
claims two processes make on the runs, from both ends, whatever order they come in.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mzcheck.core import forks
from mzcheck.render import WrittenRun, pieces


def _each(items: Any, lead: bytes = b",\n    ") -> list[Any]:
    """decided()'s items, a report each: a run joined by a forked process (WrittenRun) read from its span as it
    comes (its file is closed once the generator ends) and cut at ``lead`` (json's: the tests' texts hold none),
    its texts as bytes, with their summaries."""
    from mzcheck.render import Written

    out: list[Any] = []
    for item in items:
        if isinstance(item, WrittenRun):
            data = item.span.read()
            assert data.startswith(lead)
            texts = data[len(lead):].split(lead)
            assert len(texts) == len(item.summaries)
            out += [Written(t, s) for t, s in zip(texts, item.summaries)]
        else:
            out.append(item)
    return out


@given(st.integers(1, 40), st.lists(st.booleans(), max_size=100))
def test_two_processes_claim_every_run_once_from_both_ends(m: int, turns: list[bool]) -> None:
    # however their claims interleave (one process slow on heavy reports, the other quick), the first process
    # holds a first stretch of the runs in order, the second the rest from the last back, and they meet once
    with tempfile.TemporaryFile() as claims:
        os.pwrite(claims.fileno(), pieces._CLAIMS.pack(0, m), 0)
        front = pieces._taken(claims, m, forward=True)
        back = pieces._taken(claims, m, forward=False)
        got: dict[bool, list[int]] = {True: [], False: []}
        ended = {True: False, False: False}
        for forward in [*turns, *[True] * (m + 1), *[False] * (m + 1)]:
            if ended[forward]:
                continue
            run = next(front if forward else back, None)
            if run is None:
                ended[forward] = True
            else:
                got[forward].append(run)
    first, last = got[True], got[False]
    assert first == list(range(len(first)))
    assert last == list(range(m - 1, len(first) - 1, -1))
    assert len(first) + len(last) == m
    leading = next((i for i, forward in enumerate(turns) if not forward), len(turns))
    assert len(first) >= min(leading, m)  # what one claimed before the other began is its own


def test_a_claim_after_the_meeting_is_none_for_both() -> None:
    with tempfile.TemporaryFile() as claims:
        os.pwrite(claims.fileno(), pieces._CLAIMS.pack(0, 3), 0)
        front = pieces._taken(claims, 3, forward=True)
        back = pieces._taken(claims, 3, forward=False)
        assert [next(front), next(back), next(front)] == [0, 2, 1]
        assert next(back, None) is None and next(front, None) is None


def test_a_forked_processs_texts_come_back_as_their_utf8_and_one_that_is_no_utf8_as_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the texts a forked process wrote are handed on as their UTF-8 bytes (the output takes them as they are);
    # a text with a lone surrogate (a file name read with surrogateescape) is no UTF-8: it comes back as text.
    # Three processes take fixed thirds: the last two thirds are decided apart.
    from mzcheck.model.results import Summary
    from mzcheck.render import Options, Written

    monkeypatch.setattr(pieces, "PROBE", 0)
    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(forks, "JOBS", 3)
    summary = Summary(total=0, passed=True)
    odd = "\udcff"
    texts = [f'{{"报表": {i}, "file": "杭州{odd if i % 7 == 3 else ""}.csv"}}' for i in range(210)]
    got = _each(pieces.decided(list(range(210)), lambda i: Written(texts[i], summary), "json", Options()))
    assert len(got) == 210
    for i, w in enumerate(got):
        assert isinstance(w, Written) and w.summary == summary
        apart, plain = i >= 70, odd not in texts[i]
        assert w.text == (texts[i].encode("utf-8") if apart and plain else texts[i]), i


@pytest.mark.parametrize("bar", [0.0, 3600.0])
def test_the_probe_stops_once_sharing_is_worth_it(monkeypatch: pytest.MonkeyPatch, bar: float) -> None:
    # a sample of the reports is timed before a process is forked: once a tenth of it says the work is worth
    # sharing, the rest of the sample is decided in its turn, shared, not here first; a sample that never says
    # so is timed whole (and then, here, not shared)
    from mzcheck.model.results import Summary
    from mzcheck.render import Options, Written

    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(pieces, "APART_MIN_SECONDS", bar)
    monkeypatch.setattr(pieces, "APART_SMALL_SECONDS", bar)
    monkeypatch.setattr(forks, "JOBS", 2)
    summary = Summary(total=0, passed=True)
    decided: list[int] = []
    at_fork: list[int] = []
    real = pieces._share

    def share(*given: object, **named: object) -> object:
        at_fork.append(len(decided))
        return real(*given, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(pieces, "_share", share)

    def decide(i: int) -> Written:
        decided.append(i)
        return Written(f"{i}", summary)

    got = _each(pieces.decided(list(range(3000)), decide, "json", Options()))
    assert [w.text if isinstance(w.text, str) else w.text.decode() for w in got] == [str(i) for i in range(3000)]
    sample = list(range(0, 3000, 3000 // pieces.PROBE))[: pieces.PROBE + 1]
    if bar:
        assert at_fork == [] and len(decided) == 3000 and len(set(decided)) == 3000  # not shared: all here, once
        assert decided[: len(sample)] == sample  # the whole sample first
    else:
        assert at_fork == [1 + pieces.PROBE_LEAST]  # the first of the sample and PROBE_LEAST timed, then the fork
        assert decided[: 1 + pieces.PROBE_LEAST] == sample[: 1 + pieces.PROBE_LEAST]


def test_a_forked_process_is_asked_whether_it_still_runs_without_waiting() -> None:
    # Forked.running answers at once; once it says no, the result is the one the process left, waited for once
    import time

    from mzcheck.core.forks import Forked

    def work(out: Any) -> None:
        time.sleep(0.3)
        out.write(b"done")

    forked = Forked.start(work)
    assert forked is not None
    began = time.perf_counter()
    assert forked.running() and time.perf_counter() - began < 0.2
    while forked.running():
        time.sleep(0.01)
    pid = forked.pid
    got = forked.result()
    assert got is not None and got.read() == b"done"
    got.close()
    # read once the process said its work was written; waited for later, never left a zombie
    for _ in range(200):
        forks._reap()
        if pid not in forks._LEFT:
            break
        time.sleep(0.01)
    assert pid not in forks._LEFT
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    failing = Forked.start(lambda out: (_ for _ in ()).throw(RuntimeError("a piece that fails")))
    assert failing is not None
    while failing.running():
        time.sleep(0.01)
    assert failing.result() is None
    stopped = Forked.start(lambda out: time.sleep(30))
    assert stopped is not None and stopped.running()
    stopped.stop()
    assert not stopped.running()


def test_the_collector_is_paused_and_put_back_as_it_was() -> None:
    # core.collector.paused: off inside, as it was after (on, or off when the caller had it off); with freeze,
    # what is held then is frozen first
    import gc

    from mzcheck.core.collector import paused

    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is not ended by an inner one
    finally:
        gc.enable()
    before = gc.get_freeze_count()
    kept = [[i] for i in range(1000)]
    with paused(freeze=True):
        pass
    assert gc.isenabled() and gc.get_freeze_count() >= before + len(kept)
    gc.unfreeze()


class _Place:
    def __init__(self, code: str, parent: str | None) -> None:
        self.code, self.parent = code, parent


class _Report:
    """What pieces._by_city reads of a report: its place, period, target year and gathered children."""

    def __init__(self, code: str, parent: str | None, children: dict[str, Any] | None = None) -> None:
        self.jurisdiction = _Place(code, parent)
        self.period = self.target_year = 2025
        self.children = children or {}


def _table(cities: list[int], loose: list[int]) -> list[Any]:
    """A table sorted by place: each city's counties in one run (``loose[i]`` reports of no city before the i-th
    city's), then the cities gather makes, in the order of their counties."""
    head: list[Any] = []
    for c, (count, free) in enumerate(zip(cities, loose)):
        head += [_Report(f"9{c:02d}{k:03d}", None) for k in range(free)]
        head += [_Report(f"1{c:02d}{k:03d}", f"1{c:02d}000") for k in range(count)]
    tail = [_Report(f"1{c:02d}000", "000000", {"county": {}}) for c, count in enumerate(cities) if count]
    return head + tail


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3)), min_size=1, max_size=40), st.integers(1, 70))
def test_a_table_sorted_by_place_is_claimed_by_whole_cities(shape: list[tuple[int, int]], parts: int) -> None:
    # each unit a process claims holds the run of some cities' counties and, among the cities at the end, the run of
    # those same cities: a city is decided in the process that decides its counties; the runs cover the table once,
    # in order (the counties' runs first), so the output order is the runs' order
    reports = _table([c for c, _ in shape], [f for _, f in shape])
    got = pieces._by_city(reports, parts)
    tail = sum(1 for c, _ in shape if c)
    if not tail:
        assert got is None
        return
    assert got is not None
    runs, units = got
    n = len(reports)
    assert [a for a, _ in runs] == [0, *[b for _, b in runs[:-1]]] and runs[-1][1] == n  # a partition, in order
    assert [h for h, _ in units] == list(range(len(units)))
    assert [t for _, t in units if t is not None] == list(range(len(units), len(runs)))
    for h, t in units:
        a, b = runs[h]
        mine = {r.jurisdiction.parent for r in reports[a:b] if r.jurisdiction.parent is not None}
        ta, tb = runs[t] if t is not None else (0, 0)
        assert {r.jurisdiction.code for r in reports[ta:tb]} == mine
    if tail >= 2:  # the first county of the first city moved after the last city's counties: not by city
        moved = reports[:]
        first = next(i for i, r in enumerate(moved) if r.jurisdiction.parent is not None)
        moved.insert(n - tail - 1, moved.pop(first))  # just before the cities
        assert pieces._by_city(moved, parts) is None


@pytest.mark.parametrize("fails", [False, True])
def test_cities_are_decided_with_their_counties_and_written_in_order(monkeypatch: pytest.MonkeyPatch,
                                                                    fails: bool) -> None:
    # two processes claim whole cities from both ends: every report's text in its place, each city's decided in
    # the process that decided its counties (its values are read there); a forked process that fails leaves its
    # cities and their counties to this one
    import time

    from mzcheck.model.results import Summary
    from mzcheck.render import Options, Written

    monkeypatch.setattr(pieces, "PROBE", 0)
    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(forks, "JOBS", 2)
    summary = Summary(total=0, passed=True)
    reports = _table([8 + c % 5 for c in range(60)], [c % 2 for c in range(60)])
    index = {id(r): i for i, r in enumerate(reports)}
    here = os.getpid()

    def decide(report: Any) -> Written:
        if fails and os.getpid() != here:
            raise MemoryError("a forked decider that fails")
        time.sleep(0.0005)  # work enough for the forked process to claim its share before this one is through
        return Written(f"{index[id(report)]} {os.getpid()}", summary)

    got = [w.text if isinstance(w.text, str) else w.text.decode() for w in _each(pieces.decided(reports, decide,
                                                                                                "json", Options()))]
    assert [int(t.split()[0]) for t in got] == list(range(len(reports)))
    by = {int(t.split()[0]): int(t.split()[1]) for t in got}
    assert (set(by.values()) == {here}) == fails  # shared unless the forked process failed
    for i, r in enumerate(reports):
        if r.children:  # a city, and where its counties were decided
            counties = [k for k, c in enumerate(reports) if c.jurisdiction.parent == r.jurisdiction.code]
            assert {by[k] for k in counties} == {by[i]}


def test_a_forked_processs_run_comes_joined_as_the_output_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # a run decided apart whose texts are all UTF-8 comes as one WrittenRun: its texts in order, each led by the
    # format's LEAD, lying in the forked process's file; a run holding a text that is no UTF-8 comes report by
    # report (Written), that text as text. Three processes take fixed thirds: the last two thirds are apart.
    from mzcheck.model.results import Summary
    from mzcheck.render import Options, Written, jsonl
    from mzcheck.render import json as json_writer

    monkeypatch.setattr(pieces, "PROBE", 0)
    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(forks, "JOBS", 3)
    summaries = [Summary(total=i, passed=i % 2 == 0) for i in range(90)]
    texts = [f'{{"报表": {i}}}' + ("\udcff" if i == 75 else "") for i in range(90)]
    for name, lead in (("json", json_writer.LEAD), ("jsonl", jsonl.LEAD)):
        assert pieces.lead_of(name) == lead
        kinds, got = [], []
        for item in pieces.decided(list(range(90)), lambda i: Written(texts[i], summaries[i]), name, Options()):
            kinds.append(type(item).__name__)
            if isinstance(item, WrittenRun):
                assert item.span.read() == b"".join(lead + t.encode() for t in texts[30:60])
                got += item.summaries
            else:
                got.append(item.summary)
        assert kinds == ["Written"] * 30 + ["WrittenRun"] + ["Written"] * 30, name
        assert got == summaries


@pytest.mark.parametrize("how", ["file", "append", "memory", "pipe"])
def test_a_span_is_copied_after_what_the_output_holds(tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # a span of a forked process's file goes to the output after the bytes already in its buffer: copied by the
    # kernel (sendfile) to a file or a pipe, read and written where it cannot be (an output opened to append,
    # one in memory)
    import io
    import threading

    sent: list[int] = []
    real = os.sendfile

    def sendfile(out: int, in_: int, offset: int, count: int) -> int:
        try:
            done = real(out, in_, offset, count)
        except OSError:
            sent.append(-1)
            raise
        sent.append(done)
        return done

    monkeypatch.setattr(os, "sendfile", sendfile)
    source = tmp_path / "apart"
    source.write_bytes(bytes(range(256)) * 4096)  # 1 MB
    with source.open("rb") as f:
        span = forks.Span(f, 1000, 700_000)
        if how == "memory":
            out: Any = io.BufferedWriter(io.BytesIO())  # type: ignore[arg-type]
            out.write(b"head")
            span.send(out)
            out.flush()
            got = out.raw.getvalue()
        elif how == "pipe":
            r, w = os.pipe()
            chunks: list[bytes] = []
            reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: os.read(r, 1 << 16), b"")))
            reader.start()
            with os.fdopen(w, "wb") as out:
                out.write(b"head")
                span.send(out)
            reader.join()
            os.close(r)
            got = b"".join(chunks)
        else:
            target = tmp_path / "out"
            target.write_bytes(b"")
            with target.open("ab" if how == "append" else "wb") as out:
                out.write(b"head")
                span.send(out)
            got = target.read_bytes()
    assert got == b"head" + (bytes(range(256)) * 4096)[1000:701_000]
    if how in ("file", "pipe"):
        assert sum(sent) == 700_000 and -1 not in sent  # all of it copied by the kernel
    else:
        assert sent == ([-1] if how == "append" else [])  # refused (an output to append to), or no descriptor
