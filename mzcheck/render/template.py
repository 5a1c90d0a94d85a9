"""Fill-in report templates / 填报模板 (``mzcheck template``).

From the rules that apply to a jurisdiction in a year, the list of what a report must give: each rule's
indicator (and, for a derived indicator, its components), in the place the rule reads it (``values``,
``added`` for an increment, ``history`` for a baseline, one row per child unit for an ``each`` rule),
with its Chinese and English names, its unit and the target beside it as a hint. The same list is
written as commented YAML or as an .xlsx sheet; both are read back by ``mzcheck check`` unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from mzcheck.core.codes import output as O
from mzcheck.core.errors import InputError
from mzcheck.core.files import check_output, write_output
from mzcheck.core.messages import Message, Phrase
from mzcheck.core.wording import target_text
from mzcheck.kinds import KINDS
from mzcheck.kinds.base import with_components
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.compiled import CompiledIndicator, CompiledRule
from mzcheck.model.rules import Jurisdiction

_YEARS = Phrase("有目标的年度:{years_zh}", "years with targets: {years_en}")
_NO_RULES = Phrase("没有该地区的规则", "no rule names this jurisdiction")
_PER_CHILD = Phrase("{hint_zh}(每个下级地区一行,在“下级地区”列填写名称)", "{hint_en} (one row per child unit, named in the child column)")
EXTRA_ROWS = 200  # empty, editable rows below the template for values the rules do not ask for


@dataclass
class Entry:
    """One value to fill in: where it goes, what it is, and which targets need it."""

    indicator: CompiledIndicator
    section: str = ""  # "" = values, "added", or a year for history
    child: str = ""
    per_child: bool = False  # for an each rule: one such value per child unit
    hints: list[Message] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)


@dataclass
class Template:
    place: Jurisdiction
    year: int
    entries: list[Entry]


def build_template(rules: RuleSet, jurisdiction: str, year: int) -> Template:
    """What a report for ``jurisdiction`` must give to be checked against the targets due in ``year``."""
    place = rules.resolve(jurisdiction)
    selected = rules.select(place.code, year)
    if not selected:
        years = sorted({r.rule.due.year for r in rules.select(place.code)})
        raise InputError.of(O.NOTHING_DUE, place=place.name, year=year,
                            help=_YEARS(years_zh="、".join(map(str, years)), years_en=", ".join(map(str, years)))
                            if years else _NO_RULES())
    entries: dict[tuple[str, str, str, bool], Entry] = {}

    def need(ind: CompiledIndicator, hint: Message, rule_id: str, section: str = "", child: str = "",
             per_child: bool = False) -> None:
        key = (section, child, ind.id, per_child or bool(child))
        entry = entries.setdefault(key, Entry(ind, section, child, per_child or bool(child)))
        if hint not in entry.hints:
            entry.hints.append(hint)
        if rule_id not in entry.rule_ids:
            entry.rule_ids.append(rule_id)

    for rule in selected:
        r = rule.rule
        hint = target_hint(rules, rule)
        needs = KINDS[r.kind].needs(rule, year, rules.indicators)
        if r.scope == "each_child" and rule.jurisdiction.code == place.code:
            children = rules.children(place.code)
            own = [n for n in needs if n.section == ""] or with_components(rule.indicator, rules.indicators)
            for child in children:  # a child unit's rows take current values only
                for n in own:
                    need(n.indicator, n.hint(hint) if n.hint else hint, r.id, child=child.name)
            if not children:  # the catalog lists no child units: one row to copy per child
                need(rule.indicator, _PER_CHILD(hint_zh=hint.zh, hint_en=hint.en), r.id, per_child=True)
            continue
        for n in needs:
            need(n.indicator, n.hint(hint) if n.hint else hint, r.id, section=n.section)
    order = {"": 0, "added": 1}
    ordered = sorted(entries.values(), key=lambda e: (e.per_child, order.get(e.section, 2), e.section, e.child))
    return Template(place, year, ordered)


def target_hint(rules: RuleSet, rule: CompiledRule) -> Message:
    """The target as a reader states it, with its scope, strength and due date:
    ``新增不低于800张(截至2025-12-31)`` / ``added: at least 800 by 2025-12-31``."""
    r = rule.rule
    t = target_text(rule.threshold, rule.target_unit.text)
    stated = KINDS[r.kind].phrase(rule, t, rules.indicators)
    zh, en = stated.zh, stated.en
    if r.scope == "each_child":
        zh, en = f"每个下级单位{zh}", f"each child unit: {en}"
    if r.strength == "aspirational":
        zh, en = f"力争{zh}", f"{en} (aspirational)"
    return Message(zh=f"{zh}(截至{r.due})", en=f"{en} by {r.due}")


def write_template(template: Template, fmt: str, output: str | None, force: bool = False,
                   reads: Sequence[str | Path] = ()) -> str | None:
    """Write the template; YAML without ``output`` is returned as text for stdout. The file is written whole
    or not at all, and never onto one of ``reads`` (the rule files of the run), even with ``force``."""
    if output is None:
        if fmt != "yaml":
            raise InputError.of(O.XLSX_NEEDS_OUTPUT)
        return render_yaml(template)
    path = Path(output)
    check_output(path, reads)
    if path.exists() and not force:
        raise InputError.of(O.OUTPUT_EXISTS, file=output)
    if fmt == "xlsx":
        if path.suffix.lower() != ".xlsx":
            raise InputError.of(O.XLSX_SUFFIX, file=output)
        data = io.BytesIO()
        write_xlsx(template, data)
        write_output(path, data.getvalue(), reads, replace=force)
    else:
        write_output(path, render_yaml(template), reads, replace=force)
    return None


# ----------------------------------------------------------------------------------------- YAML


def _comment(entry: Entry, indent: str) -> list[str]:
    m = entry.indicator.model
    lines = [f"{indent}# {m.name.zh} / {m.name.en} [{m.unit}]"]
    for h in entry.hints:
        lines.append(f"{indent}#   {h.zh} / {h.en}")
    lines.append(f"{indent}#   ({', '.join(entry.rule_ids)})")
    return lines


def render_yaml(template: Template) -> str:
    """The template as YAML: each value to fill after its colon, names and targets in comments."""
    place, year = template.place, template.year
    out = [
        f"# mzcheck 填报模板:{place.name} {year}年到期的目标 / report template: {place.en}, targets due in {year}",
        "# 在冒号后填写数值,可带单位(如 190.5万人、78%),不带单位即按注释中的单位;无法填报的行请删除。",
        "# Fill in each value after its colon, with a unit if you like (190.5万人, 78%; without one, the unit in",
        "# the comment applies); delete the lines you cannot fill. Then: mzcheck check <this file>",
        "# 注释中的目标仅供参考,检查时以规则为准。Targets in comments are hints; checks use the rules.",
        f"jurisdiction: {place.name}",
        f"period: {year}",
        f"target_year: {year}  # 用上一年的实际值对照本年目标时,把 period 改为上一年 / for last year's actuals, set period to {year - 1}",
        f"# as_of: {year}-12-31  # 统计截至日期 / date the values are as of",
    ]
    sections: dict[str, list[Entry]] = {}
    children: dict[str, list[Entry]] = {}
    for e in template.entries:
        if e.per_child:
            children.setdefault(e.child, []).append(e)
        else:
            sections.setdefault(e.section, []).append(e)
    if "" in sections:
        out.append("values:  # 本期值 / values at the end of the period")
        for e in sections[""]:
            out += _comment(e, "  ")
            out.append(f"  {e.indicator.id}:")
    if "added" in sections:
        out.append("added:  # 本期新增量 / amounts added during the period")
        for e in sections["added"]:
            out += _comment(e, "  ")
            out.append(f"  {e.indicator.id}:")
    years = sorted(k for k in sections if k not in ("", "added"))
    if years:
        out.append("history:  # 往年数值(基数)/ earlier years' values (baselines)")
        for y in years:
            out.append(f"  {y}:")
            for e in sections[y]:
                out += _comment(e, "    ")
                out.append(f"    {e.indicator.id}:")
    if children:
        out.append("children:  # 各下级地区的数值 / values of each child unit")
        for name, entries in children.items():
            if name:
                out.append(f"  {name}:")
                for e in entries:
                    out += _comment(e, "    ")
                    out.append(f"    {e.indicator.id}:")
            else:
                out.append("  # 每个下级地区一段,例如 / one block per child unit, e.g.:")
                out.append("  # 西湖区:")
                for e in entries:
                    out += _comment(e, "  #   ")
                    out.append(f"  #   {e.indicator.id}: 3")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------- xlsx

# (header, width, editable): the columns the reader uses are editable; the hints are locked and grey.
XLSX_COLUMNS: list[tuple[str, int, bool]] = [
    ("地区 / jurisdiction", 12, True),
    ("年度 / period", 10, True),
    ("对照年度 / target_year", 12, True),
    ("类别 / section", 12, True),
    ("下级地区 / child", 14, True),
    ("指标 / indicator", 34, True),
    ("中文名称 / name (zh)", 30, False),
    ("English name", 34, False),
    ("数值 / value", 14, True),
    ("单位 / unit", 10, True),
    ("默认单位 / default unit", 16, False),
    ("目标(仅供参考)/ target (hint)", 48, False),
    ("规则 / rules", 36, False),
]
VALUE_COLUMN = 9  # I


def write_xlsx(template: Template, path: Path | IO[bytes]) -> None:
    """The template as an .xlsx sheet: header, frozen; values validated as numbers; hints locked."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "报表"
    grey = PatternFill("solid", fgColor="EEEEEE")
    yellow = PatternFill("solid", fgColor="FFF7D6")
    head_fill = PatternFill("solid", fgColor="DDE7F3")
    ws.append([h for h, _, _ in XLSX_COLUMNS])
    for j, (_, width, _) in enumerate(XLSX_COLUMNS, start=1):
        cell = ws.cell(1, j)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[1].height = 32
    place, year = template.place, template.year
    for e in template.entries:
        m = e.indicator.model
        section = {"": "", "added": "新增"}.get(e.section, e.section)
        ws.append([place.name, year, year, int(section) if section.isdigit() else section, e.child, m.id,
                   m.name.zh, m.name.en, None, None, m.unit,
                   "\n".join(f"{h.zh} / {h.en}" for h in e.hints), ", ".join(e.rule_ids)])
        row = ws.max_row
        if e.indicator.unit.text == "%":
            ws.cell(row, VALUE_COLUMN).number_format = "0.00%"  # typing 78 shows and stores 78%
    last = ws.max_row + EXTRA_ROWS
    for row in range(2, last + 1):
        for j, (_, _, editable) in enumerate(XLSX_COLUMNS, start=1):
            cell = ws.cell(row, j)
            if editable:
                cell.protection = Protection(locked=False)
                if j == VALUE_COLUMN and row <= ws.max_row:
                    cell.fill = yellow
            elif row <= len(template.entries) + 1:
                cell.fill = grey
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    letter = get_column_letter(VALUE_COLUMN)
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle="数值 / value",
                        error="请填写数字(可留空)/ enter a number (or leave it empty)",
                        showInputMessage=True, promptTitle="数值 / value",
                        prompt="填写数字;单位见“默认单位”列 / a number in the default unit")
    dv.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{len(template.entries) + 1}"
    # Lock the hint columns only: rows can still be added, sorted and filtered.
    ws.protection.sheet = True
    for option in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(ws.protection, option, False)
    notes = wb.create_sheet("说明 README")
    notes.column_dimensions["A"].width = 110
    for line in (
        f"mzcheck 填报模板:{place.name} {year}年到期的目标 / report template: {place.en}, targets due in {year}",
        "",
        "在第一张表“数值 / value”列(黄色)填写数值,不带单位即按“默认单位”;也可在“单位”列填写其他单位(如 万人)。",
        "Fill in the yellow value column of the first sheet; a bare number is in the default unit, or write a unit in the unit column.",
        "不填的行会被跳过(视为未填报)。灰色列只是提示,检查时以规则为准。",
        "Rows left empty are skipped (not reported). Grey columns are hints; checks use the rules.",
        "“类别”:空 = 本期值;新增 = 本期新增量;年份 = 该年的数值(基数)。",
        "section: empty = the value at the end of the period; 新增 = added during it; a year = that year's value.",
        f"用上一年的实际值对照本年目标时,把“年度”改为上一年 / for last year's actuals, set period to {year - 1}.",
        "",
        "然后运行 / then run:  mzcheck check 本文件.xlsx",
    ):
        notes.append([line])
    wb.save(path)
