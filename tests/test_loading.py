"""Loading rule files and reports: every problem with file:line and the field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mzcheck.core.errors import InputError, Problem
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.read.formats import loads_report

FIXTURES = Path(__file__).parent / "fixtures" / "targets"

HEADER = """\
document:
  title: 测试规划
  publisher: 测试民政局
  published: 2025-02-18
jurisdiction: 杭州市
rules:
"""


def load_rules(tmp_path: Path, body: str) -> RuleSet:
    folder = tmp_path / "targets"
    folder.mkdir(exist_ok=True)
    for name in ("indicators.yaml", "jurisdictions.yaml"):
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "2025.yaml").write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return load_targets(folder, bundled=False)


def problems(tmp_path: Path, body: str) -> list[str]:
    return [str(p) for p in located(tmp_path, body)]


def located(tmp_path: Path, body: str) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_rules(tmp_path, body)
    return info.value.problems


def where(p: Problem) -> tuple[int | None, str | None, str | None]:
    """A problem's line, message code and field: what a user's editor jumps to."""
    return (p.line, p.code, p.field)


GOOD_RULE = """\
  - id: r1
    indicator: certified_carers_per_10k_elders
    comparator: ">="
    target: {value: 28, unit: 人/万名老年人}
    due: 2025-12-31
    source: {quote: 达到28人}
