"""Drafting rules from a plan text / 从规划文本起草目标规则 (``mzcheck extract``).

A civil-affairs plan states its targets in a small grammar: a subject (the indicator), a comparator word
(Civil Code art. 1259: 以上 and 以下 include the number, 超过 and 不满 do not), a number with a measure
word, a due date, and words that make the target a new amount (新增), a kept level (保持), a change
(增加10%, 提高3个百分点), a level for every child unit (每个县域) or an aspiration (力争). This module
reads that grammar, not any one document, and drafts rules in the ``targets/`` format for review.

What it never does: invent a number. Every value of a draft occurs in its quote, or is one of the
documented readings of words in ``READINGS`` (全覆盖 → 100%, a yes/no task → 1 项, the catalogue's own
conventions), named in the draft's ``note``; every quote is the verbatim text at ``[start, end)`` of the plan. What it skips: the summary part of a work report (past actuals),
clauses marked as past (截至, 已, 累计, 了), numbers that are names (“1+2+3”, 《…2021-2035年》),
ordinals, estimates (约), investment and budget figures, durations, and conditions that only scope a
target ("5000人以下的社区配备不少于9人": 5000 is the scope, 9 is the target).

Offsets are character offsets into the decoded text (for a .docx: into the text of its paragraphs and
table rows, one per line, cells joined by " | ").
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import importlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from mzcheck.core.errors import InputError
from mzcheck.core.files import checked_input
from mzcheck.core.units import Unit, parse_unit
from mzcheck.load.rules import load_catalog
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledIndicator

__all__ = [
    "READINGS",
    "Draft",
    "Extraction",
    "PlanText",
    "ProposedIndicator",
    "decode_plan",
    "drafts_json",
    "drafts_yaml",
    "extract_file",
    "extract_text",
    "load_catalogue",
    "numbers_in",
    "read_plan",
    "write_folder",
]

# The only values a draft may carry that are not written as numbers in its quote: readings of words that
# the catalogue encodes this way (docs/design/targets-inventory.md). Draft.reading names the one used.
READINGS = {
    "coverage": "全覆盖/全域覆盖/全面覆盖 → ≥ 100%",
    "universal": "所有/每个/全部 X (各 X 均) 配备/设立/建成 Y, 并配备至少1名 Y → share of X with Y ≥ 100%",
    "task": "完成/建成/成立 …, or a dated 出台/启动/正式运营 → ≥ 1 项 (1 = done)",
    "enumeration": "A市、B市、C市完成 … → ≥ 3 个, the number of places named",
    "standard": "不超过/不高于/不低于 a named standard → relative, 100% of it",
}

MAX_BYTES = 20 * 1024 * 1024  # plans are tens of kilobytes; 20 MB is surely the wrong file

# ----------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class PlanText:
    """A plan's text as decoded, with where it came from / 规划文本."""

    text: str
    path: str  # as the user gave it, for messages
    name: str  # file name, cited in document.file


