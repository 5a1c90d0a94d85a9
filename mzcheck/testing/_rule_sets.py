"""Small valid rule sets, built in memory / 生成小型有效规则集: :func:`rule_sets`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from mzcheck.load.ruleset import RuleSet
from mzcheck.testing._arguments import choices, int_argument
from mzcheck.testing._catalog import (
    ALL_IDS,
    CITIES,
    DOCUMENT,
    PLACES,
    QUOTES,
    RULE_PREFIXES,
    Place,
    indicator_entries,
    jurisdiction_entries,
)
from mzcheck.testing._kinds import KIND_TABLE, KINDS

COMPARATORS = (">=", "<=", ">", "<", "==")


def rule_sets(*, min_rules: int = 1, max_rules: int = 6, kinds: Iterable[str] = KINDS,
              comparators: Iterable[str] = COMPARATORS, years: Iterable[int] = (2025,)) -> st.SearchStrategy[RuleSet]:
    """Small valid rule sets: a catalog of a few indicators (with the components of derived ones), a
    province with some cities and counties, and ``min_rules`` to ``max_rules`` rules of ``kinds`` with
    ``comparators`` (``between`` for ranges), due in ``years``.

    生成小型有效规则集:若干指标、行政区划和规则,经 mzcheck.RuleSet.from_data 在内存中构建与校验。

    Each rule set is built with :meth:`mzcheck.RuleSet.from_data`, so it is valid by mzcheck's own
    checks. Examples shrink towards fewer rules, the first of ``comparators`` and ``years`` given, a due
    date at the end of the year, the lowest target a kind allows, the province with one city, and the
    kinds with the fewest parts (a level or a range rather than a growth rule).
    """
    lo = int_argument(min_rules, "min_rules", 1, 50)
    hi = int_argument(max_rules, "max_rules", 1, 50)
    if lo > hi:
        raise InvalidArgument(f"min_rules={min_rules} is above max_rules={max_rules}")
    chosen_kinds = choices(kinds, "kinds", KINDS)
    chosen_cmp = choices(comparators, "comparators", COMPARATORS)
    if isinstance(years, int) or not isinstance(years, Iterable):
        raise InvalidArgument(f"years must be a collection of ints, e.g. (2025,), not {years!r}")
    chosen_years = tuple(dict.fromkeys(int_argument(y, "each of years", 1951, 2099) for y in years))
    if not chosen_years:
        raise InvalidArgument("years must not be empty")

    @st.composite
    def draw_rule_set(draw: st.DrawFn) -> RuleSet:
        places = _draw_places(draw)
        prefix = draw(RULE_PREFIXES)
        rules = [_draw_rule(draw, f"{prefix}-{i + 1}", chosen_kinds, chosen_cmp, chosen_years, places)
                 for i in range(draw(st.integers(lo, hi)))]
        needed = {r["indicator"] for r in rules} | {r["reference"]["indicator"] for r in rules if "reference" in r}
        extra = draw(st.lists(st.sampled_from(ALL_IDS), max_size=3))
        return RuleSet.from_data({"document": DOCUMENT, "rules": rules},
                                 indicators=indicator_entries(needed | set(extra)),
                                 jurisdictions=jurisdiction_entries(places), name="<generated rule set>")

    return draw_rule_set()


def _draw_places(draw: st.DrawFn) -> list[Place]:
    """The province, some of its cities and some of their counties."""
    # one draw each for the cities and counties (as bit masks): cheaper than lists, and shrinks to fewer
    city_mask = draw(st.integers(1, 2 ** len(CITIES) - 1))
    cities = [c for i, c in enumerate(CITIES) if city_mask >> i & 1]
    codes = {c[0] for c in cities}
    candidates = [p for p in PLACES if p[3] in codes]
    county_mask = draw(st.integers(0, 2 ** len(candidates) - 1))
    return [PLACES[0], *cities, *(c for i, c in enumerate(candidates) if county_mask >> i & 1)]


def _draw_rule(draw: st.DrawFn, rule_id: str, kinds: tuple[str, ...], comparators: tuple[str, ...],
               years: tuple[int, ...], places: Sequence[Place]) -> dict[str, Any]:
    """One rule as a rule file holds it; the kind's entry in KIND_TABLE draws its target."""
    name = draw(st.sampled_from(kinds))
    kind = KIND_TABLE[name]
    year = draw(st.sampled_from(years))
    indicator = draw(st.sampled_from(kind.indicators))
    owners = [p for p in places if any(q[3] == p[0] for q in places)] if kind.by_parents else places
    place = draw(st.sampled_from(owners))
    rule: dict[str, Any] = {"id": rule_id, "kind": name, "indicator": indicator,
                            "jurisdiction": draw(st.sampled_from([place[1], place[0], place[2]])),
                            **kind.target(draw, indicator, year)}
    ranged = isinstance(rule["target"], dict) and isinstance(rule["target"]["value"], list)
    rule["comparator"] = "between" if ranged else draw(st.sampled_from(comparators))
    month = draw(st.sampled_from((12, 6)))
    rule["due"] = dt.date(year, month, 31 if month == 12 else 30).isoformat()
    rule["strength"] = draw(st.sampled_from(("binding", "aspirational")))
    rule["source"] = {"quote": draw(QUOTES)}
    return rule
