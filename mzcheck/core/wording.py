"""Figures and sentences in Chinese and English / 数值与语句的中英文表述.

How an amount, a target and a gap are written (``80%``, ``不低于28人/万名老年人`` / ``at least 28 per 10,000
elders``, ``差2个百分点``), and the verdict sentences of results, each from its catalogue code
(:mod:`mzcheck.core.codes.results`). Only wording lives here: the numbers are decided elsewhere.
"""

from __future__ import annotations

from fractions import Fraction

from mzcheck.core.codes import results as S
from mzcheck.core.compare import Threshold
from mzcheck.core.messages import Code, Message, Partial
from mzcheck.core.numbers import format_number, rounded, written

COMPARATOR_ZH = {">=": "不低于", "<=": "不高于", ">": "高于", "<": "低于", "==": "等于", "between": "介于"}
COMPARATOR_EN = {">=": "at least", "<=": "at most", ">": "above", "<": "below", "==": "equal to", "between": "between"}


# In English the noun names the thing counted: "75 more certified carers", not "75 人 more …".
_COUNT_WORDS = frozenset({"人", "名", "位", "张", "床位", "家", "个", "所", "户", "人次", "项", "件", "次"})
RATE_PLACES = 2  # a computed rate, share or amount is shown with at most 2 decimals (docs/design/0021)
STATED_PLACES = 4  # a target as the plan states it keeps its digits


def counts(unit: str) -> bool:
    """Whether ``unit`` counts whole things (人, 张, 个 …): such figures are shown as whole numbers."""
    return unit in _COUNT_WORDS


def shown(value: Fraction, unit: str, places: int | None = None) -> tuple[int, bool]:
    """The decimals a figure is shown with, and whether it is rounded to a whole count (said with 约 / about).

    ``places`` None: as people write figures, a whole number for a count (应达约397张), at most 2 decimals
    otherwise (27.61人/万名老年人); the exact value stays in the results and the JSON."""
    if places is not None:
        return places, False
    if counts(unit):
        return 0, value.denominator != 1
    return RATE_PLACES, False


def amount(value: Fraction, unit: str, group: bool = False, places: int | None = None) -> str:
    """``80%``, ``27.61人/万名老年人``, ``1,905,000人``, ``约397张``: number and unit as a reader writes them."""
    p, about = shown(value, unit, places)
    return _zh(format_number(value, places=p, group=group), unit, about)


def _zh(number: str, unit: str, about: bool) -> str:
    text = f"{number}{unit}" if unit else number
    return f"约{text}" if about else text


def both(value: Fraction, unit: str, places: int | None = None) -> tuple[str, str]:
    """``(amount(value, unit, places=places), amount_en(value, unit, places=places))``, rounded once."""
    p, about = shown(value, unit, places)
    if value.denominator == 1 and p >= 0:  # a whole number: written as format_number writes it
        n = value.numerator
        return _zh(str(n), unit, about), _en(f"{n:,}", unit, about)
    d = rounded(value, p)
    return _zh(written(d), unit, about), _en(written(d, group=True), unit, about)

def grouped(value: Fraction, unit: str) -> tuple[str, str]:
    """``(amount(value, unit, group=True), amount_en(value, unit))``, rounded once (both group thousands)."""
    p, about = shown(value, unit, None)
    text = format_number(value, places=p, group=True)
    return _zh(text, unit, about), _en(text, unit, about)

# English for the unit spellings reports use most; others are shown as written.
UNIT_EN = {"元": "yuan", "万元": "× 10,000 yuan", "亿元": "× 100 million yuan", "万人": "× 10,000 persons",
           "人/万名老年人": "per 10,000 elders", "张/万名老年人": "beds per 10,000 elders",
           "人/万人": "per 10,000 persons", "张/万人": "beds per 10,000 persons", "元/月": "yuan a month",
           "元/年": "yuan a year", "百分点": "percentage points", "倍": "times"}


def amount_en(value: Fraction, unit: str, group: bool = True, places: int | None = None) -> str:
    p, about = shown(value, unit, places)
    return _en(format_number(value, places=p, group=group), unit, about)


