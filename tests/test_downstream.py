"""A downstream project's tests, written as docs/testing.md tells other projects to write them.

Only public names: ``mzcheck`` (its ``__all__``) and ``mzcheck.testing``'s strategies. The code under test
is a small dashboard adapter of the kind bureaus build on mzcheck; the last test checks this file keeps
to the public API, so it stays a faithful example.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import mzcheck
import mzcheck.testing
from mzcheck.testing import ReportCase, SpelledQuantity, quantities, reports, rule_sets

# ------------------------------------------------------------------ the downstream code under test


def dashboard_rows(check: mzcheck.CheckResult) -> list[dict[str, Any]]:
    """One row per target for a bureau's dashboard: red for binding targets missed, amber for the rest."""
    rows = []
    for r in check.results:
        colour = {"met": "green", "not_met": "red" if r.strength == "binding" else "amber"}.get(r.status, "grey")
        rows.append({"target": r.rule_id, "status": r.status, "colour": colour,
                     "gap": None if r.gap is None else str(r.gap.value), "note": r.message.zh})
    return rows


def check_uploaded(text: str, rules: mzcheck.RuleSet) -> list[dict[str, Any]]:
    """What the dashboard does with an uploaded report: read it, check it, turn it into rows."""
    return dashboard_rows(mzcheck.evaluate(rules, mzcheck.loads_report(text, rules, "upload.yaml")))


# ------------------------------------------------------------------ its property tests

BUNDLED = mzcheck.load_targets()
generated = rule_sets().flatmap(lambda rules: reports(rules).map(lambda case: (rules, case)))


@given(generated, st.sampled_from(["yaml", "json"]))
def test_the_dashboard_shows_the_verdict_each_target_must_get(pair: tuple[mzcheck.RuleSet, ReportCase],
                                                              fmt: str) -> None:
    rules, case = pair
    rows = {row["target"]: row for row in check_uploaded(case.to_yaml() if fmt == "yaml" else case.to_json(), rules)}
    for rule_id, verdict in case.expected.items():
        assert rows[rule_id]["status"] == verdict
        assert (rows[rule_id]["colour"] == "green") == (verdict == "met")
    assert all(row["note"] for row in rows.values())  # every row says something to the statistician


@given(quantities("%", min_value=0, max_value=100, places=2))
def test_a_share_typed_any_way_reaches_the_dashboard_unchanged(share: SpelledQuantity) -> None:
    rules = BUNDLED
    upload = {"jurisdiction": "慈溪市", "period": 2025, "values": {"nursing_bed_share": share.report_value}}
    rows = check_uploaded(json.dumps(upload, ensure_ascii=False), rules)
    shares = [row for row in rows if "nursing" in row["target"] and row["status"] in ("met", "not_met")]
    assert shares, rows
    report = mzcheck.loads_report(json.dumps(upload, ensure_ascii=False), rules)
    actuals = [r.actual.value for r in mzcheck.evaluate(rules, report).results
               if r.indicator == "nursing_bed_share" and r.actual is not None]
    assert actuals and all(a == share.value for a in actuals)  # percent in, percent out, exactly


def test_this_file_uses_only_the_public_api() -> None:
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mzcheck"):
            assert node.module == "mzcheck.testing", node.module
            assert {a.name for a in node.names} <= set(mzcheck.testing.__all__)
        if isinstance(node, ast.Import):
            assert {a.name for a in node.names if a.name.startswith("mzcheck")} <= {"mzcheck", "mzcheck.testing"}
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "mzcheck":
            assert node.attr in (*mzcheck.__all__, "__all__", "testing"), node.attr
