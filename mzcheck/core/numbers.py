"""Exact numbers / 精确数值.

Every value is a :class:`fractions.Fraction`: decimal text is parsed exactly (``"0.29"`` is 29/100,
never the float 0.28999…), unit factors are exact rationals, so a comparison at the threshold is exact.
See docs/design/0001-numeric-model.md.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from typing import Any

from mzcheck.core.codes import units as U
from mzcheck.core.errors import InputError

# 1,905,000 and 1 905 000 are common in spreadsheets; scientific notation is accepted too.
_NUMBER = re.compile(
    r"""^\s*(?P<sign>[-+−])?\s*
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<frac>\d+))?
    (?:[eE](?P<exp>[+-]?\d+))?\s*$""",
    re.VERBOSE | re.ASCII,  # \d is 0-9 only: ٢ and ² are not digits of a figure
)
_FULL_WIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
_MAX_EXPONENT = 30  # a civil-affairs figure above 10^30 is a typing error, not data
# More digits than any real figure has; also keeps int() and Fraction() fast on hostile input.
_MAX_DIGITS = 40


def int_text(value: int) -> str:
    """An int as text for a message or a look-up; one of thousands of digits (which ``str()`` refuses beyond
    4300) as ``<5000 digits>``."""
    if value.bit_length() <= 200:  # up to 60 digits: as written
        return str(value)
    digits = value.bit_length() * 30103 // 100000  # log10(2); one short at most
    return f"<{digits + 1 if abs(value) >= 10**digits else digits} digits>"


def ascii_digits(text: str) -> str | None:
    """``text`` as ASCII digits when it is written in digits only: ASCII ``2025`` or full-width ``２０２５`` (what
    NFKC makes ASCII); superscripts ``²⁰²⁵``, circled ``①``, Arabic-Indic ``٢٠٢٥`` and the empty text → None."""
    out = []
    for c in text:
        if "0" <= c <= "9":
            out.append(c)
        elif "０" <= c <= "９":
            out.append(chr(ord(c) - 0xFF10 + 0x30))
        else:
            return None
    return "".join(out) or None


def foreign_digit(text: str) -> str | None:
    """The first digit in ``text`` that is neither ASCII ``0``–``9`` nor full-width ``０``–``９`` (a superscript ``²``,
    a circled ``①``, an Arabic-Indic ``٢``); None when there is none. Chinese numerals are not digits here, nor
    is the exponent of a unit (``m²``, ``米³``: a superscript right after a letter)."""
    exponent = False
    for c in text:
        if c.isdigit() and not ("0" <= c <= "9" or "０" <= c <= "９"):
            if exponent and c in _SUPERSCRIPTS:
                continue
            return c
        exponent = c.isalpha()
    return None


_SUPERSCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")


def _out_of_range(text: str) -> InputError:
    shown = text.strip()
    if len(shown) > 40:
        shown = f"{shown[:20]}…{shown[-8:]}"
    return InputError.of(U.OUT_OF_RANGE, text=shown, digits=_MAX_DIGITS, exponent=_MAX_EXPONENT)


def parse_decimal(text: str) -> Fraction:
    """Parse decimal text exactly: ``"27.61"`` → ``Fraction(2761, 100)``.

    Raises :class:`InputError` for anything that is not a finite decimal number.
    """
    digit = foreign_digit(text)
    if digit is not None:
        raise InputError.of(U.FOREIGN_DIGIT, text=text.strip(), digit=digit)
    m = _NUMBER.match(text.translate(_FULL_WIDTH))
    if not m or (m.group("int") is None and m.group("frac") is None):
        raise InputError.of(U.NOT_A_NUMBER, text=text.strip())
    digits = (m.group("int") or "0").replace(",", "")
    frac = m.group("frac") or ""
    if len(digits.lstrip("0")) + len(frac) > _MAX_DIGITS or len(m.group("exp") or "") > 5:
        raise _out_of_range(text)
    exp = int(m.group("exp") or 0)
    if abs(exp) > _MAX_EXPONENT or len(digits.lstrip("0")) + exp > _MAX_EXPONENT:
        raise _out_of_range(text)
    value = Fraction(int(digits + frac), 10 ** len(frac))
    if exp:
        value *= Fraction(10) ** exp
    if m.group("sign") in ("-", "−"):
        value = -value
    return value


def shortest_text(value: object) -> str:
    """The shortest decimal text that reads back as the same binary float, in the float's own precision: ``0.29``
    for the float 0.29 and for numpy's float32 0.29 (widened to a double it would be 0.28999999165534973)."""
    if isinstance(value, float):
        return float.__repr__(value)  # numpy's float64 prints as np.float64(0.29) with repr()
    return str(value)  # numpy's float32 and float16 print their own shortest digits


