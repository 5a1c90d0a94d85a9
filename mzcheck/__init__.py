"""mzcheck — check civil-affairs indicators against the targets bureaus set themselves.

mzcheck 检查民政指标是否达到各地规划设定的目标。

Three lines do what ``mzcheck check`` does::

    import mzcheck
    rules = mzcheck.load_targets()                       # the bundled targets/, or a folder of yours
    for report in mzcheck.load_report("examples/hangzhou-2024.yaml", rules):
        print(mzcheck.evaluate(rules, report).summary)

Importing mzcheck is cheap: pint is loaded only for a unit spelling the precompiled table lacks, and the
submodules load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "DimensionError",
    "Indicator",
    "InputError",
    "Jurisdiction",
    "MzcheckError",
    "Report",
    "Result",
    "Rule",
    "RuleSet",
    "Shortfall",
    "Summary",
    "UnitError",
    "__version__",
    "evaluate",
    "load_report",
    "load_targets",
    "loads_report",
    "parse_quantity",
    "parse_unit",
]

_LAZY = {
    "CheckResult": "mzcheck.models",
    "Indicator": "mzcheck.models",
    "Jurisdiction": "mzcheck.models",
    "Result": "mzcheck.models",
    "Rule": "mzcheck.models",
    "Shortfall": "mzcheck.models",
    "Summary": "mzcheck.models",
    "DimensionError": "mzcheck.errors",
    "InputError": "mzcheck.errors",
    "MzcheckError": "mzcheck.errors",
    "UnitError": "mzcheck.errors",
    "Report": "mzcheck.report",
    "load_report": "mzcheck.report",
    "loads_report": "mzcheck.report",
    "RuleSet": "mzcheck.targets",
    "load_targets": "mzcheck.targets",
    "evaluate": "mzcheck.evaluation",
    "parse_quantity": "mzcheck.units",
    "parse_unit": "mzcheck.units",
}

if TYPE_CHECKING:
    from mzcheck.errors import DimensionError, InputError, MzcheckError, UnitError
    from mzcheck.evaluation import evaluate
    from mzcheck.models import CheckResult, Indicator, Jurisdiction, Result, Rule, Shortfall, Summary
    from mzcheck.report import Report, load_report, loads_report
    from mzcheck.targets import RuleSet, load_targets
    from mzcheck.units import parse_quantity, parse_unit


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mzcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
