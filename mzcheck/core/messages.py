"""Messages with codes, in Chinese and English / 带编号的中英文消息.

Every sentence mzcheck shows — an input error, a result, a finding, a lint finding, a hint — comes from
this catalogue. A :class:`Code` is one kind of message: a code (``C201``), a name
(``unknown-jurisdiction``), a Chinese and an English template with the same ``{fields}``, an optional
help line and a short explanation that ``mzcheck explain CODE`` prints. Calling a code with the fields
gives a :class:`Message`, which carries the code along::

    UNKNOWN_DIVISION(name="火星市")   # Message(zh="未知行政区划“火星市”", en="unknown jurisdiction '火星市'", code="C201")

A :class:`Phrase` is a piece of wording without a code (a hint, a word put into another message).

Codes are grouped by a letter, like ruff's rule codes; each section is one module of
:mod:`mzcheck.core.codes` (CONTRIBUTING.md: "Add a message code"):

==== =====================================================================
F    files: missing, unreadable, too large, binary, encodings
Y    YAML and JSON syntax
R    report structure: fields, jurisdiction, period, dates, history, children
T    tables: CSV, TSV and Excel layouts, headers, cells
V    reported values: numbers, units, dimensions, signs
U    unit texts and numbers themselves
C    the catalog: indicators and divisions
K    rule files
L    lint findings on a rule set
S    results: the verdict sentence of each status
P    progress during the year: on track, behind, projections
N    notes (findings) beside a verdict
H    the history store
X    drafting rules from a plan text
B    the bulk and engine APIs (tables, columns, Dask, Spark)
O    output and command-line use
W    waivers, superseded rules, published precision
D    differences between two rule sets (mzcheck diff)
==== =====================================================================
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic_core import PydanticCustomError


# A frozen, slotted record, not a pydantic model: every verdict, finding and error carries one, and mzcheck's
# core imports no pydantic for it (docs/design/0034-messages-without-pydantic.md). pydantic validates and
# writes it where a model holds one: {"zh": …, "en": …}, with "code" when it has one.
@dataclass(frozen=True, slots=True)
class Message:
    """A sentence in Chinese and English, with the code of the catalogue entry it comes from / 中英文说明."""

    zh: str
    en: str
    code: str | None = None

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` (``zh`` or ``en``)."""
        return self.zh if lang == "zh" else self.en

    def both(self) -> str:
        """Both sentences for a reader of either language: ``en / zh`` (one line, as the CLI prints errors)."""
        return self.en if self.en == self.zh else f"{self.en} / {self.zh}"

    def as_json(self) -> dict[str, str]:
        """The message as JSON shows it: ``{"zh": …, "en": …}``, with ``"code"`` when it has one."""
        return {"zh": self.zh, "en": self.en} if self.code is None else {"zh": self.zh, "en": self.en, "code": self.code}

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """pydantic's schema of the dataclass, written without a ``code`` of None (as JSON output shows it)."""
        from pydantic_core import core_schema

        schema = handler(source)
        schema["serialization"] = core_schema.wrap_serializer_function_ser_schema(_without_empty_code)
        return schema


def placed(message: Message, where: str) -> Message:
    """``message`` saying where its value was written: ``…(report.yaml:10)`` / ``… (report.yaml:10)``. The one
    spelling of a location inside a message (``CheckResult.verdicts`` takes it out again)."""
    return Message(zh=f"{message.zh}({where})", en=f"{message.en} ({where})", code=message.code)


def _without_empty_code(message: Message, handler: Any) -> dict[str, Any]:
    # pydantic's own writing, then the code dropped: a wrap rather than as_json, so that a field set to
    # something other than a message (a result is not frozen) is still written as pydantic writes it
    data: dict[str, Any] = handler(message)
    if data.get("code", "") is None:
        del data["code"]
    return data


