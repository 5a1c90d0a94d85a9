"""O: Output and command line / 输出与命令行."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
