"""``--format jsonl``: one report object per line (JSON Lines), for big tables / 每行一份报表.

Each line is exactly ``CheckResult.model_dump(mode="json")`` (the REPORT of ``--format json``), compact,
so a province's table of thousands of reports can be read line by line by another tool instead of being
parsed as one huge document.
Input errors are not lines of their own: the CLI prints them on stderr and exits 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from mzcheck.model.results import CheckResult
from mzcheck.render import Options


def render(results: Sequence[CheckResult], options: Options) -> str:
    return "".join(stream(results, options))


def stream(results: Iterable[CheckResult], options: Options) -> Iterator[str]:
    """A line a report, as each comes."""
    for r in results:
        yield json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n"
