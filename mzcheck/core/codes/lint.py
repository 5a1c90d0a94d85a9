"""L: Lint findings / 规则校验."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
