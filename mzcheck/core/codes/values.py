"""V: reported values: numbers, units, dimensions, signs / 填报数值.

A value that cannot be used does not stop the check: the rule that needs it is ``invalid`` with one of
these reasons (and the value's file and line or cell), and the rest of the report is checked.
"""

from __future__ import annotations

from mzcheck.core.messages import code

NOT_VALUE_AND_UNIT = code(
    "V101", "not-value-and-unit", "应为 {{value: 数值, unit: 单位}}", "expected {{value: …, unit: …}}",
    why=("数值可写成映射,只含 value(数值)、unit(单位)和 note(备注)三个键。",
         "A value may be a mapping with the keys value, unit and note, and no others."))
UNIT_NOT_TEXT = code(
    "V102", "unit-not-text", "单位应为文本,如 人、%、万元(填报为{shown_zh})", "unit {shown_en} is not text",
    why=("unit 写作文本,如 人、%、万元、张/万名老年人。", "unit is text, such as 人, %, 万元, 张/万名老年人."))
DATE_NOT_NUMBER = code(
    "V103", "date-not-number", "{value} 是日期而非数字", "{value} is a date, not a number",
    why=("数值处填的是日期:常见于 Excel 把 1/2 之类的输入自动改成日期。",
         "A date stands where a number belongs: Excel turns input such as 1/2 into a date."))
COLLECTION_NOT_NUMBER = code(
    "V104", "collection-not-number", "应为数字,而非{kind_zh}(填报为{shown_zh})", "{shown_en} is a {kind_en}, not a number",
    why=("一个指标只填一个数值(可带单位)。", "An indicator takes one value (with its unit, if any)."))
NOT_A_NUMBER = code(
    "V105", "value-not-a-number", "{shown_zh}不是数字", "{shown_en} is not a number",
    why=("是非值(true/false、yes/no)和空值不是数值;没有数据时请留空整行或删除该指标。",
         "true/false, yes/no and null are not values; with no figure, leave the line out."))
WRONG_DIMENSION = code(
    "V106", "value-dimension", "{name_zh}的单位“{unit}”({actual_zh})与指标单位“{ind_unit}”({expected_zh})量纲不同",
    "unit {unit!r} ({actual_en}) does not fit {name_en} ({ind_unit}, {expected_en})",
    why=("数值的单位须与指标单位量纲相同:人数用人、万人,床位用张,金额用元、万元。",
         "The value's unit must measure what the indicator measures: persons in 人 or 万人, beds in 张, money in 元 or "
         "万元."))
NEGATIVE = code(
    "V107", "negative-value", "{name_zh}不能为负(填报为{raw})", "{raw} is negative; {name_en} cannot be below zero",
    why=("民政统计中的人数、床位、金额和占比都不会小于零。", "Counts, beds, money and shares in civil-affairs statistics are "
         "never below zero."))
SHARE_ABOVE_ALL = code(
    "V108", "share-above-100", "占比不可能超过100%(填报为{raw})", "{raw} is above 100%, impossible for a share",
    why=("占比是部分与整体之比,不会超过 100%。", "A share is a part of a whole: it cannot exceed 100%."))
UNREADABLE = code(
    "V109", "value-unreadable", "{reason_zh}", "{reason_en}",
    why=("数值或单位无法读取,消息说明了原因。", "The number or its unit cannot be read; the message says why."))
YES_NO_WORD = code(
    "V701", "yes-no-word", "{name_zh}只能填“是”或“否”,{shown_zh}两者都不是",
    "{name_en} takes yes or no; {shown_en} is neither",
    why=("是否类指标(名称中标有“是=1”)填 是/否、已完成/未完成、完成、✓/✗、yes/no,或 1/0。",
         "A yes/no indicator (its name says 是=1) takes 是/否, 已完成/未完成, 完成, ✓/✗, yes/no, or 1/0."),
    help=("填 是 或 否(也可填 1 或 0)", "write 是 or 否 (yes or no, or 1 or 0)"))
