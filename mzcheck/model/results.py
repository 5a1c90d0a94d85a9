"""Results: the verdict on each rule and the summary of a report / 检查结果.

Plain pydantic models: they carry finished verdicts and sentences; nothing is computed here. Numbers are
exact ``Decimal`` values; ``model_dump(mode="json")`` writes them as JSON numbers printing the same digits
(``-0.39``, not ``"-0.39"``) and dates as ISO text, which is exactly one report object of
``mzcheck check --format json`` (docs/contract.md).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from mzcheck.core.messages import Code, Message
from mzcheck.core.modelbase import BaseModel, Field, PlainSerializer
from mzcheck.core.records import maker
from mzcheck.model.rules import Comparator, Kind, Severity, Status, Strength


def json_number(value: Decimal) -> int | float:
    """A Decimal as the JSON number that prints its digits: whole numbers as ints, others as floats
    (to_decimal keeps at most 15 significant digits, so repr() prints the decimal back unchanged)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Number = Annotated[Decimal, PlainSerializer(json_number, when_used="json")]


class Amount(BaseModel):
    """A value and its unit as JSON shows it: ``{"value": 80, "unit": "percent"}``."""

    value: Number | list[Number] | None
    unit: str


class Shortfall(BaseModel):
    """What closes the gap in component terms / 差距折算: add 75 certified carers."""

    indicator: str
    value: Number
    unit: str
    how: Literal["add", "convert", "reduce"]
    message: Message


class Finding(BaseModel):
    """A note beside the verdict: a reported ratio disagreeing with its components, a bound …"""

    code: str
    name: str = ""
    severity: Severity
    message: Message

    @classmethod
    def of(cls, code: Code, severity: Severity, **fields: Any) -> Finding:
        """The finding of a catalogue code: ``Finding.of(N.BOUND, "ok", raw="超过19")``; made directly, its
        values being of their fields' types (core/records.py, ``maker``), for a subclass validated."""
        if cls is Finding:
            return _new_finding(code.code, code.name, severity, code(**fields))
        return cls(code=code.code, name=code.name, severity=severity, message=code(**fields))


_new_finding = maker(Finding, ("code", "name", "severity", "message"))


class ValueRef(BaseModel):
    """A reported value a result used, and where it was written / 判定所用的填报值及其位置."""

    indicator: str
    section: str  # values, added, a year (history), child:<name>
    raw: str
    file: str | None = None
    line: int | None = None
    cell: str | None = None


class WaiverOut(BaseModel):
    """The approved exception a waived result carries, with the verdict it would have had / 豁免及原本结论."""

    verdict: Status  # the status without the waiver: not_met, behind, missing …
    severity: Severity  # the severity without the waiver
    reason: Message
    approved_by: str
    expires: dt.date
    jurisdiction: str
    period: int | None = None
    file: str | None = None
    line: int | None = None


class ChildResult(BaseModel):
    """The verdict for one child unit of an ``each`` rule."""

    jurisdiction: str
    status: Status
    actual: Amount | None
    gap: Amount | None
    waiver: WaiverOut | None = None  # status waived: the exception, and the child's verdict in waiver.verdict


class Completion(BaseModel):
    """完成率 as a percent number (52.5 means 52.5%) and the formula that gave it (docs/progress.md)."""

    value: Number
    unit: Literal["percent"] = "percent"
    formula: Literal["actual/target", "target/actual", "added/planned", "growth/planned", "range"]


class Pace(BaseModel):
    """How much a month is still needed to reach the target by the due date / 剩余期间每月所需."""

    value: Number
    unit: str
    per: Literal["month"] = "month"


class TrajectoryPoint(BaseModel):
    """One point of the path towards the target, in the target's unit / 进度轨迹上的一点."""

    date: dt.date
    value: Number
    origin: Literal["start", "history", "recorded", "report", "milestone", "projected"]


class Projection(BaseModel):
    """The value expected at the due date at the pace observed so far / 按当前进度推算的到期值."""

    method: Literal["pro_rata", "milestones", "linear", "compound"]
    value: Number
    unit: str
    at: dt.date
    meets: bool
    crosses: dt.date | None = None  # when the trend reaches the target (None: already, or never)
    observed_change: Number | None = None  # a year: in the target unit (linear) or percent (compound)
    required_change: Number | None = None
    change_unit: str | None = None
    basis: Message


