"""Y: YAML and JSON syntax / YAML 与 JSON 语法.

Reports and rule files are read by one YAML reader (JSON is YAML as far as they need), so these codes
come from either.
"""

from __future__ import annotations

from mzcheck.core.messages import Phrase, code

NOT_YAML = code(
    "Y101", "not-valid-yaml", "YAML 格式错误", "not valid YAML{column_en}: {problem_en}",
    why=("文件不符合 YAML(或 JSON)语法;行号指出解析器发现问题的位置,错误往往在它上方一两行。",
         "The file breaks YAML (or JSON) syntax; the line is where the parser noticed, and the slip is often a line "
         "or two above it."),
    help=("请检查缩进和键后的冒号", "check indentation and the ':' after each key"))
TAB_HINT = Phrase("YAML 须用空格缩进,不能用制表符(Tab)", "YAML indents with spaces, not tabs")
COLON_HINT = Phrase("键的缩进比上一行深,或值中含“: ”需加引号(如 note: '时间: 2025')",
                    "a key is indented deeper than the one above it, or a value contains ': ' and needs quotes "
                    "(note: '时间: 2025')")
TOO_DEEP = code(
    "Y102", "nested-too-deep", "嵌套超过 {depth} 层", "nested more than {depth} levels deep",
    why=("报表和规则文件只有几层嵌套;更深的嵌套多半是括号错误,或是想让解析器崩溃的文件。",
         "Reports and rule files nest a few levels; deeper nesting is a bracket slip, or a file made to crash parsers."),
    help=("报表和规则文件只需几层嵌套", "a report or rule file nests a few levels"))
TOO_MANY_VALUES = code(
    "Y103", "too-many-values", "数据项超过 {limit} 个", "more than {limit} values",
    why=("报表和规则文件只有几百个数据项;超过上限的文件不是报表。", "Reports and rule files hold a few hundred values; a file "
         "beyond the limit is not one."))
ALIAS_BOMB = code(
    "Y104", "alias-bomb", "YAML 别名展开超过 {limit} 个数据项", "YAML aliases (*name) repeat more than {limit} values "
    "(an alias bomb?)",
    why=("YAML 的锚点(&)和别名(*)可以层层复制数据,几行文字就能展开成数十亿项(“billion laughs”)。",
         "YAML anchors (&) and aliases (*) copy data, so a few lines can expand to billions of values "
         "('billion laughs')."),
    help=("请直接写出数值,不用 & 和 *", "write the values out, without & and *"))
MERGE_KEY = code(
    "Y105", "merge-key", "不支持 YAML 合并键", "YAML merge keys (<<) are not supported",
    why=("合并键(<<)会悄悄覆盖或补入字段,报表和规则中的每个值都应写明。",
         "A merge key (<<) adds or overrides fields unseen; every value of a report or rule is written out."))
KEY_NOT_PLAIN = code(
    "Y106", "key-not-plain", "键必须是简单值", "a key must be a plain value",
    why=("映射的键是名称或数字,不能是列表或映射。", "A mapping's key is a name or a number, not a list or a mapping."))
DUPLICATE_KEY = code(
    "Y107", "duplicate-key", "重复的键“{key}”({where_zh})", "duplicate key {key!r} ({where_en})",
    why=("同一映射中一个键只能出现一次;常见的 YAML 读取器会悄悄保留最后一个,mzcheck 拒绝猜测。",
         "A key appears once in a mapping; common YAML readers silently keep the last one, mzcheck does not guess."),
    help=("请只保留一个", "keep one of them"))
TAG_NOT_ALLOWED = code(
    "Y108", "tag-not-allowed", "不允许使用 YAML 标签“{tag}”", "YAML tag {tag!r} is not allowed",
    why=("YAML 标签(!、!!)可以让读取器构造对象甚至执行命令;报表和规则文件只含普通数据。",
         "YAML tags (!, !!) can make a reader build objects or even run commands; reports and rule files hold plain "
         "data."),
    help=("报表和规则文件只含普通数据,请删除该标签", "reports and rule files hold plain data: remove the tag"))
INVALID_DATE = code(
    "Y109", "invalid-date", "“{text}”日期无效(无此日期)", "{text!r} is not a valid date",
    why=("这个日期在日历上不存在(如 2 月 30 日)。", "The date does not exist on the calendar (such as 30 February)."))
FULL_WIDTH = code(
    "Y701", "full-width-punctuation", "全角{name_zh}“{char}”(U+{hex})用在了应为半角{ascii_zh}的地方,含义不明",
    "full-width {name_en} '{char}' (U+{hex}) where {ascii_en} belongs; its meaning is unclear",
    why=("手写 YAML 时常把冒号、空格、逗号打成全角。能确定含义时 mzcheck 照半角读取:"
         "行内第一个“键:值”的全角冒号“:”,紧跟冒号的全角空格,[…] 列表中的全角逗号“,”。"
         "无法确定时(全角空格用于缩进、一行有多个全角冒号、流式映射 {…} 中的全角标点)报告此错误,并给出改正后的写法。",
         "Hand-written YAML often has its colon, space or comma typed full-width. Where the meaning is clear mzcheck "
         "reads them as their ASCII forms: a line's key-value colon '：', a full-width space right after a colon, a "
         "full-width comma '，' in a [...] list. Where it is not (full-width spaces as indentation, several '：' on a "
         "line, full-width punctuation in a {...} mapping) this error names the character and shows the line "
         "corrected."),
    help=("改为半角{ascii_zh}:{fixed}", "use {ascii_en}: {fixed}"))
