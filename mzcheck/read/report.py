"""Reading reports of actual values / 读取实际值报表 (stage 2: parse).

A report is YAML or JSON (CSV and Excel come through :mod:`mzcheck.tables`) with the jurisdiction,
the period, the values, and optionally history, per-child values and amounts added in the period.
Keys may be indicator ids, Chinese names or aliases. A value that cannot be used (not a number, an
unknown unit, a negative count) is kept with its reason, so the rule that needs it is ``invalid`` and
the rest of the report is still checked; a report that cannot be read at all is an :class:`InputError`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from mzcheck.core import yamlio
from mzcheck.core.errors import InputError, Problem
from mzcheck.core.yamlio import shown
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report, Reported, Values
from mzcheck.model.rules import Jurisdiction
from mzcheck.read.fields import read_value

REPORT_KEYS = {"jurisdiction", "period", "as_of", "target_year", "values", "history", "children", "added",
               "source", "note"}


def parse_report(doc: yamlio.Document, rules: RuleSet) -> Report:
    data = doc.data
    if not isinstance(data, dict):
        raise InputError("a report is a mapping with jurisdiction, period and values / 报表应为包含 jurisdiction、period、values 的映射",
                         file=doc.file, line=doc.line(()))
    problems: list[Problem] = []
    for key in data:
        if key not in REPORT_KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), sorted(REPORT_KEYS), n=1)
            problems.append(doc.problem((key,), f"unknown field {key!r} / 未知字段", field=str(key),
                                        help=f"did you mean {close[0]!r}? / 是否应为 {close[0]}" if close else
                                        f"a report has {', '.join(sorted(REPORT_KEYS))}"))
    place = _jurisdiction(doc, data, rules, problems)
    period = _year(doc, data, "period", problems, required=True)
    target_year = _year(doc, data, "target_year", problems, required=False)
    as_of = data.get("as_of")
    if as_of is not None and not isinstance(as_of, dt.date):
        problems.append(doc.problem(("as_of",), f"{shown(as_of)} is not a date (YYYY-MM-DD) / 不是日期(YYYY-MM-DD)"))
        as_of = None
    values = _values(doc, ("values",), data.get("values", {}), rules, problems)
    added = _values(doc, ("added",), data.get("added", {}), rules, problems)
    history: dict[int, Values] = {}
    raw_history = data.get("history") or {}
    if not isinstance(raw_history, dict):
        problems.append(doc.problem(("history",), "expected a mapping of year → values, e.g. 2024: {elderly_population: 190万人} / 应为“年份: 数值”映射"))
    else:
        for year, vals in raw_history.items():
            y = _as_year(year)
            if y is None:
                problems.append(doc.problem(("history", year), f"{shown(year)} is not a year (e.g. 2024) / 不是年份(如 2024)"))
                continue
            history[y] = _values(doc, ("history", year), vals, rules, problems)
    children: dict[str, Values] = {}
    raw_children = data.get("children") or {}
    if not isinstance(raw_children, dict):
        problems.append(doc.problem(("children",), "expected a mapping of child unit → values, e.g. 西湖区: {…} / 应为“下级地区: 数值”映射"))
    else:
        for name, vals in raw_children.items():
            children[str(name)] = _values(doc, ("children", name), vals, rules, problems)
    if problems or place is None or period is None:
        raise InputError(problems)
    if as_of is None:
        as_of = dt.date(period, 12, 31)
    return Report(jurisdiction=place, period=period, as_of=as_of, target_year=target_year or period, values=values,
                  history=history, children=children, added=added, file=doc.file)


def _jurisdiction(doc: yamlio.Document, data: dict[str, Any], rules: RuleSet, problems: list[Problem]) -> Jurisdiction | None:
    raw = data.get("jurisdiction")
    if raw is None:
        problems.append(doc.problem((), "missing 'jurisdiction' (name or GB/T 2260 code) / 缺少 jurisdiction(名称或行政区划代码)",
                                    field="jurisdiction"))
        return None
    if isinstance(raw, (list, dict, bool)) or not isinstance(raw, (str, int)):
        problems.append(doc.problem(("jurisdiction",), f"{shown(raw)} is not a name or code (e.g. 杭州市 or 330100) / "
                                    "应为地区名称或行政区划代码(如 杭州市 或 330100)", field="jurisdiction"))
        return None
    try:
        return rules.resolve(raw)
    except InputError as exc:
        problems.extend(exc.located(doc.file, doc.line(("jurisdiction",)), "jurisdiction").problems)
        return None


def _as_year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        year = value
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{4}", unicodedata.normalize("NFKC", value).strip().removesuffix("年")):
        year = int(unicodedata.normalize("NFKC", value).strip().removesuffix("年").strip())
    elif isinstance(value, Decimal) and value == value.to_integral_value():
        year = int(value)
    else:
        return None
    return year if 1949 <= year <= 2100 else None


def _year(doc: yamlio.Document, data: dict[str, Any], key: str, problems: list[Problem], required: bool) -> int | None:
    raw = data.get(key)
    if raw is None:
        if required:
            problems.append(doc.problem((), f"missing '{key}' (a year, e.g. 2025) / 缺少 {key}(年份,如 2025)", field=key))
        return None
    year = _as_year(raw)
    if year is None:
        problems.append(doc.problem((key,), f"{shown(raw)} is not a year (e.g. 2025) / 不是年份(如 2025)", field=key))
    return year


def _values(doc: yamlio.Document, path: tuple[Any, ...], raw: Any, rules: RuleSet, problems: list[Problem]) -> Values:
    out: Values = {}
    if raw is None:
        return out
    if not isinstance(raw, dict):
        problems.append(doc.problem(path, "expected a mapping of indicator → value / 应为“指标: 数值”映射",
                                    field=".".join(str(p) for p in path)))
        return out
    for key, value in raw.items():
        where = (*path, key)
        ind_id = rules.indicator_id(str(key))
        if ind_id is None:
            close = rules.suggest_indicator(str(key))
            problems.append(doc.problem(where, f"unknown indicator {key!r} / 未知指标“{key}”", field=str(key),
                                        help=(f"did you mean {', '.join(close)}? / 是否应为 {'、'.join(close)}" if close else
                                              "run `mzcheck indicators` for the list / 运行 mzcheck indicators 查看指标列表")))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # a template line left empty: not reported (the rule says missing)
        if ind_id in out:
            problems.append(doc.problem(where, f"{key!r} repeats indicator {ind_id} (line {out[ind_id].line}) / 指标重复填报",
                                        field=str(key)))
            continue
        reported = read_value(ind_id, value, rules, doc.file, doc.line(where))
        if reported.error is not None:
            # name the line, so "invalid" results in the output point back at the value
            en, _, zh = reported.error.partition(" / ")
            at = f"{doc.file}:{reported.line}"
            reason = f"{en} ({at})" + (f" / {zh}({at})" if zh else "")
            reported = Reported(ind_id, reported.raw, None, reason, reported.file, reported.line)
        out[ind_id] = reported
    return out
