"""Exact decimals for the strategies: which fractions a report can write, and how / 精确小数的写法."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from hypothesis import strategies as st


def odd_part(n: int) -> int:
    """``n`` without its factors 2 and 5: 1 exactly when 1/n has a finite decimal expansion."""
    for p in (2, 5):
        while n % p == 0:
            n //= p
    return n


def terminates(value: Fraction) -> bool:
    """Does ``value`` have a finite decimal expansion (a denominator of 2s and 5s only)?"""
    return odd_part(value.denominator) == 1


def decimal_text(value: Fraction) -> str:
    """The exact decimal text of a terminating fraction: ``Fraction(3811, 2)`` → ``"1905.5"``."""
    if not terminates(value):
        raise ValueError(f"{value} has no finite decimal expansion")
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    digits = abs(value.numerator * 10**places // value.denominator)
    text = str(digits).rjust(places + 1, "0")
    if places:
        text = f"{text[:-places]}.{text[-places:]}"
    return f"-{text}" if value < 0 else text


def rounded_text(value: Fraction, places: int) -> str:
    """``value`` rounded half-even to ``places`` digits, as decimal text (how reports round a ratio)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN):f}"


def grouped(text: str) -> str:
    """Decimal text with thousands separators: ``"1905000.5"`` → ``"1,905,000.5"``."""
    whole, dot, frac = text.lstrip("-").partition(".")
    out = f"{int(whole):,}" + (dot + frac)
    return f"-{out}" if text.startswith("-") else out


def draw_number(draw: st.DrawFn, low: Fraction, high: Fraction, places: int) -> Fraction:
    """A multiple of 10**-places between ``low`` and ``high``; shrinks towards ``low``."""
    step = Fraction(1, 10**places)
    return int(draw(st.integers(int(low / step), int(high / step)))) * step
