"""W: Waivers and rule revisions / 豁免与规则修订."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
