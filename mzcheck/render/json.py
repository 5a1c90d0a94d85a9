"""``--format json``: the machine contract of docs/contract.md, one object for the whole run.

``{"reports": [REPORT, …], "errors": [ERROR, …], "summary": {…}}`` whatever the number of reports: each
REPORT is exactly ``CheckResult.model_dump(mode="json")``, each ERROR an input problem of a file that could
not be read (or of rows that could not be, in a table whose other reports were read), the summary the
totals of the run and its exit code. Numbers are exact decimals written as JSON numbers (``27.61``,
``-0.39``), dates ISO strings. The text is ``json.dumps(…, ensure_ascii=False,
indent=2)``'s, written by :func:`encode`: json has no C encoder for ``indent``, and a province's table has
thousands of reports whose small flat objects (summaries, mostly alike) are each written once here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from json.encoder import encode_basestring as _quote  # json's own string escaping (C)
from operator import is_, itemgetter, mul
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from mzcheck.core.errors import Problem
from mzcheck.core.messages import Message
from mzcheck.core.modelbase import BaseModel, ConfigDict, Field
from mzcheck.model.results import (
    Amount,
    CheckResult,
    ChildResult,
    Completion,
    CompletionSummary,
    Finding,
    Pace,
    Projection,
    ReportInfo,
    Result,
    Shortfall,
    SourceOut,
    Summary,
    TrajectoryPoint,
    ValueRef,
    WaiverOut,
)
from mzcheck.render import Options, Written, WrittenRun

if TYPE_CHECKING:
    from mzcheck.core.forks import Span

_SCALARS = (str, int, float, bool, type(None), Decimal, dt.date)


def to_jsonable(value: Any) -> Any:
    """Plain JSON values: Decimal → int or float printing the same digits, date → ISO text."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)  # ≤ 15 significant digits: repr() prints the decimal back unchanged
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def result_object(result: CheckResult) -> dict[str, Any]:
    """One report object of the contract: exactly ``result.model_dump(mode="json")``."""
    return result.model_dump(mode="json")


def encode(value: Any) -> str:
    """``json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)``, the same text, faster."""
    try:
        return _encode(value, "", {})
    except TypeError:  # a key that is not text, NaN, a value of another type: json's own spelling or error
        return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)


def dumps(value: Any) -> str:
    return encode(value)


COUNTS = ("met", "not_met", "missing", "invalid", "waived", "on_track", "behind", "not_due", "total", "errors",
          "warnings")


def run_summary(summaries: Sequence[Summary], errors: Sequence[Problem]) -> dict[str, Any]:
    """The ``summary`` of the run: how many reports, the results' counts added up, the input errors, and the
    exit code of ``mzcheck check`` (2 when an input could not be read, else 1 when a report did not pass)."""
    distinct: dict[int, list[Any]] = {}  # a summary given for many reports (nothing to check) added up once
    for s in summaries:
        seen = distinct.get(id(s))
        if seen is None:
            distinct[id(s)] = [s, 1]
        else:
            seen[1] += 1
    # a dense table's thousands of summaries: their fields read from their dicts, each count added up in C
    fields = [s.__dict__ if type(s) is Summary else {k: getattr(s, k) for k in COUNTS} for s, _ in distinct.values()]
    times = [n for _, n in distinct.values()]
    totals = {k: sum(map(mul, map(itemgetter(k), fields), times)) for k in COUNTS}
    passed = all(s.passed for s, _ in distinct.values())
    return {"reports": len(summaries), **totals, "input_errors": len(errors), "passed": passed and not errors,
            "exit": 2 if errors else 0 if passed else 1}


def output_object(results: Sequence[CheckResult], errors: Sequence[Problem] = ()) -> dict[str, Any]:
    """The object ``--format json`` prints (Decimals and dates as :func:`encode` writes them)."""
    return {"reports": [r.model_dump(mode="python") for r in results], "errors": [p.as_json() for p in errors],
            "summary": run_summary([r.summary for r in results], errors)}


def render(results: Sequence[CheckResult], options: Options) -> str:
    # results, not texts written apart (Written): every piece of them is text
    return "".join(cast("Iterator[str]", chunks(results, options.errors)))


def stream(results: Iterable[CheckResult | Written | WrittenRun], options: Options) -> Iterator[str | bytes | Span]:
    """:func:`chunks` of the run's results and input errors (the streaming writers' signature)."""
    return chunks(results, options.errors)


def chunks(results: Iterable[CheckResult | Written | WrittenRun],
           errors: Sequence[Problem] = ()) -> Iterator[str | bytes | Span]:
    """:func:`render`'s text piece by piece, a report at a time, as ``results`` yields them: a table of
    thousands of reports is written while it is checked, never held whole; the run's summary, which needs
    every report, comes last. The text is ``encode(output_object(results, errors))``'s; a report written by a
    forked process comes as its UTF-8 bytes (:class:`Written`), given on as they are, and a run of them joined
    (:class:`WrittenRun`, each led by :data:`LEAD`) as the span of the file they lie in, for the output to copy."""
    parts_of = _report_pieces()
    seen: list[Summary] = []
    for result in results:
        lead = _NEXT if seen else _FIRST
        if isinstance(result, WrittenRun):  # a forked process's run, joined: its first lead is the document's
            span = result.span  # head where it comes first
            seen += result.summaries
            if lead is _FIRST:
                from mzcheck.core.forks import Span  # only here: a run of a forked process comes first

                yield lead
                span = Span(span.file, span.start + len(LEAD), span.size - len(LEAD))
            yield span
            continue
        seen.append(result.summary)
        if isinstance(result, Written):  # decided and written by a forked process (mzcheck.render.pieces)
            text = result.text
            if text.__class__ is bytes:  # its UTF-8, for the output as it is
                yield lead
                yield text
            else:
                yield lead + text  # type: ignore[operator]
        else:  # a report's pieces joined once with what comes before it (a dense table's 150 MB copied once more, not thrice)
            yield "".join([lead, *parts_of(result)])
    yield '\n  ],\n' if seen else '{\n  "reports": [],\n'
    rest = encode({"errors": [p.as_json() for p in errors], "summary": run_summary(seen, errors)})
    yield rest[2:] + "\n"  # after its opening brace and line break


# Where pydantic's JSON numbers may differ from json.dumps's: a float below 1e-4 (Python writes 1e-05,
# pydantic 0.00001). Matched anywhere (in a sentence too), it only sends the report to the Python encoder.
_FLOAT_SPELLING = re.compile(r"0\.0000\d|\de-")


