"""N: notes beside a verdict (findings) / 附注."""

from __future__ import annotations

from mzcheck.core.messages import code

INCONSISTENT_RATIO = code(
    "N101", "inconsistent-ratio", "{name_zh}填报为{raw},但由分项计算为{computed}{unit},两者不一致;判定以分项为准",
    "{name_en} is reported as {raw} but its components give {computed} {unit}; the verdict uses the components",
    why=("同时填报了比率和分子分母时,两者须在比率自身的精度内一致(如 27.87 与 5310/190.5万×10⁴ = 27.874…)。判定以精确的分项为准。",
         "With both the ratio and its components reported, they must agree within the ratio's own precision (27.87 "
         "and 5310 / 190.5万 × 10⁴ = 27.874…). The verdict uses the exact components."))
RATIO_UNUSABLE = code(
    "N102", "ratio-unusable", "报表中的{name_zh}({raw})无法使用,已由分项计算",
    "the reported {name_en} ({raw}) is unusable; computed from its components instead",
    why=("填报的比率无法使用,但分子分母可用,判定由分项计算。",
         "The reported ratio cannot be used but its components can: the verdict is computed from them."))
ROUNDING_HIDES_SHORTFALL = code(
    "N103", "rounding-hides-shortfall", "填报的{name_zh}{raw}经四舍五入后看似达标,实际未达标(分项计算为{exact}{unit})",
    "the reported {name_en} {raw} is rounded: rounding hides the shortfall (components give {exact} {unit})",
    why=("四舍五入后的比率达到目标,但精确的分项计算未达到(如 28.00 与 27.996)。",
         "The rounded ratio meets the target, the exact components do not (28.00 reported, 27.996 computed)."))
ROUNDING_HIDES_MET = code(
    "N104", "rounding-hides-met", "填报的{name_zh}{raw}经四舍五入后看似未达标,实际已达标(分项计算为{exact}{unit})",
    "the reported {name_en} {raw} is rounded: rounding hides that the target is met (components give {exact} {unit})",
    why=("四舍五入后的比率未达到目标,但精确的分项计算已达到。", "The rounded ratio falls short; the exact components meet the target."))
BOUND = code(
    "N105", "bound", "填报值为区间“{raw}”,判定按其边界", "the value is reported as a bound ('{raw}'); the verdict holds for every value it allows",
    why=("“超过19”“不少于20”这类填报值是一个区间;只有区间内每个值判定相同时才给出结论。",
         "A value such as '超过19' is an interval; a verdict is given only when every value in it gets the same one."))
MILESTONE_UNUSABLE = code(
    "N106", "milestone-unusable", "阶段目标({due})无法使用,已忽略:{reason_zh}", "milestone {due} ignored: {reason_en}",
    why=("规则的阶段目标不在目标期间内、单位不符或不是单一数值,进度判断时略过它。",
         "A milestone outside the target's period, in another unit or not one value is left out of the progress "
         "verdict."))
HISTORY_UNUSABLE = code(
    "N107", "history-unusable", "{year}年的{name_zh}无法用于趋势推算:{reason_zh}",
    "the {year} value of {name_en} cannot be used for the trend: {reason_en}",
    why=("往年数值无法使用,趋势推算时略过它。", "An earlier year's value cannot be used and is left out of the trend."))
SHARE_AS_FRACTION = code(
    "N701", "share-read-as-fraction", "{name_zh}填报为{raw}(不带%),按比例读作{percent}%;若指{raw}%,请写作{raw}%",
    "{name_en} is written {raw} without %: read as the fraction {percent}%; write {raw}% if you meant {raw} percent",
    why=("百分比指标填不超过 1 的纯数字时,按表格软件的写法读作比例(0.9 即 90%)。这样读可能与本意相差百倍,"
         "所以结果中注明;写明 % 即无歧义。Excel 单元格的数字格式(0%、0.0%)能说明时以格式为准。",
         "A bare number up to 1 for a percent indicator is read as spreadsheets write shares: 0.9 is 90%. Being a "
         "hundred times off is easy, so the result says how it was read; writing % removes the doubt. An Excel "
         "cell's number format (0%, 0.0%) decides where it can."))
MONEY_PER_PERIOD = code(
    "N702", "money-read-per-period", "{name_zh}填报为{raw}(未写周期),按指标的周期读作{read_as}",
    "{name_en} is written {raw} without a period: read as {read_as}, the indicator's period",
    why=("按月或按年的标准(元/月、元/年)填报了不带周期的金额时,按指标自身的周期读取,并在结果中注明;"
         "写明周期(如 1350元/人·月)即无需此注。",
         "An amount without a period reported for a monthly or yearly standard (元/月, 元/年) is read in the "
         "indicator's own period, and the result says so; writing the period (1350元/人·月) removes the note."))

# --- a report no rule applies to: said, never passed in silence
NOTHING_DUE = code(
    "N301", "nothing-to-check", "没有适用的目标规则:{place}没有{year}年到期的目标;该地区有{years_zh}年到期的目标,"
    "可用 --year {first} 或在报表中填写 target_year: {first}",
    "nothing to check: {place} has no target due in {year}; it has targets due in {years_en}: use --year {first} or "
    "target_year: {first}",
    why=("报表的目标年度没有到期的规则,所以什么也没有检查;这不等于通过。`mzcheck check --fail-on-empty` 让这种情况退出码为 1。",
         "No rule is due in the report's target year, so nothing was checked, which is not a pass. "
         "`mzcheck check --fail-on-empty` makes it exit 1."),
    help=("用 --year 或 target_year 对照有目标的年度", "check against a year that has targets with --year or target_year"))
NO_RULES_HERE = code(
    "N302", "no-rules-for-place", "没有适用的目标规则:内置规则和所给目标中没有{place}的规则(也没有其上级的“每个下级”规则);"
    "用 --targets 目录加入本局规划的规则",
    "nothing to check: no rule names {place} (nor an each-child rule of its parent) in the bundled targets or the "
    "folders given; add your bureau's plan with --targets DIR",
    why=("该地区没有任何规则,所以什么也没有检查;这不等于通过。docs/getting-started.md 说明怎样从本局规划起草规则。",
         "No rule names this jurisdiction, so nothing was checked, which is not a pass. docs/getting-started.md shows how "
         "to draft rules from your bureau's plan."),
    help=("mzcheck extract 规划.txt -j 地区 -y 年度 -o rules/,再用 --targets rules",
          "mzcheck extract plan.txt -j PLACE -y YEAR -o rules/, then --targets rules"))
