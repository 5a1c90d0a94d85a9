"""Output writers, one per format / 输出格式 (stage 4: render).

A writer turns finished results into text (or bytes, for a workbook); it never computes a verdict.
``WRITERS`` maps a ``--format`` name to its module; each module has ``render(results, options)``. A format
written report by report also has ``stream(results, options)``, the same text in pieces as the results come
(``render`` joins them): ``mzcheck check`` then writes each report as soon as it is decided, so a table of
thousands of reports is never held as results (json, jsonl, text, markdown, github; html spools its report
sections while its overview, which comes first, keeps a few fields a result). junit needs every result
before its first line (its counts); xlsx reads them once, in order (``ONE_PASS``).
``options.errors`` holds the problems of the inputs that could not be read in the same run (every other
report is still checked and written): the machine formats (json, github, junit) carry them beside the
results; every format also has them printed on stderr by the CLI.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # names for annotations only: the argument parser lists WRITERS without the result models
    from mzcheck.core.errors import Problem
    from mzcheck.core.forks import Span
    from mzcheck.model.results import CheckResult, FailOn, Summary


@dataclass(frozen=True)
class Options:
    lang: str = "zh"
    color: bool = False
    fail_on: FailOn = "error"
    errors: tuple[Problem, ...] = ()  # input errors of the run (files, rows, cells that could not be read)


@dataclass(frozen=True)
class Written:
    """A report's text as its format writes it, written apart (by a forked process: mzcheck.render.pieces), with
    the report's summary (the run's totals and the exit code need it): the ``stream`` of a format with a
    ``piece`` takes it in place of the result. The text of a forked process comes as its UTF-8 bytes, which the
    writers pass on and the output takes as they are (no decoding and encoding again of some 75 MB of a
    province's texts)."""

    text: str | bytes
    summary: Summary


@dataclass(frozen=True)
class WrittenRun:
    """A run of reports written apart, their texts joined as the format joins them: each led by the format's
    ``LEAD`` (what comes between two reports), lying in the forked process's file (``span``); with their
    summaries, in order. Given only to the ``stream`` of a format that has a ``LEAD``, which passes the span on
    for the output to copy as it is (mzcheck.core.forks.Span)."""

    span: Span
    summaries: list[Summary]


class Writer(Protocol):
    def __call__(self, results: Sequence[CheckResult], options: Options) -> str | bytes: ...


class Streamer(Protocol):  # bytes: texts written apart, as they are; a Span: a run of them, joined (json, jsonl)
    def __call__(self, results: Iterable[CheckResult], options: Options) -> Iterator[str | bytes | Span]: ...


WRITERS: dict[str, str] = {
    "text": "mzcheck.render.text",
    "json": "mzcheck.render.json",
    "jsonl": "mzcheck.render.jsonl",
    "markdown": "mzcheck.render.markdown",
    "junit": "mzcheck.render.junit",
    "github": "mzcheck.render.github",
    "html": "mzcheck.render.html",
    "xlsx": "mzcheck.render.xlsx",
}


def writer(name: str) -> Writer:
    module = importlib.import_module(WRITERS[name])
    render: Writer = module.render
    return render


class OnePass(Protocol):
    def __call__(self, results: Iterable[CheckResult], options: Options) -> str | bytes: ...


def one_pass(name: str) -> OnePass | None:
    """The ``render`` of a format that reads its results once, in order (an iterator will do: xlsx keeps a few
    fields a report for its overview and writes the details as they come), else None."""
    module = importlib.import_module(WRITERS[name])
    render: OnePass | None = module.render if getattr(module, "ONE_PASS", False) else None
    return render


def streamer(name: str) -> Streamer | None:
    """The ``stream`` of a format written report by report; None for a format that needs every result first."""
    module = importlib.import_module(WRITERS[name])
    stream: Streamer | None = getattr(module, "stream", None)
    return stream
