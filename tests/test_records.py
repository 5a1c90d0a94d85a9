"""Records built directly (mzcheck.core.records.built) equal the validated ones, field for field.

The engine builds its results without validating them again (docs/design/0024-dense-results.md). Here every
report is evaluated twice, once so and once with every result validated, and the two must agree in every
field, in the set of fields given, in the type of every value, and in their JSON.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from pydantic import BaseModel

import mzcheck
from mzcheck.core import records
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import Amount, CheckResult, ChildResult, Completion, ValueRef
from mzcheck.testing import ReportCase, reports, rule_sets

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BUNDLED = mzcheck.load_targets()

cases = rule_sets().flatmap(lambda rs: reports(rs).map(lambda case: (rs, case)))


def shape(value: Any) -> Any:
    """Everything a record holds and how: each model's class, fields given and fields (in order), recursively;
    each value's type beside it (a Decimal is not an int, True is not 1)."""
    if isinstance(value, BaseModel):
        return (type(value).__name__, sorted(value.model_fields_set),
                [(name, shape(v)) for name, v in value.__dict__.items()],
                value.__pydantic_extra__, value.__pydantic_private__)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [shape(v) for v in value])
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    return (type(value).__name__, value)


def both_ways(rules: RuleSet, report: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[CheckResult, CheckResult]:
    direct = mzcheck.evaluate(rules, report)
    with monkeypatch.context() as m:
        m.setattr(records, "VALIDATE", True)
        validated = mzcheck.evaluate(rules, report)
    return direct, validated


def assert_same(direct: CheckResult, validated: CheckResult) -> None:
    assert shape(direct) == shape(validated)
    assert direct == validated
    assert direct.model_dump_json(indent=2) == validated.model_dump_json(indent=2)
    assert direct.model_dump(mode="json") == validated.model_dump(mode="json")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_records_built_directly_are_the_validated_ones(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for report in mzcheck.load_report(path, BUNDLED):
        assert_same(*both_ways(BUNDLED, report, monkeypatch))


@given(pair=cases)
def test_generated_reports_records_built_directly_are_the_validated_ones(pair: tuple[RuleSet, ReportCase]) -> None:
    rs, case = pair
    report = case.load(rs)
    direct = mzcheck.evaluate(rs, report)
    records.VALIDATE = True
    try:
        validated = mzcheck.evaluate(rs, report)
    finally:
        records.VALIDATE = False
    assert_same(direct, validated)


def test_a_record_built_directly_gets_its_defaults_and_lists_of_its_own() -> None:
    a = records.built(Amount, {"value": Decimal("1.5"), "unit": "percent"})
    assert shape(a) == shape(Amount(value=Decimal("1.5"), unit="percent"))
    c = records.built(ChildResult, {"jurisdiction": "西湖区", "status": "met", "actual": a, "gap": None})
    assert shape(c) == shape(ChildResult(jurisdiction="西湖区", status="met", actual=a, gap=None))
    done = records.built(Completion, {"value": Decimal(80), "formula": "actual/target"})
    assert done.unit == "percent" and done.model_fields_set == {"value", "formula"}
    ref = records.built(ValueRef, {"indicator": "x", "section": "values", "raw": "1"})
    assert shape(ref) == shape(ValueRef(indicator="x", section="values", raw="1"))


def test_a_record_missing_a_field_or_given_an_unknown_one_goes_through_validation() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        records.built(Amount, {"unit": "percent"})
    fields = {"jurisdiction": "x", "status": "met", "actual": None, "gap": None, "colour": 1}
    assert shape(records.built(ChildResult, fields)) == shape(ChildResult(**fields))  # ignored, as validation does


def test_a_maker_makes_what_validation_makes() -> None:
    make = records.maker(ChildResult, ("jurisdiction", "status", "actual", "gap"))
    amount = Amount(value=Decimal("1.5"), unit="bed")
    made = make("西湖区", "not_met", amount, None)
    validated = ChildResult(jurisdiction="西湖区", status="not_met", actual=amount, gap=None)
    assert shape(made) == shape(validated) and made == validated
    assert made.model_dump_json(indent=2) == validated.model_dump_json(indent=2)
    ref = records.maker(ValueRef, ("indicator", "section", "raw", "file", "line", "cell"))("x", "values", "5张", None, 3, None)
    assert shape(ref) == shape(ValueRef(indicator="x", section="values", raw="5张", file=None, line=3, cell=None))
    with pytest.raises(TypeError):  # not the first fields in their order
        records.maker(ChildResult, ("status", "jurisdiction"))
    with pytest.raises(TypeError):  # status is required
        records.maker(ChildResult, ("jurisdiction",))
