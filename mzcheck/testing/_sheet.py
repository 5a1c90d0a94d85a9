"""A report being filled in by :func:`mzcheck.testing.reports` / 正在生成的报表.

A :class:`Sheet` holds the report's sections (values, history, added, children) and hands each value
to one rule only: a rule *claims* the slots its verdict depends on (the indicator, its components, the
ratios built on it, in each section it reads), so no other rule writes or reuses them and the verdict
each rule must get stays its own. The kinds (``_kinds``) say which slots a rule needs and what to write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from mzcheck.core.units import Unit
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledRule
from mzcheck.testing._numbers import draw_number, rounded_text, terminates
from mzcheck.testing._quantities import spell

#: Where a value goes: ("values",), ("added",), ("history", year) or ("children", name).
Where = tuple[Any, ...]
#: One value of one indicator in one place of the report.
Slot = tuple[Any, ...]
#: A measure placed for a rule (in its target unit) and where it sits: at, above, below, inside or free.
Placed = tuple[Fraction, str]

_SPARE_CHILDREN = ("甲县", "乙县", "丙区", "丁区")  # child units for a jurisdiction the rule set gives none


class Sheet:
    """A report for one jurisdiction and year, filled rule by rule with values one rule each."""

    def __init__(self, draw: st.DrawFn, rule_set: RuleSet, code: str, year: int, near: bool,
                 spellings: tuple[str, ...] | None) -> None:
        self.draw, self.rs, self.year, self.near, self.spellings = draw, rule_set, year, near, spellings
        self.home = rule_set.jurisdictions[code]
        self.claimed: set[Slot] = set()
        self.values: dict[str, Any] = {}
        self.history: dict[int, dict[str, Any]] = {}
        self.added: dict[str, Any] = {}
        self.children: dict[str, dict[str, Any]] = {}
        # the indicators each value feeds: itself, its components if derived, the ratios built on it
        self.feeds: dict[str, set[str]] = {i: {i} for i in rule_set.indicators}
        for ind in rule_set.indicators.values():
            if ind.model.derived:
                parts = {str(ind.model.numerator), str(ind.model.denominator)}
                self.feeds[ind.id] |= parts
                for part in parts & set(self.feeds):
                    self.feeds[part].add(ind.id)
        kids = [j.name for j in rule_set.children(code)]
        self.child_names = kids or draw(st.lists(st.sampled_from(_SPARE_CHILDREN), min_size=1, max_size=3,
                                                 unique=True))

    # ------------------------------------------------------------------ slots

    def slots(self, where: Where, ind_id: str) -> set[Slot]:
        """The slots a value of ``ind_id`` at ``where`` depends on."""
        return {(*where, i) for i in self.feeds[ind_id]}

    def claim(self, *groups: set[Slot]) -> bool:
        """Take every slot of ``groups`` for one rule; False (taking none) when any is taken or shared."""
        wanted = set().union(*groups)
        if wanted & self.claimed or sum(len(g) for g in groups) != len(wanted):
            return False
        self.claimed |= wanted
        return True

    def _section(self, where: Where) -> dict[str, Any]:
        if where[0] == "values":
            return self.values
        if where[0] == "added":
            return self.added
        if where[0] == "history":
            return self.history.setdefault(where[1], {})
        return self.children.setdefault(where[1], {})

    def _key(self, ind_id: str) -> str:
        """The indicator's id, Chinese name or an alias — whichever the rule set reads back as the id."""
        m = self.rs.indicators[ind_id].model
        key: str = self.draw(st.sampled_from([ind_id, m.name.zh, *m.aliases]))
        return key if self.rs.indicator_id(key) == ind_id else ind_id

    # ------------------------------------------------------------------ writing values

    def write(self, where: Where, ind_id: str, base: Fraction, units: Sequence[Unit] = ()) -> None:
        """Write ``base`` (base units) for ``ind_id``: a derived one as ratio, components or both."""
        ind = self.rs.indicators[ind_id]
        if ind.model.derived and base >= 0 and self.draw(st.booleans()):
            self._write_components(self._section(where), ind_id, base)
            return
        self.write_plain(where, ind_id, base, units)

    def write_plain(self, where: Where, ind_id: str, base: Fraction, units: Sequence[Unit] = ()) -> None:
        """Write ``base`` for ``ind_id`` as one value, in its unit or one of ``units``."""
        unit = self.rs.indicators[ind_id].unit
        self._section(where)[self._key(ind_id)] = spell(self.draw, base, [unit, *units], unit,
                                                        self.spellings).report_value

    def _write_components(self, section: dict[str, Any], ind_id: str, base: Fraction) -> None:
        ind = self.rs.indicators[ind_id]
        k = self.draw(st.integers(1, 400))
        for part_id, count in ((str(ind.model.numerator), base.numerator * k),
                               (str(ind.model.denominator), base.denominator * k)):
            unit = self.rs.indicators[part_id].unit
            section[self._key(part_id)] = spell(self.draw, count * unit.factor, [unit], unit,
                                                self.spellings).report_value
        if self.draw(st.booleans()):  # the ratio too, rounded as reports round it
            shown = rounded_text(base / ind.unit.factor, self.draw(st.integers(1, 4)))
            section[self._key(ind_id)] = f"{shown}{ind.unit.text}"

    # ------------------------------------------------------------------ where a measure lands

    def measure(self, rule: CompiledRule, valid: Callable[[Fraction], bool]) -> Placed | None:
        """A measure (in the target unit) near the threshold, and its position; None when none is valid."""
        t = rule.threshold.value
        step = Fraction(1, 10 ** self.draw(st.integers(0, 3)))
        if isinstance(t, tuple):
            lo, hi = t
            options = [(lo, "at"), (hi, "at"), (lo - step, "below"), (hi + step, "above")]
            if hi > lo:
                options.append(((lo + hi) / 2, "inside"))
        else:
            options = [(t, "at"), (t + step, "above"), (t - step, "below")]
        if not self.near:
            span = max(abs(t[1] if isinstance(t, tuple) else t), Fraction(1)) * 3
            options.append((draw_number(self.draw, Fraction(0), span, 2), "free"))
            if self.draw(st.booleans()):
                options = options[-1:]
        options = [o for o in options if terminates(o[0]) and valid(o[0])]
        return self.draw(st.sampled_from(options)) if options else None

    def valid(self, ind_id: str) -> Callable[[Fraction], bool]:
        """Values a report can hold for ``ind_id``: not negative, a share at most 100%, and exactly writable."""
        ind = self.rs.indicators[ind_id]
        return lambda b: (b >= 0 and not (ind.share and b > 1)
                          and (not ind.unit.dims or terminates(b / ind.unit.factor)))

    def place_value(self, where: Where, rule: CompiledRule, also: Sequence[set[Slot]] = ()) -> Placed | None:
        """The value a rule measures directly, at ``where`` (claiming ``also`` too); None if it cannot."""
        ind_id, f = rule.indicator.id, rule.target_unit.factor
        if not self.claim(self.slots(where, ind_id), *also):
            return None
        placed = self.measure(rule, lambda m: self.valid(ind_id)(m * f))
        if placed is not None:
            self.write(where, ind_id, placed[0] * f, [rule.target_unit])
        return placed

    def place_children(self, rule: CompiledRule) -> list[Placed] | None:
        """A value for each child unit, for a rule that holds for each of them; None if any cannot be placed."""
        ind_id, f = rule.indicator.id, rule.target_unit.factor
        if not self.claim(*(self.slots(("children", c), ind_id) for c in self.child_names)):
            return None
        # every child unit is reported (one left out leaves the rule missing), all at one position
        placed = self.measure(rule, lambda m: self.valid(ind_id)(m * f))
        if placed is None:
            return None
        for child in self.child_names:
            self.write(("children", child), ind_id, placed[0] * f, [rule.target_unit])
        return [placed] * len(self.child_names)

    def add_noise(self) -> None:
        """A few values no placed rule depends on, so reports carry more than the rules need."""
        free = [i for i in self.rs.indicators if not self.slots(("values",), i) & self.claimed]
        for ind_id in self.draw(st.lists(st.sampled_from(free), max_size=3, unique=True)) if free else []:
            if not self.claim(self.slots(("values",), ind_id)):
                continue
            ind = self.rs.indicators[ind_id]
            value = draw_number(self.draw, Fraction(0), Fraction(1 if ind.share else 10**5), 2)
            self.write(("values",), ind_id, value if ind.share else value * ind.unit.factor)

    def data(self) -> dict[str, Any]:
        """The report as a mapping, naming the jurisdiction by its name, code or an alias."""
        names = [self.home.name, self.home.code, *self.home.aliases]
        data: dict[str, Any] = {
            "jurisdiction": self.draw(st.sampled_from([n for n in names if self.rs.jurisdiction(n) == self.home])),
            "period": self.year,
            "values": self.values,
        }
        if self.history:
            data["history"] = dict(sorted(self.history.items()))
        if self.added:
            data["added"] = self.added
        if self.children:
            data["children"] = self.children
        return data
