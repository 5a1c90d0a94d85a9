"""P: Progress during the year / 年中进度."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
