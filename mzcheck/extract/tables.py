"""Indicator tables flattened into text / 指标表: ``指标名称 | 单位 | 2024年现状 | 2025年目标 | 指标属性``.

One draft per row of the target column; the current or base columns are not read; 约束性 → binding,
预期性 → aspirational.
"""

from __future__ import annotations

import datetime as dt
import re

from mzcheck.core.codes import extract as X
from mzcheck.core.errors import InputError
from mzcheck.core.messages import Message
from mzcheck.core.units import parse_unit
from mzcheck.extract.clause import Candidate, Found
from mzcheck.extract.grammar import per_unit
from mzcheck.extract.quantities import BOUND_SUFFIX
from mzcheck.extract.text import trim
from mzcheck.extract.words import COVERAGE, INCREMENT, STRICT_BEFORE, SUFFIX_CMP

_VALUE = re.compile(r"(?P<cmp>≥|≤|>=|<=|>|<|不少于|不低于|不超过|不高于|至少|超过|低于)?\s*"
                    r"(?P<num>\d+(?:\.\d+)?)(?:\s*(?:-|~|—|至)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<rest>.*)$")
_ROW_NUMBER = re.compile(r"^\d+[.、]?\s*")
_TRAILING_BOUND = re.compile(r"(以上|以下|以内)$")
_UNIT_SUFFIX = re.compile(r"(及以上|以上|以下|以内|及以下|左右)$")
_UNIT_BRACKETS = re.compile(r"^[((]|[))]$")
_YEAR = re.compile(r"(\d{4})\s*年")


def tables(norm: str, year: int, found: Found) -> list[tuple[int, int]]:
    """Draft the rows of every indicator table in ``norm``; the spans of the table lines (for the walk to skip)."""
    spans: list[tuple[int, int]] = []
    lines: list[tuple[int, int, list[str]]] = []
    pos = 0
    for raw in norm.split("\n"):
        sep = "|" if raw.count("|") >= 2 else ("\t" if raw.count("\t") >= 2 else None)
        cells = [c.strip() for c in raw.strip().strip("|").split(sep)] if sep else []
        lines.append((pos, pos + len(raw), cells))
        pos += len(raw) + 1
    header: dict[str, int] | None = None
    header_due: dt.date | None = None
    column = ""
    for ls, le, cells in lines:
        if len(cells) < 3:
            header = None
            continue
        cols = _header(cells, year)
        if cols is not None:
            header, header_due = cols
            column = cells[header["target"]]
            spans.append((ls, le + 1))
            continue
        if header is None:
            continue
        spans.append((ls, le + 1))
        _row(norm, ls, le, cells, header, header_due or dt.date(year, 12, 31), X.TABLE_TARGET(column=column), found)
    return spans


def _header(cells: list[str], year: int) -> tuple[dict[str, int], dt.date | None] | None:
    cols: dict[str, int] = {}
    due: dt.date | None = None
    for i, c in enumerate(cells):
        if "name" not in cols and re.search(r"指标|项目|名称", c) and not re.search(r"目标|值", c):
            cols["name"] = i
        elif "unit" not in cols and "单位" in c:
            cols["unit"] = i
        elif re.search(r"属性|性质|类型", c):
            cols["attr"] = i
        elif re.search(r"目标", c) or (_YEAR.search(c) and not re.search(r"现状|基数|基期|实际", c)):
            y = _YEAR.search(c)
            if y and int(y.group(1)) >= year:
                cols["target"], due = i, dt.date(int(y.group(1)), 12, 31)
            elif "目标" in c:
                cols["target"] = i
    if "name" in cols and "target" in cols:
        return cols, due
    return None


def _row(norm: str, ls: int, le: int, cells: list[str], cols: dict[str, int], due: dt.date, reason: Message,
         found: Found) -> None:
    def cell(k: str) -> str:
        i = cols.get(k)
        return cells[i] if i is not None and i < len(cells) else ""

    name, value_text, unit_text, attr = cell("name"), cell("target"), cell("unit"), cell("attr")
    name = _ROW_NUMBER.sub("", name)
    if not name or not value_text:
        return
    strength = "aspirational" if re.search(r"预期|力争", attr + value_text) else "binding"
    s, e = trim(norm, ls, le)
    coverage = COVERAGE.search(value_text)
    if coverage:
        found.candidates.append(Candidate(name, ">=", ("100",), "%", "level", strength, "self", due, s, e,
                                          coverage.group(0), reason, dated=True, reading="coverage"))
        return
    m = _VALUE.search(value_text)
    if not m:
        return
    rest = m.group("rest").strip()
    bound = BOUND_SUFFIX.search(rest) or _TRAILING_BOUND.search(rest)
    unit = _UNIT_SUFFIX.sub("", rest).strip() or _UNIT_BRACKETS.sub("", unit_text)
    if unit.startswith("个百分点"):
        unit = "百分点"
    if unit not in ("%", "‰", "百分点", "倍"):
        unit = per_unit(name, unit)  # 每万名老年人拥有持证养老护理员数 | 人 → 人/万名老年人
    try:
        parse_unit(unit)
    except InputError:
        found.skip(s, e, X.UNKNOWN_UNIT(unit=unit))
        return
    if m.group("cmp"):
        cmp = STRICT_BEFORE.get(m.group("cmp"), ">=")
    elif bound:
        cmp = SUFFIX_CMP.get(bound.group(1), ">=")
    else:
        cmp = ">="
    kind = "increment" if INCREMENT.search(name) else ("growth" if unit == "百分点" else "level")
    values = (m.group("num"), m.group("high")) if m.group("high") else (m.group("num"),)
    if m.group("high"):
        cmp, kind = "between", "range"
    wording = m.group("cmp") or (bound.group(1) if bound else None)
    found.candidates.append(Candidate(name, cmp, values, unit, kind, strength, "self", due, s, e, wording, reason,
                                      dated=True))
