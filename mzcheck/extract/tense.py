"""Commitment or achievement: whether a clause states a target or reports a result / 承诺还是实绩.

Read over the whole text: the part a sentence stands in (a summary or a plan heading), then the clause's
own marks of the past (截至, 已, 以来, 累计 …, a past year) and of the future (将, 力争, 到2025年底, 全年 …).
Every reading carries its reason, which is kept on each draft and shown by ``mzcheck extract --explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mzcheck.core.codes import extract as X
from mzcheck.core.messages import Message
from mzcheck.extract.dates import DateState

_PAST = re.compile(r"截至|截止|已经|已(?!于)|累计|以来|去年|上年底|(?<![为除])了(?!解)")
_FUTURE = re.compile(r"力争|争取|计划|拟|目标|将|确保|今年|全年|年内|明年|到\d{4}|\d{4}\s*年(?:底|末)?(?:前|以前)")
_EXPLICIT_FUTURE = re.compile(r"(?:到|至)\s*\d{4}\s*年|\d{4}\s*年(?:底|末)?(?:前|以前)")


@dataclass(frozen=True)
class Tense:
    """Whether a clause is read as a commitment, and why."""

    commitment: bool
    reason: Message


def read_tense(ctext: str, mode: str, heading: str, state: DateState, plan_year: int) -> Tense:
    """The reading of one clause in the part it stands in (``mode``: plan, summary or open)."""
    future = state.due is not None and state.due.year >= plan_year and not state.past
    dated: Message | None = None
    if mode == "summary":
        explicit = _EXPLICIT_FUTURE.search(ctext)
        if not (future and explicit):
            return Tense(False, X.IN_SUMMARY_PART(heading=heading))
        dated = X.DATED_IN_SUMMARY(marker=explicit.group(0))
    if state.past:
        return Tense(False, X.PAST_YEAR(year=state.year))
    past = _PAST.search(ctext)
    coming = _FUTURE.search(ctext)
    if past and not coming:
        return Tense(False, X.PAST_MARK(marker=past.group(0)))
    if "基础上" in ctext:
        return Tense(False, X.BASELINE())
    if dated is not None:
        return Tense(True, dated)
    if coming:
        return Tense(True, X.FUTURE_MARK(marker=coming.group(0)))
    if mode == "plan":
        return Tense(True, X.IN_PLAN_PART(heading=heading))
    return Tense(True, X.OPEN_TEXT())
