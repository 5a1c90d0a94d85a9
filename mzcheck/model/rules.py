"""The records: indicators, jurisdictions, rules, reports and results / 数据模型.

Pydantic models with unknown fields rejected. A rule is one record: evaluation, ``mzcheck explain``,
the template, the docs page and the test strategies all read it. Numbers are ``Decimal`` (exact, as
written); evaluation turns them into ``Fraction``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from mzcheck.core.codes import rules as K
from mzcheck.core.messages import model_error
from mzcheck.core.modelbase import BaseModel, ConfigDict, Field, field_validator, model_validator

Comparator = Literal[">=", "<=", ">", "<", "==", "between"]
Kind = Literal["level", "increment", "maintain", "growth", "each", "relative", "range"]
Strength = Literal["binding", "aspirational"]
Scope = Literal["self", "each_child"]
Status = Literal["met", "not_met", "missing", "invalid", "on_track", "behind", "not_due", "waived"]
Severity = Literal["error", "warning", "ok"]

# Civil Code art. 1259: 以上、以下、以内、届满 include the number; 不满、超过、以外 do not.
COMPARATOR_WORDS: dict[str, str] = {
    "达到": ">=", "达": ">=", "以上": ">=", "不少于": ">=", "不低于": ">=", "不小于": ">=", "至少": ">=",
    "全覆盖": ">=", "≥": ">=", "=>": ">=",
    "以下": "<=", "以内": "<=", "不超过": "<=", "不高于": "<=", "不大于": "<=", "降至": "<=", "≤": "<=", "=<": "<=",
    "超过": ">", "高于": ">", "大于": ">",
    "低于": "<", "不满": "<", "不足": "<", "小于": "<",
    "等于": "==", "为": "==", "=": "==",
    "范围": "between", "至": "between", "~": "between", "-": "between",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Name(Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


Number = Annotated[Decimal, Field(allow_inf_nan=False)]


class Indicator(Strict):
    """An indicator of the catalog / 指标."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Name
    aliases: list[str] = Field(default_factory=list)
    unit: str = Field(min_length=1)
    numerator: str | None = None
    denominator: str | None = None
    scale: Number | None = None
    noun: Name | None = None  # how a sentence counts it: {zh: 老年人, en: elders}
    description: str | None = None

    @model_validator(mode="after")
    def _formula_complete(self) -> Indicator:
        parts = [self.numerator, self.denominator]
        if any(parts) and not all(parts):
            raise model_error(K.FORMULA_INCOMPLETE())
        return self

    @property
    def derived(self) -> bool:
        return self.numerator is not None

    @property
    def yes_no(self) -> bool:
        """A yes/no indicator: its Chinese name says ``(是=1)``, as the plans' tables write it; a report may
        give 是/否, 已完成/未完成, ✓/✗, yes/no (docs/design/0019-values-as-written.md)."""
        return "是=1" in self.name.zh.replace(" ", "")

    @property
    def words(self) -> Name:
        """The noun for sentences ("75 more certified carers for 1,905,000 elders")."""
        return self.noun or self.name


class Jurisdiction(Strict):
    """An administrative division (GB/T 2260; nine digits for a township) / 行政区划."""

    code: str = Field(pattern=r"^\d{6}(\d{3})?$")
    name: str
    en: str = ""  # the national table has none; jurisdictions.yaml may give one
    aliases: list[str] = Field(default_factory=list)
    parent: str | None = Field(default=None, pattern=r"^\d{6}(\d{3})?$")
    level: int | None = Field(default=None, ge=1, le=4)  # 1 province, 2 prefecture, 3 county, 4 township


class Document(Strict):
    """The plan a rule comes from / 规则出处文件."""

    title: str
    publisher: str
    published: dt.date
    file: str | None = None
    url: str | None = None


class Source(Strict):
    """Where a rule comes from: the document and the verbatim quote / 出处与原文."""

    quote: str = Field(min_length=2)
    document: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    file: str | None = None


_SHORT_TARGET = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(?:[-~～至到]\s*(\d+(?:\.\d+)?))?\s*(.*)$")


class Target(Strict):
    """The target value and unit; ``[low, high]`` for a range / 目标值."""

    value: Number | tuple[Number, Number]
    unit: str = ""

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, (int, Decimal)) and not isinstance(data, bool):
            return {"value": data, "unit": ""}
        if isinstance(data, str):
            m = _SHORT_TARGET.match(data)
            if not m:
                raise model_error(K.TARGET_TEXT(got=repr(data)))
            low, high, unit = m.groups()
            value: Any = [Decimal(low), Decimal(high)] if high else Decimal(low)
            return {"value": value, "unit": unit.strip()}
        return data

    @field_validator("value")
    @classmethod
    def _ordered(cls, v: Any) -> Any:
        if isinstance(v, tuple) and v[0] > v[1]:
            raise model_error(K.RANGE_ORDER(low=v[0], high=v[1]))
        return v


class Reference(Strict):
    """The other indicator a relative rule compares with / 相对规则的参照指标."""

    indicator: str
    offset: int = Field(default=0, le=0, ge=-10)


class Milestone(Strict):
    """An interim checkpoint: by ``due``, ``target`` (cumulative) / 阶段性节点."""

    due: dt.date
    target: Target


class Rule(Strict):
    """A target rule / 目标规则."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    indicator: str
    jurisdiction: str
    comparator: Comparator
    target: Target
    due: dt.date
    kind: Kind = "level"
    strength: Strength = "binding"
    scope: Scope = "self"
    source: Source
    start: dt.date | None = None
    baseline: int | None = Field(default=None, ge=1949, le=2100)
    reference: Reference | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    wording: str | None = None
    note: str | None = None
    supersedes: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_.-]*$")  # the rule this one revises
    precision: int | None = Field(default=None, ge=0, le=6)  # decimal places the target is published at

    @field_validator("comparator", mode="before")
    @classmethod
    def _comparator_word(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = v.strip()
            return COMPARATOR_WORDS.get(v, v)
        return v

    @field_validator("jurisdiction", mode="before")
    @classmethod
    def _code_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        is_range = isinstance(self.target.value, tuple)
        if (self.comparator == "between") != is_range:
            raise model_error(K.BETWEEN_RANGE())
        if self.start is not None and self.start > self.due:
            raise model_error(K.START_AFTER_DUE())
        return self

    @property
    def year(self) -> int:
        return self.due.year

    @property
    def places(self) -> int:
        """The decimal places the target is published at: ``precision``, else as written (80 → 0, 27.5 → 1)."""
        if self.precision is not None:
            return self.precision
        value = self.target.value
        return max(_places(v) for v in (value if isinstance(value, tuple) else (value,)))


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class RuleFileHeader(Strict):
    """The top of a rule file: the document, the default jurisdiction and the rules."""

    document: Document
    jurisdiction: str | None = None
    rules: list[dict[str, Any]]

    @field_validator("jurisdiction", mode="before")
    @classmethod
    def _code_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v
