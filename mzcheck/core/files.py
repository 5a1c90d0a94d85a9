"""Opening input files and writing outputs the same way everywhere / 统一的输入文件检查与输出写入.

Reports, rule files, tables and plan texts are refused the same way when they are missing, a folder, a
special file (a FIFO, a socket, a block device, a file of ``/proc`` or ``/sys``: reading one could block
forever or never end), or larger than their limit (a 2 GB file is refused before a byte of it is read).
:func:`read_bounded` reads at most one byte past the limit, so a character device that never ends
(``/dev/zero``) is refused at the limit too. Bounds and why: docs/design/0017-resource-limits.md.

Outputs (:func:`write_output`) are written to a temporary file beside the target and renamed into place,
and never onto a file the run reads: the target is compared with every input by file identity (device and
inode), so a hard link or a symbolic link to an input is refused as the input itself.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from mzcheck.core.codes import extract as X
from mzcheck.core.codes import files as F
from mzcheck.core.codes import output as O
from mzcheck.core.errors import InputError
from mzcheck.core.messages import Code

if TYPE_CHECKING:
    from mzcheck.core.forks import Span

_PSEUDO = ("/proc", "/sys")  # file systems whose files say size 0 and may never end, or block


def too_large(name: str, size: int | None, limit_bytes: int) -> InputError:
    """The error of a file beyond ``limit_bytes`` (``size`` None: a pipe or device that went on past it)."""
    limit = limit_bytes // 2**20  # MB as Windows shows them
    if size is None:
        return InputError.of(F.TOO_LONG, file=name, limit=limit)
    return InputError.of(F.TOO_LARGE, file=name, size=f"{size / 2**20:.0f}", limit=limit)


def _kind(mode: int) -> tuple[str, str] | None:
    """What a special file is (zh, en), or None for a regular file or a character device."""
    if stat.S_ISFIFO(mode):
        return "命名管道(FIFO)", "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "套接字", "a socket"
    if stat.S_ISBLK(mode):
        return "块设备", "a block device"
    return None


def _pseudo(p: Path, st: os.stat_result) -> bool:
    """A file of /proc or /sys (by the file system it is on, or by where it resolves)."""
    if st.st_dev in _pseudo_devices():
        return True
    real = _resolved(p)
    return real is not None and any(real == root or real.startswith(root + "/") for root in _PSEUDO)


@functools.cache
def _pseudo_devices() -> frozenset[int]:
    """The devices of /proc and /sys where each is a file system of its own (not a plain folder), looked up once."""
    devices = set()
    with contextlib.suppress(OSError):
        top = os.stat("/").st_dev
        for root in _PSEUDO:
            with contextlib.suppress(OSError):
                here = os.stat(root).st_dev
                if here != top:
                    devices.add(here)
    return frozenset(devices)


_FOLDERS: dict[str, str] = {}  # a folder → where it resolves: a rule set's hundreds of files share a few folders
_FOLDERS_MOST = 4096


def _resolved(p: Path) -> str | None:
    """Where ``p`` resolves (``os.path.realpath``), its folder's resolution kept: a file that is no symbolic link
    resolves to its folder's resolution and its name. None where it cannot be told."""
    try:
        where = os.path.abspath(p)
        if os.path.islink(where):
            return os.path.realpath(where)
        folder, name = os.path.split(where)
        real = _FOLDERS.get(folder)
        if real is None:
            if len(_FOLDERS) >= _FOLDERS_MOST:
                _FOLDERS.clear()
            real = _FOLDERS[folder] = os.path.realpath(folder)
    except (OSError, ValueError):
        return None
    return os.path.join(real, name)


