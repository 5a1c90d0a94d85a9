"""From candidates to drafts: the indicator, the unit, the rule id, and the checks every draft passes / 组装草稿.

Each candidate is matched to the catalogue (or given a proposed indicator), checked never to invent a
number (its value is written in its quote, or is the documented reading it names) and compiled as a rule
file entry against the catalogue and the proposed indicators, so that every draft offered loads.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from mzcheck.core import yamlio
from mzcheck.core.codes import extract as X
from mzcheck.core.errors import InputError, Problem
from mzcheck.core.messages import Message
from mzcheck.core.units import Unit, parse_unit
from mzcheck.extract.clause import Candidate
from mzcheck.extract.matching import classifier_swap, english_tokens, match_indicator
from mzcheck.extract.model import Draft, Extraction, ProposedIndicator
from mzcheck.extract.quantities import numbers_in
from mzcheck.extract.text import key, normalise
from mzcheck.extract.words import COVERAGE, TASK
from mzcheck.load.rulefiles import compile_rule_file
from mzcheck.load.ruleset import RuleSet

PLACEHOLDER_CODE = "000000"  # a jurisdiction the catalogue does not know, until its GB/T 2260 code is added
_NON_ID = re.compile(r"[^a-z0-9]")
_EQUIPPED = re.compile(r"(?:配备|配置|拥有|建有|设有)$")
_RATE = re.compile(r"率|比例|占比|比重$")


def catalogue_entries(cat: RuleSet, proposed: list[ProposedIndicator], place: str | None = None,
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What a drafted folder adds to the catalogue it is loaded on (rule sets load in layers): the proposed
    indicators, and a provisional division for ``place`` when the catalogue does not know it."""
    indicators = [p.entry(X.PROPOSED_NOTE()) for p in proposed]
    divisions = []
    if place is not None and cat.jurisdiction(place) is None:
        divisions.append(placeholder_division(place))
    return indicators, divisions


def placeholder_division(place: str) -> dict[str, Any]:
    """A division entry for a place the catalogue does not know (code 000000, to be replaced)."""
    return {"code": PLACEHOLDER_CODE, "name": place, "en": place, "aliases": [], "parent": None}


def slug(ex: Extraction, cat: RuleSet) -> str:
    """The rule ids' prefix: the English name of the place (mianyang), its code, or ``draft``."""
    j = cat.jurisdiction(ex.jurisdiction)
    if j is None:
        return "draft"
    word = _NON_ID.sub("", j.en.split()[0].lower()) if j.en.split() else ""
    return word or j.code


def value_holds(c: Candidate, values: tuple[Decimal, ...], quote: str) -> bool:
    """Every value is written in the quote, or is what its documented reading gives (READINGS)."""
    if c.reading is None:
        found = numbers_in(quote)
        return all(abs(v) in found for v in values)
    if c.reading == "coverage":
        return values == (Decimal(100),) and COVERAGE.search(normalise(quote)) is not None
    if c.reading in ("universal", "standard"):
        return values == (Decimal(100),)
    if c.reading == "task":
        return values == (Decimal(1),) and TASK.search(normalise(quote)) is not None
    if c.reading == "enumeration":
        return values == (Decimal(len(c.named)),) and all(name in quote for name in c.named)
    return False


def reading_note(c: Candidate, values: tuple[Decimal, ...]) -> Message | None:
    """The draft's note: how a value not written as a number in the quote was read."""
    if c.reading == "task":
        return X.NOTE_TASK()
    if c.reading == "universal":
        return X.NOTE_UNIVERSAL(what=c.reading_note)
    if c.reading == "standard":
        return X.NOTE_STANDARD(what=c.reading_note)
    if c.reading == "enumeration":
        names = "、".join(c.named)
        return X.NOTE_ENUMERATION(value=values[0], names=names)
    return c.note


def _joined(first: Message | None, then: Message) -> Message:
    if first is None:
        return then
    return Message(zh=f"{first.zh};{then.zh}", en=f"{first.en}; {then.en}", code=first.code)


