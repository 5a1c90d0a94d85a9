"""What a rule kind is: one protocol, one class per kind / 规则类型的统一接口.

A kind says, for a rule of its kind:

- :meth:`Kind.check` — what loading checks beyond the schema (the unit of a growth target is a ratio …);
- :meth:`Kind.measure` — the actual value the rule compares, from a report's values, and the values used;
- :meth:`Kind.shortfall` — what closes the gap, in component terms;
- :attr:`Kind.progress` — how progress is judged before the due date (a trend, pro rata, the worst so far);
- :attr:`Kind.completion` — the formula of its 完成率;
- :meth:`Kind.needs` — what a fill-in template asks for;
- :meth:`Kind.measured` and :meth:`Kind.phrase` — how a sentence names the actual and states the target;
- :attr:`Kind.columns` — whether a column of values can be checked against it at once (bulk API).

The engine, the template, lint and the bulk API ask the kind; none of them branches on the kind's name.
Adding a kind is one module here, registered in :data:`mzcheck.kinds.KINDS` (CONTRIBUTING.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Literal

from mzcheck.core.codes import rules as K
from mzcheck.core.messages import Message, Phrase
from mzcheck.core.numbers import WHOLE_BOUND as _WHOLE
from mzcheck.core.numbers import to_decimal
from mzcheck.core.records import maker
from mzcheck.core.units import Unit
from mzcheck.core.wording import WholeShortfall, convert_or_add
from mzcheck.core.wording import shortfall as shortfall_message
from mzcheck.kinds.observe import Observation, observe
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.model.report import Report, Reported, Values
from mzcheck.model.results import Finding, Shortfall
from mzcheck.model.rules import Rule

Indicators = Mapping[str, CompiledIndicator]
Progress = Literal["trend", "pro_rata", "worst_so_far"]
Formula = Literal["actual/target", "added/planned", "growth/planned"]

_COMPONENTS = Phrase("或填报分子分母,用于计算{name_zh}", "or give the components of {name_en}")


@dataclass
class Measured:
    """What a kind measures in a report: the actual (in the target unit) or why there is none."""

    actual: Fraction | None = None
    qualifier: str | None = None
    raw: str = ""
    error: Message | None = None
    missing: Message | None = None  # what to report, when the actual cannot be found
    obs: Observation | None = None  # the observation of the rule's own indicator, for shortfalls and checks
    suffix: Message | None = None  # added to the measured name: " (worst in the period, 2024)"
    base_needed: Fraction | None = None  # the value (base units) the indicator must reach (growth, relative)
    findings: list[Finding] = field(default_factory=list)
    inputs: list[tuple[str, Reported]] = field(default_factory=list)  # (section, value) of what was read


@dataclass(frozen=True)
class Need:
    """One value a template asks for: the indicator, where it goes (``""`` values, ``added``, a year) and
    how its hint reads, given the rule's own target hint (None: the rule's hint as it is)."""

    indicator: CompiledIndicator
    section: str = ""
    hint: Callable[[Message], Message] | None = None


def inputs_of(section: str, obs: Observation) -> list[tuple[str, Reported]]:
    return [(section, r) for r in obs.used]


class Kind:
    """A rule kind. Subclasses set the class attributes and override what differs from a level."""

    name: ClassVar[str]
    title: ClassVar[Phrase]
    progress: ClassVar[Progress | None] = None
    completion: ClassVar[Formula | None] = "actual/target"
    columns: ClassVar[bool] = False  # a column of values in one unit can be judged against it directly
    ratio_target: ClassVar[bool] = False  # the target is a ratio (growth, relative), not the indicator's unit
    rounding: ClassVar[bool] = False  # a rounded reported ratio is compared with its exact components
    as_components: ClassVar[bool] = True  # a missing ratio may be reported as its numerator and denominator
    defaults: ClassVar[dict[str, str]] = {}  # fields a rule of this kind may leave out (each: scope each_child)
    uses_reference: ClassVar[bool] = False  # the rule names another indicator to compare with (relative)

    # ------------------------------------------------------------------------------------ loading

    def check_rule(self, rule: Rule) -> list[tuple[Message, str]]:
        """Problems of the rule record itself, before its indicator is looked up: (message, field) pairs."""
        if rule.reference is not None and not self.uses_reference:
            return [(K.REFERENCE_ONLY_RELATIVE(), "reference")]
        return []

    def check(self, rule: Rule, indicator: CompiledIndicator, unit: Unit, indicators: Indicators) -> list[
            tuple[Message, str]]:
        """Problems loading finds in a rule of this kind: (message, field) pairs."""
        return []

    # ------------------------------------------------------------------------------------ evaluating

    def reads(self, rule: CompiledRule, indicators: Indicators) -> frozenset[str]:
        """Every indicator :meth:`measure` may look up, in any section of a report: the rule's indicator, the
        indicator it is compared with, and their components. A kind reading others adds them. When a report
        gives none of these (in its values, additions or history), ``measure`` must depend on the report's
        layout and period alone: the engine then measures such a rule once per layout and period and reuses
        its result (docs/design/0023-performance.md)."""
        out = set()
        for ind_id in (rule.indicator.id, rule.rule.reference.indicator if rule.rule.reference else None):
            ind = indicators.get(ind_id) if ind_id is not None else None
            if ind_id is not None:
                out.add(ind_id)
            if ind is not None:
                out.update(i for i in (ind.model.numerator, ind.model.denominator) if i)
        m = rule.indicator.model
        out.update(i for i in (m.numerator, m.denominator) if i)
        return frozenset(out)

    def measure(self, indicators: Indicators, rule: CompiledRule, report: Report, values: Values) -> Measured:
        """The actual value of the rule's indicator in ``values``, in the rule's target unit."""
        obs = observe(rule.indicator, values)
        inputs = inputs_of("values", obs)
        if obs.error:
            return Measured(error=obs.error, raw=obs.raw, obs=obs, inputs=inputs)
        if obs.base is None:
            return Measured(obs=obs, inputs=inputs)
        factor = rule.target_unit.factor
        actual = obs.base if factor.numerator == 1 and factor.denominator == 1 else obs.base / factor
        return Measured(actual, obs.qualifier, obs.raw, obs=obs, inputs=inputs)

    def shortfall(self, indicators: Indicators, rule: CompiledRule, m: Measured) -> list[Shortfall]:
        """What closes the gap of a not-met rule: add (or convert, or reduce) so much of a component."""
        obs = m.obs
        if m.actual is None or obs is None or obs.base is None:
            return []
        t = rule.threshold
        bound = t.nearest(m.actual) * rule.target_unit.factor
        upward = t.upward or (t.is_range and t.low is not None and m.actual < t.low)
        ind = rule.indicator
        if ind.model.derived and obs.denominator is not None and ind.model.numerator and ind.model.denominator:
            return ratio_shortfall(indicators, rule, obs, bound, upward)
        if ind.model.derived:
            return []
        return plain_shortfall(ind, obs.base, bound, t.strict, upward)

    # ------------------------------------------------------------------------------------ wording

    def measured(self, rule: CompiledRule, indicators: Indicators) -> Message:
        """What the actual is, for sentences: 新增认知障碍照护专区床位数 / beds added in the period."""
        name = rule.indicator.model.name
        return Message(zh=name.zh, en=name.en)

    def phrase(self, rule: CompiledRule, target: Message, indicators: Indicators) -> Message:
        """The target as a reader states it: ``新增不低于800张`` / ``added: at least 800``."""
        return target

    def period_start_year(self, rule: Rule) -> int:
        """The first year of the period an amount is added in (pro-rata progress)."""
        return rule.start.year if rule.start else rule.due.year

    # ------------------------------------------------------------------------------------ templates

    def needs(self, rule: CompiledRule, year: int, indicators: Indicators) -> list[Need]:
        """The values a report must give for this rule: the indicator, or its components."""
        return with_components(rule.indicator, indicators)


def with_components(ind: CompiledIndicator, indicators: Indicators, section: str = "") -> list[Need]:
    """The indicator and, for a ratio, its numerator and denominator (a ratio may be given either way)."""
    out = [Need(ind, section)]
    m = ind.model
    if m.numerator and m.denominator:
        part = _COMPONENTS(name_zh=m.name.zh, name_en=m.name.en)
        out += [Need(indicators[m.numerator], section, lambda _: part),
                Need(indicators[m.denominator], section, lambda _: part)]
    return out


# ------------------------------------------------------------------------------------------ shortfalls


def smallest_count(target: Fraction, strict: bool) -> Fraction:
    """The least whole number ≥ target (> target when strict)."""
    n = math.floor(target) + 1 if strict and target == math.floor(target) else math.ceil(target)
    return Fraction(n)


def plain_shortfall(ind: CompiledIndicator, current: Fraction, needed: Fraction, strict: bool,
                    upward: bool) -> list[Shortfall]:
    """Add (or reduce) the indicator itself: countable things in whole units."""
    if current.denominator == 1 == needed.denominator:  # whole numbers: in integers, one fraction built
        n = needed.numerator - current.numerator if upward else current.numerator - needed.numerator
        if strict and ind.unit.countable:
            n += 1  # smallest_count of a whole number: itself, or the next one when the bound does not count
        if n <= 0:
            return []
        x = Fraction(n)
    else:
        x = needed - current if upward else current - needed
        x = smallest_count(x, strict) if ind.unit.countable else x
        if x <= 0:
            return []
    return [item(ind, x, "add" if upward else "reduce", None)]


def whole_shortfall(ind: CompiledIndicator, current: int, needed: int, strict: bool, upward: bool) -> list[Shortfall]:
    """:func:`plain_shortfall` of whole numbers of an indicator in its base unit (a factor of one), each of at
    most 15 digits: in integers, its sentence from words kept by noun, unit and direction
    (:class:`~mzcheck.core.wording.WholeShortfall`). ``tests/test_plain_path.py`` holds the two to the same records."""
    n = whole_short(ind, current, needed, strict, upward)
    if n <= 0:
        return []
    if n >= _WHOLE:  # more digits than a JSON number carries: the general steps
        return plain_shortfall(ind, Fraction(current), Fraction(needed), strict, upward)
    how: Literal["add", "reduce"] = "add" if upward else "reduce"
    return [_new_shortfall(ind.id, Decimal(n), ind.unit.label, how, whole_words(ind, how)(n))]


def whole_short(ind: CompiledIndicator, current: int, needed: int, strict: bool, upward: bool) -> int:
    """How much of ``ind`` a whole ``current`` lacks to reach a whole ``needed`` (both in its base unit, of a factor
    of one): up to it, or past it where the bound does not count and the unit counts things; 0 or less: none."""
    n = needed - current if upward else current - needed
    if strict and ind.unit.countable:
        n += 1  # smallest_count of a whole number: itself, or the next one when the bound does not count
    return n


def whole_words(ind: CompiledIndicator, how: str) -> WholeShortfall:
    """The sentence of a whole shortfall of ``ind`` (:class:`~mzcheck.core.wording.WholeShortfall`), kept by what
    :func:`noun` words, the unit and how."""
    words = ind.model.words
    key = (words.zh, words.en, ind.unit.text, how)
    said = _WHOLE_SAID.get(key)
    if said is None:
        if len(_WHOLE_SAID) >= 4096:  # a bound, however many indicators a process reads
            _WHOLE_SAID.clear()
        said = _WHOLE_SAID[key] = WholeShortfall(noun(ind), ind.unit.text, how)
    return said


_WHOLE_SAID: dict[tuple[str, str, str, str], WholeShortfall] = {}


def ratio_shortfall(indicators: Indicators, rule: CompiledRule, obs: Observation, target_base: Fraction,
                    upward: bool) -> list[Shortfall]:
    """Components that close the gap of num/den against T: add to the numerator; for a share also convert."""
    assert obs.numerator is not None and obs.denominator is not None
    ind = rule.indicator
    strict = rule.threshold.strict
    n, d = obs.numerator, obs.denominator
    num_ind = indicators.get(ind.model.numerator or "")
    den_ind = indicators.get(ind.model.denominator or "")
    if num_ind is None or den_ind is None:
        return []
    words = den_ind.model.words
    per = (d / den_ind.unit.factor, den_ind.unit.text, Message(zh=words.zh, en=words.en))
    countable = num_ind.unit.countable
    out: list[Shortfall] = []
    if upward:
        need = target_base * d - n
        x = smallest_count(need, strict) if countable else need
        if x <= 0:
            return []
        if ind.share:
            out.append(item(num_ind, x, "convert", per))
            if target_base < 1:
                add = (target_base * d - n) / (1 - target_base)
                out.append(item(num_ind, smallest_count(add, strict) if countable else add, "add", per))
                # one sentence for the two ways, so they read as alternatives (words.closing shows it once)
                convert, added = out
                words = num_ind.model.words
                noun = Message(zh=words.zh.removesuffix("数"), en=words.en)
                out[0] = convert.model_copy(update={"message": convert_or_add(
                    Fraction(convert.value), Fraction(added.value), num_ind.unit.text, noun, per)})
        else:
            out.append(item(num_ind, x, "add", per))
    elif rule.threshold.downward or rule.threshold.is_range:
        excess = n - target_base * d
        x = smallest_count(excess, strict) if countable else excess
        if x > 0:
            out.append(item(num_ind, x, "reduce", per))
    return out


def item(ind: CompiledIndicator, base_amount: Fraction, how: Literal["add", "convert", "reduce"],
         per: tuple[Fraction, str, Message] | None) -> Shortfall:
    """A shortfall item in the indicator's own unit (``1`` person, ``0.2`` 万元 …)."""
    unit = ind.unit
    factor = unit.factor
    value = base_amount if factor.numerator == 1 == factor.denominator else base_amount / factor
    return _new_shortfall(ind.id, to_decimal(value), unit.label, how,
                          shortfall_message(value, unit.text, noun(ind), per, how))


# a shortfall item of values made here, set directly (core/records.py, maker)
_new_shortfall = maker(Shortfall, ("indicator", "value", "unit", "how", "message"))


def noun(ind: CompiledIndicator) -> Message:
    """What a shortfall adds of ``ind``: its words, or without them its name less 数 (国家5A级婚姻登记机关数 →
    国家5A级婚姻登记机关); kept by the words, so each is made once (messages are frozen, one may be shared)."""
    words = ind.model.words
    key = (words.zh, words.en)
    message = _NOUNS.get(key)
    if message is None:
        if len(_NOUNS) >= 4096:  # a bound, however many indicators a process reads
            _NOUNS.clear()
        message = _NOUNS[key] = Message(zh=words.zh.removesuffix("数"), en=words.en)
    return message


_NOUNS: dict[tuple[str, str], Message] = {}
