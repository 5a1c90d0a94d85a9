"""Loading and validating target rules / 加载并校验目标规则 (stage 1: load).

``load_targets()`` reads the indicator catalog, the jurisdictions and every rule file, validates
everything and reports every problem at once with ``file:line: field: message``. Evaluation never
meets a malformed rule.
"""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mzcheck.core import yamlio
from mzcheck.core.errors import InputError, Problem
from mzcheck.core.numbers import from_python
from mzcheck.core.units import Unit, parse_unit
from mzcheck.core.yamlio import shown
from mzcheck.model.rules import Document, Indicator, Jurisdiction, Rule, RuleFileHeader
from mzcheck.model.ruleset import CompiledIndicator, CompiledRule, RuleSet

INDICATORS_FILE = "indicators.yaml"
JURISDICTIONS_FILE = "jurisdictions.yaml"


def bundled_targets() -> Path:
    """The rule set shipped with mzcheck: ``targets/`` beside the package, or inside the wheel."""
    here = Path(__file__).resolve().parents[1]  # the mzcheck package
    beside = here.parent / "targets"
    if (beside / INDICATORS_FILE).exists():
        return beside
    inside = here / "_bundled"  # where the wheel puts targets/ (pyproject.toml package-dir)
    if (inside / INDICATORS_FILE).exists():
        return inside
    raise InputError("the bundled targets/ folder is missing from this installation / 安装中缺少内置 targets/ 目录",
                     help="reinstall mzcheck, or pass --targets DIR / 请重新安装,或用 --targets 指定目录")


# Chinese beside pydantic's English for the errors users meet most.
_PYDANTIC_ZH = {
    "extra_forbidden": "未知字段",
    "missing": "缺少必填字段",
    "literal_error": "取值不在允许范围内",
    "date_from_datetime_parsing": "不是有效日期(应为 YYYY-MM-DD)",
    "date_parsing": "不是有效日期(应为 YYYY-MM-DD)",
    "date_type": "不是有效日期(应为 YYYY-MM-DD)",
    "decimal_parsing": "不是数字",
    "decimal_type": "不是数字",
    "finite_number": "不是有限数值",
    "string_type": "应为文本",
    "string_pattern_mismatch": "格式不符",
    "list_type": "应为列表",
    "dict_type": "应为映射(键: 值)",
    "model_type": "应为映射(键: 值)",
    "int_parsing": "不是整数",
    "value_error": "取值无效",
}


# the comparator words plans use (Civil Code art. 1259), for a comparator mzcheck does not know
_COMPARATOR_HELP = ("or a word as plans write it: 达到/不少于/不低于/以上 (>=), 不超过/不高于/以下 (<=), 超过/高于 (>), "
                    "低于/不足 (<) / 也可写比较词:达到、不少于、不低于、以上(>=),不超过、不高于、以下(<=),超过、高于(>),低于、不足(<)")


