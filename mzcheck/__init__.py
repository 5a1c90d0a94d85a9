"""mzcheck — check civil-affairs indicators against the targets bureaus set themselves.

mzcheck 检查民政指标是否达到各地规划设定的目标。

Three lines do what ``mzcheck check`` does::

    import mzcheck
    rules = mzcheck.load_targets()                       # the bundled targets/, or a folder of yours
    for report in mzcheck.load_report("examples/hangzhou-2024.yaml", rules):
        print(mzcheck.evaluate(rules, report).summary)

A report may also be Python data of the report shape (``mzcheck.evaluate(rules, {"jurisdiction": "杭州市",
"period": 2024, "values": {...}})``) or the pydantic model of a report file (``mzcheck.ReportFile``);
``mzcheck.report_from_mapping`` reads either into a ``Report``. A rule set may be built in memory
(``mzcheck.RuleSet.from_data``).
Results are pydantic models; ``result.model_dump(mode="json")`` is one report object of ``mzcheck check
--format json`` (docs/contract.md). Errors are mzcheck's own types, subclasses of the builtins they resemble,
each problem with its message code, file and line or cell.

Importing mzcheck is cheap: the submodules load on first use, and pint only for a unit spelling the
precompiled table lacks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "DimensionError",
    "Finding",
    "Indicator",
    "InputError",
    "Jurisdiction",
    "Message",
    "MzcheckError",
    "Problem",
    "Recorded",
    "Report",
    "ReportFile",
    "Result",
    "Rule",
    "RuleSet",
    "Shortfall",
    "Summary",
    "UnitError",
    "Waivers",
    "__version__",
    "evaluate",
    "load_report",
    "load_targets",
    "load_waivers",
    "loads_report",
    "parse_quantity",
    "parse_unit",
    "report_from_mapping",
]

_LAZY = {
    "CheckResult": "mzcheck.model.results",
    "Finding": "mzcheck.model.results",
    "Result": "mzcheck.model.results",
    "Shortfall": "mzcheck.model.results",
    "Summary": "mzcheck.model.results",
    "Indicator": "mzcheck.model.rules",
    "Jurisdiction": "mzcheck.model.rules",
    "Rule": "mzcheck.model.rules",
    "Message": "mzcheck.core.messages",
    "DimensionError": "mzcheck.core.errors",
    "InputError": "mzcheck.core.errors",
    "MzcheckError": "mzcheck.core.errors",
    "Problem": "mzcheck.core.errors",
    "UnitError": "mzcheck.core.errors",
    "Recorded": "mzcheck.model.report",
    "Report": "mzcheck.model.report",
    "load_report": "mzcheck.read.formats",
    "loads_report": "mzcheck.read.formats",
    "report_from_mapping": "mzcheck.read.formats",
    "ReportFile": "mzcheck.load.schema",
    "RuleSet": "mzcheck.load.ruleset",
    "load_targets": "mzcheck.load.rules",
    "load_waivers": "mzcheck.load.waivers",
    "Waivers": "mzcheck.model.waivers",
    "evaluate": "mzcheck.engine.evaluate",
    "parse_quantity": "mzcheck.core.units",
    "parse_unit": "mzcheck.core.units",
}

if TYPE_CHECKING:
    from mzcheck.core.errors import DimensionError, InputError, MzcheckError, Problem, UnitError
    from mzcheck.core.messages import Message
    from mzcheck.core.units import parse_quantity, parse_unit
    from mzcheck.engine.evaluate import evaluate
    from mzcheck.load.rules import load_targets
    from mzcheck.load.ruleset import RuleSet
    from mzcheck.load.schema import ReportFile
    from mzcheck.load.waivers import load_waivers
    from mzcheck.model.report import Recorded, Report
    from mzcheck.model.results import CheckResult, Finding, Result, Shortfall, Summary
    from mzcheck.model.rules import Indicator, Jurisdiction, Rule
    from mzcheck.model.waivers import Waivers
    from mzcheck.read.formats import load_report, loads_report, report_from_mapping


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mzcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