def _float_spelling(text: str) -> bool:
    """``_FLOAT_SPELLING.search(text)``, searched from the fixed part of each alternative (a report's text is tens
    of kilobytes, and the pattern has no fixed first character: the search tried every position; rule ids
    such as ``dense-…`` put ``e-`` in every result, so it is not looked at occurrence by occurrence either)."""
    return ("0.0000" in text and _TINY.search(text) is not None) or _EXPONENT.search(text) is not None


_TINY = re.compile(r"0\.0000\d")  # starts with a fixed text: found by re's literal prefix scan
_EXPONENT = re.compile(r"e-(?<=\de-)")  # "e-", then a look back for the digit before it


def piece(options: Options) -> Callable[[CheckResult], str]:
    """A report's object as :func:`chunks` writes it in the run's document (mzcheck.render.pieces)."""
    parts_of = _report_pieces()
    return lambda result: "".join(parts_of(result))


def _report_pieces() -> Callable[[CheckResult], list[str]]:
    """A report's object in the run's document, in pieces (:func:`_pieces`), with a memo of its own: what
    reports have in common is written once, and let go past :data:`_MEMO_MOST` texts."""
    memo: dict[Any, Any] = {}

    def parts_of(result: CheckResult) -> list[str]:
        if len(memo) > _MEMO_MOST:
            memo.clear()
        return _pieces(result, "    ", memo)

    return parts_of


_FIRST, _NEXT = '{\n  "reports": [\n    ', ",\n    "
LEAD = _NEXT.encode()  # between two reports: a forked process's run of them is written joined so (render.pieces)


def _pieces(result: CheckResult, pad: str, memo: dict[Any, Any]) -> list[str]:
    """:func:`_report`'s text in pieces (those of :func:`_check`, or the text whole)."""
    if _DIRECT and type(result) is CheckResult:
        try:
            return _check(result, pad, memo)
        except (_Unusual, TypeError):  # a record or value of another type: pydantic's dump says how it is written
            pass
    return [_report(result, pad, memo, direct=False)]


def _report(result: CheckResult, pad: str, memo: dict[Any, Any], direct: bool = True) -> str:
    """One report's object, indented by ``pad``: written field by field from the records (:func:`_check`)
    where they are of the result models' own classes and types; else pydantic's own JSON (written in Rust)
    where its text is json.dumps's, which is every report whose numbers are not tiny fractions; else
    :func:`encode`'s."""
    if direct and _DIRECT and type(result) is CheckResult:
        try:
            return "".join(_check(result, pad, memo))
        except (_Unusual, TypeError):  # a record or value of another type: pydantic's dump says how it is written
            pass
    try:
        text = result.model_dump_json(indent=2)
    except Exception:  # a text pydantic will not write (a lone surrogate): json's own spelling or error
        text = ""
    if not text or _float_spelling(text):
        return _encode_at(result.model_dump(mode="python"), pad, memo)
    return text.replace("\n", "\n" + pad) if pad else text  # no JSON text holds a raw line break


# enough for the rules of a province's table (the dense benchmark's 5,704: its cities' results, which come after
# all their counties', find their rules' texts still kept), a few megabytes (a rule's own text is short, _Rule)
_MEMO_MOST = 8192


def _encode_at(value: Any, pad: str, memo: dict[Any, Any]) -> str:
    """``value`` as an item of an array indented by ``pad``: as :func:`encode` writes it there."""
    try:
        return _encode(value, pad, memo)
    except TypeError:  # json's own spelling or error, indented as json.dumps indents an item
        return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


class _Unusual(Exception):
    """A record :func:`_check` does not write itself (another class, a value of another type): its report is
    written from pydantic's dump instead."""


def _check(result: CheckResult, pad: str, memo: dict[Any, Any]) -> list[str]:
    """A report written from its records / 按记录直接写出报表.

    ``_encode(result.model_dump(mode="python"), pad, memo)`` in pieces, written from the records themselves.

    A dense table's 53,616 results cost pydantic's serializer about 1 s, much of it on what is the same for
    every result of a rule (its id, names, target, source). Here each record of the result models' own classes
    is written field by field in the order of its model with json.dumps's spelling (:func:`_scalar`): the
    parts of a result that come from its rule once per rule and indentation (:func:`_rule`), the rest around
    the fixed texts of the indentation (:class:`_Layout`), a message (frozen) once per object where it recurs.
    A record of another class (a subclass, a dict put in by ``model_copy``) raises :class:`_Unusual`, a value
    of another type TypeError: the caller then writes the report the general way. ``tests/test_json_writer.py``
    holds this to :func:`encode` of the dump, on the examples, on generated reports and on records changed
    every way a field can be."""
    d = result.__dict__
    lay = memo.get(pad) or _layout(pad, memo)
    inner = lay.inner
    results = _listed(d["results"])
    findings = _items([_finding(f, lay.rows, memo) for f in _listed(d["findings"])], inner)
    head = _head(d["report"], d["summary"], lay, memo)
    if not results:
        return [head, "[]" + lay.ended(findings)]
    out = [head + lay.open]
    between = lay.between
    for r in results:  # the results' texts as pieces with what separates them: joined once, by the caller
        _result(r, lay, memo, out)
        out.append(between)
    out[-1] = f"\n{inner}]{lay.ended(findings)}"
    return out


def _head(report: Any, summary: Any, lay: _Layout, memo: dict[Any, Any]) -> str:
    """A report's object up to its results: its report and summary records, each of plain values (and the
    summary's overall 完成率, whose method is a message that recurs), written into the layout's template where
    their fields are the models' in order and of the usual types, else field by field (:func:`_flat`,
    :func:`_summary`)."""
    if type(report) is ReportInfo and type(summary) is Summary:
        r, s = report.__dict__, summary.__dict__
        if tuple(r) == _REPORT_KEYS and tuple(s) == _SUMMARY_KEYS:
            jur, code, period, as_of, year, file = r.values()
            *counts, passed, completion = s.values()
            if (type(jur) is str and type(code) is str and type(period) is int and type(as_of) is dt.date
                    and type(year) is int and (file is None or type(file) is str)
                    and tuple(map(type, counts)) == _COUNT_TYPES and (passed is True or passed is False)):
                shown = "null" if completion is None else _completion_summary(completion, lay, memo)
                return lay.head % (_quote(jur), _quote(code), period, _quote(as_of.isoformat()), year,
                                   "null" if file is None else _quote(file), *counts,
                                   "true" if passed else "false", shown)
    inner = lay.inner
    return (f'{{\n{inner}"report": {_flat(report, ReportInfo, inner)},\n{inner}"summary": '
            f'{_summary(summary, inner)},\n{inner}"results": ')


