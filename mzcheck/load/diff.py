"""The differences between two rule sets / 两个规则集之间的差异 (``mzcheck diff``; stage: load).

The rules that apply in each set (a superseded rule does not) are matched: by id, then by ``supersedes``
(a revision in the new set matches the rule it replaces), then by indicator, jurisdiction and due date when
exactly one rule on each side has them. A matched pair is compared field by field; each change says whether
it makes the rule stricter, looser or neither (docs/revisions.md):

- target: at least (``>=``, ``>``) raised, at most (``<=``, ``<``) lowered, a range narrowed → stricter;
- comparator ``>=`` → ``>`` or ``<=`` → ``<`` (same bound) → stricter; due date earlier → stricter;
  aspirational → binding → stricter; self → each child unit → stricter;
- the reverse of each is looser; a change of kind, indicator, jurisdiction, id, source, start, baseline,
  reference, milestones or published precision, or between comparators of different directions, is neither.

A binding rule added, or a matched rule binding in the new set with a stricter change, counts as binding
and stricter: ``mzcheck diff`` exits 1, for CI on a rules repository. Target sizes are exact (Fractions),
in the old rule's unit (percentage points between percentages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from mzcheck.core import wording
from mzcheck.core.codes import diff as D
from mzcheck.core.messages import Message
from mzcheck.core.numbers import to_decimal
from mzcheck.kinds import KINDS
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledRule

Direction = Literal["stricter", "looser", "other"]
MatchedBy = Literal["id", "supersedes", "indicator_jurisdiction_due"]

# field → (zh, en) as the change lines name it
FIELDS: dict[str, tuple[str, str]] = {
    "id": ("编号", "id"), "indicator": ("指标", "indicator"), "jurisdiction": ("地区", "jurisdiction"),
    "target": ("目标", "target"), "comparator": ("比较符", "comparator"), "due": ("截止日期", "due date"),
    "strength": ("约束性", "strength"), "kind": ("类型", "kind"), "scope": ("适用范围", "scope"),
    "source": ("出处", "source"), "start": ("起算日期", "start"), "baseline": ("基数年度", "baseline year"),
    "reference": ("参照指标", "reference"), "milestones": ("阶段目标", "milestones"),
    "precision": ("公布精度(小数位)", "published precision (decimals)"),
}
MATCHED: dict[str, tuple[str, str]] = {"id": ("编号", "id"), "supersedes": ("取代关系", "supersedes"),
                                       "indicator_jurisdiction_due": ("指标+地区+截止日期",
                                                                      "indicator, jurisdiction and due date")}


@dataclass(frozen=True)
class Change:
    """One field that differs: its old and new values (JSON-ready), the direction and the sentence."""

    field: str
    old: Any
    new: Any
    direction: Direction
    message: Message
    size: Fraction | None = None  # target: new − old, in the old rule's unit
    unit: str = ""


@dataclass(frozen=True)
class RuleChange:
    """A rule matched in both sets that differs."""

    old: CompiledRule
    new: CompiledRule
    matched_by: MatchedBy
    changes: list[Change]

    @property
    def stricter(self) -> bool:
        """Binding in the new set, and stricter in some field."""
        return self.new.rule.strength == "binding" and any(c.direction == "stricter" for c in self.changes)


@dataclass
class RuleSetDiff:
    """What changed from ``old`` to ``new``."""

    added: list[CompiledRule] = field(default_factory=list)
    removed: list[CompiledRule] = field(default_factory=list)
    changed: list[RuleChange] = field(default_factory=list)
    same: int = 0

    @property
    def stricter(self) -> int:
        """How many binding rules got stricter: binding rules added, and changed ones stricter."""
        return sum(r.rule.strength == "binding" for r in self.added) + sum(c.stricter for c in self.changed)

    def summary(self) -> Message:
        return D.SUMMARY(added=len(self.added), removed=len(self.removed), changed=len(self.changed), same=self.same,
                         stricter=self.stricter)


def _applying(rules: RuleSet) -> list[CompiledRule]:
    return [r for r in rules.rules if r.id not in rules.superseded_by]


def diff_rule_sets(old: RuleSet, new: RuleSet) -> RuleSetDiff:
    """The rules added, removed and changed from ``old`` to ``new`` (the rules that apply in each)."""
    olds, news = _applying(old), _applying(new)
    old_by_id = {r.id: r for r in olds}
    pairs: list[tuple[CompiledRule, CompiledRule, MatchedBy]] = []
    left_new: list[CompiledRule] = []
    for n in news:
        o = old_by_id.pop(n.id, None)
        if o is not None:
            pairs.append((o, n, "id"))
        else:
            left_new.append(n)
    still: list[CompiledRule] = []
    for n in left_new:  # a revision matches the rule it replaces, through the new set's chain
        o = next((old_by_id.pop(rid) for rid in reversed(new.chain(n.id)[:-1]) if rid in old_by_id), None)
        if o is not None:
            pairs.append((o, n, "supersedes"))
        else:
            still.append(n)
    added: list[CompiledRule] = []
    by_key: dict[tuple[str, str, dt.date], list[CompiledRule]] = {}
    for o in old_by_id.values():
        by_key.setdefault(_key(o), []).append(o)
    new_keys: dict[tuple[str, str, dt.date], int] = {}
    for n in still:
        new_keys[_key(n)] = new_keys.get(_key(n), 0) + 1
    for n in still:
        candidates = by_key.get(_key(n), [])
        if len(candidates) == 1 and new_keys[_key(n)] == 1:
            o = candidates.pop()
            del old_by_id[o.id]
            pairs.append((o, n, "indicator_jurisdiction_due"))
        else:
            added.append(n)
    out = RuleSetDiff(added=added, removed=list(old_by_id.values()))
    for o, n, how in pairs:
        changes = compare_rules(o, n)
        if changes:
            out.changed.append(RuleChange(o, n, how, changes))
        else:
            out.same += 1
    return out


def _key(r: CompiledRule) -> tuple[str, str, dt.date]:
    return (r.indicator.id, r.jurisdiction.code, r.rule.due)


def _field(name: str, old: Any, new: Any, direction: Direction, shown: tuple[Message, Message] | None = None) -> Change:
    zh, en = FIELDS[name]
    a, b = shown or (_word(name, old), _word(name, new))
    return Change(name, old, new, direction, D.FIELD_CHANGED(field_zh=zh, field_en=en, old_zh=a.zh, old_en=a.en,
                                                             new_zh=b.zh, new_en=b.en))


_WORDS: dict[str, tuple[str, str]] = {"binding": ("约束性", "binding"), "aspirational": ("力争", "aspirational"),
                                      "self": ("本级", "itself"), "each_child": ("每个下级单位", "each child unit")}


def _word(name: str, value: Any) -> Message:
    """A field's value as each language says it: 约束性 / binding, 不低于 / at least, 增长 / growth."""
    text = str(value)
    if name == "comparator":
        return Message(zh=wording.COMPARATOR_ZH.get(text, text), en=wording.COMPARATOR_EN.get(text, text))
    if name == "kind" and text in KINDS:
        return Message(zh=f"{KINDS[text].title.zh}({text})", en=text)
    zh, en = _WORDS.get(text, (text, text))
    return Message(zh=zh, en=en)


