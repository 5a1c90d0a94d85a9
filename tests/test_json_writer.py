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
