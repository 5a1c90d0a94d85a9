"""Opening input files the same way everywhere / 统一的输入文件检查.

Reports, rule files, tables and plan texts are refused the same way when they are missing, a folder, or
larger than their limit (a 2 GB file is refused before a byte of it is read).
"""

from __future__ import annotations

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
