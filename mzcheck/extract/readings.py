"""Targets whose value is a documented reading of words (READINGS) / 以词代数的目标.

所有社区配备… → 100%, 兰溪市、东阳市完成… → 2, a yes/no task → 1 项, 不超过最低工资标准 → 100% of it, and the
counts written in words inside a name (选树“十大婚俗品牌”, “1+3+10”省、市、县三级示范点).
"""

from __future__ import annotations

import re

from mzcheck.core.codes import extract as X
from mzcheck.extract.clause import Clause, Found
from mzcheck.extract.dates import LAST_YEAR, MONTH_WORDS, YEAR_WORDS
from mzcheck.extract.quantities import chinese_number, count_word
from mzcheck.extract.text import CJK, key
from mzcheck.extract.words import (
    COVERAGE,
    NEXT_VERB,
    NOT_A_COMMITMENT,
    STRICT_BEFORE,
    TASK,
    TASK_GENERIC,
    TASK_MILESTONE,
    clean,
)

_ITEM_MARK = r"^\s*(?:[一二三四五六七八九十]{1,3}是|首先|其次|同时)"
_DATE_WORDS = (r"(?:计划|力争|争取|确保|拟|预计)?\s*(?:于|到|至|在)?\s*(?:\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?)?"
               r"\s*(?:(?:1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末)?)?(?:前|以前|之前)?|今年|年内|明年|全年")
_WILL = re.compile(r"(?:将|要)$")
_ADVERBS = re.compile(r"(?:将|要|正式|全面|全部|基本|并|确保|如期|按期)+$")
_DATED = re.compile(r"(?:19|20)\d{2}\s*年|(?<!\d)(?:1[0-2]|0?[1-9])\s*月|今年|本年|年内|年底前|明年|上半年|下半年|季度")
# 所有/全部/每个 X (各 X 均) 配备/设立/建成 Y: every X has Y, read as the share of X with Y ≥ 100%.
_UNIVERSAL = re.compile(
    r"(?P<q>所有|全部|每一个|每个|各)(?P<x>[^,;。]{2,24}?)(?P<all>均|都|全部)?(?:要|应|须|必须|能|应当|至少|要求)*"
    r"(?P<verb>配备|配置|配齐|配有|设立|设置|设有|建成|建立|建有|开设)(?P<y>[^,;。]{2,40})$")
_ALONG = re.compile(r"^(?:并|并且|同时|且)\s*(?:为其|均|都)?(?P<verb>配备|配置|配齐|设有)(?P<y>[^,;。]{2,40})$")
_ONE = re.compile(r"^(?:至少|不少于|不低于)?\s*(?P<n>\d+|[一二两三四五六七八九十])\s*(?:个|名|支|家|所|处|台|套|位|人|间)"
                  r"(?:及以上|以上)?")
_ESTABLISH = re.compile(r"(?:设立|建成|建立|建设|成立|设置|新建|打造|组建)(?P<x>[^,;。]{2,30})$")
_NUMBERED = re.compile(r"\s*(?:至少|不少于)?\s*[\d一二两三四五六七八九十]")
# Administrative divisions, which may report for themselves (each_child). 社区 and 村 are self-governing
# organisations, not divisions: 每个社区配备1名网格员 is read as coverage.
_JURISDICTION_LEVEL = re.compile(r"(?:县|乡|镇|街道|街|(?<![社小园景])区|市|县域|乡镇|省|州)(?:\([^)]*\))?$")
# A、B、C完成…: places named one by one, counted (the catalogue counts them in 个).
_PLACE = r"[" + CJK + r"]{1,8}?(?:市|县|区|镇|乡|街道|旗)"
_ENUM = re.compile(r"^(?P<items>" + _PLACE + r"(?:、" + _PLACE + r")+)"
                   r"(?:等?\s*(?P<n>\d+|[二两三四五六七八九十])\s*(?:个)?(?:地|县\(市、区\)|县\(市\)|县|市|区|乡镇|镇|街道))?"
                   r"(?P<verb>完成|建成|成立)(?P<obj>[^,;。]{2,40})$")
_ENUM_LEAD = re.compile(r"^(?:\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,3}是)?\s*(?:力争|争取|确保|计划|要)?\s*"
                        r"(?:" + YEAR_WORDS + r")?\s*(?:" + MONTH_WORDS + r")?\s*")
# 选树“十大婚俗品牌”: a selection of the top N, a count written in words inside the name.
_TOP_N = re.compile(r"(?P<verb>选树|评选|评出|推出|命名|打造|培育|发布|遴选|推选)[^,;。“]{0,10}“(?P<n>[一二三四五六七八九十百]+|\d+)"
                    r"(?P<mark>大|佳|强|优)(?P<noun>[^”]{2,16})”")
