"""The bundled rule set (targets/) and the real example reports (examples/)."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from mzcheck.cli import main
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.lint import lint
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult, Result
from mzcheck.read.formats import load_report
from mzcheck.render.targets_doc import render_markdown

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def bundled() -> RuleSet:
    return load_targets()


def check(bundled: RuleSet, name: str) -> CheckResult:
    (report,) = load_report(ROOT / "examples" / name, bundled)
    return evaluate(bundled, report)


def result(check: CheckResult, rule_id: str) -> Result:
    return next(r for r in check.results if r.rule_id == rule_id)


def test_every_document_is_encoded(bundled: RuleSet) -> None:
    per_file = Counter(r.rule.source.file for r in bundled.rules)
    assert set(per_file) == {"000_1fe6527638b85bbd.txt", "001_7aea48d1b3491a1a.txt", "002_75afb9ca835ae509.txt",
                             "003_bd77b3cad4441a08.txt", "004_0e19f38873c10aeb.txt"}
    assert all(n >= 10 for n in per_file.values())


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not beside this checkout")
def test_every_quote_is_verbatim_and_nothing_contradicts(bundled: RuleSet) -> None:
    assert [f.text("en") for f in lint(bundled, SEEDS)] == []


def test_shared_indicator_across_bureaus(bundled: RuleSet) -> None:
    # Hangzhou's and Jinhua's "20 dementia-care beds per 10,000 elders" are one indicator.
    users = {r.jurisdiction.name for r in bundled.rules if r.rule.indicator == "dementia_beds_per_10k_elders"}
    assert {"杭州市", "金华市"} <= users
    ind = bundled.indicators["dementia_beds_per_10k_elders"].model
    assert (ind.numerator, ind.denominator, ind.scale) == ("dementia_care_beds", "elderly_population", 10000)


def test_card_targets_are_encoded_exactly(bundled: RuleSet) -> None:
    carers = bundled.rule("hangzhou-2025-certified-carers-per-10k")
    assert carers is not None
    assert (carers.rule.comparator, carers.threshold.value, carers.rule.due.isoformat()) == (">=", 28, "2025-12-31")
    assert carers.rule.source.quote == "到2025年底,全市每万名老年人拥有持证护理员达到28人"
    nursing = bundled.rule("cixi-2025-nursing-bed-share")
    assert nursing is not None and nursing.threshold.value == 80 and nursing.target_unit.label == "percent"


def test_jurisdiction_tree(bundled: RuleSet) -> None:
    declared = bundled.jurisdictions.declared.values()
    parent = {j.name: bundled.jurisdictions[j.parent].name if j.parent else None for j in declared}
    assert parent == {"浙江省": None, "杭州市": "浙江省", "宁波市": "浙江省", "鄞州区": "宁波市", "慈溪市": "宁波市",
                      "绍兴市": "浙江省", "嵊州市": "绍兴市", "金华市": "浙江省"}


def test_hangzhou_2024_against_2025(bundled: RuleSet) -> None:
    c = check(bundled, "hangzhou-2024.yaml")
    carers = result(c, "hangzhou-2025-certified-carers-per-10k")
    assert carers.status == "not_met"
    assert carers.gap is not None and carers.gap.value == Decimal("-0.39")
    dementia = result(c, "hangzhou-2025-dementia-beds-per-10k")
    assert dementia.status == "missing" and "超过19" in dementia.message.zh  # a bound cannot decide ≥ 20
    assert not c.summary.passed


def test_cixi_2024_against_2025(bundled: RuleSet) -> None:
    c = check(bundled, "cixi-2024.yaml")
    nursing = result(c, "cixi-2025-nursing-bed-share")
    assert nursing.status == "not_met"
    assert nursing.gap is not None and (nursing.gap.value, nursing.gap.unit) == (-2, "percent")
    assert "差2个百分点" in nursing.message.zh


def test_shengzhou_2023_against_2024(bundled: RuleSet) -> None:
    c = check(bundled, "shengzhou-2023.yaml")
    beds = result(c, "shengzhou-2024-new-dementia-care-beds")
    assert beds.status == "met" and beds.actual is not None and beds.actual.value == 155
    assert c.summary.not_met >= 1 and c.summary.met >= 5


def test_yinzhou_2021_against_2022(bundled: RuleSet) -> None:
    c = check(bundled, "yinzhou-2021.yaml")
    beds = result(c, "yinzhou-2022-family-care-beds")
    assert beds.status == "not_met"
    assert [(s.value, s.how) for s in beds.shortfall] == [(120, "add")]


@pytest.mark.parametrize("name", ["hangzhou-2024.yaml", "cixi-2024.yaml", "shengzhou-2023.yaml", "yinzhou-2021.yaml"])
def test_examples_run_from_the_cli(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code = main(["check", str(ROOT / "examples" / name), "--format", "json"])
    (data,) = json.loads(capsys.readouterr().out)["reports"]
    assert code == (0 if data["summary"]["passed"] else 1)
    assert data["summary"]["total"] == len(data["results"]) > 0


def test_targets_doc_is_up_to_date(bundled: RuleSet) -> None:
    committed = (ROOT / "docs" / "targets.md").read_text(encoding="utf-8")
    assert committed == render_markdown(bundled) + "\n", (
        "docs/targets.md is out of date: run `mzcheck targets --format markdown > docs/targets.md`")


_RATIOS = sorted(i.id for i in load_targets().indicators.values() if i.model.derived)


def _whole(value: Fraction) -> Fraction:
    assert value.denominator == 1, value  # a plausible report counts whole things
    return value


@pytest.mark.parametrize("ind_id", _RATIOS)
def test_a_plausible_value_meets_each_bundled_rule_of_every_ratio_indicator(bundled: RuleSet, ind_id: str) -> None:
    # A ratio of different things (家/社区: organisations per community) is not a share: 12 per community, or 1,200
    # organisations over 100 communities, is a plausible value, never "above 100%" (issue 14, root cause 4).
    ind = bundled.indicators[ind_id]
    assert ind.model.numerator is not None and ind.model.denominator is not None
    num, den = bundled.indicators[ind.model.numerator], bundled.indicators[ind.model.denominator]
    for rule in (r for r in bundled.rules if r.rule.indicator == ind_id):
        assert rule.rule.comparator in (">=", "<="), rule.id  # extend the value below for another comparator
        stated = rule.threshold.first
        target = stated * rule.target_unit.factor  # the ratio in base units
        # a whole number of things counted: 100 units of the denominator per unit of the target's scale
        den_base = 100 * max(Fraction(1), 1 / rule.target_unit.factor)
        num_base = target * den_base
        direct = {ind_id: f"{rule.rule.target.value}{rule.target_unit.text}"}
        parts = {num.id: str(_whole(num_base / num.unit.factor)) + num.unit.text,
                 den.id: str(_whole(den_base / den.unit.factor)) + den.unit.text}
        for values in (direct, parts):
            report = {"jurisdiction": rule.jurisdiction.code, "period": rule.rule.due.year, "values": values}
            (got,) = [r for r in evaluate(bundled, report).results if r.rule_id == rule.id]
            assert got.status == "met", (rule.id, values, got.message)


def test_the_example_plan_drafts_its_2026_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's extract example runs in a fresh clone: the plan text is in examples/."""
    assert main(["extract", str(ROOT / "examples" / "plan-xihu-2026.txt"), "--format", "json"]) == 0
    drafts = json.loads(capsys.readouterr().out)
    assert [(d["indicator"], d["comparator"], d["target"]["value"], d["kind"], d["strength"]) for d in drafts] == [
        ("certified_carers_per_10k_elders", ">=", 28, "level", "binding"),
        ("nursing_bed_share", ">=", 65, "level", "binding"),
        ("dementia_care_beds", ">=", 120, "increment", "binding"),
        ("draft_elderly_care_coverage", ">=", 100, "level", "aspirational"),  # a proposed indicator: 力争
        ("elderly_meal_service_points", ">=", 15, "increment", "binding"),
    ]
    assert {d["due"] for d in drafts} == {"2026-12-31"}  # the 2025 summary's actuals are not drafted


def test_the_docs_name_no_file_outside_the_repository() -> None:
    """README, docs and examples work in a user's clone: no path of a development machine, nothing beside it."""
    pages = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "examples").iterdir()]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for outside in ("/work/", "../shared", "shared/seeds", "DESIGN.md"):
            assert outside not in text, f"{page.relative_to(ROOT)} refers to {outside}"
