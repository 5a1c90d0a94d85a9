"""A validated rule set: indicators, jurisdictions and compiled rules / 规则集.

Built by :mod:`mzcheck.load` from rule folders (or from data in memory); read by every later stage.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from mzcheck.core.units import Unit
from mzcheck.model.rules import Document, Indicator, Jurisdiction, Rule


@dataclass(frozen=True)
class CompiledIndicator:
    model: Indicator
    unit: Unit

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def share(self) -> bool:
        """A part of a whole (护理型床位占比): adding to the numerator adds to the denominator too."""
        return self.model.derived and self.unit.dimensionless and self.unit.factor in (Fraction(1, 100),
                                                                                       Fraction(1, 1000), 1)


@dataclass(frozen=True)
class CompiledRule:
    """A validated rule with its parsed units and exact thresholds."""

    rule: Rule
    indicator: CompiledIndicator
    jurisdiction: Jurisdiction
    target_unit: Unit
    threshold: Fraction | tuple[Fraction, Fraction]  # in target_unit
    document: Document
    file: str
    line: int | None

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass
class RuleSet:
    """Indicators, jurisdictions and rules, validated together / 规则集."""

    indicators: dict[str, CompiledIndicator]
    jurisdictions: dict[str, Jurisdiction]
    rules: list[CompiledRule]
    root: Path | None = None
    _names: dict[str, str] = field(default_factory=dict)
    _places: dict[str, str] = field(default_factory=dict)
    # select() answers, by (jurisdiction, year, number of rules): a province's table asks once per report
    _selected: dict[tuple[object, ...], tuple[CompiledRule, ...]] = field(default_factory=dict, repr=False,
                                                                          compare=False)

    def __post_init__(self) -> None:
        for ind in self.indicators.values():
            for key in (ind.id, ind.model.name.zh, ind.model.name.en, *ind.model.aliases):
                self._names.setdefault(_key(key), ind.id)
        for j in self.jurisdictions.values():
            for key in (j.code, j.name, j.en, *j.aliases):
                self._places.setdefault(_key(key), j.code)

    def indicator_id(self, key: str) -> str | None:
        """The indicator id for an id, Chinese name or alias; None when unknown."""
        return self._names.get(_key(key))

    def suggest_indicator(self, key: str) -> list[str]:
        """Close spellings as written in the catalog (id, Chinese name, alias), one per indicator."""
        spellings: dict[str, str] = {}
        for ind in self.indicators.values():
            for text in (ind.id, ind.model.name.zh, *ind.model.aliases):
                spellings.setdefault(text, ind.id)
        out: list[str] = []
        seen: set[str] = set()
        for text in difflib.get_close_matches(key, list(spellings), n=8, cutoff=0.4):
            if spellings[text] not in seen:
                seen.add(spellings[text])
                out.append(text)
        return out[:3]

    def jurisdiction(self, key: str | int) -> Jurisdiction | None:
        code = self._places.get(_key(str(key)))
        return self.jurisdictions.get(code) if code else None

    def children(self, code: str) -> list[Jurisdiction]:
        return [j for j in self.jurisdictions.values() if j.parent == code]

    def rule(self, rule_id: str) -> CompiledRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def select(self, jurisdiction: str | None = None, year: int | None = None) -> list[CompiledRule]:
        """Rules set by ``jurisdiction`` (or, each_child, by its parent), due in ``year``."""
        key = (jurisdiction, year, id(self.rules), len(self.rules))
        found = self._selected.get(key)
        if found is None:
            found = self._selected[key] = tuple(self._select(jurisdiction, year))
        return list(found)

    def _due_in(self, year: int) -> list[CompiledRule]:
        """The rules due in ``year``, in rule order (an index built once per rule list)."""
        key = ("due", id(self.rules), len(self.rules))
        if key not in self._selected:
            self._selected.clear()  # the rules changed: every remembered answer is stale
            for r in self.rules:
                self._selected.setdefault(("due", r.rule.due.year, *key[1:]), ())
                self._selected[("due", r.rule.due.year, *key[1:])] += (r,)
            self._selected[key] = ()
        return list(self._selected.get(("due", year, *key[1:]), ()))

    def _select(self, jurisdiction: str | None, year: int | None) -> list[CompiledRule]:
        out = []
        j = self.jurisdiction(jurisdiction) if jurisdiction is not None else None
        for r in self.rules if year is None else self._due_in(year):
            if year is not None and r.rule.due.year != year:
                continue
            if j is not None:
                own = r.jurisdiction.code == j.code
                from_parent = r.rule.scope == "each_child" and r.jurisdiction.code == j.parent
                if not (own or from_parent):
                    continue
            out.append(r)
        return out


def _key(text: str) -> str:
    return "".join(text.split()).lower()
