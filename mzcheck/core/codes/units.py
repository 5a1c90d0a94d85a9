"""U: unit texts and numbers themselves / 单位与数值本身."""

from __future__ import annotations

from mzcheck.core.messages import code

NOT_A_NUMBER = code(
    "U101", "not-a-number", "“{text}”不是数字", "{text!r} is not a number",
    why=("数值写作阿拉伯数字,可带千位分隔符或科学计数法:1905000、1,905,000、1.905e6。",
         "A number is written in digits, with thousands separators or in scientific notation: 1905000, 1,905,000, "
         "1.905e6."))
OUT_OF_RANGE = code(
    "U102", "out-of-range", "“{text}”超出数值范围", "{text!r} is out of range",
    why=("民政统计中的数值不会有这么多位或这么大、这么小;通常是录入错误。",
         "No civil-affairs figure has that many digits or is that large or small: usually a typing slip."),
    help=("数值最多 {digits} 位有效数字,且在 10^-{exponent} 与 10^{exponent} 之间",
          "a figure has at most {digits} digits and lies between 10^-{exponent} and 10^{exponent}"))
NOT_FINITE = code(
    "U103", "not-finite", "“{text}”不是有限数值", "{text!r} is not a finite number",
    why=("NaN 和无穷大不是统计数值。", "NaN and infinity are not figures."))
UNIT_DIVIDES_BY_ZERO = code(
    "U104", "unit-divides-by-zero", "单位“{unit}”中除数为零", "unit {unit!r} divides by zero",
    why=("单位里的除数(如 人/0万人)不能为零。", "A unit's divisor (人/0万人) cannot be zero."))
UNIT_NOT_POSITIVE = code(
    "U105", "unit-not-positive", "单位“{unit}”的数量必须为正", "unit {unit!r} is not a positive amount",
    why=("单位表示一个正的数量(万人 = 10000 人)。", "A unit stands for a positive amount (万人 = 10000 persons)."))
UNKNOWN_UNIT = code(
    "U106", "unknown-unit", "无法识别的单位“{unit}”", "unknown unit {unit!r}",
    why=("mzcheck 认识民政统计常用的单位:人、张、家、个、户、元、人次、项、%、‰、百分点、万/亿等倍数,以及“每万名…”。",
         "mzcheck reads the units civil-affairs statistics use: 人, 张, 家, 个, 户, 元, 人次, 项, %, ‰, 百分点, the "
         "multipliers 万 and 亿, and 'per 10,000 …'."),
    help=("可用单位如 人、张、家、个、户、元、人次、%、‰、万人、亿元、张/万名老年人",
          "known units include 人, 张, 家, 个, 户, 元, 人次, %, ‰, 万人, 亿元, 张/万名老年人"))
DIMENSION = code(
    "U107", "dimension-mismatch", "单位“{actual}”({actual_zh})与“{expected}”({expected_zh})量纲不同",
    "{actual!r} ({actual_en}) cannot be compared with {expected!r} ({expected_en})",
    why=("床位、人员、机构、户数、金额是不同的量,不能互相比较。", "Beds, persons, institutions, households and money are "
         "different things: one cannot be compared with another."))
FRACTION_BY_ZERO = code(
    "U108", "fraction-by-zero", "“{text}”的分母为零", "{text!r}: division by zero",
    why=("分数形式的数值(2100/2625)分母不能为零。", "A value written as a fraction (2100/2625) cannot divide by zero."))
NOT_NUMBER_WITH_UNIT = code(
    "U109", "not-number-with-unit", "“{text}”不是“数值+单位”的形式", "{text!r} is not a number with a unit",
    why=("填报值写作数字加单位,单位可省略(按指标单位计)。", "A value is a number and a unit; without a unit, the "
         "indicator's own unit applies."),
    help=("例如 190.5万人、78%、27.61 人/万名老年人", "write e.g. 190.5万人, 78%, 27.61 人/万名老年人"))
TIME_OR_RATIO = code(
    "U110", "time-or-ratio", "“{text}”不是“数值+单位”的形式(像是时间或比例)", "{text!r} is not a number with a unit (a time or ratio?)",
    why=("“53:10”这类写法像时间或比例,不是数值。", "'53:10' reads as a time or a ratio, not a figure."),
    help=("请填写数值本身,如 5310 或 2100/2625", "write the number itself, e.g. 5310 or 2100/2625"))
SPACE_IN_NUMBER = code(
    "U601", "space-in-number", "“{text}”的数字中间有空格", "{text!r} has a space inside the number",
    why=("数字中间的空格可能是千位分隔,也可能是两个数字之间漏了分隔符;mzcheck 不猜测。",
         "A space inside a number may group thousands or separate two numbers; mzcheck does not guess."),
    help=("去掉空格(5310),或用逗号分隔千位(5,310)", "remove the space (5310) or group thousands with commas (5,310)"))
FOREIGN_DIGIT = code(
    "U602", "foreign-digit", "“{text}”中的“{digit}”不是 0–9 的数字", "{text!r}: {digit!r} is not one of the digits 0–9",
    why=("数值和年份只用 0–9 书写(全角的 ０–９ 也可以);上标(²)、带圈数字(①)和其他文字的数字(٢)多半是"
         "复制粘贴带来的,mzcheck 不猜测它们的值。", "Figures and years are written with the digits 0–9 (full-width ０–９ "
         "too); superscripts (²), circled numbers (①) and other scripts' digits (٢) mostly come from copying and "
         "pasting, and mzcheck does not guess what they stand for."),
    help=("请用 0–9 重新输入该数值", "type the figure again with the digits 0–9"))
