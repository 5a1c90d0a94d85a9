"""Argument checks of the library's entry points / 库函数的参数检查.

``mzcheck.load_targets``, ``load_report``, ``loads_report``, ``evaluate`` and ``bulk.evaluate_table`` check
their arguments' types before any work, so a wrong one is named with mzcheck's own error (B601, an
:class:`~mzcheck.core.errors.ArgumentError`: an ``InputError`` and a ``TypeError``), never an AttributeError
from deep inside.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mzcheck.core.codes import bulk as B
from mzcheck.core.errors import ArgumentError

PATH = ("文件路径(str 或 pathlib.Path)", "a file path (str or pathlib.Path)")
TEXT = ("文本(str)", "text (str)")
RULE = ("规则(rules.rule(\"编号\") 的结果)", "a rule (what rules.rule(\"id\") returns)")
RULES_DATA = ("一个规则文件的内容(映射)或其列表", "a rule file's content (a mapping) or a list of them")
RULE_SET = ("规则集(mzcheck.load_targets() 的结果)", "a rule set (what mzcheck.load_targets() returns)")


def wrong(function: str, argument: str, expected: tuple[str, str], value: Any) -> ArgumentError:
    error = ArgumentError.of(B.WRONG_ARGUMENT, function=function, argument=argument, expected_zh=expected[0],
                             expected_en=expected[1], type=type(value).__name__)
    return ArgumentError(error.problems)


def path(function: str, argument: str, value: Any) -> str | Path:
    """``value`` when it is a path (text or os.PathLike), else B601."""
    if isinstance(value, (str, Path)):
        return value
    if isinstance(value, os.PathLike):
        return Path(os.fspath(value))
    raise wrong(function, argument, PATH, value)


def text(function: str, argument: str, value: Any) -> str:
    if not isinstance(value, str):
        raise wrong(function, argument, TEXT, value)
    return value
