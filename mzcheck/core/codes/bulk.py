"""B: Bulk and engine APIs / 批量与分布式接口."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
