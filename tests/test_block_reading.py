"""The big-CSV stream's block path reads as its row-by-row path / 整块读取与逐行读取一致.

:meth:`mzcheck.read.rows.Grouper.add_text_block` takes a block's runs of one report's rows at once and hands
everything unusual to :meth:`~mzcheck.read.rows.Grouper.add_text_rows`. Generated tables, hostile ones
included (an indicator repeated within a run, within a block and across blocks, a report's rows coming back
later, interleaved reports, unknown names, empty, space-only and U+3000 values, short and long rows, CRLF and
LF mixed, quotes, a TSV), are streamed with the block path on and off, in blocks small enough to cut
everywhere: the grouper ends in the same state (every report's first lines of each indicator, the values
kept and their lines, the problems in their order) and the reports are the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mzcheck.core.errors import InputError
from mzcheck.load.ruleset import RuleSet
from mzcheck.read import stream
from mzcheck.read.rows import Grouper, PartlyRead

PLACES = ["慈溪市", "330282", "杭州市", "嵊州市", "未知县", ""]
PERIODS = ["2025", "2024", "2025年", "", "20x5"]
GOOD_INDICATORS = ["nursing_bed_share", "护理型床位占比", "certified_carers", "elderly_population", "持证护理员",
                   "assistance_funds", "nursing_beds", "institution_beds"]
INDICATORS = [*GOOD_INDICATORS, "unknown_thing", ""]
GOOD_VALUES = ["78%", "80", "0.8", "5319", "190万", "190.5万人", "0.29亿元", "-3"]
ODD_VALUES = ["", "  ", "\u3000", "\xa0", "\x1c", " 80 ", "\u3000５\u3000", "1\u2003", "abc", "超过19", "\t"]
UNITS = ["", "%", "人", "万人", "张", "亿元", "‰"]

_row = st.tuples(st.sampled_from(INDICATORS), st.one_of(st.sampled_from(GOOD_VALUES), st.sampled_from(ODD_VALUES)),
                 st.sampled_from(UNITS))
# a run of one report's rows: mostly indicators given once each, so that runs are long and read at once
_run = st.tuples(st.sampled_from(PLACES), st.sampled_from(PERIODS),
                 st.one_of(st.lists(st.tuples(st.sampled_from(GOOD_INDICATORS), st.sampled_from(GOOD_VALUES),
                                              st.sampled_from(UNITS)), max_size=8, unique_by=lambda r: r[0]),
                           st.lists(_row, max_size=8)))
# what is done to a line: (index, how)
_ODD_LINES = st.lists(st.tuples(st.integers(0, 200), st.sampled_from(["short", "long", "blank", "quote", "empty"])),
                      max_size=3)


def _lines(runs: list[tuple[str, str, list[tuple[str, str, str]]]], odd: list[tuple[int, str]],
           delimiter: str) -> list[str]:
    rows = [[place, period, ind, value, unit] for place, period, run in runs for ind, value, unit in run]
    for k, how in odd:
        if not rows:
            break
        k %= len(rows)
        if how == "short":
            rows[k] = rows[k][:4]
        elif how == "long":
            rows[k] = [*rows[k], "note"]
        elif how == "blank":
            rows.insert(k, [])
        elif how == "quote" and len(rows[k]) > 3:  # the csv module reads the rest of the file
            rows[k] = [*rows[k][:3], f'"{rows[k][3]}"', *rows[k][4:]]
        else:
            rows[k] = [""] * 5
    return [delimiter.join(r) for r in rows]


def _state(g: Grouper) -> dict[str, Any]:
    """What the grouper ended with, packed reports unpacked (when a report's lines are packed is the only
    thing the two paths may do differently)."""
    reports = {}
    for key, b in g.reports.items():
        b.unpack()
        reports[key] = ({slot: dict(seen) for slot, seen in b.seen.items()}, b.as_of, b.target_year,
                        [(dest is b.values, ind, value, unit, line) for dest, ind, value, unit, line in b.pending])
    return {"reports": reports, "order": list(g.reports), "problems": [str(p) for p in g.problems],
            "listed": [str(p) for p in g.listed_problems()], "spoiled": g.spoiled, "found": g.found, "rows": g.rows}


def _read(path: Path, rules: RuleSet, *, blocks: bool, block: int, keep_all: bool) -> Any:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stream, "BLOCKS", blocks)
        mp.setattr(stream, "BLOCK", block)
        error = None
        try:
            streamed = stream.stream_csv_reports(path, rules, keep_all=keep_all, progress=False)
        except PartlyRead as exc:
            streamed, error = exc.reports, str(exc)
        except InputError as exc:
            return str(exc)
    assert streamed is not None, "a plain UTF-8 table went back to tables"
    state = _state(streamed._grouper)
    outcome = [r.model_dump(mode="json") for r in streamed]  # the reports as built, their values read
    return state, error, outcome


def _both(path: Path, rules: RuleSet, block: int, keep_all: bool) -> Any:
    by_rows = _read(path, rules, blocks=False, block=block, keep_all=keep_all)
    by_blocks = _read(path, rules, blocks=True, block=block, keep_all=keep_all)
    assert by_blocks == by_rows
    return by_blocks


@given(runs=st.lists(_run, max_size=12), odd=_ODD_LINES, ends=st.sampled_from(["\n", "\r\n", "mixed"]),
       block=st.sampled_from([7, 48, 300, 4096, 1 << 20]), keep_all=st.booleans(), tsv=st.booleans(),
       last_break=st.booleans())
def test_the_block_path_reads_as_the_row_path(rules: RuleSet, runs: list[tuple[str, str, list[tuple[str, str, str]]]],
                                              odd: list[tuple[int, str]], ends: str, block: int, keep_all: bool,
                                              tsv: bool, last_break: bool, tmp_path_factory: Any) -> None:
    delimiter = "\t" if tsv else ","
    lines = [delimiter.join(["地区", "年度", "指标", "数值", "单位"]), *_lines(runs, odd, delimiter)]
    breaks = ["\n", "\r\n"] if ends == "mixed" else [ends]
    text = "".join(line + breaks[k % len(breaks)] for k, line in enumerate(lines))
    if not last_break:
        text = text.rstrip("\r\n")
    path = tmp_path_factory.mktemp("csv") / ("t.tsv" if tsv else "t.csv")
    path.write_bytes(text.encode("utf-8"))
    _both(path, rules, block, keep_all)


RUN = [("certified_carers", "1500"), ("elderly_population", "190.5万人"), ("assistance_funds", "0.29亿元"),
       ("nursing_beds", "12"), ("institution_beds", "30"), ("dementia_care_beds", "5319")]


def _runs(places: list[str], times: int) -> Iterator[str]:
    """Good rows: each place's run of every indicator, the places over again in another period each time."""
    for k in range(times):
        for place in places:
            for ind, value in RUN:
                yield f"{place},{2025 - k},{ind},{value},\r\n"


