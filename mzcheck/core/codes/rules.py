"""K: rule files and the fields of every rule-set file / 规则文件及目录文件的字段."""

from __future__ import annotations

from mzcheck.core.messages import code

# --- fields, as the schema checks them (rule files, indicators.yaml, jurisdictions.yaml)
UNKNOWN_FIELD = code(
    "K101", "unknown-field", "未知字段“{name}”", "unknown field {name!r}",
    why=("该位置不接受这个字段;常见原因是拼写错误或缩进错位。",
         "This place does not take that field; usually a typing slip or a line indented under the wrong key."),
    help=("字段说明见 mzcheck schema rules", "see mzcheck schema rules for the fields"))
MISSING_FIELD = code(
    "K102", "missing-field", "缺少必填字段", "Field required",
    why=("规则的必填字段:id、indicator、jurisdiction(或文件顶部)、comparator、target、due、source.quote。",
         "A rule needs id, indicator, jurisdiction (or the file's), comparator, target, due and source.quote."))
NOT_ALLOWED = code(
    "K103", "value-not-allowed", "{got_zh}取值不在允许范围内({detail_zh})", "{got_en}{detail_en}",
    why=("该字段只接受列出的取值,如 kind 为 level、increment、maintain、growth、each、relative、range 之一。",
         "The field takes one of the listed values, e.g. kind is one of level, increment, maintain, growth, each, "
         "relative, range."))
NOT_A_DATE = code(
    "K104", "field-not-a-date", "{got_zh}不是有效日期(应为 YYYY-MM-DD)", "{got_en}{detail_en}",
    why=("日期写作 YYYY-MM-DD,如 2025-12-31。", "Dates are written YYYY-MM-DD, e.g. 2025-12-31."))
NOT_A_NUMBER = code(
    "K105", "field-not-a-number", "{got_zh}{detail_zh}", "{got_en}{detail_en}",
    why=("该字段应为数字(目标值、比例系数等)。", "The field takes a number (a target value, a scale …)."))
WRONG_TYPE = code(
    "K106", "wrong-type", "{got_zh}{detail_zh}", "{got_en}{detail_en}",
    why=("该字段的类型不对:例如应为文本、列表或映射(键: 值)。",
         "The field has the wrong type: it should be text, a list or a mapping (key: value)."))
INVALID_VALUE = code(
    "K107", "invalid-value", "{detail_zh}", "{detail_en}",
    why=("字段的取值不符合规则的约束,消息说明了原因。", "The value breaks a constraint of the schema; the message says which."))

# --- rules
RULE_NOT_A_MAPPING = code(
    "K201", "rule-not-a-mapping", "规则应为映射(键: 值)", "a rule must be a mapping",
    why=("rules: 下的每一项是一条规则,写作“键: 值”的映射。", "Each item under rules: is one rule, a mapping of key: value."))
DUPLICATE_RULE = code(
    "K202", "duplicate-rule", "规则编号重复:{id}(首次出现于 {first})", "duplicate rule id {id!r} (first at {first})",
    why=("规则编号在全部规则集(含各层)中唯一。", "A rule id is unique across the whole rule set, every layer included."),
    help=("改名其中一条,或删除重复的一条", "rename or remove one of them"))
UNKNOWN_INDICATOR = code(
    "K203", "rule-unknown-indicator", "未知指标“{name}”", "unknown indicator {name!r}",
    why=("规则的 indicator 须为指标目录中的编号。", "A rule's indicator must be an id of the indicator catalog."),
    help=("请在 indicators.yaml 中添加", "add it to indicators.yaml"))
TARGET_DIMENSION = code(
    "K205", "target-dimension", "目标单位“{unit}”与指标“{name_zh}”的单位“{ind_unit}”量纲不同",
    "{unit!r} does not measure {name_en} (unit {ind_unit!r})",
    why=("目标单位须与指标单位量纲相同:床位对床位,人对人。", "The target's unit must measure what the indicator measures: beds "
         "against beds, persons against persons."))
RATIO_TARGET = code(
    "K206", "ratio-target", "{kind} 类目标应为比率单位(%、百分点、倍),而非“{unit}”",
    "a {kind} target is a ratio (%, 百分点, 倍), not {unit!r}",
    why=("增长和相对目标比较的是比率:增长10%、相当于参照值的50%。",
         "Growth and relative targets are ratios: growth of 10%, 50% of the reference."))
POINTS_NEED_PERCENT = code(
    "K207", "points-need-percent", "“百分点”只适用于百分比指标", "百分点 (percentage points) only applies to a percentage indicator",
    why=("百分点是两个百分比之差,只能用于以 % 计的指标。", "Percentage points are a difference of percentages: only for an "
         "indicator counted in %."))
REFERENCE_UNKNOWN = code(
    "K208", "reference-unknown", "未知的参照指标“{name}”", "unknown reference indicator {name!r}",
    why=("relative 规则的 reference.indicator 须为指标目录中的编号。",
         "The reference.indicator of a relative rule must be an id of the catalog."))
REFERENCE_DIMENSION = code(
    "K209", "reference-dimension", "参照指标 {ref}({ref_unit})与 {ind}({ind_unit})量纲不同",
    "{ref} ({ref_unit}) and {ind} ({ind_unit}) have different dimensions",
    why=("相对规则把指标与参照指标相比,两者须量纲相同(元对元)。",
         "A relative rule divides the indicator by its reference: both must measure the same thing (yuan and yuan)."))
