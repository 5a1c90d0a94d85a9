"""JSON Schema for rule, report and waivers files, and for the results / JSON Schema (``mzcheck schema``).

An editor with a YAML language server validates and completes a file as it is typed. The rule schema
comes from the pydantic models the loader validates with (:class:`mzcheck.models.Rule` …), widened
where the loader accepts a short form (``target: 80%``, ``comparator: 不低于``). The report schema
comes from :class:`ReportFile` below, with the catalog's indicators listed (names and unit in each
description) so the editor offers them; Chinese names and aliases stay allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from mzcheck.load.ruleset import RuleSet
from mzcheck.model.results import CheckResult
from mzcheck.model.rules import COMPARATOR_WORDS, Document, Rule
from mzcheck.model.waivers import WaiverFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# the text of a date as mzcheck.read.fields.read_date reads it (JSON can only write a date as text)
DATE_TEXT = r"^\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*$"

class ValueWithUnit(BaseModel):
    """``{value: 78, unit: percent}``."""

    model_config = ConfigDict(extra="forbid")
    value: int | float | str  # int first: 5310 stays 5310 when the model is read back (report_from_mapping)
    unit: str | None = None
    note: str | None = None


ReportedValue = int | float | str | ValueWithUnit
ValueMap = dict[str, ReportedValue]


class ReportFile(BaseModel):
    """A report file (YAML or JSON) as :func:`mzcheck.report.parse_report` reads it / 报表文件."""

    model_config = ConfigDict(extra="forbid", title="mzcheck report / 民政指标报表")
    jurisdiction: str | int = Field(description="name or GB/T 2260 code / 地区名称或行政区划代码")
    period: int | str = Field(description="the year the values are for / 数值所属年度")
    as_of: dt.date | Annotated[str, StringConstraints(pattern=DATE_TEXT)] | None = Field(
        None, description="date the values are as of (default: end of period): 2025-06-30, 2025/6/30, 2025.6.30, "
                          "2025年6月30日 / 统计截至日期")
    target_year: int | None = Field(None, description="check against the targets due in this year / 对照年度")
    values: ValueMap = Field(default_factory=dict, description="indicator → value / 指标: 数值")
    history: dict[str, ValueMap] = Field(default_factory=dict, description="earlier years' values / 往年数值")
    children: dict[str, ValueMap] = Field(default_factory=dict, description="values per child unit / 各下级地区数值")
    added: ValueMap = Field(default_factory=dict, description="amounts added during the period / 本期新增量")
    source: str | None = Field(None, description="where the values come from / 数据来源")
    note: str | None = None


class RuleFile(BaseModel):
    """A rule file under targets/ / 规则文件."""

    model_config = ConfigDict(extra="forbid", title="mzcheck rule file / 目标规则文件")
    document: Document
    jurisdiction: str | int | None = None
    rules: list[Rule]


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file, from the models the loader uses."""
    schema = RuleFile.model_json_schema(mode="validation")
    defs = schema["$defs"]
    rule = defs["Rule"]["properties"]
    words = sorted(set(COMPARATOR_WORDS) | set(COMPARATOR_WORDS.values()))
    rule["comparator"] = {"description": "比较符:符号或民法典第1259条的用词 / comparator: symbol or word",
                          "enum": words, "type": "string"}
    # The loader takes `target: 80%` or `target: 28` as well as {value, unit}; Rule's own validator says so.
    rule["target"] = {"anyOf": [{"$ref": "#/$defs/Target"}, {"type": "number"},
                                {"type": "string", "pattern": r"^\s*[+-]?\d+(\.\d+)?\s*([-~～至到]\s*\d+(\.\d+)?)?\s*.*$"}]}
    rule["jurisdiction"] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    required = defs["Rule"].get("required", [])
    for key in ("comparator", "jurisdiction"):  # a range may omit comparator; the file may set jurisdiction
        if key in required:
            required.remove(key)
    _dates_as_strings(schema)
    return {"$schema": SCHEMA_DIALECT, **schema}


def report_schema(rules: RuleSet | None = None) -> dict[str, Any]:
    """The JSON Schema of a report file; with a rule set, its indicator ids are offered by name."""
    schema = ReportFile.model_json_schema(mode="validation")
    if rules is not None:
        value_ref = {"$ref": "#/$defs/ReportedValue"}
        schema["$defs"]["ReportedValue"] = {"anyOf": [{"type": "number"}, {"type": "string"},
                                                      {"$ref": "#/$defs/ValueWithUnit"}]}
        props = {}
        for ind in rules.indicators.values():
            m = ind.model
            props[m.id] = {**value_ref, "description": f"{m.name.zh} / {m.name.en} [{m.unit}]"}
        value_map = {"type": "object", "properties": props, "additionalProperties": value_ref,
                     "description": "indicator id, Chinese name or alias → value / 指标编号、中文名或别名: 数值"}
        schema["$defs"]["ValueMap"] = value_map
        ref = {"$ref": "#/$defs/ValueMap"}
        p = schema["properties"]
        p["values"] = {**ref, "description": p["values"]["description"]}
        p["added"] = {**ref, "description": p["added"]["description"]}
        for key in ("history", "children"):
            p[key] = {"type": "object", "additionalProperties": ref, "description": p[key]["description"]}
        p["jurisdiction"]["examples"] = [j.name for j in rules.jurisdictions.declared.values()]
    _dates_as_strings(schema)
    return {"$schema": SCHEMA_DIALECT, **schema}


def waivers_schema() -> dict[str, Any]:
    """The JSON Schema of a waivers file (``--waivers FILE``)."""
    schema = WaiverFile.model_json_schema(mode="validation")
    schema["title"] = "mzcheck waivers / 豁免文件"
    waiver = schema["$defs"]["Waiver"]["properties"]
    waiver["reason"] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Name"}],
                        "description": "why, in one text or {zh, en} / 豁免理由"}
    waiver["jurisdiction"] = {"anyOf": [{"type": "string"}, {"type": "integer"}],
                              "description": "name or GB/T 2260 code / 地区名称或行政区划代码"}
    _dates_as_strings(schema)
    return {"$schema": SCHEMA_DIALECT, **schema}


def results_schema() -> dict[str, Any]:
    """The JSON Schema of one report object of ``mzcheck check --format json`` (statuses include ``waived``)."""
    schema = CheckResult.model_json_schema(mode="serialization")
    schema["title"] = "mzcheck check result / 检查结果"
    schema["$defs"]["Message"] = {"type": "object", "required": ["zh", "en"], "additionalProperties": False,
                                  "properties": {"zh": {"type": "string"}, "en": {"type": "string"},
                                                 "code": {"type": "string"}}}
    return {"$schema": SCHEMA_DIALECT, **schema}


def _dates_as_strings(node: Any) -> None:
    """YAML's unquoted 2025-12-31 is a date to the loader and text to an editor: both are fine."""
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            node.pop("format")
            node["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
        for v in node.values():
            _dates_as_strings(v)
    elif isinstance(node, list):
        for v in node:
            _dates_as_strings(v)
