"""Rule kinds and what they measure / 规则类型及其度量.

:data:`KINDS` maps each ``kind`` a rule may have to the object that knows how to load, measure, explain,
judge progress on and template a rule of that kind (:class:`mzcheck.kinds.base.Kind`).
"""

from __future__ import annotations

from mzcheck.kinds.base import Kind, Measured, Need
from mzcheck.kinds.growth import Growth
from mzcheck.kinds.increment import Increment
from mzcheck.kinds.level import Each, Level, Range
from mzcheck.kinds.maintain import Maintain
from mzcheck.kinds.relative import Relative

__all__ = ["KINDS", "Kind", "Measured", "Need", "kind_of"]

KINDS: dict[str, Kind] = {k.name: k for k in (Level(), Range(), Each(), Increment(), Maintain(), Growth(), Relative())}


def kind_of(name: str) -> Kind:
    """The kind of a rule (its ``kind`` field, which the rule model has already checked)."""
    return KINDS[name]
