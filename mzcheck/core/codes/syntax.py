"""Y: YAML and JSON syntax / YAML 与 JSON 语法."""

from __future__ import annotations

from mzcheck.core.messages import code  # noqa: F401