def pydantic_problems(exc: ValidationError, doc: yamlio.Document, base: tuple[str | int, ...]) -> list[Problem]:
    """Turn pydantic's errors into located problems: ``file:line: field: message``."""
    problems = []
    reported: set[tuple[str | int, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if isinstance(x, (str, int)) and not str(x).startswith(("tuple[", "function-")))
        loc = tuple(x for x in loc if x not in ("Decimal", "decimal", "constrained-decimal", "list[constrained-decimal]"))
        if (*base, *loc) in reported:  # a union reports every branch; the first says it best
            continue
        reported.add((*base, *loc))
        msg = str(err["msg"]).removeprefix("Value error, ")
        zh = _PYDANTIC_ZH.get(err["type"])
        got = err.get("input")
        if err["type"] not in ("missing", "extra_forbidden", "literal_error", "value_error") and (
                got is None or isinstance(got, (str, int, Decimal, dt.date))):
            msg = f"{shown(got)}: {msg}"  # say what was written: '明年年底': Input should be a valid date
        if err["type"] == "extra_forbidden":
            msg = f"unknown field {loc[-1]!r}" if loc else "unknown field"
        if err["type"] == "literal_error":
            got = err.get("input")
            msg = f"{got!r}: {msg}"
        text = f"{msg} / {zh}" if zh and zh not in msg and " / " not in msg else msg
        path = (*base, *loc)
        fld = ".".join(str(x) for x in loc) or None
        hint = _COMPARATOR_HELP if loc and loc[-1] == "comparator" and err["type"] == "literal_error" else None
        problems.append(Problem(text, file=doc.file, line=doc.line(path), field=fld, help=hint))
    return problems


def load_targets(path: str | Path | None = None) -> RuleSet:
    """Load a rule set: a folder like ``targets/`` (catalog, jurisdictions, rule files) or one rule file.

    A folder or file without its own ``indicators.yaml`` / ``jurisdictions.yaml`` uses the bundled ones.
    Raises :class:`InputError` with every problem found.
    """
    root = Path(path) if path is not None else bundled_targets()
    if not root.exists():
        raise InputError(f"no such targets folder or file / 目标规则路径不存在: {root}", file=str(root))
    folder = root if root.is_dir() else root.parent
    problems: list[Problem] = []

    ind_file = folder / INDICATORS_FILE
    if not ind_file.exists():
        ind_file = bundled_targets() / INDICATORS_FILE
    jur_file = folder / JURISDICTIONS_FILE
    if not jur_file.exists():
        jur_file = bundled_targets() / JURISDICTIONS_FILE
    indicators = _load_indicators(ind_file, problems)
    jurisdictions = _load_jurisdictions(jur_file, problems)
    if problems:
        raise InputError(problems)
    partial = RuleSet(indicators, jurisdictions, [], root=folder)

    if root.is_dir():
        rule_files = sorted(p for p in root.rglob("*.yaml")
                            if p.name not in (INDICATORS_FILE, JURISDICTIONS_FILE))
        rule_files += sorted(root.rglob("*.yml"))
    else:
        rule_files = [root]
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for f in rule_files:
        for compiled in _load_rule_file(f, partial, problems):
            where = f"{compiled.file}:{compiled.line}"
            if compiled.id in seen:
                problems.append(Problem(f"duplicate rule id {compiled.id!r} (first at {seen[compiled.id]}) / 规则编号重复",
                                        file=compiled.file, line=compiled.line, field="id"))
                continue
            seen[compiled.id] = where
            rules.append(compiled)
    if problems:
        raise InputError(problems)
    return RuleSet(indicators, jurisdictions, rules, root=folder)


def _items(doc: yamlio.Document, key: str) -> list[Any]:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(f"expected a mapping with a list under '{key}:' / 应为含“{key}:”列表的映射",
                         file=doc.file, line=doc.line(()))
    return list(data[key])


def _load_indicators(path: Path, problems: list[Problem]) -> dict[str, CompiledIndicator]:
    doc = yamlio.load(path)
    out: dict[str, CompiledIndicator] = {}
    for i, item in enumerate(_items(doc, "indicators")):
        base = ("indicators", i)
        try:
            ind = Indicator.model_validate(item)
            if ind.scale is not None:
                from_python(ind.scale)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc, base))
            continue
        except InputError as exc:
            problems.extend(exc.located(doc.file, doc.line((*base, "scale")), "scale").problems)
            continue
        if ind.id in out:
            problems.append(doc.problem((*base, "id"), f"duplicate indicator id {ind.id!r} / 指标编号重复", field="id"))
            continue
        try:
            unit = parse_unit(ind.unit)
        except InputError as exc:
            problems.extend(exc.located(doc.file, doc.line((*base, "unit")), "unit").problems)
            continue
        out[ind.id] = CompiledIndicator(ind, unit)
    for i, ind in enumerate(x.model for x in out.values()):
        if not ind.derived:
            continue
        base = ("indicators", i)
        for part in (ind.numerator, ind.denominator):
            if part not in out:
                problems.append(doc.problem((*base, "numerator"), f"unknown component indicator {part!r} / 未知的分量指标",
                                            field="numerator"))
        if ind.numerator in out and ind.denominator in out:
            num, den = out[ind.numerator].unit, out[ind.denominator].unit
            ratio = Unit(num.factor / den.factor, _divide(num.dims, den.dims), "")
            own = out[ind.id].unit
            if ratio.dims != own.dims:
                problems.append(doc.problem((*base, "unit"), f"unit {ind.unit!r} does not have the dimension of "
                                            f"{ind.numerator} / {ind.denominator} / 单位与分子/分母的量纲不符", field="unit"))
            elif ind.scale is not None and from_python(ind.scale) != ratio.factor / own.factor:
                problems.append(doc.problem((*base, "scale"), f"scale {ind.scale} disagrees with unit {ind.unit!r} "
                                            f"(expected {ratio.factor / own.factor}) / 比例系数与单位不符", field="scale"))
    return out


def _divide(a: tuple[tuple[str, int], ...], b: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    acc = dict(a)
    for name, exp in b:
        acc[name] = acc.get(name, 0) - exp
        if acc[name] == 0:
            del acc[name]
    return tuple(sorted(acc.items()))


def _load_jurisdictions(path: Path, problems: list[Problem]) -> dict[str, Jurisdiction]:
    doc = yamlio.load(path)
    out: dict[str, Jurisdiction] = {}
    for i, item in enumerate(_items(doc, "jurisdictions")):
        try:
            j = Jurisdiction.model_validate(item)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc, ("jurisdictions", i)))
            continue
        out[j.code] = j
    for i, j in enumerate(out.values()):
        if j.parent is not None and j.parent not in out:
            problems.append(doc.problem(("jurisdictions", i, "parent"), f"unknown parent code {j.parent} / 上级区划代码不存在"))
    return out


