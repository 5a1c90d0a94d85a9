"""Units and quantities / 计量单位与数量.

A :class:`Unit` is an exact factor and a tuple of base dimensions; a :class:`Quantity` is an exact
magnitude in a unit. Common spellings (人, 万人, 张/万名老年人, %, ‰, 亿元 …) are read from a table
precompiled from pint (:mod:`mzcheck._unit_table`); any other spelling goes to the pint registry built
from ``units.txt``. Text is normalised first (full-width ``８０％`` → ``80%``), and a unit text with
characters nobody can read is refused rather than dropped.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from mzcheck.core import arguments
from mzcheck.core._unit_table import ATOMS, PREFIXES
from mzcheck.core.codes import units as U
from mzcheck.core.errors import DimensionError, InputError, UnitError
from mzcheck.core.messages import did_you_mean
from mzcheck.core.numbers import foreign_digit, format_number, parse_decimal

Dims = tuple[tuple[str, int], ...]

# Chinese and English names of the base dimensions, for messages.
DIMENSION_NAMES: dict[str, tuple[str, str]] = {
    "person": ("人", "persons"),
    "bed": ("床位", "beds"),
    "institution": ("机构/设施", "institutions"),
    "household": ("户", "households"),
    "currency": ("金额", "money"),
    "person_time": ("人次", "person-times"),
    "item": ("项", "items"),
    "time": ("时间", "time"),
    "length": ("长度", "length"),
}
# Whole-number things: a shortfall in them is rounded up to the next whole unit.
COUNTABLE = frozenset({"person", "bed", "institution", "household", "person_time", "item"})

# English labels for JSON output (the contract writes percent targets with unit "percent").
_EN_LABEL = {"%": "percent", "‰": "permille", "百分点": "percentage_point", "人": "person",
             "名": "person", "张": "bed", "床位": "bed", "家": "institution", "个": "institution",
             "户": "household", "元": "yuan", "人次": "person_time", "项": "item", "倍": "times"}


@dataclass(frozen=True, slots=True)
class Unit:
    """An exact unit: ``factor`` base units of ``dims``; ``text`` is how it was written."""

    factor: Fraction
    dims: Dims
    text: str

    @property
    def label(self) -> str:
        """A stable label for machine output: ``percent``, ``person``, or the text as written."""
        return _EN_LABEL.get(self.text, self.text)

    @property
    def dimensionless(self) -> bool:
        return not self.dims

    @property
    def countable(self) -> bool:
        return len(self.dims) == 1 and self.dims[0][0] in COUNTABLE and self.dims[0][1] == 1

    @property
    def proportion(self) -> bool:
        """A part of a whole as written: ``%``, ``‰`` or a bare number — no counting word in it.

        ``家/社区`` is dimensionless too (organisations and communities are both counted as institutions), but
        it is an average per community, not a share: only the written unit tells them apart
        (docs/design/0018-ratio-indicators-and-catalog-checks.md).
        """
        if self.dims:
            return False
        if self.text in ("", "1"):
            return True
        return self.factor in (Fraction(1, 100), Fraction(1, 1000)) and all(
            part in ("%", "‰") or not part for part in _TOKEN.split(self.text.replace(" ", ""))[::2])

    def same_dimension(self, other: Unit) -> bool:
        return self.dims == other.dims

    def describe(self) -> tuple[str, str]:
        """(zh, en) description of the dimension: ``床位/人`` / ``beds per persons``."""
        if not self.dims:
            return ("比率", "a pure ratio")
        zh_parts, en_parts = [], []
        for name, exp in self.dims:
            zh, en = DIMENSION_NAMES.get(name, (name, name))
            if abs(exp) != 1:  # person**2 is not persons
                zh, en = f"{zh}^{abs(exp)}", f"{en}^{abs(exp)}"
            zh_parts.append(zh if exp > 0 else f"/{zh}")
            en_parts.append(en if exp > 0 else f"per {en}")
        return ("".join(zh_parts).lstrip("/"), " ".join(en_parts))


ONE = Unit(Fraction(1), (), "")
PERCENT = Unit(Fraction(1, 100), (), "%")


@dataclass(frozen=True, slots=True)
class Quantity:
    """An exact magnitude in a unit."""

    magnitude: Fraction
    unit: Unit

    @property
    def base(self) -> Fraction:
        """The magnitude in base units (persons, beds, yuan, pure ratio …)."""
        factor = self.unit.factor
        if factor.numerator == 1 and factor.denominator == 1:  # the base unit itself: the same fraction
            return self.magnitude
        return self.magnitude * factor

    def to(self, unit: Unit) -> Fraction:
        """The magnitude in ``unit``; :class:`DimensionError` when the dimensions differ."""
        if self.unit.dims != unit.dims:
            raise dimension_error(self.unit, unit)
        return self.base / unit.factor

    def __str__(self) -> str:
        return f"{format_number(self.magnitude)}{self.unit.text}"


def dimension_error(actual: Unit, expected: Unit) -> DimensionError:
    a_zh, a_en = actual.describe()
    e_zh, e_en = expected.describe()
    return DimensionError(U.DIMENSION(actual=actual.text or "1", expected=expected.text or "1", actual_zh=a_zh,
                                      actual_en=a_en, expected_zh=e_zh, expected_en=e_en))


# Invisible characters that text copied from web pages and Word carries (zero-width space, BOM …).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise(text: str) -> str:
    """NFKC (full-width ``８０％`` → ``80%``), unify minus and slash, drop invisible characters."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).replace("−", "-").replace("÷", "/")
    return text.strip()


