"""The history store, on both backends (an SQLite file; a PostgreSQL database): recording checked reports,
reading series back, many processes at once with some killed, moving records from one store to another,
refusing what is not a store of ours."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from readonly import mzcheck, read_only
from stores import sql, sql_many, with_database

from mzcheck.cli import main
from mzcheck.core.errors import InputError
from mzcheck.core.numbers import to_decimal
from mzcheck.engine.evaluate import evaluate
from mzcheck.history import store as history
from mzcheck.history.base import Record, legacy_uid
from mzcheck.history.sqlite import APPLICATION_ID
from mzcheck.history.store import SCHEMA_VERSION, HistoryStore, open_store
from mzcheck.history.transfer import export_lines, export_store, import_file
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.read.formats import load_report, loads_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CARERS = "hangzhou-2025-certified-carers-per-10k"


@pytest.fixture(scope="module")
def bundled() -> RuleSet:
    return load_targets()


@pytest.fixture(autouse=True)
def _no_user_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the user's real store: the default location points into the test's folder."""
    monkeypatch.delenv(history.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def writable(location: str | Path) -> HistoryStore:
    store = open_store(location, create=True)
    assert store is not None
    return store


def readable(location: str | Path) -> HistoryStore:
    store = open_store(location)
    assert store is not None
    return store


def record(location: str | Path, rules: RuleSet, text: str) -> int:
    report = loads_report(textwrap.dedent(text), rules, "report.yaml")
    with writable(location) as store:
        return store.record(rules, report, evaluate(rules, report))


def rows(db: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    return sql(str(db), query, *params)


# --------------------------------------------------------------------------- what is kept


def test_values_are_kept_as_written_with_unit_and_exact_base(location: str, bundled: RuleSet) -> None:
    rid = record(location, bundled, """
        jurisdiction: 杭州市
        period: 2025
        as_of: 2025-06-30
        values:
          elderly_population: 190.5万人
          certified_carers: 5310
          certified_carers_per_10k_elders: 27.87
        added: {dementia_care_beds: 420}
    """)
    kept = {(s, i): (raw, unit, base) for s, i, raw, unit, base in sql(
        location, "SELECT section, indicator, raw, unit, base FROM reported_values WHERE report_id = ?", rid)}
    assert kept[("values", "elderly_population")] == ("190.5万人", "万人", "1905000/1")
    assert kept[("values", "certified_carers_per_10k_elders")] == ("27.87", "人/万名老年人", "2787/1000000")
    assert kept[("added", "dementia_care_beds")] == ("420", "张", "420/1")
    # the ratio the verdict used is computed from the components, exactly
    obs = dict(sql(location, "SELECT indicator, base FROM observations WHERE report_id = ?", rid))
    assert Fraction(str(obs["certified_carers_per_10k_elders"])) == Fraction(5310, 1905000)
    assert sql(location, "SELECT jurisdiction_code, period, as_of FROM reports") == [("330100", 2025, "2025-06-30")]
    results = dict(sql(location, "SELECT rule_id, status FROM results WHERE report_id = ?", rid))
    assert results["hangzhou-2025-new-dementia-care-beds"] == "on_track"


def test_the_file_is_marked_as_mzchecks_with_a_schema_version(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    record(db, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.61}\n")
    assert rows(db, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]


def test_the_postgresql_store_is_a_marked_schema_of_its_own(fresh_postgres: str, bundled: RuleSet) -> None:
    sql_many(fresh_postgres, ["CREATE TABLE public.reports (name TEXT)"])  # another program's table of that name
    record(fresh_postgres, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.61}\n")
    assert sql(fresh_postgres, "SELECT application, schema_version FROM mzcheck.store_info") == [
        ("mzcheck-history", SCHEMA_VERSION)]
    assert sql(fresh_postgres, "SELECT COUNT(*) FROM public.reports") == [(0,)]  # untouched
    assert sql(fresh_postgres, "SELECT COUNT(*) FROM mzcheck.reports") == [(1,)]


def test_recording_the_same_date_again_replaces_it_in_the_series(location: str, bundled: RuleSet) -> None:
    record(location, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.6}\n")
    record(location, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.61}\n")
    with readable(location) as store:
        points = store.series("330100", "certified_carers_per_10k_elders")
        assert store.count() == 2  # both records are kept …
    assert [(p.as_of, p.base * 10000) for p in points] == [(dt.date(2024, 12, 31), Fraction("27.61"))]  # … the latest counts


def test_both_backends_keep_the_same_records(tmp_path: Path, fresh_postgres: str, bundled: RuleSet) -> None:
    stores = [str(tmp_path / "h.sqlite3"), fresh_postgres]
    reports = [*load_report(EXAMPLES / "hangzhou-2024.yaml", bundled), *load_report(EXAMPLES / "cixi-2024.yaml", bundled),
               *load_report(EXAMPLES / "hangzhou-2025-midyear.yaml", bundled)]
    kept: list[list[Record]] = []
    for location in stores:
        with writable(location) as store:
            for report in reports:
                store.record(bundled, report, evaluate(bundled, report))
            kept.append(list(store.records()))
            assert store.series("330100") and store.recorded("330100").observations
    sqlite_records, postgres_records = kept
    assert len(sqlite_records) == 3
    for a, b in zip(sqlite_records, postgres_records):  # all but the uid and the time of recording
        assert (a.report[1:-1], a.values, a.observations, a.results) == (b.report[1:-1], b.values, b.observations,
                                                                          b.results)
    with readable(stores[0]) as a, readable(stores[1]) as b:
        assert [(x.indicator, x.as_of, x.base, x.raw, x.unit, x.derived, x.file) for x in a.series("330100")] == [
            (x.indicator, x.as_of, x.base, x.raw, x.unit, x.derived, x.file) for x in b.series("330100")]
        assert a.recorded("330100") == b.recorded("330100")


# --------------------------------------------------------------------------- where it lives


def test_default_location_follows_env_then_xdg_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(history.ENV_VAR, str(tmp_path / "mine.sqlite3"))
    assert history.default_path() == tmp_path / "mine.sqlite3"
    monkeypatch.setenv(history.ENV_VAR, "postgresql://bureau@db.example/minzheng")
    assert history.default_location() == "postgresql://bureau@db.example/minzheng"
    monkeypatch.delenv(history.ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert history.default_path() == tmp_path / "data" / "mzcheck" / "history.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert history.default_location() == tmp_path / "home" / ".local" / "share" / "mzcheck" / "history.sqlite3"


def test_check_creates_the_store_only_when_asked_to_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    default = tmp_path / "xdg" / "mzcheck" / "history.sqlite3"
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml")])
    assert not default.exists() and not default.parent.exists()
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--record"])
    assert default.exists()
    assert str(default) in capsys.readouterr().err


def test_the_env_var_names_a_postgresql_store_too(fresh_postgres: str, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(history.ENV_VAR, fresh_postgres)
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--record"])
    assert sql(fresh_postgres, "SELECT jurisdiction_code FROM reports") == [("330100",)]
    assert "postgresql://" in capsys.readouterr().err


def test_a_named_store_that_does_not_exist_is_an_input_error(location: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", location]) == 2
    err = capsys.readouterr().err
    assert "H111" in err and "没有历史记录库" in err
    if location.startswith("postgresql://"):  # reading made nothing
        assert sql(location, "SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'mzcheck'") == [(0,)]
    else:
        assert not Path(location).exists()


# --------------------------------------------------------------------------- the mid-year check, end to end


def test_a_mid_year_check_projects_from_the_recorded_end_of_2024(location: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    midyear = str(EXAMPLES / "hangzhou-2025-midyear-recorded.yaml")
    main(["check", midyear, "--history-db", location, "--record"])
    first = capsys.readouterr().out
    assert "未到期" in first  # nothing recorded before 30 June yet: the level cannot be judged
    # now record the end-of-2024 report (the published 27.61) and check the mid-year report again
    assert main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", location, "--record"]) == 1
    capsys.readouterr()
    assert main(["check", midyear, "--history-db", location, "--format", "json"]) == 0
    (data,) = json.loads(capsys.readouterr().out)["reports"]
    r = next(x for x in data["results"] if x["rule_id"] == CARERS)
    assert r["status"] == "on_track"
    assert r["projection"]["method"] == "linear"
    # 27.61 (31 Dec 2024) → 27.9 (30 June 2025, 181 days later), 184 days on to 31 Dec 2025
    assert r["projection"]["value"] == float(to_decimal(Fraction("27.9") + Fraction("0.29") * 184 / 181))
    assert [p["origin"] for p in r["trajectory"]] == ["recorded", "report", "projected"]
    assert r["trajectory"][0] == {"date": "2024-12-31", "value": 27.61, "origin": "recorded"}


def test_history_prints_the_series(location: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", location, "--record"])
    main(["check", str(EXAMPLES / "hangzhou-2025-midyear.yaml"), "--history-db", location, "--record"])
    capsys.readouterr()
    assert main(["history", "-j", "杭州", "-i", "每万名老年人拥有持证护理员数", "--history-db", location]) == 0
    out = capsys.readouterr().out
    assert "每万名老年人拥有持证护理员数  [certified_carers_per_10k_elders, 人/万名老年人]  ▁█" in out
    assert "2024-12-31         27.61  (2024年报表, 填报“27.61”" in out
    assert "2025-06-30          27.9  (2025年报表, 填报“27.9”" in out
    assert main(["history", "-j", "330100", "--history-db", location, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jurisdiction"] == {"name": "杭州市", "code": "330100"}
    carers = next(s for s in data["series"] if s["indicator"] == "certified_carers_per_10k_elders")
    assert [(p["as_of"], p["value"], p["base"]) for p in carers["points"]] == [
        ("2024-12-31", 27.61, "2761/1000000"), ("2025-06-30", 27.9, "279/100000")]


def test_history_input_errors(location: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "-j", "杭州市", "--history-db", location]) == 2
    assert "尚无历史记录" in capsys.readouterr().err
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", location, "--record"])
    assert main(["history", "-j", "火星市", "--history-db", location]) == 2
    assert "未知行政区划" in capsys.readouterr().err
    assert main(["history", "-j", "杭州市", "-i", "no_such_thing", "--history-db", location]) == 2
    assert "未知指标" in capsys.readouterr().err
    assert main(["history", "--history-db", location]) == 2
    assert "H113" in capsys.readouterr().err
    assert main(["history", "import", "--history-db", location]) == 2
    assert "H114" in capsys.readouterr().err


# --------------------------------------------------------------------------- many processes, some killed

WORKERS, REPORTS = 8, 50
KILLED = (2, 5)  # these two are killed mid-run


def _writer(location: str, worker: int, done: multiprocessing.sharedctypes.Synchronized,  # type: ignore[type-arg]
            start: multiprocessing.synchronize.Barrier, count: int) -> None:
    rules = load_targets()
    start.wait()
    with writable(location) as store:  # all eight race to make the store
        for i in range(count):
            n = worker * REPORTS + i
            as_of = dt.date(2025, 1, 1) + dt.timedelta(days=n % 365)
            report = loads_report(f"jurisdiction: 杭州市\nperiod: 2025\nas_of: {as_of}\n"
                                  f"values: {{certified_carers: {5000 + n}, elderly_population: 190.5万人}}\n",
                                  rules, f"w{worker}-{i}.yaml")
            store.record(rules, report, evaluate(rules, report))
            with done.get_lock():
                done.value += 1


def test_eight_processes_recording_at_once_with_some_killed(location: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    done = [ctx.Value("i", 0) for _ in range(WORKERS)]
    # a worker to be killed has more to record than it can before the kill, so the kill always cuts it short
    procs = [ctx.Process(target=_writer, args=(location, w, done[w], start, REPORTS * 1000 if w in KILLED else REPORTS))
             for w in range(WORKERS)]
    for p in procs:
        p.start()
    deadline = time.monotonic() + 300
    for w in KILLED:  # killed while writing: after some reports, before the last
        while done[w].value < 5 + 10 * KILLED.index(w) and procs[w].is_alive() and time.monotonic() < deadline:
            time.sleep(0.001)
        os.kill(procs[w].pid, signal.SIGKILL)  # type: ignore[arg-type]
    for p in procs:
        p.join(timeout=max(1.0, deadline - time.monotonic()))
    codes = [p.exitcode for p in procs]
    assert [c for w, c in enumerate(codes) if w not in KILLED] == [0] * (WORKERS - len(KILLED))
    assert [codes[w] for w in KILLED] == [-signal.SIGKILL] * len(KILLED)
    files = [f for (f,) in sql(location, "SELECT file FROM reports")]
    for w in range(WORKERS):
        mine = sorted(int(f.split("-")[1].split(".")[0]) for f in files if f.startswith(f"w{w}-"))
        if w in KILLED:
            assert len(mine) == len(set(mine)) and len(mine) < REPORTS * 1000  # at most once, and cut short
            assert len(mine) >= done[w].value  # every record it finished is there
        else:
            assert mine == list(range(REPORTS))  # every report exactly once
    # nothing half-written: every report has all its rows, and no row is without its report
    whole = sql(location, "SELECT r.id, COUNT(v.report_id) FROM reports r LEFT JOIN reported_values v "
                          "ON v.report_id = r.id GROUP BY r.id")
    assert {n for _, n in whole} == {2}
    results = {n for _, n in sql(location, "SELECT r.id, COUNT(s.report_id) FROM reports r LEFT JOIN results s "
                                           "ON s.report_id = r.id GROUP BY r.id")}
    assert len(results) == 1 and results != {0}
    for table in ("reported_values", "observations", "results"):
        assert sql(location, f"SELECT COUNT(*) FROM {table} WHERE report_id NOT IN (SELECT id FROM reports)") == [(0,)]
    if not location.startswith("postgresql://"):
        assert sql(location, "PRAGMA integrity_check") == [("ok",)]
    record(location, load_targets(), "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers: 1}\n")  # still usable


# --------------------------------------------------------------------------- moving records between stores


def _fill(location: str | Path, rules: RuleSet) -> None:
    with writable(location) as store:
        for name in ("hangzhou-2024.yaml", "cixi-2024.yaml", "hangzhou-2025-midyear.yaml", "shengzhou-2023.yaml"):
            for report in load_report(EXAMPLES / name, rules):
                store.record(rules, report, evaluate(rules, report))


def test_export_then_import_moves_a_sqlite_file_into_postgresql_unchanged(tmp_path: Path, fresh_postgres: str,
                                                                         bundled: RuleSet,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "county.sqlite3"
    _fill(db, bundled)
    dump = tmp_path / "county.jsonl"
    assert main(["history", "export", "--history-db", str(db), "-o", str(dump)]) == 0
    assert "4" in capsys.readouterr().err
    assert main(["history", "import", str(dump), "--history-db", fresh_postgres]) == 0
    assert "imported 4 records, skipped 0" in capsys.readouterr().err
    assert main(["history", "import", str(dump), "--history-db", fresh_postgres]) == 0  # again: nothing doubled
    assert "imported 0 records, skipped 4" in capsys.readouterr().err
    assert main(["history", "export", "--history-db", fresh_postgres]) == 0
    assert capsys.readouterr().out == dump.read_text(encoding="utf-8")  # the same records, uids and times included
    assert main(["history", "export", str(tmp_path / "again.jsonl"), "--history-db", fresh_postgres]) == 0
    assert (tmp_path / "again.jsonl").read_bytes() == dump.read_bytes()
    with readable(db) as a, readable(fresh_postgres) as b:
        assert a.series("330100") == b.series("330100")
        assert a.recorded("330282") == b.recorded("330282")


def test_an_export_never_overwrites_a_file(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    _fill(db, bundled)
    out = tmp_path / "notes.jsonl"
    out.write_text("本年度工作要点\n", encoding="utf-8")
    with readable(db) as store, pytest.raises(InputError) as err:
        export_store(store, out)
    assert err.value.code == "H301" and out.read_text(encoding="utf-8") == "本年度工作要点\n"
    assert not list(tmp_path.glob(".notes.jsonl.*"))  # no partial file left beside it


@pytest.mark.parametrize(("line", "says"), [
    ("{not json", "not JSON"),
    ('{"uid": "x"}', "has no 'jurisdiction_code'"),
    ("[1, 2]", "not a JSON object"),
])
def test_a_damaged_export_line_is_named_and_nothing_after_it_is_written(tmp_path: Path, bundled: RuleSet, line: str,
                                                                         says: str) -> None:
    db = tmp_path / "h.sqlite3"
    _fill(db, bundled)
    with readable(db) as store:
        lines = list(export_lines(store))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join([*lines[:3], line + "\n", *lines[3:]]), encoding="utf-8")
    target = tmp_path / "target.sqlite3"
    with writable(target) as store, pytest.raises(InputError) as err:
        import_file(store, bad)
    assert err.value.code == "H304" and err.value.problems[0].line == 4 and says in str(err.value)
    assert rows(target, "SELECT COUNT(*) FROM reports") == [(0,)]  # the batch it was in is not written


def test_a_file_that_is_not_an_export_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("本年度工作要点\n", encoding="utf-8")
    with writable(tmp_path / "h.sqlite3") as store, pytest.raises(InputError) as err:
        import_file(store, notes)
    assert err.value.code == "H302"
    newer = tmp_path / "newer.jsonl"
    newer.write_text(json.dumps({"format": "mzcheck-history", "version": SCHEMA_VERSION + 1}) + "\n", encoding="utf-8")
    with writable(tmp_path / "h.sqlite3") as store, pytest.raises(InputError) as err:
        import_file(store, newer)
    assert err.value.code == "H303"


# --------------------------------------------------------------------------- the schema, versioned


def _as_version_1(db: Path) -> None:
    """Turn a store back into what version 1 wrote: no uid column."""
    con = sqlite3.connect(db)
    con.execute("DROP INDEX reports_by_uid")
    con.execute("ALTER TABLE reports DROP COLUMN uid")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


def test_a_version_1_file_is_migrated_when_written_and_exports_alike_before(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "old.sqlite3"
    _fill(db, bundled)
    _as_version_1(db)
    with readable(db) as store:  # read as it is: not migrated, exported with uids derived from each row
        assert store.version == 1
        before = list(export_lines(store))
    assert rows(db, "PRAGMA user_version") == [(1,)]
    first = json.loads(before[1])
    assert first["uid"] == legacy_uid(1, [first[k] for k in ("jurisdiction_code", "jurisdiction_name", "period", "as_of",
                                                             "target_year", "file", "recorded_at")])
    record(db, bundled, "jurisdiction: 杭州市\nperiod: 2023\nvalues: {certified_carers: 1}\n")  # writing migrates it
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    with readable(db) as store:
        after = list(export_lines(store))
    assert after[:len(before)] == before and len(after) == len(before) + 1


def test_a_postgresql_store_of_a_newer_version_is_refused(fresh_postgres: str, bundled: RuleSet) -> None:
    record(fresh_postgres, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers: 1}\n")
    sql_many(fresh_postgres, [f"UPDATE store_info SET schema_version = {SCHEMA_VERSION + 1}"])
    with pytest.raises(InputError, match="upgrade mzcheck") as err:
        open_store(fresh_postgres, create=True)
    assert err.value.code == "H106"


def test_another_programs_mzcheck_schema_is_refused_and_left_alone(fresh_postgres: str) -> None:
    sql_many(fresh_postgres, ["CREATE SCHEMA mzcheck", "CREATE TABLE mzcheck.reports (name TEXT)"])
    with pytest.raises(InputError) as err:
        open_store(fresh_postgres, create=True)
    assert err.value.code == "H105" and "another program's schema 'mzcheck'" in str(err.value)
    assert sql(fresh_postgres, "SELECT tablename FROM pg_tables WHERE schemaname = 'mzcheck'") == [("reports",)]


def test_a_server_that_cannot_be_reached_says_so_without_the_password(fresh_postgres: str) -> None:
    unreachable = "postgresql://bureau:s3cret@127.0.0.1:9/minzheng?connect_timeout=2"
    with pytest.raises(InputError) as err:
        open_store(unreachable, create=True)
    assert err.value.code == "H202" and "s3cret" not in str(err.value)
    assert "postgresql://bureau:***@127.0.0.1:9/minzheng" in str(err.value)
    missing = with_database(fresh_postgres, "no_such_database")
    with pytest.raises(InputError) as err:
        open_store(missing)
    assert err.value.code == "H202" and "no_such_database" in str(err.value)


def test_a_store_opened_for_reading_cannot_write(fresh_postgres: str, bundled: RuleSet) -> None:
    record(fresh_postgres, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers: 1}\n")
    [report] = load_report(EXAMPLES / "hangzhou-2024.yaml", bundled)
    with readable(fresh_postgres) as store, pytest.raises(InputError) as err:
        store.record(bundled, report, evaluate(bundled, report))
    assert err.value.code == "H109"


# --------------------------------------------------------------------------- files that are not ours


def _untouched(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("record_flag", [True, False])
def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path, record_flag: bool,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("本年度工作要点\n", encoding="utf-8")
    before = _untouched(db)
    argv = ["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", str(db)]
    assert main([*argv, "--record"] if record_flag else argv) == 2
    assert "不是 SQLite 数据库" in capsys.readouterr().err
    assert _untouched(db) == before


def test_another_programs_sqlite_database_is_refused(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "other.sqlite3"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = _untouched(db)
    with pytest.raises(InputError, match="not an mzcheck history store"):
        open_store(db, create=True)
    assert _untouched(db) == before


def test_a_store_from_a_newer_mzcheck_is_refused(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    record(db, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.61}\n")
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(InputError, match="upgrade mzcheck"):
        open_store(db, create=True)


def test_a_damaged_store_is_refused(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    for year in range(2015, 2025):
        record(db, bundled, f"jurisdiction: 杭州市\nperiod: {year}\nvalues: {{certified_carers: {year}}}\n")
    data = bytearray(db.read_bytes())
    page = 4096
    data[page:page * 3] = b"\xa5" * (page * 2)  # overwrite two pages after the header
    db.write_bytes(bytes(data))
    before = _untouched(db)
    with pytest.raises(InputError, match="damaged"):
        open_store(db, create=True)
    assert _untouched(db) == before


def test_an_empty_file_becomes_a_new_store(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    db.touch()
    assert open_store(db) is not None  # empty: nothing recorded yet, readable
    record(db, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.61}\n")
    assert rows(db, "SELECT COUNT(*) FROM reports") == [(1,)]


def test_recorded_history_feeds_the_library_api(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    [end_2024] = load_report(EXAMPLES / "hangzhou-2024.yaml", bundled)
    with open_store(db, create=True) as store:  # type: ignore[union-attr]
        store.record(bundled, end_2024, evaluate(bundled, end_2024))
    [mid] = load_report(EXAMPLES / "hangzhou-2025-midyear-recorded.yaml", bundled)
    with open_store(db) as store:  # type: ignore[union-attr]
        recorded = store.recorded("330100")
    r = next(x for x in evaluate(bundled, mid, recorded).results if x.rule_id == CARERS)
    assert r.status == "on_track" and r.projection is not None and r.projection.crosses == dt.date(2025, 9, 1)


# --------------------------------------------------------------------------- error paths of the SQLite store


def _records(db: Path) -> int:
    store = open_store(db)
    if store is None:
        return 0
    with store:
        return store.count()


def test_a_refused_or_failed_output_records_nothing_and_a_rerun_records_once(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "history.sqlite3"
    report = tmp_path / "hangzhou.yaml"
    report.write_bytes((EXAMPLES / "hangzhou-2024.yaml").read_bytes())
    argv = ["check", str(report), "--record", "--history-db", str(db)]
    assert main([*argv, "-o", str(report)]) == 2  # refused: the output is the report
    assert "O102" in capsys.readouterr().err and _records(db) == 0
    assert main([*argv, "-o", str(tmp_path / "no-such-folder" / "out.txt")]) == 2  # failed
    assert "O501" in capsys.readouterr().err and _records(db) == 0
    assert main([*argv, "-o", str(tmp_path / "out.txt")]) in (0, 1)  # the rerun
    assert _records(db) == 1 and (tmp_path / "out.txt").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_print_that_fails_records_nothing(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    with Path("/dev/full").open("w") as full:
        proc = subprocess.run([sys.executable, "-m", "mzcheck", "check", str(EXAMPLES / "hangzhou-2024.yaml"), "--record",
                               "--history-db", str(db)], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mzcheck: O503 writing the output failed: No space left on device"), proc.stderr
    assert _records(db) == 0


def test_a_read_only_store_is_refused_for_recording_before_any_output(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    assert main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--record", "--history-db", str(db)]) in (0, 1)
    out = tmp_path / "out.txt"
    with read_only(db) as prefix:
        proc = mzcheck(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--record", "--history-db", str(db), "-o", str(out)],
                       tmp_path, prefix)
        read = mzcheck(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", str(db)], tmp_path, prefix)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"mzcheck: {db}: H109 the history store is read-only or cannot be written"), proc.stderr
    assert not out.exists() and _records(db) == 1
    assert read.returncode in (0, 1) and read.stderr == ""  # reading it is fine


def test_a_sound_store_in_a_read_only_folder_is_read_with_what_its_wal_holds(tmp_path: Path, bundled: RuleSet) -> None:
    """A WAL store whose -wal file holds records and whose -shm file is gone (as a copy or a backup leaves
    it), in a folder that cannot be written: SQLite cannot make the -shm file there; it is read, not 'damaged'."""
    db = tmp_path / "made" / "history.sqlite3"
    db.parent.mkdir()
    record(str(db), bundled, "jurisdiction: 杭州市\nperiod: 2023\nvalues: {certified_carers: 4000}\n")
    folder = tmp_path / "read-only"
    folder.mkdir()
    held = sqlite3.connect(db, isolation_level=None)  # held open: the next record stays in the -wal file
    held.execute("PRAGMA wal_autocheckpoint = 0")
    held.execute("SELECT COUNT(*) FROM reports").fetchall()  # joins the WAL: closing the other is not the last close
    with writable(db) as store:
        store.record(bundled, *_checked(bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers: 5000}\n"))
    for end in ("", "-wal"):
        (folder / f"history.sqlite3{end}").write_bytes(Path(f"{db}{end}").read_bytes())
    held.close()
    assert (folder / "history.sqlite3-wal").stat().st_size > 0 and not (folder / "history.sqlite3-shm").exists()
    with read_only(folder) as prefix:
        proc = mzcheck(["history", "export", "--history-db", str(folder / "history.sqlite3")], tmp_path, prefix)
        recording = mzcheck(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--record", "--history-db",
                             str(folder / "history.sqlite3")], tmp_path, prefix)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["period"] for line in proc.stdout.splitlines()[1:]] == [2023, 2024]
    assert recording.returncode == 2 and "H109" in recording.stderr, recording.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3", "history.sqlite3-wal"]


def _checked(rules: RuleSet, text: str) -> tuple[Any, Any]:
    report = loads_report(text, rules)
    return report, evaluate(rules, report)


@pytest.mark.parametrize(("damage", "code"), [("PRAGMA user_version = 0", "H502"),
                                              ("PRAGMA user_version = -3", "H502"),
                                              ("ALTER TABLE reports DROP COLUMN as_of", "H503"),
                                              ("ALTER TABLE observations RENAME COLUMN base TO value", "H503")])
@pytest.mark.parametrize("record_flag", [True, False])
def test_a_marked_store_of_no_schema_we_write_is_refused_and_left_alone(
        damage: str, code: str, record_flag: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "history.sqlite3"
    writable(db).close()
    con = sqlite3.connect(db, isolation_level=None)
    if "as_of" in damage:
        con.execute("DROP INDEX reports_by_place")  # SQLite drops no column an index uses
    con.execute(damage)
    con.close()
    before = _untouched(db)
    argv = ["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", str(db)]
    assert main([*argv, "--record"] if record_flag else argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mzcheck: {db}: {code} "), err
    assert _untouched(db) == before