def decode_plan(data: bytes, name: str = "<bytes>") -> str:
    """Decode plan bytes: UTF-8 (BOM accepted), UTF-16 with a BOM, else GBK/GB18030. InputError otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text / 二进制文件而非文本", file=name,
                         help="save the plan as .txt (UTF-8 or GBK) or .docx / 请另存为 .txt 或 .docx")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:first_bad].count(b"\n") + 1
        raise InputError(f"neither UTF-8 nor GBK/GB18030 text (byte {first_bad}) / 既不是 UTF-8 也不是 GBK 编码的文本",
                         file=name, line=line,
                         help="save the plan as UTF-8 text / 请将规划另存为 UTF-8 文本") from None


def read_plan(path: str | Path) -> PlanText:
    """Read a plan: .txt in UTF-8 or GBK/GB18030, or .docx (needs python-docx). Raises InputError."""
    p = checked_input(path, MAX_BYTES)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix == ".doc":
        raise InputError("old Word .doc files cannot be read / 无法读取旧版 Word .doc 文件", file=name,
                         help="save it as .docx or as UTF-8 text / 请另存为 .docx 或 UTF-8 文本")
    data = p.read_bytes()
    if suffix == ".docx" or data[:4] == b"PK\x03\x04":
        return PlanText(_read_docx(p), name, p.name)
    text = decode_plan(data, name)
    if not text.strip():
        raise InputError("the plan is empty / 规划文本为空", file=name)
    return PlanText(text, name, p.name)


def _read_docx(path: Path) -> str:
    try:
        docx: Any = importlib.import_module("docx")
    except ImportError:
        raise InputError("reading .docx needs python-docx, which is not installed / 读取 .docx 需要安装 python-docx",
                         file=str(path),
                         help="pip install python-docx, or save the plan as UTF-8 text / "
                              "请运行 pip install python-docx,或将文档另存为 UTF-8 文本") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged or non-Word zip
        raise InputError(f"not a readable .docx file ({type(exc).__name__}) / 无法读取的 .docx 文件",
                         file=str(path)) from None
    paragraph_cls = importlib.import_module("docx.text.paragraph").Paragraph
    table_cls = importlib.import_module("docx.table").Table
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = str(child.tag).rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(str(paragraph_cls(child, document).text))
        elif tag == "tbl":
            for row in table_cls(child, document).rows:
                lines.append(" | ".join(str(cell.text).strip().replace("\n", " ") for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("the .docx has no text / .docx 中没有文字", file=str(path))
    return text


# ----------------------------------------------------------------------------------------- the catalogue


def load_catalogue(path: str | Path | None = None) -> RuleSet:
    """The indicator catalogue and jurisdictions (no rules) of a targets folder, or of the bundled one.

    Drafting needs the catalogue only, so a rule file being edited elsewhere cannot stop it.
    """
    return load_catalog(path)


# ------------------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class ProposedIndicator:
    """A new indicator a draft needs, for indicators.yaml / 建议新增的指标."""

    id: str
    name_zh: str
    name_en: str
    unit: str


@dataclass(frozen=True)
class Draft:
    """One drafted rule with its verbatim quote at ``[start, end)`` of the plan / 规则草稿."""

    rule_id: str
    indicator: str
    indicator_name: str
    proposed: bool
    comparator: str
    value: Decimal | tuple[Decimal, Decimal]
    unit: str
    due: dt.date
    kind: str
    strength: str
    scope: str
    quote: str
    start: int
    end: int
    wording: str | None = None
    baseline: int | None = None
    reference: tuple[str, int] | None = None
    note: str | None = None
    reading: str | None = None  # how a value not written in the quote was read: see READINGS

    def rule_data(self, jurisdiction: str) -> dict[str, Any]:
        """The rule as a ``targets/`` record (what Rule.model_validate accepts)."""
        value: Any = list(self.value) if isinstance(self.value, tuple) else self.value
        data: dict[str, Any] = {
            "id": self.rule_id, "indicator": self.indicator, "jurisdiction": jurisdiction,
            "comparator": self.comparator, "target": {"value": value, "unit": self.unit}, "due": self.due,
            "kind": self.kind, "strength": self.strength, "scope": self.scope,
        }
        if self.baseline is not None:
            data["baseline"] = self.baseline
        if self.reference is not None:
            data["reference"] = {"indicator": self.reference[0], "offset": self.reference[1]}
        if self.wording:
            data["wording"] = self.wording
        if self.note:
            data["note"] = self.note
        data["source"] = {"quote": self.quote}
        return data


@dataclass
class Extraction:
    """What ``extract`` found in one plan / 一份规划的抽取结果."""

    file: str
    title: str
    publisher: str
    published: dt.date | None
    jurisdiction: str
    jurisdiction_known: bool
    year: int
    text: str
    drafts: list[Draft] = field(default_factory=list)
    proposed: list[ProposedIndicator] = field(default_factory=list)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, why), for review


# ------------------------------------------------------------------------------------------ normalising

# Full-width ASCII to half-width, one character for one, so offsets stay valid.
_HALF = {0xFF01 + i: 0x21 + i for i in range(94)}
_HALF.update({0x3000: 0x20, 0xA0: 0x20, 0x301C: 0x7E, 0xFE6A: 0x25, 0x2212: 0x2D, 0x2264: 0x2264})


def _normalise(text: str) -> str:
    out = text.translate(_HALF)
    assert len(out) == len(text)
    return out


_CJK = "\u4e00-\u9fff"

# --------------------------------------------------------------------------------------- document layout

_SUMMARY_WORDS = ("总结", "回顾", "成效", "完成情况", "主要成绩", "工作成绩", "进展情况", "取得的成绩", "基本情况",
                  "开展情况", "主要做法")
_PLAN_WORDS = ("思路", "计划", "安排", "要点", "目标", "打算", "重点任务", "主要任务", "下一步", "工作任务", "展望",
               "主要举措", "重点工作")
_ENUMERATOR = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(\s*[一二三四五六七八九十]+\s*\)|第[一二三四五六七八九十]+部分)")
_PLAN_YEAR = re.compile(r"(\d{4})\s*年(?:度)?[^,。;:\d]{0,12}?(?:思路|计划|安排|要点|打算|目标|任务)")


def _heading_mode(line: str) -> str | None:
    """'plan' or 'summary' when the line is a heading that says which part follows; else None."""
    s = line.strip()
    if not s or len(s) > 40:
        return None
    enumerated = bool(_ENUMERATOR.match(s))
    if not enumerated and re.search(r"[,。;:]", s):
        return None
    summary = any(w in s for w in _SUMMARY_WORDS)
    plan = any(w in s for w in _PLAN_WORDS)
    if summary and not plan:
        return "summary"
    if plan and not summary:
        return "plan"
    return None


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    mode: str  # plan | summary | open
    clauses: tuple[tuple[int, int], ...]


_OPEN = {"“": "”", "《": "》", "(": ")", "「": "」", "『": "』", "[": "]", "‘": "’"}
_CLOSE = {v: k for k, v in _OPEN.items()}


def _split(text: str, start: int, end: int, seps: str) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` split at ``seps`` outside quotes and brackets (not 1,000 separators)."""
    spans: list[tuple[int, int]] = []
    depth: list[str] = []
    ascii_quote = False
    begin = start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            close = text.find(_OPEN[ch], i + 1, min(end, i + 80))
            reopen = text.find(ch, i + 1, close) if close >= 0 and _OPEN[ch] != ch else -1
            if close >= 0 and reopen < 0:  # an unclosed “ must not swallow the rest of the line
                depth.append(ch)
        elif ch in _CLOSE and depth and depth[-1] == _CLOSE[ch]:
            depth.pop()
        elif ch == '"':
            ascii_quote = not ascii_quote
        elif ch == "。" and ch in seps:  # a sentence ends even inside a quote someone forgot to close
            depth.clear()
            ascii_quote = False
            spans.append((begin, i))
            begin = i + 1
        elif ch in seps and not depth and not ascii_quote:
            if ch == "," and i > 0 and text[i - 1].isdigit() and re.match(r"\d{3}(?!\d)", text[i + 1:i + 5]):
                continue
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _first_part(text: str, seps: str) -> str:
    """``text`` up to the first of ``seps`` outside quotes and brackets."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN and text.find(_OPEN[ch], i + 1) >= 0:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in seps and not depth:
            return text[:i]
    return text


def _item_text(text: str, seps: str) -> str:
    """``text`` up to the end of its list item: 1个具备全托、日托功能的中心 keeps its attributive list."""
    if re.match(r"[^,;、]+(?:、[^,;、]+)+的", text):
        return _first_part(text, seps.replace("、", "") or ",")
    return _first_part(text, seps)


def _sentences(norm: str) -> tuple[list[_Sentence], list[tuple[int, str]]]:
    """Sentences with their section mode, and the headings that set a mode (for the plan year)."""
    out: list[_Sentence] = []
    headings: list[tuple[int, str]] = []
    mode = "open"
    pos = 0
    for raw_line in norm.split("\n"):
        line_start, line_end = pos, pos + len(raw_line)
        pos = line_end + 1
        new_mode = _heading_mode(raw_line)
        if new_mode is not None:
            mode = new_mode
            headings.append((line_start, new_mode))
        for s, e in _split(norm, line_start, line_end, "。!?;"):
            clauses = tuple(_split(norm, s, e, ",:|\t"))
            if clauses:
                out.append(_Sentence(s, e, mode, clauses))
    return out, headings


# -------------------------------------------------------------------------------------------- quantities

_UNITS = ("个百分点", "百分点", "平方米", "张床位", "人次", "人口", "%", "‰", "倍", "人", "名", "位", "张", "床", "家",
          "个", "所", "座", "处", "户", "元", "项", "件", "次", "场", "条")
_QTY = re.compile(
    r"(?<![\d.A-Za-z+·#/\-—~])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<unit1>%|个|家|张|人|名|所|处|座|户|项|条|次|场)?\s*(?P<sep>-|~|—|–|至|到)\s*(?P<high>\d+(?:\.\d+)?))?"
    r"(?P<mult1>万|亿|千)?(?P<approx>余|多)?(?P<mult2>万|亿|千)?\s*"
    r"(?P<unit>" + "|".join(re.escape(u) for u in _UNITS) + r")"
    r"(?P<per>/(?:人·月|人/月|人·年|人|月|年|户|日|天|床))?"
)
_NOT_AFTER_GE = ("月", "工作日", "小时", "星期", "季度", "周", "分钟")
_BOUND_SUFFIX = re.compile(r"^\s*(及以上|以上|以下|以内|及以下)")
_QUOTE_SPANS = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"|「[^」]*」")

# Comparator words at the end of the text before a number. Longest first when matching.
_STRICT_BEFORE: dict[str, str] = {
    "不少于": ">=", "不低于": ">=", "不小于": ">=", "至少": ">=", "≥": ">=", ">=": ">=",
    "不超过": "<=", "不高于": "<=", "不大于": "<=", "≤": "<=", "<=": "<=",
    "超过": ">", "高于": ">", "大于": ">", ">": ">",
    "低于": "<", "不满": "<", "不足": "<", "小于": "<", "<": "<",
}
_LEVEL_BEFORE = ("达到", "达", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增长至", "增至",
                 "扩至", "扩大到", "扩大至", "扩大为", "上升到", "上升至", "提至", "保持在", "稳定在", "维持在",
                 "为", "是", "在")
_DOWN_BEFORE = ("降至", "降到", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至", "压降至", "压减至",
                "压缩到", "压缩至", "控制在", "控制到")
_GROWTH_UP = ("增幅达到", "增幅达", "增幅为", "增速达到", "增长率达到", "增加", "增长", "提高", "提升", "上升")
_GROWTH_DOWN = ("下降", "降低", "减少", "压降", "压减")
_SUFFIX_CMP = {"及以上": ">=", "以上": ">=", "以下": "<=", "以内": "<=", "及以下": "<="}
_CMP_WORDS = sorted([*_STRICT_BEFORE, *_LEVEL_BEFORE, *_DOWN_BEFORE, *_GROWTH_UP, *_GROWTH_DOWN], key=len, reverse=True)

_VERBS = ("新增", "新建", "建成", "建设", "打造", "创建", "培育", "培养", "培训", "完成", "推进", "推动", "实现", "配置",
          "配备", "设立", "举办", "开展", "落地", "确定", "实施", "成立", "形成", "建立", "组建", "招募", "认定", "评定",
          "选树", "改造", "扶持", "孵化", "争创", "提供", "等", "内设",
          "新培育", "新培养", "发展", "引进", "落实", "设置", "建", "办", "开设", "增设", "组织", "评选", "命名", "安装",
          "建有", "设有", "配有")
_PAST = re.compile(r"截至|截止|已经|已(?!于)|累计|以来|去年|上年底|(?<![为除])了(?!解)")
_FUTURE = re.compile(r"力争|争取|计划|拟|目标|将|确保|今年|全年|年内|明年|到\d{4}|\d{4}\s*年(?:底|末)?(?:前|以前)")
_ASPIRATIONAL = re.compile(r"力争|争取|努力|拟|预计|计划(?![》”」,。;、:)\s]|$)")
_INCREMENT = re.compile(r"新增|新建|新培育|新培养|新招募?|新设立?|新创建|新认定|新发展|新开")
_MAINTAIN = re.compile(r"保持|维持|稳定在")
_EACH = re.compile(r"每个(?:县|乡|镇|街|村|社区|区|市|县域|城市社区|农村社区|养老机构|机构|单位)|每一个")
_AVERAGE = re.compile(r"平均")
# Yes/no tasks (docs/design/targets-inventory.md): a completion verb with a named object, or a milestone verb
# with a date in its own clause (2026年6月底前正式运营); 早启动 or an undated 出台实施意见 is not checkable.
_TASK_DONE = re.compile(r"完成|建成|成立")
_TASK_MILESTONE = re.compile(r"出台|印发|启动|正式投入运营|投入运营|正式运营|正式运行|投入使用|投用|建成运营|开业|"
                             r"挂牌运行|挂牌运营|挂牌成立|挂牌|上线运行|正式上线|上线")
_TASK = re.compile(_TASK_DONE.pattern + "|" + _TASK_MILESTONE.pattern)
_NEXT_VERB = r"(?:完善|健全|推进|推动|加强|开展|深化|落实|建立|制定|探索|做好|优化|提升|加快|实施|启动|出台|印发|指导|组织)"
_ITEM_MARK = r"^\s*(?:[一二三四五六七八九十]{1,3}是|首先|其次|同时)"
_DATE_WORDS = (r"(?:计划|力争|争取|确保|拟|预计)?\s*(?:于|到|至|在)?\s*(?:\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?)?"
               r"\s*(?:(?:1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末)?)?(?:前|以前|之前)?|今年|年内|明年|全年")
_DATED = re.compile(r"(?:19|20)\d{2}\s*年|(?<!\d)(?:1[0-2]|0?[1-9])\s*月|今年|本年|年内|年底前|明年|上半年|下半年|季度")
# 所有/全部/每个 X (各 X 均) 配备/设立/建成 Y: every X has Y, read as the share of X with Y ≥ 100%.
_UNIVERSAL = re.compile(
    r"(?P<q>所有|全部|每一个|每个|各)(?P<x>[^,;。]{2,24}?)(?P<all>均|都|全部)?(?:要|应|须|必须|能|应当|至少|要求)*"
    r"(?P<verb>配备|配置|配齐|配有|设立|设置|设有|建成|建立|建有|开设)(?P<y>[^,;。]{2,40})$")
_ALONG = re.compile(r"^(?:并|并且|同时|且)\s*(?:为其|均|都)?(?P<verb>配备|配置|配齐|设有)(?P<y>[^,;。]{2,40})$")
_ONE = re.compile(r"^(?:至少|不少于|不低于)?\s*(?P<n>\d+|[一二两三四五六七八九十])\s*(?:个|名|支|家|所|处|台|套|位|人|间)"
                  r"(?:及以上|以上)?")
_ESTABLISH = re.compile(r"(?:设立|建成|建立|建设|成立|设置|新建|打造|组建)(?P<x>[^,;。]{2,30})$")
# Administrative divisions, which may report for themselves (each_child). 社区 and 村 are self-governing
# organisations, not divisions: 每个社区配备1名网格员 is read as coverage.
_JURISDICTION_LEVEL = re.compile(r"(?:县|乡|镇|街道|街|(?<![社小园景])区|市|县域|乡镇|省|州)(?:\([^)]*\))?$")
# A、B、C完成…: places named one by one, counted (the catalogue counts them in 个).
_PLACE = r"[" + "\u4e00-\u9fff" + r"]{1,8}?(?:市|县|区|镇|乡|街道|旗)"
_ENUM = re.compile(r"^(?P<items>" + _PLACE + r"(?:、" + _PLACE + r")+)"
                   r"(?:等?\s*(?P<n>\d+|[二两三四五六七八九十])\s*(?:个)?(?:地|县\(市、区\)|县\(市\)|县|市|区|乡镇|镇|街道))?"
                   r"(?P<verb>完成|建成|成立)(?P<obj>[^,;。]{2,40})$")
_ENUM_LEAD = re.compile(r"^(?:\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,3}是)?\s*(?:力争|争取|确保|计划|要)?\s*(?:(?:到|至|于)?\s*\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?(?:前|以前)?)?"
                        r"\s*(?:(?:1[0-2]|0?[1-9])\s*月(?:底|末)?(?:前|以前)?)?\s*")
# 选树“十大婚俗品牌”: a selection of the top N, a count written in words inside the name.
_TOP_N = re.compile(r"(?P<verb>选树|评选|评出|推出|命名|打造|培育|发布|遴选|推选)[^,;。“]{0,10}“(?P<n>[一二三四五六七八九十百]+|\d+)"
                    r"(?P<mark>大|佳|强|优)(?P<noun>[^”]{2,16})”")
# 不超过最低工资标准: a level relative to a named standard, read as 100% of it.
_STANDARD = re.compile(r"(?P<cmp>不超过|不高于|不低于|不少于)(?P<ref>[^,;。、]{1,16}?标准)(?:线|水平)?$")
_PER_PERIOD = re.compile(r"(?:每人|人均)?每(?P<per>月|年)\s*$")
# 全区1.2万余名残疾人的…: the population a task serves, not a target.
_WHOLE_AREA = re.compile(r"(?:全区|全市|全县|全省|全镇|全乡|辖区|我区|我市|我县)\s*$")
_EACH_VERB = re.compile(r"各(?:新增|新建|建成|建设|创建|打造|培育|选树|评定|认定|达到|不少于|至少)?$")
_MONEY_CONTEXT = re.compile(r"投资|投入|预算|概算|造价|拨付")
_APPROX_BEFORE = re.compile(r"(?:约|大约|近|将近|接近)\s*$")
_COVERAGE = re.compile(r"全覆盖|全域覆盖|全面覆盖|全部覆盖")
_PER = re.compile(r"每\s*(?P<mult>万|千|百|十)?\s*(?P<ming>名|个|位)?(?P<noun>[" + _CJK + r"()]{1,10}?)"
                  r"(?=拥有|配备|配置|享有|有|平均|的|中|应|至少|不少于|达到|$)")


@dataclass
class _Qty:
    start: int  # clause-relative, the number
    end: int  # after the unit (and /per)
    suffix_end: int  # after 以上/以下 …
    num: str
    high: str | None
    unit: str  # as a unit text: 万元, %, 百分点, 元/月 …
    approx: bool
    bound: str | None  # the suffix word


def _quantities(text: str) -> list[_Qty]:
    """Numbers with a measure word in a clause, minus names, ordinals, dates and durations."""
    quoted = [(m.start(), m.end()) for m in _QUOTE_SPANS.finditer(text)]
    out: list[_Qty] = []
    for m in _QTY.finditer(text):
        s, e = m.start(), m.end()
        if any(a < s < b for a, b in quoted):
            continue  # “1+2+3”, 《…》: a name, not a target
        after = text[e:]
        if m.group("unit") == "个" and after.startswith(_NOT_AFTER_GE):
            continue  # 30个月, 3个工作日: a duration
        if after[:1] in ("+", "·") or text[max(0, s - 1):s] in ("第",):
            continue
        if m.group("unit1") and m.group("unit1") != m.group("unit") and m.group("unit1") != "%":
            continue
        unit = m.group("unit")
        if unit == "个百分点":
            unit = "百分点"
        if unit == "人口":
            unit = "人"
        mult = m.group("mult1") or m.group("mult2") or ""
        unit = mult + unit + (m.group("per") or "")
        bound = _BOUND_SUFFIX.match(after)
        out.append(_Qty(s, e, e + (bound.end() if bound else 0), m.group("num").replace(",", ""),
                        m.group("high"), unit, bool(m.group("approx")), bound.group(1) if bound else None))
    # A numeral in words is a target only with a comparator or 余 (扩至百余人, 不少于三家): plans are full of
    # structural counts in words (四个工程, 两个问题) that are not targets.
    for m in _CN_QTY.finditer(text):
        s, e = m.start(), m.end()
        value = chinese_number(m.group("cn"))
        before = text[:s].rstrip()
        if (value is None or value == 0 or any(a < s < b for a, b in quoted) or before.endswith("第")
                or not (m.group("approx") or before.endswith(_CN_BEFORE))
                or any(q.start <= s < q.suffix_end for q in out)):
            continue
        bound = _BOUND_SUFFIX.match(text[e:])
        unit = "百分点" if m.group("unit") == "个百分点" else m.group("unit")
        out.append(_Qty(s, e, e + (bound.end() if bound else 0), str(value), None, unit, bool(m.group("approx")),
                        bound.group(1) if bound else None))
    out.sort(key=lambda q: q.start)
    return out


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
_CN_QTY = re.compile(r"(?P<cn>[零〇一二两三四五六七八九十百千万]+)(?P<approx>余|多)?"
                     r"(?P<unit>" + "|".join(re.escape(u) for u in _UNITS if u not in ("%", "‰")) + r")")
_CN_BEFORE = ("不少于", "不低于", "不小于", "至少", "达到", "达", "扩至", "扩大到", "增至", "超过", "新增", "新建")


def chinese_number(text: str) -> int | None:
    """十 → 10, 二十五 → 25, 一百二十 → 120, 百 → 100, 三万 → 30000; None if not a numeral."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS and c != "万" for c in text):
        return None
    total, section, digit = 0, 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in ``text`` (1,500 → 1500; 百余 → 100), for the never-invent check."""
    norm = _normalise(text)
    out = {Decimal(x.replace(",", "")) for x in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", norm)}
    for m in _CN_NUMBER.finditer(norm):
        n = chinese_number(m.group(0))
        if n is not None:
            out.add(Decimal(n))
    return out


# ----------------------------------------------------------------------------------------------- dates

_YEAR = re.compile(r"(?P<pre>比|较|相比|与|同比|对比)?\s*(?P<y1>(?:19|20)\d{2})\s*(?:[-—~至到]\s*(?P<y2>(?:19|20)\d{2})\s*)?年"
                   r"(?:度)?(?P<part>底|末|上半年|下半年|一季度|第一季度|二季度|第二季度|三季度|第三季度|四季度|第四季度)?"
                   r"(?P<post>的?基础上|水平)?")
_MONTH = re.compile(r"(?<![\d\-个])(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末)?")
_RELATIVE_YEAR = re.compile(r"(?:今年|本年|年内|全年|明年)(?P<rpart>上半年|一季度|第一季度|二季度|第二季度|三季度|第三季度)?"
                            r"|[“\"]?十四五[”\"]?(?:期|时期)?末|[“\"]?十五五[”\"]?(?:期|时期)?末")
_PART_END = {"上半年": (6, 30), "一季度": (3, 31), "第一季度": (3, 31), "二季度": (6, 30), "第二季度": (6, 30),
             "三季度": (9, 30), "第三季度": (9, 30)}


@dataclass
class _DateState:
    due: dt.date | None = None
    year: int | None = None  # the year in force, for a month without a year
    past: bool = False  # a year before the plan year is in force
    baseline: int | None = None


def _scan_dates(text: str, plan_year: int, state: _DateState) -> None:
    """Update ``state`` with the date words of ``text`` (one clause), in order."""
    quoted = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》|\([^)]*\)", text)]
    events: list[tuple[int, str, re.Match[str]]] = []
    for m in _YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in quoted):
            events.append((m.start(), "year", m))
    for m in _MONTH.finditer(text):
        if not any(a <= m.start() < b for a, b in quoted):
            events.append((m.start(), "month", m))
    for m in _RELATIVE_YEAR.finditer(text):
        events.append((m.start(), "rel", m))
    for _, what, m in sorted(events, key=lambda x: x[0]):
        if what == "year":
            y = int(m.group("y2") or m.group("y1"))
            if m.group("pre") or m.group("post"):
                state.baseline = y
                continue
            state.year = y
            state.past = y < plan_year
            part = m.group("part")
            month, day = _PART_END.get(part or "", (12, 31))
            state.due = dt.date(y, month, day)
        elif what == "month":
            # a month right after a year belongs to it (2024年3月前); else to the year in force
            y = state.year or plan_year
            month = int(m.group("m"))
            state.due = dt.date(y, month, calendar.monthrange(y, month)[1])
        else:
            word = m.group(0)
            if "十四五" in word:
                y = 2025
            elif "十五五" in word:
                y = 2030
            elif word.startswith("明年"):
                y = plan_year + 1
            else:
                y = plan_year
            state.year = y
            state.past = y < plan_year
            month, day = _PART_END.get(m.group("rpart") or "", (12, 31))  # 明年上半年: 6月30日
            state.due = dt.date(y, month, day)


# ------------------------------------------------------------------------------------------- matching

_STRIP_QUOTES = str.maketrans("", "", "“”\"「」『』《》‘’ ")
_LEAD = re.compile(
    r"^(?:[,、;:。\s]|[一二三四五六七八九十]{1,3}是(?!否)|\d{1,2}[.、](?=(?:19|20)\d{2}\s*年|[^\d\s])|其中|并且|并|以及|同时|另外|此外|全年|今年|年内|本年|明年|力争|争取|努力|计划|拟|预计|"
    r"继续|进一步|加快|持续|积极|全面|大力|着力|重点|确保|推动|推进|实现|完成|新增|新建|新培育|新培养|建成|建设|打造|"
    r"创建|培育|培养|培训|配置|配备|设立|举办|开展|落地|确定|实施|成立|形成|建立|组建|增设|开设|设置|使|让|将|把|由|"
    r"全市|全区|全县|全省|全州|全域|我市|我区|我县|我省|本市|本区|本县|一家|一个|一批|一所|内设|加强|完善|健全|"
    r"常态化|动态|保持|维持|基本|力求|要|达到|共|总计|合计|发放|的|"
    r"(?:到|至|于)?\s*\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?(?:前|以前|之前)?|[\u4e00-\u9fff]{0,4}目标(?:为|是)|"
    r"\d{1,2}\s*月(?:份)?(?:底|末)?(?:前|以前|之前)?|"
    r"到|至|于)")
_TRAIL = re.compile(
    r"(?:[,、;:。\s]|的目标|目标|任务|建设工作|创建工作|的建设|建设|工作|培养|实现|数量|保持|维持|稳定|动态|常态化|"
    r"以上|以下|以内|及以上|的|在|为|是|共|总计|合计|比例为|同比|(?:比|较)(?:上一?年|去年|\d{4}\s*年)(?:度)?|"
    + "|".join(re.escape(w) for w in _CMP_WORDS if len(w) > 1) + r")$")


def _clean(phrase: str) -> str:
    prev = None
    p = phrase.strip()
    while p != prev:
        prev = p
        for pattern in (_LEAD, _TRAIL):
            q = pattern.sub("", p, count=1).strip()
            if len(q) >= 2 or not q.strip("、,;:。 ") or (len(q) == len(p) - 1 and p[0] in "、,;:。 "):
                p = q  # never strip a word down to one character: 培训班 stays 培训班
    return p


def _key(text: str) -> str:
    return "".join(text.translate(_STRIP_QUOTES).split())


_DISTINCT = re.compile(r"[0-9A-Za-z一二三四五六七八九十]")


def _shared(a: str, b: str) -> int:
    """Characters of ``b`` found in ``a`` in the same order, in runs of two or more; 0 when what is left
    of ``b`` is a distinguishing mark (4A级 vs 三星级 居家养老服务中心 are different things)."""
    blocks = [m for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size >= 2]
    covered: set[int] = set()
    for m in blocks:
        covered.update(range(m.b, m.b + m.size))
    rest = "".join(c for i, c in enumerate(b) if i not in covered)
    return 0 if _DISTINCT.search(rest) else len(covered)


_COUNT_DIMS = frozenset({"institution", "item"})


def _compatible(unit: Unit, ind: CompiledIndicator, kind: str) -> bool:
    if kind == "growth":
        return unit.text != "百分点" or ind.unit.dimensionless
    if kind == "relative":
        return True
    if unit.dims == ind.unit.dims:
        return True
    return _classifier_swap(unit, ind) is not None


def _classifier_swap(unit: Unit, ind: CompiledIndicator) -> str | None:
    """个 where the catalogue counts in 项 (or the reverse): the indicator's own unit, else None."""
    a, b = unit.dims, ind.unit.dims
    if (len(a) == 1 and len(b) == 1 and a[0][1] == 1 and b[0][1] == 1 and a[0][0] in _COUNT_DIMS
            and b[0][0] in _COUNT_DIMS and unit.factor == 1 and ind.unit.factor == 1):
        return ind.unit.text
    return None