_TOKEN = re.compile(r"([*/·])")
_LEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*")


def _atom(token: str) -> tuple[Fraction, Dims] | None:
    token = token.strip()
    if token in ATOMS:
        return ATOMS[token]
    m = _LEADING_NUMBER.match(token)
    if m and m.end() > 0:
        rest = token[m.end():]
        inner = _atom(rest) if rest else (Fraction(1), ())
        if inner is None:
            return None
        return parse_decimal(m.group(1)) * inner[0], inner[1]
    # longest prefix first: 万 before nothing; prefixes may stack (万亿).
    for prefix, pf in PREFIXES.items():
        if token.startswith(prefix) and len(token) > len(prefix):
            inner = _atom(token[len(prefix):])
            if inner is not None:
                return pf * inner[0], inner[1]
    return None


def divide_dims(a: Dims, b: Dims) -> Dims:
    """The dimensions of a quotient: ``person / person`` is ``()``, ``bed / person`` is ``bed·person⁻¹``."""
    acc = dict(a)
    _combine(acc, b, -1)
    return tuple(sorted(acc.items()))


def _combine(acc: dict[str, int], dims: Dims, sign: int) -> None:
    for name, exp in dims:
        acc[name] = acc.get(name, 0) + sign * exp
        if acc[name] == 0:
            del acc[name]


def _fast(text: str) -> tuple[Fraction, Dims] | None:
    """Parse with the precompiled table: products and quotients of (prefixed) atoms."""
    body = text.replace(" ", "")
    # 每万名老年人 / per 10,000 elders: "张每万名老年人" and "每万名老年人张" are rare; "X/每万…" is common.
    body = body.replace("/每", "/")
    if body.startswith("每"):
        body = "1/" + body[1:]
    elif "每" in body:
        body = body.replace("每", "/", 1)
    parts = _TOKEN.split(body)
    factor = Fraction(1)
    dims: dict[str, int] = {}
    sign = 1
    for i, part in enumerate(parts):
        if i % 2 == 1:
            # "元/人·月" is per person-month: "·" joins the side it is on, "*" and "/" start a new factor
            sign = -1 if part == "/" else sign if part == "·" else 1
            continue
        if part == "" and i == 0:
            return None
        atom = (Fraction(1), ()) if part == "1" else _atom(part)
        if atom is None:
            return None
        factor = factor * atom[0] if sign > 0 else factor / atom[0]
        _combine(dims, atom[1], sign)
    return factor, tuple(sorted(dims.items()))


def parse_unit(text: str) -> Unit:
    """Read a unit text: ``"张/万名老年人"``, ``"万元"``, ``"％"``, ``"person / 10000 person"``.

    The empty text is the pure number 1. Raises :class:`UnitError` naming the text.
    """
    if not isinstance(text, str):
        raise arguments.wrong("parse_unit", "text", arguments.TEXT, text)
    return _parse_unit(text)


@functools.lru_cache(maxsize=4096)
def _parse_unit(text: str) -> Unit:
    norm = normalise(text)
    if norm in ("", "1"):
        return Unit(Fraction(1), (), norm)
    try:
        fast = _fast(norm)
    except ZeroDivisionError:
        raise UnitError(U.UNIT_DIVIDES_BY_ZERO(unit=norm)) from None
    unit = Unit(fast[0], fast[1], norm) if fast is not None else _slow(norm)
    if unit.factor <= 0:
        raise UnitError(U.UNIT_NOT_POSITIVE(unit=norm))
    return unit


