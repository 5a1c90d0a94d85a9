"""Reports decided side by side (mzcheck/render/pieces.py): how two processes share the runs of a table.

The output of a check decided by several processes is held to one process's by tests/test_cli.py; here, the
claims two processes make on the runs, from both ends, whatever order they come in.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mzcheck.core import forks
from mzcheck.render import pieces


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
    got = list(pieces.decided(list(range(210)), lambda i: Written(texts[i], summary), "json", Options()))
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

    got = list(pieces.decided(list(range(3000)), decide, "json", Options()))
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
    got = forked.result()
    assert got is not None and got.read() == b"done"
    got.close()
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

    got = [w.text if isinstance(w.text, str) else w.text.decode() for w in pieces.decided(reports, decide, "json",
                                                                                          Options())]
    assert [int(t.split()[0]) for t in got] == list(range(len(reports)))
    by = {int(t.split()[0]): int(t.split()[1]) for t in got}
    assert (set(by.values()) == {here}) == fails  # shared unless the forked process failed
    for i, r in enumerate(reports):
        if r.children:  # a city, and where its counties were decided
            counties = [k for k, c in enumerate(reports) if c.jurisdiction.parent == r.jurisdiction.code]
            assert {by[k] for k in counties} == {by[i]}
