"""Observing an indicator in a report's values / 从报表数值中取得指标值.

An indicator is reported directly, computed from its components (numerator / denominator), or both;
with both, the reported ratio must agree with its components within its own precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from mzcheck.core.messages import Message
from mzcheck.core.numbers import format_number
from mzcheck.model.compiled import CompiledIndicator
from mzcheck.model.report import Reported, Values
from mzcheck.model.results import Finding


@dataclass
class Observation:
    """An indicator's value in a report, in base units, and how it was obtained."""

    base: Fraction | None = None
    qualifier: str | None = None
    raw: str = ""
    error: str | None = None
    numerator: Fraction | None = None  # components in base units, when known or derivable
    denominator: Fraction | None = None
    findings: list[Finding] = field(default_factory=list)
    reported_ratio: Reported | None = None

    @property
    def usable(self) -> bool:
        return self.base is not None and self.error is None


def observe(ind: CompiledIndicator, values: Values) -> Observation:
    """The value of ``ind`` in ``values``: reported, computed from components, or both (then checked)."""
    direct = values.get(ind.id)
    if not ind.model.derived:
        if direct is None:
            return Observation()
        if direct.error or direct.quantity is None:
            return Observation(raw=direct.raw, error=direct.error or "unusable")
        return Observation(direct.quantity.base, direct.value.qualifier if direct.value else None, direct.raw)
    assert ind.model.numerator is not None and ind.model.denominator is not None
    num = values.get(ind.model.numerator)
    den = values.get(ind.model.denominator)
    exact_parts = all(r is not None and r.quantity is not None and not r.error and r.value is not None
                      and r.value.qualifier in (None, "==") for r in (num, den))
    d_base = den.quantity.base if den is not None and den.quantity is not None and not den.error else None
    if exact_parts:
        assert num is not None and num.quantity is not None and d_base is not None
        n_base = num.quantity.base
        if d_base == 0:
            return Observation(raw=den.raw if den else "", error=_at("the denominator is zero / 分母为零", den))
        computed = n_base / d_base
        if ind.share and computed > 1:
            return Observation(raw=num.raw, error=_at(f"{ind.model.numerator} ({num.raw}) is larger than "
                               f"{ind.model.denominator} ({den.raw if den else ''}) / 分子大于分母", num))
        obs = Observation(computed, None, f"{num.raw} / {den.raw if den else ''}", None, n_base, d_base)
        if direct is not None and direct.quantity is not None and not direct.error and direct.value is not None:
            obs.reported_ratio = direct
            obs.findings.extend(_consistency(ind, direct, computed))
        elif direct is not None and direct.error:
            obs.findings.append(Finding(code="ratio-unusable", severity="warning", message=Message(
                zh=f"报表中的{ind.model.name.zh}({direct.raw})无法使用,已由分项计算", en=f"the reported "
                f"{ind.model.name.en} ({direct.raw}) is unusable; computed from its components instead")))
        return obs
    if direct is None:
        if num is not None and num.error:
            return Observation(raw=num.raw, error=num.error)
        if den is not None and den.error:
            return Observation(raw=den.raw, error=den.error)
        return Observation()
    if direct.error or direct.quantity is None or direct.value is None:
        return Observation(raw=direct.raw, error=direct.error or "unusable")
    base = direct.quantity.base
    obs = Observation(base, direct.value.qualifier, direct.raw)
    if d_base is not None and d_base > 0:
        obs.denominator = d_base
        obs.numerator = base * d_base
    return obs


def _at(reason: str, reported: Reported | None) -> str:
    """The reason with the value's file:line, in both languages, so an invalid result points at the input."""
    if reported is None or reported.file is None or reported.line is None:
        return reason
    en, _, zh = reason.partition(" / ")
    where = f"{reported.file}:{reported.line}"
    return f"{en} ({where})" + (f" / {zh}({where})" if zh else "")


def _consistency(ind: CompiledIndicator, direct: Reported, computed: Fraction) -> list[Finding]:
    """A reported ratio must agree with its components within its own precision (XBRL-style)."""
    assert direct.value is not None
    unit = direct.value.quantity.unit
    reported = direct.value.quantity.magnitude
    in_unit = computed / unit.factor
    tolerance = Fraction(1, 2 * 10 ** direct.value.places)
    shown = format_number(in_unit, places=max(direct.value.places + 2, 4))
    if abs(reported - in_unit) <= tolerance:
        return []
    return [Finding(code="inconsistent-ratio", severity="warning", message=Message(
        zh=f"{ind.model.name.zh}填报为{direct.raw},但由分项计算为{shown}{unit.text},两者不一致;判定以分项为准",
        en=f"{ind.model.name.en} is reported as {direct.raw} but its components give {shown} {unit.text}; "
           "the verdict uses the components"))]


