"""``level``: the value at the due date / 水平值:截止日期时的数值 (到2025年底…达到28人)."""

from __future__ import annotations

from typing import ClassVar

from mzcheck.core.codes import rules as K
from mzcheck.core.messages import Message, Phrase
from mzcheck.kinds.base import Formula, Kind, Progress
from mzcheck.model.rules import Rule


class Level(Kind):
    name = "level"
    title = Phrase("水平", "level")
    progress: ClassVar[Progress | None] = "trend"  # projected from earlier values, or judged at a milestone
    columns = True
    rounding = True


class Range(Level):
    """``range``: the value at the due date lies within [low, high] / 区间 (每个县域确定2-3个)."""

    name = "range"
    title = Phrase("区间", "range")
    defaults: ClassVar[dict[str, str]] = {"comparator": "between"}

    def check_rule(self, rule: Rule) -> list[tuple[Message, str]]:
        out = super().check_rule(rule)
        if rule.comparator != "between":
            out.append((K.RANGE_KIND(), "comparator"))
        return out


class Each(Level):
    """``each``: a level that holds for every child unit / 各下级单位 (每个县(市、区)…); the engine measures it
    child by child."""

    name = "each"
    title = Phrase("各下级单位", "each child unit")
    progress: ClassVar[Progress | None] = None  # not judged child by child before the due date
    completion: ClassVar[Formula | None] = None
    defaults: ClassVar[dict[str, str]] = {"scope": "each_child"}

    def check_rule(self, rule: Rule) -> list[tuple[Message, str]]:
        out = super().check_rule(rule)
        if rule.scope != "each_child":
            out.append((K.EACH_SCOPE(), "scope"))
        return out
