"""pydantic's errors as located, coded problems / 将 pydantic 的校验错误转为带位置和编号的问题."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mzcheck.core import yamlio
from mzcheck.core.codes import rules as K
from mzcheck.core.errors import Problem
from mzcheck.core.messages import MODEL_ERROR, Message, Phrase
from mzcheck.core.modelbase import ValidationError
from mzcheck.core.yamlio import shown

_DATES = ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact")
_NUMBERS = ("decimal_parsing", "decimal_type", "finite_number", "int_parsing", "int_type", "int_from_float",
            "decimal_max_digits", "decimal_max_places")
# Chinese for the type errors users meet most
_TYPES_ZH = {
    "string_type": "应为文本", "string_pattern_mismatch": "格式不符", "list_type": "应为列表",
    "dict_type": "应为映射(键: 值)", "model_type": "应为映射(键: 值)", "tuple_type": "应为列表",
    "bool_type": "应为 true 或 false", "string_too_short": "不能为空", "too_short": "项数过少", "too_long": "项数过多",
    "greater_than_equal": "取值过小", "less_than_equal": "取值过大",
}
_COMPARATOR_HELP = Phrase(*K.COMPARATOR_HELP)
_NOISE = ("Decimal", "decimal", "constrained-decimal", "list[constrained-decimal]")


def _path(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """pydantic's location without its union and type tags."""
    out = tuple(x for x in loc if isinstance(x, (str, int)) and not str(x).startswith(("tuple[", "function-")))
    return tuple(x for x in out if x not in _NOISE)


def pydantic_problems(exc: ValidationError, doc: yamlio.Document, base: tuple[str | int, ...]) -> list[Problem]:
    """pydantic's errors as problems: ``file:line: CODE field: message``, in Chinese and English."""
    problems = []
    reported: set[tuple[str | int, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = _path(err["loc"])
        if (*base, *loc) in reported:  # a union reports every branch; the first says it best
            continue
        reported.add((*base, *loc))
        message = _message(err, loc)
        fld = ".".join(str(x) for x in loc) or None
        hint = _COMPARATOR_HELP() if loc and loc[-1] == "comparator" and err["type"] == "literal_error" else None
        problems.append(Problem(message, file=doc.file, line=doc.line((*base, *loc)), field=fld, help=hint))
    return problems


def _message(err: Any, loc: tuple[str | int, ...]) -> Message:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    detail = str(err["msg"]).removeprefix("Value error, ")
    got = err.get("input")
    # say what was written, when it is one value: '明年年底': not a valid date
    scalar = got is not None and isinstance(got, (str, int, Decimal, dt.date)) and kind not in ("missing",)
    said = {"got_en": f"{shown(got)}: " if scalar else "", "got_zh": f"{shown(got)}:" if scalar else ""}
    if kind == MODEL_ERROR:
        return Message(zh=ctx["zh"], en=ctx["en"], code=ctx["code"])
    if kind == "extra_forbidden":
        return K.UNKNOWN_FIELD(name=loc[-1] if loc else "?")
    if kind == "missing":
        return K.MISSING_FIELD()
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", "、")
        return K.NOT_ALLOWED(got_en=f"{got!r}: ", got_zh=f"{got!r}:", detail_en=detail, detail_zh=f"应为 {expected}")
    if kind in _DATES and isinstance(got, (int, Decimal)) and not isinstance(got, bool):
        return K.DATE_AS_NUMBER(got=shown(got), example=_as_date(got))
    if kind in _DATES:
        return K.NOT_A_DATE(**said, detail_en=detail)
    if kind in _NUMBERS:
        return K.NOT_A_NUMBER(**said, detail_en=detail, detail_zh="不是有限数值" if kind == "finite_number" else
                              "不是整数" if kind.startswith("int") else "不是数字")
    if kind in _TYPES_ZH or kind.endswith("_type"):
        return K.WRONG_TYPE(**said, detail_en=detail, detail_zh=_TYPES_ZH.get(kind, "类型不符"))
    return K.INVALID_VALUE(detail_en=said["got_en"] + detail, detail_zh=said["got_zh"] + f"取值无效({detail})")


def _as_date(number: int | Decimal) -> str:
    """20251231 as the date it spells (2025-12-31); any other number, the example 2025-12-31."""
    text = str(number) if isinstance(number, int) and 0 < number < 10**8 else ""
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat() if len(text) == 8 else "2025-12-31"
    except ValueError:
        return "2025-12-31"
