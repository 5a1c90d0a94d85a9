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
import pickle
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any

__all__ = ["JOBS", "MOST_JOBS", "Forked", "jobs", "read_tail", "read_text", "write_tail", "write_text"]

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


# texts written by a forked process and read by its caller: each its length (8 bytes), then its UTF-8; a text with a
# lone surrogate (a file name read with surrogateescape), which is no UTF-8, with surrogatepass and the length's top
# bit set, to be decoded so; at the end of a file, a pickled tail and, in the last 8 bytes, where it begins
_LENGTH = struct.Struct("<Q")
_AS_TEXT = 1 << 63


def write_text(out: IO[bytes], text: str | bytes) -> None:
    """``text`` written to ``out`` as :func:`read_text` reads it back."""
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        size = len(data)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")  # type: ignore[union-attr]
        size = len(data) | _AS_TEXT
    out.write(_LENGTH.pack(size))
    out.write(data)


def read_text(f: IO[bytes]) -> str | bytes:
    """The next text :func:`write_text` wrote: its UTF-8 bytes as they are, or (a lone surrogate in it) text."""
    (size,) = _LENGTH.unpack(f.read(_LENGTH.size))
    if size & _AS_TEXT:
        return f.read(size & ~_AS_TEXT).decode("utf-8", "surrogatepass")
    return f.read(size)


def write_tail(out: IO[bytes], tail: Any) -> None:
    """``tail`` pickled at the end of ``out``, for :func:`read_tail`."""
    at = out.tell()
    pickle.dump(tail, out, pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(at))


def read_tail(f: IO[bytes]) -> Any:
    """What :func:`write_tail` wrote at the end of ``f`` (a file written by our own forked process)."""
    f.seek(-_LENGTH.size, 2)
    (at,) = _LENGTH.unpack(f.read(_LENGTH.size))
    f.seek(at)
    return pickle.load(f)
