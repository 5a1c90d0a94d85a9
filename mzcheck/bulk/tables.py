"""Whole tables checked at once / 整表检查: :func:`evaluate_table`.

The table's rows are grouped into reports by the table reader's own :class:`~mzcheck.read.rows.Grouper`
(the fast path for the plain columns, each cell through :mod:`mzcheck.read.fields` where it is new or
wrong), so a table in memory gives the reports and the messages a CSV file of it gives.
"""

from __future__ import annotations

from typing import Any

from mzcheck.bulk.adapters import RESULT_COLUMNS, as_columns
from mzcheck.bulk.columns import is_missing
from mzcheck.core.codes import bulk as B
from mzcheck.core.errors import ArgumentError, InputError
from mzcheck.core.numbers import as_year
from mzcheck.core.yamlio import shown
from mzcheck.engine.evaluate import evaluate
from mzcheck.load.ruleset import RuleSet, rule_set_argument
from mzcheck.model.report import Report
from mzcheck.model.waivers import Waivers
from mzcheck.read.children import gather, resolve_all
from mzcheck.read.rows import PLAIN, Cell, Grouper, header_columns, header_problems


def evaluate_table(rules: RuleSet, table: Any, *, target_year: int | None = None, name: str = "table",
                   waivers: Waivers | None = None) -> Any:
    """Check every report in a table; the results in the table's own shape.

    ``table`` has the columns of the CSV layout of docs/contract.md (jurisdiction, period, indicator, value, unit; the
    Chinese headers and the optional as_of, target_year, section, child columns too) as a list of row dicts,
    a dict of columns, a pandas DataFrame or a pyarrow Table. The answer is, in the same shape, one row per
    rule per (jurisdiction, period) with the columns of :data:`RESULT_COLUMNS`; ``actual``, ``target``
    (``target_high`` for a range) and ``gap`` are in ``unit``, exact Decimals for rows and columns, floats in
    a DataFrame or Arrow table. Empty and NaN cells are empty; a table with no value (an empty partition)
    gives no result rows. Errors name the row: ``table:7: …`` is the seventh row. ``target_year`` checks
    against another year's targets, as ``mzcheck check --year`` does. As ``mzcheck check`` does for a file,
    the reports of a parent's child units are gathered into its report for its each-child rules (the
    parent's report made when the table has none; a table of a single report gathers nothing), so the rows
    are those the command line gives for the same table (docs/design/0026-each-child-across-engines.md).
    ``waivers`` (:func:`mzcheck.load_waivers`) turn the results they cover into ``waived``, as ``mzcheck check
    --waivers`` does, with the status the waiver replaced in ``waived_from`` (empty for any other row).
    """
    return evaluate_part(rules, table, target_year=target_year, name=name, waivers=waivers)


def evaluate_part(rules: RuleSet, table: Any, *, target_year: int | None = None, name: str = "table",
                  part: bool = False, waivers: Waivers | None = None) -> Any:
    """:func:`evaluate_table`; ``part``: the table is one part of a larger table that holds other reports too
    (an engine's partition), so its child units' reports are gathered for their parent as in that table
    even when the part holds a single report (:func:`mzcheck.read.children.gather`)."""
    rules = rule_set_argument("evaluate_table", rules)
    if target_year is not None:
        year = as_year(target_year)
        if year is None:
            raise ArgumentError.of(B.YEAR_ARGUMENT, function="evaluate_table", argument="target_year",
                                   shown_zh=f"“{target_year}”" if isinstance(target_year, str) else shown(target_year),
                                   shown_en=shown(target_year))
        target_year = year
    columns, n, shape = as_columns(table)
    out: dict[str, list[Any]] = {c: [] for c in RESULT_COLUMNS}
    for report in gather(resolve_all(table_reports(rules, columns, n, name, target_year), rules), rules, part=part):
        if target_year:
            report = report.model_copy(update={"target_year": target_year})
        check = evaluate(rules, report, waivers=waivers)
        for r in check.results:
            target = r.target.value
            low, high = (target[0], target[1]) if isinstance(target, list) else (target, None)
            row = (report.jurisdiction.name, report.jurisdiction.code, report.period, r.rule_id, r.indicator,
                   r.status, r.severity, r.actual.value if r.actual else None, low, high,
                   r.gap.value if r.gap else None, r.target.unit, r.waiver.verdict if r.waiver else None)
            for col, value in zip(RESULT_COLUMNS, row):
                out[col].append(value)
    return shape(out)


def table_reports(rules: RuleSet, columns: dict[str, list[Any]], n: int, name: str,
                  target_year: int | None) -> list[Report]:
    """The reports in a table given as columns: ``name:<row>`` names a row in its messages."""
    if n == 0:
        return []  # an empty partition: nothing to check, whatever its columns
    keys = list(columns)
    heads = [Cell(key, name) for key in keys]
    found = header_columns(heads)
    problems = header_problems(heads, found)
    if problems:
        raise InputError(problems)
    data = {col: [None if is_missing(v) else v for v in columns[keys[j]]] for j, col in found.items()}
    if all(Cell(v, name).empty for v in data["value"]):
        return []  # an empty partition, or a template not yet filled in: nothing to check
    # values are read only where a rule reads them, but every value of a table that names each report's target
    # year (the rules a report is checked against are known only once its rows are read)
    grouper = Grouper(rules, name, keep_all=target_year is None and "target_year" in data, target_year=target_year,
                      has_unit="unit" in data)
    if set(data) <= set(PLAIN):
        units = data.get("unit") or [None] * n
        for i, row in enumerate(zip(data["jurisdiction"], data["period"], data["indicator"], data["value"], units)):
            grouper.add_plain(i + 1, *row)
    else:  # sections, children, as_of, target_year: cell by cell
        for i in range(n):
            grouper.add_row({col: Cell(values[i], name, line=i + 1, field=col) for col, values in data.items()})
    return grouper.finish()


def each_child_parents(rules: RuleSet) -> frozenset[str]:
    """The jurisdictions (codes) that set a rule for each of their child units, in any year."""
    return frozenset(r.jurisdiction.code for r in rules.rules if r.rule.scope == "each_child")
