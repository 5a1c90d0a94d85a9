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

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from json.encoder import encode_basestring as _quote  # json's own string escaping (C)
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mzcheck.core.errors import Problem
from mzcheck.core.messages import Message
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
from mzcheck.render import Options, Written

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
    totals = {k: sum(getattr(s, k) for s in summaries) for k in COUNTS}
    passed = all(s.passed for s in summaries)
    return {"reports": len(summaries), **totals, "input_errors": len(errors), "passed": passed and not errors,
            "exit": 2 if errors else 0 if passed else 1}


def output_object(results: Sequence[CheckResult], errors: Sequence[Problem] = ()) -> dict[str, Any]:
    """The object ``--format json`` prints (Decimals and dates as :func:`encode` writes them)."""
    return {"reports": [r.model_dump(mode="python") for r in results], "errors": [p.as_json() for p in errors],
            "summary": run_summary([r.summary for r in results], errors)}


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "".join(chunks(results, options.errors))


def stream(results: Iterable[CheckResult | Written], options: Options) -> Iterator[str]:
    """:func:`chunks` of the run's results and input errors (the streaming writers' signature)."""
    return chunks(results, options.errors)


def chunks(results: Iterable[CheckResult | Written], errors: Sequence[Problem] = ()) -> Iterator[str]:
    """:func:`render`'s text piece by piece, a report at a time, as ``results`` yields them: a table of
    thousands of reports is written while it is checked, never held whole; the run's summary, which needs
    every report, comes last. The text is ``encode(output_object(results, errors))``'s."""
    parts_of = _report_pieces()
    seen: list[Summary] = []
    for i, result in enumerate(results):
        seen.append(result.summary)
        lead = _FIRST if i == 0 else _NEXT
        if isinstance(result, Written):  # decided and written by a forked process (mzcheck.render.pieces)
            yield lead + result.text
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
    reports have in common is written once, and let go past a few thousand texts."""
    memo: dict[Any, Any] = {}

    def parts_of(result: CheckResult) -> list[str]:
        if len(memo) > _MEMO_MOST:
            memo.clear()
        return _pieces(result, "    ", memo)

    return parts_of


_FIRST, _NEXT = '{\n  "reports": [\n    ', ",\n    "


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


_MEMO_MOST = 4096


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
    is written field by field in the order of its model with json.dumps's spelling (:func:`_scalar`); the
    parts of a result that come from its rule are written once per rule and indentation (:func:`_parts`), a
    message (frozen) once per object. A record of another class (a subclass, a dict put in by ``model_copy``)
    raises :class:`_Unusual`, a value of another type TypeError: the caller then writes the report the general
    way. ``tests/test_json_writer.py`` holds this to :func:`encode` of the dump, on the examples, on generated
    reports and on records changed every way a field can be."""
    d = result.__dict__
    inner = pad + "  "
    rows = pad + "    "
    results = _listed(d["results"])
    findings = _items([_finding(f, rows, memo) for f in _listed(d["findings"])], inner)
    head = (f'{{\n{inner}"report": {_flat(d["report"], ReportInfo, inner)},\n{inner}"summary": '
            f'{_summary(d["summary"], inner)},\n{inner}"results": ')
    if not results:
        return [head, f'[],\n{inner}"findings": {findings}\n{pad}}}']
    out = [head + "[\n" + rows]
    between = ",\n" + rows
    for r in results:  # the results' texts as pieces with what separates them: joined once, by the caller
        out += (_result(r, rows, memo), between)
    out[-1] = f'\n{inner}],\n{inner}"findings": {findings}\n{pad}}}'
    return out


def _summary(summary: Any, pad: str) -> str:
    """A report's summary: its counts, and its overall 完成率 (a record of plain values and a message)."""
    if type(summary) is not Summary:
        raise _Unusual
    d = summary.__dict__
    keys = _FLAT_KEYS.get(Summary) or _keys(Summary)
    completion = d["completion"]
    if completion is None:
        shown = "null"
    else:
        if type(completion) is not CompletionSummary:
            raise _Unusual
        c = completion.__dict__
        i = pad + "    "
        shown = (f'{{\n{i}"mean": {_scalar(c["mean"])},\n{i}"total": {_scalar(c["total"])},\n{i}"shown": '
                 f'{_scalar(c["shown"])},\n{i}"items": {_scalar(c["items"])},\n{i}"method": {_message(c["method"], i)}'
                 f'\n{pad}  }}')
    return _object(pad, keys, tuple(_scalar(d[k]) if k != "completion" else shown for k in keys))


