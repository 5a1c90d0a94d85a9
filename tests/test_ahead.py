"""Reports decided ahead by a forked process while the rest of a big table is read / 提前判定.

Where a big table's reports read too many values to be decided while it is read (0036), a forked process
decides the reports this process has read while this process takes the other pieces' reports over, reads
their values and gathers counties for their cities (mzcheck.read.ahead, docs/design/0039-deciding-ahead.md).
Whatever the order of the rows, the problems in them, the number of processes and whether the process
deciding ahead fails, ``mzcheck check`` writes what one process reading and deciding the table writes, byte
for byte, with the same exit code; a report whose rows come in a later piece is decided again with them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mzcheck.core import forks
from mzcheck.read import ahead as ahead_module
from mzcheck.read import rows as rows_module
from mzcheck.read import stream
from tests.test_settle import _check, _table, failing_in_forks


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[tuple[int, int]]]:
    """Big tables streamed in pieces of a few hundred bytes, none decided while it is read (so all are decided
    ahead where they may be); the process deciding ahead let finish before it is stopped (a small table's
    reading ends before it has begun); what each run took: (reports decided ahead and used, reports changed
    since, told by ``Grouper.unchanged``)."""
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(stream, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(stream, "SETTLE_MOST_VALUES", 0)
    log: list[tuple[int, int]] = []
    changed = [0]
    real_taken, real_unchanged = ahead_module.Ahead.taken, rows_module.Grouper.unchanged

    def waited(self: Any) -> Any:
        if self.forked is not None:
            while self.forked.running():
                time.sleep(0.005)
        changed[0] = 0
        got = real_taken(self)
        log.append((len(got), changed[0]))
        return got

    def unchanged(self: Any, b: Any, state: Any) -> bool:
        same = real_unchanged(self, b, state)
        changed[0] += not same
        return same

    monkeypatch.setattr(ahead_module.Ahead, "taken", waited)
    monkeypatch.setattr(rows_module.Grouper, "unchanged", unchanged)
    return lambda: log


@pytest.mark.parametrize("jobs", [2, 3])
@pytest.mark.parametrize(("order", "seed", "every"), [("sorted", 0, False), ("back", 0, False), ("back", 0, True),
                                                    ("shuffled", 1, False), ("shuffled", 2, True)])
def test_reports_decided_ahead_are_written_as_one_process_writes_them(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        taken: Callable[[], list[tuple[int, int]]], jobs: int, order: str, seed: int, every: bool) -> None:
    table = _table(tmp_path, order, seed, target_year=every)  # every: each value read (a 对照年度 column)
    alone = _check(capsys, monkeypatch, table, 1)
    assert taken() == [(0, 0)]  # one process reads the table whole: no process to decide ahead
    together = _check(capsys, monkeypatch, table, jobs)
    assert together == alone and alone[0] == 1
    used, changed = taken()[-1]
    if order == "sorted":  # every report's rows in one piece: all this process read, decided ahead and used
        assert used > 0 and changed == 0
    if order == "back" and every:  # 浙江省 2016, read here, gets a value at the table's end: decided again with it
        assert used > 0 and changed >= 1
    if order == "back" and not every:  # ... a value no rule reads: its report is what it was, used as decided
        assert used > 0 and changed == 0


def test_a_report_a_city_gathers_for_is_not_decided_ahead(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        taken: Callable[[], list[tuple[int, int]]]) -> None:
    # 杭州市 sets an each-county rule for 2025: its 2025 report gets its counties' values only when they are
    # gathered, after the reading; its counties' own reports may be decided ahead
    seen: list[tuple[str, int]] = []
    real_report = rows_module.Grouper.report
    here = os.getpid()

    def report(self: Any, b: Any) -> Any:
        if os.getpid() != here:
            with (tmp_path / "ahead.log").open("a") as f:
                f.write(f"{b.place.name} {b.period}\n")
        return real_report(self, b)

    monkeypatch.setattr(rows_module.Grouper, "report", report)
    table = _table(tmp_path, "sorted")
    alone = _check(capsys, monkeypatch, table, 1)
    assert _check(capsys, monkeypatch, table, 2) == alone
    log = (tmp_path / "ahead.log").read_text(encoding="utf-8").split("\n")
    seen = [(name, int(year)) for name, year in (line.split() for line in log if line)]
    assert ("杭州市", 2025) not in seen and ("杭州市", 2024) in seen
    assert ("西湖区", 2025) in seen  # a county of it, read in this process's piece


@pytest.mark.parametrize(("bad", "as_of"), [(True, False), (False, True)])
def test_problems_are_said_as_one_process_says_them(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        taken: Callable[[], list[tuple[int, int]]], bad: bool, as_of: bool) -> None:
    table = _table(tmp_path, "sorted", bad=bad, as_of=as_of)
    alone = _check(capsys, monkeypatch, table, 1)
    together = _check(capsys, monkeypatch, table, 2)
    assert together == alone and alone[0] == 2
    said = alone[1] + alone[2]
    assert ("R402" in said) == bad and ("R601" in said) == as_of
    assert taken()[-1][0] > 0


def test_a_process_that_fails_deciding_ahead_leaves_its_reports_to_the_run(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        taken: Callable[[], list[tuple[int, int]]]) -> None:
    table = _table(tmp_path, "sorted")
    alone = _check(capsys, monkeypatch, table, 1)
    failing_in_forks(monkeypatch)  # the process deciding ahead fails, and the deciders: the run decides all here
    assert _check(capsys, monkeypatch, table, 2) == alone
    assert taken()[-1] == (0, 0)  # nothing came back from the process deciding ahead


def test_a_report_is_decided_ahead_only_as_it_still_is() -> None:
    from mzcheck.load.rules import load_targets

    rules = load_targets()
    g = rows_module.Grouper(rules, "t.csv", keep_all=True)
    g.add_plain(2, "慈溪市", "2025", "certified_carers", "5310", None)
    g.add_plain(3, "嵊州市", "2025", "certified_carers", "900", None)
    g.add_plain(4, "宁波市", "2025", "certified_carers", "900", None)
    states = g.states()
    assert [b.place.name for b, _ in states] == ["慈溪市", "嵊州市", "宁波市"]
    assert all(g.unchanged(b, state) for b, state in states)
    later = g.fresh()
    later.add_plain(5, "慈溪市", "2025", "nursing_bed_share", "78%", None)  # another value of 慈溪市, in a later piece
    handed = later.handover()
    assert handed is not None and g.absorb(handed)
    g.add_plain(6, "宁波市", "2025", "certified_carers", "1", None)  # given twice: R402 spoils 宁波市 2025
    assert [g.unchanged(b, state) for b, state in states] == [False, True, False]


def test_the_forked_process_runs_at_a_lower_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    # it takes what the readers and this process leave of the processors, never their time
    from mzcheck.load.rules import load_targets
    from mzcheck.render import Written

    monkeypatch.setattr(forks, "JOBS", 2)
    rules = load_targets()
    g = rows_module.Grouper(rules, "t.csv", keep_all=True)
    g.add_plain(2, "慈溪市", "2025", "certified_carers", "5310", None)
    mine = os.nice(0)

    def each(reports: Any) -> Any:
        for r in reports:
            yield Written(f"{r.jurisdiction.name} {os.nice(0) - mine}", None)

    ahead = ahead_module.Ahead(each, Written)
    ahead.start(g)
    try:
        report = g.report(g.states()[0][0])
        ahead.built_from(g.states()[0][0], report)
        assert ahead.forked is not None
        while ahead.forked.running():
            time.sleep(0.005)
        got = ahead.taken()
        written = got[id(report)][1]()
        assert written.text.decode() == f"慈溪市 {ahead_module._NICER}"
    finally:
        ahead.close()