_REPORT_KEYS = ("jurisdiction", "code", "period", "as_of", "target_year", "file")
_SUMMARY_KEYS = ("met", "not_met", "missing", "invalid", "on_track", "behind", "not_due", "waived", "total", "errors",
                 "warnings", "passed", "completion")
_COUNT_TYPES = (int,) * (len(_SUMMARY_KEYS) - 2)


def _completion_summary(c: Any, lay: _Layout, memo: dict[Any, Any]) -> str:
    """A summary's overall 完成率 (at ``lay.inner`` + two spaces): two numbers, then what follows them (the
    shown rate, the count of items and the method, a message made once for each count) kept by those values."""
    if type(c) is CompletionSummary:
        d = c.__dict__
        mean, total, shown, items, method = d["mean"], d["total"], d["shown"], d["items"], d["method"]
        if ((mean is None or type(mean) is Decimal) and (total is None or type(total) is Decimal)
                and type(shown) is str and type(items) is int):
            key = (shown, items, id(method))
            kept = lay.methods.get(key)
            if kept is None or kept[0] is not method:
                i = lay.i
                kept = (method, f',\n{i}"shown": {_quote(shown)},\n{i}"items": {int.__repr__(items)},\n{i}"method": '
                                f'{_message(method, i)}\n{lay.rows}}}')
                _keep(lay.methods, key, kept)
            return (f'{{\n{lay.i}"mean": {"null" if mean is None else _decimal(mean)},\n{lay.i}"total": '
                    f'{"null" if total is None else _decimal(total)}{kept[1]}')
    return _summary_completion(c, lay.inner)


def _summary(summary: Any, pad: str) -> str:
    """A report's summary: its counts, and its overall 完成率 (a record of plain values and a message)."""
    if type(summary) is not Summary:
        raise _Unusual
    d = summary.__dict__
    keys = _FLAT_KEYS.get(Summary) or _keys(Summary)
    completion = d["completion"]
    shown = "null" if completion is None else _summary_completion(completion, pad)
    return _object(pad, keys, tuple(_scalar(d[k]) if k != "completion" else shown for k in keys))


def _summary_completion(completion: Any, pad: str) -> str:
    """A summary's overall 完成率, in a summary at ``pad``."""
    if type(completion) is not CompletionSummary:
        raise _Unusual
    c = completion.__dict__
    i = pad + "    "
    return (f'{{\n{i}"mean": {_scalar(c["mean"])},\n{i}"total": {_scalar(c["total"])},\n{i}"shown": '
            f'{_scalar(c["shown"])},\n{i}"items": {_scalar(c["items"])},\n{i}"method": {_message(c["method"], i)}'
            f'\n{pad}  }}')


def _result(r: Any, lay: _Layout, memo: dict[Any, Any], out: list[str]) -> None:
    """One result's object at ``lay.rows`` (:func:`_check`), in pieces added to ``out``: the text of its rule's
    fields (:func:`_rule`) and, between them, what varies, whose usual shapes (an amount of a decimal, a
    shortfall, a value used, a child's verdict, nothing before the due date, no waiver) are spelt around the
    layout's fixed texts (:class:`_Layout`). The pieces are joined once, with the report's (a result's text, tens
    of kilobytes for a city's verdicts on its children, is not copied into a string of its own first)."""
    if type(r) is not Result:
        raise _Unusual
    d = r.__dict__
    rule = _rule(d, lay, memo)
    status, sev = d["status"], d["severity"]
    if type(status) is not str or type(sev) is not str:
        raise _Unusual
    actual, gap, completion, waiver = d["actual"], d["gap"], d["completion"], d["waiver"]
    shortfall, findings, children, trajectory, inputs = (d["shortfall"], d["findings"], d["children"],
                                                         d["trajectory"], d["inputs"])
    if not (type(shortfall) is list and type(findings) is list and type(children) is list and type(trajectory) is list
            and type(inputs) is list):
        raise _Unusual
    i = lay.i
    front = _front(rule, lay, lay.said.get((status, sev)) or lay.say(status, sev), _amount_at(actual, lay),
                   _amount_at(gap, lay), _shortfalls(shortfall, lay, memo) if shortfall else "[]",
                   _message_at(d["message"], lay))
    rest = d["expected_to_date"], d["pace_needed"], d["projection"]
    if (not findings and not children and len(inputs) == 1 and waiver is None and rest == (None, None, None)
            and not trajectory):  # a county's result, the common one
        out += _one_value(front, lay, "null" if completion is None else _completion_at(completion, lay),
                          _ref_at(inputs[0], lay))
        return
    out += front
    if findings or children:
        out += (lay.findings_key, _items([_finding(x, lay.j, memo) for x in findings], i) if findings else "[]",
                lay.children_key)
        if children:
            _children(children, lay, memo, out)
        else:
            out.append("[]")
        out.append(lay.completion_key)
    else:
        out.append(lay.bare)
    out += ("null" if completion is None else _completion_at(completion, lay),
            lay.no_progress if rest == (None, None, None) and not trajectory
            else _progress((*rest, None), trajectory, i, memo) + lay.inputs)
    if len(inputs) == 1:  # a county's value
        out += (lay.open_j, _ref_at(inputs[0], lay), lay.close_i)
    elif inputs:
        _refs(inputs, lay, out)
    else:
        out.append("[]")
    out.append(lay.no_waiver if waiver is None else f',\n{i}"waiver": {_model(waiver, i, memo, WaiverOut)}\n{lay.rows}}}')


def _front(rule: _Rule, lay: _Layout, said: str, actual: str, gap: str, shortfall: str, message: str) -> tuple[str, ...]:
    """A result's pieces up to its source (:func:`_result`): its rule's texts, and its status and severity (with
    the keys around them: ``_Layout.say``), actual, gap, shortfall and message, as written."""
    return (rule.head, rule.names_json, said, rule.middle, rule.text_json, lay.actual, actual, lay.gap, gap,
            lay.shortfall, shortfall, lay.message, message, lay.source, rule.source_json)


def _one_value(front: tuple[str, ...], lay: _Layout, completion: str, ref: str) -> tuple[str, ...]:
    """The pieces of a result on one value used and nothing else (no findings, children, progress or waiver:
    a county's result, the common one), after its :func:`_front`: its 完成率 and its value used, as written."""
    return (*front, lay.bare, completion, lay.no_progress_one, ref, lay.end_one)