"""


def test_good_rule_loads(tmp_path: Path) -> None:
    rules = load_rules(tmp_path, GOOD_RULE)
    rule = rules.rule("r1")
    assert rule is not None and [r.id for r in rules.select("杭州市", 2025)] == ["r1"]
    assert (rule.rule.comparator, rule.threshold.value, rule.target_unit.text) == (">=", 28, "人/万名老年人")
    assert (rule.indicator.id, rule.jurisdiction.name, rule.rule.source.quote) == (
        "certified_carers_per_10k_elders", "杭州市", "达到28人")
    assert (rule.file, rule.line) == (str(tmp_path / "targets" / "2025.yaml"), 7)


def test_unknown_unit_names_file_line_and_field(tmp_path: Path) -> None:
    found = located(tmp_path, GOOD_RULE.replace("人/万名老年人", "张/万名老鼠"))
    assert [where(p) for p in found] == [(10, "U106", "target.unit")]
    assert found[0].file == str(tmp_path / "targets" / "2025.yaml")
    assert str(found[0]).startswith(f"{found[0].file}:10: U106 target.unit: unknown unit '张/万名老鼠'")


def test_wrong_dimension_in_rule(tmp_path: Path) -> None:
    found = located(tmp_path, GOOD_RULE.replace("人/万名老年人", "张/万名老年人"))
    assert where(found[0]) == (10, "K205", "target.unit")
    assert "量纲不同" in str(found[0])


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    found = located(tmp_path, GOOD_RULE + "    colour: red\n")
    assert [where(p) for p in found] == [(13, "K101", "colour")]
    assert "unknown field 'colour'" in str(found[0])


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    body = GOOD_RULE.replace("r1", "r2").replace('">="', "about") + GOOD_RULE.replace(
        "certified_carers_per_10k_elders", "certified_carer_per_10k")
    found = located(tmp_path, body)
    assert [where(p) for p in found] == [(9, "K103", "comparator"), (14, "K203", "indicator")]
    assert "unknown indicator 'certified_carer_per_10k'" in str(found[1])
    assert "did you mean certified_carers_per_10k_elders" in str(found[1].help)


def test_duplicate_rule_ids(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD_RULE + GOOD_RULE)
    assert any("duplicate rule id 'r1'" in p for p in found)


def test_duplicate_yaml_keys_are_errors(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD_RULE + "    due: 2024-12-31\n")
    assert any("duplicate key 'due' (lines 11 and 13)" in p for p in found)


def test_comparator_words_follow_civil_code(tmp_path: Path) -> None:
    from mzcheck.model.rules import COMPARATOR_WORDS

    assert COMPARATOR_WORDS["以上"] == ">="  # includes the number
    assert COMPARATOR_WORDS["超过"] == ">"  # does not
    assert COMPARATOR_WORDS["不满"] == "<"
    assert COMPARATOR_WORDS["以下"] == "<="


def test_range_needs_between(tmp_path: Path) -> None:
    body = GOOD_RULE.replace("{value: 28, unit: 人/万名老年人}", "{value: [2, 3], unit: 人/万名老年人}")
    assert any("between" in p for p in problems(tmp_path, body))


def test_unknown_jurisdiction_in_rule(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD_RULE + "    jurisdiction: 火星市\n")
    assert any("unknown jurisdiction '火星市'" in p for p in found)


def test_report_unknown_indicator_suggests(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues:\n  certified_carer: 5\n", rules, "r.yaml")
    text = str(info.value)
    assert text.startswith("r.yaml:4: R401 certified_carer: unknown indicator 'certified_carer'")
    assert "did you mean" in text


def test_report_unknown_jurisdiction(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        loads_report("jurisdiction: 杭洲市\nperiod: 2025\nvalues: {}\n", rules, "r.yaml")
    assert "r.yaml:1: C201 jurisdiction: unknown jurisdiction '杭洲市'" in str(info.value)
    assert "杭州市" in str(info.value)


def test_report_by_code_and_alias(rules: RuleSet) -> None:
    for name in ("330100", "杭州", "杭州市", "Hangzhou"):
        report = loads_report(f"jurisdiction: '{name}'\nperiod: 2025\nvalues: {{}}\n", rules, "r.yaml")
        assert report.jurisdiction.code == "330100"


def test_report_period_must_be_a_year(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        loads_report("jurisdiction: 杭州市\nperiod: 二〇二五\nvalues: {}\n", rules, "r.yaml")
    assert "r.yaml:2: R302 period:" in str(info.value)


def test_yaml_object_tags_are_refused(rules: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        loads_report("jurisdiction: !!python/object/apply:os.system [echo hi]\nperiod: 2025\n", rules, "r.yaml")
    assert "not allowed" in str(info.value)


def test_bad_value_keeps_the_rest_usable(rules: RuleSet) -> None:
    report = loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues:\n  certified_carers: 七十\n"
                          "  elderly_population: 190万人\n", rules, "r.yaml")
    error = str(report.values["certified_carers"].error)
    assert "'七十'" in error and "r.yaml:4" in error
    population = report.values["elderly_population"].quantity
    assert population is not None and population.base == 1_900_000


def test_python_numbers_from_the_library_are_read_exactly(rules: RuleSet) -> None:
    from fractions import Fraction

    from mzcheck.read.fields import read_value

    for value in ({"value": 0.29, "unit": "亿元"}, {"value": Fraction(29, 100), "unit": "亿元"}, "0.29亿元"):
        assert read_value("assistance_funds", value, rules).quantity.base == 29000000  # type: ignore[union-attr]
    assert read_value("assistance_funds", float("nan"), rules).error is not None


def test_a_rule_set_from_data_in_memory_is_checked_like_files() -> None:
    data = {"document": {"title": "测试规划", "publisher": "测试民政局", "published": "2025-01-15"},
            "rules": [{"id": "r1", "indicator": "certified_carers_per_10k_elders", "jurisdiction": "杭州市",
                       "comparator": "不低于", "target": "28人/万名老年人", "due": "2025-12-31",
                       "source": {"quote": "达到28人"}}]}
    rules = RuleSet.from_data(data)
    assert [r.id for r in rules.rules] == ["r1"]
    assert rules.rules[0].threshold.value == 28 and rules.rules[0].rule.comparator == ">="
    bad = {**data, "rules": [{**data["rules"][0], "indicator": "carers"}]}
    with pytest.raises(InputError) as info:
        RuleSet.from_data(bad)
    assert [(p.file, p.code, p.field) for p in info.value.problems] == [("<data>", "K203", "indicator")]


_PLACES = [{"code": "330000", "name": "浙江省", "parent": None},
           {"code": "330100", "name": "杭州市", "aliases": ["杭州"], "parent": "330000"}]


@pytest.mark.parametrize(("jurisdictions", "code"), [
    ([*_PLACES, {"code": "330100", "name": "宁波市", "parent": "330000"}], "C601"),
    ([*_PLACES, {"code": "330200", "name": "宁波市", "aliases": ["杭州"], "parent": "330000"}], "C603"),
    ([{"code": "330100", "name": "杭州市", "parent": "330200"}, {"code": "330200", "name": "宁波市", "parent": "330100"}],
     "C604"),
    ([{"code": "330100", "name": "杭州市", "parent": "330100"}], "C605"),
])
def test_loading_refuses_divisions_that_contradict_each_other(jurisdictions: list[dict[str, object]], code: str) -> None:
    with pytest.raises(InputError) as caught:
        RuleSet.from_data([], jurisdictions=jurisdictions)
    assert [p.code for p in caught.value.problems] == [code]
    first = caught.value.problems[0]
    assert first.file == "<data>:jurisdictions" and first.field in ("code", "aliases", "parent")
    assert "None" not in str(first)


def test_loading_refuses_a_name_of_two_indicators_and_a_ratio_of_itself() -> None:
    base = [{"id": "beds", "name": {"zh": "床位数", "en": "beds"}, "unit": "张"},
            {"id": "places", "name": {"zh": "床位数", "en": "places"}, "aliases": ["beds"], "unit": "张"},
            {"id": "loop", "name": {"zh": "自比", "en": "loop"}, "unit": "%", "numerator": "loop", "denominator": "beds",
             "scale": 100}]
    with pytest.raises(InputError) as caught:
        RuleSet.from_data([], indicators=base, jurisdictions=_PLACES)
    assert sorted(p.code or "" for p in caught.value.problems) == ["C602", "C602", "C606"]


def test_select_answers_as_the_rules_filtered_in_order_for_every_place_and_year() -> None:
    """``RuleSet.select``'s indexes (by year, by place) give what filtering the rule list gives, in the rules'
    order: a place's own rules and its parent's rules for each child, due in the year; every rule without a year;
    and the answers change with the rule list."""
    rules = load_targets()
    years = sorted({r.rule.due.year for r in rules.rules})
    places = sorted({r.jurisdiction.code for r in rules.rules}) + [
        j.code for p in {r.jurisdiction.code for r in rules.rules if r.rule.scope == "each_child"}
        for j in rules.children(p)]
    assert len(years) > 3 and len(places) > 10
    for code in places:
        place = rules.jurisdiction(code)
        assert place is not None
        for year in [*years, years[-1] + 1]:
            expected = [r.id for r in rules.rules if r.rule.due.year == year and (
                r.jurisdiction.code == code or (r.rule.scope == "each_child" and r.jurisdiction.code == place.parent))
                and r.id not in rules.superseded_by]
            assert [r.id for r in rules.select(code, year)] == expected, (code, year)
        assert [r.id for r in rules.select(code)] == [
            r.id for r in rules.rules if (r.jurisdiction.code == code or (
                r.rule.scope == "each_child" and r.jurisdiction.code == place.parent)) and r.id not in rules.superseded_by]
    kept = rules.rules[0]
    rules.rules = [r for r in rules.rules if r.rule.due.year != kept.rule.due.year]  # another rule list
    assert rules.select(kept.jurisdiction.code, kept.rule.due.year) == []
