"""The indicator catalog / 指标目录 (``indicators.yaml``).

Each indicator once: id, names, aliases, canonical unit and, for a ratio, its numerator, denominator and
scale. Loading checks that a ratio's unit has the dimension of numerator ÷ denominator and that ``scale``
matches the unit.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from mzcheck.core import yamlio
from mzcheck.core.codes import catalog as C
from mzcheck.core.errors import InputError, Problem, problem
from mzcheck.core.numbers import from_python
from mzcheck.core.units import Unit, divide_dims, parse_unit
from mzcheck.load.validation import pydantic_problems
from mzcheck.model.compiled import CompiledIndicator
from mzcheck.model.rules import Indicator

INDICATORS_FILE = "indicators.yaml"


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
    every = {**below, **out}
    for i, ind in enumerate(x.model for x in out.values()):
        if not ind.derived:
            continue
        base = ("indicators", i)
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
