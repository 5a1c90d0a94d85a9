"""F: Files / 文件."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