def _result(r: Any, pad: str, memo: dict[Any, Any]) -> str:
    """One result's object at ``pad`` (:func:`_check`)."""
    if type(r) is not Result:
        raise _Unusual
    d = r.__dict__
    head, middle, tail = _parts(d, pad, memo)
    i = pad + "  "
    deep = i + "  "
    status, sev = d["status"], d["severity"]
    if type(status) is not str or type(sev) is not str:
        raise _Unusual
    actual, gap, completion = d["actual"], d["gap"], d["completion"]
    shortfall, findings, children, trajectory, inputs = (
        _listed(d["shortfall"]), _listed(d["findings"]), _listed(d["children"]), _listed(d["trajectory"]),
        _listed(d["inputs"]))
    rest = d["expected_to_date"], d["pace_needed"], d["projection"], d["waiver"]
    return (
        f'{head}{_quote(status)},\n{i}"severity": {_quote(sev)}{middle}'
        f'{"null" if actual is None else _amount(actual, i)},\n{i}"gap": {"null" if gap is None else _amount(gap, i)}'
        f',\n{i}"shortfall": {_items([_shortfall(x, deep, memo) for x in shortfall], i) if shortfall else "[]"}'
        f',\n{i}"message": {_message(d["message"], i)}{tail}'
        f'{_items([_finding(x, deep, memo) for x in findings], i) if findings else "[]"}'
        f',\n{i}"children": {_items([_child(x, deep, memo) for x in children], i) if children else "[]"}'
        f',\n{i}"completion": {"null" if completion is None else _completion(completion, i)}'
        + (_NO_PROGRESS.get(i) or _no_progress(i) if rest[:3] == (None, None, None) and not trajectory
           else _progress(rest, trajectory, i, memo))
        + f',\n{i}"inputs": {_items([_ref(x, deep) for x in inputs], i) if inputs else "[]"}'
        f',\n{i}"waiver": {"null" if rest[3] is None else _model(rest[3], i, memo, WaiverOut)}\n{pad}}}')


def _parts(d: dict[str, Any], pad: str, memo: dict[Any, Any]) -> tuple[str, str, str]:
    """The text of a result's fields that come from its rule, around those that vary: up to ``status``, from
    ``strength`` to ``actual``, from ``source`` to ``findings``. Kept by the fields' values (the frozen messages
    by object), so a result whose rule fields differ in anything is written anew."""
    target, source = d["target"], d["source"]
    if type(target) is not Amount or type(source) is not SourceOut:
        raise _Unusual
    t = target.__dict__
    value = t["value"]
    shown = tuple((type(v), v) for v in value) if type(value) is list else (type(value), value)
    names, text = d["indicator_name"], d["target_text"]
    key = (pad, id(names), id(text), d["rule_id"], d["indicator"], d["strength"], d["kind"], d["comparator"], d["due"],
           shown, t["unit"], *source.__dict__.values())
    kept = memo.get(key)
    if kept is not None and kept[0] is names and kept[1] is text:
        return kept[2]  # type: ignore[no-any-return]
    if any(type(v) not in _PLAIN for v in key[3:]):
        raise _Unusual  # a value of another type: kept by value only when nothing of another type equals it
    i = pad + "  "
    s = _scalar
    parts = (f'{{\n{i}"rule_id": {s(d["rule_id"])},\n{i}"indicator": {s(d["indicator"])},\n{i}"indicator_name": '
             f'{_message(names, i)},\n{i}"status": ',
             f',\n{i}"strength": {s(d["strength"])},\n{i}"kind": {s(d["kind"])},\n{i}"comparator": '
             f'{s(d["comparator"])},\n{i}"due": {s(d["due"])},\n{i}"target": {_amount(target, i)},\n{i}"target_text": '
             f'{_message(text, i)},\n{i}"actual": ',
             f',\n{i}"source": {_flat(source, SourceOut, i)},\n{i}"findings": ')
    memo[key] = (names, text, parts)
    return parts


# the types of the rule fields' values kept by value: a text equals only a text, a date only a date (not a
# datetime), None only None; the target's value is kept with its type (1, True and Decimal(1) are equal)
_PLAIN = (str, type(None), dt.date, tuple)


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
    d = m.__dict__
    zh, en, code = d["zh"], d["en"], d["code"]
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
           and tuple(Message.model_fields) == _MESSAGE_KEYS and tuple(Amount.model_fields) == _AMOUNT_KEYS
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