def _en(number: str, unit: str, about: bool) -> str:
    if about:
        number = "about " + number
    if unit in UNIT_EN:
        return f"{number} {UNIT_EN[unit]}"
    if not unit or unit in _COUNT_WORDS:
        return number
    return f"{number}{unit}" if unit in ("%", "‰") else f"{number} {unit}"


def amounts(value: Fraction, unit: str, group: bool = False) -> dict[str, str]:
    """Both spellings of an amount, as template fields (``{prefix}_zh`` / ``{prefix}_en`` are added by callers)."""
    return {"zh": amount(value, unit, group=group), "en": amount_en(value, unit)}


def target_text(threshold: Threshold, unit: str) -> Message:
    """``不低于28人/万名老年人`` / ``at least 28 per 10,000 elders``; a range as ``2–3个`` / ``between 2 and 3``."""
    value = threshold.value
    if isinstance(value, tuple):
        lo, hi = value
        return Message(zh=f"{format_number(lo)}–{amount(hi, unit, places=STATED_PLACES)}",
                       en=f"between {format_number(lo)} and {amount_en(hi, unit, places=STATED_PLACES)}")
    c = threshold.comparator
    return Message(zh=f"{COMPARATOR_ZH[c]}{amount(value, unit, places=STATED_PLACES)}",
                   en=f"{COMPARATOR_EN[c]} {amount_en(value, unit, places=STATED_PLACES)}")


def gap_amounts(value: Fraction, unit: str, places: int | None = None) -> tuple[str, str]:
    """``(gap_amount(…), gap_amount_en(…))``, rounded once."""
    if unit == "%":
        number = format_number(value, places=places or RATE_PLACES)
        return f"{number}个百分点", f"{number} percentage points"
    return both(value, unit, places)


def gap_amount(value: Fraction, unit: str, places: int | None = None) -> str:
    """A difference of two percentages is in percentage points: 差2个百分点, not 差2%."""
    if unit == "%":
        return f"{format_number(value, places=places or RATE_PLACES)}个百分点"
    return amount(value, unit, places=places)


def gap_amount_en(value: Fraction, unit: str, places: int | None = None) -> str:
    if unit == "%":
        return f"{format_number(value, places=places or RATE_PLACES)} percentage points"
    return amount_en(value, unit, places=places)


def telling_places(actual: Fraction, gap: Fraction | None, unit: str) -> int | None:
    """The decimals that keep a short actual apart from its target: 27.996 against 28 is shown as 27.996,
    never as 28 beside "not met" (None: the usual rounding already does)."""
    if gap is None or gap == 0 or (counts(unit) and actual.denominator == 1):
        return None
    places = RATE_PLACES
    n, d = abs(gap.numerator), gap.denominator
    while places < 6 and 2 * n * 10**places <= d:  # round(|gap| · 10**places) == 0, in integers
        places += 1
    return None if places == RATE_PLACES else places


# ------------------------------------------------------------------------------------- verdicts


def verdict(status: str, name: Message, actual: Fraction, gap: Fraction | None, unit: str, target: Message,
            due: str) -> Message:
    """The one-line message of a decided result: ``name`` says what is measured (新增…, …较2024年增长)."""
    places = telling_places(actual, gap, unit)
    actual_zh, actual_en = both(actual, unit, places)
    fields = {"name_zh": name.zh, "name_en": name.en, "what_zh": "", "what_en": "", "actual_zh": actual_zh,
              "actual_en": actual_en, "target_zh": target.zh, "target_en": target.en, "due": due}
    if status == "met":
        return S.MET(**fields)
    if status == "not_due":
        return S.NOT_DUE(**fields)
    if gap is None or gap == 0:
        return S.NOT_MET(**fields)
    direction_zh, direction_en = ("差", "short by") if gap < 0 else ("超出", "over by")
    gap_zh, gap_en = gap_amounts(abs(gap), unit, places)
    return S.NOT_MET_BY(**fields, direction_zh=direction_zh, direction_en=direction_en, gap_zh=gap_zh, gap_en=gap_en)


