"""Reports of whole verdicts written directly are written as the general way writes them / 直接写出与一般写出逐字节一致.

``mzcheck.render.direct`` writes a report whose every verdict is a whole figure against a whole bound (a county's
own values, a city's children's) from templates, with no record per result
(docs/design/0037-whole-verdicts-written-directly.md). Here its text and summary are held to the JSON writer's
piece of :func:`mzcheck.evaluate`'s result, on rules and reports drawn for the purpose (every comparator, both
strengths, both kinds that take the lane, the report's own rules and rules on each child unit together, targets
and values from zero to fifteen digits, units whose gap is in percentage points, every --fail-on and completion
shown), on the examples, and through the command (one process and two) against the command with the direct way
switched off. Each test also checks that the direct way did write what it was meant to (a comparison of the general
way with itself would prove nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mzcheck
from mzcheck.cli import main
from mzcheck.core.messages import Message
from mzcheck.core.numbers import WHOLE_BOUND
from mzcheck.core.wording import MARKS, Verdicts, WholeShortfall
from mzcheck.engine import evaluate as engine
from mzcheck.load.ruleset import RuleSet
from mzcheck.render import Options, Written, direct
from mzcheck.render.json import piece
from mzcheck.testing._catalog import PLACES, indicator_entries, jurisdiction_entries

ROOT = Path(__file__).parent.parent
BUNDLED = mzcheck.load_targets()
_DOC = {"title": "t", "publisher": "p", "published": "2021-01-01"}
# (indicator, unit): counts in three units of things (a percent's base unit is a hundredth: not whole, not this way)
_INDICATORS = [("nursing_beds", "张"), ("certified_carers", "人"), ("care_institutions", "家"), ("home_visits", "人次")]
_OWN, _CITY, _OTHER = "西湖区", "杭州市", "余杭区"


def reference(rules: RuleSet, report: Any, fail_on: str = "error", shown: str = "mean") -> tuple[str, Any]:
    """The general way: evaluate's result and the JSON writer's piece of it."""
    check = mzcheck.evaluate(rules, report, fail_on=fail_on, completion_shown=shown)  # type: ignore[arg-type]
    return piece(Options(fail_on=fail_on))(check), check.summary  # type: ignore[arg-type]


def assert_written_alike(rules: RuleSet, report: Any, fail_on: str = "error", shown: str = "mean") -> bool:
    """The direct way's text and summary are the general way's; whether the direct way wrote the report."""
    got = direct.writer(rules, fail_on, shown)(report)  # type: ignore[arg-type]
    if got is None:
        return False
    text, summary = reference(rules, report, fail_on, shown)
    assert isinstance(got, Written) and isinstance(got.text, bytes)  # as UTF-8, as the output takes it
    assert got.text.decode() == text
    assert got.summary == summary
    assert got.summary.model_dump() == summary.model_dump()
    json.loads(text)  # and it is JSON
    return True


def figure(draw: st.DrawFn, unit: str) -> tuple[str, int]:
    """A whole figure as a report may write it (its digits, with or without its unit, a space or a thousands
    separator), and its value; from zero to fifteen digits, mostly near the targets drawn (below 10**15 - 1, as
    the targets: a gap or shortfall of sixteen digits goes the general way, test_reports_of_other_shapes…)."""
    n = draw(st.integers(0, 3000) | st.integers(0, WHOLE_BOUND - 2) | st.sampled_from([0, 1, 1500, 1499, 1501]))
    digits = draw(st.sampled_from([str(n), f"{n:,}"]))
    return digits + draw(st.sampled_from(["", unit, " " + unit])), n


@st.composite
def whole_cases(draw: st.DrawFn) -> tuple[RuleSet, str, bool]:
    """A rule set of the report's own level rules and rules on each child unit of its city, every one a whole
    target, and a report of whole figures for them (the county's, or the city's with its children's): the text
    of the report, and whether it is the county's."""
    chosen = draw(st.lists(st.sampled_from(_INDICATORS), min_size=1, max_size=3, unique=True))
    county = draw(st.booleans())
    rules = []
    for i, (ind, unit) in enumerate(chosen):
        kind = draw(st.sampled_from(["level", "each"]))
        each = kind == "each" or draw(st.booleans())
        target = draw(st.sampled_from([0, 1, 80, 1500]) | st.integers(0, WHOLE_BOUND - 2))
        rule: dict[str, Any] = {
            "id": f"w-{i}", "indicator": ind, "kind": kind, "comparator": draw(st.sampled_from([">=", ">", "<=", "<", "=="])),
            "due": "2025-12-31", "target": {"value": str(target), "unit": unit},
            "source": {"quote": draw(st.sampled_from(["测试", "不低于80%", "含%号与{括号}"]))},
            "jurisdiction": _CITY if each else _OWN, "strength": draw(st.sampled_from(["binding", "aspirational"]))}
        if each:
            rule["scope"] = "each_child"
        rules.append(rule)
    rs = RuleSet.from_data({"document": _DOC, "rules": rules}, indicators=indicator_entries([i for i, _ in chosen]),
                           jurisdictions=jurisdiction_entries(PLACES))

    def values() -> str:
        out = []
        for ind, unit in chosen:
            written, _ = figure(draw, unit)
            out.append(f"{ind}: '{written}'")
        return "{" + ", ".join(out) + "}"

    if county:
        return rs, f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {values()}\n", True
    children = draw(st.sampled_from([[_OWN, _OTHER], [_OWN], [_OTHER, _OWN]]))
    lines = "".join(f"  {c}: {values()}\n" for c in children)
    return rs, f"jurisdiction: {_CITY}\nperiod: 2025\nvalues: {{}}\nchildren:\n{lines}", False


@given(case=whole_cases(), fail_on=st.sampled_from(["error", "warning", "never"]), shown=st.sampled_from(["mean", "total"]))
def test_drawn_reports_of_whole_verdicts_are_written_directly_as_the_general_way_writes_them(
        case: tuple[RuleSet, str, bool], fail_on: str, shown: str) -> None:
    rs, text, county = case
    report = mzcheck.loads_report(text, rs, "r.yaml")
    wrote = assert_written_alike(rs, report, fail_on, shown)
    # every report drawn here is the direct way's to write: each rule due has a whole figure for it (a county's
    # report for its own rules and its city's rules on each child; a city's with each child's figures; a report
    # with no rule due, its one note), save a city whose own rules read values it does not give
    due = rs.select(report.jurisdiction.code, 2025)
    expected = not due or county or all(r.rule.scope == "each_child" and r.jurisdiction.code == "330100" for r in due)
    assert wrote == expected


def _dense_rules(targets: dict[str, int], comparator: str = ">=") -> RuleSet:
    """A city's rules on each child unit, one for each indicator given with its target."""
    units = dict(_INDICATORS)
    rules = [{"id": f"d-{ind}", "indicator": ind, "comparator": comparator, "due": "2025-12-31",
              "target": {"value": str(v), "unit": units[ind]}, "source": {"quote": f"各县不低于{v}{units[ind]}"},
              "jurisdiction": _CITY, "scope": "each_child"} for ind, v in targets.items()]
    return RuleSet.from_data({"document": _DOC, "rules": rules}, indicators=indicator_entries(list(targets)),
                             jurisdictions=jurisdiction_entries(PLACES))


@pytest.mark.parametrize("comparator", [">=", ">", "<=", "<", "=="])
@pytest.mark.parametrize("beds, carers", [(1500, 80), (1499, 81), (0, 0), (1501, 79), (10**15 - 1, 10**14)])
def test_counties_and_their_city_are_written_directly_alike(comparator: str, beds: int, carers: int) -> None:
    rs = _dense_rules({"nursing_beds": 1500, "certified_carers": 80}, comparator)
    county = mzcheck.loads_report(f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {{nursing_beds: '{beds}张', "
                                  f"certified_carers: '{carers:,} 人'}}\n", rs, "r.yaml")
    city = mzcheck.loads_report(
        f"jurisdiction: {_CITY}\nperiod: 2025\nvalues: {{}}\nchildren:\n  {_OWN}: {{nursing_beds: '{beds}', "
        f"certified_carers: '{carers}'}}\n  {_OTHER}: {{nursing_beds: '{abs(beds - 1)}', certified_carers: '{carers}'}}\n",
        rs, "r.yaml")
    assert assert_written_alike(rs, county)
    assert assert_written_alike(rs, city)


def test_reports_of_other_shapes_are_left_to_the_general_way() -> None:
    rs = _dense_rules({"nursing_beds": 1500})
    writer = direct.writer(rs)
    for values in ["{nursing_beds: '1500.5张'}", "{nursing_beds: '超过1500张'}", "{}", f"{{nursing_beds: '{10**15}张'}}",
                   "{nursing_beds: '-3张'}"]:
        report = mzcheck.loads_report(f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {values}\n", rs, "r.yaml")
        assert writer(report) is None, values
    # a figure said to be about so much is the figure (as the plain path takes it): written directly
    assert assert_written_alike(rs, mzcheck.loads_report(
        f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {{nursing_beds: '约1500张'}}\n", rs, "r.yaml"))
    early = mzcheck.loads_report(f"jurisdiction: {_OWN}\nperiod: 2025\nas_of: 2025-06-30\nvalues: {{nursing_beds: '9'}}\n",
                                 rs, "r.yaml")
    assert writer(early) is None  # before the due date: progress, the general way
    unreported = mzcheck.loads_report(f"jurisdiction: {_CITY}\nperiod: 2025\nvalues: {{}}\nchildren:\n"
                                      f"  {_OWN}: {{nursing_beds: '9'}}\n  {_OTHER}: {{}}\n", rs, "r.yaml")
    assert writer(unreported) is None  # a child without the value: missing, the general way
    share = RuleSet.from_data({"document": _DOC, "rules": [
        {"id": "s-1", "indicator": "service_coverage", "comparator": ">=", "due": "2025-12-31",
         "target": {"value": "80", "unit": "%"}, "source": {"quote": "测试"}, "jurisdiction": _OWN}]},
        indicators=indicator_entries(["service_coverage"]), jurisdictions=jurisdiction_entries(PLACES))
    percent = mzcheck.loads_report(f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {{service_coverage: '90%'}}\n", share,
                                   "r.yaml")
    assert direct.writer(share)(percent) is None  # a percent: hundredths in its base unit, not whole
    below = _dense_rules({"nursing_beds": 0}, "<")  # a shortfall of sixteen digits: to_decimal's, the general way
    big = mzcheck.loads_report(f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {{nursing_beds: '{10**15 - 1}'}}\n", below,
                               "r.yaml")
    assert engine.whole_verdicts(below, big) is None and direct.writer(below)(big) is None


def test_a_text_holding_a_private_use_character_is_left_to_the_general_way() -> None:
    """A template's figures are marked with characters of the private use area: a rule whose sentences hold one
    (here its unit's words, through the indicator's catalogue entry) gets no template and is written the general
    way, correctly."""
    entries = indicator_entries(["nursing_beds"])
    entries[0]["name"] = {"zh": "护理型床位\ue001数", "en": "nursing \ue004beds"}
    rs = RuleSet.from_data({"document": _DOC, "rules": [
        {"id": "d-1", "indicator": "nursing_beds", "comparator": ">=", "due": "2025-12-31",
         "target": {"value": "1500", "unit": "张"}, "source": {"quote": "测试"}, "jurisdiction": _OWN}]},
        indicators=entries, jurisdictions=jurisdiction_entries(PLACES))
    report = mzcheck.loads_report(f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {{nursing_beds: '1200张'}}\n", rs, "r.yaml")
    assert engine.whole_verdicts(rs, report) is not None  # decided in integers …
    assert direct.writer(rs)(report) is None  # … but not written from a template
    plain = _dense_rules({"nursing_beds": 1500})  # while the same rule with plain words is
    assert direct.writer(plain)(mzcheck.loads_report(
        f"jurisdiction: {_OWN}\nperiod: 2025\nvalues: {{nursing_beds: '1200张'}}\n", plain, "r.yaml")) is not None


@given(name=st.text(max_size=8) | st.sampled_from(["杭州市", 'a"b\\c', "%(p)s%%", "\ue00e\ue00f", "\x00\n"]),
       code=st.sampled_from(["330100", "330106", "110000", "659999", '3"%\\', "\ue00f"]),
       year=st.integers(2015, 2035), file=st.none() | st.text(max_size=6) | st.just("%s/表.csv"),
       fail_on=st.sampled_from(["error", "warning", "never"]), shown=st.sampled_from(["mean", "total"]))
def test_a_report_with_no_rule_due_is_written_directly_as_the_general_way_writes_it(
        name: str, code: str, year: int, file: str | None, fail_on: str, shown: str) -> None:
    # most of a province's reports under the bundled rules: no rule due, one note naming the place and the years
    # its rules are due in (or that none names it); a template per note with the name and the code put in
    report = mzcheck.loads_report(f"jurisdiction: {_CITY}\nperiod: {year}\nvalues: {{}}\n", BUNDLED, "r.yaml")
    place = report.jurisdiction.model_copy(update={"name": name, "code": code})
    report = report.model_copy(update={"jurisdiction": place, "file": file})
    if engine.applicable(BUNDLED, report):
        assert direct.writer(BUNDLED)(report) is None or assert_written_alike(BUNDLED, report, fail_on, shown)
        return
    private = direct._PRIVATE.search(file or "") is not None  # a file name holding such a character: the general way
    assert assert_written_alike(BUNDLED, report, fail_on, shown) is not private


def test_reports_with_no_rule_due_share_their_template_by_what_their_note_says() -> None:
    writer = direct.writer(BUNDLED)
    texts = []
    for place, year in (("'330106'", 2019), ("'330110'", 2019), ("'330106'", 2018)):
        report = mzcheck.loads_report(f"jurisdiction: {place}\nperiod: {year}\nvalues: {{}}\n", BUNDLED, "r.yaml")
        assert not engine.applicable(BUNDLED, report)
        assert assert_written_alike(BUNDLED, report)
        got = writer(report)
        assert got is not None
        texts.append(got.text.decode() if isinstance(got.text, bytes) else got.text)
    assert len(set(texts)) == 3 and all(str(y) in t for t, y in zip(texts, (2019, 2019, 2018)))
    assert len(writer.__self__.nothings) == 2  # type: ignore[attr-defined]  # the two counties' 2019 notes: one template


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_the_examples_are_written_alike_or_left_to_the_general_way(path: Path) -> None:
    for report in mzcheck.load_report(path, BUNDLED):
        assert_written_alike(BUNDLED, report)


@given(actual=st.integers(-(10**15) + 1, 10**15 - 1), gap=st.none() | st.integers(-(10**15) + 1, 10**15 - 1),
       status=st.sampled_from(["met", "not_met", "not_due"]), unit=st.sampled_from(["张", "人", "%", "元/月", ""]))
def test_a_sentence_made_as_a_template_filled_is_the_sentence(actual: int, gap: int | None, status: str, unit: str) -> None:
    """Verdicts.figured with marks, the marks then replaced by the figures, is Verdicts.whole; WholeShortfall too."""
    verdicts = Verdicts(Message(zh="床位数", en="beds"), unit, Message(zh="不低于1500张", en="at least 1,500"),
                        "2025-12-31")
    sign = None if gap is None else (gap > 0) - (gap < 0)
    size = abs(gap) if gap else 0
    marked = verdicts.figured(status, sign, *MARKS[:4])
    for lang in ("zh", "en"):
        filled = getattr(marked, lang)
        for mark, text in zip(MARKS, (str(actual), f"{actual:,}", str(size), f"{size:,}"), strict=False):
            filled = filled.replace(mark, text)
        assert filled == getattr(verdicts.whole(status, actual, gap), lang)
    words = WholeShortfall(Message(zh="护理型床位", en="nursing beds"), unit, "add")
    n = abs(actual) + 1
    assert words.figured(MARKS[4]).zh.replace(MARKS[4], f"{n:,}") == words(n).zh
    assert words.figured(MARKS[4]).en.replace(MARKS[4], f"{n:,}") == words(n).en


# ------------------------------------------------------------------------------------- through the command


# the bundled catalogue's indicators the command's tables give (each city's rules on each county)
_TABLE = [("nursing_beds", "张"), ("certified_carers", "人"), ("elderly_care_service_institutions", "家")]


def _table(path: Path, n_years: int = 2) -> Path:
    """A table of both counties of 杭州市 and 宁波市's two for some years, every value a whole figure."""
    lines = ["地区,年度,指标,数值"]
    counties = [p for p in PLACES if p[3] in ("330100", "330200")]
    k = 0
    for year in range(2025 - n_years + 1, 2026):
        for code, _, _, _ in counties:
            for ind, unit in _TABLE:
                k += 1
                lines.append(f"{code},{year},{ind},{(k * 377) % 3001}{unit}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _targets(folder: Path) -> Path:
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    for city in ("330100", "330200"):
        rules = "".join(f"  - {{id: e-{city}-{ind}-{year}, indicator: {ind}, comparator: '>=', target: {{value: 1500, "
                        f"unit: {unit}}}, due: {year}-12-31, scope: each_child, source: {{quote: 各县不低于1500{unit}}}}}\n"
                        for year in (2024, 2025) for ind, unit in _TABLE)
        (folder / "rules" / f"e-{city}.yaml").write_text(
            f"document: {{title: 测试, publisher: 测试, published: 2021-01-01}}\njurisdiction: \"{city}\"\nrules:\n{rules}",
            encoding="utf-8")
    return folder


def _run(args: list[str], capsys: pytest.CaptureFixture[str], on: bool = True) -> tuple[int, str]:
    direct.DIRECT = on
    try:
        code = main(args)
    finally:
        direct.DIRECT = True
    return code, capsys.readouterr().out


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


@pytest.mark.parametrize("extra", [[], ["--fail-on", "warning"], ["--completion", "total"], ["--fail-on", "never"]])
def test_the_command_writes_a_table_directly_as_the_general_way_writes_it(
        folder: Path, capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    path, targets = _table(folder / "t.csv"), _targets(folder / "targets")
    args = ["check", str(path), "--targets", str(targets), "--format", "json", *extra]
    spy = _Spy()
    with spy:
        code, out = _run(args, capsys)
    assert spy.written > 0  # the direct way wrote the reports (the cities' too)
    assert (code, out) == _run(args, capsys, on=False)
    reports = json.loads(out)["reports"]
    assert {r["report"]["jurisdiction"] for r in reports} >= {"杭州市", "宁波市", "西湖区", "慈溪市"}


def test_the_command_writes_a_big_table_in_two_processes_directly_as_one_process_the_general_way(
        folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the reading processes (mzcheck.read.stream: deciding while reading, 0036) and the processes
    deciding side by side (mzcheck.render.pieces, 0028), with the direct way and without."""
    from mzcheck.read import stream

    path, targets = _table(folder / "t.csv", n_years=2), _targets(folder / "targets")
    args = ["check", str(path), "--targets", str(targets), "--format", "json"]
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setenv("MZCHECK_JOBS", "1")
    reference_run = _run(args, capsys, on=False)
    monkeypatch.setenv("MZCHECK_JOBS", "2")
    assert _run(args, capsys) == reference_run


class _Spy:
    """Counts the reports the direct way wrote in this process."""

    def __init__(self) -> None:
        self.written = 0
        self.original = direct.writer

    def __enter__(self) -> _Spy:
        original = self.original

        def counting(*args: Any, **kwargs: Any) -> Any:
            write = original(*args, **kwargs)

            def counted(report: Any) -> Any:
                got = write(report)
                self.written += got is not None
                return got

            return counted

        direct.writer = counting
        return self

    def __exit__(self, *exc: object) -> None:
        direct.writer = self.original


def test_a_history_store_does_not_change_what_the_direct_way_writes(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A store with earlier years of the same places (recorded by the command) is read for trends; a verdict on a
    whole figure after its due date does not use it, so the direct way writes with a store as the general way."""
    path, targets = _table(folder / "t.csv", n_years=2), _targets(folder / "targets")
    store = str(folder / "history.db")
    earlier = folder / "earlier.csv"
    earlier.write_text(path.read_text(encoding="utf-8").replace(",2024,", ",2023,").replace(",2025,", ",2022,"),
                       encoding="utf-8")
    main(["check", str(earlier), "--targets", str(targets), "--history-db", store, "--record"])
    capsys.readouterr()
    main(["history", "--jurisdiction", "330106", "--history-db", store, "--targets", str(targets), "--format", "json"])
    assert '"2023-12-31"' in capsys.readouterr().out  # the store holds the earlier years
    args = ["check", str(path), "--targets", str(targets), "--format", "json", "--history-db", store]
    spy = _Spy()
    with spy:
        written = _run(args, capsys)
    assert spy.written > 0
    assert written == _run(args, capsys, on=False)


def test_a_workbook_s_cells_are_named_as_the_general_way_names_them(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A value read from a workbook is named by its cell (a value used with a cell, not a line): written by the
    JSON writer's general spelling of a value used, the same either way."""
    from openpyxl import Workbook

    path, targets = _table(folder / "t.csv", n_years=1), _targets(folder / "targets")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in path.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    book.save(folder / "t.xlsx")
    args = ["check", str(folder / "t.xlsx"), "--targets", str(targets), "--format", "json"]
    spy = _Spy()
    with spy:
        written = _run(args, capsys)
    assert spy.written > 0
    assert '"cell": "' in written[1]  # the values used are named by their cells
    assert written == _run(args, capsys, on=False)