class _Rule:
    """The text of the fields a result takes from its rule, at one indentation (:func:`_rule`), and the values
    it was written from, to know it again. Its own text is short (up to ``indicator_name``, from ``strength``
    to ``target_text``); the texts of its indicator's name, of its target's and of its source are those kept by
    value (:func:`_fixed_message`), which the rules of one indicator or of one target share: a province's
    thousands of rules are kept in little memory."""

    __slots__ = ("fields", "head", "items", "lay", "middle", "names", "names_json", "source_json", "text", "text_json",
                 "value")

    def __init__(self, fields: tuple[Any, ...], names: Any, text: Any, value: Any, lay: _Layout,
                 parts: tuple[str, str, str, str, str]) -> None:
        self.fields, self.names, self.text, self.value, self.lay = fields, names, text, value, lay
        self.items = tuple(value) if type(value) is list else ()  # a range's bounds, as they were
        self.head, self.names_json, self.middle, self.text_json, self.source_json = parts


def _rule(d: dict[str, Any], lay: _Layout, memo: dict[Any, Any]) -> _Rule:
    """The text of a result's rule fields (:class:`_Rule`), kept in ``memo`` under the id of its target (the
    engine gives every result of a rule the same records) and used again for a result whose rule fields are
    the same: the same frozen messages and target value (a number of its own type prints one way: 1, True and
    1.0 are equal but print apart), the other values equal (texts, dates and None, which only values printing
    the same equal). The id only finds a text; its fields decide whether it serves: an id given again to
    another object after the first was freed finds a text whose fields are not that object's."""
    target, source = d["target"], d["source"]
    if type(target) is not Amount or type(source) is not SourceOut:
        raise _Unusual
    t = target.__dict__
    value, names, text = t["value"], d["indicator_name"], d["target_text"]
    o = source.__dict__
    values = (o["document"], o["quote"], o["publisher"], o["published"], o["file"])
    fields = (d["rule_id"], d["indicator"], d["strength"], d["kind"], d["comparator"], d["due"], t["unit"], *values)
    kept = memo.get(id(target))
    if (kept is not None and kept.fields == fields and kept.value is value and kept.names is names
            and kept.text is text and kept.lay is lay and (type(value) is not list or _same_items(value, kept.items))):
        return kept  # type: ignore[no-any-return]
    if any(type(v) not in _PLAIN for v in fields):
        raise _Unusual  # a value of another type: kept by value only when nothing of another type equals it
    i = lay.i
    s = _scalar
    fixed = lay.fixed  # what rules have in common, kept by value: their names, target texts, sources
    key = ("source", *values)
    source_text = fixed.get(key) or _keep(fixed, key, _flat(source, SourceOut, i))
    parts = (f'{{\n{i}"rule_id": {s(d["rule_id"])},\n{i}"indicator": {s(d["indicator"])},\n{i}"indicator_name": ',
             _fixed_message(names, lay),
             f'{s(d["strength"])},\n{i}"kind": {s(d["kind"])},\n{i}"comparator": {s(d["comparator"])},\n{i}"due": '
             f'{s(d["due"])},\n{i}"target": {_amount(target, i)},\n{i}"target_text": ',
             _fixed_message(text, lay), source_text)
    rule = memo[id(target)] = _Rule(fields, names, text, value, lay, parts)
    return rule


def _same_items(value: list[Any], items: tuple[Any, ...]) -> bool:
    """Whether a list holds the very objects it held (a list is changed in place, a number is not)."""
    return len(value) == len(items) and all(map(is_, value, items))


def _fixed_message(m: Any, lay: _Layout) -> str:
    """A message of a rule (its indicator's name, its target's text) at ``lay.i``, kept by its texts: rules of
    one indicator, or of one target, have the same."""
    if type(m) is Message:
        key = ("message", m.zh, m.en, m.code)
        if all(type(v) is str or v is None for v in key):
            return lay.fixed.get(key) or _keep(lay.fixed, key, _message(m, lay.i))
    return _message(m, lay.i)


# the types of the rule fields' values kept by value: a text equals only a text, a date only a date (not a
# datetime), None only None
_PLAIN = (str, type(None), dt.date)


