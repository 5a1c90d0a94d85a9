"""S: Results / 检查结果."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