class _Proposals:
    """The indicators proposed so far, one per name and dimension."""

    def __init__(self, cat: RuleSet) -> None:
        self.by_name: dict[tuple[str, str], ProposedIndicator] = {}
        self.taken = set(cat.indicators)
        self.cat = cat
        self.names: set[str] = set()  # Chinese names of the proposals so far

    def get(self, name: str, ind_unit: str) -> ProposedIndicator:
        k = (name, str(parse_unit(ind_unit).dims) if ind_unit != "1" else "")
        p = self.by_name.get(k)
        if p is None:
            tokens = english_tokens(name)
            base = "draft_" + ("_".join(tokens) if tokens else "indicator")
            pid, n = base, 2
            while pid in self.taken:
                pid, n = f"{base}_{n}", n + 1
            self.taken.add(pid)
            en = " ".join(t.replace("_", " ") for t in tokens) or "indicator"
            zh = name
            if self.cat.indicator_id(zh) is not None or zh in self.names:
                # a name of a catalogue indicator (its alias 城乡低保标准, for a growth in 百分点 it cannot measure)
                # or of another proposal: one name never names two indicators (C602), so the unit tells them apart
                zh = f"{name}({ind_unit})"
            self.names.add(zh)
            p = ProposedIndicator(pid, zh, f"{en} (draft: {zh})", ind_unit)
            self.by_name[k] = p
        return p


def _proposed_name(c: Candidate, unit: Unit, kind: str) -> str:
    name = c.phrase.strip()
    if c.task:  # the catalogue's style: 区级社会工作总站成立(是=1)
        name += ("" if name.endswith(c.wording or "") else c.wording or "") + "(是=1)"
    elif c.reading == "enumeration":  # 兰溪市、东阳市完成…: 完成…的地区数
        name = f"{c.wording or ''}{name}的地区数"
    elif _EQUIPPED.search(name):  # 社区配备不少于9人: 社区配备人数
        name += "人数" if unit.dims == (("person", 1),) else "数"
    if c.coverage and not name.endswith(("覆盖率", "率")):
        name = name + "覆盖率"
    elif unit.text in ("%", "‰") and kind not in ("growth", "relative") and not _RATE.search(name):
        name = name + "比例"
    return name


