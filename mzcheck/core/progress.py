"""A progress bar for long runs / 长时间运行的进度条.

Shown on stderr only when the work has already taken more than a second, stderr is a terminal, and
neither ``CI`` nor ``MZCHECK_NO_PROGRESS`` is set: a check that is quick, piped, redirected or run in CI
prints nothing extra. The bar is redrawn at most ten times a second and erased when the work ends, so it
never mixes with the results on stdout.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY = 1.0  # seconds of work before the bar appears
REDRAW = 0.1  # seconds between redraws
WIDTH = 24  # characters of the bar itself


def wanted(stream: TextIO) -> bool:
    """Whether a bar may be drawn on ``stream``: a terminal, not CI, not switched off."""
    if os.environ.get("CI") or os.environ.get("MZCHECK_NO_PROGRESS") or os.environ.get("TERM") == "dumb":
        return False
    return terminal(stream)


def terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (False for a file, a pipe, a closed stream or one without ``isatty``)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Progress:
    """Progress of ``total`` units of work (rows, bytes, reports), labelled in Chinese and English.

    Use as a context manager; call :meth:`update` with the amount done so far, as often as convenient
    (it costs a clock read). ``total`` may be None when unknown: the bar then shows the count only.
    """

    def __init__(self, total: int | None, label: str, unit: str = "", *, stream: TextIO | None = None,
                 delay: float = DELAY, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.clock = clock
        self.enabled = wanted(self.stream)
        self.started = clock()
        self.done = 0
        self.shown = False
        self._last_draw = 0.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, done: int) -> None:
        """Record that ``done`` units are finished; draw when due."""
        self.done = done
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < self.delay or (self.shown and now - self._last_draw < REDRAW):
            return
        self._last_draw = now
        self.shown = True
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()

    def line(self, now: float) -> str:
        """The bar as text: ``读取 / reading  [#########---------------]  38%  380,000/1,000,000 rows  0:04``."""
        elapsed = _clock_text(now - self.started)
        if self.total:
            share = min(max(self.done / self.total, 0.0), 1.0)
            filled = int(share * WIDTH)
            bar = "#" * filled + "-" * (WIDTH - filled)
            count = f"{self.done:,}/{self.total:,}"
            return f"{self.label}  [{bar}] {share:4.0%}  {count} {self.unit}  {elapsed}"
        return f"{self.label}  {self.done:,} {self.unit}  {elapsed}"

    def close(self) -> None:
        """Erase the bar, if one was drawn, so the next output starts on a clean line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _clock_text(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"