def special_file(path: str | Path, name: str | None = None, st: os.stat_result | None = None) -> InputError | None:
    """The refusal of ``path`` when it is a FIFO, a socket, a block device or a file of /proc or /sys; None
    for a regular file, a folder, a character device (read with a bound) or a path that does not exist.
    ``st``: its ``os.stat``, when the caller has it."""
    if st is None:
        try:
            st = os.stat(path)
        except OSError:
            return None
    shown = str(path) if name is None else name
    kind = _kind(st.st_mode)
    if kind is None and stat.S_ISREG(st.st_mode) and _pseudo(Path(path), st):
        kind = ("/proc 或 /sys 中的系统文件", "a system file of /proc or /sys")
    if kind is None:
        return None
    return InputError.of(F.SPECIAL_FILE, file=shown, what_zh=kind[0], what_en=kind[1])


def checked_input(path: str | Path, limit_bytes: int) -> Path:
    """``path`` as a Path once it is known to be an existing file within ``limit_bytes``, neither a folder nor
    a special file (checked without opening it: opening a FIFO blocks until someone writes to it)."""
    p = Path(path)
    _checked(p, str(path), limit_bytes)
    return p


def _checked(p: Path, name: str, limit_bytes: int) -> os.stat_result:
    """:func:`checked_input`'s checks, with the one ``os.stat`` they take (a rule set's hundreds of files are each
    checked, read and keyed at every start)."""
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError.of(F.NO_SUCH_FILE, file=name, name=name) from None
    except OSError as exc:  # a symbolic link loop, a name too long, no permission on the folder
        raise InputError.of(F.UNREADABLE, file=name, reason_en=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError.of(F.IS_A_FOLDER, file=name, name=name)
    special = special_file(p, name, st)
    if special is not None:
        raise special
    if st.st_size > limit_bytes:
        raise too_large(name, st.st_size, limit_bytes)
    return st


def read_bounded(path: str | Path, limit_bytes: int) -> bytes:
    """The bytes of an input file, at most ``limit_bytes`` of them: a file beyond is refused before it is read,
    a device that goes on past the limit (``/dev/zero``) when the limit is reached."""
    p = Path(path)
    name = str(path)
    st = _checked(p, name, limit_bytes)
    try:
        if stat.S_ISREG(st.st_mode):  # read as it is, by its size (a rule set's hundreds of files at every start:
            raw = _read_regular(p, st.st_size, limit_bytes)  # 9 µs each, against 32 through a buffered file)
        else:
            # O_NONBLOCK: a character device with nothing to read (a terminal) fails at once instead of waiting
            fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as fh:
                raw = fh.read(limit_bytes + 1)
    except OSError as exc:  # no permission, a device that fails, a file removed meanwhile
        raise InputError.of(F.UNREADABLE, file=name, reason_en=exc.strerror or str(exc)) from None
    if raw is None:  # a non-blocking device with nothing to read now
        raise InputError.of(F.UNREADABLE, file=name, reason_en=os.strerror(errno.EAGAIN))
    if len(raw) > limit_bytes:
        raise too_large(name, None, limit_bytes)
    return raw


def _read_regular(p: Path, size: int, limit_bytes: int) -> bytes:
    """A regular file's bytes, up to one beyond ``limit_bytes``: read in the size it had, with no buffer between
    (a short read is its end), then on to its end where it grew meanwhile."""
    fd = os.open(p, os.O_RDONLY)
    try:
        want = min(size, limit_bytes) + 1
        data = os.read(fd, want)
        if len(data) < want:
            return data
        parts = [data]
        got = len(data)
        while parts[-1] and got <= limit_bytes:
            parts.append(os.read(fd, min(limit_bytes + 1 - got, 1 << 20)))
            got += len(parts[-1])
    finally:
        os.close(fd)
    return b"".join(parts)


# ------------------------------------------------------------------------------------------ outputs


Identity = tuple[int, int]


def identity(path: str | Path) -> Identity | None:
    """A file's device and inode (following symbolic links), or None when there is no file there."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def identities(paths: Iterable[str | Path]) -> set[Identity]:
    """The identities of the files among ``paths`` that exist (a folder stands for every file under it)."""
    found: set[Identity] = set()
    for path in paths:
        p = Path(path)
        if p.is_dir():
            with contextlib.suppress(OSError):
                for sub in p.rglob("*"):
                    if not sub.is_dir() and (i := identity(sub)) is not None:
                        found.add(i)
        elif (i := identity(p)) is not None:
            found.add(i)
    return found


def check_output(output: str | Path, reads: Iterable[str | Path] = ()) -> None:
    """Refuse ``output`` when it is a folder or the same file as one the run reads (``reads``: files, or folders
    standing for every file under them)."""
    name = str(output)
    p = Path(output)
    if p.is_dir():
        raise InputError.of(O.OUTPUT_IS_FOLDER, file=name, path=name)
    own = identity(p)
    if own is not None and own in identities(reads):
        raise InputError.of(O.OUTPUT_IS_INPUT, file=name, path=name)


def write_output(output: str | Path, data: str | bytes | Iterable[str | bytes | Span], reads: Iterable[str | Path] = (), *,
                 replace: bool = True, exists: Code = O.OUTPUT_EXISTS) -> None:
    """Write ``data`` (text as UTF-8, or text given piece by piece, a piece of bytes as it is) to the file
    ``output``, never onto a file of ``reads``.

    A regular file is written to a temporary file beside it and renamed into place, so a failure (a full
    disk, an interruption) leaves the old file or nothing, never half a file; without ``replace`` an existing
    file is refused (``exists``, O106) even when it appears meanwhile. A character device or a FIFO already there
    (``/dev/stdout``, ``/dev/null``, a pipe) is written to as it is. Failures are coded input errors: a
    missing folder (O501), no permission (O502), any other (O503: a full disk, a read-only file system).
    """
    name = str(output)
    check_output(output, reads)
    p = Path(output)
    if p.is_symlink():  # write where the link points, so the link stays a link
        p = Path(os.path.realpath(p))
    chunks: Iterable[bytes | Span] = (
        [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes)
        else (piece.encode("utf-8") if isinstance(piece, str) else piece for piece in data))
    try:
        st: os.stat_result | None = p.stat()
    except OSError:
        st = None
    if st is not None and not replace:
        raise InputError.of(exists, file=name)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_in_place(p, chunks, name)
        return
    folder = p.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _write_error(exc, name, folder) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_chunks(fh, chunks)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        if replace:
            os.replace(temp, p)
        else:
            os.link(temp, p)  # fails, rather than overwrite, when the file appeared meanwhile
    except FileExistsError:
        raise InputError.of(exists, file=name) from None
    except OSError as exc:
        raise _write_error(exc, name, folder) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _write_in_place(p: Path, chunks: Iterable[bytes | Span], name: str) -> None:
    try:
        with p.open("wb") as fh:
            _write_chunks(fh, chunks)
    except OSError as exc:
        raise _write_error(exc, name, p.parent) from None


def _write_chunks(fh: IO[bytes], chunks: Iterable[bytes | Span]) -> None:
    """Each chunk written to ``fh``: bytes as they are, a span of a forked process's file copied from it."""
    for chunk in chunks:
        if isinstance(chunk, bytes):
            fh.write(chunk)
        else:
            chunk.send(fh)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_error(exc: OSError, name: str, folder: Path) -> InputError:
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError) and not folder.exists():
        return InputError.of(O.NO_OUTPUT_FOLDER, file=name, folder=str(folder))
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return InputError.of(O.CANNOT_WRITE_HERE, file=name, folder=str(folder), reason_en=reason)
    return InputError.of(O.WRITE_FAILED, file=name, reason_en=reason)


MAX_PLAN_BYTES = 20 * 1024 * 1024  # plans are tens of kilobytes; 20 MB is surely the wrong file


def decode_plan(data: bytes, name: str = "<bytes>") -> str:
    """Decode a plan's bytes (``extract`` reads a plan, ``lint --sources`` the plans quoted): UTF-8 (BOM
    accepted), UTF-16 with a BOM, else GBK/GB18030. InputError otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError.of(X.BINARY_PLAN, file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[:first_bad].count(b"\n") + 1
        raise InputError.of(X.PLAN_ENCODING, file=name, line=line, byte=first_bad) from None
