"""Fuzzing every parser: whatever the input, only mzcheck's own errors escape, and they say where.

Random bytes and text, and random YAML shaped like reports and rules, go to report loading (YAML, JSON,
CSV and .xlsx), random Python data to the mapping reader, rule-file loading, and the unit and number parsers. Anything but an
:class:`mzcheck.errors.MzcheckError` is a bug; so is an error that does not name the file it is about.
A report that loads must also evaluate and render without raising anything at all.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import mzcheck
from mzcheck.core.errors import MzcheckError
from mzcheck.core.numbers import from_python, parse_decimal
from mzcheck.core.units import parse_quantity, parse_unit
from mzcheck.load.rules import load_targets
from mzcheck.read.formats import load_report, loads_report, report_from_mapping
from mzcheck.read.report import REPORT_KEYS
from mzcheck.render import Options, writer

FIXTURES = Path(__file__).parent / "fixtures" / "targets"
RULES = load_targets(FIXTURES, bundled=False)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's writer: the pure one dominates the run time


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One folder for the whole module: hypothesis runs many examples per test, a tmp_path each is too slow."""
    folder = Path(tempfile.mkdtemp(prefix="mzcheck-fuzz-"))
    for name in ("indicators.yaml", "jurisdictions.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def only_mzcheck_errors(call: Callable[[], Any], file: str | None = None) -> Any:
    """Run ``call``; an MzcheckError is fine when it has a message (naming ``file``), anything else fails."""
    try:
        return call()
    except MzcheckError as exc:
        message = str(exc)
        assert message.strip(), "an error without a message"
        if file is not None:
            assert file in message, f"the error does not name the file: {message}"
        return None


def evaluates_and_renders(report: mzcheck.Report) -> None:
    check = mzcheck.evaluate(RULES, report)
    for name in ("text", "json"):
        assert writer(name)([check], Options(lang="en"))


# --------------------------------------------------------------------------------- reports

# text that is sometimes YAML-ish: keys, colons, brackets, numbers, units, Chinese
yamlish = st.text(st.sampled_from(list("jurisdiction:period values{}[],-\n 0123456789.%‰万亿人张元/杭州市慈溪'\"&*!#|>?~\t")),
                  max_size=200)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=20), st.sampled_from(["78%", "190.5万人", "2025", "杭州市", "超过19", ".nan",
                                                          "1e400", "-5", "０.７８", "2100/2625", "5 foo"]))
keys = st.one_of(st.sampled_from(sorted(REPORT_KEYS)), st.sampled_from(sorted(RULES.indicators)),
                 st.sampled_from(["杭州市", "2024", "西湖区", "每万名老年人拥有持证护理员"]), st.text(max_size=8))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
                         max_leaves=25)
report_shaped = st.fixed_dictionaries(
    {"jurisdiction": st.sampled_from(["杭州市", "慈溪市", "330100", "嵊州"]) | scalars,
     "period": st.sampled_from([2024, 2025, "2025年"]) | scalars},
    optional={"values": st.dictionaries(keys, documents, max_size=6), "history": documents,
              "children": st.dictionaries(keys, documents, max_size=3), "added": documents, "as_of": scalars})


@given(raw=st.binary(max_size=400),
       suffix=st.sampled_from([".yaml", ".json", ".csv", ".xlsx", ".tsv", ".xls", ".et", ".ods", ".numbers"]))
def test_random_bytes_as_a_report_file(scratch: Path, raw: bytes, suffix: str) -> None:
    path = scratch / f"report{suffix}"
    path.write_bytes(raw)
    only_mzcheck_errors(lambda: load_report(path, RULES), str(path))


@given(text=st.text(max_size=300) | yamlish, suffix=st.sampled_from([".yaml", ".json", ".csv"]))
def test_random_text_as_a_report_file(scratch: Path, text: str, suffix: str) -> None:
    path = scratch / f"text{suffix}"
    path.write_text(text, encoding="utf-8")
    reports = only_mzcheck_errors(lambda: load_report(path, RULES), str(path))
    for report in reports or []:
        evaluates_and_renders(report)


@given(data=report_shaped | documents)
def test_report_shaped_yaml_loads_or_says_why_and_then_evaluates(data: Any) -> None:
    text = dump(data)
    report = only_mzcheck_errors(lambda: loads_report(text, RULES, "fuzz.yaml"), "fuzz.yaml")
    if report is not None:
        evaluates_and_renders(report)


python_scalars = scalars | st.fractions() | st.decimals() | st.dates() | st.datetimes() | st.complex_numbers()
python_documents = st.recursive(python_scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner)
                                | st.dictionaries(keys | st.integers(1949, 2030), inner, max_size=5), max_leaves=25)


