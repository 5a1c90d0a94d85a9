"""``--format json`` has one writer for any number of reports; its encoder writes json.dumps's text.

render/json writes with its own encoder (json has no C encoder for ``indent``, and a province's table has
thousands of reports); the text must be exactly ``json.dumps(to_jsonable(value), ensure_ascii=False,
indent=2)``, for any value a result can hold and for values it cannot (which go to json itself).
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mzcheck
from mzcheck.core.messages import Message
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult
from mzcheck.render import Options
from mzcheck.render.json import _DIRECT, _check, _encode, encode, output_object, render, result_object, to_jsonable
from mzcheck.testing import ReportCase, reports, rule_sets

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


def test_one_report_or_many_print_the_same_object_of_their_report_objects(rules: RuleSet) -> None:
    results = []
    for year, value in ((2025, "5310人"), (2025, "5"), (2024, "5400")):
        report = mzcheck.loads_report(f"jurisdiction: 杭州市\nperiod: {year}\nvalues: {{certified_carers: {value}, "
                                      f"elderly_population: 190万人}}\n", rules, f"r{year}.yaml")
        results.append(mzcheck.evaluate(rules, report))
    for some in (results, results[:1], []):
        text = render(some, Options())
        whole = json.loads(text)
        assert text == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
        assert list(whole) == ["reports", "errors", "summary"]
        assert whole["reports"] == [result_object(r) for r in some] and whole["errors"] == []
        assert whole["summary"]["reports"] == len(some) and whole["summary"]["total"] == sum(r.summary.total for r in some)
        assert whole["summary"]["exit"] == (0 if all(r.summary.passed for r in some) else 1)


def test_input_errors_sit_beside_the_reports(rules: RuleSet) -> None:
    from mzcheck.core.codes import files as F
    from mzcheck.core.errors import problem

    report = mzcheck.loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5310}\n", rules, "r.yaml")
    missing = problem(F.NO_SUCH_FILE, file="gone.csv", name="gone.csv")
    whole = json.loads(render([mzcheck.evaluate(rules, report)], Options(errors=(missing,))))
    assert whole["errors"] == [{"file": "gone.csv", "line": None, "cell": None, "field": None, "code": "F101",
                                "message": {"zh": "文件不存在:gone.csv", "en": "no such file: gone.csv"},
                                "help": whole["errors"][0]["help"]}]
    assert whole["summary"]["input_errors"] == 1 and whole["summary"]["exit"] == 2
    assert whole["summary"]["passed"] is False and len(whole["reports"]) == 1


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
    for some in ([changed], [changed, result]):
        text = render(some, Options())
        assert text == encode(output_object(some)) + "\n"  # written a report at a time, as encoded whole
        assert text == expected(to_jsonable(output_object(some))) + "\n"  # which is json.dumps's text


def test_a_tiny_fraction_is_spelt_as_json_dumps_spells_it(rules: RuleSet) -> None:
    report = mzcheck.loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5310人, "
                                  "elderly_population: 190万人}\n", rules, "r.yaml")
    result = mzcheck.evaluate(rules, report)
    first = result.results[0]
    tiny = result.model_copy(update={"results": [
        first.model_copy(update={"gap": first.target.model_copy(update={"value": Decimal("-0.0000005")})})]})
    assert '"value": -5e-07,' in render([tiny], Options())
    assert '-5e-7' in tiny.model_dump_json(indent=2)  # what pydantic alone would have written


@given(st.lists(st.sampled_from([*"0123456789.e-E x１٣²", "0.0000", "e-", "1e-", "0.00001"]), max_size=40).map("".join))
def test_the_tiny_float_search_finds_what_the_pattern_finds(text: str) -> None:
    # the report goes to the Python encoder when its text may spell a float pydantic writes otherwise
    from mzcheck.render.json import _FLOAT_SPELLING, _float_spelling

    assert _float_spelling(text) == bool(_FLOAT_SPELLING.search(text))


# ------------------------------------------------------------------------ results written from their records

ROOT = Path(__file__).parent.parent
BUNDLED = mzcheck.load_targets()
_cases = rule_sets().flatmap(lambda rs: reports(rs).map(lambda case: (rs, case)))


def direct_and_dumped(result: CheckResult, pad: str = "    ") -> tuple[str, str]:
    """A report's object as the direct writer writes it (which must not give up on records the engine made)
    and as the encoder writes pydantic's dump of it."""
    return "".join(_check(result, pad, {})), _encode(result.model_dump(mode="python"), pad, {})


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_the_examples_written_from_their_records_are_their_dumps(path: Path) -> None:
    for report in mzcheck.load_report(path, BUNDLED):
        direct, dumped = direct_and_dumped(mzcheck.evaluate(BUNDLED, report))
        assert direct == dumped


