"""The targets written with numbers in a clause / 以数字写明的目标.

For each quantity of a clause: the comparator (the word before it, or 以上/以下 after it), the kind
(:func:`~mzcheck.extract.clause.classify_kind`), the unit (每万名老年人…28人 → 人/万名老年人), the
indicator's words (before the number, after it, or both) and the verbatim quote (the clause, or its list
item). Lists (A、B分别达到X、Y; 三星、四星、五星级…各1家), the subject carried from the clause before and 全覆盖
are read here too.
"""

from __future__ import annotations

import re

from mzcheck.core.codes import extract as X
from mzcheck.core.errors import InputError
from mzcheck.core.messages import Message
from mzcheck.core.units import parse_unit
from mzcheck.extract.clause import Clause, Found, classify_kind, is_growth
from mzcheck.extract.dates import LAST_YEAR
from mzcheck.extract.quantities import Qty
from mzcheck.extract.readings import plus_lists, task, top_n
from mzcheck.extract.text import CJK, item_text, key
from mzcheck.extract.words import (
    AVERAGE,
    CMP_WORDS,
    COVERAGE,
    COVERAGE_IN_NAME,
    DOWN_BEFORE,
    GROWTH_DOWN,
    GROWTH_UP,
    STRICT_BEFORE,
    SUFFIX_CMP,
    clean,
    ends_with_verb,
    tail_word,
)

_PER_PERIOD = re.compile(r"(?:每人|人均)?每(?P<per>月|年)\s*$")
# 全区1.2万余名残疾人的…: the population a task serves, not a target.
_WHOLE_AREA = re.compile(r"(?:全区|全市|全县|全省|全镇|全乡|辖区|我区|我市|我县)\s*$")
_SERVED_NOUN = re.compile(r"[" + CJK + r"]{1,10}?的")
_EACH_VERB = re.compile(r"各(?:新增|新建|建成|建设|创建|打造|培育|选树|评定|认定|达到|不少于|至少)?$")
_MONEY_CONTEXT = re.compile(r"投资|投入|预算|概算|造价|拨付")
_APPROX_BEFORE = re.compile(r"(?:约|大约|近|将近|接近|可达|可达到|可以达到)\s*$")
_FROM = re.compile(r"(?:从|由)\s*(?:每人|人均)?(?:每月|每年|月人均|年人均)?\s*$")
_NOUN_AFTER = re.compile(r"(?:的)?[" + CJK + r"(]")
_PER = re.compile(r"每\s*(?P<mult>万|千|百|十)?\s*(?P<ming>名|个|位)?(?P<noun>[" + CJK + r"()]{1,10}?)"
                  r"(?=拥有|配备|配置|享有|有|平均|的|中|应|至少|不少于|达到|$)")
_CONJUNCTION = re.compile(r"^\s*(?:但|并|且|同时|而)")
_LOCAL = re.compile(r"^(?:我市|我区|我县|全市|全省)")
_LIST_SPLIT = re.compile(r"、|和|及|与")
# 全年将办好12件民生实事, 助老、助残等5项行动, 4个方面22个项目: counts of the plan's own parts
_STRUCTURE_NOUN = re.compile(r"\s*(?:方面|领域|板块|大类|类别|专项行动|行动|举措|措施|重点任务|任务|民生实事|实事)")
_DELIVER_ITEMS = re.compile(r"办好\s*$")
# 应出席代表186名, 实到代表179名: who attends a meeting
_ATTENDANCE = re.compile(r"(?:出席|实到|应到|参会|与会|列席)(?:代表|人员|委员|嘉宾|同志)?\s*$")
_COVERS = re.compile(r"覆盖(?:全区|全市|全县|全省|全镇|全乡|辖区)?\s*$")
_RATE_TAIL = re.compile(r"[\u4e00-\u9fff]{0,2}(?:率|占比|比例|比重)$")
# 221个养老设施和新增400个…, 6个示范点和“德诚孝廉”村: 和 and 以及 join list items (not 和美, 和谐)
_JOIN = re.compile(r"(?<=[^\s、,])(?:以及|和(?![美谐睦]))")
_ITEM_SEP = re.compile(r"(?:、|以及|和(?![美谐睦]))")


