"""``--format json``: the machine contract of DESIGN.md, one object per report.

Numbers are exact decimals written as JSON numbers (``27.61``, ``-0.39``), dates ISO strings. A run over
several reports prints a JSON array of such objects.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from mzcheck.model.results import CheckResult
from mzcheck.render import Options


def to_jsonable(value: Any) -> Any:
    """Plain JSON values: Decimal → int or float printing the same digits, date → ISO text."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)  # ≤ 15 significant digits: repr() prints the decimal back unchanged
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def result_object(result: CheckResult) -> dict[str, Any]:
    """One report object of the contract: exactly ``result.model_dump(mode="json")``."""
    return result.model_dump(mode="json")


def dumps(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)


def render(results: Sequence[CheckResult], options: Options) -> str:
    objs = [result_object(r) for r in results]
    return json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=2) + "\n"