_ORDER = {"aspirational": 0, "binding": 1, "self": 0, "each_child": 1}


def compare_rules(old: CompiledRule, new: CompiledRule) -> list[Change]:
    """The fields of ``new`` that differ from ``old``, each with its direction."""
    o, n = old.rule, new.rule
    out: list[Change] = []
    if o.id != n.id:
        out.append(_field("id", o.id, n.id, "other"))
    comparable = o.indicator == n.indicator and o.kind == n.kind
    if o.indicator != n.indicator:
        out.append(_field("indicator", o.indicator, n.indicator, "other"))
    if old.jurisdiction.code != new.jurisdiction.code:
        out.append(_field("jurisdiction", old.jurisdiction.name, new.jurisdiction.name, "other"))
    if o.kind != n.kind:
        out.append(_field("kind", o.kind, n.kind, "other"))
    if o.comparator != n.comparator:
        out.append(_field("comparator", o.comparator, n.comparator, _comparator_direction(o.comparator, n.comparator)))
    target = _target_change(old, new, comparable)
    if target is not None:
        out.append(target)
    if o.due != n.due:
        out.append(_field("due", o.due.isoformat(), n.due.isoformat(), "stricter" if n.due < o.due else "looser"))
    for name in ("strength", "scope"):
        a, b = getattr(o, name), getattr(n, name)
        if a != b:
            out.append(_field(name, a, b, "stricter" if _ORDER[b] > _ORDER[a] else "looser"))
    for name in ("start", "baseline", "reference", "milestones"):  # what the verdict is measured against
        a, b = _shown(getattr(o, name)), _shown(getattr(n, name))
        if a != b:
            out.append(_field(name, a, b, "other"))
    if o.places != n.places:
        out.append(_field("precision", o.places, n.places, "other"))
    if (o.source.document, o.source.quote) != (n.source.document, n.source.quote):
        out.append(_field("source", _source(o.source.document, o.source.quote),
                          _source(n.source.document, n.source.quote), "other"))
    return out


