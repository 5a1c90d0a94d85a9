"""Loading waivers files / 加载豁免文件 (stage: load).

Each entry must name a rule of the rule set and a jurisdiction the rule applies to (its own, or a child
unit of a rule for each child); every problem is reported at once with ``file:line``. Whether an entry has
expired is decided per report, by evaluation (:mod:`mzcheck.engine.evaluate`).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from mzcheck.core import yamlio
from mzcheck.core.codes import waivers as W
from mzcheck.core.errors import InputError, Problem
from mzcheck.core.messages import did_you_mean
from mzcheck.core.modelbase import ValidationError
from mzcheck.load.ruleset import RuleSet
from mzcheck.load.validation import pydantic_problems
from mzcheck.model.waivers import CompiledWaiver, WaiverFile, Waivers

__all__ = ["load_waivers"]


def load_waivers(paths: Sequence[str | Path], rules: RuleSet) -> Waivers:
    """The waivers of the files ``paths``, checked against ``rules``; raises :class:`~mzcheck.InputError`."""
    problems: list[Problem] = []
    out: list[CompiledWaiver] = []
    first: dict[tuple[str, str, int | None], str] = {}
    for path in paths:
        try:
            doc = yamlio.load(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        try:
            parsed = WaiverFile.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc, ()))
            continue
        for i, w in enumerate(parsed.waivers):
            base: tuple[str | int, ...] = ("waivers", i)
            rule = rules.rule(w.rule)
            if rule is None:
                close = difflib.get_close_matches(w.rule, [r.id for r in rules.rules], n=3)
                problems.append(doc.coded((*base, "rule"), W.WAIVER_UNKNOWN_RULE, rule=w.rule,
                                          help=did_you_mean(close) or W.WAIVER_UNKNOWN_RULE.hint()))
                continue
            try:
                place = rules.resolve(w.jurisdiction)
            except InputError as exc:
                problems.extend(exc.located(doc.file, doc.line((*base, "jurisdiction")), "waivers.jurisdiction").problems)
                continue
            own = place.code == rule.jurisdiction.code
            child = rule.rule.scope == "each_child" and place.parent == rule.jurisdiction.code
            if not (own or child):
                problems.append(doc.coded((*base, "jurisdiction"), W.WAIVER_NOT_APPLICABLE, rule=w.rule,
                                          place=place.name))
                continue
            key = (w.rule, place.code, w.period)
            where = f"{doc.file}:{doc.line(base)}"
            if key in first:
                problems.append(doc.coded(base, W.WAIVER_TWICE, field="", first=first[key]))
                continue
            first[key] = where
            out.append(CompiledWaiver(w, place.code, place.name, doc.file, doc.line(base)))
    if problems:
        raise InputError(problems)
    return Waivers.of(out)
