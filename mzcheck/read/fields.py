"""What a jurisdiction, a year, a date, an indicator and a value are, in every format / 字段的统一读取.

YAML, JSON, CSV/TSV, Excel, the big-CSV stream, the bulk tables and Python mappings hand their fields
here, so a field means the same wherever it is written and a mistake is worded the same way:

- :func:`find_jurisdiction` — a name or GB/T 2260 code (``杭州市``, ``330100``, ``330100.0`` from Excel);
- :func:`read_year` / :func:`as_year` — ``2025``, ``2025.0``, ``"2025"``, ``"2025年"``, ``"2025 年"``;
- :func:`read_date` — a date, or its text: ``2025-06-30``, ``2025/6/30``, ``2025.6.30``, ``2025年6月30日``
  (JSON can only write a date as text);
- :func:`find_indicator` — an id, Chinese name or alias;
- :func:`read_value` — ``"190.5万人"``, ``78``, ``{value: 78, unit: percent}``, kept with its reason when
  unusable, the reason naming where the value is (:func:`located`).

The ``find_``/``read_`` functions raise :class:`~mzcheck.InputError` with a coded message (and the near
misses as help) but no location: each reader adds the file and line or cell it knows.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from mzcheck.core.codes import notes as N
from mzcheck.core.codes import reports as R
from mzcheck.core.codes import values as V
from mzcheck.core.errors import InputError, MzcheckError, Said
from mzcheck.core.messages import Message, did_you_mean, placed
from mzcheck.core.numbers import (
    as_year,
    ascii_digits,
    format_number,
    from_python,
    int_text,
    shortest_text,
    text_of,
)
from mzcheck.core.units import (
    ONE,
    ParsedValue,
    Quantity,
    Unit,
    divide_dims,
    normalise,
    parse_quantity,
    parse_unit,
    plain_quantity,
)
from mzcheck.core.yamlio import shown
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Reported
from mzcheck.model.results import Finding
from mzcheck.model.rules import Indicator, Jurisdiction

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _shown(value: Any) -> dict[str, Any]:
    """A value as written, for a message in each language: ``'年底'`` in English, ``“年底”`` in Chinese."""
    if isinstance(value, str) and len(value) > 60:  # thousands of digits: their ends and how many
        value = f"{value[:20]}…{value[-8:]} ({len(value)} characters)"
    return {"shown_en": shown(value), "shown_zh": f"“{value}”" if isinstance(value, str) else shown(value)}


def is_empty(value: Any) -> bool:
    """None or blank text: a cell or field left empty."""
    return value is None or (isinstance(value, str) and not value.strip())


# ------------------------------------------------------------------------------------ the place


def find_jurisdiction(key: Any, rules: RuleSet) -> Jurisdiction:
    """The jurisdiction ``key`` names (a name or code), or an :class:`InputError`: R201/R202 (missing, not a
    name), or the division table's C201–C203 (unknown with near misses, ambiguous, abolished)."""
    if is_empty(key):
        raise InputError.of(R.MISSING_JURISDICTION)
    whole = (isinstance(key, (str, int, numbers.Integral))
             or (isinstance(key, (float, Decimal)) and ascii_digits(text_of(key)) is not None))
    if isinstance(key, bool) or not whole:
        raise InputError.of(R.NOT_A_NAME, **_shown(key))
    return rules.resolve(text_of(key))  # unknown, ambiguous, abolished: the division table's messages (C201–C203)


# ------------------------------------------------------------------------------------ the year


def read_year(value: Any, example: int = 2025) -> int:
    """:func:`as_year`, or an :class:`InputError` (R302) saying the value is not a year."""
    year = as_year(value)
    if year is None:
        raise InputError.of(R.NOT_A_YEAR, **_shown(value), example=example)
    return year


# ------------------------------------------------------------------------------------ the date


