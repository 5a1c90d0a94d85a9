"""Reports written as JSON straight from their whole verdicts / 由整数判定直接写出 JSON (stage 4: render).

A province's table with rules on every report (each city's each-county targets) makes tens of thousands of
results, nearly all of one shape: a whole figure against a whole target, met or not. :func:`writer` gives, for
such a report, the text :func:`mzcheck.render.json.piece` writes for its :func:`~mzcheck.evaluate` result, and
its summary (a :class:`~mzcheck.render.Written`), made from the plain verdicts of
:func:`mzcheck.engine.evaluate.whole_verdicts` with no record per result: a result is one text template for the
way it came out (met; not met, short or over, with a shortfall or none), made at its first use and shared by the
rules whose sentences are the same, with the rule's own texts and the figures put in by ``%``. A report of any other shape gives None and is decided and written the general
way. The text is the general way's byte for byte: the templates are made of the JSON writer's own pieces
(``mzcheck.render.json``: ``_front``, ``_one_value``, its layout), their sentences by the same wording
(``Verdicts.figured``, ``WholeShortfall.figured``: the sentences of :meth:`~mzcheck.core.wording.Verdicts.whole`
with a mark where each figure goes). ``tests/test_direct.py`` holds the two ways to the same text and summary
(docs/design/0037-whole-verdicts-written-directly.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from json.encoder import encode_basestring as _quote  # the JSON writer's string escaping
from typing import Any

from mzcheck.core.wording import MARKS
from mzcheck.engine.evaluate import (
    Shown,
    applicable,
    due_years,
    nothing_note,
    nothing_result,
    report_info,
    whole_verdicts,
)
from mzcheck.kinds.base import whole_words
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.model.results import Completion, FailOn, ValueRef
from mzcheck.render import Written
from mzcheck.render.json import (
    _amount_text,
    _check,
    _child_text,
    _completion_text,
    _front,
    _head,
    _Layout,
    _layout,
    _message_at,
    _one_value,
    _ref_at,
    _ref_text,
    _Rule,
    _rule,
    _shortfall_text,
    _Unusual,
)

__all__ = ["DIRECT", "writer"]

_PAD = "    "  # a report's indentation in the run's document (json._report_pieces)
# the marks of what a template has besides the sentences' figures (wording.MARKS): the signed gap, the 完成率, the
# value used and the shortfall's amount (its digits), each as written, and the texts of the rule's own fields
# (json._Rule's: up to its indicator's name, the name, from its strength to its target, the target's text, its
# source), in the order the function making a template takes them
_NAMES = dict(zip((*MARKS, *(chr(c) for c in range(0xE005, 0xE00E))),
                  ("a", "A", "g", "G", "N", "d", "c", "r", "n", "head", "names", "middle", "text", "source"), strict=True))
_WHOLE = ("a", "g", "n", "d")  # the marks put in as integers (the others as text: UTF-8 bytes)
_PRIVATE = re.compile("[\ue000-\uf8ff]")  # Unicode's private use area, where the marks are
# where a report with no rule due has its jurisdiction's name and code (its note names the place too)
_PLACE, _CODE = "\ue00e", "\ue00f"
_MOST = 8192  # templates kept (a few for each indicator, target and due date of a province's rules), then let go
# Tests set this to False to write every report the general way (the reference of this one).
DIRECT = True


def writer(rules: RuleSet, fail_on: FailOn = "error", shown: Shown = "mean") -> Callable[[Report], Written | None]:
    """A report's :class:`~mzcheck.render.Written` in the json format (its text as UTF-8 bytes), for a report
    whose every verdict is whole (:func:`~mzcheck.engine.evaluate.whole_verdicts`) or that has no rule due; None
    for any other. ``fail_on`` and ``shown``: as for
    :func:`~mzcheck.evaluate`. Waivers, a history store and ``--year`` are the caller's to rule out."""
    return _Writer(rules, fail_on, shown).written