_FIELDS = string.Formatter()
_CODE = re.compile(r"^[A-Z]\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def _fields(template: str) -> frozenset[str]:
    """The fields of a template both languages must use (a language's own, ``name_zh``/``name_en``, aside)."""
    names = (f.split(".")[0].split("[")[0] for _, f, _, _ in _FIELDS.parse(template) if f)
    return frozenset(n for n in names if not n.endswith(("_zh", "_en")))


@dataclass(frozen=True, slots=True)
class Phrase:
    """Wording without a code: a hint or a piece of another message / 无编号的措辞(提示或片段)."""

    zh: str
    en: str

    def __call__(self, **fields: Any) -> Message:
        return Message(self.zh.format(**fields), self.en.format(**fields))


@dataclass(frozen=True, slots=True)
class Code:
    """One kind of message: its code, name, templates, help and explanation / 一类消息."""

    code: str
    name: str
    zh: str
    en: str
    why_zh: str = ""
    why_en: str = ""
    help: Phrase | None = None

    def __call__(self, **fields: Any) -> Message:
        """The message with ``fields`` filled in, carrying this code."""
        return Message(self.zh.format(**fields), self.en.format(**fields), self.code)

    def hint(self, **fields: Any) -> Message | None:
        """The help line with ``fields`` filled in (the fields it does not use are ignored)."""
        return None if self.help is None else self.help(**fields)

    @property
    def section(self) -> str:
        return SECTIONS[self.code[0]]


class Partial:
    """A code with some of its fields filled in once (a rule's name and target): ``partial(**rest)`` is
    ``code(**fixed, **rest)``, the same message, with the fixed fields no longer formatted at every call."""

    __slots__ = ("code", "en", "zh")

    def __init__(self, of: Code, **fixed: Any) -> None:
        self.code = of.code
        self.zh = _filled(of.zh, fixed)
        self.en = _filled(of.en, fixed)

    def __call__(self, **fields: Any) -> Message:
        return Message(self.zh.format(**fields), self.en.format(**fields), self.code)


def _filled(template: str, fixed: Mapping[str, Any]) -> str:
    """``template`` with the ``fixed`` fields written in (their text's braces doubled), the others left as
    fields: formatting the result with the rest gives ``template.format(**fixed, **rest)``."""
    out = []
    for literal, name, spec, conversion in _FIELDS.parse(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name in fixed and "{" not in (spec or ""):
            value = _FIELDS.convert_field(fixed[name], conversion)
            out.append(format(value, spec or "").replace("{", "{{").replace("}", "}}"))
        else:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


SECTIONS: dict[str, str] = {
    "F": "files / 文件", "Y": "YAML and JSON / YAML 与 JSON", "R": "reports / 报表", "T": "tables / 表格",
    "V": "reported values / 填报数值", "U": "units and numbers / 单位与数值", "C": "the catalog / 指标与区划目录",
    "K": "rule files / 规则文件", "L": "lint / 规则校验", "S": "results / 检查结果", "P": "progress / 年中进度",
    "N": "notes / 附注", "H": "history store / 历史记录库", "X": "extract / 规则起草",
    "B": "bulk and engines / 批量与分布式", "O": "output and command line / 输出与命令行",
    "W": "waivers, revisions and precision / 豁免、修订与精度", "D": "rule set differences / 规则集差异",
}

CATALOGUE: dict[str, Code] = {}
_BY_NAME: dict[str, Code] = {}


def code(code: str, name: str, zh: str, en: str, *, why: tuple[str, str] = ("", ""),
         help: tuple[str, str] | None = None) -> Code:
    """Add a code to the catalogue (at import, once); the two templates must use the same fields."""
    if not _CODE.match(code) or code[0] not in SECTIONS:
        raise ValueError(f"message code {code!r} is not a section letter and three digits")
    if not _NAME.match(name):
        raise ValueError(f"message name {name!r} is not kebab-case")
    if code in CATALOGUE or name in _BY_NAME:
        raise ValueError(f"message code {code} or name {name} is defined twice")
    if _fields(zh) != _fields(en):
        raise ValueError(f"{code}: the zh and en templates use different fields ({sorted(_fields(zh) ^ _fields(en))})")
    entry = Code(code, name, zh, en, why[0], why[1], Phrase(*help) if help else None)
    CATALOGUE[code] = entry
    _BY_NAME[name] = entry
    return entry


def find(key: str) -> Code | None:
    """The entry for a code (``R201``, any case) or a name among those defined so far; use
    :func:`mzcheck.core.codes.lookup`, which loads every section first."""
    return CATALOGUE.get(key.strip().upper()) or _BY_NAME.get(key.strip().lower())


def looks_like_code(text: str) -> bool:
    return bool(_CODE.match(text.strip().upper()))


DID_YOU_MEAN = Phrase("是否应为 {names_zh}?", "did you mean {names_en}?")


def did_you_mean(names: Sequence[str]) -> Message | None:
    """The usual hint for a near miss: ``did you mean a, b?`` / ``是否应为 a、b?``; None without candidates."""
    if not names:
        return None
    return DID_YOU_MEAN(names_zh="、".join(names), names_en=", ".join(names))


def fill(template: Code | Phrase, values: Mapping[str, Any]) -> Message:
    """``template(**values)``, for callers holding the fields in a mapping."""
    return template(**values)


MODEL_ERROR = "mzcheck_message"  # the pydantic error type of a model's own check, carrying a Message


def model_error(message: Message) -> PydanticCustomError:
    """Raise this from a pydantic validator: loading turns it back into the coded message, with its line."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(MODEL_ERROR, message.en, {"zh": message.zh, "en": message.en, "code": message.code})
