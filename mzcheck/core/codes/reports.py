"""R: report structure: fields, jurisdiction, period, dates, history, children / 报表结构.

Every format (YAML, JSON, CSV, Excel, a Python mapping) says these the same way: one reader decides
what a jurisdiction, a year, a date and an indicator are (:mod:`mzcheck.read.fields`).
"""

from __future__ import annotations

from mzcheck.core.messages import Phrase, code

# --- R1xx: the shape of a report
NOT_A_MAPPING = code(
    "R101", "report-not-a-mapping", "报表应为包含 jurisdiction、period、values 的映射",
    "a report is a mapping with jurisdiction, period and values",
    why=("报表的顶层是“键: 值”映射:jurisdiction(地区)、period(年度)和 values(各指标数值)。",
         "A report is a mapping at its top: jurisdiction, period and values (indicator → value)."))
UNKNOWN_FIELD = code(
    "R102", "unknown-report-field", "未知字段“{name}”", "unknown field {name!r}",
    why=("报表只有这些字段:jurisdiction、period、as_of、target_year、values、history、children、added、source、note;"
         "其他字段多半是拼写错误,其中的数值会被漏掉。",
         "A report has jurisdiction, period, as_of, target_year, values, history, children, added, source and note; "
         "another field is most likely a typing slip whose values would be lost."))
REPORT_FIELDS = Phrase("报表的字段:{fields}", "a report has {fields}")  # the help of R102 without a near miss
VALUES_NOT_A_MAPPING = code(
    "R103", "values-not-a-mapping", "应为“指标: 数值”映射", "expected a mapping of indicator → value",
    why=("values、added 和 history 下每一年都是“指标: 数值”映射,如 certified_carers: 5310。",
         "values, added and each year of history are mappings of indicator → value, such as certified_carers: 5310."))
HISTORY_NOT_A_MAPPING = code(
    "R104", "history-not-a-mapping", "应为“年份: 数值”映射", "expected a mapping of year → values, e.g. 2024: "
    "{{elderly_population: 190万人}}",
    why=("history 记录往年的数值:每个年份下是一个“指标: 数值”映射。",
         "history holds earlier years' values: under each year, a mapping of indicator → value."))
CHILDREN_NOT_A_MAPPING = code(
    "R105", "children-not-a-mapping", "应为“下级地区: 数值”映射", "expected a mapping of child unit → values, e.g. "
    "西湖区: {{…}}",
    why=("children 记录各下级地区的数值:每个下级地区下是一个“指标: 数值”映射。",
         "children holds the values of each child unit: under each, a mapping of indicator → value."))

# --- R2xx: the jurisdiction
MISSING_JURISDICTION = code(
    "R201", "missing-jurisdiction", "缺少地区(名称或行政区划代码)", "missing jurisdiction (name or GB/T 2260 code)",
    why=("每份报表须写明地区:名称(杭州市)或六位行政区划代码(330100)。",
         "Every report names its jurisdiction: a name (杭州市) or its six-digit GB/T 2260 code (330100)."))
NOT_A_NAME = code(
    "R202", "jurisdiction-not-a-name", "地区应为名称或行政区划代码(如 杭州市 或 330100),而非{shown_zh}",
    "{shown_en} is not a name or code (e.g. 杭州市 or 330100)",
    why=("地区写作名称或六位代码,不能是列表、映射、是非值或小数。",
         "A jurisdiction is a name or a six-digit code: not a list, a mapping, true/false or a decimal."))

# --- R3xx: years and dates
MISSING_PERIOD = code(
    "R301", "missing-period", "缺少年度(年份,如 2025)", "missing period (a year, e.g. 2025)",
    why=("每份报表须写明数据所属的年度(period),如 2025。", "Every report says which year its values are for (period), "
         "such as 2025."))
NOT_A_YEAR = code(
    "R302", "report-not-a-year", "{shown_zh}不是年份(如 {example})", "{shown_en} is not a year (e.g. {example})",
    why=("年份写作四位数字,可带“年”:2025、2025年;在 1949 与 2100 之间。",
         "A year is four digits, with or without 年: 2025, 2025年; between 1949 and 2100."))
NOT_A_DATE = code(
    "R303", "report-not-a-date", "{shown_zh}不是日期(YYYY-MM-DD)", "{shown_en} is not a date (YYYY-MM-DD)",
    why=("日期写作 2025-06-30,也可写 2025/6/30、2025.6.30 或 2025年6月30日;JSON 中写作文本 \"2025-06-30\"。",
         "A date is written 2025-06-30, or 2025/6/30, 2025.6.30, 2025年6月30日; in JSON as the text \"2025-06-30\"."))
IMPOSSIBLE_DATE = code(
    "R304", "impossible-date", "“{text}”日期无效(无此日期)", "{text!r} is not a valid date",
    why=("这个日期在日历上不存在(如 2 月 30 日)。", "The date does not exist on the calendar (such as 30 February)."))

# --- R4xx: indicators
UNKNOWN_INDICATOR = code(
    "R401", "unknown-report-indicator", "未知指标“{name}”", "unknown indicator {name!r}",
    why=("指标可写编号(certified_carers)、中文名称或目录中的别名。", "An indicator is written as its id "
         "(certified_carers), its Chinese name or an alias of the catalog."))
INDICATOR_LIST = Phrase("运行 mzcheck indicators 查看指标列表", "run `mzcheck indicators` for the list")
REPEATED_INDICATOR = code(
    "R402", "repeated-indicator", "“{name}”重复填报指标 {id}(首次见于 {first})",
    "{name!r} repeats indicator {id} (first at {first})",
    why=("同一位置(本期值、新增量、某年或某下级地区)的一个指标只能填报一次;两个数值无法确定以哪个为准。",
         "An indicator is reported once in each place (the period's values, the amount added, a year, a child unit); "
         "of two values mzcheck cannot tell which holds."),
    help=("请只保留一个", "keep one of them"))
AS_OF_BEFORE_PERIOD = code(
    "R601", "as-of-before-period", "截至日期 {as_of} 早于报表年度 {period} 的开始({period}-01-01)",
    "{as_of} is before the period {period} begins ({period}-01-01)",
    why=("as_of 是报表数值的截至日期,应在报表年度之内或之后;早于年度开始时,所有目标都会显示为“未到期”,"
         "多半是年份写错了。", "as_of is the date the report's values stand at, within the period or after it; a date "
         "before the period begins would show every target as not due yet, and is most likely a slip of the year."),
    help=("检查 as_of 与 period 的年份", "check the years of as_of and period"))
