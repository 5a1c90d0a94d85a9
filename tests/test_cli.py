"""The command line: exit codes, JSON contract, languages, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from readonly import mzcheck, read_only

from mzcheck.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "targets"

REPORT = """\
jurisdiction: 杭州市
period: 2024
target_year: 2025
values:
  每万名老年人拥有持证护理员: 27.61
  elderly_population: 190.5万人
  assistance_funds: 0.29亿元
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "hangzhou.yaml"
    path.write_text(REPORT, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_contract(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    code, out, _ = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
    assert code == 1
    whole = json.loads(out)
    assert set(whole) == {"reports", "errors", "summary"}  # the same object for one report or many
    assert whole["errors"] == [] and len(whole["reports"]) == 1
    own = whole["reports"][0]["summary"]
    counts = ("met", "not_met", "missing", "invalid", "waived", "on_track", "behind", "not_due", "total", "errors", "warnings")
    assert whole["summary"] == {"reports": 1, **{k: own[k] for k in counts}, "input_errors": 0, "passed": False,
                                "exit": 1}
    assert own["met"] == 1 and own["not_met"] == 1
    data = whole["reports"][0]
    import mzcheck

    rules = mzcheck.load_targets(FIXTURES, bundled=False)
    (read,) = mzcheck.load_report(report, rules)
    assert data == mzcheck.evaluate(rules, read).model_dump(mode="json")  # the library's object, exactly
    assert set(data) >= {"report", "summary", "results"}
    assert {"jurisdiction", "period", "as_of"} <= set(data["report"])
    assert {"met", "not_met", "missing", "invalid", "on_track", "behind", "not_due", "total", "passed"} <= set(
        data["summary"])
    carers = next(r for r in data["results"] if r["rule_id"] == "t-carers")
    assert {"rule_id", "indicator", "status", "strength", "comparator", "target", "actual", "gap", "shortfall",
            "message", "source"} <= set(carers)
    assert carers["gap"] == {"value": -0.39, "unit": "人/万名老年人"}
    assert carers["target"] == {"value": 28, "unit": "人/万名老年人"}
    assert carers["shortfall"][0] | {"message": None} == {"indicator": "certified_carers", "value": 75, "unit": "person",
                                                          "how": "add", "message": None}
    assert set(carers["message"]) == {"zh", "en", "code"} and carers["message"]["code"] == "S104"
    assert set(carers["source"]) >= {"document", "quote"}
    assert data["summary"]["passed"] is False


def test_json_is_byte_identical_on_rerun(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    first = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")[1]
    second = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")[1]
    assert first == second


def test_text_output_in_both_languages(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    _, zh, _ = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled")
    _, en, _ = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--lang", "en")
    assert "未达标" in zh and "按老年人1,905,000人计,需增加持证护理员75人" in zh
    assert "75 more certified carers for 1,905,000 elders" in en
    assert zh.index("未达标") < zh.index("✓ 达标")  # not met first
    assert "\033[" not in zh  # no colour when not a terminal


def test_fail_on_levels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    met = tmp_path / "met.yaml"
    met.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues: {assistance_funds: 1亿元, certified_carers: 6000, "
                   "elderly_population: 190万人, dementia_beds_per_10k_elders: 21}\nadded: {dementia_care_beds: 900}\n"
                   "children: {西湖区: {centralized_care_institutions: 2}}\n", encoding="utf-8")
    # the aspirational growth rule is missing (a warning) — passes at error, fails at warning
    assert run(capsys, "check", str(met), "--targets", str(FIXTURES), "--no-bundled")[0] == 0
    assert run(capsys, "check", str(met), "--targets", str(FIXTURES), "--no-bundled", "--fail-on", "warning")[0] == 1
    assert run(capsys, "check", str(met), "--targets", str(FIXTURES), "--no-bundled", "--fail-on", "never")[0] == 0


@pytest.mark.parametrize(("content", "expected"), [
    (None, "no such file"),
    ("jurisdiction: [\n", "not valid YAML"),
    ("jurisdiction: 火星\nperiod: 2025\nvalues: {}\n", "unknown jurisdiction"),
    ("", "empty"),
])
def test_bad_input_exits_2_with_location(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None,
                                         expected: str) -> None:
    path = tmp_path / "bad.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "check", str(path), "--targets", str(FIXTURES), "--no-bundled")
    assert code == 2
    assert expected in err
    assert str(path) in err
    assert "Traceback" not in err


def test_targets_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "targets", "--targets", str(FIXTURES), "--no-bundled", "--jurisdiction", "杭州市", "--year", "2025",
                       "--format", "json")
    assert code == 0
    items = json.loads(out)
    carers = next(i for i in items if i["rule_id"] == "t-carers")
    assert carers == carers | {"jurisdiction": "杭州市", "indicator": "certified_carers_per_10k_elders",
                               "comparator": ">=", "target": {"value": 28, "unit": "人/万名老年人"},
                               "due": "2025-12-31", "kind": "level", "strength": "binding"}
    assert carers["source"]["quote"] == "每万名老年人拥有持证护理员达到28人"
    ranged = next(i for i in items if i["rule_id"] == "t-centralized-each")
    assert ranged["comparator"] == "between" and ranged["target"]["value"] == [2, 3]
    nursing = run(capsys, "targets", "--targets", str(FIXTURES), "--no-bundled", "--jurisdiction", "慈溪市", "--format", "json")[1]
    assert json.loads(nursing)[0]["target"] == {"value": 80, "unit": "percent"}


def test_indicators_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "indicators", "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
    items = {i["id"]: i for i in json.loads(out)}
    carers = items["certified_carers_per_10k_elders"]
    assert (carers["numerator"], carers["denominator"], carers["scale"]) == ("certified_carers", "elderly_population",
                                                                            10000)
    assert items["certified_carers"]["numerator"] is None and items["certified_carers"]["scale"] is None
    assert set(carers["name"]) == {"zh", "en"}


def test_explain_prints_rule_indicator_and_quote(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "t-carers", "--targets", str(FIXTURES), "--no-bundled")
    assert code == 0
    assert "每万名老年人拥有持证护理员达到28人" in out and "certified_carers / elderly_population" in out
    code, _, err = run(capsys, "explain", "t-carer", "--targets", str(FIXTURES), "--no-bundled")
    assert code == 2 and "did you mean t-carers" in err


def test_lint_checks_quotes_against_sources(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text("到2025年底,每万名老年人拥有持证护理员达到28人。", encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(FIXTURES), "--no-bundled", "--sources", str(tmp_path))
    assert code == 1
    assert "L001" in out and "t-dementia" in out
    assert "[t-carers]" not in out  # that quote is verbatim


def test_lint_reads_a_gbk_plan_and_names_a_source_it_cannot_read(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    # plans come in GBK as often as in UTF-8: the quote is found in either, as extract reads the plan
    (tmp_path / "plan.txt").write_bytes("到2025年底,每万名老年人拥有持证护理员达到28人。".encode("gb18030"))
    code, out, _ = run(capsys, "lint", str(FIXTURES), "--no-bundled", "--sources", str(tmp_path))
    assert code == 1 and "[t-carers]" not in out and "L001" in out and "L006" not in out
    (tmp_path / "plan.txt").unlink()
    os.mkfifo(tmp_path / "plan.txt")  # a named pipe is never opened (nothing would ever be written to it)
    code, out, _ = run(capsys, "lint", str(FIXTURES), "--no-bundled", "--sources", str(tmp_path))
    assert code == 1
    assert "L006 [t-carers] 原文文件 plan.txt 无法核对引文:这是命名管道(FIFO)" in out, out
    (tmp_path / "plan.txt").unlink()
    (tmp_path / "plan.txt").write_bytes(b"\x00\x01binary")
    code, out, _ = run(capsys, "lint", str(FIXTURES), "--no-bundled", "--sources", str(tmp_path))
    assert code == 1 and "L006 [t-carers]" in out and "二进制文件" in out, out


def test_lint_finds_contradictions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.yaml").write_text("""\
document: {title: 规划, publisher: 局, published: 2025-01-01}
jurisdiction: 杭州市
rules:
  - {id: a, indicator: certified_carers, comparator: ">=", target: 30人, due: 2025-12-31, source: {quote: 不少于30人}}
  - {id: b, indicator: certified_carers, comparator: "<=", target: 20人, due: 2025-12-31, source: {quote: 不超过20人}}
  - {id: c, indicator: certified_carers, comparator: ">=", target: 30人, due: 2025-12-31, source: {quote: 不少于30人}}
""", encoding="utf-8")
    for name in ("indicators.yaml", "jurisdictions.yaml"):
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(folder), "--no-bundled")
    assert code == 1
    assert "L003 [b]" in out and "L002 [c]" in out


def test_python_dash_m_and_no_traceback_on_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "mzcheck", "check"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "REPORT" in proc.stderr


def test_output_never_overwrites_an_input(capsys: pytest.CaptureFixture[str], report: Path) -> None:
    before = report.read_text(encoding="utf-8")
    code, _, err = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "-o", str(report))
    assert code == 2 and "one of the inputs" in err
    assert report.read_text(encoding="utf-8") == before


def test_nothing_to_check_is_said_and_never_called_a_pass(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A report no rule applies to says which years have targets (or that none names the place); its summary
    reads 无可检查项, not 通过; --fail-on-empty turns it into exit 1 for a CI gate."""
    early = tmp_path / "early.yaml"
    early.write_text("jurisdiction: 杭州市\nperiod: 2023\nvalues:\n  持证养老护理员数: 10\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(early))
    assert code == 0
    assert "! 没有适用的目标规则:杭州市没有2023年到期的目标;该地区有2025年到期的目标,可用 --year 2025" in out
    assert out.rstrip().endswith("共 0 项 — 无可检查项") and "通过" not in out  # no colon before nothing
    code, out, _ = run(capsys, "check", str(early), "--lang", "en", "--fail-on-empty")
    assert code == 1
    assert "it has targets due in 2025: use --year 2025 or target_year: 2025" in out
    assert out.rstrip().endswith("0 rules — nothing checked")
    for form in ("markdown", "github"):  # the summary line of the other formats reads the same
        _, out, _ = run(capsys, "check", str(early), "--format", form)
        assert "共 0 项 — 无可检查项" in out and "项:" not in out
    nowhere = tmp_path / "yiwu.yaml"
    nowhere.write_text("jurisdiction: 义乌市\nperiod: 2025\nvalues:\n  持证养老护理员数: 10\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(nowhere), "--format", "json")
    data = json.loads(out)
    [check] = data.get("reports", [data])
    assert code == 0 and check["results"] == []
    assert [(f["code"], f["severity"]) for f in check["findings"]] == [("N302", "warning")]
    assert "义乌市" in check["findings"][0]["message"]["zh"] and "--targets" in check["findings"][0]["message"]["en"]
    code, out, _ = run(capsys, "check", str(early), "--year", "2025", "--fail-on-empty")
    assert "无可检查项" not in out  # with the year that has targets, something is checked


# ------------------------------------------------------------------ --format xlsx and --annotate


def _report_objects(data: object) -> list[dict[str, object]]:
    """The per-report objects of ``--format json``, whatever the top level around them."""
    if isinstance(data, dict) and "reports" in data:
        data = data["reports"]
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def zhejiang_tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    import province

    from mzcheck.load.rules import load_targets

    folder = tmp_path_factory.mktemp("zj")
    targets = province.write_targets(folder / "targets")
    rules = load_targets(targets, bundled=False)
    return targets, province.write_csv(folder / "zj.csv", rules), province.write_xlsx(folder / "zj.xlsx", rules)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_annotate_writes_the_results_beside_the_rows_they_used(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, zhejiang_tables: tuple[Path, Path, Path], kind: str) -> None:
    import openpyxl

    from mzcheck.engine.evaluate import evaluate
    from mzcheck.load.rules import load_targets
    from mzcheck.read.formats import load_report
    from mzcheck.render.words import STATUS

    targets, csv_table, xlsx_table = zhejiang_tables
    table = csv_table if kind == "csv" else xlsx_table
    before = table.read_bytes()
    out, js = tmp_path / "结果.xlsx", tmp_path / "out.json"
    code, _, err = run(capsys, "check", str(table), "--targets", str(targets), "--no-bundled", "--format", "json",
                       "-o", str(js), "--annotate", str(out))
    assert code == 1, err
    assert table.read_bytes() == before  # the input is only read
    rules = load_targets(targets, bundled=False)
    reports = _report_objects(json.loads(js.read_text(encoding="utf-8")))
    assert reports == [evaluate(rules, r).model_dump(mode="json") for r in load_report(table, rules)]

    ws = openpyxl.load_workbook(out).worksheets[0]
    header_row = 1 if kind == "csv" else 2  # the xlsx table has a title row above its header
    head = [c.value for c in ws[header_row]]
    assert head[:6] == ["地区", "年度", "指标", "数值", "单位", "类别"]
    assert head[6:] == ["状态", "目标", "差距", "需要", "规则"]
    first = 7
    by_line: dict[int, list[dict[str, object]]] = {}
    for rep in reports:
        for res in rep["results"]:  # type: ignore[attr-defined]
            for line in sorted({i["line"] for i in res["inputs"]}):
                by_line.setdefault(line, []).append(res)
    assert len(by_line) > 400
    for line, results in by_line.items():
        row = [c.value for c in ws[line]][first - 1:]
        assert row[0].split("\n") == [STATUS[r["status"]][0] for r in results]
        assert row[1].split("\n") == [r["target_text"]["zh"] for r in results]
        assert row[4].split("\n") == [r["rule_id"] for r in results]
        if len(results) == 1 and results[0]["gap"] is not None:
            assert row[2] == pytest.approx(results[0]["gap"]["value"])
    used = set(by_line)
    untouched = [r for r in range(header_row + 1, ws.max_row + 1) if r not in used]
    assert all(ws.cell(r, first).value is None for r in untouched)
    assert ws.cell(header_row + 1, 1).value is not None and ws.max_column == 11
    # the table itself is copied: a plain number as a number, a percent as written
    assert [ws.cell(header_row + 1, c).value for c in (1, 2, 3)] == ["浙江省", 2025, "持证养老护理员数"]
    values = [ws.cell(r, 4).value for r in range(header_row + 1, ws.max_row + 1)]
    assert all(isinstance(v, int) or (isinstance(v, str) and v.endswith("%")) for v in values)


def test_annotate_refuses_the_input_by_any_name(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                zhejiang_tables: tuple[Path, Path, Path]) -> None:
    import os

    targets, _, xlsx_table = zhejiang_tables
    table = tmp_path / "表.xlsx"
    table.write_bytes(xlsx_table.read_bytes())
    link = tmp_path / "same.xlsx"
    os.link(table, link)  # another name of the same file: same device and inode
    before = table.read_bytes()
    for target in (table, link):
        code, _, err = run(capsys, "check", str(table), "--targets", str(targets), "--no-bundled",
                           "--annotate", str(target))
        assert code == 2 and "O102" in err
    assert table.read_bytes() == before
    code, _, err = run(capsys, "check", str(table), str(table), "--annotate", str(tmp_path / "x.xlsx"))
    assert code == 2 and "O401" in err
    code, _, err = run(capsys, "check", str(table), "--annotate", str(tmp_path / "x.csv"))
    assert code == 2 and "O107" in err
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.csv").exists()


def test_xlsx_output_is_written_whole_and_needs_a_path(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                       report: Path) -> None:
    import openpyxl

    out = tmp_path / "results.xlsx"
    out.write_bytes(b"an older file")
    code, _, err = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--format", "xlsx",
                       "-o", str(out))
    assert code == 1, err
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "明细"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hangzhou.yaml", "results.xlsx"]  # no temporary file left
    code, out_text, err = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--format", "xlsx")
    assert code == 2 and "O105" in err and out_text == ""


def test_an_xlsx_output_that_cannot_be_written_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                            report: Path) -> None:
    out = tmp_path / "no such folder" / "results.xlsx"
    code, _, err = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--format", "xlsx",
                       "-o", str(out))
    assert code == 2 and "O501" in err and str(out) in err and "Traceback" not in err


# ------------------------------------------------------------------ outputs never replace what the run reads


def _targets_copy(tmp_path: Path) -> Path:
    targets = tmp_path / "targets"
    for f in FIXTURES.rglob("*"):
        if f.is_file():
            (targets / f.relative_to(FIXTURES)).parent.mkdir(parents=True, exist_ok=True)
            (targets / f.relative_to(FIXTURES)).write_bytes(f.read_bytes())
    return targets


def _state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("victim", ["report-hard-link", "report-symlink", "rule-file", "indicators", "jurisdictions",
                                    "bundled-indicators", "history-store", "history-wal"])
def test_output_onto_any_file_the_run_reads_is_refused_and_nothing_changes(
        victim: str, capsys: pytest.CaptureFixture[str], report: Path, tmp_path: Path) -> None:
    from mzcheck.load.bundled import bundled_targets

    targets = _targets_copy(tmp_path)
    store = tmp_path / "history.sqlite3"
    assert run(capsys, "check", str(report), "--targets", str(targets), "--no-bundled", "--record",
               "--history-db", str(store))[0] in (0, 1)
    (tmp_path / "history.sqlite3-wal").write_bytes(b"")  # as SQLite leaves it beside a WAL store
    (tmp_path / "link.yaml").hardlink_to(report)
    (tmp_path / "sym.yaml").symlink_to(report)
    rule_file = next((targets / "rules").glob("*.yaml"))
    output = {"report-hard-link": tmp_path / "link.yaml", "report-symlink": tmp_path / "sym.yaml", "rule-file": rule_file,
              "indicators": targets / "indicators.yaml", "jurisdictions": targets / "jurisdictions.yaml",
              "bundled-indicators": bundled_targets() / "indicators.yaml", "history-store": store,
              "history-wal": tmp_path / "history.sqlite3-wal"}[victim]
    before, bundled = _state(tmp_path), (bundled_targets() / "indicators.yaml").read_bytes()
    code, out, err = run(capsys, "check", str(report), "--targets", str(targets), "--history-db", str(store),
                         *(["--no-bundled"] if victim != "bundled-indicators" else []), "--record", "-o", str(output))
    assert (code, out) == (2, "")
    assert err.startswith(f"mzcheck: {output}: O102 {output} is one of the inputs; not overwriting it"), err
    assert _state(tmp_path) == before and (bundled_targets() / "indicators.yaml").read_bytes() == bundled


def test_template_force_never_replaces_a_rule_file_of_its_targets(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    targets = _targets_copy(tmp_path)
    before = _state(targets)
    for victim in [*(targets / "rules").glob("*.yaml"), targets / "indicators.yaml"]:
        for fmt in ("yaml", "xlsx"):
            code, _, err = run(capsys, "template", "-j", "杭州市", "-y", "2025", "--targets", str(targets), "--no-bundled",
                               "--format", fmt, "--force", "-o", str(victim))
            assert code == 2 and "O102" in err, err
    assert _state(targets) == before


def test_extract_never_writes_over_the_layer_it_reads(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    targets = _targets_copy(tmp_path)
    plan = tmp_path / "plan.txt"
    plan.write_text("到2025年底,全市持证护理员达到5000人。\n", encoding="utf-8")
    before = _state(targets)
    code, _, err = run(capsys, "extract", str(plan), "-j", "杭州市", "-y", "2025", "--targets", str(targets),
                       "--no-bundled", "-o", str(targets))
    assert code == 2 and f"mzcheck: {targets / 'indicators.yaml'}: O102" in err, err
    assert _state(targets) == before


def test_history_export_never_writes_over_its_store(capsys: pytest.CaptureFixture[str], report: Path, tmp_path: Path) -> None:
    store = tmp_path / "history.sqlite3"
    run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--record", "--history-db", str(store))
    (tmp_path / "same.sqlite3").hardlink_to(store)
    before = store.read_bytes()
    code, _, err = run(capsys, "history", "export", "--history-db", str(store), "-o", str(tmp_path / "same.sqlite3"))
    assert code == 2 and "O102" in err
    assert store.read_bytes() == before


def test_output_replaces_a_file_whole_keeping_its_mode_and_leaves_no_temporary_file(
        capsys: pytest.CaptureFixture[str], report: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "result.json"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    code, printed, _ = run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "--format", "json",
                           "-o", str(out))
    assert code in (0, 1) and printed == ""
    assert json.loads(out.read_text(encoding="utf-8"))["reports"][0]["report"]["jurisdiction"] == "杭州市"
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in out.parent.iterdir()] == ["result.json"]


def test_output_through_a_symbolic_link_writes_where_it_points(capsys: pytest.CaptureFixture[str], report: Path,
                                                               tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    run(capsys, "check", str(report), "--targets", str(FIXTURES), "--no-bundled", "-o", str(tmp_path / "link.txt"))
    assert (tmp_path / "link.txt").is_symlink() and "杭州市" in real.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["missing-folder", "dev-full"])
def test_an_output_that_cannot_be_written_is_an_input_error(where: str, report: Path, tmp_path: Path) -> None:
    if where == "dev-full" and not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    output = {"missing-folder": str(tmp_path / "no-such-folder" / "out.txt"), "dev-full": "/dev/full"}[where]
    proc = mzcheck(["check", str(report), "--targets", str(FIXTURES), "--no-bundled", "-o", output], tmp_path)
    err = proc.stderr
    assert proc.returncode == 2 and "Traceback" not in err and "internal error" not in err
    assert {"missing-folder": f"O501 the output's folder {tmp_path / 'no-such-folder'} does not exist",
            "dev-full": "O503 writing the output failed: No space left on device"}[where] in err, err


def test_an_output_into_a_read_only_folder_is_an_input_error(report: Path, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    with read_only(folder) as prefix:
        proc = mzcheck(["check", str(report), "--targets", str(FIXTURES), "--no-bundled", "-o", str(folder / "o.txt")],
                       tmp_path, prefix)
    assert proc.returncode == 2 and f"O502 cannot write the output in {folder}" in proc.stderr, proc.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_an_output_encoding_without_the_marks_falls_back_to_ascii_marks(encoding: str, report: Path,
                                                                        tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("MZCHECK_DEBUG", "MZCHECK_LANG")}
    proc = subprocess.run([sys.executable, "-m", "mzcheck", "check", str(report), "--targets", str(FIXTURES),
                           "--no-bundled"], cwd=tmp_path, capture_output=True, timeout=120,
                          env={**env, "PYTHONIOENCODING": encoding})
    err = proc.stderr.decode(encoding, errors="replace")
    assert proc.returncode == 1 and "Traceback" not in err
    assert err.count(f"O504 the output encoding {encoding} cannot show some characters") == 1, err
    out = proc.stdout.decode(encoding)  # all of it in the encoding asked for
    assert "\nx " in out and "✗" not in out


def test_check_needs_no_home_folder_unless_it_uses_the_default_store(report: Path, tmp_path: Path) -> None:
    """No $HOME and no account entry for the uid (a container's arbitrary uid): check works; recording in the
    default store says why it cannot."""
    import shutil

    if shutil.which("unshare") is None or subprocess.run(["unshare", "--map-user=54321", "--map-group=54321", "true"],
                                                         capture_output=True).returncode != 0:
        pytest.skip("needs unshare --map-user (a uid without an account entry)")
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_DATA_HOME", "MZCHECK_HISTORY", "MZCHECK_DEBUG")}
    argv = [sys.executable, "-m", "mzcheck", "check", str(report), "--targets", str(FIXTURES), "--no-bundled"]
    prefix = ["unshare", "--map-user=54321", "--map-group=54321"]
    checked = subprocess.run([*prefix, *argv], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert checked.returncode == 1 and checked.stderr == "" and "杭州市" in checked.stdout
    recorded = subprocess.run([*prefix, *argv, "--record"], cwd=tmp_path, capture_output=True, text=True, env=env,
                              timeout=120)
    assert recorded.returncode == 2
    assert recorded.stderr.startswith("mzcheck: H501 cannot tell where the default history store is"), recorded.stderr


# ------------------------------------------------------------------- many files, one run; one JSON shape

BAD_CSV = "地区,年度,指标,数值\n杭州市,今年,certified_carers,5310\n"


@pytest.fixture
def good_and_bad(tmp_path: Path, report: Path) -> tuple[Path, Path]:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    return report, bad


def test_one_bad_file_hides_no_result_in_json(capsys: pytest.CaptureFixture[str], good_and_bad: tuple[Path, Path]) -> None:
    good, bad = good_and_bad
    code, out, err = run(capsys, "check", str(good), str(bad), "--targets", str(FIXTURES), "--no-bundled",
                         "--format", "json")
    assert code == 2
    whole = json.loads(out)
    assert [r["report"]["file"] for r in whole["reports"]] == [str(good)]
    assert [(e["file"], e["line"], e["code"], e["field"]) for e in whole["errors"]] == [(str(bad), 2, "R302", "period")]
    assert whole["errors"][0]["message"]["en"] == "'今年' is not a year (e.g. 2025)"
    assert whole["summary"]["input_errors"] == 1 and whole["summary"]["exit"] == 2
    assert f"mzcheck: {bad}:2: R302 period: '今年' is not a year" in err  # people read stderr


def test_one_bad_file_hides_no_result_in_text(capsys: pytest.CaptureFixture[str], good_and_bad: tuple[Path, Path]) -> None:
    good, bad = good_and_bad
    code, out, err = run(capsys, "check", str(bad), str(good), "--targets", str(FIXTURES), "--no-bundled")
    assert code == 2
    assert "杭州市(330100)2024年报表" in out and "未达标" in out
    assert f"{bad}:2: R302" in err and str(good) not in err


def test_github_annotates_input_errors(capsys: pytest.CaptureFixture[str], good_and_bad: tuple[Path, Path]) -> None:
    good, bad = good_and_bad
    code, out, _ = run(capsys, "check", str(good), str(bad), "--targets", str(FIXTURES), "--no-bundled",
                       "--format", "github", "--lang", "en")
    assert code == 2
    lines = out.splitlines()
    prop = str(bad).replace(":", "%3A").replace(",", "%2C")
    assert lines[0] == f"::error file={prop},line=2,title=R302::period: '今年' is not a year (e.g. 2025)"
    assert any(line.startswith("::notice title=") for line in lines)  # the good report is still there


def test_junit_writes_an_error_suite_per_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  good_and_bad: tuple[Path, Path]) -> None:
    import xml.etree.ElementTree as ET

    good, bad = good_and_bad
    missing = tmp_path / "gone.yaml"
    xml = tmp_path / "out.xml"
    code, _, _ = run(capsys, "check", str(good), str(bad), str(missing), "--targets", str(FIXTURES), "--no-bundled",
                     "--format", "junit", "-o", str(xml))
    assert code == 2
    root = ET.parse(xml).getroot()
    assert root.get("errors") == "2"
    errors = {s.get("name"): s.find("testcase/error") for s in root if s.get("errors") == "1"}
    assert set(errors) == {str(bad), str(missing)}
    assert errors[str(bad)] is not None and errors[str(bad)].get("type") == "R302"
    assert errors[str(missing)] is not None and errors[str(missing)].get("type") == "F101"
    assert any(s.get("name", "").startswith("杭州市 2024") for s in root)


def test_jsonl_is_one_report_object_per_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, report: Path) -> None:
    table = tmp_path / "two.csv"
    table.write_text("地区,年度,指标,数值\n杭州市,2025,certified_carers,5310\n宁波市,2025,certified_carers,4000\n",
                     encoding="utf-8")
    _, whole, _ = run(capsys, "check", str(report), str(table), "--targets", str(FIXTURES), "--no-bundled",
                      "--format", "json")
    _, lines, _ = run(capsys, "check", str(report), str(table), "--targets", str(FIXTURES), "--no-bundled",
                      "--format", "jsonl")
    assert [json.loads(line) for line in lines.splitlines()] == json.loads(whole)["reports"]
    assert len(lines.splitlines()) == 3


def test_schema_result_describes_the_json_output(capsys: pytest.CaptureFixture[str], good_and_bad: tuple[Path, Path]) -> None:
    import jsonschema

    good, bad = good_and_bad
    code, text, _ = run(capsys, "schema", "result")
    assert code == 0
    schema = json.loads(text)
    out = run(capsys, "check", str(good), str(bad), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")[1]
    jsonschema.validate(json.loads(out), schema)
    assert set(schema["required"]) == {"reports", "errors", "summary"}
    broken = json.loads(out)
    del broken["reports"][0]["results"][0]["status"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# ------------------------------------------------------------------- big tables keep going


def test_an_unknown_jurisdiction_spoils_only_its_own_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "province.csv"
    table.write_text("地区,年度,指标,数值\n杭州市,2025,certified_carers,5310\n火星市,2025,certified_carers,1\n"
                     "宁波市,2025,certified_carers,4000\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
    assert code == 2
    whole = json.loads(out)
    assert [r["report"]["jurisdiction"] for r in whole["reports"]] == ["杭州市", "宁波市"]
    assert [(e["line"], e["code"]) for e in whole["errors"]] == [(3, "C201")]
    assert f"{table}:3: C201" in err


def test_a_bad_row_spoils_its_report_and_no_other(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("地区,年度,指标,数值\n杭州市,2025,certified_carers,5310\n杭州市,2025,certified_carers,5311\n"
                     "宁波市,2025,certified_carers,4000\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
    whole = json.loads(out)
    assert code == 2 and [r["report"]["jurisdiction"] for r in whole["reports"]] == ["宁波市"]
    assert [(e["line"], e["code"]) for e in whole["errors"]] == [(3, "R402")]  # 杭州市's indicator given twice


@pytest.mark.parametrize("streamed", [False, True])
def test_the_same_problem_in_many_rows_is_listed_twenty_times_then_counted(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    from mzcheck.read import stream

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0 if streamed else 1 << 40)
    rows = [f"宁波市,1001,certified_carers,{i}" for i in range(1025)]
    table = tmp_path / "big.csv"
    table.write_text("\n".join(["地区,年度,指标,数值", "杭州市,2025,certified_carers,5310", *rows]) + "\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--lang", "en")
    assert code == 2
    assert "杭州市" in out or "Hangzhou" in out  # the good report is checked
    lines = err.splitlines()
    listed = [line for line in lines if "R302" in line]
    assert len(listed) == 20 and listed[0].startswith(f"mzcheck: {table}:3: R302 period: '1001' is not a year")
    assert f"{table}: T801 … and 1,005 more rows: period: '1001' is not a year (e.g. 2025)" in err
    assert "另有 1,005 行同样:period: “1001”不是年份" in err


def test_a_spoiled_parent_is_not_remade_from_its_childrens_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """绍兴市's each-county rule gathers 嵊州市's rows into a 绍兴市 report; when 绍兴市's own rows cannot be read,
    no 绍兴市 report is made from its county's rows alone (it would say its own values are missing)."""
    rows = ("地区,年度,指标,数值\n嵊州市,2025,certified_carers,900\n嵊州市,2025,elderly_population,30万人\n"
            "杭州市,2025,certified_carers,5310\n绍兴市,{period},{indicator},5000\n")
    for period, indicator, shaoxing in (("2025", "certified_carers", 1), ("2025", "持证护理人数", 0), ("今年", "certified_carers", 0)):
        table = tmp_path / "shaoxing.csv"
        table.write_text(rows.format(period=period, indicator=indicator), encoding="utf-8")
        code, out, _ = run(capsys, "check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
        places = [r["report"]["jurisdiction"] for r in json.loads(out)["reports"]]
        assert places.count("绍兴市") == shaoxing and "嵊州市" in places, (period, indicator)
        assert (code == 2) == (not shaoxing)


# ------------------------------------------------------------------- Excel as bureaus keep it, through the CLI


def test_a_bureau_workbook_is_checked_as_it_is_kept(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A cover sheet first, a title row, a Chinese header over an English one, the wide layout with a code column
    and units in brackets: read without options, as the YAML report with the same values."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active["A1"] = "2024年民政事业统计报表"
    data = wb.create_sheet("数据")
    data.append(["2024年养老服务主要指标"])
    data.append(["行政区划代码", "地区", "统计年度", "对照年度", "每万名老年人拥有持证护理员(人/万名老年人)", "老年人口数(万人)",
                 "救助资金(亿元)"])
    data.append(["code", "jurisdiction", "period", "target_year", "certified_carers_per_10k_elders", "elderly_population",
                 "assistance_funds"])
    data.append([330100, "杭州市", 2024, 2025, 27.61, 190.5, 0.29])
    wb.save(tmp_path / "bureau.xlsx")
    code, out, err = run(capsys, "check", str(tmp_path / "bureau.xlsx"), "--targets", str(FIXTURES), "--no-bundled",
                         "--format", "json")
    assert (code, err) == (1, "")
    (got,) = json.loads(out)["reports"]
    _, out, _ = run(capsys, "check", str(_yaml(tmp_path)), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
    (expected,) = json.loads(out)["reports"]
    assert [(r["rule_id"], r["status"], r["actual"]) for r in got["results"]] == \
        [(r["rule_id"], r["status"], r["actual"]) for r in expected["results"]]


def _yaml(tmp_path: Path) -> Path:
    path = tmp_path / "same.yaml"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("report.et", b"PK\x03\x04", "F801 mzcheck does not read WPS Spreadsheets (.et) files"),
    ("report.ods", b"PK\x03\x04", "F801 mzcheck does not read OpenDocument (.ods) files"),
    ("report.numbers", b"PK\x03\x04", "F801 mzcheck does not read Apple Numbers (.numbers) files"),
])
def test_other_spreadsheet_files_get_a_message_not_binary(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                                                          content: bytes, expected: str) -> None:
    (tmp_path / name).write_bytes(content)
    code, _, err = run(capsys, "check", str(tmp_path / name), "--targets", str(FIXTURES), "--no-bundled")
    assert code == 2 and f"{tmp_path / name}: {expected}" in err and "binary" not in err


def test_record_keeps_nothing_of_a_run_with_a_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                       good_and_bad: tuple[Path, Path]) -> None:
    good, bad = good_and_bad
    store = tmp_path / "history.sqlite3"
    code, out, err = run(capsys, "check", str(good), str(bad), "--targets", str(FIXTURES), "--no-bundled",
                         "--record", "--history-db", str(store), "--lang", "en")
    assert code == 2 and "杭州市" in out  # the good report is still checked
    assert "O801 nothing recorded: 1 input file(s) have errors" in err and "recorded 1" not in err
    code, out, _ = run(capsys, "history", "-j", "杭州市", "--targets", str(FIXTURES), "--no-bundled",
                       "--history-db", str(store), "--format", "json")
    assert code == 0 and json.loads(out)["series"] == []  # nothing there


# ------------------------------------------------------------------- reports decided side by side


def _province(tmp_path: Path) -> Path:
    """A table of many reports, some met, some not, one with a bad row (an input error the output carries)."""
    lines = ["地区,年度,指标,数值"]
    for year in range(1990, 2026):
        for place, carers in (("杭州市", 5310 + year), ("宁波市", 3000 + year), ("嵊州市", 900), ("慈溪市", 4000)):
            lines.append(f"{place},{year},certified_carers,{carers}")
            lines.append(f"{place},{year},elderly_population,{year % 50 + 10}万人")
    lines.append("宁波市,2025,certified_carers,1")  # given twice: R402 spoils 宁波市 2025
    table = tmp_path / "province.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return table


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
@pytest.mark.parametrize("jobs", [2, 3, 7])
def test_reports_decided_side_by_side_are_written_as_one_process_writes_them(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, jobs: int) -> None:
    from mzcheck.core import forks
    from mzcheck.read import stream
    from mzcheck.render import pieces

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(pieces, "APART_MIN_SECONDS", 0)  # however quickly the first reports were decided
    monkeypatch.setattr(pieces, "PROBE", 10)
    table = _province(tmp_path)
    args = ("check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", fmt)
    monkeypatch.setattr(forks, "JOBS", 1)
    alone = run(capsys, *args)
    started = _counted_forks(monkeypatch)
    monkeypatch.setattr(forks, "JOBS", jobs)
    apart = run(capsys, *args)
    assert apart == alone and alone[0] == 2
    assert len(started) == (jobs - 1 if fmt != "text" else 0)  # text has no piece: one process decides
    if fmt == "json":
        whole = json.loads(apart[1])
        assert [e["code"] for e in whole["errors"]] == ["R402"]
        assert whole["summary"]["reports"] == len(whole["reports"]) > 100


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_reports_decided_side_by_side_are_copied_into_an_output_file_as_one_process_writes_them(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    # a forked process's runs, joined, go into the file of --output by the kernel's copy (and to stdout through
    # a pipe: test_bad_inputs's commands): the file is one process's, byte for byte
    from mzcheck.core import forks
    from mzcheck.read import stream
    from mzcheck.render import pieces

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(pieces, "APART_MIN_SECONDS", 0)
    monkeypatch.setattr(pieces, "PROBE", 10)
    table = _province(tmp_path)
    outputs = []
    for jobs in (1, 2):
        monkeypatch.setattr(forks, "JOBS", jobs)
        out = tmp_path / f"out-{jobs}.{fmt}"
        assert run(capsys, "check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", fmt,
                   "-o", str(out))[0] == 2
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10_000


@pytest.mark.parametrize(("jobs", "after"), [(2, 0), (2, 3), (3, 0)])
def test_a_run_whose_process_fails_is_decided_here(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, jobs: int, after: int) -> None:
    # a forked process that fails at once, or after writing some of its reports (two processes claim runs from
    # both ends: the runs it claimed are decided here), leaves the output one process's
    import os
    import time

    from mzcheck import cli
    from mzcheck.core import forks
    from mzcheck.render import pieces

    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(pieces, "APART_MIN_SECONDS", 0)  # however quickly the first reports were decided
    monkeypatch.setattr(pieces, "PROBE", 10)
    table = _province(tmp_path)
    args = ("check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
    monkeypatch.setattr(forks, "JOBS", 1)
    alone = run(capsys, *args)
    here = os.getpid()
    real = cli._deciding
    failed = tmp_path / "failed"

    def deciding(*given: Any) -> Any:  # how every report is decided, whichever way it is written
        decide = real(*given)
        written = [0]

        def failing(report: Any) -> Any:
            if os.getpid() == here:
                time.sleep(0.002)  # this process slower: the forked one surely claims runs of its own first
            elif written[0] >= after:
                failed.touch()
                raise MemoryError("a forked process that fails")
            written[0] += 1
            return decide(report)

        return failing

    monkeypatch.setattr(cli, "_deciding", deciding)
    monkeypatch.setattr(forks, "JOBS", jobs)
    assert run(capsys, *args) == alone
    assert failed.exists()  # a forked process did fail


def test_reports_decided_apart_read_the_history_store_through_their_own_connection(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a store's connection (SQLite, PostgreSQL) is not to be used across a fork: each forked process opens its own
    from mzcheck.core import forks
    from mzcheck.history import store as stores
    from mzcheck.render import pieces

    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(pieces, "APART_MIN_SECONDS", 0)  # however quickly the first reports were decided
    monkeypatch.setattr(pieces, "PROBE", 10)
    table, store = _province(tmp_path), tmp_path / "history.sqlite3"
    assert run(capsys, "check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--record",
               "--history-db", str(store))[0] == 2  # the bad row: nothing recorded, but the store is made
    args = ("check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", "json", "--history-db", str(store))
    monkeypatch.setattr(forks, "JOBS", 1)
    alone = run(capsys, *args)
    opened = tmp_path / "opened"
    real = stores.open_store

    def counted(*a: Any, **k: Any) -> Any:
        with opened.open("a") as f:  # a file: the forked processes' openings are seen here too
            f.write(f"{os.getpid()}\n")
        return real(*a, **k)

    monkeypatch.setattr(stores, "open_store", counted)
    monkeypatch.setattr(forks, "JOBS", 3)
    assert store.exists() and len(json.loads(alone[1])["reports"]) > 100  # the store opened, every report written
    assert run(capsys, *args) == alone
    pids = opened.read_text().split()
    assert pids[0] == str(os.getpid()) and len(pids) == 3 and len(set(pids)) == 3  # here, and once in each process


def _sampled_province(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, ...], tuple[int, str, str]]:
    """The province table's check as json, its reports split from the first on and a sample of 10 timed, and
    its output in one process."""
    from mzcheck.core import forks
    from mzcheck.render import pieces

    monkeypatch.setattr(pieces, "SPLIT_MIN_REPORTS", 0)
    monkeypatch.setattr(pieces, "PROBE", 10)
    table = _province(tmp_path)
    args = ("check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", "json")
    monkeypatch.setattr(forks, "JOBS", 1)
    return args, run(capsys, *args)


def test_reports_decided_quickly_are_not_shared(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # a sample of the reports is timed: when deciding them all would take less than APART_MIN_SECONDS here, no
    # process is forked (sharing costs the memory a forked process copies), and the output is the same
    from mzcheck.core import forks
    from mzcheck.render import pieces

    args, alone = _sampled_province(capsys, tmp_path, monkeypatch)
    monkeypatch.setattr(forks, "JOBS", 3)
    for seconds, forked in ((3600.0, 0), (0.0, 2)):
        with monkeypatch.context() as m:
            m.setattr(pieces, "APART_MIN_SECONDS", seconds)
            m.setattr(pieces, "APART_SMALL_SECONDS", seconds)
            started = _counted_forks(m)
            assert run(capsys, *args) == alone
        assert len(started) == forked, seconds


def _counted_forks(m: pytest.MonkeyPatch) -> list[int]:
    """``Forked.start`` counted within ``m``: the list grows by one for each process forked."""
    from mzcheck.core import forks

    started: list[int] = []
    real = forks.Forked.start

    def start(work: Any) -> Any:
        started.append(1)
        return real(work)

    m.setattr(forks.Forked, "start", start)
    return started


def test_a_process_that_holds_little_shares_shorter_work(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # work too short to share for a process holding much is shared by one holding little (a forked process copies
    # at most what this one holds); the output is the same either way
    from mzcheck.core import forks
    from mzcheck.render import pieces

    args, alone = _sampled_province(capsys, tmp_path, monkeypatch)
    monkeypatch.setattr(forks, "JOBS", 2)
    monkeypatch.setattr(pieces, "APART_MIN_SECONDS", 3600.0)
    monkeypatch.setattr(pieces, "APART_SMALL_SECONDS", 0.0)
    for held, forked in ((pieces.APART_SMALL_MB * 2.0, 0), (pieces.APART_SMALL_MB / 2, 1), (None, 0)):
        with monkeypatch.context() as m:
            m.setattr(pieces, "held_mb", lambda held=held: held)
            started = _counted_forks(m)
            assert run(capsys, *args) == alone
        assert len(started) == forked, held


def test_how_much_a_process_holds_is_read_and_short_work_is_shared_only_when_little() -> None:
    from mzcheck.render import pieces

    held = pieces.held_mb()
    assert held is not None and 1 < held < 64 * 1024  # this process's resident set, in MB
    ballast = bytearray(b"\x01") * (64 * 2**20)  # 64 MB more, each byte written: resident
    assert (pieces.held_mb() or 0) >= held + 60
    del ballast
    small, much = pieces.APART_SMALL_MB / 2, pieces.APART_SMALL_MB * 2
    assert pieces.worth_sharing(pieces.APART_SMALL_SECONDS, small)
    assert not pieces.worth_sharing(pieces.APART_SMALL_SECONDS, much)
    assert not pieces.worth_sharing(pieces.APART_SMALL_SECONDS, None)  # not known: taken as much
    assert not pieces.worth_sharing(pieces.APART_SMALL_SECONDS * 0.9, small)
    assert pieces.worth_sharing(pieces.APART_MIN_SECONDS, much) and pieces.worth_sharing(pieces.APART_MIN_SECONDS, None)


def test_each_report_is_decided_once_when_a_sample_was_timed_first(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the sample timed to choose whether to share the work keeps its results for their turn, here or in the forked
    # process that inherits them: no report is decided twice, and the output is one process's
    from mzcheck import cli
    from mzcheck.core import forks
    from mzcheck.render import pieces

    args, alone = _sampled_province(capsys, tmp_path, monkeypatch)
    count = tmp_path / "decided"
    real = cli._deciding

    def deciding(*given: Any) -> Any:  # how every report is decided, whichever way it is written
        decide = real(*given)

        def counted(report: Any) -> Any:
            with count.open("a") as f:  # a file: the forked processes' calls are counted too
                f.write(f"{os.getpid()}\n")
            return decide(report)

        return counted

    monkeypatch.setattr(cli, "_deciding", deciding)
    reports = len(json.loads(alone[1])["reports"])
    for seconds, processes in ((3600.0, 1), (0.0, 3)):  # the sample alone, then the sample and two forked processes
        count.write_text("")
        with monkeypatch.context() as m:
            m.setattr(forks, "JOBS", 3)
            m.setattr(pieces, "APART_MIN_SECONDS", seconds)
            m.setattr(pieces, "APART_SMALL_SECONDS", seconds)
            assert run(capsys, *args) == alone
        pids = count.read_text().split()
        assert len(pids) == reports and len(set(pids)) == processes, seconds


def test_two_processes_take_the_reports_from_both_ends_and_the_heavy_end_is_shared(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # reports are not equal work (a table's cities, whose each-county rules read all their counties' values, come
    # last): two processes claim short runs from both ends until they meet, so this process decides a first
    # stretch of the reports and the forked one the rest, each once, and the output is one process's
    from mzcheck import cli
    from mzcheck.core import forks
    from mzcheck.render import pieces

    args, alone = _sampled_province(capsys, tmp_path, monkeypatch)
    order = [(r["report"]["jurisdiction"], r["report"]["period"]) for r in json.loads(alone[1])["reports"]]
    count = tmp_path / "decided"
    real = cli._deciding
    heavy = set(order[-len(order) // 4:])  # the last quarter: eleven times the others' work

    def deciding(*given: Any) -> Any:  # how every report is decided, whichever way it is written
        decide = real(*given)

        def counted(report: Any) -> Any:
            key = (report.jurisdiction.name, report.period)
            with count.open("a") as f:  # a file: the forked process's calls are counted too
                f.write(f"{os.getpid()} {order.index(key)}\n")
            if key in heavy:
                for _ in range(10):
                    decide(report)
            return decide(report)

        return counted

    monkeypatch.setattr(cli, "_deciding", deciding)
    monkeypatch.setattr(pieces, "RUNS_EACH", 8)
    monkeypatch.setattr(pieces, "APART_MIN_SECONDS", 0.0)
    monkeypatch.setattr(forks, "JOBS", 2)
    count.write_text("")
    assert run(capsys, *args) == alone
    decided: dict[str, list[int]] = {}
    for line in count.read_text().split("\n")[:-1]:
        pid, at = line.split()
        decided.setdefault(pid, []).append(int(at))
    here = decided.pop(str(os.getpid()))
    (there,) = decided.values()
    n = len(order)
    sample = set(range(0, n, n // 10)[:11])  # decided here before the fork, kept for their turn wherever it is
    assert sorted(here + there) == list(range(n))  # each report once
    cut = min(there)  # a first stretch here, the rest there
    assert all(at < cut for at in here if at not in sample) and set(range(cut)) <= set(here)
    assert cut > n // 2  # the heavy last quarter is shared: here takes more than half of the reports


@pytest.mark.parametrize("to_file", [True, False])
def test_a_long_check_shows_the_reports_checked_unless_its_output_shares_the_terminal(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to_file: bool) -> None:
    # reading has its bar; deciding and writing a province's reports (most of a long run) has one too, on stderr,
    # erased at the end; not when the results go to the same terminal, whose lines a bar would break
    from mzcheck.core import progress
    from mzcheck.read import stream

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    table = _province(tmp_path)
    out = tmp_path / "out.json"
    args = ("check", str(table), "--targets", str(FIXTURES), "--no-bundled", "--format", "json",
            *(("--output", str(out)) if to_file else ()))
    quiet = run(capsys, *args)
    written = out.read_bytes() if to_file else None
    monkeypatch.setattr(progress, "wanted", lambda stream: True)  # stderr a terminal, not CI
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "terminal", lambda stream: not to_file)  # stdout the same terminal, or a file
    code, stdout, stderr = run(capsys, *args)
    assert (code, stdout) == quiet[:2] and (not to_file or out.read_bytes() == written)
    assert ("检查 / checking" in stderr) == to_file
    if to_file:
        reports = len(json.loads(written or b"")["reports"])
        assert f"{reports:,}/{reports:,} reports" in stderr or f"/{reports:,} reports" in stderr
        assert stderr.split("mzcheck:")[0].endswith("\r\x1b[K")  # erased before anything else is said


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", None])
def test_text_and_bytes_pieces_are_written_in_their_order_in_stdouts_encoding(
        monkeypatch: pytest.MonkeyPatch, encoding: str | None) -> None:
    # a report's text from a forked process comes as its UTF-8 bytes: written as they are into a UTF-8 stdout's
    # buffer (the text around them encoded into the same buffer, in order), decoded for any other stdout
    import io

    raw = io.BytesIO()
    out: Any = io.StringIO() if encoding is None else io.TextIOWrapper(raw, encoding=encoding, newline="\n")
    monkeypatch.setattr(sys, "stdout", out)
    from mzcheck import cli

    cli._emit(iter(["{\n  前", "中间 ✓".encode(), "后\n", "末".encode()]))
    written = out.getvalue() if encoding is None else raw.getvalue().decode(encoding)
    assert written == "{\n  前中间 ✓后\n末"