class SourceOut(BaseModel):
    document: str | None
    quote: str
    publisher: str | None = None
    published: dt.date | None = None
    file: str | None = None


FailOn = Literal["error", "warning", "never"]


class Result(BaseModel):
    """The verdict on one rule / 单条规则的检查结果."""

    rule_id: str
    indicator: str
    indicator_name: Message
    status: Status
    severity: Severity
    strength: Strength
    kind: Kind
    comparator: Comparator
    due: dt.date
    target: Amount
    target_text: Message  # the target as the plan states it: 新增不低于800张 / added: at least 800
    actual: Amount | None
    gap: Amount | None
    shortfall: list[Shortfall] = Field(default_factory=list)
    message: Message
    source: SourceOut
    findings: list[Finding] = Field(default_factory=list)
    children: list[ChildResult] = Field(default_factory=list)
    completion: Completion | None = None
    expected_to_date: Amount | None = None  # before the due date: where the plan's pace puts it today
    pace_needed: Pace | None = None
    projection: Projection | None = None
    trajectory: list[TrajectoryPoint] = Field(default_factory=list)
    inputs: list[ValueRef] = Field(default_factory=list)  # the reported values the verdict used
    waiver: WaiverOut | None = None  # status waived: the exception, and the verdict kept in waiver.verdict

    def fails(self, fail_on: FailOn = "error") -> bool:
        """Whether this result makes ``mzcheck check --fail-on FAIL_ON`` exit 1 (a waived one never does)."""
        return failing(self.status, self.severity, self.warned(), fail_on)

    def warned(self) -> bool:
        """Whether a finding of this result is a warning."""
        return any(f.severity == "warning" for f in self.findings)


def failing(status: str, severity: str, warned: bool, fail_on: FailOn) -> bool:
    """Whether a result of this status and severity (``warned``: a finding of it is a warning) makes ``mzcheck
    check --fail-on FAIL_ON`` exit 1 (a waived one never does)."""
    if fail_on == "never" or status == "waived":
        return False
    if fail_on == "warning":
        return severity in ("error", "warning") or warned
    return severity == "error"


class CompletionSummary(BaseModel):
    """The report's overall 完成率, both ways published summaries compute it; ``shown`` says which is shown."""

    mean: Number | None  # mean of the item rates, percent
    total: Number | None  # total actual over total target, percent; None when the units differ
    shown: Literal["mean", "total"]
    items: int
    method: Message


class Summary(BaseModel):
    met: int = 0
    not_met: int = 0
    missing: int = 0
    invalid: int = 0
    on_track: int = 0
    behind: int = 0
    not_due: int = 0
    waived: int = 0
    total: int = 0
    errors: int = 0
    warnings: int = 0
    passed: bool = True
    completion: CompletionSummary | None = None


class ReportInfo(BaseModel):
    jurisdiction: str
    code: str
    period: int
    as_of: dt.date
    target_year: int
    file: str | None = None


class CheckResult(BaseModel):
    """All verdicts for one report / 一份报表的检查结果."""

    report: ReportInfo
    summary: Summary
    results: list[Result]
    findings: list[Finding] = Field(default_factory=list)

    def verdicts(self) -> dict[str, Any]:
        """The JSON object without where the values were written (the file, and each value's line or cell, in
        their fields and where a message names them, ``(report.yaml:10)``): what two readings of the same report
        in different formats must share."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude=_LOCATIONS)
        file = self.report.file
        if not file:
            return data
        # a value's message says where it is as core.messages.placed writes it: "…(file:line)" / "… (file:line)",
        # with a cell (file!Sheet1!C7) or a field (file: values.x) in place of the line, or the file alone
        at = re.compile(r" ?\(" + re.escape(file) + r"(?:[:!][^()]*)?\)")
        return cast("dict[str, Any]", _unlocated(data, at))


_LOCATIONS: Any = {"report": {"file"}, "results": {"__all__": {"inputs": {"__all__": {"file", "line", "cell"}}}}}


def _unlocated(value: Any, at: re.Pattern[str]) -> Any:
    """``value`` (a JSON object's part) with every location ``at`` matches taken out of its texts."""
    if isinstance(value, str):
        return at.sub("", value)
    if isinstance(value, dict):
        return {k: _unlocated(v, at) for k, v in value.items()}
    if isinstance(value, list):
        return [_unlocated(v, at) for v in value]
    return value
