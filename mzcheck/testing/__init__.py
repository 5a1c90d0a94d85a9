"""Hypothesis strategies for testing code that uses mzcheck / 供其他项目做属性测试的 hypothesis 策略.

Three strategies, named as plural nouns the way hypothesis names its own:

- :func:`quantities` — one exact value written in one of the spellings reports use (万/亿, %, ‰, a
  fraction, components, full-width digits, ``{value, unit}`` …), with the exact value beside the text;
- :func:`rule_sets` — small valid :class:`mzcheck.RuleSet` objects (a catalog, a few jurisdictions and
  rules), loaded through :func:`mzcheck.load_targets` like any rule folder;
- :func:`reports` — report cases for a rule set: the report's data (dump it as YAML or JSON) with values
  at, just above and just below each applicable rule's threshold, and the verdict each of those rules
  must get.

Needs the ``testing`` extra (``pip install 'mzcheck[testing]'``). A guide with examples is docs/testing.md.

    from hypothesis import given
    import mzcheck
    from mzcheck.testing import reports, rule_sets

    @given(rule_sets().flatmap(reports))
    def test_my_dashboard_agrees_with_mzcheck(case): ...
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

if TYPE_CHECKING:
    from mzcheck.core.units import Unit
    from mzcheck.load.ruleset import RuleSet
    from mzcheck.model.compiled import CompiledRule
    from mzcheck.model.report import Report

__all__ = [
    "KINDS",
    "SPELLINGS",
    "ReportCase",
    "SpelledQuantity",
    "Verdict",
    "quantities",
    "reports",
    "rule_sets",
]

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

#: The rule kinds :func:`rule_sets` generates (see docs/design/0003-rule-schema.md).
KINDS: tuple[str, ...] = ("level", "range", "each", "increment", "maintain", "growth", "relative")

_COMPARATORS = (">=", "<=", ">", "<", "==")
_FULL_WIDTH = str.maketrans({**{chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}, " ": "\u3000"})

#: The verdict a :class:`ReportCase` expects for a rule it placed.
Verdict = Literal["met", "not_met"]


# ----------------------------------------------------------------------------------------- numbers


def _terminates(value: Fraction) -> bool:
    """Does ``value`` have a finite decimal expansion (a denominator of 2s and 5s only)?"""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _decimal_text(value: Fraction) -> str:
    """The exact decimal text of a terminating fraction: ``Fraction(3811, 2)`` → ``"1905.5"``."""
    if not _terminates(value):
        raise ValueError(f"{value} has no finite decimal expansion")
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    digits = abs(value.numerator * 10**places // value.denominator)
    text = str(digits).rjust(places + 1, "0")
    if places:
        text = f"{text[:-places]}.{text[-places:]}"
    return f"-{text}" if value < 0 else text


def _rounded_text(value: Fraction, places: int) -> str:
    """``value`` rounded half-even to ``places`` digits, as decimal text."""
    d = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-places),
                                                                         rounding=ROUND_HALF_EVEN)
    return f"{d:f}"


def _grouped(text: str) -> str:
    whole, dot, frac = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}" + (dot + frac)
    return f"-{grouped}" if text.startswith("-") else grouped


def _as_fraction(value: object, name: str) -> Fraction:
    from mzcheck.core.errors import MzcheckError
    from mzcheck.core.numbers import from_python

    try:
        return from_python(value)
    except MzcheckError as exc:
        raise InvalidArgument(f"{name}={value!r} is not a finite number: {exc}") from None


def _unit(text: object, name: str = "unit") -> Unit:
    from mzcheck.core.errors import MzcheckError
    from mzcheck.core.units import parse_unit

    if not isinstance(text, str):
        raise InvalidArgument(f"{name} must be unit text such as '人', '%' or '张/万名老年人', not {text!r}")
    try:
        return parse_unit(text)
    except MzcheckError as exc:
        raise InvalidArgument(f"{name}={text!r} is not a unit mzcheck reads: {exc}") from None


# ----------------------------------------------------------------------------------------- quantities


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


def _spellings_for(unit: Unit) -> tuple[str, ...]:
    """The spellings that can write a value of ``unit`` at all (some further depend on the value)."""
    from mzcheck.core.errors import MzcheckError
    from mzcheck.core.units import parse_unit

    out = ["plain", "bare", "grouped", "scientific", "full_width", "mapping"]
    if unit.text:
        out.append("spaced")
    if unit.dims and unit.text:
        for name, prefix, factor in (("wan", "万", 10**4), ("yi", "亿", 10**8)):
            try:
                scaled = parse_unit(prefix + unit.text)
            except MzcheckError:
                continue
            if scaled.dims == unit.dims and scaled.factor == unit.factor * factor:
                out.append(name)
    if not unit.dims:
        out += ["percent", "permille", "fraction", "components"]
        if unit.factor == Fraction(1, 100):
            out.append("decimal_share")
    return tuple(s for s in SPELLINGS if s in out)


def _fits(spelling: str, value: Fraction, unit: Unit) -> bool:
    """Can ``spelling`` write ``value`` (in ``unit``) exactly and unambiguously?"""
    base = value * unit.factor
    percent = not unit.dims and unit.factor == Fraction(1, 100)
    if spelling == "bare":
        # a bare 0 < x <= 1 for a percent indicator is read as the fraction x (0.78 = 78%)
        return not (percent and 0 < value <= 1)
    if spelling == "decimal_share":
        return percent and 0 < base <= 1
    if spelling == "grouped":
        return abs(value) >= 1000
    if spelling == "scientific":
        return value != 0
    if spelling in ("percent", "permille"):
        return _terminates(base * (100 if spelling == "percent" else 1000))
    if spelling in ("fraction", "components"):
        return base >= 0
    if spelling in ("wan", "yi"):
        return True
    return True


def _write(spelling: str, value: Fraction, unit: Unit, scale: int = 1) -> SpelledQuantity:
    """Write ``value`` (in ``unit``) in ``spelling``; ``scale`` multiplies both parts of "components"."""
    base = value * unit.factor
    number = _decimal_text(value)
    u = unit.text
    report_value: str | dict[str, str]
    parts = None
    if spelling == "plain":
        text = f"{number}{u}"
    elif spelling == "spaced":
        text = f"{number} {u}"
    elif spelling == "bare":
        text = number
    elif spelling == "grouped":
        text = f"{_grouped(number)}{u}"
    elif spelling == "wan":
        text = f"{_decimal_text(value / 10**4)}万{u}"
    elif spelling == "yi":
        text = f"{_decimal_text(value / 10**8)}亿{u}"
    elif spelling == "scientific":
        text = f"{Decimal(number).normalize():e}{u}"
    elif spelling == "full_width":
        text = f"{number}{u}".translate(_FULL_WIDTH)
    elif spelling == "percent":
        text = f"{_decimal_text(base * 100)}%"
    elif spelling == "permille":
        text = f"{_decimal_text(base * 1000)}‰"
    elif spelling in ("fraction", "components"):
        k = scale if spelling == "components" else 1
        parts = (base.numerator * k, base.denominator * k)
        text = f"{parts[0]}/{parts[1]}"
    elif spelling == "decimal_share":
        text = _decimal_text(base)
    elif spelling == "mapping":
        text = f"{number} {u}".strip()
        report_value = {"value": number, "unit": u}
        return SpelledQuantity(text, value, base, u, spelling, report_value)
    else:  # pragma: no cover - guarded by validation
        raise InvalidArgument(f"unknown spelling {spelling!r}")
    return SpelledQuantity(text, value, base, u, spelling, text, parts)


def _validate_spellings(spellings: Iterable[str] | None, unit: Unit, name: str = "spellings") -> tuple[str, ...]:
    possible = _spellings_for(unit)
    if spellings is None:
        return possible
    if isinstance(spellings, str):
        raise InvalidArgument(f"{name} must be a collection of spelling names, not the string {spellings!r}")
    chosen = tuple(spellings)
    unknown = [s for s in chosen if s not in SPELLINGS]
    if unknown:
        raise InvalidArgument(f"unknown spelling(s) {unknown}; known: {', '.join(SPELLINGS)}")
    usable = tuple(s for s in SPELLINGS if s in chosen and s in possible)
    if not usable:
        raise InvalidArgument(f"none of {name}={list(chosen)} can write a value in {unit.text or '1'!r}; "
                              f"possible: {', '.join(possible)}")
    return usable


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
    u = _unit(unit)
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 8:
        raise InvalidArgument(f"places must be an int between 0 and 8, not {places!r}")
    lo, hi = _as_fraction(min_value, "min_value"), _as_fraction(max_value, "max_value")
    if lo > hi:
        raise InvalidArgument(f"min_value={min_value!r} is above max_value={max_value!r}")
    step = Fraction(1, 10**places)
    k_lo, k_hi = -((-lo) // step), hi // step  # ceil and floor
    if k_lo > k_hi:
        raise InvalidArgument(f"no value with {places} decimal places lies between {min_value} and {max_value}")
    usable = _validate_spellings(spellings, u)
    if spellings is not None and not any(_fits(s, lo, u) or _fits(s, hi, u) or s not in (
            "grouped", "decimal_share", "fraction", "components", "scientific") for s in usable):
        raise InvalidArgument(f"spellings={list(usable)} cannot write values between {min_value} and {max_value} "
                              f"in {unit!r}")

    @st.composite
    def draw_quantity(draw: st.DrawFn) -> SpelledQuantity:
        value = int(draw(st.integers(int(k_lo), int(k_hi)))) * step
        fitting = [s for s in usable if _fits(s, value, u)]
        assume(fitting)
        spelling = draw(st.sampled_from(fitting))
        scale = draw(st.integers(2, 1000)) if spelling == "components" else 1
        return _write(spelling, value, u, scale)

    return draw_quantity()


def _spell(draw: st.DrawFn, value: Fraction, units: Sequence[Unit], default: Unit,
           spellings: tuple[str, ...] | None) -> SpelledQuantity:
    """Write the base-unit ``value`` in one of ``units`` (exactly), in a fitting spelling."""
    options = [u for u in units if _terminates(value / u.factor)]
    unit = draw(st.sampled_from(options)) if options else default
    in_unit = value / unit.factor
    if not _terminates(in_unit):
        if unit.dims:  # callers only place values they can write (_Builder._valid_base)
            raise ValueError(f"{value} {unit.text} has no exact decimal spelling")
        return _write("fraction", in_unit, unit)  # a pure ratio is always exact as a fraction
    possible = _spellings_for(unit)
    if unit.text != default.text:  # a bare number is in the indicator's own unit only
        possible = tuple(s for s in possible if s not in ("bare", "decimal_share"))
    fitting = [s for s in possible if _fits(s, in_unit, unit) and (spellings is None or s in spellings)]
    if not fitting:
        fitting = ["plain" if unit.text else "mapping"]
    spelling = draw(st.sampled_from(fitting))
    scale = draw(st.integers(2, 50)) if spelling == "components" else 1
    return _write(spelling, in_unit, unit, scale)


# ----------------------------------------------------------------------------------------- rule sets

# (id, zh, en, unit, aliases, noun) — realistic indicators, distinct names
_PLAIN: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, str] | None], ...] = (
    ("elderly_population", "老年人口数", "elderly population", "人", ("老年人口",), ("老年人", "elders")),
    ("certified_carers", "持证护理员数", "certified carers", "人", ("持证养老护理员数",), ("持证护理员", "certified carers")),
    ("nursing_beds", "护理型床位数", "nursing-type beds", "张", (), ("护理型床位", "nursing-type beds")),
    ("institution_beds", "养老机构床位数", "beds in care institutions", "张", (), ("养老机构床位", "institution beds")),
    ("dementia_care_beds", "认知障碍照护床位数", "dementia-care beds", "张", (), None),
    ("care_institutions", "养老机构数", "care institutions", "家", ("养老机构",), None),
    ("assistance_funds", "救助资金", "assistance funds", "元", ("救助资金总额",), None),
    ("assisted_households", "救助户数", "assisted households", "户", (), None),
    ("home_visits", "上门服务人次", "home visits", "人次", (), None),
    ("subsistence_standard", "城乡低保标准", "subsistence allowance standard", "元/月", ("低保标准",), None),
    ("urban_consumption_per_capita", "城镇居民人均消费支出", "urban consumption per head", "元/年", (), None),
    ("service_coverage", "居家养老服务覆盖率", "home-care service coverage", "%", ("服务覆盖率",), None),
)
# (id, zh, en, unit, numerator, denominator, scale)
_DERIVED: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("carers_per_10k_elders", "每万名老年人拥有持证护理员数", "certified carers per 10,000 elders", "人/万名老年人",
     "certified_carers", "elderly_population", 10000),
    ("dementia_beds_per_10k_elders", "每万名老年人拥有认知障碍照护床位数", "dementia-care beds per 10,000 elders",
     "张/万名老年人", "dementia_care_beds", "elderly_population", 10000),
    ("nursing_bed_share", "护理型床位占比", "share of nursing-type beds", "%", "nursing_beds", "institution_beds", 100),
)
_UNIT_OF = {a[0]: a[3] for a in _PLAIN} | {d[0]: d[3] for d in _DERIVED}
# plausible target values in the indicator's own unit: (low, high, decimal places)
_RANGE = {"人": (0, 200000, 0), "张": (0, 20000, 0), "家": (0, 500, 0), "元": (0, 10**8, 0), "户": (0, 50000, 0),
          "人次": (0, 10**6, 0), "元/月": (500, 3000, 0), "元/年": (20000, 60000, 0), "%": (0, 100, 2),
          "人/万名老年人": (0, 100, 2), "张/万名老年人": (0, 100, 2)}
# other spellings of a target's unit a plan may use
_TARGET_UNITS = {"人": ("人", "万人"), "元": ("元", "万元", "亿元"), "%": ("%", "‰"), "元/月": ("元/月", "元/年")}
_COUNTS = ("人", "张", "家", "元", "户", "人次")
_RELATIVE = ("subsistence_standard", "urban_consumption_per_capita")

# (code, name, en, parent)
_PLACES: tuple[tuple[str, str, str, str | None], ...] = (
    ("330000", "浙江省", "Zhejiang", None),
    ("330100", "杭州市", "Hangzhou", "330000"),
    ("330200", "宁波市", "Ningbo", "330000"),
    ("330600", "绍兴市", "Shaoxing", "330000"),
    ("330106", "西湖区", "Xihu", "330100"),
    ("330110", "余杭区", "Yuhang", "330100"),
    ("330212", "鄞州区", "Yinzhou", "330200"),
    ("330282", "慈溪市", "Cixi", "330200"),
    ("330683", "嵊州市", "Shengzhou", "330600"),
)
_QUOTE_CHARS = "到年底全市每万名老年人拥有持证护理员达床位不少于新增养老机构覆盖率提高争取"
# quotes as plans word them, and now and then any text (quotes are free text, kept verbatim)
_QUOTES = st.sampled_from((
    "到2025年底,全市每万名老年人拥有持证护理员达到28人", "护理型床位占比不低于80%", "全年新增认知障碍照护专区床位800张",
    "城乡低保标准提高到每人每月1200元", "救助资金不少于0.29亿元", "每个县域确定2-3个集中供养机构",
)) | st.text(st.sampled_from(_QUOTE_CHARS), min_size=2, max_size=12)
_CITIES = tuple(p for p in _PLACES if p[3] == "330000")
_PREFIXES = st.sampled_from(("r", "t", "hz2025", "nb-plan", "x9", "sx_2024"))
_ALL_IDS = tuple(a[0] for a in _PLAIN) + tuple(d[0] for d in _DERIVED)
_COUNT_IDS = tuple(a[0] for a in _PLAIN if a[3] in _COUNTS)


def _check_int(value: object, name: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidArgument(f"{name} must be an int between {low} and {high}, not {value!r}")
    return value


def _check_subset(values: object, name: str, allowed: Sequence[str]) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgument(f"{name} must be a collection drawn from {list(allowed)}, not {values!r}")
    chosen = tuple(values)
    bad = [v for v in chosen if v not in allowed]
    if bad or not chosen:
        raise InvalidArgument(f"{name} must be a non-empty collection drawn from {list(allowed)}; got {list(chosen)}")
    return tuple(v for v in allowed if v in chosen)


def rule_sets(*, min_rules: int = 1, max_rules: int = 6, kinds: Iterable[str] = KINDS,
              comparators: Iterable[str] = _COMPARATORS, years: Iterable[int] = (2025,)) -> st.SearchStrategy[RuleSet]:
    """Small valid rule sets: a catalog of a few indicators (with the components of derived ones), a
    province with some cities and counties, and ``min_rules`` to ``max_rules`` rules of ``kinds`` with
    ``comparators`` (``between`` for ranges), due in ``years``.

    生成小型有效规则集:若干指标、行政区划和规则,经 mzcheck.load_targets 加载。

    Each rule set is written as rule files and loaded with :func:`mzcheck.load_targets`, so it is valid
    by mzcheck's own checks. Examples shrink towards fewer rules, the first kind and comparator given
    (``level``, ``>=``), fewer jurisdictions and smaller targets.
    """
    lo = _check_int(min_rules, "min_rules", 1, 50)
    hi = _check_int(max_rules, "max_rules", 1, 50)
    if lo > hi:
        raise InvalidArgument(f"min_rules={min_rules} is above max_rules={max_rules}")
    chosen_kinds = _check_subset(kinds, "kinds", KINDS)
    chosen_cmp = _check_subset(comparators, "comparators", _COMPARATORS)
    if isinstance(years, int) or not isinstance(years, Iterable):
        raise InvalidArgument(f"years must be a collection of ints, e.g. (2025,), not {years!r}")
    chosen_years = tuple(_check_int(y, "each of years", 1951, 2099) for y in years)
    if not chosen_years:
        raise InvalidArgument("years must not be empty")

    @st.composite
    def draw_rule_set(draw: st.DrawFn) -> RuleSet:
        places = _draw_places(draw)
        n = draw(st.integers(lo, hi))
        prefix = draw(_PREFIXES)
        rules = [_draw_rule(draw, f"{prefix}-{i + 1}", chosen_kinds, chosen_cmp, chosen_years, places)
                 for i in range(n)]
        needed = {r["indicator"] for r in rules} | {r["reference"]["indicator"] for r in rules if "reference" in r}
        extra = draw(st.lists(st.sampled_from(_ALL_IDS), max_size=3))
        return _load_rule_set(_catalog(needed | set(extra)), places, rules)

    return draw_rule_set()


def _draw_places(draw: st.DrawFn) -> list[tuple[str, str, str, str | None]]:
    # one draw each for the cities and counties (as bit masks): cheaper than lists, and shrinks to fewer
    city_mask = draw(st.integers(1, 2 ** len(_CITIES) - 1))
    cities = [c for i, c in enumerate(_CITIES) if city_mask >> i & 1]
    codes = {c[0] for c in cities}
    candidates = [p for p in _PLACES if p[3] in codes]
    county_mask = draw(st.integers(0, 2 ** len(candidates) - 1))
    return [_PLACES[0], *cities, *(c for i, c in enumerate(candidates) if county_mask >> i & 1)]


def _draw_number(draw: st.DrawFn, low: Fraction, high: Fraction, places: int) -> Fraction:
    step = Fraction(1, 10**places)
    return int(draw(st.integers(int(low / step), int(high / step)))) * step


def _draw_rule(draw: st.DrawFn, rule_id: str, kinds: tuple[str, ...], comparators: tuple[str, ...],
               years: tuple[int, ...], places: list[tuple[str, str, str, str | None]]) -> dict[str, Any]:
    kind = draw(st.sampled_from(kinds))
    year = draw(st.sampled_from(years))
    if kind == "increment":
        indicator = draw(st.sampled_from(_COUNT_IDS))
    elif kind == "relative":
        indicator = _RELATIVE[0]
    else:
        indicator = draw(st.sampled_from(_ALL_IDS))
    unit = _UNIT_OF[indicator]
    rule: dict[str, Any] = {"id": rule_id, "indicator": indicator}
    parents = [p for p in places if any(q[3] == p[0] for q in places)]
    place = draw(st.sampled_from(parents if kind == "each" else places))
    rule["jurisdiction"] = draw(st.sampled_from([place[1], place[0], place[2]]))
    low, high, decimals = _RANGE[unit]
    if unit == "%" and kind in ("level", "range", "each", "maintain"):
        high = 100
    if kind == "increment":
        high = max(1, high // 10)
    if kind == "growth":
        gunit = draw(st.sampled_from(("%", "百分点") if unit == "%" else ("%",)))
        value = _draw_number(draw, Fraction(0), Fraction(30 if gunit == "%" else 10), 1)
        rule["target"] = {"value": _decimal_text(value), "unit": gunit}
        if draw(st.booleans()):
            rule["baseline"] = year - draw(st.sampled_from((1, 2)))
    elif kind == "relative":
        value = _draw_number(draw, Fraction(20), Fraction(80), 0)
        rule["target"] = {"value": _decimal_text(value), "unit": "%"}
        rule["reference"] = {"indicator": _RELATIVE[1], "offset": draw(st.sampled_from((-1, 0)))}
    else:
        tunit = draw(st.sampled_from(_TARGET_UNITS.get(unit, (unit,))))
        ratio = _unit(unit).factor / _unit(tunit).factor  # indicator unit → target unit
        values = [_draw_number(draw, Fraction(low), Fraction(high), decimals) for _ in range(2)]
        converted = [v * ratio for v in values]
        if not all(_terminates(v) for v in converted):
            converted, tunit = values, unit
        if kind == "range" or (kind == "each" and draw(st.booleans())):
            a, b = sorted(converted)
            rule["target"] = {"value": [_decimal_text(a), _decimal_text(b)], "unit": tunit}
        else:
            text = _decimal_text(converted[0])
            rule["target"] = f"{text}{tunit}" if draw(st.booleans()) else {"value": text, "unit": tunit}
    ranged = isinstance(rule["target"], dict) and isinstance(rule["target"]["value"], list)
    rule["comparator"] = "between" if ranged else draw(st.sampled_from(comparators))
    month = draw(st.sampled_from((12, 6)))
    rule["due"] = dt.date(year, month, 31 if month == 12 else 30).isoformat()
    rule["kind"] = kind
    if kind == "maintain" and draw(st.booleans()):
        rule["start"] = dt.date(year - 1, 1, 1).isoformat()
    rule["strength"] = draw(st.sampled_from(("binding", "aspirational")))
    quote = draw(_QUOTES)
    rule["source"] = {"quote": quote}
    return rule


def _catalog(ids: set[str]) -> list[dict[str, Any]]:
    for d in _DERIVED:
        if d[0] in ids:
            ids |= {d[4], d[5]}
    out: list[dict[str, Any]] = []
    for a in _PLAIN:
        if a[0] in ids:
            item: dict[str, Any] = {"id": a[0], "name": {"zh": a[1], "en": a[2]}, "unit": a[3]}
            if a[4]:
                item["aliases"] = list(a[4])
            if a[5]:
                item["noun"] = {"zh": a[5][0], "en": a[5][1]}
            out.append(item)
    for d in _DERIVED:
        if d[0] in ids:
            out.append({"id": d[0], "name": {"zh": d[1], "en": d[2]}, "unit": d[3], "numerator": d[4],
                        "denominator": d[5], "scale": d[6]})
    return out


def _load_rule_set(catalog: list[dict[str, Any]], places: list[tuple[str, str, str, str | None]],
                   rules: list[dict[str, Any]]) -> RuleSet:
    from mzcheck.load.ruleset import RuleSet

    jurisdictions = [{"code": c, "name": n, "en": e, "aliases": [n[:-1]], "parent": p} for c, n, e, p in places]
    document = {"title": "生成的测试规划", "publisher": "测试民政局", "published": "2025-01-15"}
    return RuleSet.from_data({"document": document, "rules": rules}, indicators=catalog, jurisdictions=jurisdictions,
                             name="rules/generated.yaml")


@functools.cache
def _scratch() -> Path:
    """One folder per process for the generated files, removed at exit (rewriting beats a new folder each time)."""
    shm = Path("/dev/shm")  # memory-backed where the system has it: thousands of small writes
    holder = tempfile.TemporaryDirectory(prefix="mzcheck-rule-sets-", dir=shm if shm.is_dir() else None)
    _SCRATCH.append(holder)  # keeps it alive until the interpreter exits, which removes it
    folder = Path(holder.name)
    (folder / "rules").mkdir()
    return folder


_SCRATCH: list[tempfile.TemporaryDirectory[str]] = []


def _dump_yaml(data: Any) -> str:
    import yaml

    return yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False)


@functools.cache
def _dumper() -> Any:
    """A safe dumper (libyaml's when present) that double-quotes text YAML would otherwise fold."""
    import yaml

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc]
        pass

    def text(dumper: Any, value: str) -> Any:
        # NEL and the line/paragraph separators are line breaks to YAML: only double quotes keep them
        style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


