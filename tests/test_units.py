"""Units and exact numbers: spellings, normalisation, refusals, agreement with pint."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mzcheck.core import _pint
from mzcheck.core.errors import InputError, UnitError
from mzcheck.core.numbers import parse_decimal
from mzcheck.core.units import parse_quantity, parse_unit


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("190.5万人", Fraction(1905000)),
        ("78%", Fraction(78, 100)),
        ("０.７８", Fraction(78, 100)),
        ("８０％", Fraction(4, 5)),
        ("800‰", Fraction(4, 5)),
        ("4000/5000", Fraction(4, 5)),
        ("2100/2625", Fraction(4, 5)),
        ("0.8", Fraction(4, 5)),
        ("27.61 人/万名老年人", Fraction(2761, 1000000)),
        ("8890.7万元", Fraction(88907000)),
        ("0.29亿元", Fraction(29000000)),
        ("29000000元", Fraction(29000000)),
        ("1,905,000人", Fraction(1905000)),
        ("20张/万名老年人", Fraction(20, 10000)),
        ("20 张每万名老年人", Fraction(20, 10000)),
        ("3.2％", Fraction(32, 1000)),
        ("1486元/月", Fraction(1486 * 12, 31557600)),
        ("28 person/(1e4 person)", Fraction(28, 10000)),
        ("5 persons", Fraction(5)),
    ],
)
def test_spellings_parse_exactly(text: str, base: Fraction) -> None:
    assert parse_quantity(text).quantity.base == base


def test_full_width_percent_is_not_dropped() -> None:
    # pint alone reads "3.2％" as the plain number 3.2; mzcheck reads 3.2 percent.
    assert parse_quantity("3.2％").quantity.base == Fraction(32, 1000)


def test_month_and_year_rates_convert_exactly() -> None:
    month = parse_quantity("1486元/月").quantity
    year = parse_quantity("17832元/年").quantity
    assert month.base == year.base


@pytest.mark.parametrize("text", ["5 foo", "5 人/万名老鼠", "5 %%x", "5 $", "5 ☃"])
def test_unknown_units_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_quantity(text)


def test_unknown_unit_error_names_the_text_and_suggests() -> None:
    with pytest.raises(UnitError) as info:
        parse_unit("persns")
    assert "persns" in str(info.value)
    assert "did you mean" in str(info.value)


def test_beds_and_persons_are_distinct_dimensions() -> None:
    beds, persons = parse_unit("张"), parse_unit("人")
    assert beds.dims != persons.dims
    assert parse_unit("张/万名老年人").dims == (("bed", 1), ("person", -1))
    assert parse_unit("人/万名老年人").dims == ()


@pytest.mark.parametrize(("text", "qualifier"), [("超过19张", ">"), ("19张以上", ">="), ("不足5家", "<"), ("约30%", "~")])
def test_qualified_values_keep_their_bound(text: str, qualifier: str) -> None:
    assert parse_quantity(text).qualifier == qualifier


@pytest.mark.parametrize("text", ["七十", "", "abc", "1e400", "NaN", "inf", "--5"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(InputError):
        parse_quantity(text)


def test_decimal_text_is_exact() -> None:
    assert parse_decimal("0.1") + parse_decimal("0.2") == parse_decimal("0.3")
    assert parse_decimal("-1.5e2") == -150
    assert parse_decimal("1,905,000") == 1905000


def test_precompiled_table_agrees_with_pint() -> None:
    """The fast table is a cache of pint's answers: regenerating it must give the committed file."""
    from pathlib import Path

    committed = Path(_pint.__file__).with_name("_unit_table.py").read_text(encoding="utf-8")
    assert _pint.render_table() == committed, "run `python -m mzcheck.core._pint` after editing units.txt"


@pytest.mark.parametrize("text", ["人", "万人", "张/万名老年人", "人/万名老年人", "%", "‰", "亿元", "万元", "元/月",
                                  "户", "人次", "百分点", "家", "个"])
def test_fast_path_matches_pint(text: str) -> None:
    unit = parse_unit(text)
    factor, dims = _pint.to_base(text.replace("%", "percent"))
    assert (unit.factor, unit.dims) == (factor, dims)


def test_a_bare_multiplier_applies_to_the_indicators_unit() -> None:
    parsed = parse_quantity("190.5万", default_unit=parse_unit("人"))
    assert parsed.quantity.base == 1905000
    assert parsed.quantity.unit.dims == (("person", 1),)


@pytest.mark.parametrize(("text", "proportion"), [("%", True), ("％", True), ("‰", True), ("", True),
                                                  ("家/社区", False), ("人/万名老年人", False), ("倍", False),
                                                  ("百分点", False), ("人", False)])
def test_only_a_percent_permille_or_bare_number_is_written_as_a_proportion(text: str, proportion: bool) -> None:
    # 家/社区 is dimensionless (both are counted as institutions) but an average per community, not a share
    assert parse_unit(text).proportion is proportion


@given(st.lists(st.sampled_from([*"0123456789. ", "张", "万人", "人", "家", "万", "亿", "以上", "多", "余", "元", "床位",
                                 "%", "个", "一", "龘", "\u3000", "1" * 16]), max_size=12).map("".join),
       st.sampled_from([None, "人", "张", "%", "元"]))
def test_a_plainly_written_value_is_read_as_the_general_path_reads_it(text: str, default: str | None) -> None:
    """parse_quantity's fast path (a figure and a unit of ideographs) gives what the general path gives."""
    from mzcheck.core import units

    unit = units.parse_unit(default) if default is not None else None

    def read() -> object:
        try:
            return units.parse_quantity(text, default_unit=unit)
        except Exception as exc:  # the same refusal, worded the same
            return (type(exc).__name__, str(exc))

    fast = read()
    units._FAST = False
    try:
        general = read()
    finally:
        units._FAST = True
    assert fast == general