@given(data=st.fixed_dictionaries(
    {"jurisdiction": st.sampled_from(["杭州市", 330100, 330100.0]) | python_scalars,
     "period": st.sampled_from([2025, 2025.0, "2025 年"]) | python_scalars},
    optional={"values": st.dictionaries(keys, python_documents, max_size=6), "history": python_documents,
              "children": st.dictionaries(keys, python_documents, max_size=3), "as_of": python_scalars})
    | python_documents)
def test_python_data_reads_as_a_report_or_says_why(data: Any) -> None:
    report = only_mzcheck_errors(lambda: report_from_mapping(data, RULES, "<fuzz>"), "<fuzz>")
    if report is not None:
        evaluates_and_renders(report)


@given(rows=st.lists(st.lists(st.one_of(scalars.map(str), st.sampled_from(
    ["杭州市", "2025", "certified_carers", "elderly_population", "5310", "190.5万", "人", "%", "地区", "年度", "指标",
     "数值", "单位", "jurisdiction", "period", "elderly_population(万人)", ""])), min_size=0, max_size=7), max_size=6),
    header=st.sampled_from(["jurisdiction,period,indicator,value,unit", "地区,年度,指标,数值,单位", "", "a,b",
                            "地区,年度,certified_carers,elderly_population(万人)",  # the wide layout
                            "地区代码,地区,统计年度,指标名称,本年实际\ncode,jurisdiction,period,indicator,value"]))
def test_csv_shaped_reports(scratch: Path, rows: list[list[str]], header: str) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = scratch / "table.csv"
    path.write_text(f"{header}\n{buffer.getvalue()}" if header else buffer.getvalue(), encoding="utf-8")
    for report in only_mzcheck_errors(lambda: load_report(path, RULES), str(path)) or []:
        evaluates_and_renders(report)


# --------------------------------------------------------------------------------- rule files

rule_fields = st.fixed_dictionaries(
    {"id": st.sampled_from(["r1", "R 1", "", "r-2"]) | st.text(max_size=6),
     "indicator": st.sampled_from(sorted(RULES.indicators)) | st.text(max_size=8),
     "comparator": st.sampled_from([">=", "达到", "超过", "between", "about", "≥"]) | scalars,
     "target": st.sampled_from(["28人/万名老年人", "80%", "0.29亿元", "1e999999999人", "2-3个", "5 ☃"]) | documents,
     "due": st.sampled_from(["2025-12-31", "2025-02-30", "2025", "明年"]) | scalars,
     "source": st.fixed_dictionaries({"quote": st.text(max_size=10)}) | documents},
    optional={"kind": st.sampled_from(["level", "range", "each", "increment", "maintain", "growth", "relative", "x"]),
              "reference": documents, "jurisdiction": st.sampled_from(["杭州市", "火星市", "330100"]) | scalars,
              "milestones": documents, "baseline": scalars, "start": scalars, "scope": scalars})


@given(rules=st.lists(rule_fields | documents, max_size=4), header=st.booleans())
def test_rule_shaped_yaml_loads_or_says_why(scratch: Path, rules: list[Any], header: bool) -> None:
    data: Any = {"document": {"title": "规划", "publisher": "局", "published": "2025-01-01"}, "jurisdiction": "杭州市",
                 "rules": rules} if header else rules
    path = scratch / "rules.yaml"
    path.write_text(dump(data), encoding="utf-8")
    only_mzcheck_errors(lambda: load_targets(path, bundled=False), str(path))


@given(raw=st.binary(max_size=300) | yamlish.map(lambda t: t.encode("utf-8")),
       name=st.sampled_from(["rules.yaml", "indicators.yaml", "jurisdictions.yaml"]))
def test_random_bytes_as_a_rule_catalog_or_jurisdiction_file(raw: bytes, name: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="mzcheck-fuzz-targets-"))
    try:
        for fixture in ("indicators.yaml", "jurisdictions.yaml"):
            shutil.copy(FIXTURES / fixture, folder / fixture)
        (folder / name).write_bytes(raw)
        only_mzcheck_errors(lambda: load_targets(folder, bundled=False), str(folder / name))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------------- units and numbers

unitish = st.text(st.sampled_from(list("0123456789.,eE+-*/^()% ‰万亿千百十人张元家户次/每名老年percntyuabdsm_１２％．·月年日")),
                  max_size=30)


