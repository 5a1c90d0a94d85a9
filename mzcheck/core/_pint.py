"""The pint registry, created once and only when needed / pint 单位注册表(按需创建).

Importing pint and building a registry costs a quarter of a second, so mzcheck reads the common unit
spellings from the precompiled table in :mod:`mzcheck._unit_table` and comes here only for a spelling
that table does not know (``kg``, ``m**2``, ``persons / 1e4 person`` …). The table is generated from
this registry (``python -m mzcheck.core._pint``) and a test checks the two agree.
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

DEFINITIONS = Path(__file__).with_name("units.txt")


@functools.cache
def registry() -> Any:
    """The one registry: pint's defaults plus units.txt, with exact Fraction magnitudes."""
    import pint

    ureg: Any = pint.UnitRegistry(non_int_type=Fraction, autoconvert_offset_to_baseunit=False)
    ureg.load_definitions(str(DEFINITIONS))
    return ureg


def to_base(text: str) -> tuple[Fraction, tuple[tuple[str, int], ...]]:
    """Factor and dimensions of a unit text: ``"张/万名老年人"`` → ``(1/10000, (("bed", 1), ("person", -1)))``.

    Raises pint's own errors for an unknown unit; callers turn them into :class:`mzcheck.UnitError`.
    """
    ureg = registry()
    parsed = ureg.parse_expression(text)
    if not isinstance(parsed, ureg.Quantity):
        return Fraction(parsed), ()
    q = parsed.to_base_units()
    dims = tuple(sorted((str(k).strip("[]"), int(v)) for k, v in q.dimensionality.items()))
    return Fraction(q.magnitude), dims


def _definition_names() -> tuple[list[str], dict[str, Fraction]]:
    """Unit names and aliases, and prefixes, as written in units.txt."""
    names: list[str] = []
    prefixes: dict[str, Fraction] = {}
    for raw in DEFINITIONS.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("@"):
            continue
        parts = [p.strip() for p in line.split("=")]
        if parts[0].endswith("-"):
            prefixes[parts[0][:-1]] = Fraction(parts[1])
            continue
        names.append(parts[0])
        names.extend(p for p in parts[2:] if p and not p.startswith("["))
    return names, prefixes


# English spellings a report or rule may use, beside the Chinese ones of units.txt.
ENGLISH = ["person", "persons", "bed", "beds", "institution", "institutions", "household",
           "households", "yuan", "person_time", "item", "items", "percent", "%", "permille",
           "percentage_point", "year", "month", "day", "dimensionless"]


def build_table() -> dict[str, Any]:
    """The table written to mzcheck/core/_unit_table.py: every atom's factor and dimensions, and prefixes."""
    names, prefixes = _definition_names()
    atoms: dict[str, tuple[Fraction, tuple[tuple[str, int], ...]]] = {}
    for name in [*names, *ENGLISH]:
        atoms[name] = to_base("percent" if name == "%" else name)
    return {"atoms": atoms, "prefixes": prefixes}


def render_table() -> str:
    table = build_table()
    lines = [
        '"""Precompiled unit table, generated from units.txt by ``python -m mzcheck.core._pint``. Do not edit."""',
        "",
        "from fractions import Fraction as F",
        "",
        "ATOMS = {",
    ]
    for name, (factor, dims) in table["atoms"].items():
        lines.append(f"    {name!r}: (F({factor.numerator}, {factor.denominator}), {dims!r}),")
    lines.append("}")
    lines.append("")
    lines.append("PREFIXES = {")
    for name, factor in table["prefixes"].items():
        lines.append(f"    {name!r}: F({factor.numerator}, {factor.denominator}),")
    lines.append("}")
    return "\n".join(lines) + "\n"


_SAFE = re.compile(r"^[\w\s*/^().+-]*$")


def safe_for_pint(text: str) -> bool:
    """False when pint would skip characters of ``text`` silently (it reads ``3.2％`` as plain 3.2)."""
    return bool(_SAFE.match(text))


if __name__ == "__main__":  # pragma: no cover - maintenance command
    out = Path(__file__).with_name("_unit_table.py")
    out.write_text(render_table(), encoding="utf-8")
    print(f"wrote {out}")