# ----------------------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class ReportCase:
    """A generated report and the verdicts it must get / 生成的报表及其应得的判定.

    ``data`` is the report as a mapping (jurisdiction, period, values, and history, children and added
    where rules need them); ``to_yaml()`` / ``to_json()`` write it, :meth:`load` reads it back with
    :func:`mzcheck.loads_report`. ``expected`` maps a rule id to ``"met"`` or ``"not_met"`` for every rule
    whose value the case placed on purpose; ``positions`` says where (``at``, ``above``, ``below``,
    ``inside`` the threshold, or ``free``). Rules of the jurisdiction and year left out of ``expected``
    are not reported, or share a value with another rule. Treat the mappings as read-only.
    """

    jurisdiction: str
    year: int
    data: dict[str, Any]
    expected: dict[str, Verdict] = field(default_factory=dict)
    positions: dict[str, str] = field(default_factory=dict)

    def to_yaml(self) -> str:
        """The report as YAML text / YAML 文本."""
        return _dump_yaml(self.data)

    def to_json(self) -> str:
        """The report as JSON text / JSON 文本."""
        return json.dumps(self.data, ensure_ascii=False, indent=2)

    def load(self, rule_set: RuleSet, fmt: Literal["yaml", "json"] = "yaml") -> Report:
        """The :class:`mzcheck.Report` mzcheck reads from this case's YAML (or JSON) text."""
        from mzcheck.read.formats import loads_report

        text = self.to_yaml() if fmt == "yaml" else self.to_json()
        return loads_report(text, rule_set, f"<generated report>.{fmt}")