# 不超过最低工资标准: a level relative to a named standard, read as 100% of it.
_STANDARD = re.compile(r"(?P<cmp>不超过|不高于|不低于|不少于)(?P<ref>[^,;。、]{1,16}?标准)(?:线|水平)?$")
_PLUS = re.compile(r"[“\"](?P<terms>\d+(?:\s*\+\s*\d+)+)[”\"]\s*(?P<levels>[^,;。“”]{2,20}?)"
                   r"(?P<n>[二两三四五六七八九])级(?P<noun>[^,;。、“”]{2,20})")
_PERSON_NOUN = re.compile(r"(?:员|者|人|师|主任|书记|家庭)$")
_LOCAL = re.compile(r"^(?:当地|本地|我市|我区|我县|全市|全省|全区|全县)|" + LAST_YEAR.pattern)
_CONJUNCTION = re.compile(r"^(?:但|并|且|同时|而)")


def readings(clause: Clause, found: Found) -> bool:
    """Targets whose value is a documented reading of words (READINGS); True when the clause is done."""
    return (_along(clause, found) or _universal(clause, found) or _enumeration(clause, found)
            or _standard(clause, found))


def _along(clause: Clause, found: Found) -> bool:
    """并配备至少1名青少年事务社工, after 设立未成年人保护工作站: every station has one."""
    along = _ALONG.match(clause.text)
    if not along or clause.prev is None:
        return False
    estab = _ESTABLISH.search(clause.prev_text)
    x = clean(estab.group("x")) if estab else ""
    one = _ONE.match(along.group("y"))
    if x and (one is None or chinese_number(one.group("n")) == 1 or one.group("n") == "1"):
        y = clean(along.group("y")[one.end():] if one else along.group("y"))
        if len(y) >= 2:
            verb = along.group("verb")
            found.candidates.append(clause.candidate(
                f"{x}{y}{'配备率' if verb.startswith('配') else '覆盖率'}", ">=", ("100",), "%", "level",
                clause.span(clause.prev[0], clause.end), f"并{verb}", scope="self", reading="universal",
                reading_note=f"每个{x}{verb}{y}"))
            return True
    elif x and one is not None:
        found.skip(clause.start, clause.end, X.PER_UNIT())
        return True
    return False


def _universal(clause: Clause, found: Found) -> bool:
    """所有/全部/每个 X (各 X 均) 配备/设立 Y: the share of X with Y, 100%."""
    ctext = clause.text
    uni = _UNIVERSAL.search(ctext)
    if not uni or (uni.group("q") == "各" and not uni.group("all")):
        return False
    x, y = uni.group("x").strip(), uni.group("y")
    one = _ONE.match(y)
    n = None if one is None else count_word(one.group("n"))
    in_y = [q for q in clause.quantities if q.start >= uni.start("y")]
    others = [q for q in clause.quantities if q.start < uni.start("y")] + in_y[1:]
    jurisdictions = bool(_JURISDICTION_LEVEL.search(x))
    written_one = bool(in_y) and n == 1
    numbered = one is not None or bool(in_y) or _NUMBERED.match(y)
    if others or (numbered and n != 1) or (jurisdictions and written_one) or COVERAGE.search(ctext):
        return False
    y_clean = clean(y[one.end():] if one else y)
    x_clean = clean(x)
    if len(y_clean) < 2 or len(x_clean) < 1:
        return False
    verb = uni.group("verb")
    found.candidates.append(clause.candidate(
        f"{x_clean}{y_clean}{'配备率' if verb.startswith('配') else '覆盖率'}", ">=", ("100",), "%", "level",
        clause.span(clause.begin, clause.end), f"{uni.group('q')}…{uni.group('all') or ''}{verb}", scope="self",
        reading="universal", reading_note=f"{uni.group('q')}{x_clean}{uni.group('all') or ''}{verb}{y_clean}"))
    return True


def _enumeration(clause: Clause, found: Found) -> bool:
    """兰溪市、东阳市、义乌市完成…: the places named, counted (等3个区: the count written)."""
    ctext = clause.text
    lead = _ENUM_LEAD.match(ctext)
    offset = lead.end() if lead else 0
    enum = _ENUM.match(ctext[offset:])
    if enum is None:
        return False
    counted = [q for q in clause.quantities if q.start < offset + enum.start("verb")]
    if not len(clause.quantities) == len(counted) <= 1:
        return False
    items = enum.group("items").split("、")
    obj = clean(enum.group("obj"))
    raw = enum.group("n")
    n = None if raw is None else count_word(raw)
    # 等3个区: the written count (等 may close a longer list); else the names, counted
    if len(obj) < 2 or len(set(items)) != len(items) or (n is not None and n < len(items)):
        return False
    found.candidates.append(clause.candidate(
        obj, ">=", (str(n if n is not None else len(items)),), "个", "level", clause.span(clause.begin, clause.end),
        enum.group("verb"), scope="self", reading=None if n is not None else "enumeration", named=tuple(items)))
    return True


