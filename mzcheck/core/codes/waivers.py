"""W: waivers, superseded rules and published precision / 豁免、规则修订与公布精度."""

from __future__ import annotations

from mzcheck.core.messages import code

# --- superseded rules (rule files)
SUPERSEDES_UNKNOWN = code(
    "W101", "supersedes-unknown", "没有可取代的规则“{id}”", "no rule {id!r} to replace",
    why=("修订后的规则用 supersedes 写明它取代的规则编号;该编号须是已加载规则集中的一条规则。",
         "A revised rule names the rule it replaces with supersedes; that id must be a rule of the loaded rule set."),
    help=("运行 mzcheck targets 查看规则编号", "run `mzcheck targets` for the rule ids"))
SUPERSEDES_CYCLE = code(
    "W102", "supersedes-cycle", "取代关系形成循环:{chain}", "the replacements form a cycle: {chain}",
    why=("取代关系须从旧到新单向排列;循环时无法确定哪条是最新的。",
         "Replacements go one way, from old to new; in a cycle no rule is the newest."))
SUPERSEDED_TWICE = code(
    "W103", "superseded-twice", "规则“{id}”同时被“{first}”和“{second}”取代", "rule {id!r} is replaced by both {first!r} and {second!r}",
    why=("一条规则只能被一条规则直接取代,否则无法确定哪条适用;再次修订时请取代上一次修订的规则。",
         "A rule is replaced by one rule only, or which one applies is unclear; a second revision replaces the first."),
    help=("让后一次修订 supersedes 前一次修订的编号", "make the later revision supersede the earlier revision"))
SUPERSEDED_BY = code(
    "W104", "superseded-by", "已被“{by}”取代(《{document}》,{published})", "superseded by {by!r} ({document}, {published})",
    why=("被取代的规则不再参与检查;mzcheck targets 和 mzcheck explain 仍列出它,并指明取代它的规则。",
         "A superseded rule is no longer checked; mzcheck targets and mzcheck explain still list it and name the rule "
         "that replaced it."))
SUPERSEDES = code(
    "W105", "supersedes", "取代“{id}”(《{document}》,{published})", "replaces {id!r} ({document}, {published})",
    why=("修订后的规则取代原规则,只有最新的一条参与检查。", "The revised rule replaces the earlier one; only the newest is checked."))

# --- published precision (findings)
BORDERLINE = code(
    "W106", "borderline", "临界:按公布精度{actual_zh}约为{rounded_zh},达到目标{target_zh};精确值仍未达标",
    "borderline: {actual_en} rounds to {rounded_en} at the published precision, which meets the target {target_en}; "
    "the exact value does not",
    why=("目标按一定精度公布(80% 为整数百分比,27.5 为一位小数)。实际值四舍五入到该精度后达到目标,但精确比较未达到:"
         "结论仍为未达标,此附注供核对时参考。精度由目标的写法决定,也可在规则中用 precision 指定小数位数。",
         "Targets are published at a precision (80% in whole percent, 27.5 to one decimal). The value rounded "
         "(half up) to that precision meets the target while the exact value does not: the verdict stays not met, "
         "and this note says how close it is. The precision follows from how the target is written, or from the "
         "rule's precision field (decimal places)."))

BORDERLINE_CHILD = code(
    "W112", "borderline-child", "临界:{child}按公布精度{actual_zh}约为{rounded_zh},达到目标{target_zh};精确值仍未达标",
    "borderline: {child}'s {actual_en} rounds to {rounded_en} at the published precision, which meets the target "
    "{target_en}; the exact value does not",
    why=("“每个下级单位”规则中,一个下级单位的实际值四舍五入到目标的公布精度后达到目标,但精确比较未达到:该单位与整条"
         "规则的结论仍为未达标,此附注指出是哪一个单位、差多少。与 W106 相同,只是对象是下级单位。",
         "In a rule for each child unit, one child's value rounded (half up) to the target's published precision "
         "meets the target while the exact value does not: that child's verdict and the rule's stay not met, and this "
         "note names the child and how close it is. As W106, for a child unit."))

# --- waivers
WAIVED = code(
    "W107", "waived", "已豁免({place}):{reason_zh}(批准:{approved_by};有效期至{expires})",
    "waived ({place}): {reason_en} (approved by {approved_by}; until {expires})",
    why=("豁免文件(--waivers)批准该地区不适用此规则。结果显示为已豁免,不导致检查失败;JSON 中 waiver.verdict 保留"
         "原本的结论。", "The waivers file (--waivers) excuses this jurisdiction from the rule. The result shows as "
         "waived and does not fail the check; in the JSON, waiver.verdict keeps the verdict it would have had."))
WAIVER_EXPIRED = code(
    "W108", "waiver-expired", "豁免已于{expires}到期,未予适用({file}:{line})",
    "the waiver expired on {expires} and is ignored ({file}:{line})",
    why=("豁免的有效期(expires)早于报表的截至日期,结论按没有豁免给出。",
         "The waiver's expiry date is before the report's as-of date: the verdict is given as without it."),
    help=("如豁免已续期,请更新 expires", "if the waiver was renewed, update expires"))
WAIVER_UNKNOWN_RULE = code(
    "W109", "waiver-unknown-rule", "没有规则“{rule}”", "no rule {rule!r}",
    why=("豁免须指向已加载规则集中的一条规则。", "A waiver names a rule of the loaded rule set."),
    help=("运行 mzcheck targets 查看规则编号", "run `mzcheck targets` for the rule ids"))
WAIVER_NOT_APPLICABLE = code(
    "W110", "waiver-not-applicable", "规则“{rule}”不适用于{place}", "rule {rule!r} does not apply to {place}",
    why=("豁免的地区须是规则所属地区,或(每个下级单位适用的规则)其下级单位。",
         "A waiver's jurisdiction is the rule's own, or one of its child units for a rule that holds for each."))
WAIVER_TWICE = code(
    "W111", "waiver-twice", "同一规则、地区和年度的豁免重复,首次见于{first}",
    "a waiver for the same rule, jurisdiction and period is given before, at {first}",
    why=("每个规则、地区和年度只能有一条豁免。", "One waiver per rule, jurisdiction and period."))