def written_targets(clause: Clause, found: Found, tasks: bool) -> None:
    """The targets written with numbers (and 全覆盖) in one clause; a yes/no task when it has neither."""
    ctext = clause.text
    qtys = clause.quantities
    prev_end = 0
    prev_cmp: str | None = None
    at = ctext.find("分别")
    items_for_separately = each_items(clean(ctext[:at])) if at >= 0 else []
    separately = at >= 0 and len([q for q in qtys if q.start > at]) == len(items_for_separately)
    sep_index = 0
    last_name = ""
    last_period = ""
    quote_from = 0  # where the next quote may start: after the last target, not after a condition
    plus_lists(clause, found)
    tops = top_n(clause, found)
    raised_subject = ""  # 农村低保标准由每年7200元提高到…: the subject before 由, for the new value
    structure = False  # the quantity before was a count of the plan's parts (4个方面22个项目)
    for idx, q in enumerate(qtys):
        pre = ctext[prev_end:q.start]
        later = qtys[idx + 1:]
        if _covering(clause, found, q, pre):
            prev_end = quote_from = q.suffix_end
            continue
        reason = quantity_skip(ctext, q, pre, later[0].start if later else None, structure)
        structure = reason is not None and reason.code == X.STRUCTURE.code
        if reason is not None:
            found.skip(clause.start + q.start, clause.start + q.end, reason)
            if reason.code == X.RAISED_FROM.code:
                raised_subject = pre[:_FROM.search(pre).start()]  # type: ignore[union-attr]
            prev_end = q.suffix_end
            continue
        money = q.unit.endswith("元") and "/" not in q.unit
        period = _PER_PERIOD.search(pre) if money else None
        per: str | None = None
        if period:  # 提高到每人每月1000元: 1000 元/月
            pre = pre[:period.start()]
            per = last_period = period.group("per")
        elif not pre.strip(" 、和") and money and last_period:
            per = last_period  # 每人每月850元、680元: the list shares the period
        word = tail_word(pre)
        comparator, wording = comparator_of(pre, q, word, prev_cmp)
        prev_cmp = comparator if word is not None or prev_cmp else None
        pre_core = pre.rstrip()[: len(pre.rstrip()) - len(word)] if word else pre
        if raised_subject and not clean(pre_core):
            pre_core, raised_subject = raised_subject, ""
        text_before = ctext[:q.start]
        unit = q.unit
        note: Message | None = None
        if per:
            unit = f"{unit}/{per}"
        elif not is_growth(word, q.unit) and unit not in ("%", "‰", "倍", "百分点"):
            unit = per_unit(text_before, unit)
            if "/" in unit and AVERAGE.search(text_before):
                note = X.NOTE_AVERAGE(noun=unit.split("/", 1)[1], unit=unit)
        start_abs, end_abs = quote_span(clause, q, quote_from)
        values = (q.num, q.high) if q.high else (q.num,)
        if q.high:
            comparator = "between"
        kind = classify_kind(text_before, word=word, unit=q.unit, ranged=bool(q.high), each=clause.each)
        ref_phrase: str | None = None
        ref_offset = 0
        if unit in ("倍", "%") and kind == "level" and word is None:
            rel = relative(clause, pre)
            if rel is not None:
                pre_core, ref_phrase, ref_offset, comparator, wording = rel
                kind = classify_kind(text_before, word=word, unit=q.unit, relative=True)
                if pre_core is clause.subject and clause.prev is not None and quote_from == 0:
                    start_abs = clause.span(clause.prev[0], end_abs)[0]  # the subject is in the clause before
        names: list[str]
        if separately and q.start > at:
            names = [items_for_separately[sep_index]]
            sep_index += 1
            start_abs, end_abs = clause.span(clause.begin, clause.end)  # 分别: the whole clause
        elif _EACH_VERB.search(pre_core.rstrip()):
            names = each_items(_EACH_VERB.sub("", pre_core.rstrip()))
            wording = (wording + "、各") if wording else "各"
        else:
            name = phrase(pre_core, ctext[q.suffix_end:(later[0].start if later else len(ctext))])
            if last_name and 0 < len(name) <= 4 < len(last_name) and last_name[len(name) - 1] == name[-1]:
                name += last_name[len(name):]  # 4A级…中心5个以上、5A级1个以上: 5A级 takes the head noun
            names = shared_predicate(name)
            last_name = name
        if names == [""] and quote_from == 0 and len(clause.subject) >= 2 and clause.prev is not None:
            # 护理型床位占比提高到62%,比上年提高5个百分点: the subject is the clause before's
            names = [clause.subject]
            start_abs = clause.span(clause.prev[0], end_abs)[0]
        quote_from = q.suffix_end
        for name in names:
            if not name:
                found.skip(start_abs, end_abs, X.NO_SUBJECT())
                continue
            found.candidates.append(clause.candidate(
                name, comparator, values, unit, kind, (start_abs, end_abs), wording,
                baseline=clause.baseline if kind == "growth" else None,
                reference_phrase=ref_phrase, reference_offset=ref_offset, note=note))
        prev_end = q.suffix_end
    coverage_targets(clause, found)
    if tasks and not qtys and not tops and not COVERAGE.search(ctext):
        task(clause, found)


