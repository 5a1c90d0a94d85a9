"""D: differences between two rule sets (``mzcheck diff``) / 规则集差异."""

from __future__ import annotations

from mzcheck.core.messages import code

ADDED = code(
    "D101", "rule-added", "新增规则:{place}{name_zh}{target_zh},截止{due}", "added: {place} {name_en} {target_en}, due {due}",
    why=("新规则集中有、旧规则集中没有的规则(按编号、取代关系或“指标+地区+截止日期”都未匹配)。",
         "A rule of the new set matched by no rule of the old one (by id, by supersedes, or by indicator, "
         "jurisdiction and due date)."))
REMOVED = code(
    "D102", "rule-removed", "删除规则:{place}{name_zh}{target_zh},截止{due}", "removed: {place} {name_en} {target_en}, due {due}",
    why=("旧规则集中有、新规则集中没有的规则。", "A rule of the old set matched by no rule of the new one."))
RAISED = code(
    "D103", "target-raised", "目标提高:{old_zh} → {new_zh}(+{change_zh})", "target raised: {old_en} → {new_en} (+{change_en})",
    why=("目标值变大;百分比之差以百分点计。对“不低于”类目标是收紧,对“不高于”类是放宽。",
         "The target value went up (percentages differ in percentage points): stricter for an at-least target, "
         "looser for an at-most one."))
LOWERED = code(
    "D104", "target-lowered", "目标降低:{old_zh} → {new_zh}(−{change_zh})", "target lowered: {old_en} → {new_en} (−{change_en})",
    why=("目标值变小。对“不低于”类目标是放宽,对“不高于”类是收紧。",
         "The target value went down: looser for an at-least target, stricter for an at-most one."))
FIELD_CHANGED = code(
    "D105", "field-changed", "{field_zh}变更:{old_zh} → {new_zh}", "{field_en} changed: {old_en} → {new_en}",
    why=("规则的一个字段(比较符、截止日期、约束性、类型、适用范围、出处、编号)改变。",
         "A field of the rule changed (comparator, due date, strength, kind, scope, source, id)."))
STRICTER = code(
    "D106", "stricter", "收紧", "stricter",
    why=("约束性规则变严:目标提高(不低于)或降低(不高于)、区间收窄、“以上”改为“超过”、截止日期提前、力争改为约束性、"
         "改为适用于每个下级单位、新增约束性规则。mzcheck diff 此时以 1 退出,供规则库的 CI 使用。",
         "A binding rule got stricter: target raised (at least) or lowered (at most), range narrowed, >= turned "
         "into >, due date earlier, aspirational turned binding, turned to hold for each child unit, a binding "
         "rule added. mzcheck diff then exits 1, for CI on a rules repository."))
LOOSER = code(
    "D107", "looser", "放宽", "looser",
    why=("规则变宽松,或被删除。", "The rule got looser, or was removed."))
CHANGED = code(
    "D108", "changed-rule", "修改规则:{place}{name_zh}[{old_id}{arrow}{new_id}](按{matched_zh}匹配)",
    "changed: {place} {name_en} [{old_id}{arrow}{new_id}] (matched by {matched_en})",
    why=("新旧规则集中匹配上的规则有字段不同。匹配依次按编号、取代关系(supersedes)、指标+地区+截止日期。",
         "A rule matched in both sets differs in some field. Rules are matched by id, then by supersedes, then by "
         "indicator, jurisdiction and due date."))
SUMMARY = code(
    "D109", "diff-summary", "新增 {added} 条,删除 {removed} 条,修改 {changed} 条,未变 {same} 条;约束性规则收紧 {stricter} 处",
    "{added} added, {removed} removed, {changed} changed, {same} unchanged; {stricter} binding rules stricter",
    why=("mzcheck diff 的汇总;有约束性规则收紧时以 1 退出。", "The summary of mzcheck diff; it exits 1 when a binding rule got stricter."))
