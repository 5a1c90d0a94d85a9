"""C: the catalog: indicators and divisions / 指标与区划目录."""

from __future__ import annotations

from mzcheck.core.messages import Phrase, code

NOT_A_LIST = code(
    "C101", "catalog-not-a-list", "应为含“{key}:”列表的映射", "expected a mapping with a list under '{key}:'",
    why=("指标目录和区划目录的顶层是一个键({key}),其下是条目列表。",
         "The catalog files have one top-level key ({key}) holding a list of entries."),
    help=("文件以“{key}:”开头,其下每个条目以“- ”开头", "the file starts with '{key}:' and lists one entry per '- ' line"))
DUPLICATE_INDICATOR = code(
    "C102", "duplicate-indicator", "指标编号重复:{id}", "duplicate indicator id {id!r}",
    why=("每个指标只定义一次;同一编号出现两次时,无法确定以哪一条为准。",
         "Each indicator is defined once; with two entries for one id mzcheck cannot tell which holds."),
    help=("删除或改名其中一条", "remove or rename one of them"))
UNKNOWN_COMPONENT = code(
    "C103", "unknown-component", "未知的分量指标:{part}", "unknown component indicator {part!r}",
    why=("派生指标(比率)的分子和分母必须是目录中的指标。",
         "The numerator and denominator of a derived indicator (a ratio) must be indicators of the catalog."),
    help=("先在目录中定义该指标", "define that indicator in the catalog first"))
RATIO_DIMENSION = code(
    "C104", "ratio-dimension", "单位“{unit}”与 {numerator}/{denominator} 的量纲不符",
    "unit {unit!r} does not have the dimension of {numerator} / {denominator}",
    why=("比率指标的单位须与分子÷分母的量纲一致(如 人/万名老年人 = 人 ÷ 人)。",
         "A ratio's unit must have the dimension of numerator ÷ denominator (人/万名老年人 = persons ÷ persons)."))
SCALE_MISMATCH = code(
    "C105", "scale-mismatch", "比例系数 {scale} 与单位“{unit}”不符(应为 {expected})",
    "scale {scale} disagrees with unit {unit!r} (expected {expected})",
    why=("scale 是分子÷分母换算到指标单位的倍数:百分比为 100,“每万名”为 10000。",
         "scale is the factor from numerator ÷ denominator to the indicator's unit: 100 for a percentage, "
         "10000 for 'per 10,000'."))
UNKNOWN_PARENT = code(
    "C106", "unknown-parent", "上级区划代码不存在:{parent}", "unknown parent code {parent}",
    why=("每个行政区划的 parent 必须是目录中另一个区划的代码。",
         "Each division's parent must be the code of another division of the catalog."))
BUNDLED_MISSING = code(
    "C107", "bundled-missing", "安装中缺少内置 targets/ 目录", "the bundled targets/ folder is missing from this installation",
    why=("mzcheck 随包附带目标规则;该目录丢失说明安装不完整。", "mzcheck ships its targets inside the package; without them the "
         "installation is incomplete."),
    help=("请重新安装,或用 --targets 指定目录", "reinstall mzcheck, or pass --targets DIR"))
NO_TARGETS = code(
    "C108", "no-targets-path", "目标规则路径不存在:{path}", "no such targets folder or file: {path}",
    why=("--targets 指向的目录或文件不存在。", "The folder or file given with --targets does not exist."))

# --- naming a division
UNKNOWN_DIVISION = code(
    "C201", "unknown-jurisdiction", "未知行政区划“{name}”", "unknown jurisdiction {name!r}",
    why=("该名称或代码不在民政部行政区划表(2025-12-31)中,也不在规则集声明的行政区划中。可写代码(330106)、全称(西湖区)、"
         "带上级的名称(杭州市西湖区)或无歧义的简称(杭州)。",
         "The name or code is neither in the Ministry of Civil Affairs division table (2025-12-31) nor among the "
         "divisions the rule set declares. Write a code (330106), the full name (西湖区), the name with its parent "
         "(杭州市西湖区) or an unambiguous short form (杭州)."))
AMBIGUOUS_DIVISION = code(
    "C202", "ambiguous-jurisdiction", "“{name}”对应{count}个行政区划:{candidates_zh}",
    "{name!r} names {count} divisions: {candidates_en}",
    why=("全国有多个同名行政区划(如鼓楼区、朝阳区),仅凭名称无法确定。", "Several divisions of China share this name "
         "(鼓楼区, 朝阳区 …): the name alone does not say which."),
    help=("请写明上级(如 北京市朝阳区)或填写行政区划代码", "write it with its parent (北京市朝阳区) or give the code"))
AMBIGUOUS_HELP = Phrase("请写明上级(如 {example})或填写行政区划代码", "write it with its parent ({example}) or give the code")
ABOLISHED_DIVISION = code(
    "C203", "abolished-jurisdiction", "“{name}”({code})已于{year}年{change}{approval_zh},现为{now_zh}",
    "{name} ({code}) no longer exists: {change} in {year}{approval_en}; it is now {now_en}",
    why=("该行政区划已撤销、更名或改码,报表和规则应使用现行的区划。", "The division was abolished, renamed or given a new "
         "code: reports and rules use the division as it is now."),
    help=("请改用现行的行政区划名称或代码", "use the current division's name or code"))
