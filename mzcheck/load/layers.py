"""The files a rule set is loaded from / 规则集由哪些文件加载 (stage: load).

Which layers a run has and which rule and catalog files each holds: what :mod:`mzcheck.load.rules` loads and
:mod:`mzcheck.load.cache` keys its cache by. No model is imported here, so a check can tell whether its rule
set is cached before any is (docs/design/0035-light-records-for-a-check.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mzcheck.core.codes import catalog as C
from mzcheck.core.errors import InputError
from mzcheck.load.bundled import bundled_targets

INDICATORS_FILE = "indicators.yaml"
JURISDICTIONS_FILE = "jurisdictions.yaml"
CATALOG_FILES = (INDICATORS_FILE, JURISDICTIONS_FILE)


def layers_of(paths: Sequence[str | Path], bundled: bool = True) -> list[Path]:
    """The layers, bottom first: the bundled targets (unless left out), then ``paths`` in order, each once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in ([bundled_targets()] if bundled else []) + [Path(x) for x in paths]:
        if not p.exists():
            raise InputError.of(C.NO_TARGETS, file=str(p), path=p)
        key = p.resolve()
        if key not in seen:  # the same folder named twice (config and command line) is one layer
            seen.add(key)
            out.append(p)
    return out


def rule_files(root: Path) -> list[Path]:
    """A layer's rule files: the layer itself when it is a file, else its YAML files but the catalogs."""
    if not root.is_dir():
        return [root]
    files = sorted(p for p in root.rglob("*.yaml") if p.name not in CATALOG_FILES)
    return files + sorted(root.rglob("*.yml"))