# pint evaluates arithmetic: "2**100000000 person" would build a 30-million-digit number. A unit text may
# raise to a small whole power only, and carry no long digit runs.
_POWER = re.compile(r"(\*\*|\^)\s*[+-]?\d{1,2}(?![\d.*^(])")
_LONG_DIGITS = re.compile(r"\d{16}")


def _slow(norm: str) -> Unit:
    from mzcheck.core import _pint

    candidate = norm.replace("%", " percent ").replace("‰", " permille ")
    exponents_ok = "**" not in _POWER.sub("", candidate) and "^" not in _POWER.sub("", candidate)
    # "%%" or "%‰" is a typing slip, not a unit of 1/10000
    signs_ok = norm.count("%") + norm.count("‰") <= 1
    if (not _pint.safe_for_pint(candidate) or not any(c.isalpha() for c in candidate) or not exponents_ok
            or not signs_ok or _LONG_DIGITS.search(candidate)):
        raise _unknown(norm)
    try:
        factor, dims = _pint.to_base(candidate)
    except Exception as exc:  # pint raises a dozen kinds here; all mean "cannot read this unit"
        raise _unknown(norm) from exc
    return Unit(factor, dims, norm)


def _unknown(text: str) -> UnitError:
    close = difflib.get_close_matches(text, list(ATOMS), n=3, cutoff=0.5)
    return UnitError(U.UNKNOWN_UNIT(unit=text), help=did_you_mean(close) or U.UNKNOWN_UNIT.hint())


# A value written as text: number, optional unit; or a fraction "2100/2625"; or a bound "超过19".
_QUANTITY = re.compile(
    r"^(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+)\s*(?P<unit>.*)$"
)
_PER = re.compile(r"^每(人)?每?(月|年|日|天)\s*(?=\d)")
_FRACTION = re.compile(r"^(?P<a>\d+(?:\.\d+)?)\s*/\s*(?P<b>\d+(?:\.\d+)?)$")

# Qualifiers of a reported value, per Civil Code art. 1259 (以上 includes the number, 超过 does not).
QUALIFIERS: dict[str, str] = {
    "超过": ">", "高于": ">", "大于": ">", "以上": ">=", "不少于": ">=", "不低于": ">=", "至少": ">=",
    "达到": "==", "达": "==", "约": "~", "近": "~", "不足": "<", "低于": "<", "不到": "<", "以下": "<=",
    "不超过": "<=", "余": ">", "多": ">",
}
_QUALIFIER_PREFIX = sorted((k for k in QUALIFIERS if k not in ("以上", "以下", "余", "多")), key=len,
                           reverse=True)