def _standard(clause: Clause, found: Found) -> bool:
    """但不超过最低工资标准: relative to a named standard, 100% of it."""
    ctext = clause.text
    std = _STANDARD.search(ctext)
    if not std or clause.quantities:
        return False
    subject = clean(_CONJUNCTION.sub("", ctext[:std.start()]))
    if len(subject) < 2:
        subject = clause.subject
    ref = std.group("ref")
    offset = -1 if LAST_YEAR.search(ref) else 0
    ref = _LOCAL.sub("", ref)
    if len(subject) < 2 or len(key(ref)) < 2:
        return False
    begin = clause.prev[0] if clause.prev is not None and subject == clause.subject else clause.begin
    found.candidates.append(clause.candidate(
        subject, STRICT_BEFORE[std.group("cmp")], ("100",), "%", "relative", clause.span(begin, clause.end),
        std.group("cmp"), scope="self", reference_phrase=ref, reference_offset=offset, reading="standard",
        reading_note=f"{std.group('cmp')}{std.group('ref')}"))
    return True


def plus_lists(clause: Clause, found: Found) -> None:
    """“1+2+3”国家、省、市三级试点: 1 national, 2 provincial, 3 municipal (terms, levels and 三 agree)."""
    for m in _PLUS.finditer(clause.text):
        terms = [t.strip() for t in m.group("terms").split("+")]
        levels = [x.strip() for x in m.group("levels").split("、") if x.strip()]
        if not (len(terms) == len(levels) == chinese_number(m.group("n"))):
            continue
        span = clause.span(clause.begin, clause.end)
        for term, level in zip(terms, levels, strict=True):
            name = f"{level.removesuffix('级')}级{m.group('noun')}"
            found.candidates.append(clause.candidate(name, ">=", (term,), "个", "level", span,
                                                     f"“{m.group('terms')}”{m.group('n')}级", scope="self"))


def top_n(clause: Clause, found: Found) -> int:
    """选树“十大婚俗品牌”: the top N selected, a count written in words inside the name."""
    n = 0
    for top in _TOP_N.finditer(clause.text):
        raw = top.group("n")
        value = count_word(raw)
        if value is None or value < 2:
            continue
        noun = clean(top.group("noun"))
        name = f"{raw}{top.group('mark')}{noun}"  # 十佳养老护理员 is not every 养老护理员
        unit = "名" if _PERSON_NOUN.search(noun) else "个"  # 十佳养老护理员: persons
        if noun.endswith("家庭"):
            unit = "户"
        found.candidates.append(clause.candidate(name, ">=", (str(value),), unit, "level",
                                                 clause.span(clause.begin, clause.end),
                                                 f"“{raw}{top.group('mark')}”", scope="self"))
        n += 1
    return n


def task(clause: Clause, found: Found) -> None:
    """完成/建成/成立 something, or a dated 出台/启动/正式运营: a yes/no target drafted as 1 项 (是=1).

    A milestone is dated by its own clause, a clause before it that only sets the date, or a date opening
    the sentence (今年…,…将全面启动); the object is what follows the verb, else what precedes it.
    """
    ctext = clause.text
    m = TASK.search(ctext)
    if m is None or NOT_A_COMMITMENT.match(ctext):  # 为…完成…提供样板, 请各区完成…: a purpose, an instruction
        return
    own_date = bool(_DATED.search(ctext) or _DATED.search(clause.lead_text))
    milestone = bool(TASK_MILESTONE.fullmatch(m.group(0)))
    if milestone and not (own_date or clause.topic_dated):
        return  # 早启动, 出台实施方案: no date, nothing to check by when
    rest = ctext[m.end():]
    next_item = re.search(r"、(?=" + NEXT_VERB + ")", rest)  # 完成地名规划编制、完善…: a new task begins
    if next_item:
        rest = rest[:next_item.start()]
    obj = clean(re.sub(r"^[的了]", "", rest))
    if len(obj) < 2 or TASK.fullmatch(obj):
        if not (own_date or clause.topic_dated):
            return
        # 《杭州市慈善条例》于2025年上半年出台, 今年市儿童福利院易地新建项目将完工: the object comes first
        obj = clean(_WILL.sub("", re.sub(_DATE_WORDS, "", re.sub(_ITEM_MARK, "", ctext[:m.start()]))))
        if len(clean(_ADVERBS.sub("", obj))) < 2 or TASK.fullmatch(obj):
            if not (milestone and own_date and clause.subject):
                return  # 正式建成并投入使用, 到2022年全部完成: no thing named
            obj = m.group(0)  # …完成主体工程建设,2026年6月底前正式运营: the next step of the project before
    if TASK_GENERIC.search(obj):
        return  # 完成年度任务, 成立专班: the plan's own work, not a thing delivered
    span = clause.span(clause.begin, clause.start + m.end() + len(rest))
    found.candidates.append(clause.candidate(obj, ">=", ("1",), "项", "level", span, m.group(0), scope="self",
                                             reading="task"))
