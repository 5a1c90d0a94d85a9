"""Exact values and the ways reports spell them / 数值及其在报表中的各种写法: :func:`quantities`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from mzcheck.core.errors import MzcheckError
from mzcheck.core.units import Unit, parse_unit
from mzcheck.testing._arguments import as_fraction, choices, int_argument, unit_argument
from mzcheck.testing._numbers import decimal_text, grouped, terminates

#: Every spelling :func:`quantities` knows, simplest first (examples shrink towards the first).
SPELLINGS: tuple[str, ...] = (
    "plain",          # 1905000人
    "spaced",         # 1905000 人
    "bare",           # 1905000 (in the indicator's unit)
    "grouped",        # 1,905,000人
    "wan",            # 190.5万人
    "yi",             # 0.01905亿人
    "scientific",     # 1.905e6人
    "full_width",     # １９０５０００人
    "percent",        # 78% (any pure ratio: a share, a per-10,000 rate)
    "permille",       # 780‰
    "fraction",       # 39/50
    "components",     # 3900/5000 (numerator and denominator as counted)
    "decimal_share",  # 0.78 for a percent indicator (how spreadsheets store 78%)
    "mapping",        # {value: 78, unit: "%"}
)

_FULL_WIDTH = str.maketrans({**{chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}, " ": "\u3000"})
_RATIOS = ("fraction", "components")  # numerator/denominator of the base value: written from its parts


@dataclass(frozen=True)
class SpelledQuantity:
    """One exact value and how a report writes it / 一个精确数值及其在报表中的写法.

    ``text`` written as a report's value for an indicator whose unit is ``unit`` is read by mzcheck as
    exactly ``value`` (in ``unit``), that is ``base`` in base units (persons, beds, yuan; a share as the
    fraction itself, 78% = 39/50). ``report_value`` is what goes under the indicator's key in a report:
    the text, or ``{"value": …, "unit": …}`` for the ``mapping`` spelling.
    """

    text: str
    value: Fraction
    base: Fraction
    unit: str
    spelling: str
    report_value: str | dict[str, str]
    parts: tuple[int, int] | None = None  # numerator and denominator, for "fraction" and "components"


# ------------------------------------------------------------------------------ one entry per spelling

def _is_percent(unit: Unit) -> bool:
    return not unit.dims and unit.factor == Fraction(1, 100)


# the text of each spelling but the two written from numerator and denominator
_TEXT: dict[str, Callable[[Fraction, Unit], str]] = {
    "plain": lambda v, u: f"{decimal_text(v)}{u.text}",
    "spaced": lambda v, u: f"{decimal_text(v)} {u.text}",
    "bare": lambda v, u: decimal_text(v),
    "grouped": lambda v, u: f"{grouped(decimal_text(v))}{u.text}",
    "wan": lambda v, u: f"{decimal_text(v / 10**4)}万{u.text}",
    "yi": lambda v, u: f"{decimal_text(v / 10**8)}亿{u.text}",
    "scientific": lambda v, u: f"{Decimal(decimal_text(v)).normalize():e}{u.text}",
    "full_width": lambda v, u: f"{decimal_text(v)}{u.text}".translate(_FULL_WIDTH),
    "percent": lambda v, u: f"{decimal_text(v * u.factor * 100)}%",
    "permille": lambda v, u: f"{decimal_text(v * u.factor * 1000)}‰",
    "decimal_share": lambda v, u: decimal_text(v * u.factor),
    "mapping": lambda v, u: f"{decimal_text(v)} {u.text}".strip(),
}

# which values a spelling can write exactly and unambiguously (any value when a spelling is not listed)
_FITS: dict[str, Callable[[Fraction, Unit], bool]] = {
    # a bare 0 < x <= 1 for a percent indicator is read as the fraction x (0.78 = 78%)
    "bare": lambda v, u: not (_is_percent(u) and 0 < v <= 1),
    "decimal_share": lambda v, u: _is_percent(u) and 0 < v * u.factor <= 1,
    "grouped": lambda v, u: abs(v) >= 1000,
    "scientific": lambda v, u: v != 0,
    "percent": lambda v, u: terminates(v * u.factor * 100),
    "permille": lambda v, u: terminates(v * u.factor * 1000),
    "fraction": lambda v, u: v >= 0,
    "components": lambda v, u: v >= 0,
}


def fits(spelling: str, value: Fraction, unit: Unit) -> bool:
    """Can ``spelling`` write ``value`` (in ``unit``) exactly and unambiguously?"""
    check = _FITS.get(spelling)
    return check is None or check(value, unit)


def write(spelling: str, value: Fraction, unit: Unit, scale: int = 1) -> SpelledQuantity:
    """Write ``value`` (in ``unit``) in ``spelling``; ``scale`` multiplies both parts of "components"."""
    base = value * unit.factor
    if spelling in _RATIOS:
        k = scale if spelling == "components" else 1
        parts = (base.numerator * k, base.denominator * k)
        text = f"{parts[0]}/{parts[1]}"
        return SpelledQuantity(text, value, base, unit.text, spelling, text, parts)
    text = _TEXT[spelling](value, unit)
    report_value = {"value": decimal_text(value), "unit": unit.text} if spelling == "mapping" else text
    return SpelledQuantity(text, value, base, unit.text, spelling, report_value)


def spellings_for(unit: Unit) -> tuple[str, ...]:
    """The spellings that can write a value of ``unit`` at all (some further depend on the value)."""
    out = {"plain", "bare", "grouped", "scientific", "full_width", "mapping"}
    if unit.text:
        out.add("spaced")
    if unit.dims and unit.text:
        for name, prefix, factor in (("wan", "万", 10**4), ("yi", "亿", 10**8)):
            try:
                scaled = parse_unit(prefix + unit.text)
            except MzcheckError:
                continue
            if scaled.dims == unit.dims and scaled.factor == unit.factor * factor:
                out.add(name)
    if not unit.dims:
        out |= {"percent", "permille", "fraction", "components"}
        if _is_percent(unit):
            out.add("decimal_share")
    return tuple(s for s in SPELLINGS if s in out)


# ------------------------------------------------------------------------------ the strategy

def quantities(unit: str = "人", *, min_value: int | str | Decimal | Fraction = 0,
               max_value: int | str | Decimal | Fraction = 10**8, places: int = 2,
               spellings: Iterable[str] | None = None) -> st.SearchStrategy[SpelledQuantity]:
    """Exact values in ``unit`` between ``min_value`` and ``max_value`` (with at most ``places`` decimals),
    each written in one of ``spellings`` (default: every spelling that fits the unit; see SPELLINGS).

    每个样本是一个精确数值及其一种写法(万/亿、%、‰、分数、分项、全角数字……)。

    ``unit`` is the indicator's unit, so a ``bare`` number is in it. Examples shrink towards the value
    nearest zero in the range and towards the ``plain`` spelling; ``components`` towards the smallest
    common factor. Raises hypothesis' ``InvalidArgument`` at once for a bad argument.
    """
    u = unit_argument(unit)
    int_argument(places, "places", 0, 8)
    lo, hi = as_fraction(min_value, "min_value"), as_fraction(max_value, "max_value")
    if lo > hi:
        raise InvalidArgument(f"min_value={min_value!r} is above max_value={max_value!r}")
    step = Fraction(1, 10**places)
    k_lo, k_hi = -((-lo) // step), hi // step  # ceil and floor
    if k_lo > k_hi:
        raise InvalidArgument(f"no value with {places} decimal places lies between {min_value} and {max_value}")
    possible = spellings_for(u)
    usable = possible
    if spellings is not None:
        chosen = choices(spellings, "spellings", SPELLINGS)
        usable = tuple(s for s in SPELLINGS if s in chosen and s in possible)
        if not usable:
            raise InvalidArgument(f"none of spellings={list(chosen)} can write a value in {u.text or '1'!r}; "
                                  f"possible: {', '.join(possible)}")
        if not any(fits(s, lo, u) or fits(s, hi, u) for s in usable):
            raise InvalidArgument(f"spellings={list(usable)} cannot write values between {min_value} and "
                                  f"{max_value} in {unit!r}")

    @st.composite
    def draw_quantity(draw: st.DrawFn) -> SpelledQuantity:
        value = int(draw(st.integers(int(k_lo), int(k_hi)))) * step
        fitting = [s for s in usable if fits(s, value, u)]
        assume(fitting)
        spelling = draw(st.sampled_from(fitting))
        scale = draw(st.integers(2, 1000)) if spelling == "components" else 1
        return write(spelling, value, u, scale)

    return draw_quantity()


def spell(draw: st.DrawFn, value: Fraction, units: Sequence[Unit], default: Unit,
          spellings: tuple[str, ...] | None) -> SpelledQuantity:
    """Write the base-unit ``value`` in one of ``units`` (exactly) in a fitting spelling, for a report.

    ``default`` is the indicator's unit: only it may be left out (``bare``). A value that no decimal in
    any of ``units`` writes exactly is written as a fraction, which needs a pure ratio.
    """
    options = [u for u in units if terminates(value / u.factor)]
    unit = draw(st.sampled_from(options)) if options else default
    in_unit = value / unit.factor
    if not terminates(in_unit):
        if unit.dims:  # callers only place values they can write (Sheet.valid)
            raise ValueError(f"{value} {unit.text} has no exact decimal spelling")
        return write("fraction", in_unit, unit)  # a pure ratio is always exact as a fraction
    possible = spellings_for(unit)
    if unit.text != default.text:  # a bare number is in the indicator's own unit only
        possible = tuple(s for s in possible if s not in ("bare", "decimal_share"))
    fitting = [s for s in possible if fits(s, in_unit, unit) and (spellings is None or s in spellings)]
    if not fitting:
        fitting = ["plain" if unit.text else "mapping"]
    spelling = draw(st.sampled_from(fitting))
    scale = draw(st.integers(2, 50)) if spelling == "components" else 1
    return write(spelling, in_unit, unit, scale)
