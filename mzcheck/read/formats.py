"""Which reader reads a file, by its suffix / 按扩展名选择读取方式."""

from __future__ import annotations

from pathlib import Path

from mzcheck.core import yamlio
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read import table
from mzcheck.read.children import gather, resolve_all, resolve_children
from mzcheck.read.report import parse_report


def load_report(path: str | Path, rules: RuleSet) -> list[Report]:
    """Read a report file (YAML, JSON, CSV or .xlsx). A table may hold several reports."""
    p = Path(path)
    if p.suffix.lower() in (".csv", ".xlsx", ".tsv"):
        loaded: list[Report] = table.load_table_reports(p, rules)
        return gather(resolve_all(loaded, rules), rules)
    doc = yamlio.load(p)
    return [resolve_children(parse_report(doc, rules), rules)]


def loads_report(text: str, rules: RuleSet, file: str = "<string>") -> Report:
    """Read a report from YAML or JSON text."""
    return resolve_children(parse_report(yamlio.loads(text, file), rules), rules)