class _Layout:
    """The fixed texts of a report written at one indentation / 报表对象的固定文本.

    What separates the fields of a report at ``pad``, of its results and of the records in them (an amount's,
    a message's, a shortfall's, a value used's, a child's verdict's) at their depths, and the texts of values
    that recur around the varying ones (a unit with what follows it, a message's code with the end of the
    message, a value used's indicator, section and file …), each written once. ``inner`` is the indentation of
    the report's fields, ``rows`` of its results and of the fields of its report and summary, ``i`` of a
    result's fields, ``j`` of the fields of the records in it and of the items of its lists, ``k`` and ``m``
    deeper. The recurring texts are kept in dicts by their values, for values that are texts (or None)
    exactly; a dict is emptied past :data:`_LAYOUT_MOST` texts."""

    __slots__ = ("actual", "bare", "between", "child", "child_end", "child_gap", "child_status", "children_key", "close_i",
                 "codes", "codes_k", "completion_key", "completions", "end_one", "files", "findings_key", "fixed", "gap",
                 "head", "i", "inner", "inputs", "j", "k", "m",
                 "message", "methods", "no_progress", "no_progress_one", "no_waiver", "open", "open_j", "pad",
                 "ref_end", "ref_heads", "rows", "said", "sections", "sep_j", "shortfall", "shortfall_heads",
                 "shortfall_mids", "source", "units", "units_k")

    def __init__(self, pad: str) -> None:
        self.pad = pad
        inner = self.inner = pad + "  "
        rows = self.rows = inner + "  "
        i = self.i = rows + "  "
        j = self.j = i + "  "
        k = self.k = j + "  "
        self.m = k + "  "
        self.open = "[\n" + rows
        self.between = ",\n" + rows
        e, f = rows.replace("%", "%%"), inner.replace("%", "%%")  # a report's head: a template its values are put
        self.head = (f'{{\n{f}"report": {{\n{e}"jurisdiction": %s,\n{e}"code": %s,\n{e}"period": %d,\n{e}"as_of": '
                     f'%s,\n{e}"target_year": %d,\n{e}"file": %s\n{f}}},\n{f}"summary": {{\n'  # in by % (%d: an int's
                     + "".join(f'{e}"{key}": %d,\n' for key in _SUMMARY_KEYS[:-2])  # digits)
                     + f'{e}"passed": %s,\n{e}"completion": %s\n{f}}},\n{f}"results": ')
        self.gap = f',\n{i}"gap": '
        self.shortfall = f',\n{i}"shortfall": '
        self.message = f',\n{i}"message": '
        self.actual = f',\n{i}"actual": '
        self.source = f',\n{i}"source": '
        self.findings_key, self.children_key = f',\n{i}"findings": ', f',\n{i}"children": '
        self.completion_key = f',\n{i}"completion": '
        self.bare = f"{self.findings_key}[]{self.children_key}[]{self.completion_key}"  # no findings, no children
        self.inputs = f',\n{i}"inputs": '
        self.no_progress = (_NO_PROGRESS.get(i) or _no_progress(i)) + self.inputs  # and the key of inputs
        self.no_waiver = f',\n{i}"waiver": null\n{rows}}}'
        self.open_j, self.sep_j, self.close_i = "[\n" + j, ",\n" + j, "\n" + i + "]"  # a list's, of items at j
        self.ref_end = f',\n{k}"cell": null\n{j}}}'
        self.no_progress_one = self.no_progress + self.open_j  # up to a result's one value used
        self.end_one = self.close_i + self.no_waiver  # after it
        self.child = f'{{\n{k}"jurisdiction": '
        self.child_gap = f',\n{k}"gap": '
        self.child_end = f',\n{k}"waiver": null\n{j}}}'  # a child's verdict's, after its gap
        self.said: dict[tuple[str, str], str] = {}
        self.units: dict[str, str] = {}
        self.units_k: dict[str, str] = {}
        self.codes: dict[str | None, str] = {}
        self.codes_k: dict[str | None, str] = {}
        self.completions: dict[tuple[str, str], str] = {}
        self.shortfall_heads: dict[str, str] = {}
        self.shortfall_mids: dict[tuple[str, str], str] = {}
        self.ref_heads: dict[str, str] = {}
        self.sections: dict[str, str] = {}
        self.files: dict[str | None, str] = {}
        self.child_status: dict[str, str] = {}
        self.methods: dict[tuple[str, int, int], tuple[Any, str]] = {}
        self.fixed: dict[tuple[Any, ...], str] = {}

    def ended(self, findings: str) -> str:
        """The end of a report after its results' list: its findings (written) and its closing brace."""
        return f',\n{self.inner}"findings": {findings}\n{self.pad}}}'

    def say(self, status: str, severity: str) -> str:
        """A result's status and severity (texts), with the keys around them."""
        i = self.i
        return _keep(self.said, (status, severity),
                     f',\n{i}"status": {_quote(status)},\n{i}"severity": {_quote(severity)},\n{i}"strength": ')

    def unit(self, unit: str) -> str:
        """The end of an amount at ``i`` after its value: its unit."""
        return _keep(self.units, unit, f',\n{self.j}"unit": {_quote(unit)}\n{self.i}}}')

    def unit_k(self, unit: str) -> str:
        """The end of an amount at ``k`` (a child's) after its value."""
        return _keep(self.units_k, unit, f',\n{self.m}"unit": {_quote(unit)}\n{self.k}}}')

    def code(self, code: str | None) -> str:
        """The end of a message at ``i`` after its English: its code (left out when None)."""
        return _keep(self.codes, code, f'\n{self.i}}}' if code is None else
                     f',\n{self.j}"code": {_quote(code)}\n{self.i}}}')

    def code_k(self, code: str | None) -> str:
        """The end of a shortfall's message (at ``k``) after its English, and of the shortfall."""
        return _keep(self.codes_k, code, (f'\n{self.k}}}' if code is None else
                                          f',\n{self.m}"code": {_quote(code)}\n{self.k}}}') + f'\n{self.j}}}')

    def completion(self, unit: str, formula: str) -> str:
        """The end of a completion after its value: its unit and formula."""
        return _keep(self.completions, (unit, formula),
                     f',\n{self.j}"unit": {_quote(unit)},\n{self.j}"formula": {_quote(formula)}\n{self.i}}}')

    def shortfall_head(self, indicator: str) -> str:
        """A shortfall's start, up to its value."""
        k = self.k
        return _keep(self.shortfall_heads, indicator, f'{{\n{k}"indicator": {_quote(indicator)},\n{k}"value": ')

    def shortfall_mid(self, unit: str, how: str) -> str:
        """A shortfall's text from after its value to its message's Chinese."""
        k = self.k
        return _keep(self.shortfall_mids, (unit, how),
                     f',\n{k}"unit": {_quote(unit)},\n{k}"how": {_quote(how)},\n{k}"message": {{\n{self.m}"zh": ')

    def ref_head(self, indicator: str) -> str:
        """A value used's start, up to its section."""
        k = self.k
        return _keep(self.ref_heads, indicator, f'{{\n{k}"indicator": {_quote(indicator)},\n{k}"section": ')

    def section(self, section: str) -> str:
        """A value used's section, up to its raw text."""
        return _keep(self.sections, section, f'{_quote(section)},\n{self.k}"raw": ')

    def file(self, file: str | None) -> str:
        """A value used's file, up to its line."""
        k = self.k
        return _keep(self.files, file, f',\n{k}"file": {"null" if file is None else _quote(file)},\n{k}"line": ')

    def child_said(self, status: str) -> str:
        """A child's status, up to its actual value."""
        k = self.k
        return _keep(self.child_status, status, f',\n{k}"status": {_quote(status)},\n{k}"actual": ')


_LAYOUT_MOST = 1024
_K = TypeVar("_K")
_V = TypeVar("_V")


def _keep(texts: dict[_K, _V], key: _K, text: _V) -> _V:
    """``text`` kept in ``texts`` under ``key`` (the dict emptied first when full)."""
    if len(texts) >= _LAYOUT_MOST:
        texts.clear()
    texts[key] = text
    return text


def _layout(pad: str, memo: dict[Any, Any]) -> _Layout:
    """The layout of reports at ``pad``, kept in ``memo`` (under the pad itself: its other keys are not texts)."""
    lay = memo[pad] = _Layout(pad)
    return lay


def _amount_at(a: Any, lay: _Layout) -> str:
    """An amount (or None) at ``lay.i``: a decimal and a text the usual way, anything else by :func:`_amount`."""
    if a is None:
        return "null"
    if type(a) is Amount:
        d = a.__dict__
        value, unit = d["value"], d["unit"]
        if type(value) is Decimal and type(unit) is str:
            return _amount_text(lay, _decimal(value), unit)
    return _amount(a, lay.i)


def _amount_text(lay: _Layout, number: str, unit: str) -> str:
    """An amount at ``lay.i`` of a number as written and a unit."""
    return f'{{\n{lay.j}"value": {number}{lay.units.get(unit) or lay.unit(unit)}'


