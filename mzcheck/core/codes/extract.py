"""X: Drafting rules from plans / 规则起草."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