def _load_rule_file(path: Path, rs: RuleSet, problems: list[Problem]) -> list[CompiledRule]:
    try:
        doc = yamlio.load(path)
    except InputError as exc:
        problems.extend(exc.problems)
        return []
    try:
        header = RuleFileHeader.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, doc, ()))
        return []
    out = []
    for i, item in enumerate(header.rules):
        base: tuple[str | int, ...] = ("rules", i)
        if not isinstance(item, dict):
            problems.append(doc.problem(base, "a rule must be a mapping / 规则应为映射(键: 值)"))
            continue
        data = dict(item)
        if "jurisdiction" not in data and header.jurisdiction is not None:
            data["jurisdiction"] = header.jurisdiction
        src = data.get("source")
        if isinstance(src, dict):
            d = header.document
            data["source"] = {"document": d.title, "publisher": d.publisher, "published": d.published,
                              "file": d.file, **src}
        try:
            rule = Rule.model_validate(data)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc, base))
            continue
        compiled = _compile(rule, rs, doc, base, header.document, problems)
        if compiled is not None:
            out.append(compiled)
    return out


def _compile(rule: Rule, rs: RuleSet, doc: yamlio.Document, base: tuple[str | int, ...], document: Document,
             problems: list[Problem]) -> CompiledRule | None:
    before = len(problems)
    ind = rs.indicators.get(rule.indicator)
    if ind is None:
        close = difflib.get_close_matches(rule.indicator, list(rs.indicators), n=3)
        problems.append(doc.problem((*base, "indicator"), f"unknown indicator {rule.indicator!r} / 未知指标",
                                    help=f"did you mean {', '.join(close)}? / 是否应为 {'、'.join(close)}" if close else
                                    "add it to indicators.yaml / 请在 indicators.yaml 中添加", field="indicator"))
    place = rs.jurisdiction(rule.jurisdiction)
    if place is None:
        problems.append(doc.problem((*base, "jurisdiction"), f"unknown jurisdiction {rule.jurisdiction!r} / 未知行政区划",
                                    help="use a name or GB/T 2260 code from jurisdictions.yaml / 请使用 jurisdictions.yaml 中的名称或代码",
                                    field="jurisdiction"))
    try:
        unit = parse_unit(rule.target.unit) if rule.target.unit else (ind.unit if ind else parse_unit(""))
    except InputError as exc:
        problems.extend(exc.located(doc.file, doc.line((*base, "target", "unit")), "target.unit").problems)
        return None
    if ind is not None:
        _check_dimension(rule, ind, unit, rs, doc, base, problems)
    # a number pydantic accepts (1e999999999) may still be out of mzcheck's range: say where, at load time
    for where, number in [(("target", "value"), rule.target.value),
                          *((("milestones", i, "target", "value"), m.target.value) for i, m in enumerate(rule.milestones))]:
        for n in number if isinstance(number, tuple) else (number,):
            try:
                from_python(n)
            except InputError as exc:
                fld = ".".join(str(x) for x in where if isinstance(x, str))
                problems.extend(exc.located(doc.file, doc.line((*base, *where)), fld).problems)
    if len(problems) > before or ind is None or place is None:
        return None
    value = rule.target.value
    threshold: Fraction | tuple[Fraction, Fraction]
    threshold = (from_python(value[0]), from_python(value[1])) if isinstance(value, tuple) else from_python(value)
    return CompiledRule(rule, ind, place, unit, threshold, document, doc.file, doc.line(base))


def _check_dimension(rule: Rule, ind: CompiledIndicator, unit: Unit, rs: RuleSet, doc: yamlio.Document,
                     base: tuple[str | int, ...], problems: list[Problem]) -> None:
    where = (*base, "target", "unit")
    if rule.kind in ("growth", "relative"):
        if not unit.dimensionless:
            problems.append(doc.problem(where, f"a {rule.kind} target is a ratio (%, 百分点, 倍), not {unit.text!r} / "
                                        f"增长或相对目标应为比率单位", field="target.unit"))
        if rule.kind == "growth" and unit.text == "百分点" and not ind.unit.dimensionless:
            problems.append(doc.problem(where, "百分点 (percentage points) only applies to a percentage indicator / "
                                        "“百分点”只适用于百分比指标", field="target.unit"))
        if rule.reference is not None:
            ref = rs.indicators.get(rule.reference.indicator)
            if ref is None:
                problems.append(doc.problem((*base, "reference", "indicator"),
                                            f"unknown indicator {rule.reference.indicator!r} / 未知指标",
                                            field="reference.indicator"))
            elif ref.unit.dims != ind.unit.dims:
                problems.append(doc.problem((*base, "reference", "indicator"),
                                            f"{ref.id} ({ref.unit.text}) and {ind.id} ({ind.unit.text}) have different "
                                            "dimensions / 参照指标量纲不同", field="reference.indicator"))
        return
    if unit.dims != ind.unit.dims:
        problems.append(doc.problem(where, f"{rule.target.unit!r} does not measure {ind.model.name.en} "
                                    f"(unit {ind.unit.text!r}) / 单位与指标“{ind.model.name.zh}”的单位“{ind.unit.text}”量纲不同",
                                    field="target.unit"))


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)
