"""The library surface: __all__, lazy imports, three-line use."""

from __future__ import annotations

import importlib.metadata
import re
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


def test_the_readme_library_example_runs_and_prints_what_it_says(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's library section is run as written; each ``# prints: …`` comment is its line's output."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 作为库使用 / As a library", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```python\n(.*?)```", section, re.S)
    expected = re.findall(r"# prints: (.*)", block)
    assert expected, "the example shows no output to compare"
    root = Path(__file__).parent.parent
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)  # the example names examples/… as a user in a clone does
        exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == expected


def test_evaluate_takes_a_report_a_mapping_or_the_report_model_alike() -> None:
    rules = mzcheck.load_targets(FIXTURES, bundled=False)
    data = {"jurisdiction": "杭州市", "period": 2025, "as_of": "2025-06-30",
            "values": {"certified_carers": 5310, "elderly_population": "190.5万人", "护理型床位占比": "62%"}}
    model = mzcheck.ReportFile(**data)
    report = mzcheck.report_from_mapping(data, rules)
    assert isinstance(report, mzcheck.Report) and report.as_of.isoformat() == "2025-06-30"
    assert mzcheck.report_from_mapping(model, rules) == report
    checks = [mzcheck.evaluate(rules, x).model_dump(mode="json") for x in (report, data, model)]
    assert checks[0] == checks[1] == checks[2]
    assert checks[0]["summary"]["total"] > 0


def test_a_mapping_with_a_mistake_names_the_field() -> None:
    rules = mzcheck.load_targets(FIXTURES, bundled=False)
    with pytest.raises(mzcheck.InputError) as info:
        mzcheck.report_from_mapping({"jurisdiction": "杭州市", "period": 2025, "as_of": "年底"}, rules)
    assert info.value.code == "R303" and "<data>" in str(info.value) and "as_of" in str(info.value)