def assemble(ex: Extraction, candidates: list[Candidate], cat: RuleSet) -> None:
    """Make drafts of ``candidates`` into ``ex.drafts`` (and ``ex.proposed``); what fails goes to ``ex.skipped``."""
    prefix = slug(ex, cat)
    used_ids: set[str] = set()
    proposals = _Proposals(cat)
    seen: set[tuple[Any, ...]] = set()
    drafts: list[Draft] = []
    for c in candidates:
        try:
            unit = parse_unit(c.unit)
        except InputError:
            ex.skipped.append((c.start, c.end, X.UNKNOWN_UNIT(unit=c.unit)))
            continue
        quote = ex.text[c.start:c.end]
        values = tuple(Decimal(v) for v in c.values)
        if c.kind == "growth" and c.comparator == "<=" and values[0] > 0 and len(values) == 1:
            values = (-values[0],)
        if not value_holds(c, values, quote):
            ex.skipped.append((c.start, c.end, X.NOT_IN_QUOTE()))
            continue
        note = reading_note(c, values)
        reference: tuple[str, int] | None = None
        kind = c.kind
        match = match_indicator(c.phrase, unit, kind, cat)
        target_unit = c.unit
        if kind == "relative":
            ref = match_indicator(c.reference_phrase or "", parse_unit(""), "relative", cat)
            subj = match_indicator(c.phrase, parse_unit(""), "relative", cat)
            if ref is not None and subj is not None and ref[0].unit.dims == subj[0].unit.dims and ref[0].id != subj[0].id:
                match, reference = subj, (ref[0].id, c.reference_offset)
                note = _joined(note, X.NOTE_RELATIVE(name=ref[0].model.name.zh))
            elif c.reading == "standard":  # 100% of a standard the catalogue does not know is no target
                ex.skipped.append((c.start, c.end, X.STANDARD_UNKNOWN()))
                continue
            else:
                kind = "level"
                match = None
        if match is not None and kind not in ("growth", "relative"):
            own = match[0].unit
            swap = classifier_swap(unit, match[0]) if unit.dims != own.dims else None
            if unit.dims == own.dims and unit.factor == own.factor:
                target_unit = own.text  # 张/万老年人口 is written as the catalogue writes it: 张/万名老年人
            elif swap is not None:
                note = _joined(note, X.NOTE_UNIT(unit=c.unit, own=swap))
                target_unit = swap
        if match is not None:
            indicator_id, indicator_name, proposed = match[0].id, match[0].model.name.zh, False
        else:
            name = _proposed_name(c, unit, kind)
            ind_unit = target_unit
            if kind == "growth":
                ind_unit = "%" if unit.text == "百分点" else "1"
            elif kind == "relative":
                ind_unit = "元"
            p = proposals.get(name, ind_unit)
            indicator_id, indicator_name, proposed = p.id, p.name_zh, True
        dedupe = (indicator_id, c.phrase, c.comparator, values, c.start, c.end)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        same = _restated(c, values, target_unit, kind, drafts)
        if same is not None:  # 新建50个…, and again: 其中, 新建50个城乡… (a target stated twice is one target)
            ex.skipped.append((c.start, c.end, X.DUPLICATE(quote=same.quote)))
            if kind == "increment" and same.kind == "level":  # 完成建设221个, then 新建221个: an increment
                drafts[drafts.index(same)] = replace(same, kind="increment")
            continue
        rid_base = f"{prefix}-{ex.year}-{indicator_id.replace('_', '-')}"
        rid, n = rid_base, 2
        while rid in used_ids:
            rid, n = f"{rid_base}-{n}", n + 1
        used_ids.add(rid)
        value: Decimal | tuple[Decimal, Decimal] = (values[0], values[1]) if len(values) == 2 else values[0]
        drafts.append(Draft(rid, indicator_id, indicator_name, proposed, c.comparator, value, target_unit, c.due, kind,
                            c.strength, c.scope, quote, c.start, c.end, c.reason, c.wording,
                            c.baseline if kind == "growth" else None, reference, note, c.reading))
    _compile_each(ex, drafts, list(proposals.by_name.values()), cat)


def _restated(c: Candidate, values: tuple[Decimal, ...], unit: str, kind: str, drafts: list[Draft]) -> Draft | None:
    """An earlier draft stating the same target: same comparator, value, unit, due date, kind and scope, and
    one's words contained in the other's (社区养老服务中心 and 城乡社区养老服务中心)."""
    mine = key(c.phrase)
    value = (values[0], values[1]) if len(values) == 2 else values[0]
    for d in drafts:
        if (d.comparator, d.value, d.unit, d.due, d.scope) != (c.comparator, value, unit, c.due, c.scope):
            continue
        if d.kind != kind and {d.kind, kind} != {"level", "increment"}:
            continue
        theirs = key(_phrase_of(d))
        if len(mine) >= 2 and len(theirs) >= 2 and (mine in theirs or theirs in mine):
            return d
    return None


def _phrase_of(d: Draft) -> str:
    return d.indicator_name.removesuffix("(是=1)")


def _compile_each(ex: Extraction, drafts: list[Draft], proposed: list[ProposedIndicator], cat: RuleSet) -> None:
    """Keep the drafts that compile as rules of the drafted file, and the proposals they use."""
    indicators, divisions = catalogue_entries(cat, proposed, ex.jurisdiction)
    names = cat.layered(indicators=indicators, jurisdictions=divisions, name="extract")
    header = {"document": ex.document(), "jurisdiction": ex.jurisdiction}
    for d in drafts:
        problems: list[Problem] = []
        compile_rule_file(yamlio.Document({**header, "rules": [d.rule_data()]}, ex.file), names, problems)
        if problems:
            ex.skipped.append((d.start, d.end, X.INVALID_DRAFT(detail="; ".join(p.text("en") for p in problems))))
            continue
        ex.drafts.append(d)
    used = {d.indicator for d in ex.drafts}
    ex.proposed = [p for p in proposed if p.id in used]

