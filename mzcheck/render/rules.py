"""A rule as the machine contract writes it / 规则的机器可读形式.

``mzcheck targets --format json``, ``mzcheck explain --format json`` and ``mzcheck extract --format json``
all write rules through :func:`rule_object`, so the shape is spelled once (docs/contract.md).
"""

from __future__ import annotations

from typing import Any

from mzcheck.core.numbers import to_decimal
from mzcheck.model.compiled import CompiledRule


def rule_object(rule: CompiledRule) -> dict[str, Any]:
    """``{"rule_id", "jurisdiction", "indicator", "comparator", "target": {"value", "unit"}, "due", "kind",
    "strength", "scope", "source": {…}}``: ``jurisdiction`` the Chinese name, percent targets in percent."""
    r = rule.rule
    t = rule.threshold.value
    value = [to_decimal(t[0]), to_decimal(t[1])] if isinstance(t, tuple) else to_decimal(t)
    return {
        "rule_id": r.id, "jurisdiction": rule.jurisdiction.name, "indicator": r.indicator,
        "comparator": r.comparator, "target": {"value": value, "unit": rule.target_unit.label},
        "due": r.due, "kind": r.kind, "strength": r.strength, "scope": r.scope,
        "source": {"document": r.source.document, "quote": r.source.quote, "publisher": r.source.publisher,
                   "published": r.source.published, "file": r.source.file},
    }