@given(text=st.text(max_size=40) | unitish)
def test_unit_and_quantity_text(text: str) -> None:
    unit = only_mzcheck_errors(lambda: parse_unit(text))
    if unit is not None:
        assert unit.factor > 0  # a unit is a positive amount of its dimension
    only_mzcheck_errors(lambda: parse_quantity(text))
    only_mzcheck_errors(lambda: parse_quantity(text, default_unit=parse_unit("%")))


@given(text=st.text(max_size=40) | unitish)
def test_number_text(text: str) -> None:
    only_mzcheck_errors(lambda: parse_decimal(text))


@given(value=st.one_of(st.floats(), st.decimals(), st.integers(), st.booleans(), st.none(), st.text(max_size=20),
                       st.integers(-10**5000, 10**5000), st.fractions()))
def test_python_values_as_numbers(value: Any) -> None:
    only_mzcheck_errors(lambda: from_python(value))


# --------------------------------------------------------------------------------- values as written

BUNDLED = mzcheck.load_targets()
# one indicator of each way a value is read: a count, a percentage, money a month and a year, yes/no
VALUE_KINDS = ["certified_carers", "nursing_bed_share", "subsistence_allowance_standard", "urban_consumption_per_capita",
               "cixi_elderly_care_college_established"]
valueish = st.text(st.sampled_from(list("0123456789.万元人/·月年日每户是否已未完成✓✗yesno%％ ")), max_size=16)


@given(indicator=st.sampled_from(VALUE_KINDS), value=valueish | st.text(max_size=12) | scalars)
def test_any_value_of_any_kind_of_indicator_is_read_or_kept_with_its_reason(indicator: str, value: Any) -> None:
    from mzcheck.read.fields import read_value

    got = read_value(indicator, value, BUNDLED, "fuzz.yaml", 3)
    assert (got.value is None) != (got.error is None)  # a quantity, or the reason there is none
    if got.error is not None:
        assert got.error.code and "fuzz.yaml:3" in got.error.en
    for note in got.notes:
        assert note.code in ("N701", "N702") and note.message.zh and note.message.en


full_widthish = st.text(st.sampled_from(list("：，\u3000: ,-#|>'\"[]{}\nabc持证5310年")), max_size=120)


@given(text=full_widthish | st.text(max_size=80))
def test_full_width_punctuation_in_yaml_is_read_or_named(text: str) -> None:
    from mzcheck.core.yamlio import half_width, loads

    fixed = only_mzcheck_errors(lambda: half_width(text, "fuzz.yaml"), "fuzz.yaml")
    if fixed is not None:
        assert fixed.count("\n") == text.count("\n")  # line numbers still point into the file as written
    only_mzcheck_errors(lambda: loads(text, "fuzz.yaml"), "fuzz.yaml")


@given(number_format=st.text(max_size=20) | st.sampled_from(['0%', '0.00"%"', '0.0\\%', 'General', '"%"0%']))
def test_any_excel_number_format_says_what_a_percent_cell_holds(number_format: str) -> None:
    from mzcheck.read.rows import percent_format

    kind = percent_format(number_format)
    assert kind in (None, "fraction", "number")
    assert (kind is None) == ("%" not in number_format)


# ------------------------------------------------------------------------------ workbooks under a memory cap

MEMORY_CAP = 500 * 2**20  # bytes of address space for the whole process: Python, openpyxl, mzcheck and the workbook


def test_workbooks_of_any_structure_are_read_or_refused_within_500_mb(tmp_path: Path) -> None:
    """tests/xlsx_fuzz.py's property in a process whose address space is capped (resource.setrlimit): a workbook
    that made openpyxl build the cells it declares would die there of MemoryError, which the property fails on."""
    resource = pytest.importorskip("resource", reason="needs resource.setrlimit (POSIX)")
    import os
    import subprocess
    import sys

    here = Path(__file__).parent
    child = ("import resource, sys\n"
             f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))\n"
             f"sys.path.insert(0, {str(here)!r})\n"
             "import conftest  # the hypothesis profile of this run (HYPOTHESIS_PROFILE)\n"
             "import xlsx_fuzz\n"
             "xlsx_fuzz.workbooks_are_read_or_refused()\n")
    assert resource.RLIMIT_AS
    last = tmp_path / "last-example.txt"  # the child writes each example there before reading it
    env = {k: v for k, v in os.environ.items() if k != "MZCHECK_DEBUG"} | {"MZCHECK_FUZZ_LAST": str(last)}
    proc = subprocess.run([sys.executable, "-c", child], cwd=here.parent, capture_output=True, text=True, env=env,
                          timeout=3600)
    drawn = last.read_text() if last.exists() else "(none)"
    assert proc.returncode == 0, f"{proc.stderr[:2000]}\n…\n{proc.stderr[-6000:]}\nthe last example drawn: {drawn}"
