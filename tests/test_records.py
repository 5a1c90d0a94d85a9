"""Records built directly (mzcheck.core.records.built) equal the validated ones, field for field.

The engine builds its results without validating them again (docs/design/0024-dense-results.md). Here every
report is evaluated twice, once so and once with every result validated, and the two must agree in every
field, in the set of fields given, in the type of every value, and in their JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

import mzcheck
from mzcheck.core import records
from mzcheck.core.messages import Code, Message, Partial, Phrase
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import (
    Amount,
    CheckResult,
    ChildResult,
    Completion,
    Finding,
    Result,
    Shortfall,
    SourceOut,
    ValueRef,
)
from mzcheck.testing import ReportCase, reports, rule_sets

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BUNDLED = mzcheck.load_targets()

T = TypeVar("T")

cases = rule_sets().flatmap(lambda rs: reports(rs).map(lambda case: (rs, case)))


def shape(value: Any) -> Any:
    """Everything a record holds and how: each model's class, fields given and fields (in order), recursively;
    each value's type beside it (a Decimal is not an int, True is not 1)."""
    if isinstance(value, BaseModel):
        return (type(value).__name__, sorted(value.model_fields_set),
                [(name, shape(v)) for name, v in value.__dict__.items()],
                value.__pydantic_extra__, value.__pydantic_private__)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # a message: a slotted record
        return (type(value).__name__, [(f.name, shape(getattr(value, f.name))) for f in dataclasses.fields(value)])
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


def validating(make: Callable[[], T]) -> T:
    """What ``make`` gives with every record validated (core.records.VALIDATE), not made directly."""
    records.VALIDATE = True
    try:
        return make()
    finally:
        records.VALIDATE = False


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
    assert_same(mzcheck.evaluate(rs, report), validating(lambda: mzcheck.evaluate(rs, report)))


@pytest.mark.parametrize("place, year, said", [("杭州市", 2024, "N301"), ("杭州市", 2030, "N301"), ("舟山市", 2025, "N302")],
                         ids=["rules-other-years", "past-every-year", "no-rule-names-it"])
