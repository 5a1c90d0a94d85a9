"""Rule sets in layers: the bundled targets plus folders of one's own, from the command line, a
configuration file found upward, or MZCHECK_TARGETS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mzcheck.cli import main
from mzcheck.core.errors import InputError
from mzcheck.load.config import find_config
from mzcheck.load.rules import load_targets

COUNTY_RULES = """\
document: {title: 西湖区民政局2026年工作要点, publisher: 西湖区民政局, published: 2026-02-01}
jurisdiction: 杭州市西湖区
rules:
  - id: xihu-2026-meal-points
    indicator: elderly_meal_service_points
    comparator: 不少于
    target: 30个
    due: 2026-12-31
    source: {quote: 全年建成老年助餐点不少于30个}
"""


def county_folder(tmp_path: Path, name: str = "rules") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "xihu-2026.yaml").write_text(COUNTY_RULES, encoding="utf-8")
    return folder


def test_a_folder_of_rules_only_adds_to_the_bundled_targets(tmp_path: Path) -> None:
    bundled = load_targets()
    layered = load_targets(county_folder(tmp_path))
    assert len(layered.rules) == len(bundled.rules) + 1
    assert layered.rule("xihu-2026-meal-points") is not None and layered.rule("cixi-2025-nursing-bed-share")
    assert [r.id for r in load_targets(tmp_path / "rules", bundled=False).rules] == ["xihu-2026-meal-points"]


def test_a_rule_id_defined_in_two_layers_names_both_places(tmp_path: Path) -> None:
    a, b = county_folder(tmp_path, "a"), county_folder(tmp_path, "b")
    with pytest.raises(InputError) as info:
        load_targets(a, b)
    [p] = info.value.problems
    assert p.code == "K202" and str(b) in str(p) and f"{a / 'xihu-2026.yaml'}:4" in str(p)


def test_a_layer_may_add_indicators_and_divisions_but_not_redefine_them(tmp_path: Path) -> None:
    folder = county_folder(tmp_path)
    (folder / "indicators.yaml").write_text(
        "indicators:\n  - {id: smart_care_stations, name: {zh: 智慧康养站数, en: smart care stations}, unit: 个}\n",
        encoding="utf-8")
    (folder / "jurisdictions.yaml").write_text(
        "jurisdictions:\n  - {code: '330199', name: 新城区, parent: '330100'}\n", encoding="utf-8")
    rules = load_targets(folder)
    assert "smart_care_stations" in rules.indicators and rules.resolve("新城区").parent == "330100"
    (folder / "indicators.yaml").write_text(
        "indicators:\n  - {id: elderly_population, name: {zh: 老年人口, en: elders}, unit: 人}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_targets(folder)
    assert [p.code for p in info.value.problems] == ["C109"]


def test_the_configuration_is_found_upward_and_adds_layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    county_folder(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.mzcheck]\ntargets = ["rules"]\n', encoding="utf-8")
    deeper = tmp_path / "reports" / "2026"
    deeper.mkdir(parents=True)
    config = find_config(deeper, environ={})
    assert config.file == tmp_path / "pyproject.toml" and config.targets == [tmp_path / "rules"]
    report = deeper / "xihu.yaml"
    report.write_text("jurisdiction: 330106\nperiod: 2026\nvalues: {elderly_meal_service_points: 31}\n", encoding="utf-8")
    monkeypatch.chdir(deeper)
    monkeypatch.delenv("MZCHECK_TARGETS", raising=False)
    assert main(["check", "xihu.yaml", "--format", "json"]) == 0


def test_the_environment_adds_a_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = county_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MZCHECK_TARGETS", str(folder))
    assert main(["targets", "--jurisdiction", "330106", "--year", "2026", "--format", "json"]) == 0
    assert [r["rule_id"] for r in json.loads(capsys.readouterr().out)] == ["xihu-2026-meal-points"]


def test_a_bad_configuration_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mzcheck.toml").write_text("targets = 3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["targets"]) == 2
    assert "C303" in capsys.readouterr().err
    (tmp_path / "mzcheck.toml").write_text("colour = 'red'\n", encoding="utf-8")
    assert main(["targets"]) == 2
    assert "C302" in capsys.readouterr().err


def test_each_county_rule_of_the_bundled_parent_applies_to_a_layered_county(tmp_path: Path) -> None:
    """The county's own rules, with its parent city's rules for each county, from the bundled layer."""
    rules = load_targets(county_folder(tmp_path))
    own = {r.id for r in rules.select("330106", 2026)}
    assert "xihu-2026-meal-points" in own
    assert {r.id for r in rules.select("330106", 2025)} == {r.id for r in rules.rules if r.rule.scope == "each_child"
                                                             and r.jurisdiction.code == "330100" and r.rule.due.year == 2025}


XIHU_PLAN = """\
西湖区民政局2025年工作要点

一、2024年工作回顾
2024年全区新增老年助餐点12个,养老机构护理型床位占比达到58%。

二、2025年工作目标
到2025年底,全区养老机构护理型床位占比达到65%。全年新增老年助餐点15个。
"""


def test_a_county_plan_drafted_linted_and_checked_with_its_city_s_each_county_rule(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The plan-to-check path of docs/getting-started.md for 西湖区: a bare 西湖区 is ambiguous (杭州, 南昌), the
    parent-qualified name drafts a folder that lint accepts unchanged, and the check applies the drafted rules
    together with 杭州市's bundled each-county rule."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "xihu.txt").write_text(XIHU_PLAN, encoding="utf-8")
    rules = tmp_path / "rules"
    assert main(["extract", str(plans / "xihu.txt"), "-j", "西湖区", "-y", "2025", "-o", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "C202" in err and "330106" in err and "360103" in err and "杭州市西湖区" in err
    assert main(["extract", str(plans / "xihu.txt"), "-j", "杭州市西湖区", "-y", "2025", "-o", str(rules)]) == 0
    capsys.readouterr()
    assert "jurisdiction: 杭州市西湖区" in (rules / "rules" / "xihu.yaml").read_text(encoding="utf-8")
    assert main(["lint", str(rules), "--sources", str(plans)]) == 0
    assert capsys.readouterr().out.strip() == "全部 2 条规则通过校验"
    report = tmp_path / "r.yaml"
    report.write_text("jurisdiction: 330106\nperiod: 2025\nvalues:\n  nursing_bed_share: 63%\n"
                      "  centralized_care_institutions: 2\nadded:\n  elderly_meal_service_points: 15\n", encoding="utf-8")
    assert main(["check", str(report), "--targets", str(rules), "--format", "json"]) == 1  # 63% < 65%
    out = json.loads(capsys.readouterr().out)
    [check] = out.get("reports", [out])
    statuses = {r["rule_id"]: r["status"] for r in check["results"]}
    assert statuses == {"330106-2025-nursing-bed-share": "not_met", "330106-2025-elderly-meal-service-points": "met",
                        "hangzhou-2025-centralized-care-institutions-per-county": "met"}