def from_python(value: object) -> Fraction:
    """An exact Fraction from int, Decimal, Fraction or a finite float (via its shortest repr); numpy's integers
    and floats alike."""
    if isinstance(value, bool):
        raise InputError.of(U.NOT_A_NUMBER, text=str(value).lower())
    if isinstance(value, numbers.Integral) and not isinstance(value, int):
        value = int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, (float, int, Fraction)) and hasattr(value, "dtype"):
        if not math.isfinite(float(value)):
            raise InputError.of(U.NOT_FINITE, text=str(value))
        return parse_decimal(shortest_text(value))
    if isinstance(value, int):
        if abs(value) >= 10**_MAX_EXPONENT:
            # str() of an int beyond 4300 digits raises: name its size instead
            raise _out_of_range(int_text(value))
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError.of(U.NOT_FINITE, text=str(value))
        # Fraction(Decimal("1e999999999")) would compute a billion-digit integer: check the size first.
        if value and (not -_MAX_EXPONENT <= value.adjusted() < _MAX_EXPONENT or len(value.as_tuple().digits) > _MAX_DIGITS):
            raise _out_of_range(str(value))
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError.of(U.NOT_FINITE, text=str(value))
        # repr() is the shortest text that round-trips: 0.1 → "0.1" → 1/10, as the user wrote it.
        return parse_decimal(shortest_text(value))
    if isinstance(value, str):
        return parse_decimal(value)
    raise InputError.of(U.NOT_A_NUMBER, text=repr(value))


def decimal_places(text: str) -> int:
    """How many digits after the point a decimal text shows (``"27.87"`` → 2)."""
    m = _NUMBER.match(text)
    if not m:
        return 0
    places = len(m.group("frac") or "")
    return max(0, places - int(m.group("exp") or 0))


SIGNIFICANT = 15  # the digits a JSON number (a double) carries back unchanged
# a whole number of smaller magnitude is written Decimal(n) by to_decimal (a fast path may do so itself)
WHOLE_BOUND = 10**SIGNIFICANT


