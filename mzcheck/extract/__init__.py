"""Drafting rules from a plan text / 从规划文本起草目标规则 (``mzcheck extract``).

A civil-affairs plan states its targets in a small grammar: a subject (the indicator), a comparator word
(Civil Code art. 1259: 以上 and 以下 include the number, 超过 and 不满 do not), a number with a measure
word, a due date, and words that make the target a new amount (新增), a kept level (保持), a change
(增加10%, 提高3个百分点), a level for every child unit (每个县域) or an aspiration (力争). This package
reads that grammar, not any one document, and drafts rules in the ``targets/`` format for review.

What it never does: invent a number. Every value of a draft occurs in its quote, or is one of the
documented readings of words in ``READINGS`` (全覆盖 → 100%, a yes/no task → 1 项 …), named in the draft's
``note``; every quote is the verbatim text at ``[start, end)`` of the plan. What it skips, with the reason:
achievements (a summary part, 截至, 已, 以来, a past year), numbers that are names, estimates, money,
durations and conditions that only scope a target.

The modules, one concern each, in the order a plan goes through them: :mod:`.planfile` (files),
:mod:`.text` and :mod:`.layout` (characters, parts, sentences), :mod:`.quantities`, :mod:`.dates`,
:mod:`.tense` (commitment or achievement), :mod:`.clause`, :mod:`.readings`, :mod:`.grammar`,
:mod:`.tables`, :mod:`.walk`, :mod:`.matching`, :mod:`.assembly`, :mod:`.document`, :mod:`.writing`,
:mod:`.pipeline`.
"""

from __future__ import annotations

from mzcheck.extract.model import READINGS, Draft, Extraction, ProposedIndicator
from mzcheck.extract.pipeline import extract_file, extract_text, load_catalogue
from mzcheck.extract.planfile import PlanText, decode_plan, read_plan
from mzcheck.extract.quantities import numbers_in
from mzcheck.extract.writing import drafts_json, drafts_yaml, explain_text, write_folder

__all__ = [
    "READINGS",
    "Draft",
    "Extraction",
    "PlanText",
    "ProposedIndicator",
    "decode_plan",
    "drafts_json",
    "drafts_yaml",
    "explain_text",
    "extract_file",
    "extract_text",
    "load_catalogue",
    "numbers_in",
    "read_plan",
    "write_folder",
]