def _match_indicator(phrase: str, unit: Unit, kind: str, catalogue: RuleSet,
                     exclude: str | None = None) -> tuple[CompiledIndicator, int] | None:
    """The catalogue indicator that the phrase names, by name and alias, with a unit that fits."""
    p = _key(phrase)
    if len(p) < 2:
        return None
    best: tuple[float, CompiledIndicator] | None = None
    for ind in catalogue.indicators.values():
        if ind.id == exclude or not _compatible(unit, ind, kind):
            continue
        for raw in (ind.model.name.zh, *ind.model.aliases):
            k = _key(raw)
            if not k:
                continue
            if p == k or p + "数" == k or p == k + "数":
                score = 1000.0 + len(k)
            elif len(k) >= 3 and k in p and len(k) >= 0.5 * len(p):
                score = 100.0 + len(k)
            elif len(p) >= 3 and p in k and len(p) >= 0.5 * len(k):
                score = 100.0 + len(p)
            else:
                # shared wording, in order: it must cover most of the catalogue name and much of the phrase, so
                # 城市社区综合服务设施覆盖率 does not become 安葬设施覆盖率 for sharing 设施…覆盖率
                n = _shared(p, k)
                if n < 4 or n < 0.75 * len(k) or 2 * n < 0.7 * (len(p) + len(k)):
                    continue
                score = n + n / len(k)
            if best is None or score > best[0]:
                best = (score, ind)
    if best is None:
        return None
    return best[1], int(best[0])