def reports(rule_set: RuleSet, jurisdiction: str | int | None = None, year: int | None = None, *,
            near_threshold: bool = True, spellings: Iterable[str] | None = None) -> st.SearchStrategy[ReportCase]:
    """Report cases for ``rule_set``: for ``jurisdiction`` and ``year`` (any pair with rules when None),
    each applicable rule's value placed at, just above or just below its threshold (anywhere when
    ``near_threshold`` is False), written in varied spellings (``spellings`` limits them), with the
    verdict each such rule must get.

    生成报表:每条适用规则的数值恰在阈值、略高或略低,并给出应得判定(met / not_met)。

    Derived indicators are reported as the ratio, the components, or both (consistently rounded).
    Examples shrink towards the first jurisdiction and year, fewer reported rules, values at the
    threshold and the plain spelling. Use with :func:`rule_sets` as ``rule_sets().flatmap(reports)``.
    """
    from mzcheck.load.ruleset import RuleSet

    if not isinstance(rule_set, RuleSet):
        raise InvalidArgument(f"rule_set must be a mzcheck.RuleSet (from mzcheck.load_targets or rule_sets()), "
                              f"not {type(rule_set).__name__}")
    if not isinstance(near_threshold, bool):
        raise InvalidArgument(f"near_threshold must be True or False, not {near_threshold!r}")
    if spellings is not None:
        if isinstance(spellings, str) or not isinstance(spellings, Iterable):
            raise InvalidArgument(f"spellings must be a collection of names from SPELLINGS, not {spellings!r}")
        spellings = tuple(spellings)
        unknown = [s for s in spellings if s not in SPELLINGS]
        if unknown or not spellings:
            raise InvalidArgument(f"spellings must be drawn from {', '.join(SPELLINGS)}; got {list(spellings)}")
    places = list(rule_set.jurisdictions.declared.values())
    if jurisdiction is not None:
        if not isinstance(jurisdiction, (str, int)) or isinstance(jurisdiction, bool):
            raise InvalidArgument(f"jurisdiction must be a name or code, not {jurisdiction!r}")
        found = rule_set.jurisdiction(jurisdiction)
        if found is None:
            names = "、".join(j.name for j in places)
            raise InvalidArgument(f"unknown jurisdiction {jurisdiction!r}; the rule set has {names}")
        places = [found]
    if year is not None:
        _check_int(year, "year", 1949, 2100)
    pairs = []
    for place in places:
        years = sorted({r.rule.due.year for r in rule_set.select(place.code)})
        for y in years if year is None else [year]:
            if rule_set.select(place.code, y):
                pairs.append((place.code, y))
    if not pairs:
        where = places[0].name if jurisdiction is not None else "any jurisdiction"
        due = sorted({r.rule.due.year for r in rule_set.select(places[0].code)}) if jurisdiction is not None else []
        raise InvalidArgument(f"no rule applies to {where} in {year if year is not None else 'any year'}"
                              + (f"; its rules are due in {', '.join(map(str, due))}" if due else ""))
    chosen = tuple(spellings) if spellings is not None else None

    @st.composite
    def draw_report(draw: st.DrawFn) -> ReportCase:
        code, y = draw(st.sampled_from(pairs))
        return _Builder(draw, rule_set, code, y, near_threshold, chosen).build()

    return draw_report()