def coverage_targets(clause: Clause, found: Found) -> None:
    """全覆盖, 全域覆盖: ≥ 100% of the words before it, read as a coverage."""
    ctext = clause.text
    qtys = clause.quantities
    for m in COVERAGE.finditer(ctext):
        if any(q.start <= m.start() < q.suffix_end for q in qtys):
            continue
        seg_from = max([q.suffix_end for q in qtys if q.suffix_end <= m.start()], default=0)
        name = clean(ctext[seg_from:m.start()])
        if not name:
            continue
        if COVERAGE_IN_NAME.match(ctext, m.end()):
            found.skip(clause.start + seg_from, clause.end, X.NAME_WORD(word=m.group(0)))
            continue
        begin = clause.lead_in[0] if (seg_from == 0 and clause.lead_in is not None) else clause.start + seg_from
        found.candidates.append(clause.candidate(
            name, ">=", ("100",), "%", "each" if clause.each else "level", clause.span(begin, clause.end),
            m.group(0), reading="coverage"))


def quantity_skip(ctext: str, q: Qty, pre: str, next_start: int | None = None, after_structure: bool = False,
                   ) -> Message | None:
    """Why a quantity is not a target (an estimate, money, a condition, a count of the plan's parts …), or
    None. ``next_start``: where the clause's next quantity begins; ``after_structure``: the quantity before
    it counted the plan's parts (4个方面22个项目)."""
    after = ctext[q.suffix_end:]
    if _APPROX_BEFORE.search(pre) or after.startswith(("左右", "上下")):
        return X.ESTIMATE()
    if q.unit.endswith("元") and _MONEY_CONTEXT.search(ctext[:q.start]):
        return X.MONEY()
    if _WHOLE_AREA.search(pre) and _SERVED_NOUN.match(ctext, q.suffix_end):
        return X.SERVED()
    if _FROM.search(pre):
        return X.RAISED_FROM()
    chained = after_structure and (not pre.strip() or _STRUCTURE_NOUN.fullmatch(pre))  # 4个方面22个项目
    if _STRUCTURE_NOUN.match(after) or chained or _DELIVER_ITEMS.search(pre):
        return X.STRUCTURE()
    if _ATTENDANCE.search(pre) or (q.unit == "次" and ctext[q.start - 1:q.start] == "(" and after.startswith(")")):
        return X.ATTENDANCE()
    if q.bound and _NOUN_AFTER.match(after):
        pre_core = pre.rstrip()
        if q.unit in ("%", "‰") and not clean(pre_core):
            return None  # 80%以上的村(社区)建立儿童之家: a share opening the clause is the target
        if next_start is not None and "、" in ctext[q.suffix_end:next_start] and not after.startswith("的"):
            return None  # 推出4处以上嵌入式养老服务点、15个社区老年学习点: a list of counts
        if next_start is not None or not ends_with_verb(pre_core):
            return X.CONDITION()
    return None