# Enough English to give a proposed indicator a readable id; reviewers rename it.
_GLOSSARY = {
    "认知障碍": "dementia", "护理型": "nursing", "床位": "beds", "养老机构": "care_institutions",
    "养老服务中心": "care_centres", "养老服务": "elderly_care", "养老": "elderly_care", "老年人": "elders",
    "老年": "elderly", "助餐点": "meal_points", "助餐": "meal_service", "食堂": "canteens", "护理员": "carers",
    "持证": "certified", "社会工作": "social_work", "社工": "social_workers", "社会组织": "social_orgs",
    "慈善": "charity", "志愿": "volunteer", "儿童": "children", "未成年人": "minors", "低保": "subsistence_allowance",
    "救助": "relief", "特困": "extreme_poverty", "殡葬": "funeral", "公墓": "cemeteries", "婚姻": "marriage",
    "地名": "place_names", "社区": "community", "乡镇": "township", "街道": "subdistrict", "县域": "county",
    "村": "village", "覆盖率": "coverage", "覆盖": "coverage", "占比": "share", "比例": "share", "率": "rate",
    "标准": "standard", "补贴": "subsidy", "人数": "persons", "家庭": "family", "适老化改造": "age_friendly_homes",
    "改造": "renovation", "中心": "centres", "站": "stations", "基地": "bases", "试点": "pilots", "项目": "projects",
    "培训": "training", "示范": "demonstration", "星级": "star_rated", "医养结合": "integrated_medical_care",
    "康复": "rehabilitation", "精神": "mental", "残疾人": "disabled", "孤儿": "orphans", "服务": "service",
    "机构": "institutions", "设施": "facilities", "区域": "regional", "居家": "home", "农村": "rural", "城市": "urban",
    "城乡": "urban_rural", "失能": "disabled_elders", "照护": "care", "家庭养老": "family_care", "幸福": "happiness",
    "流浪": "homeless", "福利": "welfare", "彩票": "lottery", "移民": "migrants", "婚俗": "marriage_customs",
    "监测": "monitored", "满意": "satisfaction",
}
_GLOSSARY_KEYS = sorted(_GLOSSARY, key=len, reverse=True)