def _message_at(m: Any, lay: _Layout) -> str:
    """A message at ``lay.i``."""
    if type(m) is Message:
        zh, en, code = m.zh, m.en, m.code
        if type(zh) is str and type(en) is str and (code is None or type(code) is str):
            j = lay.j
            return f'{{\n{j}"zh": {_quote(zh)},\n{j}"en": {_quote(en)}{lay.codes.get(code) or lay.code(code)}'
    return _message(m, lay.i)


def _completion_at(c: Any, lay: _Layout) -> str:
    """A completion at ``lay.i``."""
    if type(c) is Completion:
        d = c.__dict__
        value, unit, formula = d["value"], d["unit"], d["formula"]
        if type(value) is Decimal and type(unit) is str and type(formula) is str:
            return _completion_text(lay, value, unit, formula)
    return _completion(c, lay.i)


def _completion_text(lay: _Layout, value: Decimal, unit: str, formula: str) -> str:
    """A completion at ``lay.i`` of a Decimal and two texts."""
    return f'{{\n{lay.j}"value": {_decimal(value)}{lay.completions.get((unit, formula)) or lay.completion(unit, formula)}'


def _shortfalls(shortfall: list[Any], lay: _Layout, memo: dict[Any, Any]) -> str:
    """A result's shortfall (not empty), its items at ``lay.j``."""
    items = []  # one, mostly
    for x in shortfall:
        if type(x) is Shortfall:
            d = x.__dict__
            ind, value, unit, how, m = d["indicator"], d["value"], d["unit"], d["how"], d["message"]
            if type(ind) is str and type(value) is Decimal and type(unit) is str and type(how) is str and type(m) is Message:
                zh, en, code = m.zh, m.en, m.code
                if type(zh) is str and type(en) is str and (code is None or type(code) is str):
                    items.append(_shortfall_text(lay, ind, _decimal(value), unit, how, zh, en, code))
                    continue
        items.append(_shortfall(x, lay.j, memo))
    return f"{lay.open_j}{items[0] if len(items) == 1 else lay.sep_j.join(items)}{lay.close_i}"


def _shortfall_text(lay: _Layout, ind: str, value: str, unit: str, how: str, zh: str, en: str, code: str | None) -> str:
    """A shortfall at ``lay.j``: its indicator, value (as written), unit and how, and its message's texts."""
    return (f'{lay.shortfall_heads.get(ind) or lay.shortfall_head(ind)}{value}'
            f'{lay.shortfall_mids.get((unit, how)) or lay.shortfall_mid(unit, how)}{_quote(zh)}'
            f',\n{lay.m}"en": {_quote(en)}{lay.codes_k.get(code) or lay.code_k(code)}')


def _refs(inputs: list[Any], lay: _Layout, out: list[str]) -> None:
    """A result's values used (not none), at ``lay.j``, added to ``out``."""
    sep = lay.sep_j
    out.append(lay.open_j)
    for x in inputs:
        out += (_ref_at(x, lay), sep)
    out[-1] = lay.close_i


def _ref_at(x: Any, lay: _Layout) -> str:
    """A value used, at ``lay.j``: texts, a line number and no cell the usual way, anything else by :func:`_ref`."""
    if type(x) is ValueRef:
        d = x.__dict__
        ind, section, raw, file, line = d["indicator"], d["section"], d["raw"], d["file"], d["line"]
        if (type(ind) is str and type(section) is str and type(raw) is str and (file is None or type(file) is str)
                and type(line) is int and d["cell"] is None):
            return _ref_text(lay, ind, section, raw, file, line)
    return _ref(x, lay.j)


def _ref_text(lay: _Layout, ind: str, section: str, raw: str, file: str | None, line: int) -> str:
    """A value used at ``lay.j``, of texts (the file, or None), a line number and no cell."""
    return (f'{lay.ref_heads.get(ind) or lay.ref_head(ind)}{lay.sections.get(section) or lay.section(section)}'
            f'{_quote(raw)}{lay.files.get(file) or lay.file(file)}{int.__repr__(line)}{lay.ref_end}')


def _children(children: list[Any], lay: _Layout, memo: dict[Any, Any], out: list[str]) -> None:
    """A result's children's verdicts (not none), at ``lay.j``, added to ``out``: a text and two amounts (or
    None) each."""
    sep = lay.sep_j
    out.append(lay.open_j)
    for c in children:
        if type(c) is ChildResult:
            d = c.__dict__
            jur, status, actual, gap = d["jurisdiction"], d["status"], d["actual"], d["gap"]
            if (type(jur) is str and type(status) is str and type(actual) is Amount and type(gap) is Amount
                    and d["waiver"] is None):
                a, g = actual.__dict__, gap.__dict__
                av, au, gv, gu = a["value"], a["unit"], g["value"], g["unit"]
                if type(av) is Decimal and type(gv) is Decimal and type(au) is str and type(gu) is str:
                    out += (_child_text(lay, jur, status, _decimal(av), au, _decimal(gv), gu), sep)
                    continue
        out += (_child(c, lay.j, memo), sep)
    out[-1] = lay.close_i


def _child_text(lay: _Layout, jur: str, status: str, actual: str, actual_unit: str, gap: str, gap_unit: str) -> str:
    """A child's verdict at ``lay.j`` (:func:`_children`): its name, status, actual and gap (each a number as
    written and a unit), and no waiver."""
    units = lay.units_k
    return (f'{lay.child}{_quote(jur)}{lay.child_status.get(status) or lay.child_said(status)}{{\n{lay.m}"value": '
            f'{actual}{units.get(actual_unit) or lay.unit_k(actual_unit)}{lay.child_gap}{{\n{lay.m}"value": '
            f'{gap}{units.get(gap_unit) or lay.unit_k(gap_unit)}{lay.child_end}')


# a Decimal's own text where it is the JSON number's (json_number's int, or the repr of its float): a whole
# number (not -0), or a fraction not below 0.0001 (Python writes 1e-05) whose last digit is not 0; at most 15
# significant digits, which the length (under 17) bounds
_FRACTION = re.compile(r"-?(?:[1-9]\d*|0(?!\.0000))\.\d*[1-9]").fullmatch


def _decimal(v: Decimal) -> str:
    """A Decimal as :func:`_number` writes it: its own text where that is the same, the common case (a Decimal's
    text has no leading zeros, and only digits, a sign, a point, an exponent or the name of a special value)."""
    text = str(v)
    if len(text) < 17 and ((text.lstrip("-").isdigit() and text != "-0") or _FRACTION(text) is not None):
        return text
    return _number(v)


