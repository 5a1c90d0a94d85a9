"""H: The history store / 历史记录库."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
