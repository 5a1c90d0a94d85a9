"""Numbers with a measure word / 数量: 120处, 35~40张, 2.5万人次, 扩至百余人.

A number is a quantity only with its measure word; numbers inside names (“1+2+3”, 《…2021-2035年》),
ordinals (第3届), web addresses and durations (30个月) are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from mzcheck.core.numbers import ascii_digits
from mzcheck.extract.text import normalise, url_spans

UNITS = ("个百分点", "百分点", "平方米", "张床位", "人次", "人口", "课时", "套(间)", "%", "‰", "倍", "人", "名", "位", "张",
         "床", "家", "个", "所", "座", "处", "户", "元", "项", "件", "次", "场", "条", "台", "套", "间", "栋", "辆")
_SPELLED = {"个百分点": "百分点", "人口": "人", "套(间)": "套"}  # the unit text a measure word is written as
QTY = re.compile(
    r"(?<![\d.A-Za-z+·#/\-—~%])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<unit1>%|个|家|张|人|名|所|处|座|户|项|条|次|场)?\s*(?P<sep>-|~|—|–|至|到)\s*(?P<high>\d+(?:\.\d+)?))?"
    r"(?P<mult1>万|亿|千)?(?P<approx>余|多)?(?P<mult2>万|亿|千)?\s*"
    r"(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")"
    r"(?P<per>/(?:人·月|人/月|人·年|人|月|年|户|日|天|床))?"
)
_NOT_AFTER_GE = ("月", "工作日", "小时", "星期", "季度", "周", "分钟")
BOUND_SUFFIX = re.compile(r"^\s*(及以上|以上|以下|以内|及以下)")
QUOTE_SPANS = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"|「[^」]*」")


@dataclass(frozen=True)
class Qty:
    """One quantity of a clause, offsets relative to the clause."""

    start: int  # the number
    end: int  # after the unit (and /per)
    suffix_end: int  # after 以上/以下 …
    num: str
    high: str | None
    unit: str  # as a unit text: 万元, %, 百分点, 元/月 …
    approx: bool
    bound: str | None  # the suffix word


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
_CN_QTY = re.compile(r"(?P<cn>[零〇一二两三四五六七八九十百千万]+)(?P<approx>余|多)?"
                     r"(?P<unit>" + "|".join(re.escape(u) for u in UNITS if u not in ("%", "‰")) + r")")
_CN_BEFORE = ("不少于", "不低于", "不小于", "至少", "达到", "达", "扩至", "扩大到", "增至", "超过", "新增", "新建")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def quantities(text: str) -> list[Qty]:
    """Numbers with a measure word in a clause, minus names, ordinals, addresses, dates and durations."""
    skipped = [(m.start(), m.end()) for m in QUOTE_SPANS.finditer(text)] + url_spans(text)
    out: list[Qty] = []
    for m in QTY.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in skipped):
            continue  # “1+2+3”, 《…》, an address: a name, not a target
        after = text[e:]
        if m.group("unit") == "个" and after.startswith(_NOT_AFTER_GE):
            continue  # 30个月, 3个工作日: a duration
        if after[:1] in ("+", "·") or text[max(0, s - 1):s] in ("第",):
            continue
        if m.group("unit1") and m.group("unit1") != m.group("unit") and m.group("unit1") != "%":
            continue
        unit = _SPELLED.get(m.group("unit"), m.group("unit"))
        mult = m.group("mult1") or m.group("mult2") or ""
        unit = mult + unit + (m.group("per") or "")
        bound = BOUND_SUFFIX.match(after)
        out.append(Qty(s, e, e + (bound.end() if bound else 0), m.group("num").replace(",", ""),
                       m.group("high"), unit, bool(m.group("approx")), bound.group(1) if bound else None))
    # A numeral in words is a target only with a comparator or 余 (扩至百余人, 不少于三家): plans are full of
    # structural counts in words (四个工程, 两个问题) that are not targets.
    for m in _CN_QTY.finditer(text):
        s, e = m.start(), m.end()
        value = chinese_number(m.group("cn"))
        before = text[:s].rstrip()
        if (value is None or value == 0 or any(a <= s < b for a, b in skipped) or before.endswith("第")
                or not (m.group("approx") or before.endswith(_CN_BEFORE))
                or any(q.start <= s < q.suffix_end for q in out)):
            continue
        bound = BOUND_SUFFIX.match(text[e:])
        unit = _SPELLED.get(m.group("unit"), m.group("unit"))
        out.append(Qty(s, e, e + (bound.end() if bound else 0), str(value), None, unit, bool(m.group("approx")),
                       bound.group(1) if bound else None))
    out.sort(key=lambda q: q.start)
    return out


def has_quantity(text: str) -> bool:
    """Whether ``text`` has a number with a measure word (for recording why a clause was not drafted)."""
    return QTY.search(text) is not None


def chinese_number(text: str) -> int | None:
    """十 → 10, 二十五 → 25, 一百二十 → 120, 百 → 100, 三万 → 30000; None if not a numeral."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS and c != "万" for c in text):
        return None
    total, section, digit = 0, 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def count_word(text: str) -> int | None:
    """``3`` or ``三`` as an int; None otherwise."""
    digits = ascii_digits(text)  # "²" is a digit to str.isdigit(), not to int()
    if digits is not None:
        return int(digits) if len(digits) <= 40 else None
    return chinese_number(text)


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in ``text`` (1,500 → 1500; 百余 → 100), for the never-invent check."""
    norm = normalise(text)
    out = {Decimal(x.replace(",", "")) for x in _DIGITS.findall(norm)}
    for m in _CN_NUMBER.finditer(norm):
        n = chinese_number(m.group(0))
        if n is not None:
            out.add(Decimal(n))
    return out

