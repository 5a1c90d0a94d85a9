"""One clause as the grammar reads it, what it drafts, and the kind of a target / 分句、候选目标与目标类型.

A :class:`Clause` carries everything the grammar needs about one clause: its span and text, its
quantities, the date, strength and scope in force, the clause before it and the reason it is read as a
commitment. The grammar turns it into :class:`Candidate` targets, collected with the reasons for what it
left out in :class:`Found`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from mzcheck.core.messages import Message
from mzcheck.extract.quantities import Qty
from mzcheck.extract.text import trim
from mzcheck.extract.words import GROWTH_DOWN, GROWTH_UP, INCREMENT, MAINTAIN

KINDS = ("level", "increment", "maintain", "growth", "each", "relative", "range")


def is_growth(word: str | None, unit: str) -> bool:
    """A change against a baseline: 提高3个百分点, 增长10% (``unit`` as the number is written)."""
    return unit == "百分点" or (unit in ("%", "百分点") and word in (*GROWTH_UP, *GROWTH_DOWN))


def classify_kind(before: str, *, word: str | None = None, unit: str = "", ranged: bool = False,
                  each: bool = False, relative: bool = False) -> str:
    """The kind of a target from its words / 目标类型.

    ``before`` is the clause's text before the number, ``word`` the comparator word right before it,
    ``unit`` the unit as written, ``ranged`` a range (2-3个), ``each`` a scope of every child unit
    (每个县域), ``relative`` a level measured against another indicator (…的30%, …的1.5倍).

    - growth: 提高3个百分点, 增长10%, 下降20%
    - increment: 新增, 新建 … a count, or 增加 a count (增加200张); a share is never an increment (新建住宅小区
      养老服务设施配建率达到100% is a level)
    - maintain: 保持, 维持, 稳定在
    - relative: against another indicator
    - range: 2-3个; each: a level (or range) for every child unit; otherwise level
    """
    if is_growth(word, unit):
        return "growth"
    if unit not in ("%", "‰") and (INCREMENT.search(before) or word in GROWTH_UP):
        return "increment"
    if MAINTAIN.search(before):
        return "maintain"
    if relative and not ranged and not each:
        return "relative"
    if each:
        return "each"
    return "range" if ranged else "level"


@dataclass(frozen=True)
class Candidate:
    """A target the grammar found, before it is matched to the catalogue and made a draft."""

    phrase: str
    comparator: str
    values: tuple[str, ...]  # one value, or (low, high)
    unit: str
    kind: str
    strength: str
    scope: str
    due: dt.date
    start: int  # absolute offsets of the quote
    end: int
    wording: str | None
    reason: Message  # why the clause was read as a commitment
    dated: bool = False  # the due date is written (not the plan year's end by default)
    baseline: int | None = None
    reference_phrase: str | None = None
    reference_offset: int = 0
    reading: str | None = None  # a key of READINGS when the value is not written as a number in the quote
    reading_note: str | None = None  # what was read, for the draft's note
    named: tuple[str, ...] = ()  # enumeration: the places named
    note: Message | None = None  # a reading of the grammar worth telling the reviewer (an average …)

    @property
    def coverage(self) -> bool:
        return self.reading in ("coverage", "universal")

    @property
    def task(self) -> bool:
        return self.reading == "task"


@dataclass(frozen=True)
class Clause:
    """A clause of a sentence, with what is in force where it stands / 分句."""

    norm: str  # the whole normalised plan text: offsets are into it
    start: int
    end: int
    quantities: tuple[Qty, ...]
    due: dt.date  # the due date in force, else the end of the plan year
    dated: bool  # a date is written for it (in the clause or earlier in the sentence)
    baseline: int | None
    strength: str  # binding | aspirational
    each: bool  # a scope of every child unit (每个县域…) is in force
    reason: Message  # why the clause is read as a commitment
    lead_in: tuple[int, int] | None = None  # a clause before it that only sets a date or strength
    prev: tuple[int, int] | None = None  # the clause before it in the sentence
    subject: str = ""  # the subject drafted last in the sentence (但不超过…标准 speaks of it)
    topic_dated: bool = False  # the sentence opens with a date that governs all of it (今年…,…,…)

    @property
    def text(self) -> str:
        return self.norm[self.start:self.end]

    @property
    def begin(self) -> int:
        """Where a quote of the whole clause starts: at its lead-in clause, if any."""
        return self.lead_in[0] if self.lead_in else self.start

    @property
    def scope(self) -> str:
        return "each_child" if self.each else "self"

    @property
    def prev_text(self) -> str:
        return self.norm[self.prev[0]:self.prev[1]] if self.prev else ""

    @property
    def lead_text(self) -> str:
        return self.norm[self.lead_in[0]:self.lead_in[1]] if self.lead_in else ""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of the plan trimmed as a quote."""
        return trim(self.norm, start, end)

    def candidate(self, phrase: str, comparator: str, values: tuple[str, ...], unit: str, kind: str,
                  span: tuple[int, int], wording: str | None, **more: Any) -> Candidate:
        """A candidate with this clause's due date, strength, scope and reason (``more`` overrides them)."""
        c = Candidate(phrase, comparator, values, unit, kind, self.strength, self.scope, self.due, span[0], span[1],
                      wording, self.reason, self.dated)
        return replace(c, **more) if more else c


@dataclass
class Found:
    """What the grammar found in a text: candidates, and what it left out with the reason."""

    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[tuple[int, int, Message]] = field(default_factory=list)

    def skip(self, start: int, end: int, why: Message) -> None:
        self.skipped.append((start, end, why))
