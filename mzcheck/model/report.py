"""A parsed report: jurisdiction, period and the values as read / 已解析的报表.

Every format (YAML, JSON, CSV, Excel, a Python mapping) is read into these records by :mod:`mzcheck.read`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from mzcheck.core.messages import Message
from mzcheck.core.modelbase import BaseModel, ConfigDict, Field
from mzcheck.core.records import shared_given
from mzcheck.core.units import ParsedValue, Quantity
from mzcheck.model.results import Finding
from mzcheck.model.rules import Jurisdiction


@dataclass(frozen=True, slots=True)
class Reported:
    """One reported value: what was written, where, and either the quantity or why it is unusable (a coded
    message naming where the value is). Slotted: a province's table holds one for each value a rule reads."""

    indicator: str
    raw: str
    value: ParsedValue | None
    error: Message | None = None
    file: str | None = None
    line: int | None = None
    cell: str | None = None  # a spreadsheet cell (``Sheet1!C7``), when the value came from one
    # how a usable value was read where the writing leaves a doubt (0.9 for a percent indicator read as 90%,
    # 1350元 for a monthly standard read per month): every result using the value carries these
    notes: tuple[Finding, ...] = field(default=(), hash=False)  # findings are pydantic models: not hashable

    @property
    def quantity(self) -> Quantity | None:
        return self.value.quantity if self.value else None


Values = dict[str, Reported]


class Report(BaseModel):
    """A parsed report / 报表: what :func:`mzcheck.load_report` and :func:`mzcheck.report_from_mapping` give and :func:`mzcheck.evaluate` checks.

    Frozen: ``report.model_copy(update={"target_year": 2025})`` checks it against another year's targets.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    jurisdiction: Jurisdiction
    period: int
    as_of: dt.date
    target_year: int
    values: Values
    history: dict[int, Values] = Field(default_factory=dict)
    children: dict[str, Values] = Field(default_factory=dict)
    added: Values = Field(default_factory=dict)
    file: str | None = None
    # how the report was written: a mapping (YAML, JSON, Python data) or table rows (CSV, Excel, the bulk API);
    # what is missing is then asked for in the input's own terms (history: and 类别 = 2024 are the same slot)
    layout: Literal["mapping", "table"] = "mapping"

    def model_post_init(self, context: Any, /) -> None:
        # the names of the fields given, a set pydantic keeps in every model (some 700 bytes): one set for the
        # reports given the same fields (a province's table makes thousands). A frozen model never changes it;
        # a copy with changes gets its own.
        object.__setattr__(self, "__pydantic_fields_set__", shared_given(self.__pydantic_fields_set__))

    @property
    def gap_analysis(self) -> bool:
        """True when last year's actuals are read against a later year's targets (distance to target)."""
        return self.target_year > self.period


@dataclass(frozen=True)
class Point:
    """An earlier value: its date, the value and where it comes from (``history``, ``recorded``)."""

    when: dt.date
    value: Fraction
    origin: Literal["history", "recorded"]


@dataclass
class Recorded:
    """Earlier values of one jurisdiction, as a history store keeps them (:mod:`mzcheck.history`).

    ``observations``: indicator id → values in base units; ``results``: rule id → the rule's measured
    actual (e.g. beds added so far) in the rule's target unit. :func:`mzcheck.evaluate` uses them for
    trends when a report carries no ``history``.
    """

    observations: dict[str, list[Point]] = field(default_factory=dict)
    results: dict[str, list[Point]] = field(default_factory=dict)
