"""Output writers: markdown, junit, github, html. Snapshots of a fixed example, and what each format promises.

Snapshots live in tests/snapshots/. A missing or changed snapshot fails; after an intended change of output,
rewrite them with ``python -m pytest tests/test_render_formats.py --update-snapshots`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import province
import pytest
from conftest import Snapshots

from mzcheck.cli import main
from mzcheck.core.codes import files as files_codes
from mzcheck.core.errors import problem
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult
from mzcheck.read.formats import load_report, loads_report
from mzcheck.render import WRITERS, Options, streamer, writer
from mzcheck.render.github import escape_data, escape_property
from mzcheck.render.overview import overview
from mzcheck.render.words import label, status_word, target_of
from mzcheck.render.xlsx import FILLS

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).parent / "snapshots"
EXAMPLE = "examples/cixi-2024.yaml"  # met, not met and missing, an increment: every kind of row


@pytest.fixture(scope="module")
def bundled() -> RuleSet:
    return load_targets()


@pytest.fixture
def cixi(bundled: RuleSet, monkeypatch: pytest.MonkeyPatch) -> list[CheckResult]:
    monkeypatch.chdir(ROOT)  # the report's path appears in the output as given: keep it relative
    return [evaluate(bundled, r) for r in load_report(EXAMPLE, bundled)]


def render(name: str, results: list[CheckResult], lang: str = "zh", fail_on: str = "error") -> str:
    for r in results:
        r.summary.passed = not any(x.fails(fail_on) for x in r.results)  # type: ignore[arg-type]
    return writer(name)(results, Options(lang=lang, fail_on=fail_on))


SNAPSHOTTED = [("markdown", "zh", "md"), ("markdown", "en", "md"), ("junit", "zh", "xml"), ("github", "zh", "txt"),
               ("html", "zh", "html"), ("json", "zh", "json")]


def snapshot_name(fmt: str, lang: str, ext: str) -> str:
    return f"cixi-2024.{fmt}.{lang}.{ext}"


@pytest.mark.parametrize(("fmt", "lang", "ext"), SNAPSHOTTED)
def test_snapshot(fmt: str, lang: str, ext: str, cixi: list[CheckResult], snapshot: Snapshots) -> None:
    snapshot(snapshot_name(fmt, lang, ext), render(fmt, cixi, lang))


def test_every_snapshot_file_is_compared_by_a_test() -> None:
    # a snapshot no test reads would pass forever, whatever the writers do
    assert {p.name for p in SNAPSHOTS.iterdir()} == {snapshot_name(*s) for s in SNAPSHOTTED}


def test_a_missing_snapshot_fails_and_is_written_only_with_the_flag(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"no snapshot new\.md .*--update-snapshots"):
        Snapshots(tmp_path, update=False)("new.md", "text\n")
    assert not (tmp_path / "new.md").exists()
    Snapshots(tmp_path, update=True)("new.md", "text\n")
    assert (tmp_path / "new.md").read_text(encoding="utf-8") == "text\n"
    Snapshots(tmp_path, update=False)("new.md", "text\n")  # now it matches


def test_a_changed_output_fails_with_the_diff_and_leaves_the_snapshot(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text("| 达标 | 78% |\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs from snapshot old.md.*-\| 达标 \| 78% \|.*\+\| 未达标 \| 78% \|"):
        Snapshots(tmp_path, update=False)("old.md", "| 未达标 | 78% |\n")
    assert (tmp_path / "old.md").read_text(encoding="utf-8") == "| 达标 | 78% |\n"


def test_writers_are_registered() -> None:
    assert {"text", "json", "markdown", "junit", "github", "html", "xlsx"} <= set(WRITERS)


# ------------------------------------------------------------------------------------- markdown


def test_markdown_table_has_a_row_per_rule(cixi: list[CheckResult]) -> None:
    text = render("markdown", cixi)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(cixi[0].results)  # header + one per rule
    assert rows[0].startswith("| 状态 | 指标 | 实际值 | 目标 |")
    nursing = next(r for r in rows if "cixi-2025-nursing-bed-share" in r)
    assert "78%" in nursing and "不低于80%" in nursing and "−2个百分点" in nursing
    en = render("markdown", cixi, "en")
    assert "| Status | Indicator | Actual | Target |" in en and "−2 percentage points" in en


def test_markdown_escapes_pipes(bundled: RuleSet) -> None:
    report = loads_report("jurisdiction: 慈溪市\nperiod: 2025\nvalues:\n  nursing_bed_share: '7|8'\n", bundled,
                          "a|b.yaml")
    text = render("markdown", [evaluate(bundled, report)])
    row = next(line for line in text.splitlines() if "cixi-2025-nursing-bed-share" in line)
    assert row.count(" | ") == 7  # eight cells: the pipe in the value did not open a ninth


# ---------------------------------------------------------------------------------------- junit


def _counts(xml: str) -> tuple[ET.Element, dict[str, int]]:
    root = ET.fromstring(xml)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    found = {"tests": len(cases), "failures": sum(c.find("failure") is not None for c in cases),
             "skipped": sum(c.find("skipped") is not None for c in cases)}
    for key, n in found.items():
        assert int(suite.get(key, "-1")) == n and int(root.get(key, "-1")) == n, key
    return suite, found


def test_junit_counts_follow_fail_on(cixi: list[CheckResult]) -> None:
    s = cixi[0].summary
    suite, counts = _counts(render("junit", cixi))
    assert counts == {"tests": s.total, "failures": s.not_met, "skipped": s.missing}
    failure = suite.find("testcase[@name='cixi-2025-nursing-bed-share']/failure")
    assert failure is not None and failure.get("type") == "not_met" and "差2个百分点" in (failure.text or "")
    _, strict = _counts(render("junit", cixi, fail_on="warning"))
    assert strict == {"tests": s.total, "failures": s.not_met + s.missing, "skipped": 0}
    _, lenient = _counts(render("junit", cixi, fail_on="never"))
    assert lenient["failures"] == 0 and lenient["tests"] == s.total + 1  # + the explicit passing case


def test_junit_passing_suite_has_an_explicit_passing_case(bundled: RuleSet) -> None:
    report = loads_report("jurisdiction: 慈溪市\nperiod: 2024\ntarget_year: 2025\nvalues:\n  nursing_bed_share: 81%\n",
                          bundled)
    check = evaluate(bundled, report)
    suite, counts = _counts(render("junit", [check]))
    assert counts["failures"] == 0
    summary = suite.find("testcase[@name='summary']")
    assert summary is not None and summary.find("failure") is None and summary.find("skipped") is None
    assert "未通过" not in (summary.findtext("system-out") or "")


def test_junit_is_well_formed_with_awkward_text(bundled: RuleSet) -> None:
    report = loads_report("jurisdiction: 慈溪市\nperiod: 2025\nvalues:\n  nursing_bed_share: '<b>&'\n", bundled,
                          'r"<&>.yaml')
    check = evaluate(bundled, report)
    first = check.results[0]
    check.results[0] = first.model_copy(update={"message": dataclasses.replace(first.message, zh="响铃\x07与<标记>&")})  # XML 1.0 cannot hold U+0007 even escaped
    xml = render("junit", [check])
    _counts(xml)  # parses
    assert "响铃与&lt;标记&gt;&amp;" in xml


# --------------------------------------------------------------------------------------- github


def test_github_escaping() -> None:
    assert escape_data("80%\r\nnext") == "80%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_annotations(cixi: list[CheckResult]) -> None:
    lines = render("github", cixi).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == cixi[0].summary.not_met and len(warnings) == cixi[0].summary.missing
    # the nursing-bed share is on line 7 of the example; its message has "%", escaped
    assert errors[0].startswith(f"::error file={EXAMPLE},line=7,title=慈溪市 cixi-2025-nursing-bed-share::")
    assert "78%25" in errors[0] and "%0A" in errors[0] and "\n" not in errors[0]
    assert lines[-1].startswith("::notice title=")
    assert all(not line.startswith("::error") for line in render("github", cixi, fail_on="never").splitlines())


def test_github_points_at_csv_lines(bundled: RuleSet, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("地区,年度,对照年度,指标,数值\n慈溪市,2024,2025,dementia_beds_per_10k_elders,22\n"
                    "慈溪市,2024,2025,nursing_bed_share,78%\n", encoding="utf-8")
    checks = [evaluate(bundled, r) for r in load_report(path, bundled)]
    first = render("github", checks).splitlines()[0]
    assert first.startswith(f"::error file={escape_property(str(path))},line=3,")


# ----------------------------------------------------------------------------------------- html


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_bilingual(cixi: list[CheckResult]) -> None:
    html = render("html", cixi)
    parser = _Elements()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    # nothing fetched: no script, no external stylesheet or image, and a policy that forbids it
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "default-src 'none'" in html
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}
    # a chart per rule with an actual value, in the status colour
    decided = [r for r in cixi[0].results if r.actual is not None]
    charts = [a for t, a in parser.tags if t == "svg" and a.get("class") == "bullet"]
    assert len(charts) == len(decided) == 2
    assert 'fill="#c62828"' in html and 'fill="#2e7d32"' in html  # not met red, met green
    assert "@media print" in html
    assert "养老机构护理型床位占比" in html and "share of nursing-type beds" in html
    assert "“到2025年底,养老机构护理型床位占比达80%”" in html
    assert "−2个百分点" in html and "−2 percentage points" in html


def test_html_escapes_report_text(bundled: RuleSet) -> None:
    report = loads_report("jurisdiction: 慈溪市\nperiod: 2025\nvalues:\n  nursing_bed_share: '<script>x</script>'\n",
                          bundled, "<r>.yaml")
    html = render("html", [evaluate(bundled, report)])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_html_sections_are_extensible(cixi: list[CheckResult]) -> None:
    from mzcheck.render import html as html_writer

    def stamp(result: object, options: Options) -> str:
        return '<p class="extra">extra</p>'

    html_writer.CARD_SECTIONS.append(stamp)
    try:
        html = render("html", cixi)
    finally:
        html_writer.CARD_SECTIONS.remove(stamp)
    cards = html.count('<article class="card')
    assert cards == 2  # the two rules with a value (the missing ones are listed in a table instead)
    assert html.count('<p class="extra">') == cards


def test_cli_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("markdown", "junit", "github", "html"):
        out = tmp_path / f"out.{fmt}"
        assert main(["check", str(ROOT / EXAMPLE), "--format", fmt, "-o", str(out)]) == 1
        assert out.read_text(encoding="utf-8").strip()


# ------------------------------------------------------------------------- xlsx and the overview

@pytest.fixture(scope="module")
def zhejiang(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[CheckResult]]:
    """The generated Zhejiang-wide table (tests/province.py): targets folder, CSV table and its results."""
    folder = tmp_path_factory.mktemp("zhejiang")
    targets = province.write_targets(folder / "targets")
    rules = load_targets(targets, bundled=False)
    table = province.write_csv(folder / "zhejiang.csv", rules)
    return targets, table, [evaluate(rules, r) for r in load_report(table, rules)]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_streamed_format_writes_what_it_renders_a_report_at_a_time(
        fmt: str, zhejiang: tuple[Path, Path, list[CheckResult]], cixi: list[CheckResult]) -> None:
    # check writes json, jsonl, text, markdown, github and html report by report (a province's table is never
    # held as results): the pieces, taken from an iterator, are the whole text, with or without input errors
    stream = streamer(fmt)
    if fmt in ("junit", "xlsx"):
        assert stream is None  # junit's counts come first; xlsx is one piece of bytes, read in one pass
        return
    assert stream is not None
    errors = (problem(files_codes.NO_SUCH_FILE, file="gone.csv", name="gone.csv"),)
    for results in (zhejiang[2], cixi, []):
        for options in (Options(lang="zh"), Options(lang="en", errors=errors)):
            pieces = list(stream(iter(results), options))
            assert "".join(pieces) == writer(fmt)(results, options)
            if fmt != "html":  # html spools its reports while the overview, which comes first, is built
                assert len(pieces) >= len(results)


def test_html_spools_its_reports_to_a_file_past_the_memory_bound(zhejiang: tuple[Path, Path, list[CheckResult]],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from mzcheck.render import html

    results = zhejiang[2]
    whole = writer("html")(results, Options(lang="en"))
    monkeypatch.setattr(html, "SPOOL_IN_MEMORY", 1000)  # a few reports, then a temporary file
    assert "".join(html.stream(iter(results), Options(lang="en"))) == whole


def _workbook(results: list[CheckResult], lang: str = "zh") -> openpyxl.Workbook:
    import io

    data = writer("xlsx")(results, Options(lang=lang))
    assert isinstance(data, bytes)
    return openpyxl.load_workbook(io.BytesIO(data))


def _fill(cell: object) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]  # type: ignore[attr-defined]


def test_xlsx_details_have_numbers_formats_and_colours(cixi: list[CheckResult]) -> None:
    wb = _workbook(cixi)
    assert wb.sheetnames == ["汇总", "明细"]  # one report: no overview
    ws = wb["明细"]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["地区", "区划代码", "年度", "指标", "状态", "实际"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:P{len(cixi[0].results) + 1}"
    col = {h: i for i, h in enumerate(head)}
    rows = {r[col["规则"]].value: r for r in ws.iter_rows(min_row=2)}
    share = rows["cixi-2025-nursing-bed-share"]  # 78% against at least 80%
    assert share[col["状态"]].value == "未达标" and _fill(share[col["状态"]]) == FILLS["not_met"]
    assert share[col["实际"]].value == pytest.approx(0.78) and share[col["实际"]].number_format == "0%"
    assert share[col["目标值"]].value == pytest.approx(0.8) and share[col["目标"]].value == "不低于80%"
    assert share[col["差距"]].value == -2 and "个百分点" in share[col["差距"]].number_format
    assert share[col["完成率"]].value == pytest.approx(0.975) and share[col["完成率"]].number_format == "0.00%"
    assert share[col["截止"]].value == dt.datetime(2025, 12, 31) and share[col["截止"]].number_format == "yyyy-mm-dd"
    meals = rows["cixi-2025-new-meal-points-and-shared-restaurants"]
    assert meals[col["状态"]].value == "达标" and _fill(meals[col["状态"]]) == FILLS["met"]
    assert meals[col["实际"]].value == 65 and isinstance(meals[col["实际"]].value, int)
    missing = rows["cixi-2025-5a-marriage-registry"]
    assert missing[col["实际"]].value is None and _fill(missing[col["状态"]]) == FILLS["missing"]
    assert missing[col["力度"]].value == "约束性" and "5A" in missing[col["依据"]].value


def test_xlsx_summary_counts_and_english(cixi: list[CheckResult]) -> None:
    ws = _workbook(cixi, "en")["Summary"]
    head = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(head, ws[2], strict=True)}
    s = cixi[0].summary
    assert row["jurisdiction"].value == "慈溪市" and row["period"].value == 2024
    assert (row["met"].value, row["not met"].value, row["missing"].value) == (s.met, s.not_met, s.missing)
    assert row["verdict"].value == "failed" and _fill(row["verdict"]) == FILLS["not_met"]
    assert s.completion is not None and row["completion"].value == pytest.approx(float(s.completion.mean) / 100)


def test_xlsx_per_ten_thousand_has_its_unit_in_the_format(bundled: RuleSet) -> None:
    report = loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5250, "
                          "elderly_population: 1905000}\n", bundled)
    wb = _workbook([evaluate(bundled, report)], "en")
    ws = wb["Details"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[head.index("rule")].value == "hangzhou-2025-certified-carers-per-10k")
    actual = row[head.index("actual")]
    assert actual.value == pytest.approx(27.559055) and actual.number_format == '#,##0.00" per 10,000 elders"'
    assert row[head.index("to close")].value == "84 more certified carers for 1,905,000 elders"


def test_overview_of_the_zhejiang_table(zhejiang: tuple[Path, Path, list[CheckResult]]) -> None:
    _, _, results = zhejiang
    ov = overview(results)
    assert len(ov.rows) == len(results) == 102
    assert [c.indicator for c in ov.columns] == sorted({t[0] for t in province.TARGETS},
                                                       key=[c.indicator for c in ov.columns].index)
    assert len(ov.columns) == len(province.TARGETS)
    shorts = [r.short for r in ov.rows]
    assert shorts == sorted(shorts, reverse=True) and shorts[0] > shorts[-1]  # most behind first
    for ind, t in ov.tallies.items():
        statuses = [r.cells[ind].status for r in ov.rows if ind in r.cells]
        assert t.met == sum(s in ("met", "on_track") for s in statuses)
        assert t.short == sum(s in ("not_met", "behind") for s in statuses)
        assert t.unknown == sum(s in ("missing", "invalid") for s in statuses)
        assert t.met and t.short and t.unknown  # the generated table has some of each


def test_xlsx_overview_of_the_zhejiang_table(zhejiang: tuple[Path, Path, list[CheckResult]]) -> None:
    _, _, results = zhejiang
    wb = _workbook(results)
    assert wb.sheetnames == ["总览", "目标分布", "汇总", "明细"]
    ws = wb["总览"]
    assert ws.max_row == 1 + 102 and ws.freeze_panes == "G2" and ws.auto_filter.ref
    head = [c.value for c in ws[1]]
    ov = overview(results)
    assert head[6:] == [c.name.zh for c in ov.columns]
    assert [c.value for c in ws["B"][1:]] == [r.report.code for r in ov.rows]
    for row, cells in zip(ov.rows, ws.iter_rows(min_row=2), strict=True):
        for col, cell in zip(ov.columns, cells[6:], strict=True):
            res = row.cells[col.indicator]
            assert _fill(cell) == FILLS[res.status]
            if res.status == "not_met" and res.gap is not None and isinstance(res.gap.value, Decimal):
                # a gap is in the target's unit (percentage points for a percent), as the JSON has it
                assert cell.value == pytest.approx(float(res.gap.value)) and cell.number_format.startswith("+")
            elif res.status == "met":
                assert cell.value == "达标"
    tally = wb["目标分布"]
    assert [c.value for c in tally["A"][1:]] == [c.name.zh for c in ov.columns]
    assert [c.value for c in tally["C"][1:]] == [ov.tallies[c.indicator].short for c in ov.columns]
    assert wb["汇总"].max_row == 103 and wb["明细"].max_row == 1 + 102 * len(province.TARGETS)


def test_html_overview_of_the_zhejiang_table(zhejiang: tuple[Path, Path, list[CheckResult]]) -> None:
    _, _, results = zhejiang
    for lang in ("zh", "en"):
        page = render("html", results, lang)
        assert page.count('<tr class="ov-row">') == 102
        assert page.index('<section class="overview">') < page.index('<section class="report">')
        assert f"<h1>{label('overview', lang)}" in page
        ov = overview(results)
        first = ov.rows[0].report.jurisdiction
        assert page.index(f'<tr class="ov-row"><th class="place">{first}</th>') < page.index(
            f'<tr class="ov-row"><th class="place">{ov.rows[-1].report.jurisdiction}</th>')
    single = render("html", results[:1], "zh")
    assert "ov-row" not in single and "table.matrix" not in single  # one report: no overview, no its styles


def test_html_in_english_has_no_chinese_labels(cixi: list[CheckResult]) -> None:
    import re as _re

    page = render("html", cixi, "en")
    assert '<html lang="en">' in page
    visible = _re.sub(r"<(style|title)>.*?</\1>|<[^>]+>", " ", page, flags=_re.S)
    # what is left in Chinese is data: the place's name, the plan's quote and title, the file name
    quotes = " ".join(r.source.quote + (r.source.document or "") for r in cixi[0].results)
    stray = [w for w in _re.findall(r"[\u4e00-\u9fff]+", visible) if w not in quotes and w not in "慈溪市"]
    assert stray == []
    for word in ("verdicts", "actual", "target", "gap", "met", "missing (14)"):
        assert word in visible
    for word in ("检查结果", "实际", "差距", "缺数据", "通过"):
        assert word not in visible


def test_bullet_chart_keeps_the_target_label_beside_a_close_actual(bundled: RuleSet) -> None:
    report = loads_report("jurisdiction: 杭州市\nperiod: 2024\ntarget_year: 2025\nvalues:\n"
                          "  certified_carers_per_10k_elders: 27.61\n", bundled)
    page = render("html", [evaluate(bundled, report)], "zh")
    svg = page[page.index('aria-label="实际 27.61'):]
    svg = svg[:svg.index("</svg>")]
    assert "目标 28人/万名老年人</text>" in svg and ">27.61人/万名老年人</text>" in svg
    ys = re.findall(r'class="(target|actual)-label" x="[\d.]+" y="([\d.]+)"', svg)
    assert {k for k, _ in ys} == {"target", "actual"} and len({y for _, y in ys}) == 2  # on separate rows


def test_share_band_stops_at_100_percent(cixi: list[CheckResult]) -> None:
    page = render("html", cixi, "zh")
    svg = page[page.index('aria-label="实际 78%'):]
    svg = svg[:svg.index("</svg>")]
    track = re.search(r'class="track" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    band = re.search(r'class="band" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert track and band
    assert float(band[1]) + float(band[2]) == pytest.approx(float(track[1]) + float(track[2]), abs=0.2)
    assert float(band[2]) == pytest.approx(float(track[2]) * 0.2, abs=0.2)  # 80% to 100% of a 0–100% track


def test_trend_chart_has_a_labelled_axis_from_a_sensible_base(bundled: RuleSet) -> None:
    from mzcheck.render.html import axis_base, nice_ticks

    assert nice_ticks(0, 800) == [0, 200, 400, 600, 800]
    assert axis_base(27.61, 28.19) == pytest.approx(28.19 * 0.8) and nice_ticks(axis_base(27.61, 28.19), 28.19)[0] == 22
    assert axis_base(300, 800) == 0
    checks = [evaluate(bundled, r) for r in load_report(ROOT / "examples" / "hangzhou-2025-midyear-behind.yaml", bundled)]
    page = render("html", checks, "en")
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', page)
    assert ticks[-5:] == ["0", "200", "400", "600", "800"]  # the 800 new beds, from 0
    assert ticks[:4] == ["22", "24", "26", "28"]  # carers per 10,000 elders: 27.61 → 27.8 not blown up
    assert "target 28" in page and "projected 27.99" in page and "目标" not in page.split("<main>")[1].split("“")[0]


def test_figures_are_shown_as_people_write_them(bundled: RuleSet) -> None:
    checks = [evaluate(bundled, r) for r in load_report(ROOT / "examples" / "hangzhou-2025-midyear-behind.yaml", bundled)]
    beds = next(r for r in checks[0].results if r.rule_id == "hangzhou-2025-new-dementia-care-beds")
    assert "应达约397张" in beds.message.zh and "396.7" not in beds.message.zh
    assert beds.expected_to_date is not None and beds.expected_to_date.value == Decimal("396.712329")  # exact in JSON
    carers = next(r for r in checks[0].results if r.rule_id == "hangzhou-2025-certified-carers-per-10k")
    assert "预计2025-12-31为27.99人/万名老年人" in carers.message.zh
    assert target_of(carers, "en") == "at least 28 per 10,000 elders" and status_word("behind", "en") == "behind"


def test_chart_labels_at_the_edge_stay_inside_the_chart(bundled: RuleSet) -> None:
    report = loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {marriage_registry_5a_share: 70%}\n", bundled)
    page = render("html", [evaluate(bundled, report)], "zh")
    svg = page[page.index('aria-label="实际 70%'):]
    svg = svg[:svg.index("</svg>")]
    # the 100% target sits at the right end of the track: its label ends there instead of running off
    assert re.search(r'class="target-label" x="632" y="14" font-size="12" fill="#1f2328" text-anchor="end">目标 100%<',
                     svg), svg
    assert re.search(r'class="actual-label" x="[\d.]+" y="64" [^>]*text-anchor="middle">70%<', svg)
