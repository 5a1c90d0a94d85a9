"""Loading rule sets from folders / 从目录加载规则集 (stage 1: load).

``load_targets()`` reads the indicator catalog, the divisions and every rule file of a folder (by default
the bundled ``targets/``), validates everything and reports every problem at once. A folder without its own
``indicators.yaml`` / ``jurisdictions.yaml`` uses the bundled ones.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mzcheck.core import yamlio
from mzcheck.core.codes import catalog as C
from mzcheck.core.errors import InputError, Problem
from mzcheck.load.bundled import bundled_targets
from mzcheck.load.catalog import INDICATORS_FILE
from mzcheck.load.divisions import JURISDICTIONS_FILE
from mzcheck.load.ruleset import RuleSet

__all__ = ["INDICATORS_FILE", "JURISDICTIONS_FILE", "bundled_targets", "load_catalog", "load_targets", "year_end"]


def _folder(path: str | Path | None) -> tuple[Path, Path]:
    root = Path(path) if path is not None else bundled_targets()
    if not root.exists():
        raise InputError.of(C.NO_TARGETS, file=str(root), path=root)
    return root, (root if root.is_dir() else root.parent)


def _catalog_files(folder: Path) -> tuple[Path, Path]:
    ind = folder / INDICATORS_FILE
    jur = folder / JURISDICTIONS_FILE
    return (ind if ind.exists() else bundled_targets() / INDICATORS_FILE,
            jur if jur.exists() else bundled_targets() / JURISDICTIONS_FILE)


def load_targets(path: str | Path | None = None) -> RuleSet:
    """Load a rule set: a folder like ``targets/`` (catalog, divisions, rule files) or one rule file.

    Raises :class:`~mzcheck.InputError` with every problem found.
    """
    root, folder = _folder(path)
    ind_file, jur_file = _catalog_files(folder)
    ind_doc, jur_doc = yamlio.load(ind_file), yamlio.load(jur_file)
    if root.is_dir():
        rule_files = sorted(p for p in root.rglob("*.yaml") if p.name not in (INDICATORS_FILE, JURISDICTIONS_FILE))
        rule_files += sorted(root.rglob("*.yml"))
    else:
        rule_files = [root]
    problems: list[Problem] = []
    docs = []
    for f in rule_files:
        try:
            docs.append(yamlio.load(f))
        except InputError as exc:
            problems.extend(exc.problems)
    try:
        rules = RuleSet.from_documents([ind_doc], [jur_doc], docs, root=folder)
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    if problems:
        raise InputError(problems)
    return rules


def load_catalog(path: str | Path | None = None) -> RuleSet:
    """The indicator catalog and divisions of a targets folder (or the bundled one), without its rules."""
    _, folder = _folder(path)
    ind_file, jur_file = _catalog_files(folder)
    return RuleSet.from_documents([yamlio.load(ind_file)], [yamlio.load(jur_file)], [], root=folder)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)