def test_a_report_with_nothing_due_gets_the_validated_note_and_empty_summary(place: str, year: int, said: str,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A report no rule is due for (most of a province's table under the bundled rules) has its note and its
    summary made directly: the records Finding.of and summarise([]) make, whatever fail_on and the 完成率 shown."""
    from mzcheck.core.codes import notes as N
    from mzcheck.engine.evaluate import nothing_to_check, summarise

    rs = mzcheck.load_targets()
    report = mzcheck.report_from_mapping({"jurisdiction": place, "period": year, "values": {}}, rs)
    assert_same(*both_ways(rs, report, monkeypatch))
    for fail_on in ("error", "warning", "never"):
        for shown in ("mean", "total"):
            checked = mzcheck.evaluate(rs, report, fail_on=fail_on, completion_shown=shown)
            assert checked.results == []
            assert shape(checked.summary) == shape(summarise([], fail_on, shown))
    note = nothing_to_check(rs, report)
    years = sorted({r.rule.due.year for r in rs.select(report.jurisdiction.code)})
    expected = (Finding.of(N.NO_RULES_HERE, "warning", place=place) if not years else
                Finding.of(N.NOTHING_DUE, "warning", place=place, year=year,
                           first=next((y for y in years if y >= year), years[-1]),
                           years_zh="、".join(map(str, years)), years_en=", ".join(map(str, years))))
    assert shape(note) == shape(expected)
    assert note.code == said and note is not nothing_to_check(rs, report)  # a note of its own for each report


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


texts = st.text(max_size=12)


_MESSAGES: TypeAdapter[Message] = TypeAdapter(Message)


@given(zh=texts, en=texts, code=st.none() | st.from_regex(r"\A[A-Z]\d{3}\Z"))
def test_a_message_is_written_and_read_in_its_json_shape(zh: str, en: str, code: str | None) -> None:
    """A message is a slotted record, not a model (0034); where pydantic writes or reads one (a result, a
    finding, ``model_dump``), it is ``{"zh": …, "en": …}`` with ``"code"`` only when it has one."""
    message = Message(zh=zh, en=en, code=code)
    shown = {"zh": zh, "en": en, **({"code": code} if code is not None else {})}
    assert _MESSAGES.dump_python(message, mode="json") == shown
    assert json.loads(_MESSAGES.dump_json(message)) == shown
    assert _MESSAGES.validate_python(shown) == message and _MESSAGES.validate_json(json.dumps(shown)) == message
    assert hash(message) == hash(Message(zh, en, code)) and message == Message(zh, en, code)
    assert not hasattr(message, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.zh = "改"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(message)) == message
    held = Finding(code="N101", severity="warning", message=message)
    assert held.message is message
    assert held.model_dump(mode="json")["message"] == shown
    assert Finding.model_validate_json(held.model_dump_json()) == held


@given(fields=st.fixed_dictionaries({"a": texts, "b": texts, "n": st.integers(-5, 50)}))
def test_codes_phrases_and_partials_word_their_templates(fields: dict[str, Any]) -> None:
    """Code, Phrase and Partial give the message of their templates formatted with the fields."""
    code = Code("S999", "test-only", "{a}“{b}”差{n}", "{a} '{b}' short by {n}")
    phrase = Phrase("{a}{n}", "{b} {n}")
    partial = Partial(code, a=fields["a"])
    worded = Message(zh=code.zh.format(**fields), en=code.en.format(**fields), code="S999")
    assert code(**fields) == worded and partial(b=fields["b"], n=fields["n"]) == worded
    assert phrase(**fields) == Message(zh=phrase.zh.format(**fields), en=phrase.en.format(**fields))
    assert phrase(**fields).code is None


@given(value=st.decimals(allow_nan=False, allow_infinity=False, places=6),
       formula=st.sampled_from(["actual/target", "target/actual", "added/planned", "growth/planned", "range"]))
def test_a_completion_made_directly_gets_its_default_unit_not_given(value: Decimal, formula: Any) -> None:
    made = records.maker(Completion, ("value", "formula"))(value, formula)
    validated = Completion(value=value, formula=formula)
    assert shape(made) == shape(validated) and made == validated
    assert made.model_fields_set == {"value", "formula"} and made.unit == "percent"
    assert made.model_dump_json() == validated.model_dump_json()


@given(value=st.decimals(allow_nan=False, allow_infinity=False, places=4), unit=texts,
       how=st.sampled_from(["add", "convert", "reduce"]), zh=texts, en=texts)
def test_a_shortfall_made_directly_is_the_validated_one(value: Decimal, unit: str, how: Any, zh: str, en: str) -> None:
    message = Message(zh=zh, en=en, code="S301")
    made = records.maker(Shortfall, ("indicator", "value", "unit", "how", "message"))("x", value, unit, how, message)
    validated = Shortfall(indicator="x", value=value, unit=unit, how=how, message=message)
    assert shape(made) == shape(validated) and made == validated
    assert made.model_dump_json() == validated.model_dump_json()


def test_a_maker_refuses_a_default_validation_would_copy_and_fields_out_of_order() -> None:
    with pytest.raises(TypeError):  # findings defaults to a new list each time
        records.maker(Result, ("rule_id",))
    with pytest.raises(TypeError):
        records.maker(Completion, ("formula", "value"))
    with pytest.raises(TypeError):  # formula is required
        records.maker(Completion, ("value",))


def _fixed_fields() -> dict[str, Any]:
    return {"rule_id": "r1", "indicator": "x", "indicator_name": Message(zh="床位", en="beds"), "strength": "binding",
            "kind": "level", "comparator": ">=", "due": dt.date(2025, 12, 31),
            "target": Amount(value=Decimal(1500), unit="bed"), "target_text": Message(zh="不低于1500张", en="at least 1500"),
            "source": SourceOut(document=None, quote="不低于1500张")}


GIVEN = ("status", "severity", "actual", "gap", "shortfall", "message", "findings", "completion", "inputs")


@given(actual=st.integers(0, 3000), met=st.booleans(), completion=st.booleans(), refs=st.integers(0, 2))
def test_records_filled_from_a_rules_fields_are_the_validated_ones(actual: int, met: bool, completion: bool,
                                                                  refs: int) -> None:
    fixed = _fixed_fields()
    make = records.Filled(Result, fixed, GIVEN)

    def values() -> tuple[Any, ...]:  # each record its own lists, as the engine gives them
        return ("met" if met else "not_met", "ok" if met else "error", Amount(value=Decimal(actual), unit="bed"),
                Amount(value=Decimal(actual - 1500), unit="bed"), [],
                Message(zh=f"{actual}张", en=f"{actual}", code="S101"),
                [Finding(code="W112", severity="warning", message=Message(zh="a", en="b"))] if not met else [],
                Completion(value=Decimal(actual) / 15, formula="actual/target") if completion else None,
                [ValueRef(indicator="x", section="values", raw=str(actual), line=i) for i in range(refs)])

    made, again = make(*values()), make(*values())
    validated = Result(**fixed, **dict(zip(GIVEN, values(), strict=True)))
    assert shape(made) == shape(validated) and made == validated
    assert made.model_dump_json(indent=2) == validated.model_dump_json(indent=2)
    assert made.children is not again.children and made.trajectory is not again.trajectory  # lists of their own
    assert made.target is fixed["target"]  # the rule's fields are shared, as a dict spread into built shares them
    assert shape(validating(lambda: make(*values()))) == shape(validated)
    assert shape(pickle.loads(pickle.dumps(make))(*values())) == shape(validated)  # kept with a rule, it pickles


def test_filled_refuses_fields_given_twice_unknown_or_left_out() -> None:
    fixed = _fixed_fields()
    with pytest.raises(TypeError):
        records.Filled(Result, fixed, ("rule_id", *GIVEN))
    with pytest.raises(TypeError):
        records.Filled(Result, fixed, (*GIVEN, "colour"))
    with pytest.raises(TypeError):  # status is required
        records.Filled(Result, fixed, GIVEN[1:])


def test_sets_of_the_fields_given_are_shared_only_where_nothing_changes_them() -> None:
    # a result (not frozen: setting a field adds to its set) has a set of its own, and the rules filled with the
    # same fields share the one set their results' sets are copied from
    first, second = records.Filled(Result, _fixed_fields(), GIVEN), records.Filled(Result, _fixed_fields(), GIVEN)
    assert first.fields_set is second.fields_set
    values = ("met", "ok", None, None, [], Message(zh="a", en="b"), [], None, [])
    a, b = first(*values), second(*values)
    assert a.model_fields_set == b.model_fields_set == set(GIVEN) | _fixed_fields().keys()
    assert a.__pydantic_fields_set__ is not b.__pydantic_fields_set__
    a.status = "not_met"  # a result is not frozen: its set is its own to change
    assert b.model_fields_set == set(GIVEN) | _fixed_fields().keys()


# ------------------------------------------------------------------------------------ one record for equal rules


def test_rules_of_one_source_share_its_records_in_their_results() -> None:
    # a province's each-county rules share a few sources, indicator names and target sentences: one record each
    # for all of them (what a forked process keeps per rule is that much smaller), a target amount each (the
    # JSON writer keeps a rule's texts under it), and the results are those of records made apart
    from mzcheck.engine import evaluate as engine
    from mzcheck.load.bundled import bundled_targets

    rules = mzcheck.load_targets(bundled_targets())
    report = mzcheck.load_report(Path(__file__).parent.parent / "examples" / "cixi-2024.yaml", rules)[0]
    check = mzcheck.evaluate(rules, report)
    by_source: dict[tuple[Any, ...], set[int]] = {}
    for r in check.results:
        by_source.setdefault(tuple(r.source.model_dump().values()), set()).add(id(r.source))
    assert len(check.results) > len(by_source) and all(len(ids) == 1 for ids in by_source.values())
    assert len({id(r.target) for r in check.results}) == len(check.results)
    apart, kept = engine._one, engine._kept
    try:
        engine._one = lambda record: record
        engine._kept = lambda _kept, _key, _owner, make: make()  # kept by what makes them: made apart too
        for rule in rules.rules:
            rule.derived.clear()
        again = mzcheck.evaluate(rules, report)
    finally:
        engine._one, engine._kept = apart, kept
        for rule in rules.rules:
            rule.derived.clear()
    assert again == check and again.model_dump_json() == check.model_dump_json()
    assert len({id(r.source) for r in again.results}) == len(again.results)


def test_records_kept_as_one_are_equal_as_written() -> None:
    # equal values written differently (1500 and 1.5E+3), or the same values with other fields given, are two
    from mzcheck.engine import evaluate as engine

    engine._ONE.clear()
    a = engine._one(Amount(value=Decimal("1500"), unit="张"))
    assert engine._one(Amount(value=Decimal("1500"), unit="张")) is a
    assert engine._one(Amount(value=Decimal("1.5E+3"), unit="张")) is not a
    assert engine._one(Message(zh="甲", en="a")) is engine._one(Message(zh="甲", en="a"))
    given = engine._one(SourceOut(document="d", quote="q", publisher=None))
    assert engine._one(SourceOut(document="d", quote="q")) is not given
    for k in range(9000):  # bounded: at most 8,192 kept
        engine._one(Message(zh=str(k), en=str(k)))
    assert len(engine._ONE) <= 8192


TABLE_ROWS = """地区,年度,指标,数值,单位,类别,下级地区
慈溪市,2025,certified_carers,5310,,,
慈溪市,2025,nursing_bed_share,78,%,,
慈溪市,2025,elderly_population,30.5,万人,2024,
慈溪市,2025,elderly_population,31,万人,,
慈溪市,2025,centralized_care_institutions,2,个,,
杭州市,2025,centralized_care_institutions,3,,,西湖区
杭州市,2025,certified_carers,十,,,
"""


@pytest.mark.parametrize("plain", [False, True], ids=["rows of a table", "plain rows"])
def test_a_tables_reports_made_directly_are_the_validated_ones(tmp_path: Path, plain: bool) -> None:
    # the reports a table's rows are gathered into (mzcheck.read.rows.Grouper.report): values, their history,
    # children, an unreadable value, by the general path of a table read whole, or the plain rows of a big file
    from mzcheck.read.rows import Grouper
    from mzcheck.read.table import read_table

    path = tmp_path / "t.csv"
    path.write_text(TABLE_ROWS, encoding="utf-8")

    def made() -> list[Any]:
        g = Grouper(BUNDLED, str(path), keep_all=True)
        for line, row in enumerate(TABLE_ROWS.splitlines()[1:], 2):
            fields = row.split(",")
            if plain and not any(fields[5:]):
                g.add_plain(line, *fields[:4], fields[4] or None)
        for row in read_table(path, BUNDLED).rows if not plain else ():
            g.add_row(row)
        return [g.report(b) for b in g.good()]  # type: ignore[arg-type]

    direct, validated = made(), validating(made)
    assert len(direct) == 2 and [shape(r) for r in direct] == [shape(r) for r in validated] and direct == validated
    assert [r.model_dump_json() for r in direct] == [r.model_dump_json() for r in validated]
    assert direct[0].history if not plain else direct[0].values


_STATUS = st.sampled_from(["met", "not_met", "missing", "invalid", "on_track", "behind", "not_due", "waived"])


@given(st.lists(st.tuples(_STATUS, st.sampled_from(["error", "warning", "ok"]), st.booleans()), max_size=12),
       st.sampled_from(["error", "warning", "never"]))
def test_a_summary_is_the_record_validation_makes(verdicts: list[tuple[str, str, bool]], fail_on: str) -> None:
    # a report's summary is set directly, by a maker for the statuses counted in the order first met: the same
    # record as Summary(**counts, …) validated, its fields given the same (the counts present, then the rest)
    from mzcheck.engine import evaluate as engine
    from mzcheck.model.results import Summary, failing

    made = engine._summary(iter(verdicts), fail_on, None)  # type: ignore[arg-type]
    counts: dict[str, int] = {}
    for status, _, _ in verdicts:
        counts[status] = counts.get(status, 0) + 1
    validated = Summary(**counts, total=len(verdicts), errors=sum(sev == "error" for _, sev, _ in verdicts),
                        warnings=sum(sev == "warning" or warned for _, sev, warned in verdicts),
                        passed=not any(failing(s, sev, w, fail_on) for s, sev, w in verdicts),  # type: ignore[arg-type]
                        completion=None)
    assert made == validated and made.model_dump() == validated.model_dump()
    assert made.model_fields_set == validated.model_fields_set
