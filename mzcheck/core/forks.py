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
import errno
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import IO, Any

__all__ = ["JOBS", "MOST_JOBS", "Forked", "Span", "jobs", "read_tail", "read_text", "wait_left", "write_tail",
           "write_text"]

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
    the caller reads once the work is written. The process says so through a pipe, one byte, before it leaves:
    the caller reads its file while the process is still letting its memory go (some 10-30 ms for a process
    that held a province's reports), and it is waited for later (:func:`_reap`)."""

    def __init__(self, pid: int, out: IO[bytes], ready: int) -> None:
        self.pid = pid
        self.out = out
        self._ready = ready  # the pipe's end the byte comes through; -1 once read (or closed)

    @classmethod
    def start(cls, work: Callable[[IO[bytes]], None]) -> Forked | None:
        """Fork a process that runs ``work`` and leaves; None when no process or file can be made (the caller
        then does the work itself)."""
        _reap()
        try:
            out = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the caller, who closes it
        except OSError:
            return None
        try:
            ready, done = os.pipe()
        except OSError:
            out.close()
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (ready, done):
                os.close(fd)
            out.close()
            return None
        if pid:
            os.close(done)
            return cls(pid, out, ready)
        status = 1  # the forked process: whatever happens, it leaves through os._exit, running none of the
        try:  # caller's clean-up (atexit, buffered output, temporary files)
            os.close(ready)
            work(out)
            out.flush()
            os.write(done, _DONE)  # all of it is in the file: the caller may read it now
            status = 0
        except BaseException:  # anything at all: the caller does this piece itself, and says what is wrong
            pass
        finally:
            os._exit(status)

    def running(self) -> bool:
        """Whether the process is still at its work, asked without waiting for it."""
        if self._ready < 0:
            return False
        import select

        poll = select.poll()  # not select.select: a descriptor of any number (a server's thousands of files)
        poll.register(self._ready, select.POLLIN)
        return not poll.poll(0)

    def result(self) -> IO[bytes] | None:
        """The file the work wrote, from its start, once the process has written it all; None when it failed
        (the caller does the work itself). The caller closes the file."""
        written = False
        if self._ready >= 0:
            try:
                written = os.read(self._ready, 1) == _DONE  # nothing (the pipe's end): it left without its work
            finally:
                os.close(self._ready)
                self._ready = -1
        if self.pid:
            _LEFT.append(self.pid)  # leaving, or gone: waited for without waiting now
            self.pid = 0
            _reap()
        if not written:
            self.out.close()
            return None
        self.out.seek(0)
        return self.out

    def stop(self) -> None:
        """End the process when its work is not wanted any more."""
        if self.pid:  # not said to be done (and so not left to be waited for later)
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        self.pid = 0
        if self._ready >= 0:
            os.close(self._ready)
            self._ready = -1
        self.out.close()


_DONE = b"\x01"  # the byte a forked process writes once its work is all in its file
_LEFT: list[int] = []  # forked processes that said their work was written and are leaving, not yet waited for


def wait_left() -> None:
    """Wait for every forked process that said its work was written (a command's end: its own time is then
    counted with this process's, and none is left behind)."""
    while _LEFT:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_LEFT[-1], 0)
        _LEFT.pop()


def _reap() -> None:
    """Wait for the forked processes that have left since they said their work was written (at the next fork,
    and as each says so: a few at most, never waited on while they let their memory go)."""
    for pid in list(_LEFT):
        try:
            got, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # waited for by someone else (a handler of SIGCHLD)
            got = pid
        if got:
            _LEFT.remove(pid)


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


class Span:
    """Bytes lying in a file a forked process wrote, ``size`` of them from ``start``: a run of reports' texts
    given to the output as they are. :meth:`send` has the kernel copy them (``os.sendfile``) where the output
    is a file descriptor, so some 75 MB of a province's texts are not read into this process to be written
    out again; anywhere else they are read (:meth:`read`) and written."""

    __slots__ = ("file", "size", "start")

    def __init__(self, file: IO[bytes], start: int, size: int) -> None:
        self.file, self.start, self.size = file, start, size

    def read(self) -> bytes:
        self.file.seek(self.start)
        return self.file.read(self.size)

    def send(self, out: IO[bytes]) -> None:
        """Written to ``out`` (a binary file), after what ``out`` holds in its buffer."""
        at, end = self.start, self.start + self.size
        try:
            target = out.fileno()
        except (OSError, ValueError):  # in memory (a test's captured output): no descriptor to copy to
            target = -1
        if target >= 0 and hasattr(os, "sendfile"):
            out.flush()
            source = self.file.fileno()
            try:
                while at < end:
                    sent = os.sendfile(target, source, at, end - at)
                    if not sent:  # the file is shorter than its span: an error, said as a short read is
                        raise OSError(errno.EIO, os.strerror(errno.EIO))
                    at += sent
            except OSError as exc:
                if exc.errno not in _NOT_SENT:
                    raise
        if at < end:  # not copied by the kernel (or not all of it): read and written
            self.file.seek(at)
            while at < end:
                data = self.file.read(min(end - at, 1 << 22))
                if not data:
                    raise OSError(errno.EIO, os.strerror(errno.EIO))
                out.write(data)
                at += len(data)


# what sendfile says where it cannot copy to this output, which then takes the bytes written as they are read
# (an output opened to append, a file system or descriptor without it)
_NOT_SENT = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EBADF}
