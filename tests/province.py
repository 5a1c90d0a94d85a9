"""A generated province: every division of Zhejiang, five targets each, and a report table for all of them.

The 102 units (the province, its 11 prefecture-level cities and 90 county-level units) come from the
division table in the package (``RuleSet.children``). The rule set is the bundled catalog with one generated
rule file: for each unit, five targets due at the end of 2025. The report table (CSV or .xlsx, one row per
value, the header bureaus use) gives each unit's 2025 values, drawn from a seeded generator so that some
units meet a target, some fall short, and some leave a value out. Used by the overview, workbook,
annotation and browser tests.
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

from mzcheck.load.bundled import bundled_targets
from mzcheck.load.rules import load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.rules import Jurisdiction

PROVINCE = "330000"
HEADER = ["地区", "年度", "指标", "数值", "单位", "类别"]

# (indicator, comparator, target, kind, quote)
TARGETS = [
    ("certified_carers_per_10k_elders", ">=", "28人/万名老年人", "level", "每万名老年人拥有持证护理员达到28人"),
    ("nursing_bed_share", ">=", "60%", "level", "养老机构护理型床位占比达到60%"),
    ("dementia_care_beds", ">=", "120张", "increment", "全年新增认知障碍照护专区床位120张"),
    ("elderly_meal_service_points", ">=", "30家", "level", "老年助餐点和共享餐厅达到30家"),
    ("marriage_registry_5a_share", ">=", "50%", "level", "5A级婚姻登记机关比例达到50%"),
]


def units(rules: RuleSet) -> list[Jurisdiction]:
    """Zhejiang, its cities and their counties, from the package's division table, province first."""
    return [j for j, _ in written(rules)]


def written(rules: RuleSet) -> list[tuple[Jurisdiction, str]]:
    """Each unit and its name as a province-wide table writes it: a county with its city (杭州市西湖区), since
    西湖区 alone is also in 南昌市."""
    province = rules.jurisdictions[PROVINCE]
    out = [(province, province.name)]
    for city in rules.children(PROVINCE):
        out.append((city, city.name))
        out.extend((county, city.name + county.name) for county in rules.children(city.code))
    return out


def write_targets(folder: Path) -> Path:
    """A targets folder: the bundled catalog and one rule file naming every unit of Zhejiang."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundled_targets() / "indicators.yaml", folder / "indicators.yaml")
    catalog = load_targets(folder, bundled=False)
    lines = ["document:", "  title: 浙江省养老服务目标(测试生成)", "  publisher: 测试", "  published: 2025-01-15",
             "  file: plan.txt", f"jurisdiction: \"{PROVINCE}\"", "rules:"]
    for unit in units(catalog):
        for indicator, comparator, target, kind, quote in TARGETS:
            lines += [f"  - id: zj-{unit.code}-{indicator.replace('_', '-')}",
                      f"    jurisdiction: \"{unit.code}\"", f"    indicator: {indicator}",
                      f"    comparator: \"{comparator}\"", f"    target: {target}", f"    kind: {kind}",
                      "    due: 2025-12-31", f"    source: {{quote: {quote}}}"]
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "rules" / "zhejiang-2025.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def rows(rules: RuleSet, seed: int = 16) -> list[list[str]]:
    """One row per value: each unit's 2025 components, about one in ten left out."""
    rng = random.Random(seed)
    out: list[list[str]] = []
    for unit, place in written(rules):
        def put(name: str, value: str, unit_text: str, section: str = "", place: str = place) -> None:
            if rng.random() >= 0.1:
                out.append([place, "2025", name, value, unit_text, section])

        elders = rng.randint(20_000, 400_000) if unit.code != PROVINCE else 13_000_000
        put("持证养老护理员数", str(round(elders * rng.uniform(24, 32) / 10_000)), "人")
        put("老年人口数", str(elders), "人")
        beds = rng.randint(800, 9000)
        put("养老机构护理型床位数", str(round(beds * rng.uniform(0.45, 0.75))), "张")
        put("养老机构床位数", str(beds), "张")
        put("认知障碍照护专区床位数", str(rng.randint(40, 200)), "张", "新增")
        put("老年助餐点和共享餐厅数", str(rng.randint(15, 60)), "家")
        put("5A级婚姻登记机关比例", f"{rng.choice([25, 40, 50, 60, 75, 100])}%", "")
    return out


def write_csv(path: Path, rules: RuleSet, seed: int = 16) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows(rules, seed))
    return path


def write_xlsx(path: Path, rules: RuleSet, seed: int = 16) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "填报"
    ws.append(["浙江省2025年养老服务指标填报表"])  # a title row above the header, as bureaus make them
    ws.append(HEADER)
    for row in rows(rules, seed):
        place, year, name, value, unit, section = row
        number: int | str = int(value) if value.isdigit() else value
        ws.append([place, int(year), name, number, unit, section or None])
    wb.save(path)
    return path