class Verdicts:
    """:func:`verdict` for one measured name, unit, target and due date (a rule's): their part of each
    sentence is written once (when first needed), so a verdict formats only the actual and the gap."""

    __slots__ = ("en_after", "fixed", "gap_after", "said", "unit", "zh_after")

    def __init__(self, name: Message, unit: str, target: Message, due: str) -> None:
        self.fixed = {"name_zh": name.zh, "name_en": name.en, "what_zh": "", "what_en": "", "target_zh": target.zh,
                      "target_en": target.en, "due": due}
        self.unit = unit
        self.said: dict[str, Partial] = {}
        # what follows a whole number in each language (both: _zh, _en without 约), and a gap in percent
        self.zh_after = _zh("", unit, False)
        self.en_after = _en("", unit, False)
        self.gap_after = ("个百分点", " percentage points") if unit == "%" else None

    def _code(self, code: Code) -> Partial:
        partial = self.said.get(code.code)
        if partial is None:
            partial = self.said[code.code] = Partial(code, **self.fixed)
        return partial

    def __call__(self, status: str, actual: Fraction, gap: Fraction | None) -> Message:
        if actual.denominator == 1 and (gap is None or gap.denominator == 1):
            return self.whole(status, actual.numerator, None if gap is None else gap.numerator)
        unit = self.unit
        places = telling_places(actual, gap, unit)
        actual_zh, actual_en = both(actual, unit, places)
        if status == "met":
            return self._code(S.MET)(actual_zh=actual_zh, actual_en=actual_en)
        if status == "not_due":
            return self._code(S.NOT_DUE)(actual_zh=actual_zh, actual_en=actual_en)
        if gap is None or gap == 0:
            return self._code(S.NOT_MET)(actual_zh=actual_zh, actual_en=actual_en)
        direction_zh, direction_en = ("差", "short by") if gap < 0 else ("超出", "over by")
        gap_zh, gap_en = gap_amounts(abs(gap), unit, places)
        return self._code(S.NOT_MET_BY)(actual_zh=actual_zh, actual_en=actual_en, direction_zh=direction_zh,
                                        direction_en=direction_en, gap_zh=gap_zh, gap_en=gap_en)


    def whole(self, status: str, actual: int, gap: int | None) -> Message:
        """The sentence of a whole actual and gap: no decimals to tell apart (telling_places), none to round
        (shown), so each figure is its digits (grouped in English) and the unit's words (both, gap_amounts)."""
        size = abs(gap) if gap else 0
        return self.figured(status, gap, str(actual), f"{actual:,}", str(size), f"{size:,}")

    def figured(self, status: str, gap: int | None, digits: str, grouped: str, size: str, size_grouped: str) -> Message:
        """:meth:`whole`'s sentence for ``status`` and a gap of ``gap``'s sign, its figures given as written: the
        actual's digits and the same grouped, the gap's size and the same grouped (with :data:`MARKS`, a template
        the figures are put into: mzcheck.render.direct)."""
        actual_zh, actual_en = f"{digits}{self.zh_after}", f"{grouped}{self.en_after}"
        if status == "met":
            return self._code(S.MET)(actual_zh=actual_zh, actual_en=actual_en)
        if status == "not_due":
            return self._code(S.NOT_DUE)(actual_zh=actual_zh, actual_en=actual_en)
        if not gap:
            return self._code(S.NOT_MET)(actual_zh=actual_zh, actual_en=actual_en)
        direction_zh, direction_en = ("差", "short by") if gap < 0 else ("超出", "over by")
        if self.gap_after is not None:  # percentage points, not grouped (gap_amounts)
            gap_zh, gap_en = f"{size}{self.gap_after[0]}", f"{size}{self.gap_after[1]}"
        else:
            gap_zh, gap_en = f"{size}{self.zh_after}", f"{size_grouped}{self.en_after}"
        return self._code(S.NOT_MET_BY)(actual_zh=actual_zh, actual_en=actual_en, direction_zh=direction_zh,
                                        direction_en=direction_en, gap_zh=gap_zh, gap_en=gap_en)


