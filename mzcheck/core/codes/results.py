"""S: results — the sentence of each verdict, and what closes a gap / 检查结果."""

from __future__ import annotations

from mzcheck.core.messages import code

# --- one rule, one report
MET = code(
    "S101", "met", "已达标:{name_zh}{what_zh}为{actual_zh},目标{target_zh}",
    "Met: {name_en}{what_en} is {actual_en}, target {target_en}",
    why=("实际值达到目标(比较是精确的:80% 等于 0.8 等于 4000/5000)。",
         "The actual value meets the target (exactly: 80% = 0.8 = 4000/5000)."))
NOT_DUE = code(
    "S102", "not-due", "未到期(截止{due}):{name_zh}{what_zh}当前为{actual_zh},目标{target_zh}",
    "Not due yet (due {due}): {name_en}{what_en} is {actual_en} so far, target {target_en}",
    why=("报表截至日期早于目标截止日期,且没有可用于判断进度的数据。",
         "The report stands before the target's due date and nothing tells how progress goes."))
NOT_MET = code(
    "S103", "not-met", "未达标:{name_zh}{what_zh}为{actual_zh},目标{target_zh}",
    "Not met: {name_en}{what_en} is {actual_en}, target {target_en}",
    why=("实际值未达到目标。约束性目标(达到、不少于)未达标为错误,力争类目标为警告。",
         "The actual value does not meet the target: an error for a binding target, a warning for an aspiration."))
NOT_MET_BY = code(
    "S104", "not-met-by", "未达标:{name_zh}{what_zh}为{actual_zh},目标{target_zh},{direction_zh}{gap_zh}",
    "Not met: {name_en}{what_en} is {actual_en}, target {target_en}, {direction_en} {gap_en}",
    why=("实际值未达到目标;差距按目标单位计算(百分比之差为百分点)。",
         "The actual value does not meet the target; the gap is in the target's unit (percentage points between "
         "percentages)."))
MISSING_DATA = code(
    "S105", "missing-data", "缺少数据:{what_zh}", "Missing: {what_en}",
    why=("报表缺少判定该目标所需的数值;说明指出应填报什么。", "The report lacks what this target needs; the message says what."))
MISSING_RATIO = code(
    "S106", "missing-ratio", "未填报:{name_zh}(也可填报{num_zh}和{den_zh},由系统计算)",
    "Missing: {name_en} (or report {num_en} and {den_en} and it is computed)",
    why=("比率指标可以直接填报,也可以填报分子和分母,由 mzcheck 精确计算。",
         "A ratio may be reported itself, or as its numerator and denominator, which mzcheck divides exactly."))
NOT_REPORTED = code(
    "S107", "not-reported", "未填报:{name_zh}", "Missing: {name_en} is not reported",
    why=("报表中没有该指标。", "The report does not give this indicator."))
UNDECIDED = code(
    "S108", "undecided-bound", "无法判定:{name_zh}只报了“{raw}”,需填报确切数值才能与目标{target_zh}比较",
    "Undecided: {name_en} is reported only as '{raw}'; an exact value is needed to compare with the target {target_en}",
    why=("填报值是一个区间(如“超过19”),区间内的值有的达标、有的不达标。",
         "The value is a bound ('超过19'), and some values it allows meet the target while others do not."))
INVALID = code(
    "S109", "invalid", "数值无法使用:{name_zh}:{reason_zh}", "Invalid: {name_en}: {reason_en}",
    why=("填报了数值但无法使用(量纲不对、不是数字、计数为负……),原因附后。",
         "A value is reported but cannot be used (wrong dimension, not a number, a negative count …): the reason "
         "follows."))

# --- a target for each child unit
EACH_NONE = code(
    "S110", "each-none", "缺少数据:该目标适用于每个下级单位,请逐个填报{name_zh}",
    "Missing: this target holds for each child unit; report {name_en} per child",
    why=("“每个县”类目标要求逐个下级单位填报。", "A target for every child unit needs a value per child unit."))
INVALID_NAMED = code(
    "S701", "invalid-value-named", "数值无法使用:{reason_zh}", "Invalid: {reason_en}",
    why=("填报的数值无法使用,原因本身已指明是哪个指标的数值(如单位量纲不对、是否类指标填了别的词)。",
         "A value is reported but cannot be used, and the reason names the indicator whose value it is (a unit of "
         "the wrong dimension, a word that is neither yes nor no)."))
