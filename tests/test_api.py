"""The library surface: __all__, lazy imports, three-line use."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import mzcheck

FIXTURES = Path(__file__).parent / "fixtures" / "targets"


def test_all_names_exist_and_nothing_public_is_missing() -> None:
    for name in set(mzcheck.__all__) - {"__version__"}:
        obj = getattr(mzcheck, name)
        # the module's own object, so isinstance and except clauses agree with what the stages raise and return
        assert obj.__name__ == name and getattr(sys.modules[obj.__module__], name) is obj, name
        assert obj.__module__.startswith("mzcheck."), name
    assert mzcheck.__version__ == importlib.metadata.version("mzcheck")
    assert sorted(mzcheck.__all__) == sorted(set(mzcheck.__all__))
    assert set(dir(mzcheck)) == set(mzcheck.__all__)
    with pytest.raises(AttributeError, match="has no attribute 'evaluation'"):
        mzcheck.evaluation  # noqa: B018 - a misspelt or retired name says so


def test_import_does_not_load_pint_or_pydantic() -> None:
    code = "import sys, mzcheck; print('pint' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_checking_a_report_with_known_units_does_not_load_pint(tmp_path: Path) -> None:
    report = tmp_path / "r.yaml"
    report.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5320人, elderly_population: 190万人}\n",
                      encoding="utf-8")
    code = (f"import sys, mzcheck; rules = mzcheck.load_targets({str(FIXTURES)!r}, bundled=False); "
            f"[mzcheck.evaluate(rules, r) for r in mzcheck.load_report({str(report)!r}, rules)]; "
            "print('pint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_three_lines() -> None:
    rules = mzcheck.load_targets(FIXTURES, bundled=False)
    report = mzcheck.loads_report("jurisdiction: 慈溪市\nperiod: 2025\nvalues: {护理型床位占比: 80%}\n", rules)
    check = mzcheck.evaluate(rules, report)
    assert isinstance(check, mzcheck.CheckResult)
    assert check.summary.met == 1 and check.summary.passed


def test_a_result_added_to_by_the_caller_leaves_later_calls_alone() -> None:
    # the wording of each rule and the result of an unreported rule are built once and reused; every result
    # still has lists of its own, so a caller adding findings or inputs to one changes no later result
    rules = mzcheck.load_targets(FIXTURES, bundled=False)
    report = {"jurisdiction": "杭州市", "period": 2025, "values": {}}
    first = mzcheck.evaluate(rules, report)
    expected = first.model_dump(mode="json")
    assert first.results and all(r.status == "missing" for r in first.results)
    note = mzcheck.Finding(code="N999", severity="warning", message=mzcheck.Message(zh="备注", en="a note"))
    for r in first.results:
        for items in (r.findings, r.shortfall, r.children, r.trajectory, r.inputs):
            items.append(note)  # type: ignore[arg-type]  # any object: only its presence is checked
    again = mzcheck.evaluate(rules, report)
    assert again.model_dump(mode="json") == expected
    assert all(not r.findings and not r.inputs for r in again.results)
