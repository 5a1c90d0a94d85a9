"""Reports decided by the processes that read them, while the other pieces are still read / 边读边判.

A big table read side by side (mzcheck.read.stream, 0028) is decided as it is read where its reports read
few values (docs/design/0036-deciding-while-reading.md): each process decides the reports of its piece
once it has read it, and a report whose rows come back later is taken back and decided with all of them.
Whatever the order of the rows, the problems in them, the each-county rules that gather one report's
values into another's, the 截至日期 written and the number of processes, ``mzcheck check`` writes what one
process reading and deciding the table writes, byte for byte, and the exit code is the same.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mzcheck.cli import main
from mzcheck.core import forks
from mzcheck.read import rows as rows_module
from mzcheck.read import stream

# 杭州市 sets an each-county rule for 2025 in the bundled targets: its counties' 2025 reports are gathered into
# its own, so neither may be decided before the whole table is read; its other years' may
PLACES = ("浙江省", "杭州市", "杭州市西湖区", "杭州市滨江区", "杭州市余杭区", "宁波市", "慈溪市", "嵊州市", "温州市",
          "温州市鹿城区")
YEARS = range(2016, 2027)


def _rows(order: str, seed: int) -> list[list[str]]:
    rows = []
    for place in PLACES:
        for year in YEARS:
            rows.append([place, str(year), "certified_carers", str(4000 + year % 7 * 300)])
            rows.append([place, str(year), "elderly_population", f"{year % 50 + 10}万人"])
            rows.append([place, str(year), "nursing_bed_share", f"{60 + year % 30}%"])
            rows.append([place, str(year), "centralized_care_institutions", str(1 + year % 4)])
    if order == "back":  # some reports' rows come back at the end of the table
        rows += [["慈溪市", "2025", "subsistence_allowance_standard", "1350元/人·月"],
                 ["杭州市西湖区", "2025", "registered_population", "90万人"],
                 ["浙江省", "2016", "registered_population", "5000万人"]]
    elif order == "shuffled":  # every report's rows scattered over every piece
        random.Random(seed).shuffle(rows)
    return rows


def _table(tmp_path: Path, order: str, seed: int = 0, *, bad: bool = False, as_of: bool = False,
           target_year: bool = False) -> Path:
    rows = _rows(order, seed)
    if bad:  # an indicator given twice: R402 spoils 宁波市 2021, in whichever piece it lies
        rows.insert(len(rows) * 2 // 3, ["宁波市", "2021", "certified_carers", "1"])
    header = ["地区", "年度", "指标", "数值"]
    if as_of:  # one report's 截至日期 before its year (R601), in the middle of the table
        header.append("截至日期")
        for r in rows:
            r.append("2020-06-30" if r[:2] == ["温州市", "2021"] else f"{r[1]}-12-31")
    if target_year:  # every report against 2025's targets: every value is read (as the table reader reads them)
        header.append("对照年度")
        for r in rows:
            r.append("2025")
    path = tmp_path / f"{order}-{seed}-{bad}-{as_of}-{target_year}.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def _check(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, table: Path, jobs: int,
           fmt: str = "json") -> tuple[int, str, str]:
    monkeypatch.setattr(forks, "JOBS", jobs)
    code = main(["check", str(table), "--format", fmt])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def settled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[tuple[str, int]]]:
    """The table streamed in pieces of a few hundred bytes; what was decided while reading, where: ("here", n)
    for this process's reports, ("apart", n) for a forked reader's (read back from a file both write to)."""
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(stream, "SPLIT_MIN_BYTES", 0)
    log = tmp_path / "settled.log"
    here = os.getpid()
    real_settle, real_apart = rows_module.Grouper.settle, rows_module.Grouper.decided_apart

    def settle(self: Any, decide: Any, may: Any) -> None:
        def counted(reports: Any) -> Any:
            reports = list(reports)
            with log.open("a") as f:
                f.write(f"{'here' if os.getpid() == here else 'forked'} {len(reports)}\n")
            return decide(reports)

        real_settle(self, counted, may)

    def apart(self: Any, decide: Any, may: Any) -> Any:
        made = real_apart(self, decide, may)
        with log.open("a") as f:
            f.write(f"apart {sum(x is not None for x in made or ())}\n")
        return made

    monkeypatch.setattr(rows_module.Grouper, "settle", settle)
    monkeypatch.setattr(rows_module.Grouper, "decided_apart", apart)

    def read() -> list[tuple[str, int]]:
        if not log.exists():
            return []
        return [(w, int(n)) for w, n in (line.split() for line in log.read_text().splitlines())]

    return read


@pytest.mark.parametrize("jobs", [2, 3, 4])
@pytest.mark.parametrize(("order", "seed"), [("sorted", 0), ("back", 0), ("shuffled", 1), ("shuffled", 2)])
def test_reports_decided_while_reading_are_written_as_one_process_writes_them(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settled: Callable[[], list[tuple[str, int]]],
        jobs: int, order: str, seed: int) -> None:
    table = _table(tmp_path, order, seed)
    alone = _check(capsys, monkeypatch, table, 1)
    assert settled() == []  # one process reads the table whole: nothing to decide beside the reading
    together = _check(capsys, monkeypatch, table, jobs)
    assert together == alone and alone[0] == 1
    log = settled()
    assert ("here", 0) not in log and any(w == "here" for w, _ in log)  # this process decided its piece's
    assert any(w == "apart" and n > 0 for w, n in log)  # and a forked one some of its own


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_the_other_formats_are_as_one_process_writes_them(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settled: Callable[[], list[tuple[str, int]]],
        fmt: str) -> None:
    table = _table(tmp_path, "back")
    alone = _check(capsys, monkeypatch, table, 1, fmt)
    assert _check(capsys, monkeypatch, table, 3, fmt) == alone
    # jsonl writes a report's line apart, text has no piece: its reports are decided once all is read
    assert bool(settled()) == (fmt == "jsonl")


@pytest.mark.parametrize("jobs", [2, 3])
@pytest.mark.parametrize(("bad", "as_of"), [(True, False), (False, True), (True, True)])
def test_problems_in_any_piece_are_said_as_one_process_says_them(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settled: Callable[[], list[tuple[str, int]]],
        jobs: int, bad: bool, as_of: bool) -> None:
    table = _table(tmp_path, "sorted", bad=bad, as_of=as_of)
    alone = _check(capsys, monkeypatch, table, 1)
    together = _check(capsys, monkeypatch, table, jobs)
    assert together == alone and alone[0] == 2
    said = alone[1] + alone[2]
    assert ("R402" in said) == bad and ("R601" in said) == as_of


def test_a_reader_that_fails_to_decide_leaves_its_piece_to_this_process(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settled: Callable[[], list[tuple[str, int]]]) -> None:
    from mzcheck import cli

    table = _table(tmp_path, "back")
    alone = _check(capsys, monkeypatch, table, 1)
    here = os.getpid()
    real = cli._deciding

    def deciding(*given: Any) -> Any:  # how every report is decided, whichever way it is written
        decide = real(*given)

        def failing(report: Any) -> Any:
            if os.getpid() != here:
                raise MemoryError("a forked reader that fails while deciding")
            return decide(report)

        return failing

    monkeypatch.setattr(cli, "_deciding", deciding)
    assert _check(capsys, monkeypatch, table, 3) == alone
    assert not any(w == "apart" for w, _ in settled())  # nothing came back from the forked readers


def test_a_table_whose_reports_read_many_values_is_decided_after_the_reading(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settled: Callable[[], list[tuple[str, int]]]) -> None:
    monkeypatch.setattr(stream, "SETTLE_MOST_VALUES", 100)  # each piece reads some 200: decided after reading
    table = _table(tmp_path, "sorted", target_year=True)
    alone = _check(capsys, monkeypatch, table, 1)
    assert _check(capsys, monkeypatch, table, 2) == alone
    assert settled() == []


def test_a_settled_report_is_taken_back_when_more_of_its_rows_come() -> None:
    # this process decided 慈溪市 2025 from its piece; a later piece holds another of its values: the report is
    # gathered again with both, in its place, and decided after the reading
    from mzcheck.load.rules import load_targets

    rules = load_targets()
    g = rows_module.Grouper(rules, "t.csv", keep_all=True)
    g.add_plain(2, "慈溪市", "2025", "certified_carers", "5310", None)
    g.add_plain(3, "嵊州市", "2025", "certified_carers", "900", None)
    g.settle(lambda reports: [f"decided {r.jurisdiction.name}" for r in reports], lambda b: True)
    assert [getattr(b, "decided", None) for b in g.good()] == ["decided 慈溪市", "decided 嵊州市"]
    later = g.fresh()
    later.add_plain(4, "慈溪市", "2025", "nursing_bed_share", "78%", None)
    handed = later.handover()
    assert handed is not None and g.absorb(handed, ["decided apart"])
    first, second = g.good()
    assert first.__class__ is not rows_module.Settled and second.__class__ is rows_module.Settled
    report = g.report(first)  # type: ignore[arg-type]
    assert report.jurisdiction.name == "慈溪市" and {"certified_carers", "nursing_bed_share"} <= set(report.values)
    # a row of a settled report read here, row by row, takes it back too
    g.add_plain(5, "嵊州市", "2025", "elderly_population", "20万人", None)
    assert all(b.__class__ is not rows_module.Settled for b in g.good())


def test_a_process_decides_at_most_so_many_reports_while_reading(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        settled: Callable[[], list[tuple[str, int]]]) -> None:
    # the texts of the reports decided while reading wait in memory: beyond the bound, reports are decided after
    monkeypatch.setattr(stream, "SETTLE_MOST_REPORTS", 7)
    table = _table(tmp_path, "sorted")
    alone = _check(capsys, monkeypatch, table, 1)
    assert _check(capsys, monkeypatch, table, 2) == alone
    log = settled()
    assert log and all(0 < n <= 7 for _, n in log), log


def test_reports_decided_while_reading_read_the_history_store_through_their_own_connection(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        settled: Callable[[], list[tuple[str, int]]]) -> None:
    # a forked reader opens its own connection to the store (one is not to be used across a fork); the earlier
    # records feed the results' trends alike
    table, store = _table(tmp_path, "back"), tmp_path / "history.sqlite3"
    earlier = tmp_path / "earlier.csv"
    earlier.write_text("地区,年度,指标,数值\n" + "".join(f"{p},2024,certified_carers,{3000 + k}\n"
                                                        for k, p in enumerate(PLACES)), encoding="utf-8")
    monkeypatch.setattr(forks, "JOBS", 1)
    assert main(["check", str(earlier), "--record", "--history-db", str(store)]) in (0, 1)
    capsys.readouterr()
    monkeypatch.setattr(forks, "JOBS", 1)
    code = main(["check", str(table), "--format", "json", "--history-db", str(store)])
    alone = (code, *capsys.readouterr())
    opened = tmp_path / "opened"
    from mzcheck.history import store as stores

    real = stores.open_store

    def counted(*a: Any, **k: Any) -> Any:
        with opened.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real(*a, **k)

    monkeypatch.setattr(stores, "open_store", counted)
    monkeypatch.setattr(forks, "JOBS", 3)
    code = main(["check", str(table), "--format", "json", "--history-db", str(store)])
    together = (code, *capsys.readouterr())
    assert together == alone and alone[0] == 1
    assert any(w == "apart" and n > 0 for w, n in settled())
    pids = opened.read_text().split()
    assert len(set(pids)) >= 2 and str(os.getpid()) in pids  # this process's connection, and a forked reader's own


@pytest.mark.parametrize("extra", [["--year", "2025"], ["--fail-on", "warning", "--completion", "total"], []],
                         ids=["year", "fail-on", "target-year-column"])
def test_a_checks_options_apply_to_reports_decided_while_reading(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        settled: Callable[[], list[tuple[str, int]]], extra: list[str]) -> None:
    # --year sends every report to 2025's targets (gathering keeps to each report's own year, as gather does);
    # a 对照年度 column reads every value; the options reach the deciding in every process
    table = _table(tmp_path, "back", target_year=not extra)

    def check(jobs: int) -> tuple[int, str, str]:
        monkeypatch.setattr(forks, "JOBS", jobs)
        code = main(["check", str(table), "--format", "json", *extra])
        return (code, *capsys.readouterr())

    alone = check(1)
    assert check(3) == alone and alone[0] == 1
    assert any(w == "apart" and n > 0 for w, n in settled())
