"""V: Reported values / 填报数值."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
