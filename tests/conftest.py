"""Shared fixtures and the hypothesis profiles (HYPOTHESIS_PROFILE=dev|ci|slow)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.report import Report
from mzcheck.read.formats import loads_report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
pytest_plugins = ["engines", "stores"]  # fixtures: spark, dask_client (tests/engines.py); location (tests/stores.py)

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("slow", max_examples=10000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help="run the property tests with the 'slow' hypothesis profile (10,000 examples each)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow"):
        settings.load_profile("slow")


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    """The small test catalog and rules in tests/fixtures/targets (independent of the bundled plans)."""
    return load_targets(FIXTURES / "targets")


@pytest.fixture(scope="session")
def make_report(rules: RuleSet):  # type: ignore[no-untyped-def]
    def make(text: str) -> Report:
        return loads_report(textwrap.dedent(text), rules, "report.yaml")

    return make


@pytest.fixture(autouse=True)
def _isolated_history(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes a developer's real history store (~/.local/share/mzcheck)."""
    monkeypatch.setenv("MZCHECK_HISTORY", str(tmp_path_factory.mktemp("history") / "history.sqlite3"))
