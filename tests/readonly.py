"""Running mzcheck where a file or a folder is read-only, for real / 在只读文件或文件夹上运行.

Root is not stopped by permissions, so for root the command runs in a private mount namespace (unshare -m)
in which the path is bind-mounted read-only: nothing outside the command sees it. Anyone else gets the
path's write permission taken away (``chmod a-w``) and given back afterwards.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only(path: Path) -> Iterator[list[str]]:
    """A command prefix under which ``path`` (a file or a folder) cannot be written; skips the test where
    that cannot be arranged."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(stat.S_IMODE(mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield []
        finally:
            path.chmod(stat.S_IMODE(mode))
        return
    if shutil.which("unshare") is None:
        pytest.skip("root needs unshare(1) to make a path read-only")
    mount = f"mount --bind -o ro '{path}' '{path}'"
    probe = subprocess.run(["unshare", "-m", "sh", "-c", mount], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {probe.stderr.strip()}")
    yield ["unshare", "-m", "sh", "-c", f'{mount} && exec "$@"', "sh"]


def mzcheck(args: list[str], cwd: Path, prefix: list[str] | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m mzcheck args`` in a new process (after ``prefix``), its output as UTF-8 text."""
    base = {k: v for k, v in os.environ.items() if k not in ("MZCHECK_DEBUG", "MZCHECK_LANG", "PYTHONIOENCODING")}
    return subprocess.run([*(prefix or []), sys.executable, "-m", "mzcheck", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env={**base, **(env or {})}, timeout=120)
