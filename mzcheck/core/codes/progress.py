"""P: progress during the year — on track or behind, and how it was judged / 年中进度.

A progress message is one code (the method and the verdict) followed by the parts that apply (the pace
still needed, when a trend reaches the target …), which are phrases of this module.
"""

from __future__ import annotations

from mzcheck.core.messages import Phrase, code

_PRO_RATA_ZH = ("{lead_zh}:截至{as_of},{name_zh}{actual_zh},{how_zh}应达{expected_zh}{diff_zh};"
                "按此进度预计{due}达{projected_zh},目标{target_zh}")
_PRO_RATA_EN = ("{lead_en}: {name_en} is {actual_en} as of {as_of}; {expected_en} expected by now ({how_en}){diff_en}; "
                "at this pace {projected_en} by {due}, target {target_en}")
PRO_RATA_ON_TRACK = code(
    "P101", "pro-rata-on-track", _PRO_RATA_ZH, _PRO_RATA_EN,
    why=("新增类目标按时间进度(或阶段目标)折算到报表日应完成的量;已完成量不少于应完成量即进度正常。",
         "An amount to add is prorated by days (or along its milestones) to the report's date; at or above that "
         "line is on track."))
PRO_RATA_BEHIND = code(
    "P102", "pro-rata-behind", _PRO_RATA_ZH, _PRO_RATA_EN,
    why=("按时间进度(或阶段目标)折算,已完成量低于应完成量,按此进度到期达不到目标。",
         "Prorated by days (or along the milestones), the amount so far is below the line: at this pace the target "
         "is missed."))
_TREND_ZH = ("{lead_zh}:截至{as_of},{name_zh}为{actual_zh};按{since}以来的{method_zh}趋势(年均{rate_zh}),"
             "预计{due}为{projected_zh},{meets_zh}目标{target_zh}")
_TREND_EN = ("{lead_en}: {name_en} is {actual_en} as of {as_of}; on the {method_en} trend since {since} ({rate_en} a year) "
             "it will be {projected_en} by {due}, {meets_en} the target {target_en}")
TREND_ON_TRACK = code(
    "P103", "trend-on-track", _TREND_ZH, _TREND_EN,
    why=("水平类目标按往年数值的线性或复合增长趋势外推到截止日期,推算值达到目标。",
         "A level is projected to the due date along the linear or compound trend of earlier values, and the "
         "projection meets the target."))
TREND_BEHIND = code(
    "P104", "trend-behind", _TREND_ZH, _TREND_EN,
    why=("按往年趋势外推,到截止日期达不到目标(或已过的阶段目标未达到)。",
         "On the trend of earlier values the target is not reached by the due date (or a past milestone is missed)."))
_MILESTONE_ZH = "{lead_zh}:截至{as_of},{name_zh}为{actual_zh},阶段目标({milestone}){milestone_target_zh}{met_zh};最终目标{target_zh}(截止{due})"
_MILESTONE_EN = ("{lead_en}: {name_en} is {actual_en} as of {as_of}; the milestone of {milestone} ({milestone_target_en}) "
                 "is {met_en}; final target {target_en} by {due}")
MILESTONE_ON_TRACK = code(
    "P105", "milestone-on-track", _MILESTONE_ZH, _MILESTONE_EN,
    why=("没有往年数值可推算趋势,但最近一个已到期的阶段目标已达到。",
         "No earlier values give a trend, but the last milestone already due is met."))
MILESTONE_BEHIND = code(
    "P106", "milestone-behind", _MILESTONE_ZH, _MILESTONE_EN,
    why=("最近一个已到期的阶段目标未达到。", "The last milestone already due is missed."))
_MAINTAIN_ZH = "{lead_zh}:截至{as_of},{name_zh}期内最不利值为{worst_zh},{kept_zh}{target_zh}(须保持至{due})"
_MAINTAIN_EN = "{lead_en}: the worst value of {name_en} so far ({as_of}) is {worst_en}, {kept_en} the target {target_en} (to hold until {due})"
MAINTAIN_ON_TRACK = code(
    "P107", "maintain-on-track", _MAINTAIN_ZH, _MAINTAIN_EN,
    why=("保持类目标要求期内每个数值都达标;迄今最不利的数值仍达标。",
         "A maintain target holds for every value in the period; the worst so far still meets it."))
MAINTAIN_BEHIND = code(
    "P108", "maintain-behind", _MAINTAIN_ZH, _MAINTAIN_EN,
    why=("期内已有数值未达标。", "A value in the period so far falls outside the target."))

LEAD = {"on_track": Phrase("进度正常", "On track"), "behind": Phrase("进度滞后", "Behind")}
HOW_MILESTONES = Phrase("按阶段目标", "along the milestones")
HOW_DAYS = Phrase("按时间进度({elapsed}/{total}天)", "pro rata, {elapsed}/{total} days")
SHORT_BY = Phrase(",差{amount_zh}", ", short by {amount_en}")
AHEAD_BY = Phrase(",超前{amount_zh}", ", ahead by {amount_en}")
PACE_LEFT = Phrase(";剩余{months}个月每月需完成{amount_zh}", "; {amount_en} a month needed over the remaining {months} months")
PACE_RISE = Phrase(";剩余{months}个月每月需提高{amount_zh}", "; a rise of {amount_en} a month is needed over the remaining {months} months")
PACE_FALL = Phrase(";剩余{months}个月每月需降低{amount_zh}", "; a fall of {amount_en} a month is needed over the remaining {months} months")
CROSSES = Phrase(",按此趋势{date}达到目标", "; at this pace the target is reached on {date}")
NEVER = Phrase(",按此趋势无法达到目标", "; at this pace it is never reached")
MISSED = Phrase(";阶段目标({date}){target_zh}未达到", "; the milestone of {date} ({target_en}) is missed")
LINEAR = Phrase("线性", "linear")
COMPOUND = Phrase("复合增长", "compound")
MEETS = {True: Phrase("可达到", "meeting"), False: Phrase("达不到", "short of")}
MILESTONE_MET = {True: Phrase("已达到", "met"), False: Phrase("未达到", "missed")}
KEPT = {True: Phrase("保持", "within"), False: Phrase("未能保持", "outside")}

BASIS_MILESTONES = Phrase("按阶段目标:{start}起经各节点至{due},节点之间按天数线性插值",
                          "along the milestones from {start} to {due}, linear by days between them")
BASIS_DAYS = Phrase("按时间进度:{start}至{as_of}共{elapsed}天,占全期{total}天的{elapsed}/{total}",
                    "pro rata by days: {elapsed} of the {total} days from {start} to {due}")
BASIS_TREND = Phrase("按{since}至{as_of}的{method_zh}趋势外推(早期数值{count}个,来自{where_zh})",
                     "{method_en} trend from {since} to {as_of}, extrapolated ({count} earlier values from {where_en})")
FROM_HISTORY = Phrase("报表 history", "the report's history")
FROM_STORE = Phrase("历史记录库", "the history store")

COMPLETION_METHOD = Phrase("mean:各项完成率的算术平均;total:实际合计 ÷ 目标合计({count}项);超额完成的项目按100%计入",
                           "mean: the mean of the item rates; total: total actual over total target ({count} items); "
                           "an item beyond its target counts as 100%")
COMPLETION_NO_TOTAL = Phrase(";合计比不适用:{why_zh}", "; total over total not computed: {why_en}")
UNITS_DIFFER = Phrase("单位不同", "units differ")
CAPS_OR_RANGES = Phrase("含逆向或区间指标", "some targets are caps or ranges")
TARGETS_ZERO = Phrase("目标合计为零", "the targets add up to zero")
