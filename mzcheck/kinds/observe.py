"""Observing an indicator in a report's values / 从报表数值中取得指标值.

An indicator is reported directly, computed from its components (numerator / denominator), or both;
with both, the reported ratio must agree with its components within its own precision (an XBRL-style
calculation check) and the verdict uses the exact components.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from mzcheck.core.codes import notes as N
from mzcheck.core.codes import results as S
from mzcheck.core.messages import Message, placed
from mzcheck.core.numbers import format_number
from mzcheck.model.compiled import CompiledIndicator
from mzcheck.model.report import Reported, Values
from mzcheck.model.results import Finding


def reason(reported: Reported) -> Message:
    """Why a reported value is unusable, as a message."""
    return reported.error if reported.error is not None else S.UNUSABLE()


def located(message: Message, reported: Reported | None) -> Message:
    """``message`` with the value's ``file:line`` (or cell), so an invalid result points at the input."""
    if reported is None or reported.file is None or (reported.line is None and reported.cell is None):
        return message
    where = f"{reported.file}!{reported.cell}" if reported.cell else f"{reported.file}:{reported.line}"
    if where in message.en:
        return message
    return placed(message, where)


@dataclass
class Observation:
    """An indicator's value in a report, in base units, how it was obtained and the values it used."""

    base: Fraction | None = None
    qualifier: str | None = None
    raw: str = ""
    error: Message | None = None
    numerator: Fraction | None = None  # components in base units, when known or derivable
    denominator: Fraction | None = None
    findings: list[Finding] = field(default_factory=list)
    reported_ratio: Reported | None = None
    used: tuple[Reported, ...] = ()  # the reported values this observation read

    @property
    def usable(self) -> bool:
        return self.base is not None and self.error is None


def _exact(r: Reported | None) -> bool:
    return (r is not None and r.quantity is not None and not r.error and r.value is not None
            and r.value.qualifier in (None, "=="))


def observe(ind: CompiledIndicator, values: Values) -> Observation:
    """The value of ``ind`` in ``values``: reported, computed from components, or both (then checked)."""
    direct = values.get(ind.id)
    if not ind.model.derived:
        if direct is None:
            return Observation()
        if direct.error or direct.quantity is None:
            return Observation(raw=direct.raw, error=reason(direct), used=(direct,))
        return Observation(direct.quantity.base, direct.value.qualifier if direct.value else None, direct.raw,
                           used=(direct,))
    assert ind.model.numerator is not None and ind.model.denominator is not None
    num = values.get(ind.model.numerator)
    den = values.get(ind.model.denominator)
    parts = tuple(r for r in (num, den) if r is not None)
    d_base = den.quantity.base if den is not None and den.quantity is not None and not den.error else None
    if _exact(num) and _exact(den):
        assert num is not None and num.quantity is not None and d_base is not None and den is not None
        n_base = num.quantity.base
        if d_base == 0:
            return Observation(raw=den.raw, error=located(S.DENOMINATOR_ZERO(), den), used=parts)
        computed = n_base / d_base
        if ind.share and computed > 1:
            return Observation(raw=num.raw, used=parts, error=located(S.NUMERATOR_ABOVE(
                numerator=ind.model.numerator, num_raw=num.raw, denominator=ind.model.denominator,
                den_raw=den.raw), num))
        obs = Observation(computed, None, f"{num.raw} / {den.raw}", None, n_base, d_base, used=parts)
        if direct is not None and _usable(direct):
            obs.reported_ratio = direct
            obs.used = (direct, *parts)
            obs.findings.extend(_consistency(ind, direct, computed))
        elif direct is not None and direct.error:
            obs.findings.append(Finding.of(N.RATIO_UNUSABLE, "warning", name_zh=ind.model.name.zh,
                                           name_en=ind.model.name.en, raw=direct.raw))
        return obs
    if direct is None:
        for part in (num, den):
            if part is not None and part.error:
                return Observation(raw=part.raw, error=reason(part), used=(part,))
        return Observation()
    if not _usable(direct):
        return Observation(raw=direct.raw, error=reason(direct), used=(direct,))
    assert direct.quantity is not None and direct.value is not None
    base = direct.quantity.base
    obs = Observation(base, direct.value.qualifier, direct.raw, used=(direct,))
    if d_base is not None and d_base > 0 and den is not None:
        obs.denominator = d_base
        obs.numerator = base * d_base
        obs.used = (direct, den)
    return obs


def _usable(r: Reported) -> bool:
    return r.quantity is not None and not r.error and r.value is not None


def _consistency(ind: CompiledIndicator, direct: Reported, computed: Fraction) -> list[Finding]:
    """A reported ratio must agree with its components within its own precision."""
    assert direct.value is not None
    unit = direct.value.quantity.unit
    in_unit = computed / unit.factor
    tolerance = Fraction(1, 2 * 10 ** direct.value.places)
    if abs(direct.value.quantity.magnitude - in_unit) <= tolerance:
        return []
    shown = format_number(in_unit, places=max(direct.value.places + 2, 4))
    return [Finding.of(N.INCONSISTENT_RATIO, "warning", name_zh=ind.model.name.zh, name_en=ind.model.name.en,
                       raw=direct.raw, computed=shown, unit=unit.text)]
