"""Reading one reported value, in every format / 读取单个填报数值.

YAML, JSON, CSV, Excel and Python mappings hand their values here, so a value means the same wherever it
is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from mzcheck.core.errors import InputError
from mzcheck.core.numbers import from_python
from mzcheck.core.units import ONE, ParsedValue, Quantity, Unit, parse_quantity
from mzcheck.core.yamlio import shown
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Reported


def read_value(ind_id: str, value: Any, rules: RuleSet, file: str | None = None, line: int | None = None) -> Reported:
    """One reported value: ``"190.5万人"``, ``78``, ``{value: 78, unit: percent}``. Never raises."""
    ind = rules.indicators[ind_id]
    raw = _raw_text(value)
    try:
        if isinstance(value, dict):
            extra = set(value) - {"value", "unit", "note"}
            if extra or "value" not in value:
                raise InputError("expected {value: …, unit: …} / 应为 {value: 数值, unit: 单位}")
            inner = value["value"]
            unit = value.get("unit") or ""
            if not isinstance(unit, str):
                raise InputError(f"unit {shown(unit)} is not text / 单位应为文本,如 人、%、万元")
            text = f"{_number_text(inner)} {unit}".strip()
        else:
            text = _number_text(value)
        parsed = parse_quantity(text, default_unit=ind.unit)
        parsed = _bare_fraction(parsed, ind.unit)
    except InputError as exc:
        first = exc.problems[0].message if exc.problems else str(exc)
        return Reported(ind_id, raw, None, first if isinstance(first, str) else first.both(), file, line)
    q = parsed.quantity
    if q.unit.dims != ind.unit.dims:
        a_zh, a_en = q.unit.describe()
        e_zh, e_en = ind.unit.describe()
        return Reported(ind_id, raw, None,
                        f"unit {q.unit.text!r} ({a_en}) does not fit {ind.model.name.en} ({ind.unit.text}, {e_en}) / "
                        f"单位“{q.unit.text}”({a_zh})与指标单位“{ind.unit.text}”({e_zh})量纲不同", file, line)
    if q.magnitude < 0:
        return Reported(ind_id, raw, None, f"{raw} is negative; {ind.model.name.en} cannot be below zero / 数值不能为负",
                        file, line)
    if ind.share and q.base > 1:
        return Reported(ind_id, raw, None, f"{raw} is above 100%, impossible for a share / 占比不可能超过100%", file, line)
    return Reported(ind_id, raw, parsed, None, file, line)


def _bare_fraction(parsed: ParsedValue, unit: Unit) -> ParsedValue:
    """A bare 0.78 for a percentage indicator is the fraction 78%, as spreadsheets write shares.

    A bare number above 1 (78) is in the indicator's unit (78%). See docs/design/0001-numeric-model.md.
    """
    q = parsed.quantity
    # Only percent: a bare 0.5 for "人/万名老年人" is 0.5 per 10,000, not 5,000.
    if parsed.bare and unit.dimensionless and unit.factor == Fraction(1, 100) and 0 < q.magnitude <= 1:
        return ParsedValue(Quantity(q.magnitude, ONE), parsed.qualifier, parsed.places)
    return parsed


def _number_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        raise InputError(f"{value} is a date, not a number / {value} 是日期而非数字")
    if isinstance(value, (list, dict)):
        raise InputError(f"{shown(value)} is a {'list' if isinstance(value, list) else 'mapping'}, not a number / "
                         f"应为数字,而非{'列表' if isinstance(value, list) else '映射'}")
    if isinstance(value, bool) or value is None:
        raise InputError(f"{shown(value)} is not a number / 不是数字")
    if isinstance(value, (int, Decimal)):
        return str(value)
    exact = from_python(value)  # refuses NaN and infinities
    if isinstance(value, float):
        return repr(value)  # the shortest text that round-trips: 0.29 stays "0.29", as the user wrote it
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
        return f"{value.get('value')} {value.get('unit') or ''}".strip()
    return str(value)
