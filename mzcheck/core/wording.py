"""Sentences in Chinese and English for results / 结果的中英文说明 (stage: explain).

Only wording lives here: the numbers come from :mod:`mzcheck.evaluation`, which calls these functions
to fill each result's ``message`` and each shortfall's ``message``.
"""

from __future__ import annotations

from fractions import Fraction

from mzcheck.core.messages import Message
from mzcheck.core.numbers import format_number

COMPARATOR_ZH = {">=": "不低于", "<=": "不高于", ">": "高于", "<": "低于", "==": "等于", "between": "介于"}
COMPARATOR_EN = {">=": "at least", "<=": "at most", ">": "above", "<": "below", "==": "equal to", "between": "between"}
KIND_ZH = {"level": "水平", "increment": "新增量", "maintain": "保持", "growth": "增长", "each": "各下级单位",
           "relative": "相对", "range": "区间"}


def amount(value: Fraction, unit: str, group: bool = False, places: int = 4) -> str:
    """``80%``, ``27.61人/万名老年人``, ``1,905,000人``: number and unit as a reader writes them."""
    number = format_number(value, places=places, group=group)
    return f"{number}{unit}" if unit else number


# In English the noun names the thing counted: "75 more certified carers", not "75 人 more …".
_COUNT_WORDS = frozenset({"人", "名", "位", "张", "床位", "家", "个", "所", "户", "人次", "项", "件", "次"})


# English for the unit spellings reports use most; others are shown as written.
UNIT_EN = {"元": "yuan", "万元": "× 10,000 yuan", "亿元": "× 100 million yuan", "万人": "× 10,000 persons",
           "人/万名老年人": "per 10,000 elders", "张/万名老年人": "beds per 10,000 elders",
           "人/万人": "per 10,000 persons", "张/万人": "beds per 10,000 persons", "元/月": "yuan a month",
           "元/年": "yuan a year", "百分点": "percentage points", "倍": "times"}


def amount_en(value: Fraction, unit: str, group: bool = True, places: int = 4) -> str:
    number = format_number(value, places=places, group=group)
    if unit in UNIT_EN:
        return f"{number} {UNIT_EN[unit]}"
    if not unit or unit in _COUNT_WORDS:
        return number
    return f"{number}{unit}" if unit in ("%", "‰") else f"{number} {unit}"


def target_text(comparator: str, threshold: Fraction | tuple[Fraction, Fraction], unit: str) -> Message:
    if isinstance(threshold, tuple):
        lo, hi = threshold
        return Message(zh=f"{format_number(lo)}–{amount(hi, unit)}",
                       en=f"between {format_number(lo)} and {amount_en(hi, unit)}")
    return Message(zh=f"{COMPARATOR_ZH[comparator]}{amount(threshold, unit)}",
                   en=f"{COMPARATOR_EN[comparator]} {amount_en(threshold, unit)}")


def verdict(status: str, name: Message, actual: Fraction | None, gap: Fraction | None, unit: str,
            target: Message, due: str, measure: Message | None = None) -> Message:
    """The one-line message of a result."""
    what_zh = measure.zh if measure else ""
    what_en = measure.en if measure else ""
    if what_zh.startswith("新增"):  # 新增认知障碍照护专区床位数, not 认知障碍照护专区床位数新增
        name, what_zh = Message(zh=f"{what_zh}{name.zh}", en=name.en), ""
    if actual is None:
        raise ValueError("verdict needs an actual value")
    a_zh, a_en = amount(actual, unit), amount_en(actual, unit)
    if status == "met":
        return Message(zh=f"已达标:{name.zh}{what_zh}为{a_zh},目标{target.zh}",
                       en=f"Met: {name.en}{what_en} is {a_en}, target {target.en}")
    if status == "not_due":
        return Message(zh=f"未到期(截止{due}):{name.zh}{what_zh}当前为{a_zh},目标{target.zh}",
                       en=f"Not due yet (due {due}): {name.en}{what_en} is {a_en} so far, target {target.en}")
    short = abs(gap) if gap is not None else None
    if short is None:
        return Message(zh=f"未达标:{name.zh}{what_zh}为{a_zh},目标{target.zh}",
                       en=f"Not met: {name.en}{what_en} is {a_en}, target {target.en}")
    direction_zh, direction_en = ("差", "short by") if gap is not None and gap < 0 else ("超出", "over by")
    return Message(zh=f"未达标:{name.zh}{what_zh}为{a_zh},目标{target.zh},{direction_zh}{gap_amount(short, unit)}",
                   en=f"Not met: {name.en}{what_en} is {a_en}, target {target.en}, {direction_en} "
                      f"{gap_amount_en(short, unit)}")


