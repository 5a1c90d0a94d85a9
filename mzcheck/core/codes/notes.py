"""N: Notes beside a verdict / 附注."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
