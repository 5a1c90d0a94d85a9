"""T: tables: CSV, TSV and Excel layouts, headers, cells / 表格.

The same layout is read from files (CSV, TSV, .xlsx), from the big-CSV stream and from tables in memory
(rows, columns, pandas, Arrow), so these codes come from any of them.
"""

from __future__ import annotations

from mzcheck.core.messages import Phrase, code

# --- T1xx: the header
NO_HEADER = code(
    "T101", "no-header", "{where_zh}中未找到表头(地区、年度、指标、数值、单位)",
    "no header row with the columns {expected_en} in {where_en}",
    why=("表格的表头行(前面可以有几行标题)写列名:地区、年度、指标、数值、单位(中英文均可);或写成宽表:"
         "地区、年度,其余每列一个指标(如“老年人口数(万人)”)。",
         "A table's header row (below a title row or two) names the columns: jurisdiction, period, indicator, "
         "value, unit, in Chinese or English; or, in the wide layout, jurisdiction, period and one column per "
         "indicator (老年人口数(万人))."),
    help=("在前 10 行内写表头行,如 地区,年度,指标,数值,单位", "put a header row within the first 10 rows, e.g. 地区,年度,指标,数值,单位"))
DUPLICATE_COLUMN = code(
    "T102", "duplicate-column", "重复的列“{text}”(已有“{first}”,同为 {name} 列)",
    "a second {name!r} column {text!r} (first: {first!r})",
    why=("每一列只能出现一次:两列“数值”无法确定以哪一列为准。", "Each column appears once: of two value columns mzcheck "
         "cannot tell which holds."))
UNKNOWN_COLUMN = code(
    "T103", "unknown-column", "未知的列名“{text}”", "unknown column {text!r}",
    why=("这个列名与 mzcheck 读取的某一列非常接近;拼写错误会让这一列被悄悄忽略。",
         "The column's name is very close to one mzcheck reads; with the typing slip the column would be ignored."))
MISSING_COLUMNS = code(
    "T104", "missing-columns", "缺少列:{names_zh}", "missing column(s) {names_en}",
    why=("报表表格至少有地区、年度、指标、数值四列;单位列可省略(数值按指标单位计)。",
         "A report table has at least the columns jurisdiction, period, indicator and value; unit may be left out "
         "(a bare number is in the indicator's unit)."),
    help=("列:地区、年度、指标、数值、单位", "columns: jurisdiction, period, indicator, value, unit"))

# --- T2xx: the file's text
NOT_CSV = code(
    "T201", "not-valid-csv", "CSV 格式错误", "not valid CSV: {problem_en}",
    why=("CSV 文本不符合格式:常见原因是引号没有成对,或一个字段过长。",
         "The CSV text breaks the format: usually an unpaired quote, or a field that is far too long."))

# --- T3xx: rows and cells
NO_SAVED_RESULT = code(
    "T301", "formula-no-result", "公式 {formula} 没有已保存的计算结果", "the formula {formula} has no saved result",
    why=("工作簿由程序生成、从未在 Excel 中打开保存,所以公式单元格中没有计算结果可读。",
         "The workbook was written by a program and never saved in Excel, so the formula cell holds no result to "
         "read."),
    help=("请用 Excel 或 WPS 打开并保存一次,以保存公式结果",
          "open the file in Excel (or LibreOffice) and save it, so the result is stored"))
VALUE_WITHOUT_INDICATOR = code(
    "T302", "value-without-indicator", "有数值但没有填写指标", "a value without an indicator",
    why=("这一行填了数值,但指标列为空,无法知道它是哪个指标的数值。",
         "The row has a value but its indicator cell is empty, so nothing says what the value is."))
BAD_SECTION = code(
    "T303", "bad-section", "类别“{text}”应为空、“新增”或年份", "section {text!r} is not values, added or a year",
    why=("类别列说明数值的口径:空为本期值,“新增”为本期新增量,年份(如 2023)为该年的数值。",
         "The section column says what a value is: empty for the value at the end of the period, 新增/added for the "
         "amount added in it, a year (2023) for that year's value."),
    help=("空=本期值;新增=本期新增量;年份=该年数值",
          "empty = the value at the end of the period (本期值); 新增/added = added in the period; a year (2023) = that "
          "year's value"))
