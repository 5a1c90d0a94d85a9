"""The words of plan grammar: comparators, verbs, kinds, strength / 规划用语词表.

Comparator words follow Civil Code art. 1259: 以上、以下、以内 include the number itself; 超过、不满 do not.
"""

from __future__ import annotations

import re

# Comparator words at the end of the text before a number. Longest first when matching.
STRICT_BEFORE: dict[str, str] = {
    "不少于": ">=", "不低于": ">=", "不小于": ">=", "至少": ">=", "≥": ">=", ">=": ">=",
    "不超过": "<=", "不高于": "<=", "不大于": "<=", "≤": "<=", "<=": "<=",
    "超过": ">", "高于": ">", "大于": ">", ">": ">",
    "低于": "<", "不满": "<", "不足": "<", "小于": "<", "<": "<",
}
LEVEL_BEFORE = ("达到", "达", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增长至", "增至",
                "扩至", "扩大到", "扩大至", "扩大为", "上升到", "上升至", "提至", "保持在", "稳定在", "维持在",
                "为", "是", "在")
DOWN_BEFORE = ("降至", "降到", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至", "压降至", "压减至",
               "压缩到", "压缩至", "控制在", "控制到")
GROWTH_UP = ("增幅达到", "增幅达", "增幅为", "增速达到", "增长率达到", "增加", "增长", "提高", "提升", "上升")
GROWTH_DOWN = ("下降", "降低", "减少", "压降", "压减")
SUFFIX_CMP = {"及以上": ">=", "以上": ">=", "以下": "<=", "以内": "<=", "及以下": "<="}
CMP_WORDS = sorted([*STRICT_BEFORE, *LEVEL_BEFORE, *DOWN_BEFORE, *GROWTH_UP, *GROWTH_DOWN], key=len, reverse=True)

VERBS = ("新增", "新建", "建成", "建设", "打造", "创建", "培育", "培养", "培训", "完成", "推进", "推动", "实现", "配置",
         "配备", "设立", "举办", "开展", "落地", "确定", "实施", "成立", "形成", "建立", "组建", "招募", "认定", "评定",
         "选树", "改造", "扶持", "孵化", "争创", "提供", "等", "内设", "新培育", "新培养", "发展", "引进", "落实",
         "设置", "建", "办", "开设", "增设", "组织", "评选", "命名", "安装", "建有", "设有", "配有", "改造升级", "升级",
         "改建", "扩建", "推出", "拟建", "改造提升", "筹集")
ASPIRATIONAL = re.compile(r"力争|争取|努力|拟|预计|计划(?![》”」,。;、:)\s]|$)")
INCREMENT = re.compile(r"新增|新建|新培育|新培养|新招募?|新设立?|新创建|新认定|新发展|新开")
MAINTAIN = re.compile(r"保持|维持|稳定在")
EACH = re.compile(r"每个(?:县|乡|镇|街|村|社区|区|市|县域|城市社区|农村社区|养老机构|机构|单位)|每一个")
AVERAGE = re.compile(r"平均")
COVERAGE = re.compile(r"全覆盖|全域覆盖|全面覆盖|全部覆盖")
# 全覆盖 followed by a noun is part of a name (推进社区养老服务全覆盖工作视频会议), not a target
COVERAGE_IN_NAME = re.compile(r"(?:工作|会议|视频会|推进会|现场会|行动|工程|专项|试点|活动|要求|任务)")

# Yes/no tasks (docs/design/targets-inventory.md): a completion verb with a named object, or a milestone verb
# with a date (2026年6月底前正式运营); 早启动 or an undated 出台实施意见 is not checkable.
TASK_DONE = re.compile(r"完成|建成|成立")
TASK_MILESTONE = re.compile(r"出台|印发|启动|正式投入运营|投入运营|正式运营|正式运行|投入使用|投用|建成运营|开业|"
                            r"挂牌运行|挂牌运营|挂牌成立|挂牌|上线运行|正式上线|上线")