def _no_progress(pad: str) -> str:
    """The fields of progress before the due date when there is none: the same text every time."""
    text = _NO_PROGRESS[pad] = (f',\n{pad}"expected_to_date": null,\n{pad}"pace_needed": null,\n{pad}"projection": '
                                f'null,\n{pad}"trajectory": []')
    return text


_NO_PROGRESS: dict[str, str] = {}


def _progress(rest: tuple[Any, ...], trajectory: list[Any], i: str, memo: dict[Any, Any]) -> str:
    expected, pace, projection, _ = rest
    deep = i + "  "
    return (f',\n{i}"expected_to_date": {"null" if expected is None else _amount(expected, i)},\n{i}"pace_needed": '
            f'{_model_or_null(pace, Pace, i, memo)},\n{i}"projection": {_model_or_null(projection, Projection, i, memo)}'
            f',\n{i}"trajectory": {_items([_model(x, deep, memo, TrajectoryPoint) for x in trajectory], i)}')


def _number(v: Any) -> str:
    """A Number field's value as :func:`_scalar` writes it, the Decimal first."""
    if type(v) is Decimal and v.is_finite():
        return int.__repr__(int(v)) if v == v.to_integral_value() else _scalar(float(v))
    return _scalar(v)


def _amount(a: Any, pad: str) -> str:
    if type(a) is not Amount:
        raise _Unusual
    d = a.__dict__
    value, unit = d["value"], d["unit"]
    i = pad + "  "
    shown = _items([_number(v) for v in value], i) if type(value) is list else _number(value)
    return f'{{\n{i}"value": {shown},\n{i}"unit": {_quote(unit) if type(unit) is str else _scalar(unit)}\n{pad}}}'


def _completion(c: Any, pad: str) -> str:
    if type(c) is not Completion:
        raise _Unusual
    d = c.__dict__
    i = pad + "  "
    unit, formula = d["unit"], d["formula"]
    return (f'{{\n{i}"value": {_number(d["value"])},\n{i}"unit": {_quote(unit) if type(unit) is str else _scalar(unit)},'
            f'\n{i}"formula": {_quote(formula) if type(formula) is str else _scalar(formula)}\n{pad}}}')


def _ref(x: Any, pad: str) -> str:
    """A value used (:class:`~mzcheck.model.results.ValueRef`): texts, a line number, None."""
    if type(x) is not ValueRef:
        raise _Unusual
    d = x.__dict__
    i = pad + "  "
    ind, section, raw, file, line, cell = d["indicator"], d["section"], d["raw"], d["file"], d["line"], d["cell"]
    return (f'{{\n{i}"indicator": {_quote(ind) if type(ind) is str else _scalar(ind)},\n{i}"section": '
            f'{_quote(section) if type(section) is str else _scalar(section)},\n{i}"raw": '
            f'{_quote(raw) if type(raw) is str else _scalar(raw)},\n{i}"file": '
            f'{_quote(file) if type(file) is str else _scalar(file)},\n{i}"line": '
            f'{int.__repr__(line) if type(line) is int else _scalar(line)},\n{i}"cell": '
            f'{"null" if cell is None else _scalar(cell)}\n{pad}}}')


_CHECK_KEYS = ("report", "summary", "results", "findings")  # the fields _check writes, in their order
_RESULT_KEYS = ("rule_id", "indicator", "indicator_name", "status", "severity", "strength", "kind", "comparator",
                "due", "target", "target_text", "actual", "gap", "shortfall", "message", "source", "findings",
                "children", "completion", "expected_to_date", "pace_needed", "projection", "trajectory", "inputs",
                "waiver")
_PREFIXES: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _object(pad: str, keys: tuple[str, ...], values: tuple[str, ...]) -> str:
    """An object of ``keys`` (each written once per indentation) and values already written, at ``pad``."""
    prefixes = _PREFIXES.get((pad, keys))
    if prefixes is None:
        if len(_PREFIXES) > 256:  # a bound, however deep the writers nest
            _PREFIXES.clear()
        prefixes = _PREFIXES[(pad, keys)] = tuple(f"{pad}  {_quote(k)}: " for k in keys)
    return "{\n" + ",\n".join(map(str.__add__, prefixes, values)) + "\n" + pad + "}"


def _items(texts: list[str], pad: str) -> str:
    """A list at ``pad`` of items already written at ``pad`` + two spaces."""
    if not texts:
        return "[]"
    inner = pad + "  "
    return "[\n" + inner + (",\n" + inner).join(texts) + "\n" + pad + "]"


