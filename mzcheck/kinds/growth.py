"""``growth``: the change against a baseline year / 增长 (较2020年增长10%、提高3个百分点).

A target in ``%`` is a relative change (now ÷ baseline − 1); in ``百分点`` (percentage points, for a
percentage indicator) the difference of the two percentages.
"""

from __future__ import annotations

from mzcheck.core.codes import results as S
from mzcheck.core.codes import rules as K
from mzcheck.core.messages import Message, Phrase
from mzcheck.core.units import Unit
from mzcheck.kinds.base import Indicators, Kind, Measured, Need, inputs_of, plain_shortfall, with_components
from mzcheck.kinds.observe import Observation, observe
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.model.report import Report, Values
from mzcheck.model.results import Shortfall
from mzcheck.model.rules import Rule

_GROWTH = Phrase("{name_zh}较{year}年增长", "growth of {name_en} since {year}")
_PHRASE = Phrase("较{year}年增长{target_zh}", "growth since {year} {target_en}")
_BASELINE = Phrase("{year}年基数,{hint_zh}", "{year} baseline; {hint_en}")


def baseline(rule: Rule) -> int:
    return rule.baseline or rule.due.year - 1


class Growth(Kind):
    name = "growth"
    title = Phrase("增长", "growth")
    progress = "pro_rata"
    completion = "growth/planned"
    ratio_target = True
    as_components = False

    def check(self, rule: Rule, indicator: CompiledIndicator, unit: Unit, indicators: Indicators) -> list[
            tuple[Message, str]]:
        out = []
        if not unit.dimensionless:
            out.append((K.RATIO_TARGET(kind=rule.kind, unit=unit.text), "target.unit"))
        if unit.text == "百分点" and not indicator.unit.dimensionless:
            out.append((K.POINTS_NEED_PERCENT(), "target.unit"))
        return out

    def period_start_year(self, rule: Rule) -> int:
        return baseline(rule) + 1

    def measure(self, indicators: Indicators, rule: CompiledRule, report: Report, values: Values) -> Measured:
        ind = rule.indicator
        year = baseline(rule.rule)
        now = observe(ind, values)
        inputs = inputs_of("values", now)
        if now.error:
            return Measured(error=now.error, raw=now.raw, inputs=inputs)
        base_vals = values if year == report.period else report.history.get(year)
        before = observe(ind, base_vals) if base_vals is not None else Observation()
        inputs += inputs_of("values" if year == report.period else str(year), before)
        if before.error:
            return Measured(error=S.IN_YEAR(year=year, reason_zh=before.error.zh, reason_en=before.error.en),
                            raw=before.raw, inputs=inputs)
        name = ind.model.name
        if now.base is None or before.base is None:
            asked = S.BASELINE_MISSING_TABLE if report.layout == "table" and year != report.period else S.BASELINE_MISSING
            return Measured(missing=asked(name_zh=name.zh, name_en=name.en, year=year), inputs=inputs)
        factor = rule.target_unit.factor
        low = rule.threshold.first
        if rule.target_unit.text == "百分点":
            actual = (now.base - before.base) / factor
            needed = before.base + low * factor
        else:
            if before.base == 0:
                return Measured(error=S.BASELINE_ZERO(year=year), inputs=inputs)
            actual = (now.base / before.base - 1) / factor
            needed = before.base * (1 + low * factor)
        return Measured(actual, None, f"{now.raw} vs {before.raw}", base_needed=needed, inputs=inputs,
                        obs=Observation(now.base, None, now.raw, None, now.numerator, now.denominator))

    def shortfall(self, indicators: Indicators, rule: CompiledRule, m: Measured) -> list[Shortfall]:
        if m.base_needed is None or m.obs is None or m.obs.base is None:
            return []
        return plain_shortfall(rule.indicator, m.obs.base, m.base_needed, rule.threshold.strict, True)

    def measured(self, rule: CompiledRule, indicators: Indicators) -> Message:
        name = rule.indicator.model.name
        return _GROWTH(name_zh=name.zh, name_en=name.en, year=baseline(rule.rule))

    def phrase(self, rule: CompiledRule, target: Message, indicators: Indicators) -> Message:
        return _PHRASE(year=baseline(rule.rule), target_zh=target.zh, target_en=target.en)

    def needs(self, rule: CompiledRule, year: int, indicators: Indicators) -> list[Need]:
        out = with_components(rule.indicator, indicators)
        base_year = baseline(rule.rule)
        if base_year != year:
            out.append(Need(rule.indicator, str(base_year),
                            lambda hint: _BASELINE(year=base_year, hint_zh=hint.zh, hint_en=hint.en)))
        return out
