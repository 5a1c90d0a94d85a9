"""Shared fixtures, the hypothesis profiles (HYPOTHESIS_PROFILE=dev|ci|slow) and the snapshot flag.

``python -m pytest --update-snapshots`` rewrites the snapshots in tests/snapshots/ that the selected tests
compare against; without it a missing or changed snapshot fails (tests/README.md).
"""

from __future__ import annotations

import difflib
import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read.formats import loads_report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
pytest_plugins = ["engines", "stores"]  # fixtures: spark, dask_client (tests/engines.py); location (tests/stores.py)

#: The ``make_report`` fixture: YAML text (dedented) → the report it reads as, on the fixture rules.
MakeReport = Callable[[str], Report]

# the command's compiled rule-set cache (mzcheck/load/cache.py) goes to a folder of this run, not the user's
os.environ.setdefault("MZCHECK_CACHE_DIR", tempfile.mkdtemp(prefix="mzcheck-test-cache-"))

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("slow", max_examples=10000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help="run the property tests with the 'slow' hypothesis profile (10,000 examples each)")
    parser.addoption("--update-snapshots", action="store_true",
                     help="write the snapshots in tests/snapshots/ the selected tests compare against, "
                          "instead of failing when one is missing or differs; review the diff before committing")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow"):
        settings.load_profile("slow")


class Snapshots:
    """Compares text with a file under ``folder``; writes the file only when ``update`` is set."""

    def __init__(self, folder: Path, update: bool) -> None:
        self.folder, self.update = folder, update

    def __call__(self, name: str, text: str) -> None:
        """Fail unless ``text`` equals the snapshot ``name`` (with --update-snapshots: write it instead)."""
        path = self.folder / name
        if self.update:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                self.folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"no snapshot {name} in {self.folder}: write it with `python -m pytest --update-snapshots` "
                        "and review it before committing", pytrace=False)
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), text.splitlines(keepends=True),
                                                f"snapshot {name}", "output", n=1))
            pytest.fail(f"the output differs from snapshot {name}; if the change is intended, run "
                        f"`python -m pytest --update-snapshots` and review the diff:\n{diff[:4000]}", pytrace=False)


@pytest.fixture(scope="session")
def snapshot(pytestconfig: pytest.Config) -> Snapshots:
    """``snapshot(name, text)``: compare with tests/snapshots/<name> (see --update-snapshots)."""
    return Snapshots(SNAPSHOTS, bool(pytestconfig.getoption("--update-snapshots")))


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    """The small test catalog and rules in tests/fixtures/targets (independent of the bundled plans)."""
    return load_targets(FIXTURES / "targets", bundled=False)


@pytest.fixture(scope="session")
def make_report(rules: RuleSet) -> MakeReport:
    """Read dedented YAML text as a report on the fixture rules (file name ``report.yaml``)."""
    def make(text: str) -> Report:
        return loads_report(textwrap.dedent(text), rules, "report.yaml")

    return make


@pytest.fixture(autouse=True)
def _isolated_history(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes a developer's real history store (~/.local/share/mzcheck)."""
    monkeypatch.setenv("MZCHECK_HISTORY", str(tmp_path_factory.mktemp("history") / "history.sqlite3"))