COMPARATOR_HELP = (
    "也可写比较词:达到、不少于、不低于、以上(>=),不超过、不高于、以下(<=),超过、高于(>),低于、不足(<)",
    "or a word as plans write it: 达到/不少于/不低于/以上 (>=), 不超过/不高于/以下 (<=), 超过/高于 (>), 低于/不足 (<)")

# --- constraints on one record, checked by the models themselves
FORMULA_INCOMPLETE = code(
    "K301", "formula-incomplete", "派生指标需同时给出分子和分母", "a derived indicator needs both numerator and denominator",
    why=("比率指标写明 numerator(分子)和 denominator(分母)两者,才能由分项计算。",
         "A ratio names both its numerator and its denominator, so it can be computed from them."))
TARGET_TEXT = code(
    "K302", "target-text", "{got}:应为“数值+单位”,如 80%", "{got} is not a number with a unit, e.g. '80%'",
    why=("target 可简写为“数值+单位”(80%、28人/万名老年人),或写作 {value: …, unit: …}。",
         "target may be written short as a number with a unit (80%, 28人/万名老年人) or as {value: …, unit: …}."))
RANGE_ORDER = code(
    "K303", "range-order", "区间 [{low}, {high}] 的下限大于上限", "range [{low}, {high}] has its low bound above its high bound",
    why=("区间目标写作 [下限, 上限]。", "A range target is written [low, high]."))
BETWEEN_RANGE = code(
    "K304", "between-range", "“between”须与区间目标 [下限, 上限] 搭配", "comparator 'between' goes with a target [low, high], "
    "and only with it",
    why=("区间比较(between)的目标是两个数;其他比较符的目标是一个数。",
         "'between' compares with two numbers; every other comparator with one."))
RANGE_KIND = code(
    "K305", "range-kind", "range 类规则的比较符须为 between", "kind 'range' needs comparator 'between'",
    why=("range 类规则要求数值落在区间内。", "A range rule asks for the value to lie within an interval."))
EACH_SCOPE = code(
    "K306", "each-scope", "each 类规则的 scope 须为 each_child", "kind 'each' applies to each child: scope must be each_child",
    why=("each 类规则对每个下级单位成立(如每个县)。", "An each rule holds for every child unit (every county, say)."))
RELATIVE_REFERENCE = code(
    "K307", "relative-reference", "relative 类规则须给出 reference", "kind 'relative' needs reference: {{indicator: …}}",
    why=("相对规则与另一指标相比(如不低于城镇居民人均消费支出的50%),须写明参照指标。",
         "A relative rule compares with another indicator (≥ 50% of urban consumption per head): name it."))
REFERENCE_ONLY_RELATIVE = code(
    "K308", "reference-only-relative", "reference 仅用于 relative 类规则", "reference is only for kind 'relative'",
    why=("只有 relative 类规则有参照指标。", "Only a relative rule has a reference indicator."))
START_AFTER_DUE = code(
    "K309", "start-after-due", "起始日期晚于截止日期", "start is after due",
    why=("start 是目标期间的第一天,不能晚于 due。", "start is the first day of the target's period: it cannot be after due."))
DATE_AS_NUMBER = code(
    "K601", "date-as-number", "{got}是数字而非日期,请写作 {example}(YYYY-MM-DD)",
    "{got} is a number, not a date: write {example} (YYYY-MM-DD)",
    why=("YAML 把 20251231 读作一个整数;日期要写成带连字符的 YYYY-MM-DD,如 2025-12-31。",
         "YAML reads 20251231 as a whole number; a date is written YYYY-MM-DD with hyphens, e.g. 2025-12-31."))
MILESTONE_AFTER_DUE = code(
    "K602", "milestone-after-due", "阶段节点 {when} 晚于目标截止日期 {due}", "the milestone of {when} is after the rule's due "
    "date {due}",
    why=("阶段性节点是截止日期之前的检查点;晚于截止日期的节点多半是年份写错了。",
         "A milestone is a checkpoint before the due date; one after it is most likely a slip of the year."))
MILESTONE_ABOVE_TARGET = code(
    "K603", "milestone-above-target", "阶段节点 {when} 的目标 {milestone} 高于最终目标 {target}",
    "the milestone of {when} asks for {milestone}, more than the final target {target}",
    why=("阶段性节点是累计到该日的进度,不会超过最终目标;超过时多半是数值或单位写错了。",
         "A milestone is the progress due by its date, never more than the final target; more is most likely a "
         "slip of the value or the unit."))
NEGATIVE_COUNT_TARGET = code(
    "K604", "negative-count-target", "计数指标 {name_zh} 的目标 {target} 为负数", "the target {target} of {name_en}, a "
    "count, is negative",
    why=("床位、人数、机构数等计数不会是负数,填报的负数也会被拒绝,所以负的目标永远无法检查;减少的目标请用 growth 类型。",
         "Beds, persons and institutions are never negative counts, and a negative value in a report is refused, so "
         "a negative target can never be checked; a reduction is a growth rule."))
SHARE_TARGET_ABOVE_ALL = code(
    "K605", "share-target-above-100", "占比指标 {name_zh} 的目标 {target} 超过 100%",
    "the target {target} of {name_en}, a share, is above 100%",
    why=("占比是部分占整体的比例,最多 100%;超过 100% 的目标永远无法达到,多半是单位写错了(如把“个”写成“%”)。",
         "A share is a part of a whole, at most 100%; a target above it can never be met, and is most likely a slip "
         "of the unit."))
