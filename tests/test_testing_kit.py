"""mzcheck.testing itself: its public names, argument checks at call time, what it generates, how it shrinks."""

from __future__ import annotations

import ast
import inspect
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import find, given
from hypothesis.errors import InvalidArgument

import mzcheck
import mzcheck.testing as kit
from mzcheck.testing import SpelledQuantity, quantities, reports, rule_sets

FIXTURES = Path(__file__).parent / "fixtures" / "targets"
RULES = mzcheck.load_targets(FIXTURES)


def test_all_is_exactly_the_public_names() -> None:
    tree = ast.parse(inspect.getsource(kit))
    defined = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    public = {name for name in defined if not name.startswith("_")}
    assert sorted(kit.__all__) == sorted(public)
    for name in kit.__all__:
        assert getattr(kit, name) is not None
        obj = getattr(kit, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def test_strategies_say_which_way_they_shrink() -> None:
    for strategy in (quantities, rule_sets, reports):
        assert "shrink" in (strategy.__doc__ or ""), strategy.__name__


# ----------------------------------------------------------------------------- argument checks


@pytest.mark.parametrize(("call", "message"), [
    (lambda: quantities("张/万名老鼠"), "is not a unit mzcheck reads"),
    (lambda: quantities(5), "must be unit text"),
    (lambda: quantities("人", min_value=10, max_value=1), "is above max_value"),
    (lambda: quantities("人", min_value="nan"), "not a finite number"),
    (lambda: quantities("人", places=-1), "places must be an int"),
    (lambda: quantities("人", min_value=Fraction(1, 3), max_value=Fraction(1, 3), places=0), "no value with 0 decimal"),
    (lambda: quantities("人", spellings=["percent"]), "can write a value in '人'"),
    (lambda: quantities("人", spellings=["roman"]), "unknown spelling"),
    (lambda: quantities("人", spellings="plain"), "not the string 'plain'"),
    (lambda: rule_sets(min_rules=0), "min_rules must be an int between 1 and 50"),
    (lambda: rule_sets(min_rules=5, max_rules=2), "is above max_rules"),
    (lambda: rule_sets(kinds=["level", "yearly"]), "kinds must be a non-empty collection"),
    (lambda: rule_sets(kinds=[]), "kinds must be a non-empty collection"),
    (lambda: rule_sets(comparators=["≈"]), "comparators must be"),
    (lambda: rule_sets(years=2025), "years must be a collection"),
    (lambda: rule_sets(years=[1900]), "each of years must be an int between 1951 and 2099"),
    (lambda: reports("targets/"), "rule_set must be a mzcheck.RuleSet"),
    (lambda: reports(RULES, "火星市"), "unknown jurisdiction '火星市'; the rule set has 浙江省、杭州市"),
    (lambda: reports(RULES, "杭州市", 2031), "no rule applies to 杭州市 in 2031; its rules are due in 2025"),
    (lambda: reports(RULES, near_threshold="yes"), "near_threshold must be True or False"),
    (lambda: reports(RULES, spellings=["plain", "roman"]), "spellings must be drawn from"),
])
def test_bad_arguments_are_refused_when_the_strategy_is_made(call: Any, message: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        call()  # no .example() or @given: the error comes at call time
    assert message in str(info.value)


# ----------------------------------------------------------------------------- quantities


@pytest.mark.parametrize("unit", ["人", "万人", "张", "元", "万元", "%", "‰", "人/万名老年人", "张/万名老年人", "元/月", "户"])
def test_every_spelling_reads_back_as_exactly_its_value(unit: str) -> None:
    @given(quantities(unit, min_value=0, max_value=10**7, places=3))
    def check(q: SpelledQuantity) -> None:
        default = mzcheck.parse_unit(unit)
        parsed = mzcheck.parse_quantity(q.text, default_unit=default)
        value = parsed.quantity.base if q.spelling != "decimal_share" else parsed.quantity.magnitude
        assert value == q.base, q
        assert q.base == q.value * default.factor
        if q.parts is not None:
            assert Fraction(*q.parts) == q.base

    check()


@pytest.mark.parametrize(("unit", "spelling", "text"), [
    ("人", "plain", "1905000人"), ("人", "spaced", "1905000 人"), ("人", "bare", "1905000"),
    ("人", "grouped", "1,905,000人"), ("人", "wan", "190.5万人"), ("人", "yi", "0.01905亿人"),
    ("人", "scientific", "1.905e+6人"), ("人", "full_width", "１９０５０００人"), ("%", "percent", "78%"),
    ("%", "permille", "780‰"), ("%", "fraction", "39/50"), ("%", "decimal_share", "0.78"),
])
def test_spellings_look_the_way_reports_write_them(unit: str, spelling: str, text: str) -> None:
    value = 1905000 if unit == "人" else 78
    q = find(quantities(unit, min_value=value, max_value=value, places=0, spellings=[spelling]), lambda q: True)
    assert (q.text, q.spelling) == (text, spelling)


def test_components_and_mapping_spellings() -> None:
    q = find(quantities("%", min_value=80, max_value=80, spellings=["components"]), lambda q: True)
    assert q.parts is not None and Fraction(*q.parts) == Fraction(4, 5) and q.parts[1] > 5
    q = find(quantities("%", min_value=80, max_value=80, spellings=["mapping"]), lambda q: True)
    assert q.report_value == {"value": "80", "unit": "%"}


def test_quantities_shrink_towards_the_low_end_and_the_plain_spelling() -> None:
    q = find(quantities("人", min_value=0, max_value=10**6, places=0), lambda q: q.value >= 1234)
    assert (q.value, q.spelling, q.text) == (1234, "plain", "1234人")


# ----------------------------------------------------------------------------- rule sets


@given(rule_sets(kinds=("range", "each", "growth"), comparators=("<",), years=(2024, 2026), min_rules=2, max_rules=3))
def test_rule_sets_keep_to_their_arguments(rs: mzcheck.RuleSet) -> None:
    assert 2 <= len(rs.rules) <= 3
    for r in rs.rules:
        assert r.rule.kind in ("range", "each", "growth")
        assert r.rule.comparator in ("<", "between")
        assert r.rule.due.year in (2024, 2026)
        assert r.indicator.id in rs.indicators and r.jurisdiction.code in rs.jurisdictions


# ----------------------------------------------------------------------------- reports


def test_reports_place_values_at_above_and_below_thresholds() -> None:
    for where in ("at", "above", "below", "inside"):
        case = find(reports(RULES), lambda c, where=where: where in c.positions.values())
        assert where in case.positions.values()


def test_reports_shrink_towards_one_rule_at_its_threshold() -> None:
    case = find(reports(RULES, "杭州市", 2025), lambda c: len(c.expected) >= 1)
    assert len(case.expected) == 1 and list(case.positions.values()) == ["at"]


def test_reports_can_be_limited_to_some_spellings() -> None:
    @given(reports(RULES, "慈溪市", spellings=["permille"]))
    def check(case: kit.ReportCase) -> None:
        for value in case.data["values"].values():
            # permille where it fits (the share), else the plain "number unit" — no other spelling
            assert isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?(‰|[^\d.,万亿eE\s/][^\d,\s]*)?", value), value
        got = mzcheck.evaluate(RULES, case.load(RULES))
        assert {r.rule_id: r.status for r in got.results if r.rule_id in case.expected} == case.expected

    check()


@given(reports(RULES))
def test_report_cases_name_their_jurisdiction_and_year(case: kit.ReportCase) -> None:
    report = case.load(RULES, "json")
    assert report.jurisdiction.name == case.jurisdiction and report.period == case.year
    assert set(case.expected) <= {r.id for r in RULES.select(report.jurisdiction.code, case.year)}
    assert set(case.expected) == set(case.positions)
    for where in case.positions.values():  # each-child rules list one position per child
        assert set(where.split(",")) <= {"at", "above", "below", "inside", "free"}
