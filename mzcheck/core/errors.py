"""Errors / 错误.

`MzcheckError` is the root of every error mzcheck raises on purpose. An input error carries where it
happened (file, line or cell, field) and builds its message in ``__str__``, so the CLI can print it as
``file:line: field: message`` and exit 2, never with a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class MzcheckError(Exception):
    """Root of mzcheck's errors / mzcheck 所有错误的基类."""


@dataclass
class Problem:
    """One thing wrong with an input, with its location / 输入中的一个问题及其位置."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    help: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        fld = f"{self.field}: " if self.field else ""
        text = f"{where}{fld}{self.message}"
        if self.help:
            text += f"\n  help: {self.help}"
        return text


@dataclass
class InputError(MzcheckError, ValueError):
    """An input (rule file, report, unit text) cannot be used / 输入无法使用.

    Holds every problem found, so a user fixes a file in one pass.
    """

    problems: list[Problem] = field(default_factory=list)

    def __init__(self, problems: list[Problem] | Problem | str, *, file: str | None = None,
                 line: int | None = None, field: str | None = None, help: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, file=file, line=line, field=field, help=help)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def located(self, file: str | None = None, line: int | None = None,
                field: str | None = None) -> InputError:
        """The same problems, with a location filled in where they had none."""
        return InputError([
            Problem(p.message, p.file or file, p.line if p.line is not None else line,
                    p.field or field, p.help)
            for p in self.problems
        ])


class UnitError(InputError):
    """A unit text that mzcheck cannot read / 无法识别的计量单位."""


class DimensionError(UnitError, TypeError):
    """Two quantities of different kinds (beds vs persons) / 量纲不一致."""
