"""``relative``: against another indicator / 相对:与另一指标相比 (不低于上年城镇居民人均消费支出的50%).

The actual is the indicator ÷ the reference indicator (this period's, or ``offset`` periods before).
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

_RELATIVE = Phrase("{name_zh}相当于{ref_zh}的比例", "{name_en} relative to {ref_en}")
_PHRASE = Phrase("相当于{ref_zh}的{target_zh}", "{target_en} of {ref_en}")
_REFERENCE = Phrase("参照指标:{hint_zh}", "reference for: {hint_en}")


class Relative(Kind):
    name = "relative"
    title = Phrase("相对", "relative")
    ratio_target = True
    uses_reference = True

    def check_rule(self, rule: Rule) -> list[tuple[Message, str]]:
        return [(K.RELATIVE_REFERENCE(), "reference")] if rule.reference is None else []
    as_components = False

    def check(self, rule: Rule, indicator: CompiledIndicator, unit: Unit, indicators: Indicators) -> list[
            tuple[Message, str]]:
        out = []
        if not unit.dimensionless:
            out.append((K.RATIO_TARGET(kind=rule.kind, unit=unit.text), "target.unit"))
        if rule.reference is not None:
            ref = indicators.get(rule.reference.indicator)
            if ref is None:
                out.append((K.REFERENCE_UNKNOWN(name=rule.reference.indicator), "reference.indicator"))
            elif ref.unit.dims != indicator.unit.dims:
                out.append((K.REFERENCE_DIMENSION(ref=ref.id, ref_unit=ref.unit.text, ind=indicator.id,
                                                  ind_unit=indicator.unit.text), "reference.indicator"))
        return out

    def measure(self, indicators: Indicators, rule: CompiledRule, report: Report, values: Values) -> Measured:
        r = rule.rule
        assert r.reference is not None
        ind = rule.indicator
        ref_ind = indicators[r.reference.indicator]
        ref_year = report.period + r.reference.offset
        now = observe(ind, values)
        inputs = inputs_of("values", now)
        if now.error:
            return Measured(error=now.error, raw=now.raw, inputs=inputs)
        ref_vals = values if r.reference.offset == 0 else report.history.get(ref_year)
        ref = observe(ref_ind, ref_vals) if ref_vals is not None else Observation()
        inputs += inputs_of("values" if r.reference.offset == 0 else str(ref_year), ref)
        if ref.error:
            return Measured(error=S.OF_REFERENCE(ref=ref_ind.id, reason_zh=ref.error.zh, reason_en=ref.error.en),
                            raw=ref.raw, inputs=inputs)
        name, ref_name = ind.model.name, ref_ind.model.name
        if now.base is None or ref.base is None:
            where = "values" if r.reference.offset == 0 else f"{ref_year}"
            return Measured(missing=S.REFERENCE_MISSING(name_zh=name.zh, name_en=name.en, ref_zh=ref_name.zh,
                                                        ref_en=ref_name.en, where=where), inputs=inputs)
        if ref.base == 0:
            return Measured(error=S.REFERENCE_ZERO(ref=ref_ind.id), inputs=inputs)
        factor = rule.target_unit.factor
        actual = now.base / ref.base / factor
        needed = ref.base * rule.threshold.first * factor
        return Measured(actual, None, f"{now.raw} ÷ {ref.raw}", base_needed=needed, inputs=inputs,
                        obs=Observation(now.base, None, now.raw))

    def shortfall(self, indicators: Indicators, rule: CompiledRule, m: Measured) -> list[Shortfall]:
        if m.base_needed is None or m.obs is None or m.obs.base is None:
            return []
        return plain_shortfall(rule.indicator, m.obs.base, m.base_needed, rule.threshold.strict, True)

    def _ref(self, rule: CompiledRule, indicators: Indicators) -> Message:
        assert rule.rule.reference is not None
        ref = indicators[rule.rule.reference.indicator].model.name
        return Message(zh=ref.zh, en=ref.en)

    def measured(self, rule: CompiledRule, indicators: Indicators) -> Message:
        name, ref = rule.indicator.model.name, self._ref(rule, indicators)
        return _RELATIVE(name_zh=name.zh, name_en=name.en, ref_zh=ref.zh, ref_en=ref.en)

    def phrase(self, rule: CompiledRule, target: Message, indicators: Indicators) -> Message:
        ref = self._ref(rule, indicators)
        return _PHRASE(ref_zh=ref.zh, ref_en=ref.en, target_zh=target.zh, target_en=target.en)

    def needs(self, rule: CompiledRule, year: int, indicators: Indicators) -> list[Need]:
        reference = rule.rule.reference
        assert reference is not None
        section = str(year + reference.offset) if reference.offset else ""
        ref = Need(indicators[reference.indicator], section,
                   lambda hint: _REFERENCE(hint_zh=hint.zh, hint_en=hint.en))
        return [*with_components(rule.indicator, indicators), ref]
