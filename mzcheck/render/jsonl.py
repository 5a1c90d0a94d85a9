"""``--format jsonl``: one report object per line (JSON Lines), for big tables / 每行一份报表.

Each line is exactly ``CheckResult.model_dump(mode="json")`` (the REPORT of ``--format json``), compact,
so a province's table of thousands of reports can be read line by line by another tool instead of being
parsed as one huge document.
Input errors are not lines of their own: the CLI prints them on stderr and exits 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from mzcheck.model.results import CheckResult
from mzcheck.render import Options, Written, WrittenRun

if TYPE_CHECKING:
    from mzcheck.core.forks import Span

LEAD = b""  # between two reports: nothing (each is a line); a forked process's run of them is written joined so


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "".join(map(_line, results))


def stream(results: Iterable[CheckResult | Written | WrittenRun], options: Options) -> Iterator[str | bytes | Span]:
    """A line a report, as each comes (a report written apart as it is, its UTF-8 bytes from a forked process, and
    a run of them joined as the span of the file they lie in: mzcheck.render.pieces)."""
    for r in results:
        if isinstance(r, WrittenRun):
            yield r.span
        else:
            yield r.text if isinstance(r, Written) else _line(r)


def piece(options: Options) -> Callable[[CheckResult], str]:
    """A report's line (mzcheck.render.pieces)."""
    return _line


def _line(result: CheckResult) -> str:
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False) + "\n"