# --- the same, for a report written as table rows: the columns and the values to put in them
EACH_NONE_TABLE = code(
    "S702", "each-none-table", "缺少数据:该目标适用于每个下级单位,请为每个下级单位填一行{name_zh},在“下级地区”列填其名称",
    "Missing: this target holds for each child unit; give a row of {name_en} per child unit, naming it in the child "
    "(下级地区) column",
    why=("表格报表中,下级单位的数值是“下级地区”列填有其名称的行。",
         "In a table, a child unit's values are the rows with its name in the child (下级地区) column."))
ADDED_MISSING_TABLE = code(
    "S703", "added-missing-table", "{name_zh}的新增量(填一行,“类别”列填“新增”;或填{year}年的数值,“类别”列填“{year}”)",
    "the amount of {name_en} added in the period (a row with 新增 in the section (类别) column, or the {year} value "
    "with {year} in that column)",
    why=("表格报表中,本期新增量是“类别”列为“新增”的行,往年数值是“类别”列为年份的行。",
         "In a table, the amount added is a row whose section (类别) is 新增 (added); an earlier year's value is a row "
         "whose section is the year."))
YEAR_VALUE_MISSING_TABLE = code(
    "S704", "year-value-missing-table", "{year}年的{name_zh}(填一行,“类别”列填“{year}”)",
    "{name_en} for {year} (a row with {year} in the section (类别) column)",
    why=("表格报表中,往年数值是“类别”列为该年份的行。", "In a table, an earlier year's value is a row whose section (类别) is the year."))
BASELINE_MISSING_TABLE = code(
    "S705", "baseline-missing-table", "{name_zh}的本期值和{year}年基数(基数填一行,“类别”列填“{year}”)",
    "{name_en} now and in {year} (the {year} value as a row with {year} in the section (类别) column)",
    why=("增长类目标需要本期值和基期值;表格报表中基期值是“类别”列为该年份的行。",
         "A growth target needs the value now and in the baseline year; in a table the baseline is a row whose "
         "section (类别) is the year."))
EACH_INVALID = code(
    "S111", "each-invalid", "数值无法使用:{children_zh}的{name_zh}", "Invalid: {name_en} of {children_en}",
    why=("部分下级单位的数值无法使用。", "Some child units' values cannot be used."))
EACH_NOT_MET = code(
    "S112", "each-not-met", "未达标:{total}个下级单位中有{count}个的{name_zh}未达到{target_zh}:{children_zh}",
    "Not met: {count} of {total} child units are not {target_en}: {children_en}",
    why=("目标对每个下级单位成立,列出的单位未达到。", "The target holds for every child unit; those listed fall short."))
EACH_MISSING = code(
    "S113", "each-missing", "缺少数据:{children_zh}的{name_zh}", "Missing: {name_en} of {children_en}",
    why=("部分下级单位未填报,目标在全部填报前不能判为达标。",
         "Some child units are not reported; the target cannot be met until every one is."))
EACH_MET = code(
    "S114", "each-met", "已达标:全部{count}个下级单位的{name_zh}均{target_zh}",
    "Met: all {count} child units have {name_en} {target_en}",
    why=("每个下级单位都达到目标。", "Every child unit meets the target."))

# --- what a kind needs and did not find
ADDED_MISSING = code(
    "S120", "added-missing", "{name_zh}的新增量(填报本期新增量,或给出{year}年的数值)",
    "the amount of {name_en} added in the period (report the amount added, or give the {year} value)",
    why=("新增类目标比较期内新增量:直接填报新增量,或给出期初(上一年)的数值,由差值计算。",
         "An increment target compares the amount added: report it, or give the value at the start (last year), "
         "and the difference is taken."))
YEAR_VALUE_MISSING = code(
    "S121", "year-value-missing", "{year}年的{name_zh}", "{name_en} for {year}",
    why=("判定需要该年的数值(history 中或表格中以年份为类别的行)。",
         "The verdict needs that year's value (under history:, or a table row whose section is the year)."))
BASELINE_MISSING = code(
    "S122", "baseline-missing", "{name_zh}的本期值和{year}年基数", "{name_en} now and in {year}",
    why=("增长类目标需要本期值和基期值。", "A growth target needs the value now and in the baseline year."))
REFERENCE_MISSING = code(
    "S123", "reference-missing", "{name_zh}和参照指标{ref_zh}({where})", "{name_en} and the reference {ref_en} ({where})",
    why=("相对类目标需要指标本身和参照指标的数值。", "A relative target needs the indicator and its reference."))
BASELINE_ZERO = code(
    "S130", "baseline-zero", "{year}年基数为零,无法计算增长率", "the {year} baseline is zero; growth is undefined",
    why=("增长率以基期值为分母,基期值为零时无定义。", "Growth is relative to the baseline, which cannot be zero."))