# …项目将完工: 完工 and 竣工 end a clause as a completion (竣工验收 is a noun)
TASK_FINISHED = re.compile(r"(?:完工|竣工)(?=\s*$)")
TASK = re.compile(TASK_DONE.pattern + "|" + TASK_MILESTONE.pattern + "|" + TASK_FINISHED.pattern)
# what a task's object must not be: the plan's own tasks and procedure, or no thing at all
TASK_GENERIC = re.compile(r"(?:任务|目标|要求|工作|事宜)$|^(?:专班|工作专班|领导小组|工作组|台账|问题台账)|^(?:全部|全面|基本|均)$")
# a clause that asks, studies or deliberates commits to no delivery (请各区…完成, 研究关于…成立…事宜)
NOT_A_COMMITMENT = re.compile(r"\s*(?:请|研究|讨论|审议|听取|为(?!民))")
NEXT_VERB = r"(?:完善|健全|推进|推动|加强|开展|深化|落实|建立|制定|探索|做好|优化|提升|加快|实施|启动|出台|印发|指导|组织)"

_LEAD = re.compile(
    r"^(?:[,、;:。\s]|[一二三四五六七八九十]{1,3}是(?!否)|\d{1,2}[.、](?=(?:19|20)\d{2}\s*年|[^\d\s])|其中|并且|并|以及|同时|另外|此外|全年|今年|年内|本年|明年|力争|争取|努力|计划|拟|预计|"
    r"继续|进一步|加快|持续|积极|全面|大力|着力|重点|确保|推动|推进|实现|完成|新增|新建|新培育|新培养|建成|建设|打造|"
    r"创建|培育|培养|培训|配置|配备|设立|举办|开展|落地|确定|实施|成立|形成|建立|组建|增设|开设|设置|使|让|将|把|由|"
    r"全市|全区|全县|全省|全州|全域|我市|我区|我县|我省|本市|本区|本县|一家|一个|一批|一所|内设|加强|完善|健全|"
    r"常态化|动态|保持|维持|基本|力求|要|达到|共|总计|合计|发放|的|改造升级|改造提升|升级|改建|扩建|推出|拟建|累计|到年底|年底前|年底|"
    r"(?:到|至|于)?\s*\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?(?:前|以前|之前)?|[\u4e00-\u9fff]{0,4}目标(?:为|是)|"
    r"\d{1,2}\s*月(?:份)?(?:底|末)?(?:前|以前|之前)?|"
    r"到|至|于)")
_TRAIL = re.compile(
    r"(?:[,、;:。\s]|的目标|目标|任务|建设工作|创建工作|的建设|建设|工作|培养|实现|数量|保持|维持|稳定|动态|常态化|"
    r"以上|以下|以内|及以上|的|在|为|是|共|总计|合计|比例为|同比|(?:比|较)(?:上一?年|去年|\d{4}\s*年)(?:度)?|"
    + "|".join(re.escape(w) for w in CMP_WORDS if len(w) > 1) + r")$")


def clean(phrase: str) -> str:
    """An indicator's words without the verbs, dates and comparators around them."""
    prev = None
    p = phrase.strip()
    while p != prev:
        prev = p
        for pattern in (_LEAD, _TRAIL):
            q = pattern.sub("", p, count=1).strip()
            if len(q) >= 2 or not q.strip("、,;:。 ") or (len(q) == len(p) - 1 and p[0] in "、,;:。 "):
                p = q  # never strip a word down to one character: 培训班 stays 培训班
    return p


def tail_word(pre: str) -> str | None:
    """The comparator word that ends ``pre``, the longest first."""
    p = pre.rstrip()
    for w in CMP_WORDS:
        if p.endswith(w):
            return w
    return None


def ends_with_verb(text: str) -> bool:
    t = text.rstrip()
    return any(t.endswith(v) for v in VERBS)
