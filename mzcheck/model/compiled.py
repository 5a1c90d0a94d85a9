"""Rules and indicators as loading leaves them: parsed units, exact thresholds / 已编译的规则与指标."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
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