@given(pair=_cases, pad=st.sampled_from(["", "    ", "  "]))
def test_generated_reports_written_from_their_records_are_their_dumps(pair: tuple[RuleSet, ReportCase],
                                                                       pad: str) -> None:
    rs, case = pair
    result = mzcheck.evaluate(rs, case.load(rs))
    direct, dumped = direct_and_dumped(result, pad)
    assert direct == dumped
    memo: dict[Any, Any] = {}
    assert ["".join(_check(result, pad, memo)) for _ in range(2)] == [dumped, dumped]  # the rule's parts, remembered


_ODD: list[tuple[str, Any]] = [
    ("status", 3), ("rule_id", None), ("due", dt.datetime(2025, 12, 31, 8)), ("shortfall", ()),
    ("findings", [{"code": "N1"}]), ("message", {"zh": "z", "en": "e"}), ("actual", None), ("gap", None),
    ("completion", None), ("inputs", []), ("severity", True), ("target_text", Message(zh="{x}", en='"q"\n')),
    ("indicator_name", Message(zh="\ud800", en="\x00", code="S1")), ("kind", "level\t"),
]


@pytest.mark.parametrize(("field", "value"), _ODD, ids=[f for f, _ in _ODD])
def test_a_result_changed_any_way_is_written_as_json_dumps_writes_it(rules: RuleSet, field: str, value: Any) -> None:
    # a value of another type or class (put in by model_copy, which does not validate) is written from the dump
    report = mzcheck.loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5310人, "
                                  "elderly_population: 190万人}\n", rules, "r.yaml")
    result = mzcheck.evaluate(rules, report)
    changed = result.model_copy(update={"results": [
        result.results[0].model_copy(update={field: value}), *result.results[1:]]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic warns of the values of other types it is asked to dump
        for some in ([changed], [result, changed, result]):
            assert render(some, Options()) == expected(to_jsonable(output_object(some))) + "\n"


def test_the_direct_writer_knows_the_result_models_fields() -> None:
    # a field added to a result model sends every report the general way (still right, but slow): teach _check
    assert _DIRECT


def test_rule_fields_equal_but_of_another_type_are_not_taken_for_each_other(rules: RuleSet) -> None:
    # the rule parts are kept by value: 1, True and Decimal(1) are equal, but print as 1, true and 1
    report = mzcheck.loads_report("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5310人, "
                                  "elderly_population: 190万人}\n", rules, "r.yaml")
    result = mzcheck.evaluate(rules, report)
    first = result.results[0]
    variants = [first.model_copy(update={"target": first.target.model_copy(update={"value": v})})
                for v in (Decimal(1), 1, True, 1.0, [Decimal(1), Decimal(2)], [1, True])]
    variants += [first.model_copy(update={"rule_id": v}) for v in (1, True)]
    changed = result.model_copy(update={"results": variants})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert render([changed], Options()) == expected(to_jsonable(output_object([changed]))) + "\n"


# ------------------------------------------------------------- texts kept across results, and numbers as text

def _each_child_rules(target: str = "1500") -> RuleSet:
    """One rule on each child unit of 杭州市, as a dense table's: its counties' results and the city's result with
    a verdict per child all come from the same rule (so from the same records of its fields)."""
    from mzcheck.testing._catalog import PLACES, indicator_entries, jurisdiction_entries

    rule = {"id": "e-1", "indicator": "nursing_beds", "comparator": ">=", "due": "2025-12-31", "scope": "each_child",
            "target": {"value": target, "unit": "张"}, "source": {"quote": "各县(市、区)不低于1500张"},
            "jurisdiction": "杭州市", "strength": "binding"}
    return RuleSet.from_data({"document": {"title": "t", "publisher": "p", "published": "2025-01-01"}, "rules": [rule]},
                             indicators=indicator_entries(["nursing_beds"]), jurisdictions=jurisdiction_entries(PLACES))


def _place_reports(rs: RuleSet, west: str, yuhang: str) -> list[CheckResult]:
    """Two counties' reports of ``west`` and ``yuhang`` beds, then their city's with the same as its children's."""
    texts = [f"jurisdiction: 西湖区\nperiod: 2025\nvalues: {{nursing_beds: '{west}'}}\n",
             f"jurisdiction: 余杭区\nperiod: 2025\nvalues: {{nursing_beds: '{yuhang}'}}\n",
             f"jurisdiction: 杭州市\nperiod: 2025\nvalues: {{}}\nchildren:\n  西湖区: {{nursing_beds: '{west}'}}\n"
             f"  余杭区: {{nursing_beds: '{yuhang}'}}\n"]
    return [mzcheck.evaluate(rs, mzcheck.loads_report(t, rs, "r.yaml")) for t in texts]


_BEDS = st.sampled_from(["1500张", "1499张", "0张", "2000.5张", "超过1500张", "很多", "-3张", "1,600 张", "0.00001张"])


@given(west=_BEDS, yuhang=_BEDS, target=st.sampled_from(["1500", "0", "1500.25"]))
def test_a_rule_decided_again_with_another_outcome_is_written_as_its_dump(west: str, yuhang: str, target: str) -> None:
    # the rule's fields are written once and kept: every result of the rule, whatever its verdict, children,
    # values used and sentences, is still its dump's text
    rs = _each_child_rules(target)
    some = _place_reports(rs, west, yuhang) + _place_reports(rs, yuhang, west)
    assert render(some, Options()) == expected(to_jsonable(output_object(some))) + "\n"
    memo: dict[Any, Any] = {}
    for result in some:
        assert "".join(_check(result, "    ", memo)) == _encode(result.model_dump(mode="python"), "    ", {})


def test_the_rule_fields_of_a_rule_decided_again_are_written_once(rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    # the texts kept are used (a test of a writer that wrote them every time would prove nothing here)
    from mzcheck.render import json as writer

    made: list[Any] = []
    original = writer._Rule

    def counted(*args: Any) -> Any:
        made.append(args)
        return original(*args)

    monkeypatch.setattr(writer, "_Rule", counted)
    rs = _each_child_rules()
    some = _place_reports(rs, "1499张", "2000张")
    assert some[0].results[0].target is some[1].results[0].target is some[2].results[0].target
    memo: dict[Any, Any] = {}
    texts = ["".join(_check(result, "    ", memo)) for result in some]
    assert len(made) == 1
    assert texts == [_encode(result.model_dump(mode="python"), "    ", {}) for result in some]


def _changes(result: CheckResult) -> list[Any]:
    """Changes in place to the records of a result's rule fields, each of which its text must follow."""
    r = result.results[0]
    return [lambda: setattr(r.target, "value", Decimal(7)), lambda: setattr(r.target, "value", True),
            lambda: setattr(r.target, "value", 1), lambda: setattr(r.target, "value", 1.0),
            lambda: setattr(r.target, "value", [Decimal(1), Decimal(2)]),
            lambda: r.target.value.__setitem__(0, Decimal(5)), lambda: r.target.value.append(Decimal(9)),
            lambda: setattr(r.target, "unit", "床"), lambda: setattr(r.source, "quote", '改"\n'),
            lambda: setattr(r.source, "published", None), lambda: setattr(r, "rule_id", "e-2"),
            lambda: setattr(r, "due", dt.date(2026, 1, 1)), lambda: setattr(r, "indicator_name", Message(zh="床", en="b")),
            lambda: setattr(r, "target_text", Message(zh="床", en="b", code="S1")), lambda: setattr(r, "kind", "each")]


def test_a_kept_text_serves_only_a_result_whose_rule_fields_are_the_same() -> None:
    rs = _each_child_rules()
    (west, *_) = _place_reports(rs, "1499张", "2000张")
    memo: dict[Any, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic warns of the values of other types it is asked to dump
        for change in [lambda: None, *_changes(west)]:
            change()
            assert "".join(_check(west, "    ", memo)) == _encode(west.model_dump(mode="python"), "    ", {})


def test_a_text_kept_under_an_id_given_again_to_another_object_is_not_taken() -> None:
    # texts are kept under the id of a result's target; once that target is freed its id may be given to another
    # object: the text found then is one of another rule, and must not serve
    first, second = (_place_reports(_each_child_rules(t), "1499张", "2000张")[0] for t in ("1500", "7"))
    memo: dict[Any, Any] = {}
    "".join(_check(first, "    ", memo))
    kept = memo.pop(id(first.results[0].target))
    memo[id(second.results[0].target)] = kept  # as if the second's target had the freed first's id
    assert "".join(_check(second, "    ", memo)) == _encode(second.model_dump(mode="python"), "    ", {})
    # and for real: rule sets made and freed one after the other, written with one memo
    memo = {}
    for target in ("1500", "1501", "7", "1500", "0"):
        result = _place_reports(_each_child_rules(target), "1499张", "2000张")[0]
        assert "".join(_check(result, "    ", memo)) == _encode(result.model_dump(mode="python"), "    ", {})
        del result


def _city_and_county() -> tuple[CheckResult, CheckResult]:
    rs = _each_child_rules()
    west, _, city = _place_reports(rs, "1499张", "2000张")
    assert city.results[0].children and west.results[0].shortfall and west.results[0].inputs
    return west, city


_ODD_PARTS: list[tuple[str, str, Any]] = [
    ("children", "jurisdiction", '西"湖\\\n'), ("children", "status", 3), ("children", "actual", None),
    ("children", "gap", {"value": 1, "unit": "张"}), ("children", "jurisdiction", "\ud800"),
    ("inputs", "cell", "Sheet1!C7"), ("inputs", "line", None), ("inputs", "file", None), ("inputs", "line", True),
    ("inputs", "raw", '1"4\x009张'), ("inputs", "section", 2), ("inputs", "file", '表"\n.csv'),
    ("shortfall", "value", 1), ("shortfall", "value", Decimal("1E+3")), ("shortfall", "value", Decimal("-0")),
    ("shortfall", "value", Decimal("0.00001")), ("shortfall", "how", None), ("shortfall", "unit", "张\t"),
    ("shortfall", "message", Message(zh="z", en="e")), ("shortfall", "indicator", None),
]


@pytest.mark.parametrize(("part", "field", "value"), _ODD_PARTS, ids=[f"{p}.{f}" for p, f, _ in _ODD_PARTS])
def test_a_record_in_a_result_changed_any_way_is_written_as_json_dumps_writes_it(part: str, field: str, value: Any) -> None:
    # the usual shapes of a child's verdict, a value used and a shortfall are spelt around kept texts; any other
    # is written field by field or from the dump
    for result in _city_and_county():
        first = result.results[0]
        records = getattr(first, part)
        if not records:
            continue
        changed = result.model_copy(update={"results": [first.model_copy(update={part: [
            records[0].model_copy(update={field: value}), *records[1:]]})]})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for some in ([changed], [result, changed, result]):
                assert render(some, Options()) == expected(to_jsonable(output_object(some))) + "\n"


_ODD_HEADS: list[tuple[str, str, Any]] = [
    ("report", "period", True), ("report", "as_of", dt.datetime(2025, 12, 31, 8)), ("report", "file", None),
    ("report", "jurisdiction", '杭"州\n'), ("report", "code", 330100), ("summary", "met", True),
    ("summary", "passed", 1), ("summary", "completion", None), ("summary", "total", 2**70),
]


@pytest.mark.parametrize(("part", "field", "value"), _ODD_HEADS, ids=[f"{p}.{f}" for p, f, _ in _ODD_HEADS])
def test_a_report_whose_head_is_changed_any_way_is_written_as_json_dumps_writes_it(part: str, field: str,
                                                                                   value: Any) -> None:
    for result in _city_and_county():
        changed = result.model_copy(update={part: getattr(result, part).model_copy(update={field: value})})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for some in ([changed], [result, changed, result]):
                assert render(some, Options()) == expected(to_jsonable(output_object(some))) + "\n"


def test_a_report_written_at_an_indentation_with_a_percent_sign_is_its_dump() -> None:
    # a report's head is a template its values are put into by %: the indentation is not part of the template
    for result in _city_and_county():
        for pad in ("%", "%s ", "  %d"):
            assert "".join(_check(result, pad, {})) == _encode(result.model_dump(mode="python"), pad, {})


_DECIMAL_TEXTS = ["0", "-0", "0.0", "-0.0", "1E+3", "1.50", "0.0001", "-0.0001", "0.00001", "0.000010", "1E-7",
                  "123456789012345", "1234567890123456", "-123456789012345", "12345678901234.5", "1234567890123.45",
                  "0.12345678901234", "0.123456789012345", "NaN", "-Infinity", "sNaN", "10.00001", "7.000"]


@given(st.decimals() | st.sampled_from(_DECIMAL_TEXTS).map(Decimal)
       | st.from_regex(r"-?\d{1,17}(\.\d{1,17})?(E[+-]?\d{1,2})?", fullmatch=True).map(Decimal))
def test_a_decimal_is_spelt_as_the_number_writer_spells_it(value: Decimal) -> None:
    # a Decimal's own text where it is the JSON number's: whole numbers, fractions of up to 15 digits not below 1e-4
    from mzcheck.render.json import _decimal, _number

    try:
        wanted = _number(value)
    except Exception as exc:  # a special value: the same error
        with pytest.raises(type(exc)):
            _decimal(value)
        return
    assert _decimal(value) == wanted