def gap_amount(value: Fraction, unit: str) -> str:
    """A difference of two percentages is in percentage points: 差2个百分点, not 差2%."""
    if unit == "%":
        return f"{format_number(value)}个百分点"
    return amount(value, unit)


def gap_amount_en(value: Fraction, unit: str) -> str:
    if unit == "%":
        return f"{format_number(value)} percentage points"
    return amount_en(value, unit)


def missing(name: Message, derived_from: tuple[Message, Message] | None, what: Message | None = None) -> Message:
    if what is not None:
        return Message(zh=f"缺少数据:{what.zh}", en=f"Missing: {what.en}")
    if derived_from:
        num, den = derived_from
        return Message(zh=f"未填报:{name.zh}(也可填报{num.zh}和{den.zh},由系统计算)",
                       en=f"Missing: {name.en} (or report {num.en} and {den.en} and it is computed)")
    return Message(zh=f"未填报:{name.zh}", en=f"Missing: {name.en} is not reported")


def undecided(name: Message, raw: str, target: Message) -> Message:
    return Message(zh=f"无法判定:{name.zh}只报了“{raw}”,需填报确切数值才能与目标{target.zh}比较",
                   en=f"Undecided: {name.en} is reported only as '{raw}'; an exact value is needed to compare with "
                      f"the target {target.en}")


def invalid(name: Message, reason: str) -> Message:
    en_part, zh_part = [*reason.split(" / ", 1), reason][:2]
    return Message(zh=f"数值无法使用:{name.zh}:{zh_part}", en=f"Invalid: {name.en}: {en_part}")


def shortfall_add(x: Fraction, unit: str, what: Message, per: tuple[Fraction, str, Message] | None,
                  how: str) -> Message:
    """"75 more certified carers for 1,905,000 elders" / "按老年人口1,905,000人计,需增加持证护理员75人"."""
    n_zh, n_en = amount(x, unit, group=True), amount_en(x, unit)
    verb_zh = {"add": "需增加", "convert": "需将现有床位转为", "reduce": "需减少"}[how]
    if per is not None:
        d, d_unit, d_name = per
        d_zh, d_en = amount(d, d_unit, group=True), amount_en(d, d_unit)
        if how == "convert":
            return Message(zh=f"按现有{d_name.zh}{d_zh}计,需将{n_zh}转为{what.zh}",
                           en=f"convert {n_en} of the existing {d_en} ({d_name.en}) to {what.en}")
        if how == "reduce":
            return Message(zh=f"按{d_name.zh}{d_zh}计,{verb_zh}{what.zh}{n_zh}",
                           en=f"{n_en} fewer {what.en} for {d_en} {d_name.en}")
        return Message(zh=f"按{d_name.zh}{d_zh}计,{verb_zh}{what.zh}{n_zh}",
                       en=f"{n_en} more {what.en} for {d_en} {d_name.en}")
    if how == "reduce":
        return Message(zh=f"{verb_zh}{what.zh}{n_zh}", en=f"{n_en} fewer {what.en}")
    return Message(zh=f"{verb_zh}{what.zh}{n_zh}", en=f"{n_en} more {what.en}")
