"""The walk over a plan's sentences and clauses / 逐句逐分句读取.

Indicator tables first; then each sentence, clause by clause: the date words, strength (力争) and scope
(每个县域) that hold from where they are written to the end of the sentence, whether the clause is a
commitment (:mod:`~mzcheck.extract.tense`), and the grammar (:mod:`~mzcheck.extract.readings`,
:mod:`~mzcheck.extract.grammar`) on the clauses that are.
"""

from __future__ import annotations

import datetime as dt
import re

from mzcheck.extract.clause import Clause, Found
from mzcheck.extract.dates import DateState, scan_dates
from mzcheck.extract.grammar import written_targets
from mzcheck.extract.layout import Sentence, layout
from mzcheck.extract.quantities import has_quantity, quantities
from mzcheck.extract.readings import readings
from mzcheck.extract.tables import tables
from mzcheck.extract.tense import read_tense
from mzcheck.extract.words import ASPIRATIONAL, AVERAGE, COVERAGE, EACH

# A clause that only sets a date or strength (到2025年底 / 力争), to be quoted with the next.
_LEAD_IN = re.compile(r"(?:力争|争取|计划|拟|确保|努力)?(?:到|至|于)?\s*\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?(?:前|以前)?"
                      r"|(?:1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末)?(?:前|以前)?"
                      r"|力争|争取|计划|今年|全年|年内|明年|[\s,]")


def read_targets(norm: str, year: int, tasks: bool = True) -> Found:
    """Every candidate target of a normalised plan text, and what was left out with the reason."""
    found = Found()
    table_lines = tables(norm, year, found)
    for sent in layout(norm).sentences:
        if any(a <= sent.start < b for a, b in table_lines):
            continue
        _sentence(norm, sent, year, tasks, found)
    found.candidates.sort(key=lambda c: c.start)  # table rows were read first; drafts go in text order
    return found


def _is_lead_in(text: str) -> bool:
    return len(_LEAD_IN.sub("", text)) <= 2


def _sentence(norm: str, sent: Sentence, year: int, tasks: bool, found: Found) -> None:
    state = DateState()
    aspirational = False
    each = False
    prev: tuple[int, int] | None = None
    prev_had_target = False
    subject = ""
    for cs, ce in sent.clauses:
        ctext = norm[cs:ce]
        scan_dates(ctext, year, state)
        if ASPIRATIONAL.search(ctext):
            aspirational = True
        if EACH.search(ctext) and not AVERAGE.search(ctext):
            each = True
        before = len(found.candidates)
        tense = read_tense(ctext, sent.mode, sent.heading, state, year)
        if tense.commitment:
            lead_in = prev if (prev and not prev_had_target and _is_lead_in(norm[prev[0]:prev[1]])) else None
            clause = Clause(norm, cs, ce, tuple(quantities(ctext)),
                            state.due if state.due is not None else dt.date(year, 12, 31), state.due is not None,
                            state.baseline, "aspirational" if aspirational else "binding", each, tense.reason,
                            lead_in, prev, subject)
            if not readings(clause, found):
                written_targets(clause, found, tasks)
            if len(found.candidates) > before:
                subject = found.candidates[-1].phrase
        elif has_quantity(ctext) or COVERAGE.search(ctext):
            found.skip(cs, ce, tense.reason)
        prev_had_target = len(found.candidates) > before
        prev = (cs, ce)