REFERENCE_ZERO = code(
    "S131", "reference-zero", "参照值 {ref} 为零", "the reference {ref} is zero",
    why=("相对目标以参照值为分母,参照值为零时无定义。", "A relative target divides by its reference, which cannot be zero."))
IN_YEAR = code(
    "S132", "in-year", "{year}年:{reason_zh}", "{year}: {reason_en}",
    why=("该年的数值无法使用,原因附后。", "That year's value cannot be used; the reason follows."))
OF_REFERENCE = code(
    "S133", "of-reference", "参照指标 {ref}:{reason_zh}", "{ref}: {reason_en}",
    why=("参照指标的数值无法使用,原因附后。", "The reference's value cannot be used; the reason follows."))

# --- what closes the gap
ADD_FOR = code(
    "S201", "add-for", "按{per_name_zh}{per_zh}计,需增加{what_zh}{amount_zh}", "{amount_en} more {what_en} for {per_en} {per_name_en}",
    why=("比率目标的差距折算为分子需增加的数量,分母按现值计。",
         "The gap of a ratio, as the amount its numerator must grow by, its denominator as it stands."))
CONVERT = code(
    "S202", "convert", "按现有{per_name_zh}{per_zh}计,需将{amount_zh}转为{what_zh}",
    "convert {amount_en} of the existing {per_en} ({per_name_en}) to {what_en}",
    why=("占比目标可以通过把现有单位转为所需类型来达到(总数不变),也可以新增。",
         "A share can be reached by converting existing units (the total unchanged), or by adding new ones."))
CONVERT_OR_ADD = code(
    "S401", "convert-or-add", "按现有{per_name_zh}{per_zh}计,需将{convert_zh}转为{what_zh},或新增{what_zh}{add_zh}",
    "convert {convert_en} of the existing {per_en} {per_name_en} to {what_en}, or add {add_en} more {what_en}",
    why=("占比目标有两种补足办法,任选其一:把现有单位转为所需类型(总数不变),或新增所需类型(总数随之增加,所需更多)。",
         "A share can be reached either way, not both: by converting existing units (the total unchanged), or by "
         "adding new ones (the total grows too, so more are needed)."))
REDUCE_FOR = code(
    "S203", "reduce-for", "按{per_name_zh}{per_zh}计,需减少{what_zh}{amount_zh}", "{amount_en} fewer {what_en} for {per_en} {per_name_en}",
    why=("上限类比率目标的超出部分,折算为分子需减少的数量。", "The excess over a capped ratio, as the amount its numerator must fall by."))
REDUCE = code(
    "S204", "reduce", "需减少{what_zh}{amount_zh}", "{amount_en} fewer {what_en}",
    why=("上限类目标的超出部分。", "The excess over a cap."))
ADD = code(
    "S205", "add", "需增加{what_zh}{amount_zh}", "{amount_en} more {what_en}",
    why=("达到目标所需增加的数量(计数取整到下一个整数)。", "How much more reaches the target (counts rounded up to a whole number)."))

# --- a ratio computed from its components
DENOMINATOR_ZERO = code(
    "S140", "denominator-zero", "分母为零", "the denominator is zero",
    why=("比率由分子÷分母计算,分母为零时无定义。", "A ratio divides its numerator by its denominator, which cannot be zero."))
NUMERATOR_ABOVE = code(
    "S141", "numerator-above-denominator", "{numerator}({num_raw})大于{denominator}({den_raw}),占比不可能超过100%",
    "{numerator} ({num_raw}) is larger than {denominator} ({den_raw}); a share cannot exceed 100%",
    why=("占比的分子是分母的一部分(护理型床位是养老机构床位的一部分),不能大于分母。",
         "A share's numerator is part of its denominator (nursing beds are among all beds): it cannot be larger."))
EACH_INCOMPLETE = code(
    "S115", "each-incomplete", "缺少数据:{total}个下级单位中{reported}个填报了{name_zh},未填报:{children_zh}",
    "Missing: {reported} of {total} child units reported {name_en}; not reported: {children_en}",
    why=("“每个下级单位”类目标须全部下级单位都填报后才能判为达标;列出的单位尚未填报。",
         "A target for every child unit is met only once every child unit is reported; those listed are not."))
UNUSABLE = code(
    "S142", "unusable", "数值无法使用", "the value cannot be used",
    why=("填报值无法使用,但读取时未给出具体原因。", "The value cannot be used, and reading it gave no particular reason."))