# Where the figures go in a sentence made as a template (Verdicts.figured, WholeShortfall.figured): characters of
# Unicode's private use area, which JSON's string escaping leaves as they are (a template is made only where the
# sentence's other texts hold none). In order: an actual's digits, the same grouped, a gap's size, the same
# grouped, a shortfall's amount (grouped).
MARKS = ("\ue000", "\ue001", "\ue002", "\ue003", "\ue004")


def missing(name: Message, derived_from: tuple[Message, Message] | None, what: Message | None = None) -> Message:
    if what is not None:
        return S.MISSING_DATA(what_zh=what.zh, what_en=what.en)
    if derived_from:
        num, den = derived_from
        return S.MISSING_RATIO(name_zh=name.zh, name_en=name.en, num_zh=num.zh, num_en=num.en, den_zh=den.zh,
                               den_en=den.en)
    return S.NOT_REPORTED(name_zh=name.zh, name_en=name.en)


def undecided(name: Message, raw: str, target: Message) -> Message:
    return S.UNDECIDED(name_zh=name.zh, name_en=name.en, raw=raw, target_zh=target.zh, target_en=target.en)


def invalid(name: Message, reason: Message) -> Message:
    """``数值无法使用:{name}:{reason}``; the reason alone where it already starts with the name (a value's
    own message names its indicator: 特困供养标准的单位“元/人”…)."""
    if reason.zh.startswith(name.zh):
        return S.INVALID_NAMED(reason_zh=reason.zh, reason_en=reason.en)
    return S.INVALID(name_zh=name.zh, name_en=name.en, reason_zh=reason.zh, reason_en=reason.en)


def shortfall(x: Fraction, unit: str, what: Message, per: tuple[Fraction, str, Message] | None, how: str) -> Message:
    """"75 more certified carers for 1,905,000 elders" / "按老年人1,905,000人计,需增加持证护理员75人"."""
    amount_zh, amount_en_ = grouped(x, unit)
    fields = {"amount_zh": amount_zh, "amount_en": amount_en_, "what_zh": what.zh, "what_en": what.en}
    if per is not None:
        d, d_unit, d_name = per
        per_zh, per_en = grouped(d, d_unit)
        fields |= {"per_zh": per_zh, "per_en": per_en, "per_name_zh": d_name.zh, "per_name_en": d_name.en}
        code = {"convert": S.CONVERT, "reduce": S.REDUCE_FOR, "add": S.ADD_FOR}[how]
        return code(**fields)
    return (S.REDUCE if how == "reduce" else S.ADD)(**fields)


class WholeShortfall:
    """:func:`shortfall` of a whole amount with nothing to divide by (``per`` None) for one noun, unit and
    direction: their words are written into the template once (a :class:`Partial`), and an amount is its digits,
    grouped (a whole number has nothing to round: :func:`grouped`), and the unit's words."""

    __slots__ = ("en_after", "partial", "zh_after")

    def __init__(self, what: Message, unit: str, how: str) -> None:
        self.partial = Partial(S.REDUCE if how == "reduce" else S.ADD, what_zh=what.zh, what_en=what.en)
        self.zh_after = _zh("", unit, False)
        self.en_after = _en("", unit, False)

    def __call__(self, amount: int) -> Message:
        return self.figured(f"{amount:,}")

    def figured(self, grouped: str) -> Message:
        """The sentence of an amount given as written, grouped (with ``MARKS[4]``, a template: Verdicts.figured)."""
        return self.partial(amount_zh=grouped + self.zh_after, amount_en=grouped + self.en_after)


def convert_or_add(convert: Fraction, add: Fraction, unit: str, what: Message,
                   per: tuple[Fraction, str, Message]) -> Message:
    """The two ways to reach a share in one sentence, so they read as alternatives: "convert 100 … or add 500 …"."""
    d, d_unit, d_name = per
    return S.CONVERT_OR_ADD(convert_zh=amount(convert, unit, group=True), convert_en=amount_en(convert, unit),
                            add_zh=amount(add, unit, group=True), add_en=amount_en(add, unit), what_zh=what.zh,
                            what_en=what.en, per_zh=amount(d, d_unit, group=True), per_en=amount_en(d, d_unit),
                            per_name_zh=d_name.zh, per_name_en=d_name.en)
