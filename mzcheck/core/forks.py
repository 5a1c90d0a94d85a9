"""Work done side by side in forked processes / 多进程并行.

A province's table is one file of a million rows and thousands of reports. Reading it and deciding its
reports are loops of Python, one processor each; a bureau's machine has two or more. :class:`Forked` runs a
piece of such work in a forked process, which inherits everything loaded (the rule set, the reports) without
pickling it, and writes what it found to a temporary file of its own; the caller takes the pieces in order,
and does a piece itself when its process could not (docs/design/0028-pieces-side-by-side.md).

Only where forking is safe: on Linux, and, unless asked for, with no other thread running (a thread holding
a lock at the fork would leave it held in the forked process). ``$MZCHECK_JOBS`` (or :data:`JOBS`) sets the
number of processes; 1 turns this off.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO

__all__ = ["JOBS", "MOST_JOBS", "Forked", "jobs"]

MOST_JOBS = 4  # processes at most: beyond, taking their pieces in order costs what they save
JOBS: int | None = None  # the number of processes, when set (tests); else $MZCHECK_JOBS, else the processors


def jobs() -> int:
    """How many processes may share a piece of work: :data:`JOBS` when set, else ``$MZCHECK_JOBS``, else the
    processors this process may use, at most :data:`MOST_JOBS` — and 1 off Linux (fork is not safe there) or,
    unless asked for, where other threads run (a server embedding mzcheck)."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return 1
    env = os.environ.get("MZCHECK_JOBS", "").strip()
    asked = JOBS if JOBS is not None else int(env) if env.isdigit() else None
    if asked is not None:
        return max(asked, 1)
    return 1 if threading.active_count() != 1 else min(len(os.sched_getaffinity(0)), MOST_JOBS)


class Forked:
    """A forked process doing ``work(out)``, where ``out`` is a temporary file (unnamed: gone when closed) that
    the caller reads once the process has ended."""

    def __init__(self, pid: int, out: IO[bytes]) -> None:
        self.pid = pid
        self.out = out
        self._status: int | None = None  # its wait status, once it has ended and been waited for

    @classmethod
    def start(cls, work: Callable[[IO[bytes]], None]) -> Forked | None:
        """Fork a process that runs ``work`` and leaves; None when no process or file can be made (the caller
        then does the work itself)."""
        try:
            out = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the caller, who closes it
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            out.close()
            return None
        if pid:
            return cls(pid, out)
        status = 1  # the forked process: whatever happens, it leaves through os._exit, running none of the
        try:  # caller's clean-up (atexit, buffered output, temporary files)
            work(out)
            out.flush()
            status = 0
        except BaseException:  # anything at all: the caller does this piece itself, and says what is wrong
            pass
        finally:
            os._exit(status)

    def running(self) -> bool:
        """Whether the process is still at its work, asked without waiting for it."""
        if not self.pid or self._status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self._status = status
        return False

    def result(self) -> IO[bytes] | None:
        """The file the work wrote, from its start, once the process has ended; None when it failed (the caller
        does the work itself). The caller closes the file."""
        status = self._status if self._status is not None else os.waitpid(self.pid, 0)[1]
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0:
            self.out.close()
            return None
        self.out.seek(0)
        return self.out

    def stop(self) -> None:
        """End the process when its work is not wanted any more."""
        if self.pid and self._status is None:  # not ended and waited for already
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        self.pid = 0
        self.out.close()
