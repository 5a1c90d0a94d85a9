"""Where the bundled targets are / 内置目标规则的位置.

``targets/`` beside the package in a checkout; inside the wheel as the package ``mzcheck._bundled``
(pyproject.toml's package-dir).
"""

from __future__ import annotations

from pathlib import Path

from mzcheck.core.codes import catalog as C
from mzcheck.core.errors import InputError

_MARKER = "indicators.yaml"


def bundled_targets() -> Path:
    """The folder of the rule set shipped with mzcheck."""
    package = Path(__file__).resolve().parents[1]
    beside = package.parent / "targets"
    if (beside / _MARKER).exists():
        return beside
    inside = package / "_bundled"
    if (inside / _MARKER).exists():
        return inside
    raise InputError.of(C.BUNDLED_MISSING)


def bundled_file(name: str) -> Path:
    return bundled_targets() / name