_QUALIFIER_SUFFIX = ("以上", "以下", "余", "多")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A reported value as text: the quantity and, for "超过19张", the qualifier ``>``."""

    quantity: Quantity
    qualifier: str | None
    places: int  # digits after the point as written (for consistency checks)
    bare: bool = False  # no unit was written: the quantity is in the default unit


def parse_quantity(text: str, default_unit: Unit | None = None) -> ParsedValue:
    """Read ``"190.5万人"``, ``"78%"``, ``"27.61 人/万名老年人"``, ``"2100/2625"``, ``"超过19张"``.

    A bare number is in ``default_unit`` (the indicator's canonical unit). Raises :class:`InputError`.
    """
    if not isinstance(text, str):
        raise arguments.wrong("parse_quantity", "text", arguments.TEXT, text)
    plain = plain_quantity(text, default_unit)
    if plain is not None:
        return plain
    digit = foreign_digit(text)  # before NFKC, which would make ²⁰²⁵ "2025"
    if digit is not None:
        raise InputError.of(U.FOREIGN_DIGIT, text=text.strip(), digit=digit)
    norm = normalise(text)
    qualifier = None
    per = None
    if not "0" <= norm[:1] <= "9":  # a figure first (most values): no qualifier or rate before it
        for word in _QUALIFIER_PREFIX:
            if norm.startswith(word):
                qualifier = QUALIFIERS[word]
                norm = norm[len(word):].strip()
                break
        for op in (">=", "<=", "≥", "≤", ">", "<", "~"):
            if norm.startswith(op):
                qualifier = {"≥": ">=", "≤": "<="}.get(op, op)
                norm = norm[len(op):].strip()
                break
        per = _PER.match(norm)  # 每人每月1350元: the rate written first, as 民政统计 tables write it
        if per:
            norm = norm[per.end():]
    m = _FRACTION.match(norm)
    if m and not per:
        num, den = parse_decimal(m.group("a")), parse_decimal(m.group("b"))
        if den == 0:
            raise InputError.of(U.FRACTION_BY_ZERO, text=text)
        return ParsedValue(Quantity(num / den, ONE), qualifier, 6)
    m = _QUANTITY.match(norm)
    if not m and norm.lower().lstrip("+-.") in ("nan", "inf", "infinity"):
        raise InputError.of(U.NOT_FINITE, text=text)
    if not m:
        raise InputError.of(U.NOT_NUMBER_WITH_UNIT, text=text)
    number = parse_decimal(m.group("num"))
    unit_text = m.group("unit").strip()
    if unit_text[:1].isdigit():  # the number's digits are all taken: a space came between them
        raise InputError.of(U.SPACE_IN_NUMBER, text=text.strip())  # 5 310: thousands grouped with a space
    if unit_text.startswith(":"):  # 53:10 is a time or a ratio, never a number with a unit
        raise InputError.of(U.TIME_OR_RATIO, text=text)
    for word in _QUALIFIER_SUFFIX:
        if unit_text.endswith(word) or unit_text.startswith(word):
            qualifier = qualifier or QUALIFIERS[word]
            unit_text = unit_text.removeprefix(word).removesuffix(word).strip()
            break
    places = _places(m.group("num"))
    if per:
        if unit_text == "" or unit_text in PREFIXES:
            raise InputError.of(U.NOT_NUMBER_WITH_UNIT, text=text)
        unit_text = f"{unit_text}/{'人·' if per.group(1) else ''}{per.group(2)}"
    if unit_text == "":
        unit = default_unit or ONE
        return ParsedValue(Quantity(number, unit), qualifier, places, bare=True)
    if unit_text in PREFIXES and default_unit is not None:
        # "190.5万" for an indicator counted in 人: the multiplier applies to the indicator's unit
        scaled = Unit(default_unit.factor * PREFIXES[unit_text], default_unit.dims, unit_text + default_unit.text)
        return ParsedValue(Quantity(number, scaled), qualifier, places)
    unit = parse_unit(unit_text)
    return ParsedValue(Quantity(number, unit), qualifier, places)


def plain_quantity(text: str, default_unit: Unit | None = None) -> ParsedValue | None:
    """:func:`parse_quantity`'s answer for the common writing (``1137张``, ``169.5 万人``, ``78``: a plain
    figure, and a unit of Chinese characters alone or none), found quickly; None for any other text, which
    ``parse_quantity`` reads the general way."""
    m = _PLAIN.match(text) if _FAST else None
    if m is None:
        return None
    unit_text = m.group(4)
    if unit_text == "":
        return ParsedValue(Quantity(_plain_number(m), default_unit or ONE), None, len(m.group(2) or ""), bare=True)
    if not unit_text.startswith(_QUALIFIER_SUFFIX) and not unit_text.endswith(_QUALIFIER_SUFFIX) and (
            default_unit is None or unit_text not in PREFIXES):
        return ParsedValue(Quantity(_plain_number(m), parse_unit(unit_text)), None, len(m.group(2) or ""))
    return None


# A figure of at most 15 digits either side of the point, spaces, and a unit of CJK ideographs alone (张, 万人,
# 家): no sign, grouping, exponent, qualifier or rate, nothing NFKC or the digit checks would change (no
# ideograph of U+4E00–U+9FFF is a digit, a space or changed by NFKC). tests/test_units.py holds it to the
# general path (_FAST off).
_PLAIN = re.compile(r"([0-9]{1,15})(?:\.([0-9]{1,15}))?( *)([\u4e00-\u9fff]*)\Z")
_FAST = True


def _plain_number(m: re.Match[str]) -> Fraction:
    """The figure of a :data:`_PLAIN` match, as ``parse_decimal`` reads it."""
    frac = m.group(2)
    if frac is None:
        return Fraction(int(m.group(1)))
    return Fraction(int(m.group(1) + frac), 10 ** len(frac))


def _places(num: str) -> int:
    from mzcheck.core.numbers import decimal_places

    return decimal_places(num)
