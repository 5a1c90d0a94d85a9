"""Commitment or achievement: whether a clause states a target or reports a result / 承诺还是实绩.

Read over the whole text, clause by clause:

1. the part a sentence stands in: under a summary heading (总结, 回顾, 综述, 工作情况 …) only a clause that
   names a date to come (到2025年, 2025年底前) is a target;
2. a year before the plan year in force (2024年新增…) is a result;
3. the clause's own marks: of the past (截至, 以来, 去年, 过去一年, 获批 …; weaker: 已, 累计, 了, 同比, 完成率),
   of the present state or progress (目前, 现有, 共有, 正在, 尚未 …) and of the future (将, 力争, 计划, 确保,
   到2025年 …; weaker: 今年, 全年, 年内, 年底). A weak mark of the past gives way to any mark of the future
   (年底累计建成…不少于8个 is a target); a strong one only to a strong mark of the future;
4. a clause with no marks and no verb of its own (…,基本养老床位5.1万张) reads as the clause before it, and a
   past opening (过去的一年, 五年来, 2025年…取得了…, in a 2026 plan) holds to the end of its paragraph, unless a
   sentence names a date or mark of its own that is to come;
5. 由 A 提高到 B reports a change already made, unless it stands in a plan part or says it is to come.

Every reading carries its reason, which is kept on each draft and shown by ``mzcheck extract --explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mzcheck.core.codes import extract as X
from mzcheck.core.messages import Message
from mzcheck.extract.dates import DateState
from mzcheck.extract.words import CMP_WORDS, VERBS

_STRONG_PAST = re.compile(r"截至|截止|(?:今年|年初|本年|近年|多年|长期|一直)?以来|去年|上年底|过去(?:的)?[一二两三五几]?年|"
                          r"[一二两三五十]年来|获批|荣获|获评|入选|被评为|被表彰|表彰为")
_WEAK_PAST = re.compile(r"已经|已(?!于)|累计|(?<![为除])了(?!解)|完成率|同比|惠及")
_STATUS = re.compile(r"目前|现有|共有|正在|尚未|的有(?=\s*\d)")
_STRONG_FUTURE = re.compile(r"力争|争取|计划|拟|将|确保|预计|(?:到|至)\s*\d{4}\s*年|\d{4}\s*年(?:底|末)?(?:前|以前)|未来")
_WEAK_FUTURE = re.compile(r"目标|今年(?!以来)|全年|年内|明年|(?<![上去])年底|年末")
_EXPLICIT_FUTURE = re.compile(r"(?:到|至)\s*\d{4}\s*年|\d{4}\s*年(?:底|末)?(?:前|以前)")
_RAISE = re.compile(r"(?:由|从)[^,;。]{0,16}?\d[^,;。]{0,12}?(?:提高|提升|调整|调|增加|增长|上调)(?:到|至|为)")
_PREDICATE = re.compile("|".join(re.escape(w) for w in sorted({*VERBS, *CMP_WORDS}, key=len, reverse=True)))


@dataclass(frozen=True)
class Tense:
    """Whether a clause is read as a commitment, and why."""

    commitment: bool
    reason: Message
    marked: bool = True  # the reading comes from the clause's own words or part (not carried from before)
    holds: bool = False  # a time of the past opening the sentence (过去的一年,…): it holds to the sentence's end


def read_tense(ctext: str, mode: str, heading: str, state: DateState, plan_year: int,
               before: Tense | None = None) -> Tense:
    """The reading of one clause in the part it stands in (``mode``: plan, summary or open); ``before`` is
    the reading of the clause before it in the sentence."""
    future = state.due is not None and state.due.year >= plan_year and not state.past
    dated: Message | None = None
    if mode == "summary":
        explicit = _EXPLICIT_FUTURE.search(ctext)
        if not (future and explicit):
            return Tense(False, X.IN_SUMMARY_PART(heading=heading))
        dated = X.DATED_IN_SUMMARY(marker=explicit.group(0))
    if state.past:
        return Tense(False, X.PAST_YEAR(year=state.year))
    strong_future = _STRONG_FUTURE.search(ctext)
    coming = strong_future or _WEAK_FUTURE.search(ctext)
    strong_past = _STRONG_PAST.search(ctext)
    if before is not None and before.holds and not coming and not (future and state.year is not None):
        return Tense(False, before.reason, marked=False, holds=True)
    if strong_past and not strong_future:
        opening = len(ctext.strip()) - len(strong_past.group(0)) <= 3  # the clause is only 过去的一年, 五年来 …
        return Tense(False, X.PAST_MARK(marker=strong_past.group(0)), holds=opening)
    weak_past = _WEAK_PAST.search(ctext)
    if weak_past and not coming:
        return Tense(False, X.PAST_MARK(marker=weak_past.group(0)))
    status = _STATUS.search(ctext)
    if status and not coming:
        return Tense(False, X.STOCK(marker=status.group(0)))
    if "基础上" in ctext:
        return Tense(False, X.BASELINE())
    if _RAISE.search(ctext) and mode != "plan" and not strong_future:
        return Tense(False, X.RAISE_DONE())
    if (before is not None and not before.commitment and not coming and not strong_past
            and not _PREDICATE.search(ctext)):
        return Tense(False, before.reason, marked=False)  # …,基本养老床位5.1万张: the clause before's reading
    if dated is not None:
        return Tense(True, dated)
    if coming:
        return Tense(True, X.FUTURE_MARK(marker=coming.group(0)))
    if mode == "plan":
        return Tense(True, X.IN_PLAN_PART(heading=heading))
    return Tense(True, X.OPEN_TEXT())
