"""R: Report structure / 报表结构."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