class _Writer:
    """:func:`writer`'s texts: the JSON writer's (as ``json._report_pieces`` keeps them), the templates by the way
    a result came out (shared by the rules whose sentences are the same), and for each rule met (by its plain
    constants, ``engine.evaluate._Plain``) its own texts and its templates by status, the gap's sign and whether
    there is a shortfall. Each dict is let go past :data:`_MOST` entries."""

    def __init__(self, rules: RuleSet, fail_on: FailOn, shown: Shown) -> None:
        self.rules, self.fail_on, self.shown = rules, fail_on, shown
        self.memo: dict[Any, Any] = {}
        self.lay = lay = _layout(_PAD, self.memo)
        self.templates: dict[tuple[Any, ...], bytes | None] = {}
        self.plains: dict[int, tuple[Any, dict[tuple[str, int, bool], bytes | None], dict[bytes, bytes] | None]] = {}
        self.open, self.between = lay.open.encode(), lay.between.encode()
        self.tail = f"\n{lay.inner}]{lay.ended('[]')}".encode()
        self.nothings: dict[tuple[Any, ...], tuple[bytes, Any] | None] = {}

    def written(self, report: Report) -> Written | None:
        if not DIRECT:
            return None
        due = applicable(self.rules, report)
        if not due:
            return self.nothing(report)
        got = whole_verdicts(self.rules, report, self.fail_on, self.shown, due)
        if got is None:
            return None
        info, summary, rows = got
        lay = self.lay
        try:
            out = [_head(info, summary, lay, self.memo).encode(), self.open]
            between = self.between
            for row in rows:
                if row[0]:
                    parts: list[str] = []
                    _each(row, lay, self.memo, parts)
                    out.append("".join(parts).encode())
                else:
                    text = self.own(row)
                    if text is None:
                        return None
                    out.append(text)
                out.append(between)
        except UnicodeEncodeError:  # a lone surrogate (a file name read with surrogateescape): the general way
            return None
        out[-1] = self.tail
        return Written(b"".join(out), summary)

    def nothing(self, report: Report) -> Written | None:
        """A report no rule is due for (most of a province's reports under the bundled rules): evaluate's result
        of its one note (``evaluate.nothing_result``) as the JSON writer writes it, from a template kept by all
        that text depends on but the jurisdiction's name and code; None (the general way) where the text holds
        a character of the private use area besides the marks."""
        place = report.jurisdiction
        years = due_years(self.rules, place.code)
        key = (years, report.target_year, report.period, report.as_of, report.file)
        kept = self.nothings.get(key)
        if kept is None:
            if key in self.nothings:
                return None
            if len(self.nothings) >= _MOST:
                self.nothings.clear()
            kept = self.nothings[key] = self.nothing_template(report, years)
            if kept is None:
                return None
        template, summary = kept
        try:
            return Written(template % {b"p": _quote(place.name)[1:-1].encode(), b"c": _quote(place.code)[1:-1].encode()},
                           summary)
        except UnicodeEncodeError:  # a lone surrogate: the general way
            return None

    def nothing_template(self, report: Report, years: tuple[int, ...]) -> tuple[bytes, Any] | None:
        """:meth:`nothing`'s template (with its summary): the JSON writer's text of the result with the marks
        :data:`_PLACE` and :data:`_CODE` for the name and the code, each then a ``%(name)s`` and every other ``%``
        doubled (JSON escapes a string character by character, so the name escaped alone is the same text)."""

        def made(name: str, code: str) -> Any:
            info = report_info(report).model_copy(update={"jurisdiction": name, "code": code})
            return nothing_result(info, nothing_note(years, name, report.target_year))

        try:
            if _PRIVATE.search("".join(_check(made("", ""), _PAD, self.memo))):
                return None
            result = made(_PLACE, _CODE)
            text = "".join(_check(result, _PAD, self.memo))
            template = text.replace("%", "%%").replace(_PLACE, "%(p)s").replace(_CODE, "%(c)s").encode()
        except (_Unusual, TypeError, UnicodeEncodeError):  # a record the JSON writer does not write itself, a
            return None  # lone surrogate: the general way
        return template, result.summary

    def own(self, row: tuple[Any, ...]) -> bytes | None:
        """A result on the report's own value, as UTF-8, from the template for the way it came out; None where
        there is none (a text of its sentences holds a character of the private use area, or one that is no
        UTF-8)."""
        _, status, sev, _, p, actual, diff, x, short, done = row
        sign = (diff > 0) - (diff < 0)
        kept = self.plains.get(id(p))
        if kept is None or kept[0] is not p:
            if len(self.plains) >= _MOST:
                self.plains.clear()
            r = _rule(p.base, self.lay, self.memo)
            texts = {"head": r.head, "names": r.names_json, "middle": r.middle, "text": r.text_json,
                     "source": r.source_json}
            try:
                own: dict[bytes, bytes] | None = {k.encode(): v.encode() for k, v in texts.items()}
            except UnicodeEncodeError:
                own = None
            kept = self.plains[id(p)] = (p, {}, own)
        if kept[2] is None:
            return None
        way = (status, sign, short > 0)
        ways = kept[1]
        if way in ways:
            template = ways[way]
        else:
            template = ways[way] = self.template(p, status, sign, short > 0, sev)
        if template is None:
            return None
        lay = self.lay
        size = -diff if diff < 0 else diff
        line, cell, file = x.line, x.cell, x.file
        used = (_ref_text(lay, x.indicator, "values", x.raw, file, line) if type(line) is int and cell is None
                else _ref_at(ValueRef(indicator=x.indicator, section="values", raw=x.raw, file=file, line=line,
                                      cell=cell), lay))
        return template % {
            **kept[2], b"a": actual, b"A": f"{actual:,}".encode(), b"g": size, b"G": f"{size:,}".encode(),
            b"N": f"{short:,}".encode(), b"n": short, b"d": diff,
            b"c": b"null" if done is None else _completion_text(lay, done[0], _PERCENT, done[1]).encode(),
            b"r": used.encode()}

    def template(self, p: Any, status: str, sign: int, short: bool, sev: str) -> bytes | None:
        """The template of a result of ``p``'s rule that came out so, shared by the rules it shares its sentences,
        severity, unit and indicator with (:func:`_template`)."""
        how = "add" if p.threshold.upward else "reduce"
        words = whole_words(p.indicator, how) if short else None
        way = (p.verdicts, words, status, sign, sev, p.label, p.indicator.id, p.indicator.unit.label)
        if way not in self.templates:
            if len(self.templates) >= _MOST:
                self.templates.clear()
            self.templates[way] = _template(way, how, self.lay)
        return self.templates[way]


