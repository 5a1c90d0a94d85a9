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
from mzcheck.model.results import CheckResult, Summary
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
    text_of = piece(Options())
    seen: list[Summary] = []
    for i, result in enumerate(results):
        seen.append(result.summary)
        text = result.text if isinstance(result, Written) else text_of(result)
        yield ('{\n  "reports": [\n    ' if i == 0 else ",\n    ") + text
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
    """A report's object as :func:`chunks` writes it in the run's document (mzcheck.render.pieces): what
    reports have in common is written once, and let go past a few thousand texts."""
    memo: dict[Any, str] = {}

    def text_of(result: CheckResult) -> str:
        if len(memo) > _MEMO_MOST:
            memo.clear()
        return _report(result, "    ", memo)

    return text_of


def _report(result: CheckResult, pad: str, memo: dict[Any, str]) -> str:
    """One report's object, indented by ``pad``: pydantic's own JSON (written in Rust) where its text is
    json.dumps's, which is every report whose numbers are not tiny fractions; else :func:`encode`'s."""
    try:
        text = result.model_dump_json(indent=2)
    except Exception:  # a text pydantic will not write (a lone surrogate): json's own spelling or error
        text = ""
    if not text or _float_spelling(text):
        return _encode_at(result.model_dump(mode="python"), pad, memo)
    return text.replace("\n", "\n" + pad) if pad else text  # no JSON text holds a raw line break


_MEMO_MOST = 4096


def _encode_at(value: Any, pad: str, memo: dict[Any, str]) -> str:
    """``value`` as an item of an array indented by ``pad``: as :func:`encode` writes it there."""
    try:
        return _encode(value, pad, memo)
    except TypeError:  # json's own spelling or error, indented as json.dumps indents an item
        return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


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


def _encode(value: Any, pad: str, memo: dict[Any, str]) -> str:
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
