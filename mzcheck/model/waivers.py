"""Waivers: approved exceptions to a rule for a jurisdiction / 豁免(经批准的例外).

A waivers file (``--waivers FILE``, or ``waivers = [...]`` in the configuration) lists entries::

    waivers:
      - rule: hangzhou-2025-centralized-care-institutions-per-county
        jurisdiction: 淳安县
        period: 2025                      # optional: only the report for this year
        reason: {zh: 山区县,人口分散,经批准暂设1个, en: a mountain county with a scattered population}
        approved_by: 杭州市民政局
        expires: 2025-12-31

``reason`` is one text or ``{zh, en}``. Loading (:mod:`mzcheck.load.waivers`) checks the rule and the
jurisdiction; evaluation applies an entry while the report's as-of date is not after ``expires``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mzcheck.core.modelbase import Field, field_validator
from mzcheck.model.rules import Name, Strict


class Waiver(Strict):
    """One approved exception / 一条豁免."""

    rule: str = Field(min_length=1)
    jurisdiction: str = Field(min_length=1)
    period: int | None = Field(default=None, ge=1949, le=2100)
    reason: Name
    approved_by: str = Field(min_length=1)
    expires: dt.date

    @field_validator("reason", mode="before")
    @classmethod
    def _one_text(cls, v: Any) -> Any:
        return {"zh": v, "en": v} if isinstance(v, str) else v

    @field_validator("jurisdiction", mode="before")
    @classmethod
    def _code_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v


class WaiverFile(Strict):
    """A waivers file / 豁免文件."""

    waivers: list[Waiver]


@dataclass(frozen=True)
class CompiledWaiver:
    """A waiver with its jurisdiction resolved and where it is written."""

    waiver: Waiver
    code: str  # the jurisdiction's GB/T 2260 code
    name: str  # the jurisdiction's name
    file: str
    line: int | None

    def covers(self, rule_id: str, code: str, period: int) -> bool:
        w = self.waiver
        return w.rule == rule_id and self.code == code and (w.period is None or w.period == period)

    def expired(self, as_of: dt.date) -> bool:
        return self.waiver.expires < as_of


@dataclass
class Waivers:
    """The waivers of a run, looked up by rule, jurisdiction code and period."""

    entries: list[CompiledWaiver] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def find(self, rule_id: str, code: str, period: int) -> CompiledWaiver | None:
        """The waiver for this rule, jurisdiction and report period (one for the period before one for any)."""
        found = [w for w in self.entries if w.covers(rule_id, code, period)]
        found.sort(key=lambda w: w.waiver.period is None)
        return found[0] if found else None

    @classmethod
    def of(cls, entries: Iterable[CompiledWaiver]) -> Waivers:
        return cls(list(entries))
