"""Opening input files the same way everywhere / 统一的输入文件检查.

Reports, rule files, tables and plan texts are refused the same way when they are missing, a folder, or
larger than their limit (a 2 GB file is refused before a byte of it is read).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from mzcheck.core.codes import files as F
from mzcheck.core.errors import InputError


def too_large(name: str, size: int | None, limit_bytes: int) -> InputError:
    """The error of a file beyond ``limit_bytes`` (``size`` None: a pipe or device that went on past it)."""
    limit = limit_bytes // 2**20  # MB as Windows shows them
    if size is None:
        return InputError.of(F.TOO_LONG, file=name, limit=limit)
    return InputError.of(F.TOO_LARGE, file=name, size=f"{size / 2**20:.0f}", limit=limit)


def checked_input(path: str | Path, limit_bytes: int) -> Path:
    """``path`` as a Path once it is known to be an existing file within ``limit_bytes``."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError.of(F.NO_SUCH_FILE, file=name, name=name)
    if p.is_dir():
        raise InputError.of(F.IS_A_FOLDER, file=name, name=name)
    size = p.stat().st_size
    if size > limit_bytes:
        raise too_large(name, size, limit_bytes)
    return p


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same device and inode (a link or another spelling included)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all: a temporary file beside it, renamed
    over it once written, so a reader never sees half a file and a failed run leaves the old one."""
    import tempfile

    p = Path(path)
    body = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        os.chmod(tmp, p.stat().st_mode & 0o777 if p.exists() else 0o644)  # mkstemp makes it 0600
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
