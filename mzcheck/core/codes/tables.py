"""T: Tables: CSV, TSV, Excel / 表格."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