def read_date(value: Any) -> dt.date:
    """A date, or the text of one (``2025-06-30``, ``2025/6/30``, ``2025.6.30``, ``2025年6月30日``);
    else an :class:`InputError`: R303 (not a date) or R304 (no such day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(value) if isinstance(value, str) else None
    if m is None:
        raise InputError.of(R.NOT_A_DATE, **_shown(value))
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InputError.of(R.IMPOSSIBLE_DATE, text=value.strip()) from None


def check_as_of(as_of: dt.date, period: int) -> None:
    """R601 when ``as_of`` is before ``period`` begins (a slip of the year: every target would be "not due")."""
    if as_of < dt.date(period, 1, 1):
        raise InputError.of(R.AS_OF_BEFORE_PERIOD, as_of=as_of.isoformat(), period=period)


# ------------------------------------------------------------------------------------ the indicator


def find_indicator(key: Any, rules: RuleSet) -> str:
    """The id of the indicator ``key`` names (id, Chinese name or alias), or an :class:`InputError` (R401)."""
    text = text_of(key)
    ind_id = rules.indicator_id(text)
    if ind_id is None:
        hint = did_you_mean(rules.suggest_indicator(text)) or R.INDICATOR_LIST()
        raise InputError.of(R.UNKNOWN_INDICATOR, help=hint, name=text)
    return ind_id


# ------------------------------------------------------------------------------------ the value


def where(file: str | None, line: int | None = None, cell: str | None = None, field: str | None = None) -> str | None:
    """Where something is, as messages say it: ``report.yaml:4``, ``report.xlsx!Sheet1!F2``, ``<data>: values.x``
    (a mapping has no lines), ``report.csv``; None without a file."""
    if file is None:
        return None
    if cell:
        return f"{file}!{cell}"
    if line is not None:
        return f"{file}:{line}"
    return f"{file}: {field}" if field else file


def located(message: Message, at: str | None) -> Message:
    """``message`` with where the value is (:func:`where`), so an invalid result points back at it."""
    return message if at is None else placed(message, at)


def read_value(ind_id: str, value: Any, rules: RuleSet, file: str | None = None, line: int | None = None,
               cell: str | None = None, field: str | None = None) -> Reported:
    """One reported value: ``"190.5万人"``, ``78``, ``{value: 78, unit: percent}``, ``"1350元/人·月"``, ``是``
    for a yes/no indicator. Never raises: an unusable value keeps its coded reason, located at ``file`` and
    ``line``, ``cell`` or ``field`` when given; a value read one way of two keeps a note saying which."""
    raw = _raw_text(value)
    reason = _unusable(ind_id, value, rules, raw)
    if isinstance(reason, tuple):
        parsed, notes = reason
        return Reported(ind_id, raw, parsed, None, file, line, cell, notes)
    return Reported(ind_id, raw, None, located(reason, where(file, line, cell, field)), file, line, cell)


def plain_text(ind_id: str, value: str, unit: str | None, rules: RuleSet) -> tuple[str, ParsedValue] | None:
    """A table's value of text with its unit's text (None: no unit column), as written and as read, when it is the
    common writing: a plain figure (``2616``, ``169.5``) with a unit of Chinese characters in either cell (``张``,
    ``万人``) or none, of the indicator's dimension and within a share's 100%; None for anything else (an unknown
    unit among them), which :func:`read_value` reads from the cells (a province's table reads tens of thousands of
    values: ``Grouper`` keeps one reading for all the rows that write a value alike; tests/test_readers.py holds
    this to the cells' path). It stands for the same reading wherever the value stands."""
    ind = rules.indicators[ind_id]
    if ind.model.yes_no:
        return None
    figure = value.strip()
    unit_text = unit.strip() if unit is not None else ""
    text = f"{figure} {unit_text}".strip() if unit_text else figure
    try:
        parsed = plain_quantity(text, ind.unit)
    except MzcheckError:  # characters that are no unit (个个): the cells' path says so, at the value's line
        return None
    if parsed is None or (parsed.bare and _is_bare_fraction(parsed, ind.unit)):
        return None
    q = parsed.quantity
    if q.unit.dims != ind.unit.dims or (ind.share and q.base > 1):
        return None
    return text, parsed


def _unusable(ind_id: str, value: Any, rules: RuleSet, raw: str) -> tuple[ParsedValue, tuple[Finding, ...]] | Message:
    """The parsed value and the notes on how it was read, or why it cannot be used."""
    ind = rules.indicators[ind_id]
    name = ind.model.name
    notes: list[Finding] = []
    try:
        if isinstance(value, dict):
            if set(value) - {"value", "unit", "note"} or "value" not in value:
                raise InputError.of(V.NOT_VALUE_AND_UNIT)
            unit = value.get("unit") or ""
            if not isinstance(unit, str):
                raise InputError.of(V.UNIT_NOT_TEXT, **_shown(unit))
            text = f"{_number_text(_answer(ind.model, value['value']))} {unit}".strip()
        else:
            text = _number_text(_answer(ind.model, value))
        parsed = parse_quantity(text, default_unit=ind.unit)
        if _is_bare_fraction(parsed, ind.unit):  # 0.9 for a percent indicator: 90%, with a note
            parsed = ParsedValue(Quantity(parsed.quantity.magnitude, ONE), parsed.qualifier, parsed.places)
            notes.append(Finding.of(N.SHARE_AS_FRACTION, "ok", name_zh=name.zh, name_en=name.en, raw=raw,
                                    percent=format_number(parsed.quantity.magnitude * 100)))
    except InputError as exc:
        return _coded(exc.problems[0].message if exc.problems else str(exc))
    q = parsed.quantity
    if q.unit.dims != ind.unit.dims:
        per = _as_rate(q.unit, ind.unit)
        if per is not None:
            parsed = ParsedValue(Quantity(q.magnitude, per), parsed.qualifier, parsed.places)
            if q.unit.dims == _MONEY:  # 1350元 read as 1350元/月: say so
                notes.append(Finding.of(N.MONEY_PER_PERIOD, "ok", name_zh=name.zh, name_en=name.en, raw=raw,
                                        read_as=f"{format_number(q.magnitude)}{per.text}"))
            q = parsed.quantity
    if q.unit.dims != ind.unit.dims:
        a_zh, a_en = q.unit.describe()
        e_zh, e_en = ind.unit.describe()
        return V.WRONG_DIMENSION(unit=q.unit.text, actual_zh=a_zh, actual_en=a_en, name_zh=name.zh,
                                 name_en=name.en, ind_unit=ind.unit.text, expected_zh=e_zh, expected_en=e_en)
    if q.magnitude < 0:
        return V.NEGATIVE(raw=raw, name_zh=name.zh, name_en=name.en)
    if ind.share and q.base > 1:
        return V.SHARE_ABOVE_ALL(raw=raw)
    return parsed, tuple(notes)


def _coded(said: Said) -> Message:
    """A reason as a coded message. The number and unit parsers of mzcheck.core still word a few errors as
    one ``english / 中文`` text; those are taken apart here, in this one place, until they carry codes."""
    if isinstance(said, Message):
        return said if said.code else V.UNREADABLE(reason_zh=said.zh, reason_en=said.en)
    en, _, zh = said.partition(" / ")
    return V.UNREADABLE(reason_zh=zh or en, reason_en=en)


def _is_bare_fraction(parsed: ParsedValue, unit: Unit) -> bool:
    """A bare 0.78 for a percentage indicator is the fraction 78%, as spreadsheets write shares.

    A bare number above 1 (78) is in the indicator's unit (78%). See docs/design/0001-numeric-model.md and
    0019-values-as-written.md.
    """
    q = parsed.quantity
    # Only percent: a bare 0.5 for "人/万名老年人" is 0.5 per 10,000, not 5,000.
    return parsed.bare and unit.dimensionless and unit.factor == Fraction(1, 100) and 0 < q.magnitude <= 1


# ------------------------------------------------------------------------------------ yes and no

YES = ("是", "已完成", "完成", "✓", "✔", "yes", "true")
NO = ("否", "未完成", "✗", "✘", "no", "false")
_ANSWERS = {**dict.fromkeys(YES, "1"), **dict.fromkeys(NO, "0")}


def _answer(ind: Indicator, value: Any) -> Any:
    """For a yes/no indicator (``(是=1)``): 是/否, 已完成/未完成, 完成, ✓/✗, yes/no, true/false as 1 or 0; a
    word that is none of them is refused (V701). Any other indicator's value as it is."""
    if not ind.yes_no:
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        word = normalise(value).lower()
        if word in _ANSWERS:
            return _ANSWERS[word]
        if word and not any(c.isdigit() for c in word):
            raise InputError.of(V.YES_NO_WORD, **_shown(value), name_zh=ind.name.zh, name_en=ind.name.en)
    return value


# ------------------------------------------------------------------------------------ money rates

_MONEY = (("currency", 1),)
_PERIODS = ("月", "年", "日", "天", "month", "year", "day")


def _as_rate(unit: Unit, expected: Unit) -> Unit | None:
    """A money amount read in a rate's terms, for an indicator counted in money per period (元/月, 万元/年):
    ``元/人·月`` (per person and month: the standard is per person) → 元/月; a bare ``元`` or ``万元`` → in the
    indicator's own period. None when neither applies."""
    dims = dict(expected.dims)
    if dims.get("currency") != 1 or dims.get("time") != -1 or len(dims) != 2:
        return None
    if unit.dims == divide_dims(expected.dims, (("person", 1),)):  # 元/人·月, 元/人/月, 每人每月…元
        return Unit(unit.factor, expected.dims, unit.text)
    if unit.dims == _MONEY:
        period = next((p for p in _PERIODS if p in expected.text), None)
        try:
            rate = parse_unit(f"{unit.text}/{period}") if period is not None else None
        except MzcheckError:  # a unit only pint reads, which it will not divide: read as written (V106)
            return None
        if rate is not None and rate.dims == expected.dims:
            return rate
    return None


def _number_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        raise InputError.of(V.DATE_NOT_NUMBER, value=value)
    if isinstance(value, (list, dict)):
        kind = ("list", "列表") if isinstance(value, list) else ("mapping", "映射")
        raise InputError.of(V.COLLECTION_NOT_NUMBER, **_shown(value), kind_en=kind[0], kind_zh=kind[1])
    if isinstance(value, bool) or value is None:
        raise InputError.of(V.NOT_A_NUMBER, **_shown(value))
    exact = from_python(value)  # refuses NaN, infinities and numbers out of range (10**5000)
    if isinstance(value, (int, Decimal, numbers.Integral)):
        return str(int(value)) if isinstance(value, numbers.Integral) else str(value)
    if isinstance(value, (float, numbers.Real)) and not isinstance(value, Fraction):
        return shortest_text(value)  # 0.29 stays "0.29", as the user wrote it, a float32 too
    return _fraction_text(exact)


def _fraction_text(value: Fraction) -> str:
    """Decimal text when the fraction terminates (29/100 → "0.29"), else "a/b" (exact, read back as a ratio)."""
    d = value.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d != 1:
        return f"{value.numerator}/{value.denominator}"
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    return f"{Decimal(value.numerator) / Decimal(value.denominator):.{places}f}"


def _raw_text(value: Any) -> str:
    if isinstance(value, dict):
        return f"{_raw_text(value.get('value'))} {value.get('unit') or ''}".strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return int_text(value)
    return str(value)
