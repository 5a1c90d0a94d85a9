"""``mzcheck diff OLD NEW``: text, Markdown and JSON / 规则集差异的输出.

Only formats what :func:`mzcheck.load.diff.diff_rule_sets` found. The JSON object::

    {"old": [folders], "new": [folders],
     "summary": {"added", "removed", "changed", "unchanged", "stricter"},
     "added": [rule], "removed": [rule],
     "changed": [{"old_id", "new_id", "matched_by", "stricter", "old": rule, "new": rule,
                  "changes": [{"field", "old", "new", "direction", "size", "unit", "message"}]}]}

where ``rule`` is the object of ``mzcheck targets --format json`` plus ``"stricter"`` for an added rule
(binding), and ``size`` the exact change of the target in the old rule's unit (null for other fields).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mzcheck.core.codes import diff as D
from mzcheck.core.numbers import to_decimal
from mzcheck.load.diff import MATCHED, Change, RuleChange, RuleSetDiff, describe
from mzcheck.render.json import dumps
from mzcheck.render.rules import rule_object

FORMATS = ("text", "markdown", "json")


def render_diff(diff: RuleSetDiff, fmt: str, lang: str, old: Sequence[str] = (), new: Sequence[str] = ()) -> str:
    if fmt == "json":
        return dumps(diff_object(diff, old, new)) + "\n"
    if fmt == "markdown":
        return _markdown(diff, lang)
    return _text(diff, lang)


def _tag(c: Change, lang: str) -> str:
    if c.direction == "other":
        return ""
    word = (D.STRICTER if c.direction == "stricter" else D.LOOSER)().text(lang)
    return f"[{word}]"


def _changed_head(c: RuleChange, lang: str) -> str:
    name = c.new.indicator.model.name
    zh, en = MATCHED[c.matched_by]
    same = c.old.id == c.new.id
    return D.CHANGED(place=c.new.jurisdiction.name, name_zh=name.zh, name_en=name.en, old_id=c.old.id,
                     arrow="" if same else " → ", new_id="" if same else c.new.id, matched_zh=zh,
                     matched_en=en).text(lang)


def _text(diff: RuleSetDiff, lang: str) -> str:
    lines: list[str] = []
    for r in diff.added:
        tag = f"  [{D.STRICTER().text(lang)}]" if r.rule.strength == "binding" else ""
        lines.append(f"+ {D.ADDED(**describe(r)).text(lang)}  [{r.id}]{tag}")
    for r in diff.removed:
        lines.append(f"- {D.REMOVED(**describe(r)).text(lang)}  [{r.id}]")
    for c in diff.changed:
        lines.append(f"~ {_changed_head(c, lang)}")
        for change in c.changes:
            tag = _tag(change, lang)
            lines.append(f"    {change.message.text(lang)}" + (f"  {tag}" if tag else ""))
    if lines:
        lines.append("")
    lines.append(diff.summary().text(lang))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _markdown(diff: RuleSetDiff, lang: str) -> str:
    zh = lang == "zh"
    lines = ["## " + ("规则集差异" if zh else "Rule set differences"), "", f"**{diff.summary().text(lang)}**", ""]
    head = ["变化", "规则", "内容", "收紧/放宽"] if zh else ["Change", "Rule", "What", "Stricter/looser"]
    rows: list[list[str]] = []
    for r in diff.added:
        rows.append(["+", f"`{r.id}`", D.ADDED(**describe(r)).text(lang),
                     D.STRICTER().text(lang) if r.rule.strength == "binding" else ""])
    for r in diff.removed:
        rows.append(["−", f"`{r.id}`", D.REMOVED(**describe(r)).text(lang), D.LOOSER().text(lang)])
    for c in diff.changed:
        ids = f"`{c.old.id}`" if c.old.id == c.new.id else f"`{c.old.id}` → `{c.new.id}`"
        for i, change in enumerate(c.changes):
            rows.append(["~" if i == 0 else "", ids if i == 0 else "", change.message.text(lang),
                         _tag(change, lang).strip("[]")])
    if rows:
        lines += ["| " + " | ".join(head) + " |", "|" + "|".join([" --- "] * len(head)) + "|"]
        lines += ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _change_object(c: Change) -> dict[str, Any]:
    return {"field": c.field, "old": c.old, "new": c.new, "direction": c.direction,
            "size": to_decimal(c.size) if c.size is not None else None, "unit": c.unit or None,
            "message": {"zh": c.message.zh, "en": c.message.en, "code": c.message.code}}


def diff_object(diff: RuleSetDiff, old: Sequence[str] = (), new: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON object of ``mzcheck diff --format json``."""
    return {
        "old": list(old), "new": list(new),
        "summary": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed),
                    "unchanged": diff.same, "stricter": diff.stricter},
        "added": [{**rule_object(r), "stricter": r.rule.strength == "binding"} for r in diff.added],
        "removed": [rule_object(r) for r in diff.removed],
        "changed": [{"old_id": c.old.id, "new_id": c.new.id, "matched_by": c.matched_by, "stricter": c.stricter,
                     "old": rule_object(c.old), "new": rule_object(c.new),
                     "changes": [_change_object(x) for x in c.changes]} for c in diff.changed],
    }
