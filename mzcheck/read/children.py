"""Child units of a report / 报表的下级地区: real children only, and child reports gathered for their parent.

A target for every child unit (每个县(市、区)…) counts the divisions under the report's jurisdiction. So a
child named under ``children:`` (or in a table's 下级地区 column) must be one of them: a misspelt name, or
a division from elsewhere (``火星县`` under 杭州市), is an input error with the near misses, never a child
that quietly "meets" the target. Keys become the divisions' own names, however they were written.

A province-wide table carries one report per county; the counties of 杭州市 then are 杭州市's children:
:func:`gather` adds their values to 杭州市's report (made when the table has none), so 杭州市's
each-county rule is checked against those rows.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from typing import Any, cast, overload

from mzcheck.core.errors import InputError, Problem
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report, Values
from mzcheck.model.rules import Jurisdiction
from mzcheck.read.rows import Settled


def _where(values: Values, report: Report) -> tuple[str | None, int | None, str | None]:
    first = next(iter(values.values()), None)
    if first is None:
        return report.file, None, None
    return first.file, first.line, first.cell


def resolve_children(report: Report, rules: RuleSet) -> Report:
    """``report`` with its children named as divisions under its jurisdiction; every unknown one is a problem."""
    if not report.children:
        return report
    problems: list[Problem] = []
    named: dict[str, Values] = {}
    for key, values in report.children.items():
        try:
            child = rules.resolve(key, under=report.jurisdiction)
        except InputError as exc:
            file, line, cell = _where(values, report)
            problems.extend(exc.located(file, line, "children", cell).problems)
            continue
        if child.name in named:  # 西湖区 and 330106 both written: one child, reported twice
            named[child.name] = {**named[child.name], **values}
        else:
            named[child.name] = values
    if problems:
        raise InputError(problems)
    return report.model_copy(update={"children": named})


def resolve_all(reports: Iterable[Report], rules: RuleSet) -> list[Report]:
    """:func:`resolve_children` for each report, with every problem of every report raised at once."""
    out, problems, _ = resolve_each(reports, rules)
    if problems:
        raise InputError(problems)
    return out


def resolve_each(reports: Iterable[Report], rules: RuleSet) -> tuple[list[Report], list[Problem], set[str]]:
    """:func:`resolve_children` for each report: the reports resolved, the problems of the others and their
    jurisdictions (codes)."""
    out: list[Report] = []
    problems: list[Problem] = []
    failed: set[str] = set()
    for r in reports:
        try:
            out.append(resolve_children(r, rules))
        except InputError as exc:
            problems.extend(exc.problems)
            failed.add(r.jurisdiction.code)
    return out, problems, failed


def gathering(rules: RuleSet) -> set[str]:
    """The jurisdictions (codes) :func:`gather` gathers for: those that set an each-child rule."""
    return {r.jurisdiction.code for r in rules.rules if r.rule.scope == "each_child"}


def _gathers(rules: RuleSet, code: str, target_year: int) -> bool:
    """Whether :func:`gather` gathers the child reports of ``code`` for ``target_year``: an each-child rule of
    its own is due then."""
    return any(r.rule.scope == "each_child" and r.jurisdiction.code == code for r in rules.select(code, target_year))


def settles(rules: RuleSet) -> Callable[[Jurisdiction, int], bool]:
    """Whether a report of a jurisdiction for a target year may be decided before the rest of its table is
    read (:class:`~mzcheck.read.rows.Settled`): one :func:`gather` neither gathers for nor takes as a child,
    its own and its parent's each-child rules (if any) not due that year."""
    parents = gathering(rules)
    known: dict[tuple[str, int], bool] = {}

    def gathered(code: str | None, year: int) -> bool:
        if code not in parents or code is None:
            return False
        if (code, year) not in known:
            known[(code, year)] = _gathers(rules, code, year)
        return known[(code, year)]

    return lambda place, year: not gathered(place.code, year) and not gathered(place.parent, year)


@overload
def gather(reports: Sequence[Report], rules: RuleSet, left_out: Container[str] = (), *,
           part: bool = False) -> list[Report]: ...


@overload
def gather(reports: Sequence[Report | Settled], rules: RuleSet, left_out: Container[str] = (), *,
           part: bool = False) -> list[Report | Settled]: ...


def gather(reports: Sequence[Report | Settled], rules: RuleSet, left_out: Container[str] = (), *,
           part: bool = False) -> list[Any]:
    """The reports, with child reports of a file added to their parent's report for each-child rules.

    A parent is gathered for only when it sets an each-child rule due in the children's target year; the
    parent's report is made (with no values of its own) when the file has none, unless the parent is
    ``left_out`` (its own rows could not be read: a report made without them would be wrong). A child's
    report is gathered whichever of its values were read (the big-CSV stream and the table functions read
    only the values some rule reads), so every reader gathers the same. A file of a single report gathers
    nothing; ``part``: the reports are one part of a table that holds other reports too (an engine's
    partition), gathered as in that table even when the part holds one.
    """
    parents = gathering(rules)
    if (len(reports) < 2 and not part) or not parents:
        return list(reports)
    # each looked up once, not found by scanning the reports for every parent (a national table has thousands)
    by_key: dict[tuple[str, int, int], int] = {}
    first_child: dict[tuple[str, int], Report] = {}
    additions: dict[tuple[str, int, int], dict[str, Values]] = {}
    for i, item in enumerate(reports):
        if item.__class__ is Settled:  # decided already: neither a parent gathered for nor a child of one (settles)
            continue
        r = cast("Report", item)
        by_key[(r.jurisdiction.code, r.period, r.target_year)] = i  # the last of a key, as a dict of them keeps
        parent = r.jurisdiction.parent
        if parent is not None:
            first_child.setdefault((parent, r.period), r)
        if parent in parents:
            additions.setdefault((parent, r.period, r.target_year), {})[r.jurisdiction.name] = r.values
    out = list(reports)
    for key, kids in additions.items():
        code, period, target_year = key
        if not _gathers(rules, code, target_year):
            continue
        at = by_key.get(key)
        if at is None and code in left_out:
            continue
        if at is not None:
            own = cast("Report", reports[at])
            merged = {**kids, **own.children}  # what the parent's own rows say about a child wins
            out[at] = own.model_copy(update={"children": merged})
        else:
            first = first_child[(code, period)]
            made = first.model_copy(update={"jurisdiction": rules.jurisdictions[code], "values": {}, "history": {},
                                            "added": {}, "children": kids})
            out.append(made)
    return out
