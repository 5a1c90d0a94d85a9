"""Administrative divisions / 行政区划 (``jurisdictions.yaml``).

GB/T 2260 six-digit codes with names, English names, aliases and an explicit parent code.
"""

from __future__ import annotations

from pydantic import ValidationError

from mzcheck.core import yamlio
from mzcheck.core.codes import catalog as C
from mzcheck.core.errors import Problem, problem
from mzcheck.load.catalog import items
from mzcheck.load.validation import pydantic_problems
from mzcheck.model.rules import Jurisdiction

JURISDICTIONS_FILE = "jurisdictions.yaml"


def compile_divisions(doc: yamlio.Document, problems: list[Problem],
                      known: dict[str, Jurisdiction] | None = None) -> dict[str, Jurisdiction]:
    """The divisions of ``doc``; ``known`` are those of the layers below, which a parent may name."""
    out: dict[str, Jurisdiction] = {}
    below = known or {}
    for i, item in enumerate(items(doc, "jurisdictions")):
        try:
            j = Jurisdiction.model_validate(item)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc, ("jurisdictions", i)))
            continue
        out[j.code] = j
    for i, j in enumerate(out.values()):
        if j.parent is not None and j.parent not in out and j.parent not in below:
            problems.append(problem(C.UNKNOWN_PARENT, file=doc.file, line=doc.line(("jurisdictions", i, "parent")),
                                    field="parent", parent=j.parent))
    return out
