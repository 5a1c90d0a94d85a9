"""A rule as the machine contract writes it / 规则的机器可读形式.

``mzcheck targets --format json``, ``mzcheck explain --format json`` and ``mzcheck extract --format json``
all write rules through :func:`rule_object`, so the shape is spelled once (docs/contract.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mzcheck.core.codes import waivers as W
from mzcheck.core.messages import Message
from mzcheck.core.numbers import to_decimal
from mzcheck.core.wording import target_text
from mzcheck.kinds import KINDS
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.render.json import dumps


def rule_object(rule: CompiledRule, superseded_by: str | None = None) -> dict[str, Any]:
    """``{"rule_id", "jurisdiction", "indicator", "comparator", "target": {"value", "unit"}, "due", "kind",
    "strength", "scope", "precision", "supersedes", "superseded_by", "source": {…}}``: ``jurisdiction`` the
    Chinese name, percent targets in percent, ``precision`` the decimal places the target is published at."""
    r = rule.rule
    t = rule.threshold.value
    value = [to_decimal(t[0]), to_decimal(t[1])] if isinstance(t, tuple) else to_decimal(t)
    return {
        "rule_id": r.id, "jurisdiction": rule.jurisdiction.name, "indicator": r.indicator,
        "comparator": r.comparator, "target": {"value": value, "unit": rule.target_unit.label},
        "due": r.due, "kind": r.kind, "strength": r.strength, "scope": r.scope, "precision": r.places,
        "supersedes": r.supersedes, "superseded_by": superseded_by,
        "source": {"document": r.source.document, "quote": r.source.quote, "publisher": r.source.publisher,
                   "published": r.source.published, "file": r.source.file},
    }


def indicator_object(ind: CompiledIndicator) -> dict[str, Any]:
    """``mzcheck indicators --format json``: ``{"id", "name", "unit", "numerator", "denominator", "scale", "aliases"}``."""
    m = ind.model
    return {"id": m.id, "name": {"zh": m.name.zh, "en": m.name.en}, "unit": m.unit, "numerator": m.numerator,
            "denominator": m.denominator, "scale": m.scale, "aliases": m.aliases}


def targets_text(selected: Sequence[CompiledRule], fmt: str, lang: str,
                 superseded_by: Mapping[str, str] | None = None) -> str:
    """``mzcheck targets``: one line per rule, or the JSON list of the contract; a superseded rule says by which."""
    replaced = superseded_by or {}
    if fmt == "json":
        return dumps([rule_object(r, replaced.get(r.id)) for r in selected]) + "\n"
    zh = lang == "zh"
    lines = []
    by_id = {r.id: r for r in selected}
    for r in selected:
        t = target_text(r.threshold, r.target_unit.text)
        name = r.indicator.model.name
        strength = ("(力争)" if zh else " (aspirational)") if r.rule.strength == "aspirational" else ""
        line = (f"{r.jurisdiction.name}  {r.rule.due}  {name.zh if zh else name.en} "
                f"{t.zh if zh else t.en}{strength}  [{r.id}]")
        if r.id in replaced:
            line += "  " + _superseded(replaced[r.id], by_id.get(replaced[r.id])).text(lang)
        lines.append(line)
    lines.append(f"共 {len(selected)} 条规则" if zh else f"{len(selected)} rules")
    return "\n".join(lines) + "\n"


def _superseded(by: str, newer: CompiledRule | None) -> Message:
    source = newer.rule.source if newer is not None else None
    return W.SUPERSEDED_BY(by=by, document=source.document if source else "", published=source.published if source else "")


def _supersedes(rule: CompiledRule) -> Message:
    r = rule.rule
    return W.SUPERSEDES(id=r.supersedes, document=r.source.document, published=r.source.published)


def indicators_text(rules: RuleSet, fmt: str, lang: str) -> str:
    """``mzcheck indicators``: the catalog, one line per indicator, or as JSON."""
    if fmt == "json":
        return dumps([indicator_object(ind) for ind in rules.indicators.values()]) + "\n"
    lines = []
    for ind in rules.indicators.values():
        m = ind.model
        formula = f" = {m.numerator} / {m.denominator} × {m.scale}" if m.derived else ""
        lines.append(f"{m.id}  {m.name.zh if lang == 'zh' else m.name.en}  [{m.unit}]{formula}")
    return "\n".join(lines) + "\n"


def explain_text(rules: RuleSet, rule: CompiledRule, fmt: str, lang: str) -> str:
    """``mzcheck explain RULE_ID``: the rule, its indicator's definition, its source and quote."""
    r, m = rule.rule, rule.indicator.model
    chain = rules.chain(rule.id)
    if fmt == "json":
        obj = rule_object(rule, rules.superseded_by.get(rule.id))
        obj["chain"] = chain
        obj["indicator_definition"] = {k: v for k, v in indicator_object(rule.indicator).items() if k != "aliases"}
        obj["note"] = r.note
        return dumps(obj) + "\n"
    zh = lang == "zh"
    kind = KINDS[r.kind]
    t = kind.phrase(rule, target_text(rule.threshold, rule.target_unit.text), rules.indicators)
    lines = [
        f"{r.id}",
        f"  {'指标' if zh else 'indicator'}: {m.id}  {m.name.zh} / {m.name.en}  [{m.unit}]",
    ]
    if m.derived:
        lines.append(f"  {'计算' if zh else 'formula'}: {m.numerator} / {m.denominator} × {m.scale}")
    lines += [
        f"  {'地区' if zh else 'jurisdiction'}: {rule.jurisdiction.name} ({rule.jurisdiction.code})"
        + (f"  {'适用于每个下级单位' if zh else 'applies to each child unit'}" if r.scope == "each_child" else ""),
        f"  {'目标' if zh else 'target'}: {t.zh if zh else t.en}",
        f"  {'类型' if zh else 'kind'}: {r.kind}" + (f"({kind.title.zh})" if zh else "")
        + f"   {'约束' if zh else 'strength'}: {r.strength}   {'截止' if zh else 'due'}: {r.due}",
    ]
    if r.reference:
        lines.append(f"  {'参照' if zh else 'reference'}: {r.reference.indicator} (offset {r.reference.offset})")
    lines += [
        f"  {'出处' if zh else 'source'}: {r.source.document} ({r.source.publisher}, {r.source.published})"
        + (f" [{r.source.file}]" if r.source.file else ""),
        f"  {'原文' if zh else 'quote'}: “{r.source.quote}”",
        f"  {'定义于' if zh else 'defined in'}: {rule.file}:{rule.line}",
    ]
    if r.note:
        lines.append(f"  {'说明' if zh else 'note'}: {r.note}")
    if len(chain) > 1:  # the revisions, oldest first: each line what replaced what, from which document
        lines.append(f"  {'修订' if zh else 'revisions'}: {' → '.join(chain)}")
        for rid in chain:
            revision = rules.rule(rid)
            if revision is None:
                continue
            said = [_supersedes(revision)] if revision.rule.supersedes else []
            if rid in rules.superseded_by:
                said.append(_superseded(rules.superseded_by[rid], rules.rule(rules.superseded_by[rid])))
            for said_one in said:
                lines.append(f"    {rid}: {said_one.text(lang)}")
    return "\n".join(lines) + "\n"
