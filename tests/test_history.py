"""The history store: recording checked reports, reading series back, concurrency, refusing foreign files."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sqlite3
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

from mzcheck.cli import main
from mzcheck.core.errors import InputError
from mzcheck.core.numbers import to_decimal
from mzcheck.engine.evaluate import evaluate
from mzcheck.history import store as history
from mzcheck.history.store import APPLICATION_ID, SCHEMA_VERSION, open_store
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


def record(db: Path, rules: RuleSet, text: str) -> int:
    report = loads_report(textwrap.dedent(text), rules, "report.yaml")
    with open_store(db, create=True) as store:  # type: ignore[union-attr]
        return store.record(rules, report, evaluate(rules, report))


def rows(db: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------- what is kept


def test_values_are_kept_as_written_with_unit_and_exact_base(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    rid = record(db, bundled, """
        jurisdiction: 杭州市
        period: 2025
        as_of: 2025-06-30
        values:
          elderly_population: 190.5万人
          certified_carers: 5310
          certified_carers_per_10k_elders: 27.87
        added: {dementia_care_beds: 420}
    """)
    kept = {(s, i): (raw, unit, base) for s, i, raw, unit, base in rows(
        db, "SELECT section, indicator, raw, unit, base FROM reported_values WHERE report_id = ?", rid)}
    assert kept[("values", "elderly_population")] == ("190.5万人", "万人", "1905000/1")
    assert kept[("values", "certified_carers_per_10k_elders")] == ("27.87", "人/万名老年人", "2787/1000000")
    assert kept[("added", "dementia_care_beds")] == ("420", "张", "420/1")
    # the ratio the verdict used is computed from the components, exactly
    obs = dict(rows(db, "SELECT indicator, base FROM observations WHERE report_id = ?", rid))
    assert Fraction(str(obs["certified_carers_per_10k_elders"])) == Fraction(5310, 1905000)
    assert rows(db, "SELECT jurisdiction_code, period, as_of FROM reports") == [("330100", 2025, "2025-06-30")]
    results = dict(rows(db, "SELECT rule_id, status FROM results WHERE report_id = ?", rid))
    assert results["hangzhou-2025-new-dementia-care-beds"] == "on_track"


def test_the_file_is_marked_as_mzchecks_with_a_schema_version(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    record(db, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.61}\n")
    assert rows(db, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]


def test_recording_the_same_date_again_replaces_it_in_the_series(tmp_path: Path, bundled: RuleSet) -> None:
    db = tmp_path / "h.sqlite3"
    record(db, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.6}\n")
    record(db, bundled, "jurisdiction: 杭州市\nperiod: 2024\nvalues: {certified_carers_per_10k_elders: 27.61}\n")
    with open_store(db) as store:  # type: ignore[union-attr]
        points = store.series("330100", "certified_carers_per_10k_elders")
        assert store.count() == 2  # both records are kept …
    assert [(p.as_of, p.base * 10000) for p in points] == [(dt.date(2024, 12, 31), Fraction("27.61"))]  # … the latest counts


# --------------------------------------------------------------------------- where it lives


def test_default_location_follows_env_then_xdg_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(history.ENV_VAR, str(tmp_path / "mine.sqlite3"))
    assert history.default_path() == tmp_path / "mine.sqlite3"
    monkeypatch.delenv(history.ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert history.default_path() == tmp_path / "data" / "mzcheck" / "history.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert history.default_path() == tmp_path / "home" / ".local" / "share" / "mzcheck" / "history.sqlite3"


def test_check_creates_the_store_only_when_asked_to_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    default = tmp_path / "xdg" / "mzcheck" / "history.sqlite3"
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml")])
    assert not default.exists() and not default.parent.exists()
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--record"])
    assert default.exists()
    assert str(default) in capsys.readouterr().err


def test_a_named_store_that_does_not_exist_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.sqlite3"
    assert main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", str(missing)]) == 2
    assert "没有历史记录库" in capsys.readouterr().err and not missing.exists()


# --------------------------------------------------------------------------- the mid-year check, end to end


def test_a_mid_year_check_projects_from_the_recorded_end_of_2024(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.sqlite3")
    midyear = str(EXAMPLES / "hangzhou-2025-midyear-recorded.yaml")
    main(["check", midyear, "--history-db", db, "--record"])
    first = capsys.readouterr().out
    assert "未到期" in first  # nothing recorded before 30 June yet: the level cannot be judged
    # now record the end-of-2024 report (the published 27.61) and check the mid-year report again
    assert main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", db, "--record"]) == 1
    capsys.readouterr()
    assert main(["check", midyear, "--history-db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    r = next(x for x in data["results"] if x["rule_id"] == CARERS)
    assert r["status"] == "on_track"
    assert r["projection"]["method"] == "linear"
    # 27.61 (31 Dec 2024) → 27.9 (30 June 2025, 181 days later), 184 days on to 31 Dec 2025
    assert r["projection"]["value"] == float(to_decimal(Fraction("27.9") + Fraction("0.29") * 184 / 181))
    assert [p["origin"] for p in r["trajectory"]] == ["recorded", "report", "projected"]
    assert r["trajectory"][0] == {"date": "2024-12-31", "value": 27.61, "origin": "recorded"}


def test_history_prints_the_series(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.sqlite3")
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", db, "--record"])
    main(["check", str(EXAMPLES / "hangzhou-2025-midyear.yaml"), "--history-db", db, "--record"])
    capsys.readouterr()
    assert main(["history", "-j", "杭州", "-i", "每万名老年人拥有持证护理员数", "--history-db", db]) == 0
    out = capsys.readouterr().out
    assert "每万名老年人拥有持证护理员数  [certified_carers_per_10k_elders, 人/万名老年人]  ▁█" in out
    assert "2024-12-31         27.61  (2024年报表, 填报“27.61”" in out
    assert "2025-06-30          27.9  (2025年报表, 填报“27.9”" in out
    assert main(["history", "-j", "330100", "--history-db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jurisdiction"] == {"name": "杭州市", "code": "330100"}
    carers = next(s for s in data["series"] if s["indicator"] == "certified_carers_per_10k_elders")
    assert [(p["as_of"], p["value"], p["base"]) for p in carers["points"]] == [
        ("2024-12-31", 27.61, "2761/1000000"), ("2025-06-30", 27.9, "279/100000")]


def test_history_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.sqlite3")
    assert main(["history", "-j", "杭州市", "--history-db", db]) == 2
    assert "尚无历史记录" in capsys.readouterr().err
    main(["check", str(EXAMPLES / "hangzhou-2024.yaml"), "--history-db", db, "--record"])
    assert main(["history", "-j", "火星市", "--history-db", db]) == 2
    assert "未知行政区划" in capsys.readouterr().err
    assert main(["history", "-j", "杭州市", "-i", "no_such_thing", "--history-db", db]) == 2
    assert "未知指标" in capsys.readouterr().err


# --------------------------------------------------------------------------- concurrent writers


def _writer(db: str, worker: int, count: int, start: multiprocessing.synchronize.Barrier) -> None:
    rules = load_targets()
    start.wait()
    for i in range(count):
        n = worker * count + i
        as_of = dt.date(2025, 1, 1) + dt.timedelta(days=n)
        report = loads_report(f"jurisdiction: 杭州市\nperiod: 2025\nas_of: {as_of}\n"
                              f"values: {{certified_carers: {5000 + n}, elderly_population: 190.5万人}}\n",
                              rules, f"w{worker}-{i}.yaml")
        with open_store(db, create=True) as store:  # type: ignore[union-attr]
            store.record(rules, report, evaluate(rules, report))


def test_several_processes_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"  # not there yet: the writers also race to create it
    workers, count = 6, 8
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(workers)
    procs = [ctx.Process(target=_writer, args=(str(db), w, count, start)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * workers
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT COUNT(*) FROM reports") == [(workers * count,)]
    with open_store(db) as store:  # type: ignore[union-attr]
        carers = store.series("330100", "certified_carers")
    assert sorted(int(p.base) for p in carers) == list(range(5000, 5000 + workers * count))
    # every report kept all its values, in one piece
    assert rows(db, "SELECT COUNT(*) FROM reported_values GROUP BY report_id HAVING COUNT(*) != 2") == []


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