def to_decimal(value: Fraction, places: int | None = None) -> Decimal:
    """``value`` as a Decimal.

    Without ``places``: the exact decimal when it has one of at most 15 significant digits (what a JSON number
    carries back unchanged); else rounded half-even to 6 decimals, or to 6 significant digits for a small
    value, so a tiny gap (5e-07 亿元: 50 yuan) is never rounded to zero. With ``places``: at most that many
    digits after the point (for figures shown to people).
    """
    n, d = value.numerator, value.denominator
    if d == 1 and -WHOLE_BOUND < n < WHOLE_BOUND and (places is None or places >= 0):
        return Decimal(n)  # a whole number of at most 15 digits (the common case), as _short_decimal gives it
    short = _short_decimal(n, d)
    if short is not None and (places is None or -short.as_tuple().exponent <= places):  # type: ignore[operator]
        return short  # exact, and already within ``places``
    if n == 0:
        return Decimal(0)
    # 80 digits beyond the integer part: exact for mzcheck's number range (10^±30) and for anything computed
    # from it (a completion rate of 10^37 against 10^-30), however large
    ctx = _context(80 + max(0, (abs(n).bit_length() - d.bit_length()) * 3 // 10 + 2))
    exact = ctx.divide(Decimal(n), Decimal(d))
    if places is not None:
        return _plain_in(ctx, ctx.quantize(exact, _unit(places)))
    # a fraction whose denominator has a prime factor but 2 and 5 has no finite decimal: not ``exact``
    if _terminates(d) and Fraction(exact) == value and len(ctx.normalize(exact).as_tuple().digits) <= SIGNIFICANT:
        return _plain_in(ctx, exact)
    # 6 decimals, or 6 significant digits for a small value; never more than a double carries
    places = min(max(6, 5 - exact.adjusted()), SIGNIFICANT - 1 - exact.adjusted())
    return _plain_in(ctx, ctx.quantize(exact, _unit(places)))


# The contexts of to_decimal's division, one per precision (rounding half-even, as Decimal's default context;
# the caller's own decimal context is not consulted): made once, not set up at every call.
_CONTEXTS: dict[int, Context] = {}
_UNITS: dict[int, Decimal] = {}


def _context(prec: int) -> Context:
    ctx = _CONTEXTS.get(prec)
    if ctx is None:
        ctx = Context(prec=prec, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN)
        if len(_CONTEXTS) < 512:
            _CONTEXTS[prec] = ctx
    return ctx


def _unit(places: int) -> Decimal:
    """``Decimal(1).scaleb(-places)``: the quantum of ``places`` decimals."""
    unit = _UNITS.get(places)
    if unit is None:
        unit = Decimal(1).scaleb(-places)
        if len(_UNITS) < 512:
            _UNITS[places] = unit
    return unit


def _terminates(d: int) -> bool:
    """Whether 1/d has a finite decimal (d > 0 has no prime factor but 2 and 5)."""
    rest = d >> ((d & -d).bit_length() - 1)
    while rest % 5 == 0:
        rest //= 5
    return rest == 1


def _plain_in(ctx: Context, d: Decimal) -> Decimal:
    """:func:`_plain` in ``ctx`` (a whole number of more digits than the default context's precision)."""
    if d == d.to_integral_value():
        return ctx.quantize(d, _ONE)
    return ctx.normalize(d)


_ONE = Decimal(1)


def _short_decimal(n: int, d: int) -> Decimal | None:
    """n/d as the Decimal to_decimal gives when it is a decimal of at most 15 significant digits (the common
    case: what was reported, or a sum or difference of such), found with integers; None otherwise."""
    if d == 1:
        return Decimal(n) if -WHOLE_BOUND < n < WHOLE_BOUND else None
    twos = (d & -d).bit_length() - 1
    rest, fives = d >> twos, 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return None  # 1/3: no finite decimal
    places = max(twos, fives)
    digits = n * 10**places // d  # exact: d divides 10**places
    while digits % 10 == 0:
        digits //= 10
        places -= 1
    if not -WHOLE_BOUND < digits < WHOLE_BOUND:
        return None
    return Decimal(digits).scaleb(-places)  # ≤ 15 digits: exact in the default context


def _plain(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent form (80, not 8E+1)."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def format_number(value: Fraction, places: int = 4, group: bool = False) -> str:
    """Human-readable decimal text: ``Fraction(1905000)`` → ``"1905000"`` (``"1,905,000"`` with group)."""
    if value.denominator == 1 and places >= 0:  # a whole number: its digits, whatever the places
        return f"{value.numerator:,}" if group else str(value.numerator)
    return written(rounded(value, places), group)


def rounded(value: Fraction, places: int = 4) -> Decimal:
    """The decimal :func:`format_number` writes: ``value`` to ``places`` decimals, or to its first digit when
    that rounds it to zero (50 yuan in 亿元 is 0.0000005亿元, never "0")."""
    d = to_decimal(value, places)
    if d == 0 and value != 0:
        d = to_decimal(value, places - to_decimal(value).adjusted())
    return d


def written(d: Decimal, group: bool = False) -> str:
    """The text of a :func:`rounded` decimal, without trailing zeros (``1,905,000`` with group)."""
    text = f"{d:,f}" if group else f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_number(value: Fraction, places: int = 6) -> int | float:
    """A JSON number whose printed digits are the exact decimal (rounded beyond ``places``)."""
    if value.denominator == 1:
        return int(value)
    d = to_decimal(value, places)
    if d == d.to_integral_value():
        return int(d)
    # float(str) then json's repr() prints the same shortest digits back.
    return float(d)


def ceil(value: Fraction) -> int:
    return math.ceil(value)


def floor(value: Fraction) -> int:
    return math.floor(value)


# ------------------------------------------------------------------------------------ years and codes as written

FIRST_YEAR, LAST_YEAR = 1949, 2100  # the years a report, a target or the command line may name


def text_of(value: Any) -> str:
    """A name or code as written, for looking it up: stripped text; a whole number without its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return int_text(value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):  # numpy's integers
        return int_text(int(value))
    if isinstance(value, float) and value.is_integer():
        return int_text(int(value))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int_text(int(value)) if value.adjusted() < 60 else str(value)
    return str(value).strip()


def as_year(value: Any) -> int | None:
    """2025, 2025.0, "2025", "2025.0", "2025年", "2025 年" → 2025; anything else, or outside 1949–2100 → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):  # numpy's integers too
        value = int(value)
    elif isinstance(value, (float, Decimal, numbers.Real)):
        value = text_of(value if isinstance(value, (float, Decimal)) else float(value))
        value = value.removesuffix(".0")
    if isinstance(value, str):
        # ASCII or full-width digits only (docs/design/0018-ratio-indicators-and-catalog-checks.md)
        whole, dot, decimals = value.strip().removesuffix("年").strip().partition(".")
        zeros = ascii_digits(decimals)
        exact = not dot or (zeros is not None and not zeros.strip("0"))
        digits = ascii_digits(whole) if len(whole) <= 6 else None
        value = int(digits) if digits is not None and exact else None
    if isinstance(value, int) and FIRST_YEAR <= value <= LAST_YEAR:
        return value
    return None