def _listed(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Unusual
    return value


def _message(m: Any, pad: str) -> str:
    """A message: ``code`` left out when None, as its serializer does."""
    if type(m) is not Message:
        raise _Unusual
    zh, en, code = m.zh, m.en, m.code
    i = pad + "  "
    return (f'{{\n{i}"zh": {_quote(zh) if type(zh) is str else _scalar(zh)},\n{i}"en": '
            f'{_quote(en) if type(en) is str else _scalar(en)}'
            + (f',\n{i}"code": {_scalar(code)}\n{pad}}}' if code is not None else f"\n{pad}}}"))


_MESSAGE_KEYS = ("zh", "en", "code")
_AMOUNT_KEYS = ("value", "unit")
_COMPLETION_KEYS = ("value", "unit", "formula")
_REF_KEYS = ("indicator", "section", "raw", "file", "line", "cell")
_SOURCE_KEYS = ("document", "quote", "publisher", "published", "file")


_FLAT_KEYS: dict[type[BaseModel], tuple[str, ...]] = {}


def _keys(cls: type[BaseModel]) -> tuple[str, ...]:
    keys = _FLAT_KEYS[cls] = tuple(cls.model_fields)
    return keys


def _flat(record: Any, cls: type[BaseModel], pad: str) -> str:
    """A record of ``cls`` whose fields are all plain values (a value used, a completion, a source)."""
    if type(record) is not cls:
        raise _Unusual
    keys = _FLAT_KEYS.get(cls) or _keys(cls)
    d = record.__dict__
    return _object(pad, keys, tuple(_scalar(d[k]) for k in keys))


_FINDING_KEYS = ("code", "name", "severity", "message")


def _finding(f: Any, pad: str, memo: dict[Any, Any]) -> str:
    if type(f) is not Finding:
        raise _Unusual
    d = f.__dict__
    return _object(pad, _FINDING_KEYS, (_scalar(d["code"]), _scalar(d["name"]), _scalar(d["severity"]),
                                        _message(d["message"], pad + "  ")))


_SHORTFALL_KEYS = ("indicator", "value", "unit", "how", "message")


def _shortfall(x: Any, pad: str, memo: dict[Any, Any]) -> str:
    if type(x) is not Shortfall:
        raise _Unusual
    d = x.__dict__
    i = pad + "  "
    return (f'{{\n{i}"indicator": {_scalar(d["indicator"])},\n{i}"value": {_number(d["value"])},\n{i}"unit": '
            f'{_scalar(d["unit"])},\n{i}"how": {_scalar(d["how"])},\n{i}"message": {_message(d["message"], i)}\n{pad}}}')


_CHILD_KEYS = ("jurisdiction", "status", "actual", "gap", "waiver")


def _child(c: Any, pad: str, memo: dict[Any, Any]) -> str:
    if type(c) is not ChildResult:
        raise _Unusual
    d = c.__dict__
    i = pad + "  "
    actual, gap, waiver = d["actual"], d["gap"], d["waiver"]
    return (f'{{\n{i}"jurisdiction": {_scalar(d["jurisdiction"])},\n{i}"status": {_scalar(d["status"])},\n{i}"actual": '
            f'{"null" if actual is None else _amount(actual, i)},\n{i}"gap": {"null" if gap is None else _amount(gap, i)}'
            f',\n{i}"waiver": {"null" if waiver is None else _model(waiver, i, memo, WaiverOut)}\n{pad}}}')


def _model(record: Any, pad: str, memo: dict[Any, Any], cls: type[BaseModel] | None = None) -> str:
    """A record seldom in a result (a projection, a waiver …) or once a report (its summary): pydantic's dump
    of it, encoded; its class must be the field's own (``cls``, or the report's parts)."""
    if not isinstance(record, BaseModel) or (cls is not None and type(record) is not cls) or (
            cls is None and type(record) not in (ReportInfo, Summary)):
        raise _Unusual
    return _encode(record.model_dump(mode="python"), pad, memo)


def _model_or_null(record: Any, cls: type[BaseModel], pad: str, memo: dict[Any, Any]) -> str:
    return "null" if record is None else _model(record, pad, memo, cls)


# the direct writer knows the fields of the result models as they are; a field added to one (or moved) is
# written the general way until _check is taught it
_DIRECT = (tuple(Result.model_fields) == _RESULT_KEYS and tuple(CheckResult.model_fields) == _CHECK_KEYS
           and tuple(f.name for f in dataclasses.fields(Message)) == _MESSAGE_KEYS and tuple(Amount.model_fields) == _AMOUNT_KEYS
           and tuple(Finding.model_fields) == _FINDING_KEYS and tuple(Shortfall.model_fields) == _SHORTFALL_KEYS
           and tuple(ChildResult.model_fields) == _CHILD_KEYS and tuple(Completion.model_fields) == _COMPLETION_KEYS
           and tuple(ValueRef.model_fields) == _REF_KEYS and tuple(SourceOut.model_fields) == _SOURCE_KEYS
           and tuple(CompletionSummary.model_fields) == ("mean", "total", "shown", "items", "method")
           and list(Summary.model_fields)[-1] == "completion")


# the models of the run's JSON document serve its JSON Schema alone (mzcheck schema result): built when asked for,
# not at import (docs/design/0023-performance.md)
_SCHEMA_ONLY = ConfigDict(defer_build=True)


class _Words(BaseModel):
    model_config = _SCHEMA_ONLY
    zh: str
    en: str


class InputErrorOut(BaseModel):
    """An input problem: where (file, line or cell, field), its message code, what is wrong and the help."""

    model_config = _SCHEMA_ONLY

    file: str | None
    line: int | None
    cell: str | None = Field(description="a spreadsheet cell, Sheet1!C7 / 单元格")
    field: str | None
    code: str | None = Field(description="message code, e.g. R201; `mzcheck explain CODE` / 消息编号")
    message: _Words
    help: _Words | None


class RunSummary(BaseModel):
    """The totals of the run: each count is the sum over its reports."""

    model_config = _SCHEMA_ONLY

    reports: int
    met: int
    not_met: int
    missing: int
    invalid: int
    waived: int = Field(description="results under an approved exception (--waivers) / 已豁免的结果数")
    on_track: int
    behind: int
    not_due: int
    total: int
    errors: int = Field(description="results of severity error / 错误级结果数")
    warnings: int
    input_errors: int = Field(description="problems of inputs that could not be read / 无法读取的输入问题数")
    passed: bool
    exit: Literal[0, 1, 2] = Field(description="the exit code of mzcheck check / 退出码")


class RunOutput(BaseModel):
    """``mzcheck check --format json`` / 检查结果 JSON."""

    model_config = ConfigDict(title="mzcheck check --format json", defer_build=True)
    reports: list[CheckResult] = Field(description="one object per report: CheckResult.model_dump(mode='json')")
    errors: list[InputErrorOut]
    summary: RunSummary


def result_schema() -> dict[str, Any]:
    """The JSON Schema of ``--format json`` (``mzcheck schema result``); ``--format jsonl`` lines are its
    ``$defs.CheckResult``."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **RunOutput.model_json_schema(mode="serialization")}


def _encode(value: Any, pad: str, memo: dict[Any, Any]) -> str:
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        if any(type(k) is not str for k in value):
            raise TypeError("a key that is not text")
        values = tuple(value.values())
        if all(type(v) in _SCALARS for v in values):  # flat: one line per item, and remembered
            key = (pad, tuple(value), tuple(map(type, values)), values)  # True == 1, but they print apart
            text = memo.get(key)
            if text is None:
                text = memo[key] = ("{\n" + ",\n".join(f"{inner}{_quote(k)}: {_scalar(v)}" for k, v in value.items())
                                    + "\n" + pad + "}")
            return text
        return ("{\n" + ",\n".join(f"{inner}{_quote(k)}: {_encode(v, inner, memo)}" for k, v in value.items())
                + "\n" + pad + "}")
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + ",\n".join(inner + _encode(v, inner, memo) for v in value) + "\n" + pad + "]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return str(_quote(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is Decimal:  # as to_jsonable: whole numbers as ints, others as the float of the same digits
        return int.__repr__(int(value)) if value == value.to_integral_value() else _scalar(float(value))
    if kind is float:
        if value != value or value in (math.inf, -math.inf):
            raise TypeError("NaN or infinity: json's own spelling")
        return float.__repr__(value)
    if isinstance(value, dt.date):
        return str(_quote(value.isoformat()))
    raise TypeError(f"not a plain JSON value: {kind.__name__}")