def test_runs_of_known_reports_are_taken_at_once_and_read_alike(rules: RuleSet, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # 杭州市's rules read four of a run's six indicators: its run of 2025 comes after the first rows (which the
    # csv module reads while the header is looked for) and after 宁波市's (no rules), whose rows make every
    # indicator known to the block path, so that 杭州市's values are taken at once, in their order
    body = "".join(_runs(["嵊州市", "慈溪市", "宁波市", "杭州市"], 40))
    path = tmp_path / "good.csv"
    path.write_bytes(("地区,年度,指标,数值,单位\r\n" + body).encode("utf-8"))
    by_row: list[int] = []
    add_text_rows = Grouper.add_text_rows

    def counted(self: Grouper, rows: Any, *args: Any, **kwargs: Any) -> None:
        rows = list(rows)
        by_row.append(len(rows))
        add_text_rows(self, rows, *args, **kwargs)

    monkeypatch.setattr(Grouper, "add_text_rows", counted)
    got = _both(path, rules, 4096, False)
    assert isinstance(got, tuple) and got[1] is None and len(got[2]) == 160
    assert {r["jurisdiction"]["code"] for r in got[2] if r["values"]} == {"330282", "330100", "330683"}
    hangzhou = got[0]["reports"][("330100", 2025)][3]
    assert [(ind, line) for _, ind, _, _, line in hangzhou] == [("certified_carers", 20), ("elderly_population", 21),
                                                              ("assistance_funds", 22), ("dementia_care_beds", 25)]
    by_row.clear()
    _read(path, rules, blocks=True, block=4096, keep_all=False)
    # the first row of each report and each indicator's first sight go row by row, the rest at once
    assert sum(by_row) < body.count("\n") // 5, by_row


def test_a_report_coming_back_in_a_later_block_with_a_repeat_is_refused_alike(rules: RuleSet, tmp_path: Path) -> None:
    first = "".join(_runs(["慈溪市", "杭州市"], 30))
    again = "慈溪市,2025,nursing_beds,13,张\r\n嵊州市,2025,nursing_beds,1,张\r\n杭州市,2024,certified_carers,3,人\r\n"
    path = tmp_path / "again.csv"
    path.write_bytes(("地区,年度,指标,数值,单位\r\n" + first + again + first[:400]).encode("utf-8"))
    state, error, _ = _both(path, rules, 300, False)
    assert error is not None and "repeats indicator nursing_beds" in error and "again.csv:5" in error, error
    assert state["problems"] and ("330282", 2025) in state["spoiled"]


@pytest.mark.parametrize("keep_all", [False, True])
def test_a_new_reports_first_run_with_a_repeat_is_refused_alike(rules: RuleSet, tmp_path: Path, keep_all: bool) -> None:
    # every indicator known from the reports before; 宁波市 2020 (no rule reads its values) and 杭州市 2025 (its
    # rules read some) each open with a run that gives one indicator twice: R402, as the row path says it, and
    # a list of indicators with a repeat is never kept as a report's shape
    known = "".join(_runs(["慈溪市", "嵊州市"], 20))
    repeats = "".join(f"{place},{year},{ind},{value},\r\n" for place, year in (("宁波市", 2020), ("杭州市", 2025))
                      for ind, value in [*RUN[:3], RUN[1], *RUN[3:]])
    path = tmp_path / "repeat.csv"
    path.write_bytes(("地区,年度,指标,数值,单位\r\n" + known + repeats).encode("utf-8"))
    state, error, _ = _both(path, rules, 1 << 20, keep_all)
    assert error is not None and error.count("R402") == 2, error
    assert {("330200", 2020), ("330100", 2025)} <= state["spoiled"]
