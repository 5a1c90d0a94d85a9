"""``maintain``: every observation in the period holds / 保持:期内每个数值都须达标 (保持在…以上)."""

from __future__ import annotations

from fractions import Fraction

from mzcheck.core.codes import results as S
from mzcheck.core.messages import Message, Phrase
from mzcheck.kinds.base import Indicators, Kind, Measured, inputs_of
from mzcheck.kinds.observe import Observation, observe
from mzcheck.model.compiled import CompiledRule
from mzcheck.model.report import Report, Values

_WORST = Phrase("({year}年,期内最不利值)", " (worst in the period, {year})")
_THROUGHOUT = Phrase("期内始终{target_zh}", "{target_en} throughout")


class Maintain(Kind):
    name = "maintain"
    title = Phrase("保持", "maintain")
    progress = "worst_so_far"
    columns = True

    def measure(self, indicators: Indicators, rule: CompiledRule, report: Report, values: Values) -> Measured:
        """The worst value of the period: the report's own and its history's from the start year on."""
        r = rule.rule
        start_year = r.start.year if r.start else r.due.year
        series: list[tuple[int, Observation]] = [(report.period, observe(rule.indicator, values))]
        for year, vals in sorted(report.history.items()):
            if start_year <= year <= r.due.year and year != report.period:
                series.append((year, observe(rule.indicator, vals)))
        inputs = [pair for year, o in series for pair in inputs_of("values" if year == report.period else str(year), o)]
        bad = next(((year, o) for year, o in series if o.error), None)
        if bad is not None:
            assert bad[1].error is not None
            return Measured(error=S.IN_YEAR(year=bad[0], reason_zh=bad[1].error.zh, reason_en=bad[1].error.en),
                            raw=bad[1].raw, inputs=inputs)
        usable = [(year, o) for year, o in series if o.usable]
        if not usable:
            return Measured(inputs=inputs)
        t = rule.threshold

        def badness(o: Observation) -> Fraction:  # how far on the wrong side of the threshold
            assert o.base is not None
            g = t.gap(o.base / rule.target_unit.factor)
            return -g if t.upward else g if t.downward else abs(g)

        year, worst = max(usable, key=lambda pair: badness(pair[1]))
        assert worst.base is not None
        return Measured(worst.base / rule.target_unit.factor, worst.qualifier, worst.raw, obs=worst, inputs=inputs,
                        suffix=_WORST(year=year) if len(usable) > 1 else None)

    def phrase(self, rule: CompiledRule, target: Message, indicators: Indicators) -> Message:
        return _THROUGHOUT(target_zh=target.zh, target_en=target.en)
