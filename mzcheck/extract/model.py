"""What extraction gives: drafts, proposed indicators, the extraction of one plan / 抽取结果.

A :class:`Draft` is one rule with its verbatim quote at ``[start, end)`` of the plan, the reason it was
read as a commitment and, when its value is not written as a number, the reading of words it comes from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mzcheck.core.messages import Message
from mzcheck.load.ruleset import RuleSet

# The only values a draft may carry that are not written as numbers in its quote: readings of words that
# the catalogue encodes this way (docs/design/targets-inventory.md). Draft.reading names the one used.
READINGS = {
    "coverage": "全覆盖/全域覆盖/全面覆盖 → ≥ 100%",
    "universal": "所有/每个/全部 X (各 X 均) 配备/设立/建成 Y, 并配备至少1名 Y → share of X with Y ≥ 100%",
    "task": "完成/建成/成立 …, or a dated 出台/启动/正式运营 → ≥ 1 项 (1 = done)",
    "enumeration": "A市、B市、C市完成 … → ≥ 3 个, the number of places named",
    "standard": "不超过/不高于/不低于 a named standard → relative, 100% of it",
}


@dataclass(frozen=True)
class ProposedIndicator:
    """A new indicator a draft needs, for indicators.yaml / 建议新增的指标."""

    id: str
    name_zh: str
    name_en: str
    unit: str

    def entry(self, description: Message) -> dict[str, Any]:
        """The ``indicators.yaml`` entry."""
        return {"id": self.id, "name": {"zh": self.name_zh, "en": self.name_en}, "unit": self.unit,
                "description": description.zh}


@dataclass(frozen=True)
class Draft:
    """One drafted rule with its verbatim quote at ``[start, end)`` of the plan / 规则草稿."""

    rule_id: str
    indicator: str
    indicator_name: str
    proposed: bool
    comparator: str
    value: Decimal | tuple[Decimal, Decimal]
    unit: str
    due: dt.date
    kind: str
    strength: str
    scope: str
    quote: str
    start: int
    end: int
    reason: Message  # why the sentence was read as a commitment
    wording: str | None = None
    baseline: int | None = None
    reference: tuple[str, int] | None = None
    note: Message | None = None
    reading: str | None = None  # how a value not written in the quote was read: see READINGS

    def rule_data(self, jurisdiction: str | None = None) -> dict[str, Any]:
        """The rule as a ``targets/`` record (what a rule file holds; jurisdiction left to the file's header)."""
        value: Any = list(self.value) if isinstance(self.value, tuple) else self.value
        data: dict[str, Any] = {"id": self.rule_id, "indicator": self.indicator}
        if jurisdiction is not None:
            data["jurisdiction"] = jurisdiction
        data.update({"comparator": self.comparator, "target": {"value": value, "unit": self.unit},
                     "due": self.due, "kind": self.kind, "strength": self.strength, "scope": self.scope})
        if self.baseline is not None:
            data["baseline"] = self.baseline
        if self.reference is not None:
            data["reference"] = {"indicator": self.reference[0], "offset": self.reference[1]}
        if self.wording:
            data["wording"] = self.wording
        if self.note:
            data["note"] = self.note.zh
        data["source"] = {"quote": self.quote}
        return data


@dataclass
class Extraction:
    """What ``extract`` found in one plan / 一份规划的抽取结果."""

    file: str
    title: str
    publisher: str
    published: dt.date | None
    jurisdiction: str
    jurisdiction_known: bool
    year: int
    text: str
    drafts: list[Draft] = field(default_factory=list)
    proposed: list[ProposedIndicator] = field(default_factory=list)
    skipped: list[tuple[int, int, Message]] = field(default_factory=list)  # (start, end, why), for review
    catalogue: RuleSet | None = field(default=None, repr=False, compare=False)  # what the drafts were matched to

    def document(self) -> dict[str, Any]:
        """The rule file's ``document`` header."""
        return {"title": self.title, "publisher": self.publisher,
                "published": self.published or dt.date(self.year, 1, 1), "file": self.file}

    def rule_file(self) -> dict[str, Any]:
        """The drafted rule file as data: ``document``, ``jurisdiction`` and ``rules``."""
        return {"document": self.document(), "jurisdiction": self.jurisdiction,
                "rules": [d.rule_data() for d in self.drafts]}
