"""Errors / 错误.

`MzcheckError` is the root of every error mzcheck raises on purpose; each also inherits the builtin it
resembles (``InputError`` is a ``ValueError``, ``DimensionError`` a ``TypeError``), as pint's errors do.
An input error holds every :class:`Problem` found, each with its message code, where it happened (file,
line or cell, field) and a help line; the message is built in ``__str__``, so the CLI prints it as
``file:line: CODE field: message`` and exits 2, never with a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mzcheck.core.messages import Code, Message


class MzcheckError(Exception):
    """Root of mzcheck's errors / mzcheck 所有错误的基类."""


Said = Message | str  # a message from the catalogue; plain text only for wording outside mzcheck (an OS error)


def _text(said: Said) -> str:
    return said.both() if isinstance(said, Message) else said


@dataclass
class Problem:
    """One thing wrong with an input, with its code and location / 输入中的一个问题及其位置.

    ``cell`` is a spreadsheet reference (``Sheet1!C7``); ``line`` is 1-based.
    """

    message: Said
    file: str | None = None
    line: int | None = None
    field: str | None = None
    help: Said | None = None
    cell: str | None = None

    @property
    def code(self) -> str | None:
        return self.message.code if isinstance(self.message, Message) else None

    @property
    def where(self) -> str:
        """``report.csv:7``, ``report.xlsx!Sheet1!C7``, ``line 7`` or nothing."""
        if self.file:
            if self.cell:
                return f"{self.file}!{self.cell}"
            return f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"line {self.line}" if self.line is not None else ""

    def text(self, lang: str | None = None) -> str:
        """The problem as one line (and a help line): both languages, or ``lang`` only."""
        where = self.where
        head = f"{where}: " if where else ""
        if self.code:
            head += f"{self.code} "
        if self.field:
            head += f"{self.field}: "
        body = self.message.text(lang) if lang and isinstance(self.message, Message) else _text(self.message)
        out = head + body
        if self.help is not None:
            hint = self.help.text(lang) if lang and isinstance(self.help, Message) else _text(self.help)
            out += f"\n  help: {hint}"
        return out

    def __str__(self) -> str:
        return self.text()

    def as_json(self) -> dict[str, Any]:
        """The ``errors`` item of ``--format json``: file, line, cell, code, message, help."""
        msg = self.message if isinstance(self.message, Message) else Message(zh=self.message, en=self.message)
        hint = self.help if isinstance(self.help, Message) or self.help is None else Message(zh=self.help, en=self.help)
        return {"file": self.file, "line": self.line, "cell": self.cell, "field": self.field, "code": self.code,
                "message": {"zh": msg.zh, "en": msg.en},
                "help": {"zh": hint.zh, "en": hint.en} if hint is not None else None}


def problem(code: Code, /, *, file: str | None = None, line: int | None = None, cell: str | None = None,
            field: str | None = None, help: Said | None = None, **fields: Any) -> Problem:
    """A problem from a catalogue code: the message and (unless ``help`` is given) its help line."""
    return Problem(code(**fields), file=file, line=line, field=field,
                   help=help if help is not None else code.hint(**fields), cell=cell)


@dataclass
class InputError(MzcheckError, ValueError):
    """An input (rule file, report, unit text) cannot be used / 输入无法使用.

    Holds every problem found, so a user fixes a file in one pass.
    """

    problems: list[Problem] = field(default_factory=list)

    def __init__(self, problems: list[Problem] | Problem | Said, *, file: str | None = None,
                 line: int | None = None, field: str | None = None, help: Said | None = None,
                 cell: str | None = None) -> None:
        if isinstance(problems, (str, Message)):
            problems = [Problem(problems, file=file, line=line, field=field, help=help, cell=cell)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(str(self))

    @classmethod
    def of(cls, code: Code, /, *, file: str | None = None, line: int | None = None, cell: str | None = None,
           field: str | None = None, help: Said | None = None, **fields: Any) -> InputError:
        """The error of one catalogue code: ``InputError.of(FILE_MISSING, file=name, name=name)``."""
        return cls(problem(code, file=file, line=line, cell=cell, field=field, help=help, **fields))

    @property
    def code(self) -> str | None:
        """The code of the first problem."""
        return self.problems[0].code if self.problems else None

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def located(self, file: str | None = None, line: int | None = None,
                field: str | None = None, cell: str | None = None) -> InputError:
        """The same problems, with a location filled in where they had none."""
        return InputError([
            Problem(p.message, p.file or file, p.line if p.line is not None else line,
                    p.field or field, p.help, p.cell or cell)
            for p in self.problems
        ])


class UnitError(InputError):
    """A unit text that mzcheck cannot read / 无法识别的计量单位."""


class DimensionError(UnitError, TypeError):
    """Two quantities of different kinds (beds vs persons) / 量纲不一致."""


class ArgumentError(InputError, TypeError):
    """A library function was given an argument of the wrong type (None for a rule set) / 参数类型错误."""
