"""Reading a report given as a mapping: YAML, JSON or Python data / 读取映射形式的报表.

A report is a mapping with the jurisdiction, the period, the values, and optionally history, per-child
values and amounts added in the period. Keys may be indicator ids, Chinese names or aliases. Every field
is read by :mod:`mzcheck.read.fields`, as the table readers read theirs. A value that cannot be used (not
a number, an unknown unit, a negative count) is kept with its reason, so the rule that needs it is
``invalid`` and the rest of the report is still checked; a report that cannot be read at all is an
:class:`~mzcheck.InputError` listing every problem, each at its line (YAML, JSON) or field (a mapping).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from typing import Any

from mzcheck.core import yamlio
from mzcheck.core.codes import reports as R
from mzcheck.core.errors import InputError, Problem
from mzcheck.core.messages import did_you_mean
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report, Values
from mzcheck.read import fields
from mzcheck.read.fields import (
    check_as_of,
    find_indicator,
    find_jurisdiction,
    is_empty,
    read_date,
    read_value,
    read_year,
)

REPORT_KEYS = {"jurisdiction", "period", "as_of", "target_year", "values", "history", "children", "added",
               "source", "note"}

Path_ = tuple[Any, ...]


def parse_report(doc: yamlio.Document, rules: RuleSet) -> Report:
    """The report in a YAML or JSON document (or a mapping wrapped in one, without lines)."""
    data = doc.data
    if not isinstance(data, Mapping):
        raise InputError(doc.coded((), R.NOT_A_MAPPING, field=""))
    problems: list[Problem] = []
    for key in data:
        if key not in REPORT_KEYS:
            close = difflib.get_close_matches(str(key), sorted(REPORT_KEYS), n=1)
            hint = did_you_mean(close) or R.REPORT_FIELDS(fields=", ".join(sorted(REPORT_KEYS)))
            problems.append(doc.coded((key,), R.UNKNOWN_FIELD, field=str(key), help=hint, name=str(key)))
    place = _field(doc, data, "jurisdiction", problems, lambda raw: find_jurisdiction(raw, rules), required=True)
    if "period" not in data or data["period"] is None:
        problems.append(doc.coded((), R.MISSING_PERIOD, field="period"))
        period = None
    else:
        period = _field(doc, data, "period", problems, read_year)
    target_year = _field(doc, data, "target_year", problems, read_year)
    as_of = _field(doc, data, "as_of", problems, read_date)
    if as_of is not None and period is not None:
        try:
            check_as_of(as_of, period)
        except InputError as exc:
            problems.extend(_at(doc, ("as_of",), exc))
    values = _values(doc, ("values",), data.get("values"), rules, problems)
    added = _values(doc, ("added",), data.get("added"), rules, problems)
    history: dict[int, Values] = {}
    raw_history = data.get("history") or {}
    if not isinstance(raw_history, Mapping):
        problems.append(doc.coded(("history",), R.HISTORY_NOT_A_MAPPING))
    else:
        for year, vals in raw_history.items():
            try:
                history[read_year(year, example=2024)] = _values(doc, ("history", year), vals, rules, problems)
            except InputError as exc:
                problems.extend(_at(doc, ("history", year), exc))
    children: dict[str, Values] = {}
    raw_children = data.get("children") or {}
    if not isinstance(raw_children, Mapping):
        problems.append(doc.coded(("children",), R.CHILDREN_NOT_A_MAPPING))
    else:
        for name, vals in raw_children.items():
            children[str(name)] = _values(doc, ("children", name), vals, rules, problems)
    if problems or place is None or period is None:
        raise InputError(problems)
    return Report(jurisdiction=place, period=period, as_of=as_of or dt.date(period, 12, 31),
                  target_year=target_year or period, values=values, history=history, children=children, added=added,
                  file=doc.file)


def _at(doc: yamlio.Document, path: Path_, exc: InputError, field: str | None = None) -> list[Problem]:
    """The problems of a field reader, at ``path``'s line, with ``path`` as the field."""
    return exc.located(doc.file, doc.line(path), field or doc.field(path)).problems


def _field(doc: yamlio.Document, data: Mapping[Any, Any], key: str, problems: list[Problem], read: Any,
           required: bool = False) -> Any:
    """``read(data[key])``; None (and the problem) when it cannot be read, or when the key is absent."""
    raw = data.get(key)
    if raw is None and not required:
        return None
    try:
        return read(raw)
    except InputError as exc:
        problems.extend(_at(doc, (key,) if key in data else (), exc, key))
        return None


def _values(doc: yamlio.Document, path: Path_, raw: Any, rules: RuleSet, problems: list[Problem]) -> Values:
    out: Values = {}
    if raw is None:
        return out
    if not isinstance(raw, Mapping):
        problems.append(doc.coded(path, R.VALUES_NOT_A_MAPPING, field=".".join(str(p) for p in path)))
        return out
    firsts: dict[str, str] = {}  # where each indicator was first given
    for key, value in raw.items():
        where = (*path, key)
        try:
            ind_id = find_indicator(key, rules)
        except InputError as exc:
            problems.extend(_at(doc, where, exc, str(key)))
            continue
        if is_empty(value):
            continue  # a template line left empty: not reported (the rule says missing)
        if ind_id in out:
            problems.append(doc.coded(where, R.REPEATED_INDICATOR, field=str(key), name=str(key), id=ind_id,
                                      first=firsts[ind_id]))
            continue
        firsts[ind_id] = fields.where(doc.file, doc.line(where), field=doc.field(where)) or ""
        out[ind_id] = read_value(ind_id, value, rules, doc.file, doc.line(where), field=doc.field(where))
    return out