NOT_A_CHILD = code(
    "C204", "not-a-child", "“{name}”不是{parent}的下级行政区划({parent}共有{count}个下级)",
    "{name!r} is not a division under {parent} ({count} divisions are)",
    why=("“每个下级单位”类目标只统计该地区的下级行政区划;名称写错或写了别处的区划都会被拒绝,以免误判。",
         "A target for every child unit counts the divisions under the jurisdiction only: a misspelt name, or one "
         "from elsewhere, is refused rather than counted."))
INDICATOR_REDEFINED = code(
    "C109", "indicator-redefined", "指标 {id} 已在 {first} 定义,不能再次定义", "indicator {id!r} is already defined at {first}",
    why=("规则集分层加载:上层目录可以新增指标,但不能重新定义下层(如内置目录)已有的指标,否则同一指标在不同报表中含义不同。",
         "Rule sets load in layers: a folder above may add indicators, never redefine one a layer below (the bundled "
         "catalog) has, or one indicator would mean two things."),
    help=("换一个指标编号,或直接使用已有的指标", "choose another id, or use the existing indicator"))

# --- the configuration file
CONFIG_NOT_TOML = code(
    "C301", "config-not-toml", "配置文件不是有效的 TOML:{reason}", "the configuration file is not valid TOML: {reason}",
    why=("mzcheck.toml 或 pyproject.toml 的 [tool.mzcheck] 须为 TOML 格式。",
         "mzcheck.toml, or [tool.mzcheck] of pyproject.toml, is TOML."))
CONFIG_UNKNOWN_KEY = code(
    "C302", "config-unknown-key", "配置项“{key}”未知", "unknown configuration key {key!r}",
    why=("配置文件可设:targets(目标规则目录列表)、bundled(是否包含内置规则)、history_db、waivers、lang、fail_on。",
         "The configuration may set: targets (rule folders), bundled (whether the bundled rules are included), "
         "history_db, waivers, lang, fail_on."))
CONFIG_BAD_VALUE = code(
    "C303", "config-bad-value", "配置项“{key}”应为{expected_zh}", "configuration key {key!r} should be {expected_en}",
    why=("配置项的取值类型不对,如 targets 应为目录路径的列表。", "A key has a value of the wrong type: targets is a list of folder paths."))

# --- C6xx: the catalog and the divisions as a whole (checked on loading, so by lint too)
DUPLICATE_CODE = code(
    "C601", "duplicate-jurisdiction-code", "行政区划代码 {code} 重复(已在{first_zh}定义为{name})",
    "jurisdiction code {code} is declared twice (first at {first_en}, as {name})",
    why=("每个行政区划代码只能声明一次;重复时后一条会悄悄替换前一条,错误随后会被归咎于规则文件。",
         "Each division code is declared once; a second declaration would silently replace the first, and errors "
         "would then blame the rule files."))
NAME_OF_TWO_INDICATORS = code(
    "C602", "name-of-two-indicators", "“{name}”同时是指标 {first} 的{first_what_zh}和指标 {id} 的{what_zh}",
    "{name!r} is both the {first_what_en} of indicator {first} and the {what_en} of indicator {id}",
    why=("报表按编号、中文名或别名找到指标;一个名称指向两个指标时,数值会记到哪一个取决于加载顺序。",
         "A report names an indicator by id, Chinese name or alias; a name of two indicators would put a value on "
         "whichever loaded first."),
    help=("改用只属于一个指标的名称", "give each indicator names of its own"))
NAME_OF_TWO_DIVISIONS = code(
    "C603", "name-of-two-divisions", "“{name}”同时是{first}的{first_what_zh}和{code}的{what_zh}",
    "{name!r} is both the {first_what_en} of {first} and the {what_en} of {code}",
    why=("报表和规则按名称或别名找到行政区划;声明的一个名称指向两个区划时,无法确定指哪一个。",
         "Reports and rules find a division by its name or an alias; a declared name of two divisions cannot tell "
         "which is meant."),
    help=("删去重复的别名", "remove the alias that repeats a name"))
PARENT_CYCLE = code(
    "C604", "parent-cycle", "上级关系成环:{cycle}", "the parents go round in a circle: {cycle}",
    why=("行政区划的上级关系是一棵树;成环时,下级和上级的判断永不结束或出错。",
         "Divisions form a tree under their parents; a circle leaves 'under' and 'above' without an answer."))
OWN_PARENT = code(
    "C605", "own-parent", "行政区划 {code} 把自己作为上级", "jurisdiction {code} is its own parent",
    why=("parent 是上一级区划的代码,不能是自己的代码。", "parent is the code of the division above, never its own code."))
DERIVED_FROM_ITSELF = code(
    "C606", "derived-from-itself", "指标 {id} 由自身计算:{chain}", "indicator {id} is computed from itself: {chain}",
    why=("比率指标由分子和分母计算;分子或分母(直接或经由其他比率)又是它自己时,永远算不出来。",
         "A ratio is computed from its numerator and denominator; one that is the ratio itself, directly or through "
         "other ratios, can never be computed."))