def _covering(clause: Clause, found: Found, q: Qty, pre: str) -> bool:
    """助餐服务站点覆盖全县75%以上的村(社区): the share of 村(社区) the stations cover, the object after the verb."""
    cover = _COVERS.search(pre) if q.unit in ("%", "‰") else None
    if cover is None:
        return False
    ctext = clause.text
    subject = clean(pre[:cover.start()])
    obj = clean(re.sub(r"^的", "", _until_join(item_text(ctext[q.suffix_end:], "、,;"))))
    if len(subject) < 2 or len(obj) < 1:
        return False
    comparator = SUFFIX_CMP[q.bound] if q.bound else ">="
    found.candidates.append(clause.candidate(
        f"{obj}{subject}覆盖率", comparator, (q.num,), q.unit, "each" if clause.each else "level",
        quote_span(clause, q, 0), f"覆盖…{q.bound}" if q.bound else "覆盖"))
    return True


def shared_predicate(name: str) -> list[str]:
    """新建住宅小区养老服务设施、社区综合服务设施配建率: two rates sharing one predicate (…配建率达到100%)."""
    items = name.split("、")
    rate = _RATE_TAIL.search(items[-1])
    if len(items) < 2 or rate is None or any(len(x) < 2 or _RATE_TAIL.search(x) for x in items[:-1]):
        return [name]
    return [x + rate.group(0) for x in items[:-1]] + [items[-1]]


def comparator_of(pre: str, q: Qty, word: str | None, prev_cmp: str | None) -> tuple[str, str | None]:
    """(comparator, wording) from the words around the number."""
    wording = word
    cmp: str | None = None
    if word in STRICT_BEFORE:
        cmp = STRICT_BEFORE[word]
    elif word in DOWN_BEFORE or (word in GROWTH_DOWN and q.unit in ("%", "百分点")):
        cmp = "<="
    elif word in GROWTH_UP and q.unit in ("%", "百分点"):
        cmp = ">="
    if cmp is None and q.bound:
        cmp = SUFFIX_CMP[q.bound]
        wording = (wording + "…" + q.bound) if wording else q.bound
    elif q.bound and wording:
        wording = wording + "…" + q.bound
    if cmp is None and q.approx:
        cmp, wording = ">=", (wording or "") + "余"
    if cmp is None:
        if word is None and prev_cmp and not pre.strip(" 、,和及"):
            cmp = prev_cmp  # 分别达到80%、90%
        else:
            cmp = ">="
    return cmp, wording


def relative(clause: Clause, pre: str) -> tuple[str, str, int, str, str] | None:
    """低保边缘标准达低保标准2倍: (subject, reference, offset, comparator, wording)."""
    p = pre.rstrip()
    best: tuple[int, int, str] | None = None  # (end, length, word): the last word, the longest at that end
    for w in CMP_WORDS:
        i = p.rfind(w)
        if (i > 0 or (i == 0 and len(clause.subject) >= 2)) and (best is None or (i + len(w), len(w)) > best[:2]):
            best = (i + len(w), len(w), w)
    if best is None:
        return None
    w = best[2]
    i = best[0] - len(w)
    subject, ref = p[:i], p[i + len(w):]
    ref_clean = _LOCAL.sub("", ref).removesuffix("的")
    offset = -1 if LAST_YEAR.search(ref_clean) else 0
    ref_clean = LAST_YEAR.sub("", ref_clean)
    if not clean(_CONJUNCTION.sub("", subject)) and len(clause.subject) >= 2:
        subject = clause.subject  # 提高特困供养标准…,达到…的50%: the subject of the clause before
    if len(key(ref_clean)) < 2 or not clean(subject):
        return None
    cmp = STRICT_BEFORE.get(w, "<=" if w in DOWN_BEFORE else ">=")
    return subject, ref_clean, offset, cmp, w


