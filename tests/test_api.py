"""The library surface: __all__, lazy imports, three-line use."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

import mzcheck
from mzcheck import bulk

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


# ------------------------------------------------------------------ entry points raise mzcheck's own errors

RULES = mzcheck.load_targets(FIXTURES, bundled=False)
ROWS = [{"jurisdiction": "杭州市", "period": 2025, "indicator": "certified_carers_per_10k_elders", "value": 28}]


def _report(period: object = 2025, value: object = 28, jurisdiction: object = "杭州市") -> dict[str, object]:
    return {"jurisdiction": jurisdiction, "period": period, "values": {"certified_carers_per_10k_elders": value}}


@pytest.mark.parametrize(("call", "argument"), [
    (lambda: mzcheck.evaluate(None, _report()), "rules"),  # type: ignore[arg-type]
    (lambda: mzcheck.load_report(None, RULES), "path"),  # type: ignore[arg-type]
    (lambda: mzcheck.load_report(FIXTURES / "x.yaml", None), "rules"),  # type: ignore[arg-type]
    (lambda: mzcheck.loads_report(None, RULES), "text"),  # type: ignore[arg-type]
    (lambda: mzcheck.load_targets(None), "paths[0]"),  # type: ignore[arg-type]
    (lambda: bulk.evaluate_table(None, ROWS), "rules"),  # type: ignore[arg-type]
    (lambda: bulk.evaluate_column(None, [1], "元"), "rule"),  # type: ignore[arg-type]
    (lambda: bulk.compare_column([1, 2], None, ">=", 5), "text"),  # type: ignore[arg-type]
    (lambda: mzcheck.parse_unit(None), "text"),  # type: ignore[arg-type]
    (lambda: mzcheck.parse_quantity(None), "text"),  # type: ignore[arg-type]
    (lambda: mzcheck.RuleSet.from_data(None), "rules"),  # type: ignore[arg-type]
])
def test_a_wrong_argument_is_named_with_mzchecks_own_error(call: Callable[[], object], argument: str) -> None:
    with pytest.raises(mzcheck.InputError) as caught:
        call()
    assert isinstance(caught.value, TypeError) and caught.value.code == "B601"
    assert f": {argument} is " in str(caught.value) and "not NoneType" in str(caught.value)


def test_a_report_that_is_not_a_mapping_gets_the_message_of_a_yaml_report_that_is_not() -> None:
    with pytest.raises(mzcheck.InputError, match="R101 a report is a mapping"):
        mzcheck.evaluate(RULES, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("period", ["²⁰²⁵", "①", "٢٠٢٥", 10**5000, Decimal("1e5000"), "2" * 5000],
                         ids=["superscript", "circled", "arabic-indic", "huge-int", "huge-decimal", "long-text"])
def test_a_year_in_other_digits_or_of_thousands_of_digits_is_not_a_year(period: object) -> None:
    with pytest.raises(mzcheck.InputError, match=r"R302 period: .* is not a year"):
        mzcheck.evaluate(RULES, _report(period))
    with pytest.raises(mzcheck.InputError, match=r"R302 period: .* is not a year"):
        bulk.evaluate_table(RULES, [dict(ROWS[0], period=period)])


@pytest.mark.parametrize("period", [Decimal("2025"), np.int64(2025), np.float32(2025), "２０２５", "2025年"])
def test_a_year_as_a_decimal_a_numpy_number_or_full_width_digits_is_read(period: object) -> None:
    assert mzcheck.evaluate(RULES, _report(period)).report.period == 2025


@pytest.mark.parametrize("value", [10**5000, -(10**40)], ids=["5001-digits", "41-digits"])
def test_an_int_of_thousands_of_digits_is_an_invalid_value_not_a_crash(value: int) -> None:
    (r,) = [r for r in mzcheck.evaluate(RULES, _report(value=value)).results if r.rule_id == "t-carers"]
    assert r.status == "invalid" and "out of range" in r.message.en


def test_an_unknown_jurisdiction_of_thousands_of_digits_is_named_by_its_length() -> None:
    with pytest.raises(mzcheck.InputError, match="<5001 digits>"):
        mzcheck.evaluate(RULES, _report(jurisdiction=10**5000))


def test_target_year_as_text_is_read_as_the_year_and_other_digits_are_refused() -> None:
    as_int = bulk.evaluate_table(RULES, ROWS, target_year=2025)
    assert len(as_int) == 6 and bulk.evaluate_table(RULES, ROWS, target_year="2025") == as_int
    with pytest.raises(mzcheck.InputError) as caught:
        bulk.evaluate_table(RULES, ROWS, target_year="²⁰²⁵")
    assert caught.value.code == "B602" and isinstance(caught.value, TypeError)


def test_a_dataframe_with_a_column_twice_is_refused_naming_the_column() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame([["杭州市", "杭州市", 2025, "certified_carers_per_10k_elders", 28]],
                      columns=["jurisdiction", "jurisdiction", "period", "indicator", "value"])
    with pytest.raises(mzcheck.InputError, match="T102 a second 'jurisdiction' column"):
        bulk.evaluate_table(RULES, df)


def test_a_float32_value_is_the_decimal_it_shows_in_every_library_path() -> None:
    # float32 0.29 widened is 0.28999999165534973: read as 0.29, it meets "≥ 0.29亿元"
    funds = {"jurisdiction": "杭州市", "period": 2025, "values": {"assistance_funds": {"value": np.float32(0.29),
                                                                                      "unit": "亿元"}}}
    (r,) = [r for r in mzcheck.evaluate(RULES, funds).results if r.rule_id == "t-funds"]
    assert r.status == "met"
    assert list(bulk.compare_column(np.array([0.29, 0.28], dtype=np.float32), "亿元", ">=", "0.29").met) == [True, False]
    rule = RULES.rule("t-funds")
    assert list(bulk.evaluate_column(rule, np.array([0.29], dtype=np.float32), "亿元").met) == [True]


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


def test_reports_share_the_set_of_the_fields_given_and_a_changed_copy_gets_its_own() -> None:
    """A province's table makes thousands of reports: those given the same fields share one set of their names
    (mzcheck/model/report.py), which a frozen report never changes; a copy with changes has a set of its own."""
    rules = mzcheck.load_targets()
    data = {"jurisdiction": "慈溪市", "period": 2024, "values": {"elderly_population": "35万人"}}
    one, two = mzcheck.report_from_mapping(data, rules), mzcheck.report_from_mapping(dict(data, period=2023), rules)
    assert one.model_fields_set == two.model_fields_set
    assert one.__pydantic_fields_set__ is two.__pydantic_fields_set__
    before = set(one.model_fields_set)
    copied = one.model_copy(update={"file": "慈溪.yaml"})
    assert "file" in copied.model_fields_set and copied.file == "慈溪.yaml"
    assert one.model_fields_set == before and two.model_fields_set == before
    assert one.file != "慈溪.yaml"
    value = one.values["elderly_population"]
    assert not hasattr(value, "__dict__")  # a reported value is slotted: a province holds one for each value read
