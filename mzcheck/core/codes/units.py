"""U: Unit texts and numbers / 单位与数值."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
