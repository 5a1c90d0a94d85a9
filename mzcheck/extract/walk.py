"""The walk over a plan's sentences and clauses / 逐句逐分句读取.

Indicator tables first; then each sentence, clause by clause: the date words, strength (力争) and scope
(每个县域) that hold from where they are written to the end of the sentence, whether the clause is a
commitment (:mod:`~mzcheck.extract.tense`), and the grammar (:mod:`~mzcheck.extract.readings`,
:mod:`~mzcheck.extract.grammar`) on the clauses that are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from mzcheck.core.codes import extract as X
from mzcheck.extract.clause import Clause, Found
from mzcheck.extract.dates import MONTH_WORDS, YEAR_WORDS, DateState, period_ahead, scan_dates
from mzcheck.extract.grammar import written_targets
from mzcheck.extract.layout import Sentence, layout
from mzcheck.extract.quantities import has_quantity, quantities
from mzcheck.extract.readings import readings
from mzcheck.extract.tables import tables
from mzcheck.extract.tense import Tense, read_tense
from mzcheck.extract.words import ASPIRATIONAL, AVERAGE, CMP_WORDS, COVERAGE, EACH, VERBS

# A clause that only sets a date or strength (到2025年底 / 力争), to be quoted with the next.
_LEAD_IN = re.compile(r"(?:力争|争取|计划|拟|确保|努力)?" + YEAR_WORDS + "|" + MONTH_WORDS
                      + r"|力争|争取|计划|今年|全年|年内|明年|[\s,]")


# …,到2022年全部完成: a clause that only dates what the sentence listed before it
# 今年…, 2025年…, 年底前…: a date opening the sentence, before any subject, governs all of it
_TOPIC_DATE = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}是|\d{1,2}[.、](?!\d))?\s*(?:今年|本年|年内|全年|明年|年底前|"
                         + YEAR_WORDS + r"(?![度份]))")
_TRAILING_DUE = re.compile(r"(?:并|且)?\s*(?:力争|争取|确保|计划)?\s*(?:于|到|至|在)?\s*\d{4}\s*年(?:底|末)?(?:前|以前)?\s*"
                           r"(?:全部|全面|基本|均)?(?:完成|建成|实现|到位|落实)$")


def read_targets(norm: str, year: int, tasks: bool = True) -> Found:
    """Every candidate target of a normalised plan text, and what was left out with the reason."""
    found = Found()
    table_lines = tables(norm, year, found)
    period: dt.date | None = None  # “十二五”期间,我省将…: the period later sentences without a date are due in
    opening: tuple[int, Tense] | None = None  # (row, reading): a past opening that holds to its paragraph's end
    for sent in layout(norm).sentences:
        if any(a <= sent.start < b for a, b in table_lines):
            continue
        if sent.line != "body":
            if has_quantity(norm[sent.start:sent.end]):
                found.skip(sent.start, sent.end, X.FURNITURE() if sent.line == "furniture" else X.HEADLINE())
            continue
        carried = opening[1] if opening is not None and opening[0] == sent.row else None
        dated, past_opening = _sentence(norm, sent, year, tasks, found, period, carried)
        if past_opening is not None:
            opening = (sent.row, past_opening)
        ahead = period_ahead(norm[sent.start:sent.end], year)
        if ahead is not None:
            period = ahead
        elif dated:
            period = None
    found.candidates.sort(key=lambda c: c.start)  # table rows were read first; drafts go in text order
    return found


_CONTINUING = re.compile(r"(?:其中|并且|并|同时|且|以及|力争|争取|确保|今年|全年|年内|到年底|年底前|" + YEAR_WORDS
                         + r"|\s)*")


def _own_subject(text: str) -> bool:
    """Whether a clause names a subject of its own (…,城市社区养老服务设施…) rather than continuing the one
    before it with a verb or a number (…,新增护理型床位不少于100张)."""
    rest = text[_CONTINUING.match(text).end():]  # type: ignore[union-attr]
    if not rest or rest[0].isdigit():
        return False
    return not any(rest.startswith(w) for w in (*VERBS, *CMP_WORDS))


def _is_lead_in(text: str) -> bool:
    return len(_LEAD_IN.sub("", text)) <= 2


def _sentence(norm: str, sent: Sentence, year: int, tasks: bool, found: Found, period: dt.date | None,
              carried: Tense | None) -> tuple[bool, Tense | None]:
    """Read one sentence into ``found``: whether it wrote a date of its own, and its past opening (a first
    reading of the past that holds to the end of the paragraph), if any."""
    state = DateState()
    first = len(found.candidates)
    default_due = period or dt.date(year, 12, 31)
    topic_dated = bool(_TOPIC_DATE.match(norm, sent.clauses[0][0], sent.clauses[0][1]))
    aspirational = False
    each = False
    prev: tuple[int, int] | None = None
    prev_had_target = False
    subject = ""
    tense: Tense | None = carried
    opening: Tense | None = None
    first_mark = True
    for cs, ce in sent.clauses:
        ctext = norm[cs:ce]
        scan_dates(ctext, year, state)
        if ASPIRATIONAL.search(ctext):
            aspirational = True
        if EACH.search(ctext) and not AVERAGE.search(ctext):
            each = True
        elif each and _own_subject(ctext):
            each = False  # 每个县(市、区)建成…,城市社区养老服务设施覆盖率保持在100%: a subject of its own
        before = len(found.candidates)
        before_tense = tense
        tense = read_tense(ctext, sent.mode, sent.heading, state, year, before_tense)
        if first_mark and tense.marked and tense.reason.code != X.OPEN_TEXT.code:
            first_mark = False  # 2025年…取得了新进展, 五年来: the sentence opens in the past
            if not tense.commitment and (tense.holds or tense.reason.code == X.PAST_YEAR.code):
                opening = replace(tense, holds=True)
        if tense.commitment:
            lead_in = prev if (prev and not prev_had_target and _is_lead_in(norm[prev[0]:prev[1]])) else None
            if lead_in is not None:  # 到2026年底,…达到70%: the lead-in's words are the reason too
                tense = read_tense(norm[lead_in[0]:lead_in[1]] + "," + ctext, sent.mode, sent.heading, state, year,
                                   before_tense)
            clause = Clause(norm, cs, ce, tuple(quantities(ctext)),
                            state.due if state.due is not None else default_due,
                            state.due is not None or period is not None,
                            state.baseline, "aspirational" if aspirational else "binding", each, tense.reason,
                            lead_in, prev, subject, topic_dated)
            if not readings(clause, found):
                written_targets(clause, found, tasks)
            if len(found.candidates) > before:
                subject = found.candidates[-1].phrase
        elif has_quantity(ctext) or COVERAGE.search(ctext):
            found.skip(cs, ce, tense.reason)
        prev_had_target = len(found.candidates) > before
        prev = (cs, ce)
    _trailing_due(norm, sent, found, first, year)
    return state.due is not None, opening


def _trailing_due(norm: str, sent: Sentence, found: Found, first: int, year: int) -> None:
    """…设立村级互助养老点5180个,到2022年全部完成: the date at the end is the due date of the targets before it
    that name none, and their quotes reach it."""
    start, end = sent.clauses[-1]
    if len(sent.clauses) < 2 or not _TRAILING_DUE.match(norm, start, end):
        return
    state = DateState()
    scan_dates(norm[start:end], year, state)
    if state.due is None or state.past:
        return
    found.candidates[first:] = [replace(c, due=state.due, end=end, dated=True) if not c.dated and c.end <= start
                                else c for c in found.candidates[first:]]
