"""Loading rule sets from folders, in layers / 分层加载规则集 (stage: load).

A rule set is the bundled ``targets/`` plus any number of folders of one's own, each adding to those below
it: rule files, and optionally ``indicators.yaml`` (new indicators) and ``jurisdictions.yaml`` (English
names and aliases, or divisions the national table does not have yet). A layer may be a single rule file.
An indicator or rule id defined twice, in one layer or across layers, is an error naming both places.

Without the bundled layer (``bundled=False``, ``--no-bundled``) the bundled catalog is still the base,
unless the first folder brings its own ``indicators.yaml`` / ``jurisdictions.yaml``, which then replace it.
Everything is validated and every problem reported at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from mzcheck.core import arguments, modelbase, yamlio
from mzcheck.core.errors import InputError, Problem
from mzcheck.load.bundled import bundled_targets
from mzcheck.load.layers import INDICATORS_FILE, JURISDICTIONS_FILE, layers_of, rule_files
from mzcheck.load.ruleset import RuleSet

__all__ = ["INDICATORS_FILE", "JURISDICTIONS_FILE", "bundled_targets", "layers_of", "load_catalog", "load_targets",
           "year_end"]

def _catalog_docs(layers: Sequence[Path], name: str, bundled: bool) -> list[yamlio.Document]:
    folders = [p if p.is_dir() else p.parent for p in layers]
    own = [f / name for f in folders if (f / name).exists()]
    base = bundled_targets() / name
    if not bundled and own and own[0].parent == folders[0]:
        return [yamlio.load(p) for p in own]  # the first folder's own catalog replaces the bundled one
    return [yamlio.load(p) for p in dict.fromkeys([base, *own])]


def load_targets(*paths: str | Path, bundled: bool = True) -> RuleSet:
    """Load the rule set of the bundled targets and the folders (or rule files) ``paths``, in that order.

    ``bundled=False`` leaves the bundled rules out. Raises :class:`~mzcheck.InputError` with every problem.
    """
    if modelbase.is_light():  # light records validate nothing (0035): a check goes light only on a cached rule set
        raise RuntimeError("rule files are loaded on pydantic's models; MZCHECK_LIGHT=off checks without light records")
    paths = tuple(arguments.path("load_targets", f"paths[{i}]", p) for i, p in enumerate(paths))
    layers = layers_of(paths, bundled)
    if not layers:
        layers = layers_of([], True)
    problems: list[Problem] = []
    docs = []
    for layer in layers:
        for f in rule_files(layer):
            try:
                docs.append(yamlio.load(f))
            except InputError as exc:
                problems.extend(exc.problems)
    top = layers[-1]
    try:
        rules = RuleSet.from_documents(_catalog_docs(layers, INDICATORS_FILE, bundled),
                                       _catalog_docs(layers, JURISDICTIONS_FILE, bundled), docs,
                                       root=top if top.is_dir() else top.parent)
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    if problems:
        raise InputError(problems)
    rules.layers = layers
    return rules


def load_catalog(*paths: str | Path, bundled: bool = True) -> RuleSet:
    """The indicator catalog and divisions of the layers, without their rules."""
    layers = layers_of(paths, bundled) or layers_of([], True)
    top = layers[-1]
    return RuleSet.from_documents(_catalog_docs(layers, INDICATORS_FILE, bundled),
                                  _catalog_docs(layers, JURISDICTIONS_FILE, bundled), [],
                                  root=top if top.is_dir() else top.parent)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)