class _Builder:
    """Places each applicable rule's value where it was drawn, keeping every value one rule's own."""

    def __init__(self, draw: st.DrawFn, rs: RuleSet, code: str, year: int, near: bool,
                 spellings: tuple[str, ...] | None) -> None:
        self.draw, self.rs, self.year, self.near, self.spellings = draw, rs, year, near, spellings
        self.home = rs.jurisdictions[code]
        self.claimed: set[tuple[Any, ...]] = set()
        self.values: dict[str, Any] = {}
        self.history: dict[int, dict[str, Any]] = {}
        self.added: dict[str, Any] = {}
        self.children: dict[str, dict[str, Any]] = {}
        self.expected: dict[str, Verdict] = {}
        self.positions: dict[str, str] = {}
        # the indicators each value feeds: itself, its components if derived, the ratios built on it
        self.feeds: dict[str, set[str]] = {i: {i} for i in rs.indicators}
        for ind in rs.indicators.values():
            if ind.model.derived:
                parts = {str(ind.model.numerator), str(ind.model.denominator)}
                self.feeds[ind.id] |= parts
                for part in parts & set(self.feeds):
                    self.feeds[part].add(ind.id)
        kids = [j.name for j in rs.children(code)]
        self.child_names = kids or draw(st.lists(st.sampled_from(["甲县", "乙县", "丙区", "丁区"]), min_size=1,
                                                 max_size=3, unique=True))

    # -- slots: a value one rule depends on is never written or reused by another
    def _slots(self, where: tuple[Any, ...], ind_id: str) -> set[tuple[Any, ...]]:
        return {(*where, i) for i in self.feeds[ind_id]}

    def _claim(self, *groups: set[tuple[Any, ...]]) -> bool:
        wanted = set().union(*groups)
        if wanted & self.claimed or sum(len(g) for g in groups) != len(wanted):
            return False
        self.claimed |= wanted
        return True

    def _target(self, where: tuple[Any, ...]) -> dict[str, Any]:
        if where[0] == "values":
            return self.values
        if where[0] == "added":
            return self.added
        if where[0] == "history":
            return self.history.setdefault(where[1], {})
        return self.children.setdefault(where[1], {})

    def _key(self, ind_id: str) -> str:
        """The indicator's id, Chinese name or an alias — whichever the rule set reads back as the id."""
        m = self.rs.indicators[ind_id].model
        key: str = self.draw(st.sampled_from([ind_id, m.name.zh, *m.aliases]))
        return key if self.rs.indicator_id(key) == ind_id else ind_id

    # -- writing values
    def _write_value(self, where: tuple[Any, ...], ind_id: str, base: Fraction, units: Sequence[Unit] = ()) -> None:
        """Write ``base`` (base units) for ``ind_id``: a derived one as ratio, components or both."""
        ind = self.rs.indicators[ind_id]
        target = self._target(where)
        if ind.model.derived and base >= 0 and self.draw(st.booleans()):
            self._write_components(target, ind_id, base)
            return
        q = _spell(self.draw, base, [ind.unit, *units], ind.unit, self.spellings)
        target[self._key(ind_id)] = q.report_value

    def _write_components(self, target: dict[str, Any], ind_id: str, base: Fraction) -> None:
        ind = self.rs.indicators[ind_id]
        num_id, den_id = str(ind.model.numerator), str(ind.model.denominator)
        num_u, den_u = self.rs.indicators[num_id].unit, self.rs.indicators[den_id].unit
        k = self.draw(st.integers(1, 400))
        n, d = base.numerator * k, base.denominator * k
        target[self._key(num_id)] = _spell(self.draw, Fraction(n) * num_u.factor, [num_u], num_u, self.spellings).report_value
        target[self._key(den_id)] = _spell(self.draw, Fraction(d) * den_u.factor, [den_u], den_u, self.spellings).report_value
        if self.draw(st.booleans()):  # the ratio too, rounded as reports round it
            places = self.draw(st.integers(1, 4))
            shown = _rounded_text(Fraction(n, d) / ind.unit.factor, places)
            target[self._key(ind_id)] = f"{shown}{ind.unit.text}"

    # -- where a measure lands
    def _measure(self, rule: CompiledRule, valid: Callable[[Fraction], bool]) -> tuple[Fraction, str] | None:
        """A measure (in the target unit) near the threshold, and its position; None when none is valid."""
        t = rule.threshold.value
        step = Fraction(1, 10 ** self.draw(st.integers(0, 3)))
        options: list[tuple[Fraction, str]] = []
        if isinstance(t, tuple):
            lo, hi = t
            options = [(lo, "at"), (hi, "at"), (lo - step, "below"), (hi + step, "above")]
            if hi > lo:
                options.append(((lo + hi) / 2, "inside"))
        else:
            options = [(t, "at"), (t + step, "above"), (t - step, "below")]
        if not self.near:
            span = max(abs(t[1] if isinstance(t, tuple) else t), Fraction(1)) * 3
            options.append((_draw_number(self.draw, Fraction(0), span, 2), "free"))
            if self.draw(st.booleans()):
                options = options[-1:]
        options = [o for o in options if _terminates(o[0]) and valid(o[0])]
        if not options:
            return None
        return self.draw(st.sampled_from(options))

    @staticmethod
    def _met(value: Fraction, comparator: str, t: Fraction | tuple[Fraction, Fraction]) -> Verdict:
        if isinstance(t, tuple):
            ok = t[0] <= value <= t[1]
        else:
            ok = {">=": value >= t, "<=": value <= t, ">": value > t, "<": value < t, "==": value == t}[comparator]
        return "met" if ok else "not_met"

    def _valid_base(self, ind_id: str) -> Callable[[Fraction], bool]:
        """Values a report can hold for ``ind_id``: not negative, a share at most 100%, and exactly writable."""
        ind = self.rs.indicators[ind_id]
        return lambda b: (b >= 0 and not (ind.share and b > 1)
                          and (not ind.unit.dims or _terminates(b / ind.unit.factor)))

    # -- one rule
    def place_rule(self, rule: CompiledRule) -> None:
        r = rule.rule
        f = rule.target_unit.factor
        ind_id = rule.indicator.id
        per_child = r.scope == "each_child" and rule.jurisdiction.code == self.home.code
        if per_child:
            if r.kind not in ("level", "each", "range"):
                return
            slots = [self._slots(("children", c), ind_id) for c in self.child_names]
            if not self._claim(*slots):
                return
            # every child unit gets a value (a child not reported leaves the rule missing), all at one position
            chosen = self._measure(rule, lambda m: self._valid_base(ind_id)(m * f))
            if chosen is None:
                return
            m, pos = chosen
            for child in self.child_names:
                self._write_value(("children", child), ind_id, m * f, [rule.target_unit])
            self.expected[r.id] = self._met(m, r.comparator, rule.threshold.value)
            self.positions[r.id] = pos
            return
        if r.kind in ("level", "range", "each", "maintain"):
            groups = [self._slots(("values",), ind_id)]
            if r.kind == "maintain":
                start = r.start.year if r.start else r.due.year
                groups += [self._slots(("history", y), ind_id) for y in range(start, r.due.year + 1) if y != self.year]
            if not self._claim(*groups):
                return
            chosen = self._measure(rule, lambda m: self._valid_base(ind_id)(m * f))
            if chosen is None:
                return
            m, pos = chosen
            self._write_value(("values",), ind_id, m * f, [rule.target_unit])
        elif r.kind == "increment":
            if not self._claim(self._slots(("added",), ind_id)):
                return
            chosen = self._measure(rule, lambda m: self._valid_base(ind_id)(m * f))
            if chosen is None:
                return
            m, pos = chosen
            self._write_value(("added",), ind_id, m * f, [rule.target_unit])
        elif r.kind == "growth":
            baseline = r.baseline or r.due.year - 1
            if baseline == self.year or not self._claim(self._slots(("values",), ind_id),
                                                        self._slots(("history", baseline), ind_id)):
                return
            ind = self.rs.indicators[ind_id]
            before = Fraction(self.draw(st.integers(1, 5000))) * ind.unit.factor
            if ind.share:
                before = Fraction(self.draw(st.integers(1, 100)), 100)
            points = rule.target_unit.text == "百分点"

            def now_of(m: Fraction) -> Fraction:
                return before + m * f if points else before * (1 + m * f)

            chosen = self._measure(rule, lambda m: self._valid_base(ind_id)(now_of(m)))
            if chosen is None:
                return
            m, pos = chosen
            self._write_ratio_or_plain(("history", baseline), ind_id, before)
            self._write_ratio_or_plain(("values",), ind_id, now_of(m))
        elif r.kind == "relative":
            assert r.reference is not None
            ref_id = r.reference.indicator
            ref_where: tuple[Any, ...] = ("values",) if r.reference.offset == 0 else (
                "history", self.year + r.reference.offset)
            if not self._claim(self._slots(("values",), ind_id), self._slots(ref_where, ref_id)):
                return
            ref_ind, ind = self.rs.indicators[ref_id], self.rs.indicators[ind_id]
            # a reference value for which every measure near the threshold is an exact decimal in ind's unit
            rho = ref_ind.unit.factor * f / ind.unit.factor
            odd = rho.denominator
            for p in (2, 5):
                while odd % p == 0:
                    odd //= p
            ref_base = Fraction(self.draw(st.integers(1, 3000)) * odd) * ref_ind.unit.factor
            chosen = self._measure(rule, lambda m: self._valid_base(ind_id)(ref_base * m * f))
            if chosen is None:
                return
            m, pos = chosen
            self._write_ratio_or_plain(ref_where, ref_id, ref_base)
            self._write_ratio_or_plain(("values",), ind_id, ref_base * m * f)
        else:  # pragma: no cover - every kind is handled above
            return
        self.expected[r.id] = self._met(m, r.comparator, rule.threshold.value)
        self.positions[r.id] = pos

    def _write_ratio_or_plain(self, where: tuple[Any, ...], ind_id: str, base: Fraction) -> None:
        ind = self.rs.indicators[ind_id]
        q = _spell(self.draw, base, [ind.unit], ind.unit, self.spellings)
        self._target(where)[self._key(ind_id)] = q.report_value

    def _noise(self) -> None:
        """A few values no placed rule depends on, so reports carry more than the rules need."""
        free = [i for i in self.rs.indicators if not self._slots(("values",), i) & self.claimed]
        for ind_id in self.draw(st.lists(st.sampled_from(free), max_size=3, unique=True)) if free else []:
            if not self._claim(self._slots(("values",), ind_id)):
                continue
            ind = self.rs.indicators[ind_id]
            value = _draw_number(self.draw, Fraction(0), Fraction(1 if ind.share else 10**5), 2)
            self._write_value(("values",), ind_id, value if ind.share else value * ind.unit.factor)

    def build(self) -> ReportCase:
        rules = self.rs.select(self.home.code, self.year)
        order = self.draw(st.permutations(rules)) if len(rules) <= 12 else rules
        for rule in order:
            if self.draw(st.booleans()) or self.draw(st.booleans()):  # most rules reported, some left missing
                self.place_rule(rule)
        self._noise()
        names = [self.home.name, self.home.code, *self.home.aliases]
        data: dict[str, Any] = {
            "jurisdiction": self.draw(st.sampled_from([n for n in names if self.rs.jurisdiction(n) == self.home])),
            "period": self.year,
            "values": self.values,
        }
        if self.history:
            data["history"] = dict(sorted(self.history.items()))
        if self.added:
            data["added"] = self.added
        if self.children:
            data["children"] = self.children
        return ReportCase(self.home.name, self.year, data, self.expected, self.positions)
