"""Opening input files the same way everywhere / 统一的输入文件检查.

Reports, rule files, tables and plan texts are refused the same way when they are missing, a folder, or
larger than their limit (a 2 GB file is refused before a byte of it is read).
"""

from __future__ import annotations

from pathlib import Path

from mzcheck.core.errors import InputError


def too_large(name: str, size: int | None, limit_bytes: int) -> InputError:
    limit = limit_bytes // 2**20  # MB as Windows shows them
    what = f"file is {size / 2**20:.0f} MB" if size is not None else "file is longer than the limit"
    zh = f"文件大小 {size / 2**20:.0f} MB" if size is not None else "文件长度"
    return InputError(f"{what}, above the {limit} MB limit / {zh}超过 {limit} MB 上限", file=name,
                      help="split the file or check that this is the right file / 请拆分文件或确认文件是否正确")


def checked_input(path: str | Path, limit_bytes: int) -> Path:
    """``path`` as a Path once it is known to be an existing file within ``limit_bytes``."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"no such file / 文件不存在: {name}", file=name)
    if p.is_dir():
        raise InputError(f"{name} is a folder, not a file / 是文件夹而非文件", file=name)
    size = p.stat().st_size
    if size > limit_bytes:
        raise too_large(name, size, limit_bytes)
    return p
