"""``--format json`` has one writer for any number of reports; its encoder writes json.dumps's text.

render/json writes with its own encoder (json has no C encoder for ``indent``, and a province's table has
thousands of reports); the text must be exactly ``json.dumps(to_jsonable(value), ensure_ascii=False,
indent=2)``, for any value a result can hold and for values it cannot (which go to json itself).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import mzcheck
from mzcheck.load.ruleset import RuleSet
from mzcheck.render import Options
from mzcheck.render.json import encode, render, result_object, to_jsonable

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.text(max_size=12),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9),
                    st.dates())
keys = st.text(max_size=6) | st.sampled_from(["value", "unit", "zh", "en", "状态"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


def expected(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)


@given(value=values)
def test_the_encoder_writes_what_json_dumps_writes(value: Any) -> None:
    assert encode(value) == expected(value)


@given(value=st.dictionaries(st.integers(0, 5) | keys, scalars | st.just(float("nan")), max_size=4))
def test_keys_that_are_not_text_and_nan_go_to_json_itself(value: dict[Any, Any]) -> None:
    assert encode(value) == expected(value)


def test_flat_objects_remembered_print_apart_by_type() -> None:
    """1 and True are equal as dict values, but print as 1 and true; 1.0 and 1 as 1.0 and 1."""
    items = [{"a": 1}, {"a": True}, {"a": 1.0}, {"a": Decimal("1")}, {"a": dt.date(2025, 1, 1)}, {"a": 1}]
    assert encode(items) == expected(items)


def test_many_reports_are_the_array_of_their_objects(rules: RuleSet) -> None:
    results = []
    for year, value in ((2025, "5310人"), (2025, "5"), (2024, "5400")):
        report = mzcheck.loads_report(f"jurisdiction: 杭州市\nperiod: {year}\nvalues: {{certified_carers: {value}, "
                                      f"elderly_population: 190万人}}\n", rules, f"r{year}.yaml")
        results.append(mzcheck.evaluate(rules, report))
    text = render(results, Options())
    assert text == json.dumps([result_object(r) for r in results], ensure_ascii=False, indent=2) + "\n"
    assert render(results[:1], Options()) == expected(result_object(results[0])) + "\n"
    assert json.loads(render([], Options())) == []


@given(amounts=st.lists(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**6, max_value=10**6,
                                    places=9), min_size=1, max_size=3),
       text=st.text(max_size=8))
def test_a_report_is_written_as_json_dumps_writes_it_whoever_encodes_it(rules: RuleSet, amounts: list[Decimal],
                                                                        text: str) -> None:
    # a report's object comes from pydantic's JSON where that text is json.dumps's, else from the encoder:
    # tiny fractions (json.dumps 5e-07, pydantic 5e-7) and any text must come out as json.dumps writes them
    report = mzcheck.loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5310人, "
                                  "elderly_population: 190万人}\n", rules, "r.yaml")
    result = mzcheck.evaluate(rules, report)
    first = result.results[0]
    value: Any = [Decimal(str(a)) for a in amounts] if len(amounts) > 1 else Decimal(str(amounts[0]))
    changed = result.model_copy(update={"results": [
        first.model_copy(update={"gap": first.target.model_copy(update={"value": value}),
                                 "message": mzcheck.Message(zh=text, en=text)}), *result.results[1:]]})
    try:
        want = json.dumps(result_object(changed), ensure_ascii=False, indent=2)
    except UnicodeEncodeError:  # pragma: no cover - json.dumps writes any str
        return
    assert render([changed], Options()) == want + "\n"
    assert render([changed, result], Options()) == json.dumps(
        [result_object(changed), result_object(result)], ensure_ascii=False, indent=2) + "\n"


def test_a_tiny_fraction_is_spelt_as_json_dumps_spells_it(rules: RuleSet) -> None:
    report = mzcheck.loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5310人, "
                                  "elderly_population: 190万人}\n", rules, "r.yaml")
    result = mzcheck.evaluate(rules, report)
    first = result.results[0]
    tiny = result.model_copy(update={"results": [
        first.model_copy(update={"gap": first.target.model_copy(update={"value": Decimal("-0.0000005")})})]})
    assert '"value": -5e-07,' in render([tiny], Options())
    assert '-5e-7' in tiny.model_dump_json(indent=2)  # what pydantic alone would have written
