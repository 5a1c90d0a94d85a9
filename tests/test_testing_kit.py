"""mzcheck.testing itself: its public names, argument checks at call time, what it generates, how it shrinks."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, get_args, get_origin, get_type_hints

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import mzcheck
import mzcheck.testing as kit
from mzcheck.testing import ReportCase, SpelledQuantity, quantities, reports, rule_sets
from mzcheck.testing._kinds import KIND_TABLE

FIXTURES = Path(__file__).parent / "fixtures" / "targets"
RULES = mzcheck.load_targets(FIXTURES, bundled=False)
T = TypeVar("T")


def test_all_is_exactly_the_public_names() -> None:
    # as hypothesis checks its own strategies module: every public name of the package is exported, and only those
    public = {name for name in dir(kit) if not name.startswith("_")}
    assert sorted(kit.__all__) == sorted(public)
    for name in kit.__all__:
        obj = getattr(kit, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__module__.startswith("mzcheck.testing._"), name  # defined in the package, not borrowed
            assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def test_strategies_are_plain_functions_named_as_plural_nouns() -> None:
    strategies = [obj for obj in map(vars(kit).get, kit.__all__) if inspect.isfunction(obj)]
    assert {f.__name__ for f in strategies} == {"quantities", "rule_sets", "reports"}
    for strategy in strategies:
        assert strategy.__name__.endswith("s") and not strategy.__name__.startswith(("make_", "gen"))
        assert get_origin(get_type_hints(strategy)["return"]) is st.SearchStrategy, strategy.__name__


def test_every_rule_kind_mzcheck_knows_is_generated() -> None:
    # a kind added to the rule model without an entry in the kit's table fails here, not silently never tested
    assert set(kit.KINDS) == set(get_args(mzcheck.Rule.model_fields["kind"].annotation))
    assert tuple(KIND_TABLE) == kit.KINDS


# ----------------------------------------------------------------------------- argument checks


def untyped(value: object) -> Any:
    """``value`` as an untyped caller passes it, whatever the signature says."""
    return value


@pytest.mark.parametrize(("call", "message"), [
    (lambda: quantities("张/万名老鼠"), "is not a unit mzcheck reads"),
    (lambda: quantities(untyped(5)), "must be unit text"),
    (lambda: quantities("人", min_value=10, max_value=1), "is above max_value"),
    (lambda: quantities("人", min_value="nan"), "not a finite number"),
    (lambda: quantities("人", places=-1), "places must be an int"),
    (lambda: quantities("人", min_value=Fraction(1, 3), max_value=Fraction(1, 3), places=0), "no value with 0 decimal"),
    (lambda: quantities("人", spellings=["percent"]), "can write a value in '人'"),
    (lambda: quantities("人", spellings=["roman"]), "spellings has unknown ['roman']; choose from plain, spaced"),
    (lambda: quantities("人", spellings="plain"), "not the string 'plain'"),
    (lambda: quantities("人", max_value=999, spellings=["grouped"]), "cannot write values between 0 and 999"),
    (lambda: rule_sets(min_rules=0), "min_rules must be an int between 1 and 50"),
    (lambda: rule_sets(min_rules=5, max_rules=2), "is above max_rules"),
    (lambda: rule_sets(kinds=["level", "yearly"]), "kinds has unknown ['yearly']; choose from level, range"),
    (lambda: rule_sets(kinds=[]), "kinds must not be empty"),
    (lambda: rule_sets(kinds="level"), "kinds must be a collection of names such as ('level',)"),
    (lambda: rule_sets(comparators=["≈"]), "comparators has unknown ['≈']"),
    (lambda: rule_sets(years=untyped(2025)), "years must be a collection"),
    (lambda: rule_sets(years=[1900]), "each of years must be an int between 1951 and 2099"),
    (lambda: reports(untyped("targets/")), "rule_set must be a mzcheck.RuleSet"),
    (lambda: reports(RULES, "火星市"), "unknown jurisdiction '火星市'; the rule set has rules for 杭州市"),
    (lambda: reports(RULES, "杭州市", 2031), "no rule applies to 杭州市 in 2031; its rules are due in 2025"),
    (lambda: reports(RULES, near_threshold=untyped("yes")), "near_threshold must be True or False"),
    (lambda: reports(RULES, spellings=["plain", "roman"]), "spellings has unknown ['roman']"),
    (lambda: reports(RULES, 2025), "unknown jurisdiction 2025"),
    (lambda: reports(RULES, "杭州市", 1900), "year must be an int between 1949 and 2100"),
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
    assert (q.value, q.spelling, q.text) == (Fraction(1234), "plain", "1234人")


# ----------------------------------------------------------------------------- rule sets


@given(rule_sets(kinds=("range", "each", "growth"), comparators=("<",), years=(2024, 2026), min_rules=2, max_rules=3))
def test_rule_sets_keep_to_their_arguments(rs: mzcheck.RuleSet) -> None:
    assert 2 <= len(rs.rules) <= 3 and rs.root is None  # built in memory: no folder behind it
    for r in rs.rules:
        assert r.rule.kind in ("range", "each", "growth")
        assert r.rule.comparator in ("<", "between")
        assert r.rule.due.year in (2024, 2026)
        assert r.indicator.id in rs.indicators and r.jurisdiction.code in rs.jurisdictions
        assert r.file == "<generated rule set>"  # what a problem with a generated rule would name


def test_rule_sets_shrink_towards_few_rules_the_first_comparator_and_year_and_zero_targets() -> None:
    rs = find(rule_sets(kinds=("maintain", "level"), comparators=("<", ">="), years=(2026, 2025)),
              lambda rs: len(rs.rules) >= 2)
    assert [(r.rule.comparator, r.rule.due.isoformat(), r.threshold.value, r.jurisdiction.name) for r in rs.rules] == [
        ("<", "2026-12-31", Fraction(0), "浙江省")] * 2
    assert [j.name for j in rs.jurisdictions.values()] == ["浙江省", "杭州市"]


# ----------------------------------------------------------------------------- reports

# the verdict a position means, for each comparator: independent of mzcheck and of the generator's own verdicts
MEANS = {">=": {"at": "met", "above": "met", "below": "not_met"}, ">": {"at": "not_met", "above": "met", "below": "not_met"},
         "<=": {"at": "met", "above": "not_met", "below": "met"}, "<": {"at": "not_met", "above": "not_met", "below": "met"},
         "==": {"at": "met", "above": "not_met", "below": "not_met"},
         "between": {"at": "met", "inside": "met", "above": "not_met", "below": "not_met"}}


def meant(rs: mzcheck.RuleSet, case: ReportCase) -> None:
    """Every placed rule expects the verdict its position means (each child's, for a rule on each child)."""
    for rule_id, where in case.positions.items():
        rule = rs.rule(rule_id)
        assert rule is not None
        if "free" not in where:  # a value anywhere: only the exact comparison knows its verdict
            meant = {MEANS[rule.rule.comparator][w] for w in where.split(",")}
            assert case.expected[rule_id] == ("not_met" if "not_met" in meant else "met"), (rule_id, where)


def agree(rs: mzcheck.RuleSet, case: ReportCase) -> None:
    """mzcheck gives every placed rule the verdict the case expects, and the one its position means."""
    got = {r.rule_id: r.status for r in mzcheck.evaluate(rs, case.load(rs)).results}
    assert {rule_id: got[rule_id] for rule_id in case.expected} == case.expected, (case.positions, case.to_yaml())
    meant(rs, case)


class Pair(NamedTuple):
    """A generated rule set and a report case for it."""

    rules: mzcheck.RuleSet
    case: ReportCase

    def __repr__(self) -> str:  # a rule set's repr runs to tens of kB: the report and verdicts say enough
        return f"Pair(<{len(self.rules.rules)} rules>, {self.case!r})"


def pairs(*kinds: str) -> st.SearchStrategy[Pair]:
    return rule_sets(kinds=kinds or kit.KINDS).flatmap(lambda rs: reports(rs).map(lambda case: Pair(rs, case)))


@given(pairs())
def test_positions_mean_the_verdicts_the_cases_expect(pair: Pair) -> None:
    meant(*pair)  # that mzcheck agrees is tests/test_more_properties.py's first property


def first(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T:
    """The first example that satisfies ``condition``, not shrunk (find would spend seconds shrinking it)."""
    return find(strategy, condition, settings=settings(phases=[Phase.generate], database=None))


@pytest.mark.parametrize("verdict", ["met", "not_met"])
@pytest.mark.parametrize("kind", kit.KINDS)
def test_every_kind_gets_rules_placed_both_met_and_not_met(kind: str, verdict: str) -> None:
    # a kind whose values are never placed would leave every property above true and empty
    rs, case = first(pairs(kind), lambda p: verdict in p.case.expected.values())
    agree(rs, case)


@pytest.mark.parametrize("where", ["at", "above", "below", "inside"])
def test_reports_place_values_at_above_below_and_inside_thresholds(where: str) -> None:
    # 杭州市's rules include a range for each of its districts: "inside" comes up in about a quarter of its reports
    case = first(reports(RULES, "杭州市"), lambda c: any(where in p.split(",") for p in c.positions.values()))
    agree(RULES, case)


def test_reports_shrink_towards_one_rule_at_its_threshold() -> None:
    # the smallest report with a rule whose value goes under values: (an increment's goes under added:);
    # no example database, so that what an earlier run saved does not stand in for the shrinking
    case = find(reports(RULES, "杭州市", 2025), lambda c: len(c.expected) >= 1 and bool(c.data.get("values")),
                settings=settings(database=None))
    assert len(case.expected) == 1 and list(case.positions.values()) == ["at"]
    assert [re.fullmatch(r"\d+(\.\d+)?[^\d\s,.]+", v) is not None for v in case.data["values"].values()] == [True]
    (rule_id,) = case.expected
    result = next(r for r in mzcheck.evaluate(RULES, case.load(RULES)).results if r.rule_id == rule_id)
    assert result.status == "met" and result.gap is not None and result.gap.value == 0


def test_reports_can_be_limited_to_some_spellings() -> None:
    @given(reports(RULES, "慈溪市", spellings=["permille"]))
    def check(case: kit.ReportCase) -> None:
        for value in case.data["values"].values():
            # permille where it fits (the share), else the plain "number unit" — no other spelling
            assert isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?(‰|[^\d.,万亿eE\s/][^\d,\s]*)?", value), value
        agree(RULES, case)

    check()


@given(reports(RULES))
def test_report_cases_name_their_jurisdiction_and_year(case: kit.ReportCase) -> None:
    report = case.load(RULES, "json")
    assert report.jurisdiction.name == case.jurisdiction and report.period == case.year
    assert set(case.expected) <= {r.id for r in RULES.select(report.jurisdiction.code, case.year)}
    assert set(case.expected) == set(case.positions)
    for where in case.positions.values():  # each-child rules list one position per child
        assert set(where.split(",")) <= {"at", "above", "below", "inside", "free"}
