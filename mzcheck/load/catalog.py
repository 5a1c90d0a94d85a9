"""The indicator catalog / 指标目录 (``indicators.yaml``).

Each indicator once: id, names, aliases, canonical unit and, for a ratio, its numerator, denominator and
scale. Loading checks that a ratio's unit has the dimension of numerator ÷ denominator and that ``scale``
matches the unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mzcheck.core import yamlio
from mzcheck.core.codes import catalog as C
from mzcheck.core.errors import InputError, Problem, problem
from mzcheck.core.modelbase import ValidationError
from mzcheck.core.numbers import from_python
from mzcheck.core.units import Unit, divide_dims, parse_unit
from mzcheck.load.validation import pydantic_problems
from mzcheck.model.compiled import CompiledIndicator
from mzcheck.model.rules import Indicator


def items(doc: yamlio.Document, key: str) -> list[Any]:
    """The list under ``key:`` at the top of a catalog file."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError.of(C.NOT_A_LIST, file=doc.file, line=doc.line(()), key=key)
    return list(data[key])


def compile_indicators(doc: yamlio.Document, problems: list[Problem],
                       known: dict[str, CompiledIndicator] | None = None) -> dict[str, CompiledIndicator]:
    """The indicators of ``doc``; ``known`` are those of the layers below, which components may name."""
    out: dict[str, CompiledIndicator] = {}
    index: dict[str, int] = {}  # id → its position in the file
    below = known or {}
    for i, item in enumerate(items(doc, "indicators")):
        base = ("indicators", i)
        try:
            ind = Indicator.model_validate(item)
            if ind.scale is not None:
                from_python(ind.scale)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc, base))
            continue
        except InputError as exc:
            problems.extend(exc.located(doc.file, doc.line((*base, "scale")), "scale").problems)
            continue
        if ind.id in out:
            problems.append(problem(C.DUPLICATE_INDICATOR, file=doc.file, line=doc.line((*base, "id")), field="id",
                                    id=ind.id))
            continue
        try:
            unit = parse_unit(ind.unit)
        except InputError as exc:
            problems.extend(exc.located(doc.file, doc.line((*base, "unit")), "unit").problems)
            continue
        out[ind.id] = CompiledIndicator(ind, unit)
        index[ind.id] = i
    every = {**below, **out}
    _names_once(doc, out, below, index, problems)
    circular = _not_from_itself(doc, out, every, index, problems)
    for ind in (x.model for x in out.values()):
        if not ind.derived or ind.id in circular:  # its dimension has no answer either
            continue
        base = ("indicators", index[ind.id])
        for part in (ind.numerator, ind.denominator):
            if part not in every:
                problems.append(problem(C.UNKNOWN_COMPONENT, file=doc.file, line=doc.line((*base, "numerator")),
                                        field="numerator", part=part))
        if ind.numerator in every and ind.denominator in every:
            num, den = every[ind.numerator].unit, every[ind.denominator].unit
            ratio = Unit(num.factor / den.factor, divide_dims(num.dims, den.dims), "")
            own = out[ind.id].unit
            if ratio.dims != own.dims:
                problems.append(problem(C.RATIO_DIMENSION, file=doc.file, line=doc.line((*base, "unit")), field="unit",
                                        unit=ind.unit, numerator=ind.numerator, denominator=ind.denominator))
            elif ind.scale is not None and from_python(ind.scale) != ratio.factor / own.factor:
                problems.append(problem(C.SCALE_MISMATCH, file=doc.file, line=doc.line((*base, "scale")), field="scale",
                                        scale=ind.scale, unit=ind.unit, expected=ratio.factor / own.factor))
    return out


_WHAT = {"id": ("编号", "id"), "name": ("中文名", "Chinese name"), "alias": ("别名", "alias")}


def _key(text: str) -> str:
    return "".join(text.split()).lower()  # as a report's indicator is looked up (RuleSet.indicator_id)


Spelling = tuple[str, str, tuple[str | int, ...]]  # the text, what it is of its entry (id, name, alias), its path


def clashes(earlier: Iterable[tuple[str, list[Spelling]]], entries: Iterable[tuple[str, list[Spelling]]],
            key: Callable[[str], str]) -> Iterator[tuple[str, Spelling, tuple[str, str]]]:
    """Each spelling of ``entries`` (owner, its spellings) that another owner took first, in ``earlier`` (a layer
    below) or before it in ``entries``, compared by ``key``: (owner, the spelling, (first owner, what it is of it))."""
    owner: dict[str, tuple[str, str]] = {}
    for who, spellings in earlier:
        for text, what, _ in spellings:
            owner.setdefault(key(text), (who, what))
    for who, spellings in entries:
        for spelling in spellings:
            first = owner.setdefault(key(spelling[0]), (who, spelling[1]))
            if first[0] != who:
                yield who, spelling, first


def _names_once(doc: yamlio.Document, out: dict[str, CompiledIndicator], below: dict[str, CompiledIndicator],
                index: dict[str, int], problems: list[Problem]) -> None:
    """C602 for an id, Chinese name or alias that names two indicators (of this file or a layer below)."""
    def spellings(ind: CompiledIndicator) -> list[Spelling]:
        m = ind.model
        return [(m.id, "id", ("id",)), (m.name.zh, "name", ("name", "zh")),
                *((a, "alias", ("aliases", k)) for k, a in enumerate(m.aliases))]

    for ind_id, (text, what, path), first in clashes(((i.id, spellings(i)) for i in below.values()),
                                                     ((i.id, spellings(i)) for i in out.values()), _key):
        problems.append(problem(C.NAME_OF_TWO_INDICATORS, file=doc.file,
                                line=doc.line(("indicators", index[ind_id], *path)), field=".".join(
                                    str(p) for p in path if isinstance(p, str)), name=text, first=first[0],
                                first_what_zh=_WHAT[first[1]][0], first_what_en=_WHAT[first[1]][1], id=ind_id,
                                what_zh=_WHAT[what][0], what_en=_WHAT[what][1]))


def _not_from_itself(doc: yamlio.Document, out: dict[str, CompiledIndicator], every: dict[str, CompiledIndicator],
                     index: dict[str, int], problems: list[Problem]) -> set[str]:
    """C606 for a ratio whose numerator or denominator is itself, directly or through other ratios; their ids."""
    circular: set[str] = set()
    for ind in out.values():
        chain = _cycle(ind.id, every, [ind.id])
        if chain is not None:
            circular.add(ind.id)
            problems.append(problem(C.DERIVED_FROM_ITSELF, file=doc.file,
                                    line=doc.line(("indicators", index[ind.id], "numerator")), field="numerator",
                                    id=ind.id, chain=" → ".join(chain)))
    return circular


def _cycle(start: str, every: dict[str, CompiledIndicator], path: list[str]) -> list[str] | None:
    m = every[path[-1]].model
    for part in (m.numerator, m.denominator):
        if part is None or part not in every:
            continue
        if part == start:
            return [*path, part]
        if part not in path:
            found = _cycle(start, every, [*path, part])
            if found is not None:
                return found
    return None
