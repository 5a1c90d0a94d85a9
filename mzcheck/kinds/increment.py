"""``increment``: the amount added during the period / 新增量 (全年新增认知障碍照护专区床位800张).

The amount is reported as such (``added:``, or a table's 新增 section) or taken as the difference between
the value now and the value at the end of the year before the period.
"""

from __future__ import annotations

from mzcheck.core.codes import results as S
from mzcheck.core.messages import Message, Phrase
from mzcheck.kinds.base import Indicators, Kind, Measured, Need, inputs_of, item, smallest_count
from mzcheck.kinds.observe import observe, reason
from mzcheck.model.compiled import CompiledRule
from mzcheck.model.report import Report, Values
from mzcheck.model.results import Shortfall

_ADDED = Phrase("新增{name_zh}", "{name_en} added in the period")
_PHRASE = Phrase("新增{target_zh}", "added: {target_en}")


class Increment(Kind):
    name = "increment"
    title = Phrase("新增量", "increment")
    progress = "pro_rata"
    completion = "added/planned"
    as_components = False

    def measure(self, indicators: Indicators, rule: CompiledRule, report: Report, values: Values) -> Measured:
        ind = rule.indicator
        factor = rule.target_unit.factor
        added = report.added.get(ind.id) if values is report.values else None
        if added is not None:
            inputs = [("added", added)]
            if added.error or added.quantity is None:
                return Measured(error=reason(added), raw=added.raw, inputs=inputs)
            return Measured(added.quantity.base / factor, added.value.qualifier if added.value else None, added.raw,
                            inputs=inputs)
        start_year = self.period_start_year(rule.rule)
        before = report.history.get(start_year - 1)
        now = observe(ind, values)
        inputs = inputs_of("values", now)
        name = ind.model.name
        if now.error:
            return Measured(error=now.error, raw=now.raw, inputs=inputs)
        if before is None or now.base is None:
            asked = S.ADDED_MISSING_TABLE if report.layout == "table" else S.ADDED_MISSING
            return Measured(missing=asked(name_zh=name.zh, name_en=name.en, year=start_year - 1),
                            inputs=inputs)
        prior = observe(ind, before)
        inputs += inputs_of(str(start_year - 1), prior)
        if prior.error:
            return Measured(error=S.IN_YEAR(year=start_year - 1, reason_zh=prior.error.zh, reason_en=prior.error.en),
                            raw=prior.raw, inputs=inputs)
        if prior.base is None:
            asked = S.YEAR_VALUE_MISSING_TABLE if report.layout == "table" else S.YEAR_VALUE_MISSING
            return Measured(missing=asked(name_zh=name.zh, name_en=name.en, year=start_year - 1),
                            inputs=inputs)
        return Measured((now.base - prior.base) / factor, None, f"{now.raw} − {prior.raw}", inputs=inputs)

    def shortfall(self, indicators: Indicators, rule: CompiledRule, m: Measured) -> list[Shortfall]:
        if m.actual is None:
            return []
        need = rule.threshold.gap(m.actual) * -rule.target_unit.factor  # base units still to add
        if need <= 0:
            return []
        ind = rule.indicator
        amount = smallest_count(need, rule.threshold.strict) if ind.unit.countable else need
        return [item(ind, amount, "add", None)]

    def measured(self, rule: CompiledRule, indicators: Indicators) -> Message:
        name = rule.indicator.model.name
        return _ADDED(name_zh=name.zh, name_en=name.en)

    def phrase(self, rule: CompiledRule, target: Message, indicators: Indicators) -> Message:
        return _PHRASE(target_zh=target.zh, target_en=target.en)

    def needs(self, rule: CompiledRule, year: int, indicators: Indicators) -> list[Need]:
        return [Need(rule.indicator, "added")]