def each_items(subject: str) -> list[str]:
    """三星、四星、五星级养老机构 → 三星级养老机构, 四星级养老机构, 五星级养老机构."""
    items = [x for x in _LIST_SPLIT.split(clean(subject)) if x]
    if len(items) == 1 and items[0].startswith("城乡") and len(items[0]) > 3:
        return ["城市" + items[0][2:], "农村" + items[0][2:]]  # 城乡低保标准分别…850元、680元
    if len(items) < 2:
        return [clean(subject)]
    last = items[-1]
    out = [x + last[len(x):] if len(x) < len(last) else x for x in items[:-1]]
    out.append(last)
    return out


def phrase(pre: str, post: str) -> str:
    """The indicator's words: before the number (床位800张), after it (建设3个工作室), or both."""
    post = _until_join(item_text(post, "、,;"))
    post_clean = clean(re.sub(r"^的", "", post))
    seps = list(_ITEM_SEP.finditer(pre))
    if seps and not clean(pre[seps[-1].end():]):
        return post_clean  # the number opens a new list item: 、4个村社婚俗改革示范点, 和50栋村级…
    pre_clean = clean(pre)
    if ends_with_verb(pre) or not pre_clean or pre.rstrip().endswith("的"):
        return post_clean or pre_clean
    if not post_clean:
        return pre_clean
    return pre_clean + post_clean


def _until_join(text: str) -> str:
    """``text`` up to a 和/以及 that begins the next list item."""
    m = _JOIN.search(text)
    return text[:m.start()] if m else text


def quote_span(clause: Clause, q: Qty, prev_end: int) -> tuple[int, int]:
    """The verbatim quote: the clause, or its list item when the clause lists several quantities."""
    ctext = clause.text
    qtys = clause.quantities
    later = [x for x in qtys if x.start > q.start]
    end = clause.start + _item_end(ctext, q, later)
    start = prev_end
    seps = [m for m in _ITEM_SEP.finditer(ctext, prev_end, q.start) if not clean(ctext[m.end():q.start])]
    if len(qtys) > 1 and seps:
        start = seps[-1].end()  # 、4个村社婚俗改革示范点, 和新增400个…
    elif prev_end == 0 and clause.lead_in is not None:
        return clause.span(clause.lead_in[0], end)
    if prev_end == 0:
        start = 0
    return clause.span(clause.start + start, end)


def _item_end(ctext: str, q: Qty, later: list[Qty]) -> int:
    limit = later[0].start if later else len(ctext)
    return q.suffix_end + len(_until_join(item_text(ctext[q.suffix_end:limit], "、")))


def per_unit(text_before: str, unit: str) -> str:
    """``人`` after 每万名老年人… becomes ``人/万名老年人``; 每个社区平均 … ``家/社区``; else ``unit``."""
    found = list(_PER.finditer(text_before))
    if not found:
        return unit
    m = found[-1]
    mult, ming, noun = m.group("mult") or "", m.group("ming") or "", m.group("noun")
    if not mult and ming == "个":
        if not AVERAGE.search(text_before):  # 每个社区平均…, 平均每个社区…: an average
            return unit
        for cand in (noun, noun[-2:], noun[-1:], noun[:2]):
            if _same_dims(f"{unit}/{cand}", f"{unit}/个"):
                return f"{unit}/{cand}"
        return f"{unit}/个"
    if not mult:
        return unit
    candidates = [f"{mult}{ming}{noun}", f"{mult}{noun}"]
    for suffix in ("老年人口", "老年人", "老人", "人口", "居民", "儿童", "户", "人"):
        if noun.endswith(suffix):
            candidates += [f"{mult}名{suffix}", f"{mult}{suffix}"]
    candidates.append(f"{mult}人")
    for den in candidates:
        if _parses(f"{unit}/{den}"):
            return f"{unit}/{den}"
    return unit


def _parses(text: str) -> bool:
    try:
        parse_unit(text)
    except InputError:
        return False
    return True


def _same_dims(a: str, b: str) -> bool:
    try:
        return parse_unit(a).dims == parse_unit(b).dims
    except InputError:
        return False
