"""Why the numeric model is exact (docs/design/0001-numeric-model.md), shown on pint's float mode."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mzcheck.core import wording
from mzcheck.core.compare import judge
from mzcheck.core.errors import InputError
from mzcheck.core.numbers import foreign_digit, format_number, json_number, parse_decimal, to_decimal
from mzcheck.core.units import parse_quantity


@pytest.fixture(scope="module")
def float_ureg() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry()
    ureg.define("yuan = [currency]")
    ureg.define("yi_yuan = 1e8 yuan")
    return ureg


def test_pint_float_mode_misjudges_money_at_the_threshold(float_ureg: pint.UnitRegistry) -> None:
    pint_says = float_ureg.Quantity(0.29, "yi_yuan") >= float_ureg.Quantity(29000000, "yuan")
    assert pint_says is False  # 0.29 × 1e8 = 28999999.999999996 in floats
    ours = parse_quantity("0.29亿元").quantity.base >= parse_quantity("29000000元").quantity.base
    assert ours is True


def test_pint_float_mode_equality_and_order_disagree(float_ureg: pint.UnitRegistry) -> None:
    actual = float_ureg.Quantity(2100 / 3000, "dimensionless")
    target = float_ureg.Quantity(70, "percent")
    assert (actual == target, actual >= target) == (True, False)
    exact = parse_quantity("2100/3000").quantity.base
    goal = parse_quantity("70%").quantity.base
    assert judge(exact, "==", goal) and judge(exact, ">=", goal)


def test_many_exact_ties_are_misjudged_by_floats_but_not_here() -> None:
    """Shares k/n that equal a whole percentage exactly: floats get a good number of them wrong."""
    wrong_in_floats = 0
    for n in range(1, 401):
        for k in range(n + 1):
            if (100 * k) % n:
                continue
            pct = 100 * k // n
            wrong_in_floats += (k / n) < pct * 0.01
            assert judge(Fraction(k, n), ">=", Fraction(pct, 100))
    assert wrong_in_floats > 100


def test_output_rounding_is_for_display_only() -> None:
    value = Fraction(5310, 1905000) * 10000  # 27.874015748…
    assert format_number(value) == "27.874"
    assert str(to_decimal(value)) == "27.874016"
    assert json_number(parse_decimal("27.61")) == 27.61
    assert str(to_decimal(Fraction(80))) == "80"


def test_to_decimal_of_a_value_far_beyond_the_range_is_exact_to_its_digits() -> None:
    # computed figures (a trend, a completion rate) may leave the 10^±30 range a report holds
    big = Fraction(2 * 10**7) ** 11 + Fraction(1, 3)
    assert to_decimal(big) == Decimal(2 * 10**7) ** 11 and format_number(big).startswith("2048")


@pytest.mark.parametrize(("text", "digit"), [("٥٣١٠", "٥"), ("²⁰²⁵", "²"), ("①", "①"), ("𝟓𝟑", "𝟓")])
def test_digits_of_other_scripts_are_not_read_as_a_number(text: str, digit: str) -> None:
    for parse in (parse_decimal, lambda t: parse_quantity(t).quantity):
        with pytest.raises(InputError) as caught:
            parse(text)
        assert caught.value.code == "U602" and repr(digit) in str(caught.value)


def test_full_width_digits_and_a_unit_exponent_are_still_read() -> None:
    assert parse_decimal("５３１０") == 5310 and parse_quantity("１９０万人").quantity.base == 1_900_000
    assert foreign_digit("100m²") is None and foreign_digit("2025²") == "²"


@given(value=st.fractions(min_value=-10**7, max_value=10**7), places=st.one_of(st.none(), st.integers(0, 6)),
       unit=st.sampled_from(["", "%", "人", "张", "万元", "人/万名老年人", "km", "‰"]))
def test_both_spellings_rounded_once_are_each_spelling_alone(value: Fraction, places: int | None, unit: str) -> None:
    assert wording.both(value, unit, places) == (wording.amount(value, unit, places=places),
                                                 wording.amount_en(value, unit, places=places))
    assert wording.gap_amounts(value, unit, places) == (wording.gap_amount(value, unit, places),
                                                        wording.gap_amount_en(value, unit, places))


@given(actual=st.fractions(min_value=-10**4, max_value=10**4), gap=st.fractions(min_value=-1, max_value=1),
       unit=st.sampled_from(["%", "人", "张/万名老年人"]))
def test_the_places_telling_a_short_actual_apart_are_where_the_gap_stops_rounding_to_zero(
        actual: Fraction, gap: Fraction, unit: str) -> None:
    places = wording.telling_places(actual, gap, unit)
    if gap == 0 or (wording.counts(unit) and actual.denominator == 1):
        assert places is None
        return
    first = next((p for p in range(wording.RATE_PLACES, 6) if round(abs(gap) * 10**p) != 0), 6)
    assert places == (None if first == wording.RATE_PLACES else first)


def _to_decimal_by_division(value: Fraction, places: int | None = None) -> Decimal:
    """to_decimal as it was first written (an 80-digit division in a local context, every step in it): the
    reference the integer paths and the kept contexts must agree with."""
    from decimal import MAX_EMAX, MIN_EMIN, localcontext

    def plain(d: Decimal) -> Decimal:
        return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()

    if value == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 80 + max(0, (abs(value.numerator).bit_length() - value.denominator.bit_length()) * 3 // 10 + 2)
        ctx.Emax, ctx.Emin = MAX_EMAX, MIN_EMIN
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        if places is not None:
            return plain(exact.quantize(Decimal(1).scaleb(-places)))
        if Fraction(exact) == value and len(exact.normalize().as_tuple().digits) <= 15:
            return plain(exact)
        places = min(max(6, 5 - exact.adjusted()), 14 - exact.adjusted())
        return plain(exact.quantize(Decimal(1).scaleb(-places)))


_FRACTIONS = st.one_of(
    st.fractions(max_denominator=10**6),
    st.builds(lambda n, k: Fraction(n, 10**k), st.integers(-10**20, 10**20), st.integers(0, 12)),
    st.builds(lambda n, d, k: Fraction(n, d) * Fraction(10) ** k, st.integers(-10**9, 10**9), st.integers(1, 10**5),
              st.integers(-30, 30)),
    st.builds(lambda n: Fraction(n), st.integers(-10**35, 10**35)),
)


@given(_FRACTIONS, st.one_of(st.none(), st.integers(0, 8)))
def test_to_decimal_equals_the_division_in_a_local_context(value: Fraction, places: int | None) -> None:
    got, want = to_decimal(value, places), _to_decimal_by_division(value, places)
    assert got == want and str(got) == str(want)


@given(st.integers(-10**40, 10**40), st.integers(0, 8), st.booleans(), st.sampled_from(["张", "人", "%", "万元", ""]))
def test_a_whole_number_is_written_as_its_rounded_decimal(n: int, places: int, group: bool, unit: str) -> None:
    from mzcheck.core.numbers import rounded, written

    value = Fraction(n)
    assert format_number(value, places, group) == written(rounded(value, places), group)
    p, about = wording.shown(value, unit, None)
    d = rounded(value, p)
    assert wording.both(value, unit) == (wording._zh(written(d), unit, about), wording._en(written(d, group=True), unit, about))


@given(st.integers(-10**16, 10**16), st.one_of(st.none(), st.integers(-4, 8)))
def test_to_decimal_of_a_whole_number_equals_the_division_whatever_the_places(n: int, places: int | None) -> None:
    got, want = to_decimal(Fraction(n), places), _to_decimal_by_division(Fraction(n), places)
    assert got == want and str(got) == str(want)


@given(_FRACTIONS, _FRACTIONS.filter(bool))
def test_a_completion_rate_kept_by_its_terms_is_the_rate_of_its_fractions(x: Fraction, y: Fraction) -> None:
    from mzcheck.engine.completion import _rate

    want = to_decimal(x / y * 100)
    for _ in range(2):  # computed, then kept
        got = _rate(x, y)
        assert got == want and str(got) == str(want)
