"""Which reader reads a report, by its file's suffix / 按扩展名选择读取方式.

:data:`FORMATS` maps a suffix to its reader: YAML and JSON (one mapping each, :mod:`mzcheck.read.report`),
CSV and TSV, workbooks (tables of one or several reports, :mod:`mzcheck.read.table`; the formats of other
spreadsheet programs get a message saying to save them as .xlsx). A new input format is one reader
function ``(path, rules) -> list[Report]`` registered here (CONTRIBUTING.md); a workbook's reader also
takes the ``sheet`` to read (``read_sheet``). Every reader parses
its fields with :mod:`mzcheck.read.fields`, so a report reads the same in every format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from mzcheck.core import arguments, yamlio
from mzcheck.core.modelbase import BaseModel
from mzcheck.load.ruleset import RuleSet, rule_set_argument
from mzcheck.model.report import Report
from mzcheck.read.children import gather, resolve_children, resolve_each
from mzcheck.read.report import parse_report
from mzcheck.read.rows import PartlyRead
from mzcheck.read.table import UNREAD, Sheet, load_table_reports

__all__ = ["FORMATS", "Format", "PartlyRead", "load_report", "loads_report", "reader_for", "report_from_mapping"]

Reader = Callable[[str | Path, RuleSet], list[Report]]  # the path as given: messages name it so
SheetReader = Callable[[str | Path, RuleSet, Sheet], list[Report]]


@dataclass(frozen=True)
class Format:
    """An input format: its name, the suffixes it is read from and its reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    read_sheet: SheetReader | None = None  # a workbook's reader, given the sheet --sheet names


def _mapping_file(path: str | Path, rules: RuleSet) -> list[Report]:
    return [parse_report(yamlio.load(path), rules)]


FORMATS: tuple[Format, ...] = (
    Format("yaml", (".yaml", ".yml", ".json"), _mapping_file),
    Format("table", (".csv", ".tsv"), load_table_reports),
    Format("xlsx", (".xlsx", ".xls", *UNREAD), load_table_reports, load_table_reports),
)
_BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}


def reader_for(path: str | Path) -> Format:
    """The format of a report file by its suffix; YAML for any other suffix (a report is most often YAML,
    and the YAML reader says what is wrong with a file that is not)."""
    return _BY_SUFFIX.get(Path(path).suffix.lower(), FORMATS[0])


def load_report(path: str | Path, rules: RuleSet, *, sheet: Sheet = None) -> list[Report]:
    """Read a report file (YAML, JSON, CSV, TSV or a workbook: the sheet ``sheet`` names, by name or number
    from 1, else the first with a header; ignored for other files). A table may hold several reports; the reports of
    a table's child units are gathered for their parent's each-child rules (:mod:`mzcheck.read.children`).
    A problem of some rows or of one report's children raises :class:`PartlyRead`, which carries the
    reports it did not spoil (``mzcheck check`` checks those)."""
    path = arguments.path("load_report", "path", path)
    rules = rule_set_argument("load_report", rules)
    fmt = reader_for(path)
    try:
        reports = fmt.read_sheet(path, rules, sheet) if fmt.read_sheet else fmt.read(path, rules)
    except PartlyRead as exc:
        read, problems, failed = resolve_each(cast("Iterable[Report]", exc.reports), rules)  # read whole: none settled
        left_out = exc.spoiled | failed
        raise PartlyRead([*exc.problems, *problems], gather(read, rules, left_out), left_out) from None
    read, problems, failed = resolve_each(reports, rules)
    if problems:
        raise PartlyRead(problems, gather(read, rules, failed), failed)
    return gather(read, rules)


def loads_report(text: str, rules: RuleSet, file: str = "<string>") -> Report:
    """Read a report from YAML or JSON text."""
    text = arguments.text("loads_report", "text", text)
    rules = rule_set_argument("loads_report", rules)
    return resolve_children(parse_report(yamlio.loads(text, file), rules), rules)


def report_from_mapping(data: Mapping[str, Any] | BaseModel, rules: RuleSet, file: str = "<data>") -> Report:
    """Read a report given as Python data, in the shape of a YAML report: ``{"jurisdiction": "杭州市",
    "period": 2025, "values": {"certified_carers": 5310}}``, or as a pydantic model of that shape (the
    report file's own, :class:`mzcheck.ReportFile`, or one of yours: its fields left unset or None are not
    given). Values may be text, ints, floats (the decimal they print as), Decimals or Fractions; dates
    ``datetime.date`` or their text. Problems name ``file`` and the field (``<data>: values.x``)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(exclude_none=True)
    rules = rule_set_argument("report_from_mapping", rules)
    return resolve_children(parse_report(yamlio.Document(data, file), rules), rules)