def _template(way: tuple[Any, ...], how: str, lay: _Layout) -> bytes | None:
    """The ``%`` template of a result that came out ``way`` (its sentences, the shortfall's words or None, status,
    the gap's sign, severity, unit and the indicator's id and unit), as UTF-8: json's pieces of a result on one
    value (``_front``, ``_one_value``) with marks for the rule's texts and the figures (:data:`_NAMES`), each mark
    then a ``%(name)s`` (``%(name)d`` for the integers: :data:`_WHOLE`) and every other ``%`` doubled; the rules
    whose sentences are the same share it. None when a text of the template's own holds a character of the
    private use area (it could not be told from a mark) or one that is no UTF-8. Bytes, as the output takes them:
    filled and written without a text to encode (0038)."""
    verdicts, words, status, sign, sev, label, ind, ind_label = way
    said = lay.said.get((status, sev)) or lay.say(status, sev)

    def made(a: str, big_a: str, g: str, big_g: str, big_n: str, d: str, c: str, r: str, n: str, *rule: str) -> str:
        shortfall = "[]"
        if words is not None:
            m = words.figured(big_n)
            shortfall = f"{lay.open_j}{_shortfall_text(lay, ind, n, ind_label, how, m.zh, m.en, m.code)}{lay.close_i}"
        front = _front(_Rule((), None, None, None, lay, rule), lay, said, _amount_text(lay, a, label),  # type: ignore[arg-type]
                       _amount_text(lay, d, label), shortfall, _message_at(verdicts.figured(status, sign, a, big_a, g, big_g), lay))
        return "".join(_one_value(front, lay, c, r))

    if _PRIVATE.search(made(*[""] * len(_NAMES))):  # the texts with no figure: its sentences' words, the unit
        return None
    text = made(*_NAMES).replace("%", "%%")
    for mark, name in _NAMES.items():
        text = text.replace(mark, f"%({name})d" if name in _WHOLE else f"%({name})s")
    try:
        return text.encode()
    except UnicodeEncodeError:
        return None


def _each(row: tuple[Any, ...], lay: _Layout, memo: dict[Any, Any], out: list[str]) -> None:
    """A result on each child unit, its pieces added to ``out``: its children's verdicts, and the values used."""
    _, status, sev, _, p, worst, children, message = row
    label = p.label
    out += _front(_rule(p.base, lay, memo), lay, lay.said.get((status, sev)) or lay.say(status, sev), "null",
                  "null" if worst is None else _amount_text(lay, str(worst), label), "[]", _message_at(message, lay))
    sep = lay.sep_j
    out += (lay.findings_key, "[]", lay.children_key, lay.open_j)
    for name, st, actual, diff, _ in children:
        out += (_child_text(lay, name, st, str(actual), label, str(diff), label), sep)
    out[-1] = lay.close_i
    out += (lay.completion_key, "null", lay.no_progress, lay.open_j)
    for name, _, _, _, x in children:
        line, cell = x.line, x.cell
        out += (_ref_text(lay, x.indicator, f"child:{name}", x.raw, x.file, line) if type(line) is int and cell is None
                else _ref_at(ValueRef(indicator=x.indicator, section=f"child:{name}", raw=x.raw, file=x.file, line=line,
                                      cell=cell), lay), sep)
    out[-1] = lay.close_i
    out.append(lay.no_waiver)


_PERCENT = Completion.model_fields["unit"].default  # a 完成率's unit