def _shown(value: Any) -> Any:
    """A field's value as JSON shows it: dates as ISO text, a reference or milestones as their YAML mapping."""
    if value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(f"{m.due.isoformat()} {m.target.value}{m.target.unit}" for m in value) or None
    return ", ".join(f"{k}: {v}" for k, v in value.model_dump(mode="json").items())


def _source(document: str | None, quote: str) -> str:
    return (f"《{document}》" if document else "") + f"“{quote}”"


def _comparator_direction(a: str, b: str) -> Direction:
    if (a, b) in ((">=", ">"), ("<=", "<")):
        return "stricter"
    if (a, b) in ((">", ">="), ("<", "<=")):
        return "looser"
    return "other"


def _target_change(old: CompiledRule, new: CompiledRule, comparable: bool) -> Change | None:
    """The target's change in the old rule's unit, or None when it is the same amount."""
    factor = new.target_unit.factor / old.target_unit.factor
    t_old, t_new = old.threshold, new.threshold
    unit = old.target_unit.text
    text_old = wording.target_text(t_old, unit)
    text_new = wording.target_text(t_new.scaled(factor), unit) if new.target_unit.dims == old.target_unit.dims \
        else wording.target_text(t_new, new.target_unit.text)
    v_old, v_new = t_old.value, t_new.value
    if new.target_unit.dims != old.target_unit.dims or not comparable:
        if (v_old, old.target_unit.text) == (v_new, new.target_unit.text):
            return None
        return _field_target(old, new, text_old, text_new, "other")
    if isinstance(v_old, tuple) or isinstance(v_new, tuple):
        if not (isinstance(v_old, tuple) and isinstance(v_new, tuple)):
            return _field_target(old, new, text_old, text_new, "other")
        lo, hi = v_new[0] * factor, v_new[1] * factor
        if (lo, hi) == v_old:
            return None
        narrower, wider = lo >= v_old[0] and hi <= v_old[1], lo <= v_old[0] and hi >= v_old[1]
        direction: Direction = "stricter" if narrower else "looser" if wider else "other"
        return _field_target(old, new, text_old, text_new, direction)
    size = v_new * factor - v_old
    if size == 0:
        return None
    same_way = (t_old.upward and t_new.upward) or (t_old.downward and t_new.downward)
    if not same_way:
        direction = "other"
    elif t_new.upward:
        direction = "stricter" if size > 0 else "looser"
    else:
        direction = "stricter" if size < 0 else "looser"
    code = D.RAISED if size > 0 else D.LOWERED
    change_zh, change_en = wording.gap_amount(abs(size), unit), wording.gap_amount_en(abs(size), unit)
    message = code(old_zh=text_old.zh, old_en=text_old.en, new_zh=text_new.zh, new_en=text_new.en,
                   change_zh=change_zh, change_en=change_en)
    return Change("target", _amount(old), _amount(new), direction, message, size=size, unit=unit)


def _field_target(old: CompiledRule, new: CompiledRule, text_old: Message, text_new: Message,
                  direction: Direction) -> Change:
    return _field("target", _amount(old), _amount(new), direction, (text_old, text_new))


def _amount(rule: CompiledRule) -> dict[str, Any]:
    v = rule.threshold.value
    value: Any = [to_decimal(v[0]), to_decimal(v[1])] if isinstance(v, tuple) else to_decimal(v)
    return {"value": value, "unit": rule.target_unit.label}


def describe(rule: CompiledRule) -> dict[str, str]:
    """The fields of an added or removed rule's sentence (D101, D102)."""
    name = rule.indicator.model.name
    t = wording.target_text(rule.threshold, rule.target_unit.text)
    return {"place": rule.jurisdiction.name, "name_zh": name.zh, "name_en": name.en, "target_zh": t.zh,
            "target_en": t.en, "due": rule.rule.due.isoformat()}
