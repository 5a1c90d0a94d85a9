"""Due dates from date words / 截止日期: 到2025年底, 2026年6月底前, 今年, 明年上半年, “十四五”期末.

A clause's date words update a :class:`DateState` that the rest of the sentence keeps.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_YEAR = re.compile(r"(?P<pre>比|较|相比|与|同比|对比)?\s*(?P<y1>(?:19|20)\d{2})\s*(?:[-—~至到]\s*(?P<y2>(?:19|20)\d{2})\s*)?年"
                   r"(?:度)?(?P<part>底|末|上半年|下半年|一季度|第一季度|二季度|第二季度|三季度|第三季度|四季度|第四季度)?"
                   r"(?P<post>的?基础上|水平)?(?P<since>以来)?")
_MONTH = re.compile(r"(?<![\d\-个])(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末)?")
_RELATIVE_YEAR = re.compile(r"(?:今年|本年|年内|全年|明年)(?P<rpart>上半年|一季度|第一季度|二季度|第二季度|三季度|第三季度)?"
                            r"(?!以来)")
# “十三五”期末, 十四五时期, “十二五”期间: the five-year plan periods, 十一五 = 2006-2010 … 十五五 = 2026-2030
_PERIOD = re.compile(r"[“\"]?十(?P<n>[一二三四五六七八九])五[”\"]?(?P<when>期末|末期|时期末|期间|时期|末)")
_NEXT_YEARS = re.compile(r"未来(?P<n>[一二两三四五六七八九十])年")
_PERIOD_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PERIOD_AHEAD = re.compile(r"(?:期间|时期)[^。]*?(?:将|要|力争|计划)")
_PART_END = {"上半年": (6, 30), "一季度": (3, 31), "第一季度": (3, 31), "二季度": (6, 30), "第二季度": (6, 30),
             "三季度": (9, 30), "第三季度": (9, 30)}
# The words of a due date, for the patterns of other modules to build on: 到2025年底前, 2026年上半年, 6月底前.
YEAR_WORDS = r"(?:到|至|于)?\s*\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?(?:前|以前)?"
MONTH_WORDS = r"(?:1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末)?(?:前|以前)?"
LAST_YEAR = re.compile(r"上一?年(?:度)?")  # 上年度城镇居民人均消费支出: the reference's year before
_IN_BRACKETS = re.compile(r"《[^》]*》|\([^)]*\)")


@dataclass
class DateState:
    """The date words in force in a sentence."""

    due: dt.date | None = None
    year: int | None = None  # the year in force, for a month without a year
    past: bool = False  # a year before the plan year is in force
    baseline: int | None = None


def scan_dates(text: str, plan_year: int, state: DateState) -> None:
    """Update ``state`` with the date words of ``text`` (one clause), in order."""
    quoted = [(m.start(), m.end()) for m in _IN_BRACKETS.finditer(text)]
    events: list[tuple[int, str, re.Match[str]]] = []
    for m in _YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in quoted):
            events.append((m.start(), "year", m))
    for m in _MONTH.finditer(text):
        if not any(a <= m.start() < b for a, b in quoted):
            events.append((m.start(), "month", m))
    for m in _RELATIVE_YEAR.finditer(text):
        events.append((m.start(), "rel", m))
    for m in _PERIOD.finditer(text):
        events.append((m.start(), "period", m))
    for m in _NEXT_YEARS.finditer(text):
        events.append((m.start(), "ahead", m))
    for _, what, m in sorted(events, key=lambda x: x[0]):
        if what == "year":
            y = int(m.group("y2") or m.group("y1"))
            if m.group("since"):
                continue  # 2024年以来: a time so far, no due date
            if m.group("pre") or m.group("post"):
                state.baseline = y
                continue
            state.year = y
            state.past = y < plan_year
            part = m.group("part")
            month, day = _PART_END.get(part or "", (12, 31))
            state.due = dt.date(y, month, day)
        elif what == "month":
            # a month right after a year belongs to it (2024年3月前); else to the year in force
            y = state.year or plan_year
            month = int(m.group("m"))
            state.due = dt.date(y, month, calendar.monthrange(y, month)[1])
        elif what in ("period", "ahead"):
            y = period_end(m.group("n")) if what == "period" else plan_year + _COUNT[m.group("n")] - 1
            state.year = y
            state.past = y < plan_year
            state.due = dt.date(y, 12, 31)  # 未来五年 from the plan year: its fifth year's end
        else:
            y = plan_year + 1 if m.group(0).startswith("明年") else plan_year
            state.year = y
            state.past = y < plan_year
            month, day = _PART_END.get(m.group("rpart") or "", (12, 31))  # 明年上半年: 6月30日
            state.due = dt.date(y, month, day)


def period_end(ordinal: str) -> int:
    """The last year of the five-year plan 十<ordinal>五: 十三五 → 2020."""
    return 2005 + 5 * _PERIOD_ORDINAL[ordinal]


def period_ahead(sentence: str, plan_year: int) -> dt.date | None:
    """The end of a five-year period a sentence announces work for (“十二五”期间,我省将…), when the plan year
    falls in it: later sentences without a date of their own are due then."""
    for m in _PERIOD.finditer(sentence):
        end = period_end(m.group("n"))
        if end - 4 <= plan_year <= end and _PERIOD_AHEAD.match(sentence, m.start("when")):
            return dt.date(end, 12, 31)
    return None
