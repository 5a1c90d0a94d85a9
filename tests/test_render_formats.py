"""Output writers: markdown, junit, github, html. Snapshots of a fixed example, and what each format promises.

Snapshots live in tests/snapshots/. A missing or changed snapshot fails; after an intended change of output,
rewrite them with ``python -m pytest tests/test_render_formats.py --update-snapshots`` and review the diff.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Snapshots

from mzcheck.cli import main
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult
from mzcheck.read.formats import load_report, loads_report
from mzcheck.render import WRITERS, Options, writer
from mzcheck.render.github import escape_data, escape_property

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
    assert {"text", "json", "markdown", "junit", "github", "html"} <= set(WRITERS)


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
    check.results[0] = first.model_copy(update={"message": first.message.model_copy(update={"zh": "响铃\x07与<标记>&"})})  # XML 1.0 cannot hold U+0007 even escaped
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
