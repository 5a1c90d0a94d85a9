"""The message catalogue, one module per section letter / 消息目录.

Importing this package defines every code; :func:`lookup` finds one by code or name.
"""

from __future__ import annotations

from mzcheck.core.codes import (
    bulk,  # B
    catalog,  # C
    diff,  # D
    extract,  # X
    files,  # F
    history,  # H
    lint,  # L
    notes,  # N
    output,  # O
    progress,  # P
    reports,  # R
    results,  # S
    rules,  # K
    syntax,  # Y
    tables,  # T
    units,  # U
    values,  # V
    waivers,  # W
)
from mzcheck.core.messages import CATALOGUE, Code, find

__all__ = ["all_codes", "lookup"]

# the sections, imported for the codes they define
SECTIONS = (bulk, catalog, diff, extract, files, history, lint, notes, output, progress, reports, results, rules, syntax,
            tables, units, values, waivers)


def lookup(key: str) -> Code | None:
    """The catalogue entry for a code (``R201``, any case) or a name (``unknown-jurisdiction``)."""
    return find(key)


def all_codes() -> list[Code]:
    """Every code, in code order."""
    return [CATALOGUE[c] for c in sorted(CATALOGUE)]