CHILD_TAKES_VALUES = code(
    "T304", "child-takes-values", "下级地区只能填报本期值(类别留空)",
    "a child unit's row takes only current values (section empty)",
    why=("下级地区的行记录它本期的数值;往年数值和新增量请在该下级地区自己的报表中填报。",
         "A child unit's row holds its value for the period; its earlier years and amounts added go in its own "
         "report."))
NO_VALUES = code(
    "T305", "no-values", "表中没有填报任何数值", "no reported value in the table (every value cell is empty)",
    why=("表格的数值列全为空:多半是还未填写的模板。", "Every value cell of the table is empty: most likely a template not "
         "yet filled in."))
PER_REPORT_DIFFERS = code(
    "T306", "per-report-value-differs", "同一报表的{what_zh}不一致:{value} 与 {first_where} 的 {first} 不同",
    "{what_en} {value} differs from {first} at {first_where} for the same report",
    why=("截至日期和对照年度对整份报表只有一个值;表格中重复填写时必须一致。",
         "as_of and target_year have one value for a whole report; where a table repeats them they must agree."))
FULL_WIDTH_COMMAS = code(
    "T601", "full-width-commas", "表头用全角逗号“，”分隔，CSV 的列须用英文逗号“,”分隔",
    "the header is separated by full-width commas '，': CSV columns are separated by ASCII commas ','",
    why=("中文输入法下输入的逗号是全角“,”,CSV 不把它当作分隔符,整行就成了一列,于是找不到表头。",
         "A comma typed with a Chinese input method is the full-width '，', which CSV does not take as a separator: the "
         "whole line is one column, so no header is found."),
    help=("用英文逗号分隔各列,或在 Excel 中编辑后另存为 CSV", "separate the columns with ASCII commas, or edit the "
          "table in Excel and save it as CSV"))

# --- T8xx: many rows, many reports
MORE_ROWS = code(
    "T801", "more-rows-alike", "…… 另有 {count} 行同样:{what_zh}", "… and {count} more rows: {what_en}",
    why=("同一问题出现在很多行时(多半是整列的系统性错误),只列出前 20 行,其余只计行数;改正这一处即可。",
         "When the same problem is in many rows (most often a whole column written the same wrong way), the "
         "first 20 rows are listed and the rest counted; one fix mends them all."))
NOT_AN_INDICATOR_COLUMN = code(
    "T802", "not-an-indicator-column", "列名“{text}”不是指标", "column {text!r} is not an indicator",
    why=("宽表(每行一个地区、每列一个指标)的列名写指标名称、别名或编号,单位可写在括号里,如“老年人口数(万人)”;"
         "这一列的名称与某个指标非常接近,拼写错误会让整列被悄悄忽略。",
         "In the wide layout (one row per jurisdiction, one column per indicator) a column is named by an "
         "indicator's id, Chinese name or alias, with the unit in brackets where needed (老年人口数(万人)); this "
         "one is very close to an indicator's name, and with the slip the whole column would be ignored."))
NO_HEADER_IN_ANY_SHEET = code(
    "T803", "no-header-in-any-sheet", "工作簿的 {count} 个工作表({sheets})前 10 行中都没有表头",
    "none of the workbook's {count} sheets ({sheets}) has a header row in its first 10 rows",
    why=("未指定 --sheet 时,mzcheck 读取第一个有表头(地区、年度、指标、数值,或宽表的地区、年度与指标列)的"
         "工作表,跳过封面和说明页;这个工作簿没有这样的工作表。",
         "Without --sheet, mzcheck reads the first sheet with a header (jurisdiction, period, indicator, value; "
         "or the wide layout's jurisdiction, period and indicator columns), passing over a cover or notes sheet; "
         "this workbook has none."),
    help=("用 --sheet 名称或序号指定数据所在的工作表,并检查表头", "name the data's sheet with --sheet NAME|N and check its header"))
WIDE_COLUMNS = Phrase("宽表的列:地区、年度,其余每列一个指标(如“老年人口数(万人)”)",
                      "wide layout columns: jurisdiction, period, then one per indicator (老年人口数(万人))")