def _english_tokens(name: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(name):
        for k in _GLOSSARY_KEYS:
            if name.startswith(k, i):
                t = _GLOSSARY[k]
                if t not in tokens:
                    tokens.append(t)
                i += len(k)
                break
        else:
            i += 1
    return tokens[:5]


# ------------------------------------------------------------------------------------------- the grammar


@dataclass
class _Candidate:
    phrase: str
    comparator: str
    values: tuple[str, ...]  # one value, or (low, high)
    unit: str
    kind: str
    strength: str
    scope: str
    due: dt.date
    start: int  # absolute offsets of the quote
    end: int
    wording: str | None
    baseline: int | None = None
    reference_phrase: str | None = None
    reference_offset: int = 0
    reading: str | None = None  # a key of READINGS when the value is not written as a number in the quote
    reading_note: str | None = None  # what was read, for the draft's note
    named: tuple[str, ...] = ()  # enumeration: the places named

    @property
    def coverage(self) -> bool:
        return self.reading in ("coverage", "universal")

    @property
    def task(self) -> bool:
        return self.reading == "task"


def _tail_word(pre: str) -> str | None:
    p = pre.rstrip()
    for w in _CMP_WORDS:
        if p.endswith(w):
            return w
    return None


def _ends_with_verb(text: str) -> bool:
    t = text.rstrip()
    return any(t.endswith(v) for v in _VERBS)


def _per_unit(text_before: str, unit: str) -> str:
    """``人`` after 每万名老年人… becomes ``人/万名老年人``; 每个社区平均 … ``家/社区``; else ``unit``."""
    found = list(_PER.finditer(text_before))
    if not found:
        return unit
    m = found[-1]
    mult, ming, noun = m.group("mult") or "", m.group("ming") or "", m.group("noun")
    if not mult and ming == "个":
        if not _AVERAGE.search(text_before[m.end():]):
            return unit
        for cand in (noun, noun[-2:], noun[-1:]):
            try:
                if parse_unit(f"{unit}/{cand}").dims == parse_unit(f"{unit}/个").dims:
                    return f"{unit}/{cand}"
            except InputError:
                continue
        return f"{unit}/个"
    if not mult:
        return unit
    candidates = [f"{mult}{ming}{noun}", f"{mult}{noun}"]
    for suffix in ("老年人口", "老年人", "老人", "人口", "居民", "儿童", "户", "人"):
        if noun.endswith(suffix):
            candidates += [f"{mult}名{suffix}", f"{mult}{suffix}"]
    candidates.append(f"{mult}人")
    for den in candidates:
        try:
            parse_unit(f"{unit}/{den}")
        except InputError:
            continue
        return f"{unit}/{den}"
    return unit


class _Extractor:
    def __init__(self, text: str, catalogue: RuleSet, year: int, tasks: bool = True) -> None:
        self.tasks = tasks
        self.subject = ""  # the last subject drafted in the sentence: 但不超过…标准 speaks of it
        self.text = text
        self.norm = _normalise(text)
        self.catalogue = catalogue
        self.year = year
        self.candidates: list[_Candidate] = []
        self.skipped: list[tuple[int, int, str]] = []

    # -- the walk over sentences and clauses
    def run(self) -> list[_Candidate]:
        sentences, _ = _sentences(self.norm)
        table_lines = self._tables()
        for sent in sentences:
            if any(a <= sent.start < b for a, b in table_lines):
                continue
            self._sentence(sent)
        self.candidates.sort(key=lambda c: c.start)  # table rows were read first; drafts go in text order
        return self.candidates

    def _sentence(self, sent: _Sentence) -> None:
        state = _DateState()
        aspirational = False
        each_scope = False
        prev_clause: tuple[int, int] | None = None
        prev_had_target = False
        self.subject = ""
        for cs, ce in sent.clauses:
            ctext = self.norm[cs:ce]
            _scan_dates(ctext, self.year, state)
            if _ASPIRATIONAL.search(ctext):
                aspirational = True
            if _EACH.search(ctext) and not _AVERAGE.search(ctext):
                each_scope = True
            before = len(self.candidates)
            reason = self._skip_reason(sent, ctext, state)
            if reason is None:
                lead_in = prev_clause if (prev_clause and not prev_had_target
                                          and self._is_lead_in(self.norm[prev_clause[0]:prev_clause[1]])) else None
                self._clause(cs, ce, state, aspirational, each_scope, lead_in, prev_clause)
            elif _QTY.search(ctext) or _COVERAGE.search(ctext):
                self.skipped.append((cs, ce, reason))
            prev_had_target = len(self.candidates) > before
            prev_clause = (cs, ce)

    def _skip_reason(self, sent: _Sentence, ctext: str, state: _DateState) -> str | None:
        future = state.due is not None and state.due.year >= self.year and not state.past
        if sent.mode == "summary":
            explicit = re.search(r"(?:到|至)\s*\d{4}\s*年|\d{4}\s*年(?:底|末)?(?:前|以前)", ctext)
            if not (future and explicit):
                return "summary (past actuals) / 总结部分(往年实绩)"
        if state.past:
            return "a past year / 往年"
        if _PAST.search(ctext) and not _FUTURE.search(ctext):
            return "past marker (截至, 已, 累计, 了) / 往期实绩"
        if "基础上" in ctext:
            return "a baseline, not a target (…的基础上) / 基数而非目标"
        return None

    @staticmethod
    def _is_lead_in(text: str) -> bool:
        """A clause that only sets a date or strength (到2025年底 / 力争), to be quoted with the next."""
        rest = re.sub(r"(?:力争|争取|计划|拟|确保|努力)?(?:到|至|于)?\s*\d{4}\s*年(?:度)?(?:底|末|上半年|下半年)?(?:前|以前)?"
                      r"|(?:1[0-2]|0?[1-9])\s*月(?:份)?(?:底|末)?(?:前|以前)?"
                      r"|力争|争取|计划|今年|全年|年内|明年|[\s,]", "", text)
        return len(rest) <= 2

    # -- one clause
    def _clause(self, cs: int, ce: int, state: _DateState, aspirational: bool, each_scope: bool,
                lead_in: tuple[int, int] | None, prev: tuple[int, int] | None = None) -> None:
        ctext = self.norm[cs:ce]
        qtys = _quantities(ctext)
        due = state.due if state.due is not None else dt.date(self.year, 12, 31)
        strength = "aspirational" if aspirational else "binding"
        before = len(self.candidates)
        if self._readings(cs, ce, ctext, qtys, due, strength, lead_in, prev):
            if len(self.candidates) > before:
                self.subject = self.candidates[-1].phrase
            return
        self._clause_targets(cs, ce, ctext, qtys, state, due, strength, each_scope, lead_in, prev)
        if len(self.candidates) > before:
            self.subject = self.candidates[-1].phrase

    def _clause_targets(self, cs: int, ce: int, ctext: str, qtys: list[_Qty], state: _DateState, due: dt.date,
                        strength: str, each_scope: bool, lead_in: tuple[int, int] | None,
                        prev: tuple[int, int] | None = None) -> None:
        """The targets written with numbers (and 全覆盖) in one clause."""
        prev_end = 0
        prev_cmp: str | None = None
        separately = "分别" in ctext
        items_for_separately: list[str] = []
        if separately:
            subject = _clean(ctext[:ctext.index("分别")])
            items_for_separately = self._each_items(subject)
            after = [q for q in qtys if q.start > ctext.index("分别")]
            if len(after) != len(items_for_separately):
                separately = False
        sep_index = 0
        last_name = ""
        last_period = ""
        quote_from = 0  # where the next quote may start: after the last target, not after a condition
        self._plus_lists(cs, ce, ctext, due, strength, lead_in)
        tops = self._top_n(cs, ce, ctext, due, strength, lead_in)
        for idx, q in enumerate(qtys):
            pre = ctext[prev_end:q.start]
            later = qtys[idx + 1:]
            reason = self._quantity_skip(ctext, q, pre, bool(later))
            if reason is not None:
                self.skipped.append((cs + q.start, cs + q.end, reason))
                prev_end = q.suffix_end
                continue
            period = _PER_PERIOD.search(pre) if q.unit.endswith("元") and "/" not in q.unit else None
            if period:  # 提高到每人每月1000元: 1000 元/月
                pre = pre[:period.start()]
                last_period = period.group("per")
            elif not pre.strip(" 、和") and q.unit.endswith("元") and "/" not in q.unit and last_period:
                period = re.match(r"(?P<per>.+)", last_period)  # 每人每月850元、680元: the list shares the period
            word = _tail_word(pre)
            comparator, kind, wording = self._comparator(pre, q, word, prev_cmp)
            prev_cmp = comparator if word is not None or prev_cmp else None
            pre_core = pre.rstrip()[: len(pre.rstrip()) - len(word)] if word else pre
            text_before = ctext[:q.start]
            unit = q.unit
            if period:
                unit = f"{unit}/{period.group('per')}"
            elif kind not in ("growth",) and unit not in ("%", "‰", "倍", "百分点"):
                unit = _per_unit(text_before, unit)
            # the kind words
            if kind == "level":
                if _INCREMENT.search(text_before) or (word in _GROWTH_UP and unit not in ("%", "‰")):
                    kind = "increment"
                elif _MAINTAIN.search(text_before):
                    kind = "maintain"
            # the subject
            start_abs, end_abs = self._quote_span(cs, ce, ctext, q, quote_from, lead_in if quote_from == 0 else None)
            values = (q.num, q.high) if q.high else (q.num,)
            if q.high:
                comparator = "between"
                if kind == "level":
                    kind = "range"
            scope = "each_child" if each_scope else "self"
            if each_scope and kind in ("level", "range"):
                kind = "each"
            ref_phrase: str | None = None
            ref_offset = 0
            if unit in ("倍", "%") and kind == "level" and word is None:
                rel = self._relative(pre)
                if rel is not None:
                    pre_core, ref_phrase, ref_offset, comparator, wording = rel
                    kind = "relative"
                    if pre_core is self.subject and prev is not None and quote_from == 0:
                        start_abs = self._trim(prev[0], end_abs)[0]  # the subject is in the clause before
            names: list[str]
            if separately and q.start > ctext.index("分别"):
                names = [items_for_separately[sep_index]]
                sep_index += 1
                start_abs, end_abs = self._trim(lead_in[0] if lead_in else cs, ce)  # 分别: the whole clause
            elif re.search(_EACH_VERB, pre_core.rstrip()):
                names = self._each_items(re.sub(_EACH_VERB, "", pre_core.rstrip()))
                wording = (wording + "、各") if wording else "各"
            else:
                name = self._phrase(pre_core, ctext[q.suffix_end:(later[0].start if later else len(ctext))])
                if last_name and 0 < len(name) <= 4 < len(last_name) and last_name[len(name) - 1] == name[-1]:
                    name += last_name[len(name):]  # 4A级…中心5个以上、5A级1个以上: 5A级 takes the head noun
                names = [name]
                last_name = name
            if names == [""] and quote_from == 0 and len(self.subject) >= 2 and prev is not None:
                # 护理型床位占比提高到62%,比上年提高5个百分点: the subject is the clause before's
                names = [self.subject]
                start_abs = self._trim(prev[0], end_abs)[0]
            quote_from = q.suffix_end
            for name in names:
                if not name:
                    self.skipped.append((start_abs, end_abs, "no subject / 无法确定指标"))
                    continue
                self.candidates.append(_Candidate(
                    name, comparator, values, unit, kind, strength, scope, due, start_abs, end_abs, wording,
                    baseline=state.baseline if kind == "growth" else None,
                    reference_phrase=ref_phrase, reference_offset=ref_offset))
            prev_end = q.suffix_end
        for m in _COVERAGE.finditer(ctext):
            if any(q.start <= m.start() < q.suffix_end for q in qtys):
                continue
            seg_from = max([q.suffix_end for q in qtys if q.suffix_end <= m.start()], default=0)
            name = _clean(ctext[seg_from:m.start()])
            if not name:
                continue
            begin = lead_in[0] if (seg_from == 0 and lead_in is not None) else cs + seg_from
            start_abs, end_abs = self._trim(begin, ce)
            kind = "each" if each_scope else "level"
            self.candidates.append(_Candidate(
                name, ">=", ("100",), "%", kind, strength, "each_child" if each_scope else "self", due,
                start_abs, end_abs, m.group(0), reading="coverage"))
        if self.tasks and not qtys and not tops and not _COVERAGE.search(ctext):
            self._task(cs, ce, ctext, due, strength, lead_in)

    def _top_n(self, cs: int, ce: int, ctext: str, due: dt.date, strength: str,
               lead_in: tuple[int, int] | None) -> int:
        """选树“十大婚俗品牌”: the top N selected, a count written in words inside the name."""
        n = 0
        for top in _TOP_N.finditer(ctext):
            raw = top.group("n")
            value = int(raw) if raw.isdigit() else chinese_number(raw)
            if value is None or value < 2:
                continue
            start, end = self._trim(lead_in[0] if lead_in else cs, ce)
            noun = _clean(top.group("noun"))
            name = f"{raw}{top.group('mark')}{noun}"  # 十佳养老护理员 is not every 养老护理员
            unit = "名" if re.search(r"(?:员|者|人|师|主任|书记|家庭)$", noun) else "个"  # 十佳养老护理员: persons
            if noun.endswith("家庭"):
                unit = "户"
            self.candidates.append(_Candidate(
                name, ">=", (str(value),), unit, "level", strength, "self", due, start, end,
                f"“{raw}{top.group('mark')}”"))
            n += 1
        return n

    def _task(self, cs: int, ce: int, ctext: str, due: dt.date, strength: str,
              lead_in: tuple[int, int] | None) -> None:
        """完成/建成/成立 something, or a dated 出台/启动/正式运营: a yes/no target drafted as 1 项 (是=1)."""
        m = _TASK.search(ctext)
        if m is None or re.match(r"^\s*为", ctext):  # 为…完成…提供样板: a purpose, not a task
            return
        lead = self.norm[lead_in[0]:lead_in[1]] if lead_in else ""
        dated = bool(_DATED.search(ctext) or _DATED.search(lead))
        if _TASK_MILESTONE.fullmatch(m.group(0)) and not dated:
            return  # 早启动, 出台实施方案: no date, nothing to check by when
        rest = ctext[m.end():]
        next_item = re.search(r"、(?=" + _NEXT_VERB + ")", rest)  # 完成地名规划编制、完善…: a new task begins
        if next_item:
            rest = rest[:next_item.start()]
        obj = _clean(re.sub(r"^[的了]", "", rest))
        if len(obj) < 2:
            if not dated:
                return
            # 《杭州市慈善条例》于2025年上半年出台, 2026年6月底前正式运营: the object comes first, or is the topic
            obj = _clean(re.sub(_DATE_WORDS, "", re.sub(_ITEM_MARK, "", ctext[:m.start()])))
            if len(obj) < 2:
                obj = m.group(0)
        start, end = self._trim(lead_in[0] if lead_in else cs, cs + m.end() + len(rest))
        self.candidates.append(_Candidate(obj, ">=", ("1",), "项", "level", strength, "self", due, start, end,
                                          m.group(0), reading="task"))

    def _readings(self, cs: int, ce: int, ctext: str, qtys: list[_Qty], due: dt.date, strength: str,
                  lead_in: tuple[int, int] | None, prev: tuple[int, int] | None) -> bool:
        """Targets whose value is a documented reading of words (READINGS); True when the clause is done."""
        begin = lead_in[0] if lead_in else cs
        # 并配备至少1名青少年事务社工, after 设立未成年人保护工作站: every station has one
        along = _ALONG.match(ctext)
        if along and prev is not None:
            estab = _ESTABLISH.search(self.norm[prev[0]:prev[1]])
            x = _clean(estab.group("x")) if estab else ""
            one = _ONE.match(along.group("y"))
            if x and (one is None or chinese_number(one.group("n")) == 1 or one.group("n") == "1"):
                y = _clean(along.group("y")[one.end():] if one else along.group("y"))
                if len(y) >= 2:
                    start, end = self._trim(prev[0], ce)
                    verb = along.group("verb")
                    self.candidates.append(_Candidate(
                        f"{x}{y}{'配备率' if verb.startswith('配') else '覆盖率'}", ">=", ("100",), "%", "level",
                        strength, "self", due, start, end, f"并{verb}", reading="universal",
                        reading_note=f"每个{x}{verb}{y}"))
                    return True
            elif x and one is not None:
                self.skipped.append((cs, ce, "a per-unit staffing standard, not a total / 每个单位的配备标准而非总数"))
                return True
        uni = _UNIVERSAL.search(ctext)
        if uni and (uni.group("q") != "各" or uni.group("all")):
            x = uni.group("x").strip()
            y = uni.group("y")
            one = _ONE.match(y)
            n = None if one is None else (int(one.group("n")) if one.group("n").isdigit()
                                          else chinese_number(one.group("n")))
            in_y = [q for q in qtys if q.start >= uni.start("y")]
            others = [q for q in qtys if q.start < uni.start("y")] + in_y[1:]
            jurisdictions = bool(_JURISDICTION_LEVEL.search(x))
            written_one = bool(in_y) and n == 1
            numbered = one is not None or bool(in_y) or re.match(r"\s*(?:至少|不少于)?\s*[\d一二两三四五六七八九十]", y)
            if (not others and (not numbered or n == 1) and not (jurisdictions and written_one)
                    and not _COVERAGE.search(ctext)):
                y_clean = _clean(y[one.end():] if one else y)
                x_clean = _clean(x)
                if len(y_clean) >= 2 and len(x_clean) >= 1:
                    verb = uni.group("verb")
                    start, end = self._trim(begin, ce)
                    self.candidates.append(_Candidate(
                        f"{x_clean}{y_clean}{'配备率' if verb.startswith('配') else '覆盖率'}", ">=", ("100",), "%",
                        "level", strength, "self", due, start, end,
                        f"{uni.group('q')}…{uni.group('all') or ''}{verb}", reading="universal",
                        reading_note=f"{uni.group('q')}{x_clean}{uni.group('all') or ''}{verb}{y_clean}"))
                    return True
        # 兰溪市、东阳市、义乌市完成…: the places named, counted
        lead = _ENUM_LEAD.match(ctext)
        offset = lead.end() if lead else 0
        enum = _ENUM.match(ctext[offset:])
        counted = [q for q in qtys if q.start < offset + enum.start("verb")] if enum else []
        if enum and len(qtys) == len(counted) <= 1:
            items = enum.group("items").split("、")
            obj = _clean(enum.group("obj"))
            raw = enum.group("n")
            n = None if raw is None else (int(raw) if raw.isdigit() else chinese_number(raw))
            # 等3个区: the written count (等 may close a longer list); else the names, counted
            if len(obj) >= 2 and len(set(items)) == len(items) and (n is None or n >= len(items)):
                start, end = self._trim(begin, ce)
                self.candidates.append(_Candidate(
                    obj, ">=", (str(n if n is not None else len(items)),), "个", "level", strength, "self", due,
                    start, end, enum.group("verb"), reading=None if n is not None else "enumeration",
                    named=tuple(items)))
                return True
        # 但不超过最低工资标准: relative to a named standard, 100% of it
        std = _STANDARD.search(ctext)
        if std and not qtys:
            subject = _clean(re.sub(r"^(?:但|并|且|同时|而)", "", ctext[:std.start()]))
            if len(subject) < 2:
                subject = self.subject
            ref = std.group("ref")
            offset = -1 if re.search(r"上一?年(?:度)?", ref) else 0
            ref = re.sub(r"^(?:当地|本地|我市|我区|我县|全市|全省|全区|全县)|上一?年(?:度)?", "", ref)
            if len(subject) >= 2 and len(_key(ref)) >= 2:
                start, end = self._trim(prev[0] if prev is not None and subject == self.subject else begin, ce)
                self.candidates.append(_Candidate(
                    subject, _STRICT_BEFORE[std.group("cmp")], ("100",), "%", "relative", strength, "self", due,
                    start, end, std.group("cmp"), reference_phrase=ref, reference_offset=offset,
                    reading="standard", reading_note=f"{std.group('cmp')}{std.group('ref')}"))
                return True
        return False

    _PLUS = re.compile(r"[“\"](?P<terms>\d+(?:\s*\+\s*\d+)+)[”\"]\s*(?P<levels>[^,;。“”]{2,20}?)"
                       r"(?P<n>[二两三四五六七八九])级(?P<noun>[^,;。、“”]{2,20})")

    def _plus_lists(self, cs: int, ce: int, ctext: str, due: dt.date, strength: str,
                    lead_in: tuple[int, int] | None) -> None:
        """“1+2+3”国家、省、市三级试点: 1 national, 2 provincial, 3 municipal (terms, levels and 三 agree)."""
        for m in self._PLUS.finditer(ctext):
            terms = [t.strip() for t in m.group("terms").split("+")]
            levels = [x.strip() for x in m.group("levels").split("、") if x.strip()]
            if not (len(terms) == len(levels) == chinese_number(m.group("n"))):
                continue
            start, end = self._trim(lead_in[0] if lead_in else cs, ce)
            for term, level in zip(terms, levels, strict=True):
                name = f"{level.removesuffix('级')}级{m.group('noun')}"
                self.candidates.append(_Candidate(name, ">=", (term,), "个", "level", strength, "self", due,
                                                  start, end, f"“{m.group('terms')}”{m.group('n')}级"))

    def _quantity_skip(self, ctext: str, q: _Qty, pre: str, has_later: bool) -> str | None:
        if _APPROX_BEFORE.search(pre) or ctext[q.suffix_end:].startswith(("左右", "上下")):
            return "an estimate (约, 左右) / 估计数"
        if q.unit.endswith("元") and _MONEY_CONTEXT.search(ctext[:q.start]):
            return "investment or budget / 投资或预算"
        if _WHOLE_AREA.search(pre) and re.match(r"[" + _CJK + r"]{1,10}?的", ctext[q.suffix_end:]):
            return "the population a task serves (全区N名…的), not a target / 服务对象总数而非目标"
        if pre.rstrip().endswith("从") or re.search(r"从\s*$", pre):
            return "a starting value (从…至…) / 起始值"
        after = ctext[q.suffix_end:]
        if q.bound and re.match(r"(?:的)?[" + _CJK + r"(]", after):
            pre_core = pre.rstrip()
            if q.unit in ("%", "‰") and not _clean(pre_core):
                return None  # 80%以上的村(社区)建立儿童之家: a share opening the clause is the target
            if has_later or not _ends_with_verb(pre_core):
                return "a condition that scopes a target (…以下的…) / 限定条件而非目标"
        return None

    def _comparator(self, pre: str, q: _Qty, word: str | None, prev_cmp: str | None) -> tuple[str, str, str | None]:
        """(comparator, kind, wording) from the words around the number."""
        kind = "level"
        wording = word
        cmp: str | None = None
        if word in _STRICT_BEFORE:
            cmp = _STRICT_BEFORE[word]
        elif word in _DOWN_BEFORE:
            cmp = "<="
        elif word in _GROWTH_DOWN and q.unit in ("%", "百分点"):
            kind, cmp = "growth", "<="
        elif word in _GROWTH_UP and q.unit in ("%", "百分点"):
            kind, cmp = "growth", ">="
        if q.unit == "百分点" and kind != "growth":
            kind = "growth"
            if word in _GROWTH_DOWN:
                cmp = "<="
        if cmp is None and q.bound:
            cmp = _SUFFIX_CMP[q.bound]
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
        return cmp, kind, wording

    def _relative(self, pre: str) -> tuple[str, str, int, str, str] | None:
        """"低保边缘标准达低保标准2倍": (subject, reference, offset, comparator, wording)."""
        p = pre.rstrip()
        best: tuple[int, int, str] | None = None  # (end, length, word): the last word, the longest at that end
        for w in _CMP_WORDS:
            i = p.rfind(w)
            if (i > 0 or (i == 0 and len(self.subject) >= 2)) and (best is None or (i + len(w), len(w)) > best[:2]):
                best = (i + len(w), len(w), w)
        if best is None:
            return None
        w = best[2]
        i = best[0] - len(w)
        subject, ref = p[:i], p[i + len(w):]
        ref_clean = re.sub(r"^(?:我市|我区|我县|全市|全省)", "", ref).removesuffix("的")
        offset = -1 if re.search(r"上一?年(?:度)?", ref_clean) else 0
        ref_clean = re.sub(r"上一?年(?:度)?", "", ref_clean)
        if not _clean(re.sub(r"^\s*(?:但|并|且|同时|而)", "", subject)) and len(self.subject) >= 2:
            subject = self.subject  # 提高特困供养标准…,达到…的50%: the subject of the clause before
        if len(_key(ref_clean)) < 2 or not _clean(subject):
            return None
        cmp = _STRICT_BEFORE.get(w, "<=" if w in _DOWN_BEFORE else ">=")
        return subject, ref_clean, offset, cmp, w

    def _each_items(self, subject: str) -> list[str]:
        """三星、四星、五星级养老机构 → 三星级养老机构, 四星级养老机构, 五星级养老机构."""
        items = [x for x in re.split(r"、|和|及|与", _clean(subject)) if x]
        if len(items) == 1 and items[0].startswith("城乡") and len(items[0]) > 3:
            return ["城市" + items[0][2:], "农村" + items[0][2:]]  # 城乡低保标准分别…850元、680元
        if len(items) < 2:
            return [_clean(subject)]
        last = items[-1]
        out = []
        for x in items[:-1]:
            out.append(x + last[len(x):] if len(x) < len(last) else x)
        out.append(last)
        return out

    def _phrase(self, pre: str, post: str) -> str:
        """The indicator's words: before the number (床位800张), after it (建设3个工作室), or both."""
        post = _item_text(post, "、,;")
        post_clean = _clean(re.sub(r"^的", "", post))
        last_item = pre.rsplit("、", 1)[-1] if "、" in pre else pre
        if "、" in pre and not _clean(last_item):
            return post_clean  # the number opens a new list item: 、4个村社婚俗改革示范点
        pre_clean = _clean(pre)
        if _ends_with_verb(pre) or not pre_clean or pre.rstrip().endswith("的"):
            return post_clean or pre_clean
        if not post_clean:
            return pre_clean
        return pre_clean + post_clean

    def _quote_span(self, cs: int, ce: int, ctext: str, q: _Qty, prev_end: int,
                    lead_in: tuple[int, int] | None) -> tuple[int, int]:
        """The verbatim quote: the clause, or its list item when the clause lists several quantities."""
        qtys = _quantities(ctext)
        later = [x for x in qtys if x.start > q.start]
        start = prev_end
        seg_start = ctext.rfind("、", 0, q.start)
        if len(qtys) > 1 and seg_start >= prev_end and not ctext[seg_start + 1:q.start].strip():
            start = seg_start + 1  # 、4个村社婚俗改革示范点
        elif prev_end == 0 and lead_in is not None:
            return self._trim(lead_in[0], cs + self._item_end(ctext, q, later))
        if prev_end == 0:
            start = 0
        return self._trim(cs + start, cs + self._item_end(ctext, q, later))

    @staticmethod
    def _item_end(ctext: str, q: _Qty, later: list[_Qty]) -> int:
        limit = later[0].start if later else len(ctext)
        return q.suffix_end + len(_item_text(ctext[q.suffix_end:limit], "、"))

    def _trim(self, s: int, e: int) -> tuple[int, int]:
        punct = " \t\r\n,、;:。!?|"
        while s < e and self.norm[s] in punct:
            s += 1
        # 一是…, 9.乾县…: the item mark is not quoted
        mark = re.match(r"[一二三四五六七八九十]{1,3}是(?!否)|\d{1,2}[.、](?=(?:19|20)\d{2}\s*年|[^\d\s])",
                        self.norm[s:e])
        if mark and e - s > mark.end() + 2:
            s += mark.end()
        while e > s and self.norm[e - 1] in punct:
            e -= 1
        return s, e

    # -- flattened tables: 指标 | 单位 | 2025年目标
    def _tables(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        lines: list[tuple[int, int, list[str]]] = []
        pos = 0
        for raw in self.norm.split("\n"):
            sep = "|" if raw.count("|") >= 2 else ("\t" if raw.count("\t") >= 2 else None)
            cells = [c.strip() for c in raw.strip().strip("|").split(sep)] if sep else []
            lines.append((pos, pos + len(raw), cells))
            pos += len(raw) + 1
        header: dict[str, int] | None = None
        header_due: dt.date | None = None
        strength_words: dict[str, str] = {}
        for ls, le, cells in lines:
            if len(cells) < 3:
                header = None
                continue
            cols = self._header(cells)
            if cols is not None:
                header, header_due = cols
                spans.append((ls, le + 1))
                continue
            if header is None:
                continue
            spans.append((ls, le + 1))
            self._table_row(ls, le, cells, header, header_due or dt.date(self.year, 12, 31), strength_words)
        return spans

    def _header(self, cells: list[str]) -> tuple[dict[str, int], dt.date | None] | None:
        cols: dict[str, int] = {}
        due: dt.date | None = None
        for i, c in enumerate(cells):
            if "name" not in cols and re.search(r"指标|项目|名称", c) and not re.search(r"目标|值", c):
                cols["name"] = i
            elif "unit" not in cols and "单位" in c:
                cols["unit"] = i
            elif re.search(r"属性|性质|类型", c):
                cols["attr"] = i
            elif re.search(r"目标", c) or (re.search(r"(\d{4})\s*年", c) and not re.search(r"现状|基数|基期|实际", c)):
                y = re.search(r"(\d{4})\s*年", c)
                if y and int(y.group(1)) >= self.year:
                    cols["target"], due = i, dt.date(int(y.group(1)), 12, 31)
                elif "目标" in c:
                    cols["target"] = i
        if "name" in cols and "target" in cols:
            return cols, due
        return None

    def _table_row(self, ls: int, le: int, cells: list[str], cols: dict[str, int], due: dt.date,
                   _memo: dict[str, str]) -> None:
        def cell(key: str) -> str:
            i = cols.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        name, value_text, unit_text, attr = cell("name"), cell("target"), cell("unit"), cell("attr")
        name = re.sub(r"^\d+[.、]?\s*", "", name)
        if not name or not value_text:
            return
        strength = "aspirational" if re.search(r"预期|力争", attr + value_text) else "binding"
        s, e = self._trim(ls, le)
        if _COVERAGE.search(value_text):
            self.candidates.append(_Candidate(name, ">=", ("100",), "%", "level", strength, "self", due, s, e,
                                              _COVERAGE.search(value_text).group(0), reading="coverage"))  # type: ignore[union-attr]
            return
        m = re.search(r"(?P<cmp>≥|≤|>=|<=|>|<|不少于|不低于|不超过|不高于|至少|超过|低于)?\s*"
                      r"(?P<num>\d+(?:\.\d+)?)(?:\s*(?:-|~|—|至)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<rest>.*)$", value_text)
        if not m:
            return
        rest = m.group("rest").strip()
        bound = _BOUND_SUFFIX.search(rest) or re.search(r"(以上|以下|以内)$", rest)
        unit = re.sub(r"(及以上|以上|以下|以内|及以下|左右)$", "", rest).strip() or re.sub(r"^[((]|[))]$", "", unit_text)
        if unit.startswith("个百分点"):
            unit = "百分点"
        if unit not in ("%", "‰", "百分点", "倍"):
            unit = _per_unit(name, unit)  # 每万名老年人拥有持证养老护理员数 | 人 → 人/万名老年人
        try:
            parse_unit(unit)
        except InputError:
            self.skipped.append((s, e, f"unknown unit {unit!r} / 无法识别的单位"))
            return
        if m.group("cmp"):
            cmp = _STRICT_BEFORE.get(m.group("cmp"), ">=")
        elif bound:
            cmp = _SUFFIX_CMP.get(bound.group(1), ">=")
        else:
            cmp = ">="
        kind = "increment" if _INCREMENT.search(name) else ("growth" if unit == "百分点" else "level")
        values = (m.group("num"), m.group("high")) if m.group("high") else (m.group("num"),)
        if m.group("high"):
            cmp, kind = "between", "range"
        wording = m.group("cmp") or (bound.group(1) if bound else None)
        self.candidates.append(_Candidate(name, cmp, values, unit, kind, strength, "self", due, s, e, wording))


# ---------------------------------------------------------------------------------------- the document


_BUREAU = re.compile(r"([" + _CJK + r"]{2,12}?(?:省|市|区|县|自治州|州|盟|旗))民政(?:局|厅)")
_PUBLISHED = re.compile(r"(?:公开日期|发布日期|成文日期|发文时间|发文日期|生成日期|印发日期)[::\s|]*(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})")


def _find_jurisdiction(norm: str, catalogue: RuleSet) -> tuple[str, bool, str | None]:
    """(name, known in the catalogue, the bureau as written) from the text."""
    written: str | None = None
    for m in _BUREAU.finditer(norm):
        group = m.group(1)
        for i in range(len(group) - 1):
            j = catalogue.jurisdiction(group[i:])
            if j is not None:
                return j.name, True, group[i:] + "民政" + m.group(0)[-1]
        written = written or group
    counts: dict[str, int] = {}
    for j in catalogue.jurisdictions.values():
        n = sum(norm.count(k) for k in {j.name, *j.aliases} if len(k) >= 2)
        if n:
            counts[j.name] = n
    if counts:
        name = max(counts, key=lambda k: counts[k])
        if counts[name] >= 2:
            return name, True, None
    if written:
        return written, False, written + "民政局"
    raise InputError("cannot tell whose plan this is / 无法判断规划所属行政区划",
                     help="pass --jurisdiction NAME / 请用 --jurisdiction 指定")


def _find_year(norm: str, headings: list[tuple[int, str]]) -> int | None:
    for pos, mode in headings:
        if mode == "plan":
            line = norm[pos:norm.find("\n", pos) if norm.find("\n", pos) >= 0 else len(norm)]
            m = re.search(r"(\d{4})\s*年", line)
            if m:
                return int(m.group(1))
    for line in norm.split("\n"):
        s = line.strip()
        if len(s) <= 60:
            m = _PLAN_YEAR.search(s)
            if m:
                return int(m.group(1))
    return None


def _find_title(norm: str, text: str) -> str | None:
    pos = 0
    for line in norm.split("\n"):
        s = line.strip()
        if (6 <= len(s) <= 60 and not _ENUMERATOR.match(s) and re.search(r"\d{4}\s*年", s)
                and re.search(r"总结|思路|计划|要点|安排|打算|规划|方案", s) and not re.search(r"[,。;:|]", s)):
            i = line.index(s)
            return text[pos + i:pos + i + len(s)]
        pos += len(line) + 1
    return None


def _title_from_headings(norm: str, headings: list[tuple[int, str]], publisher: str) -> str | None:
    """杭州市民政局 + 2024年工作总结 + 和 + 2025年工作思路, from the section headings, when there is no title."""
    parts: list[str] = []
    for mode in ("summary", "plan"):
        for pos, m in headings:
            if m == mode:
                end = norm.find("\n", pos)
                line = _ENUMERATOR.sub("", norm[pos:end if end >= 0 else len(norm)]).strip()
                if re.search(r"\d{4}\s*年", line):
                    parts.append(line)
                break
    return publisher + "和".join(parts) if parts else None


def extract_text(text: str, *, catalogue: RuleSet | None = None, jurisdiction: str | None = None,
                 year: int | None = None, file: str = "plan.txt", tasks: bool = True) -> Extraction:
    """Draft rules from a plan's text / 从规划文本起草规则.

    ``jurisdiction`` (name, alias or code) and ``year`` (the plan year) are read from the text when not
    given; InputError when they cannot be. ``tasks`` (on by default) drafts yes/no tasks (完成…, 成立…, a dated
    出台/正式运营) as 1 项, the catalogue's convention; ``tasks=False`` leaves them out.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    norm = _normalise(text)
    _, headings = _sentences(norm)
    bureau: str | None = None
    if jurisdiction is not None:
        j = cat.jurisdiction(jurisdiction)
        place, known = (j.name, True) if j is not None else (jurisdiction.strip(), False)
        if not place:
            raise InputError("--jurisdiction is empty / 行政区划为空")
    else:
        place, known, bureau = _find_jurisdiction(norm, cat)
    if year is None:
        year = _find_year(norm, headings)
        if year is None:
            raise InputError("cannot tell the plan year / 无法判断计划年度", file=file,
                             help="pass --year YEAR / 请用 --year 指定计划年度")
    if not 1949 <= year <= 2100:
        raise InputError(f"year {year} is out of range / 年度超出范围", help="e.g. --year 2025 / 例如 --year 2025")
    published = _PUBLISHED.search(norm)
    pub_date: dt.date | None = None
    if published:
        try:
            pub_date = dt.date(*(int(x) for x in published.groups()))
        except ValueError:
            pub_date = None
    publisher = bureau or f"{place}民政局"
    title = _find_title(norm, text) or _title_from_headings(norm, headings, publisher) or Path(file).stem
    ex = Extraction(file=file, title=title, publisher=publisher,
                    published=pub_date, jurisdiction=place, jurisdiction_known=known, year=year, text=text)
    engine = _Extractor(text, cat, year, tasks)
    candidates = engine.run()
    ex.skipped = engine.skipped
    _assemble(ex, candidates, cat)
    return ex


def extract_file(path: str | Path, *, catalogue: RuleSet | None = None, jurisdiction: str | None = None,
                 year: int | None = None, tasks: bool = True) -> Extraction:
    """Read a plan file (see :func:`read_plan`) and draft its rules."""
    plan = read_plan(path)
    try:
        return extract_text(plan.text, catalogue=catalogue, jurisdiction=jurisdiction, year=year, file=plan.name,
                            tasks=tasks)
    except InputError as exc:
        raise exc.located(plan.path) from None


# --------------------------------------------------------------------------------------------- assembly


def _slug(ex: Extraction, cat: RuleSet) -> str:
    j = cat.jurisdiction(ex.jurisdiction)
    if j is None:
        return "draft"
    word = re.sub(r"[^a-z0-9]", "", j.en.split()[0].lower()) if j.en.split() else ""
    return word or j.code


def _value_holds(c: _Candidate, values: tuple[Decimal, ...], quote: str) -> bool:
    """Every value is written in the quote, or is what its documented reading gives (READINGS)."""
    if c.reading is None:
        found = numbers_in(quote)
        return all(abs(v) in found for v in values)
    if c.reading == "coverage":
        return values == (Decimal(100),) and _COVERAGE.search(_normalise(quote)) is not None
    if c.reading in ("universal", "standard"):
        return values == (Decimal(100),)
    if c.reading == "task":
        return values == (Decimal(1),) and _TASK.search(_normalise(quote)) is not None
    if c.reading == "enumeration":
        return values == (Decimal(len(c.named)),) and all(name in quote for name in c.named)
    return False


def _reading_note(c: _Candidate, values: tuple[Decimal, ...]) -> str | None:
    """The draft's note: how a value not written as a number in the quote was read."""
    if c.reading == "task":
        return ("yes/no task: 1 = done, the catalogue's convention; the 1 is not in the text / "
                "是否完成类任务:1 表示完成(指标目录约定),原文无此数字")
    if c.reading == "universal":
        return (f"every one has it ({c.reading_note}): coverage 100%, the catalogue's convention; the 100 is not in "
                f"the text / “{c.reading_note}”读作覆盖率(配备率)100%(指标目录约定),原文无此数字")
    if c.reading == "standard":
        return (f"{c.reading_note}: 100% of that standard; the 100 is not in the text / "
                f"“{c.reading_note}”读作该标准的 100%,原文无此数字")
    if c.reading == "enumeration":
        names = "、".join(c.named)
        return (f"{values[0]} = the places named ({names}); the number is not in the text / "
                f"{values[0]} 为列举的地名个数({names}),原文无此数字")
    return None


def _assemble(ex: Extraction, candidates: list[_Candidate], cat: RuleSet) -> None:
    from mzcheck.model.rules import Rule

    slug = _slug(ex, cat)
    used_ids: set[str] = set()
    proposed_by_name: dict[tuple[str, str], ProposedIndicator] = {}
    taken_indicator_ids = set(cat.indicators)
    seen: set[tuple[Any, ...]] = set()
    jurisdiction_for_rule = ex.jurisdiction
    for c in candidates:
        try:
            unit = parse_unit(c.unit)
        except InputError:
            ex.skipped.append((c.start, c.end, f"unknown unit {c.unit!r} / 无法识别的单位"))
            continue
        quote = ex.text[c.start:c.end]
        values = tuple(Decimal(v) for v in c.values)
        if c.kind == "growth" and c.comparator == "<=" and values[0] > 0 and len(values) == 1:
            values = (-values[0],)
        if not _value_holds(c, values, quote):
            ex.skipped.append((c.start, c.end, "a value not in the quote / 数值不在引文中"))
            continue
        note = _reading_note(c, values)
        reference: tuple[str, int] | None = None
        kind = c.kind
        match = _match_indicator(c.phrase, unit, kind, cat)
        target_unit = c.unit
        if kind == "relative":
            ref = _match_indicator(c.reference_phrase or "", parse_unit(""), "relative", cat)
            subj = _match_indicator(c.phrase, parse_unit(""), "relative", cat)
            if ref is not None and subj is not None and ref[0].unit.dims == subj[0].unit.dims and ref[0].id != subj[0].id:
                match, reference = subj, (ref[0].id, c.reference_offset)
                note = (note + "; " if note else "") + \
                    f"relative to {ref[0].model.name.zh} / 相对于“{ref[0].model.name.zh}”"
            elif c.reading == "standard":  # 100% of a standard the catalogue does not know is no target
                ex.skipped.append((c.start, c.end, "a standard not in the catalogue / 目录中没有该标准"))
                continue
            else:
                kind = "level"
                match = None
        if match is not None and kind not in ("growth", "relative"):
            own = match[0].unit
            swap = _classifier_swap(unit, match[0]) if unit.dims != own.dims else None
            if unit.dims == own.dims and unit.factor == own.factor:
                target_unit = own.text  # 张/万老年人口 is written as the catalogue writes it: 张/万名老年人
            elif swap is not None:
                note = (note + "; " if note else "") + \
                    f"原文单位“{c.unit}”按指标单位“{swap}”记 / counted in the catalogue's unit {swap}"
                target_unit = swap
        if match is not None:
            indicator_id, indicator_name, proposed = match[0].id, match[0].model.name.zh, False
        else:
            name = c.phrase.strip()
            if c.task:  # the catalogue's style: 区级社会工作总站成立(是=1)
                name += ("" if name.endswith(c.wording or "") else c.wording or "") + "(是=1)"
            elif c.reading == "enumeration":  # 兰溪市、东阳市完成…: 完成…的地区数
                name = f"{c.wording or ''}{name}的地区数"
            elif re.search(r"(?:配备|配置|拥有|建有|设有)$", name):  # 社区配备不少于9人: 社区配备人数
                name += "人数" if unit.dims == (("person", 1),) else "数"
            if c.coverage and not name.endswith(("覆盖率", "率")):
                name = name + "覆盖率"
            elif unit.text in ("%", "‰") and kind not in ("growth", "relative") and not re.search(r"率|比例|占比|比重$", name):
                name = name + "比例"
            ind_unit = target_unit
            if kind == "growth":
                ind_unit = "%" if unit.text == "百分点" else "1"
            elif kind == "relative":
                ind_unit = "元"
            key = (name, str(parse_unit(ind_unit).dims) if ind_unit != "1" else "")
            p = proposed_by_name.get(key)
            if p is None:
                tokens = _english_tokens(name)
                base = "draft_" + ("_".join(tokens) if tokens else "indicator")
                pid, n = base, 2
                while pid in taken_indicator_ids:
                    pid, n = f"{base}_{n}", n + 1
                taken_indicator_ids.add(pid)
                en = " ".join(t.replace("_", " ") for t in tokens) or "indicator"
                p = ProposedIndicator(pid, name, f"{en} (draft: {name})", "1" if ind_unit == "1" else ind_unit)
                proposed_by_name[key] = p
                ex.proposed.append(p)
            indicator_id, indicator_name, proposed = p.id, p.name_zh, True
        dedupe = (indicator_id, c.phrase, c.comparator, values, c.start, c.end)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        rid_base = f"{slug}-{ex.year}-{indicator_id.replace('_', '-')}"
        rid, n = rid_base, 2
        while rid in used_ids:
            rid, n = f"{rid_base}-{n}", n + 1
        used_ids.add(rid)
        value: Decimal | tuple[Decimal, Decimal] = (values[0], values[1]) if len(values) == 2 else values[0]
        draft = Draft(rid, indicator_id, indicator_name, proposed, c.comparator, value, target_unit, c.due, kind,
                      c.strength, c.scope, quote, c.start, c.end, c.wording,
                      c.baseline if kind == "growth" else None, reference, note, c.reading)
        try:
            Rule.model_validate(draft.rule_data(jurisdiction_for_rule))
        except Exception as exc:  # pydantic's ValidationError: a draft the schema refuses is not offered
            ex.skipped.append((c.start, c.end, f"not a valid rule: {exc}"))
            continue
        ex.drafts.append(draft)


# --------------------------------------------------------------------------------------------- writing


def drafts_json(ex: Extraction) -> list[dict[str, Any]]:
    """The drafts as ``mzcheck targets --format json`` items, plus ``offsets``, ``wording``, ``note``,
    ``reading`` (null, or the READINGS key of a value not written as a number) and the proposed indicator."""
    proposed = {p.id: p for p in ex.proposed}
    out: list[dict[str, Any]] = []
    for d in ex.drafts:
        value: Any = list(d.value) if isinstance(d.value, tuple) else d.value
        p = proposed.get(d.indicator)
        out.append({
            "rule_id": d.rule_id, "jurisdiction": ex.jurisdiction, "indicator": d.indicator,
            "comparator": d.comparator, "target": {"value": value, "unit": parse_unit(d.unit).label},
            "due": d.due, "kind": d.kind, "strength": d.strength, "scope": d.scope,
            "source": {"document": ex.title, "quote": d.quote, "publisher": ex.publisher,
                       "published": ex.published, "file": ex.file},
            "offsets": [d.start, d.end],
            "wording": d.wording,
            "note": d.note,
            "reading": d.reading,
            "indicator_name": d.indicator_name,
            "proposed_indicator": ({"id": p.id, "name": {"zh": p.name_zh, "en": p.name_en}, "unit": p.unit}
                                   if p else None),
        })
    return out


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _num(v: Decimal) -> str:
    return format(v, "f")


def drafts_yaml(ex: Extraction) -> str:
    """A rule file in the ``targets/rules/`` format: document header, jurisdiction, rules."""
    lines = [
        f"# Draft rules from {ex.file}, made by `mzcheck extract`: review every rule before use.",
        f"# 由 mzcheck extract 从 {ex.file} 起草的规则:使用前请逐条核对(指标、比较符、数值、截止日期、原文)。",
        f"# Plan year / 计划年度: {ex.year}. Offsets are character offsets into the plan text / 原文位置为字符偏移。",
    ]
    if not ex.jurisdiction_known:
        lines.append(f"# 行政区划“{ex.jurisdiction}”不在 jurisdictions.yaml 中,请先添加 / "
                     f"add {ex.jurisdiction} to jurisdictions.yaml before loading these rules")
    if ex.proposed:
        lines.append("# Proposed indicators (add to indicators.yaml, or use --output DIR) / 建议新增的指标:")
        for p in ex.proposed:
            lines.append(f"#   - {{id: {p.id}, name: {{zh: {_q(p.name_zh)}, en: {_q(p.name_en)}}}, unit: {_q(p.unit)}}}")
    published = ex.published or dt.date(ex.year, 1, 1)
    lines += [
        "document:",
        f"  title: {_q(ex.title)}",
        f"  publisher: {_q(ex.publisher)}",
        f"  published: {published.isoformat()}" + ("" if ex.published else "   # 发布日期未知,请核对 / unknown: check"),
        f"  file: {_q(ex.file)}",
        f"jurisdiction: {_q(ex.jurisdiction)}",
        "rules:" if ex.drafts else "rules: []",
    ]
    for d in ex.drafts:
        if isinstance(d.value, tuple):
            target = f"{{value: [{_num(d.value[0])}, {_num(d.value[1])}], unit: {_q(d.unit)}}}"
        else:
            target = f"{{value: {_num(d.value)}, unit: {_q(d.unit)}}}"
        lines += [
            f"  # 原文位置 offsets: [{d.start}, {d.end}]" + ("  建议新增指标 / proposed indicator" if d.proposed else ""),
            f"  - id: {d.rule_id}",
            f"    indicator: {d.indicator}   # {d.indicator_name}",
            f"    comparator: {_q(d.comparator)}",
            f"    target: {target}",
            f"    due: {d.due.isoformat()}",
            f"    kind: {d.kind}",
            f"    strength: {d.strength}",
            f"    scope: {d.scope}",
        ]
        if d.baseline is not None:
            lines.append(f"    baseline: {d.baseline}")
        if d.reference is not None:
            lines.append(f"    reference: {{indicator: {d.reference[0]}, offset: {d.reference[1]}}}")
        if d.wording:
            lines.append(f"    wording: {_q(d.wording)}")
        if d.note:
            lines.append(f"    note: {_q(d.note)}")
        lines += ["    source:", f"      quote: {_q(d.quote)}"]
    return "\n".join(lines) + "\n"


def write_folder(ex: Extraction, out: str | Path, catalogue_root: Path | None = None) -> Path:
    """Write a folder that ``mzcheck lint OUT --sources OUT/sources`` accepts / 写出可直接校验的目录.

    ``OUT/rules/<place>-<year>.yaml`` (the drafts), ``OUT/indicators.yaml`` (the catalogue plus the
    proposed indicators), ``OUT/jurisdictions.yaml`` and ``OUT/sources/<plan>`` (the text as UTF-8).
    Returns the rule file's path.
    """
    import yaml

    from mzcheck.load import rules as targets

    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} exists and is not a folder / 已存在且不是文件夹", file=str(folder))
    root = catalogue_root if catalogue_root is not None else targets.bundled_targets()
    ind_file = root / targets.INDICATORS_FILE
    if not ind_file.exists():
        ind_file = targets.bundled_targets() / targets.INDICATORS_FILE
    jur_file = root / targets.JURISDICTIONS_FILE
    if not jur_file.exists():
        jur_file = targets.bundled_targets() / targets.JURISDICTIONS_FILE
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    catalogue = yaml.safe_load(ind_file.read_text(encoding="utf-8"))
    for p in ex.proposed:
        entry: dict[str, Any] = {"id": p.id, "name": {"zh": p.name_zh, "en": p.name_en}, "unit": p.unit,
                                 "description": "proposed by mzcheck extract: review / 由 mzcheck extract 建议,请核对"}
        catalogue["indicators"].append(entry)
    header = ("# Indicator catalog with the indicators proposed by `mzcheck extract` appended.\n"
              "# 指标目录,末尾附 mzcheck extract 建议新增的指标。\n")
    (folder / targets.INDICATORS_FILE).write_text(
        header + yaml.safe_dump(catalogue, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    (folder / targets.JURISDICTIONS_FILE).write_text(jur_file.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sources" / ex.file).write_text(ex.text, encoding="utf-8")
    slug = re.sub(r"[^A-Za-z0-9_.-]", "", Path(ex.file).stem) or "plan"
    rule_file = folder / "rules" / f"{slug}.yaml"
    rule_file.write_text(drafts_yaml(ex), encoding="utf-8")
    return rule_file
