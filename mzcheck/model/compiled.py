"""Rules and indicators as loading leaves them: parsed units, exact thresholds / 已编译的规则与指标."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mzcheck.core.compare import Threshold
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
        """A part of a whole (护理型床位占比, in % or ‰): at most 100%, and adding to the numerator adds to the
        denominator too. A ratio of different things (家/社区, 人/万名老年人) is not a share, even where their
        dimensions cancel (docs/design/0018-ratio-indicators-and-catalog-checks.md)."""
        return self.model.derived and self.unit.proportion


@dataclass(frozen=True)
class CompiledRule:
    """A validated rule with its parsed units and exact thresholds."""

    rule: Rule
    indicator: CompiledIndicator
    jurisdiction: Jurisdiction
    target_unit: Unit
    threshold: Threshold  # in target_unit
    document: Document
    file: str
    line: int | None
    # what later stages derive from the rule alone, computed once (docs/design/0023-performance.md): the
    # engine keeps its target texts, amounts and names here, keyed by the catalog they were worded with
    derived: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.rule.id
