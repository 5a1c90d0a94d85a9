"""Benchmark data: a province-wide rule set and report tables of any size / 基准测试数据.

The rule set is the bundled one (catalog, 124 rules) with every county-level division of Zhejiang
(GB/T 2260: the province, 11 cities, 90 counties and districts) instead of the eight the plans name. A
report table has one row per (jurisdiction, period, indicator), years from 2025 backwards, every
indicator of the catalog, values written as bureaus write them (``78.5%``, ``190.5万人``, ``1200`` with
``张`` in the unit column …). Deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

from mzcheck.load.rules import bundled_targets, load_targets

CITIES = {
    "330100": ("杭州市", ["330102 上城区", "330105 拱墅区", "330106 西湖区", "330108 滨江区", "330109 萧山区",
                         "330110 余杭区", "330111 富阳区", "330112 临安区", "330113 临平区", "330114 钱塘区",
                         "330122 桐庐县", "330127 淳安县", "330182 建德市"]),
    "330200": ("宁波市", ["330203 海曙区", "330205 江北区", "330206 北仑区", "330211 镇海区", "330212 鄞州区",
                         "330213 奉化区", "330225 象山县", "330226 宁海县", "330281 余姚市", "330282 慈溪市"]),
    "330300": ("温州市", ["330302 鹿城区", "330303 龙湾区", "330304 瓯海区", "330305 洞头区", "330324 永嘉县",
                         "330326 平阳县", "330327 苍南县", "330328 文成县", "330329 泰顺县", "330381 瑞安市",
                         "330382 乐清市", "330383 龙港市"]),
    "330400": ("嘉兴市", ["330402 南湖区", "330411 秀洲区", "330421 嘉善县", "330424 海盐县", "330481 海宁市",
                         "330482 平湖市", "330483 桐乡市"]),
    "330500": ("湖州市", ["330502 吴兴区", "330503 南浔区", "330521 德清县", "330522 长兴县", "330523 安吉县"]),
    "330600": ("绍兴市", ["330602 越城区", "330603 柯桥区", "330604 上虞区", "330624 新昌县", "330681 诸暨市",
                         "330683 嵊州市"]),
    "330700": ("金华市", ["330702 婺城区", "330703 金东区", "330723 武义县", "330726 浦江县", "330727 磐安县",
                         "330781 兰溪市", "330782 义乌市", "330783 东阳市", "330784 永康市"]),
    "330800": ("衢州市", ["330802 柯城区", "330803 衢江区", "330822 常山县", "330824 开化县", "330825 龙游县",
                         "330881 江山市"]),
    "330900": ("舟山市", ["330902 定海区", "330903 普陀区", "330921 岱山县", "330922 嵊泗县"]),
    "331000": ("台州市", ["331002 椒江区", "331003 黄岩区", "331004 路桥区", "331022 三门县", "331023 天台县",
                         "331024 仙居县", "331081 温岭市", "331082 临海市", "331083 玉环市"]),
    "331100": ("丽水市", ["331102 莲都区", "331121 青田县", "331122 缙云县", "331123 遂昌县", "331124 松阳县",
                         "331125 云和县", "331126 庆元县", "331127 景宁畲族自治县", "331181 龙泉市"]),
}


def jurisdictions() -> list[tuple[str, str, str | None]]:
    """(code, name, parent code) for the province, its cities and their counties and districts."""
    out: list[tuple[str, str, str | None]] = [("330000", "浙江省", None)]
    for code, (name, counties) in CITIES.items():
        out.append((code, name, "330000"))
        out.extend((c.split()[0], c.split()[1], code) for c in counties)
    return out


def write_targets(folder: Path) -> Path:
    """A layer over the bundled targets declaring every division of Zhejiang (names as its reports write
    them, so that 普陀区 is Zhoushan's, not Shanghai's); the bundled catalog and rules do the rest."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("indicators.yaml", "rules"):  # what earlier versions of this layer copied from the bundled one
        path = folder / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    bundled = load_targets(bundled_targets()).jurisdictions
    lines = ["jurisdictions:"]
    for code, name, parent in jurisdictions():
        if code in bundled.declared:
            continue
        lines.append(f'  - {{code: "{code}", name: {name}, en: "division {code}", '
                     f'parent: {"null" if parent is None else repr(parent)}}}')
    (folder / "jurisdictions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _value(rng: random.Random, unit: str, indicator: str) -> tuple[str, str]:
    """(value cell, unit cell) as a bureau writes them; half the time the unit sits in the value cell."""
    if unit == "%":
        v = f"{rng.uniform(40, 100):.1f}"
    elif unit == "人" and "population" in indicator:
        v, unit = f"{rng.uniform(5, 300):.1f}", "万人"
    elif unit in ("元/月", "元/年"):
        v = f"{rng.uniform(600, 3000):.0f}"
    elif "/" in unit:
        v = f"{rng.uniform(5, 40):.2f}"
    elif unit == "平方米":
        v = f"{rng.uniform(100, 5000):.1f}"
    else:
        v = str(rng.randint(0, 3000))
    return (v + unit, "") if rng.random() < 0.5 else (v, unit)


def rows(n: int, seed: int = 2025) -> Iterator[tuple[str, str, str, str, str]]:
    """``n`` rows: years from 2025 backwards, every division, every indicator of the catalog (beyond the
    1.3 million rows Zhejiang's divisions give for 1949–2025, the other counties of China follow)."""
    rng = random.Random(seed)
    catalog = load_targets(bundled_targets()).indicators
    names = [(i.id, i.model.name.zh, i.model.unit) for i in catalog.values()]
    places = [name for _, name, _ in jurisdictions()]
    done = 0
    year = 2025
    while done < n:
        for place in places:
            for ind_id, zh, unit in names:
                value, unit_cell = _value(rng, unit, ind_id)
                yield place, str(year), zh if rng.random() < 0.8 else ind_id, value, unit_cell
                done += 1
                if done == n:
                    return
        year -= 1
        if year < 1949:  # past 1.3 million rows: the counties of the rest of China, by code, 2025 backwards
            break
    zhejiang = {code for code, _, _ in jurisdictions()}
    others = [code for code, _, _ in counties() if code not in zhejiang]
    for year in range(2025, 1948, -1):
        for place in others:
            for ind_id, zh, unit in names:
                value, unit_cell = _value(rng, unit, ind_id)
                yield place, str(year), zh if rng.random() < 0.8 else ind_id, value, unit_cell
                done += 1
                if done == n:
                    return
    raise ValueError(f"{n} rows are more than the reports of 1949–2025 hold")


def write_csv(path: Path, n: int, seed: int = 2025) -> Path:
    """A report table of ``n`` rows with the Chinese header 地区,年度,指标,数值,单位."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "年度", "指标", "数值", "单位"])
        w.writerows(rows(n, seed))
    return path


# ---------------------------------------------------------------------------- rules on every report

#: The dense case: every city-level division of the national table sets each-county targets on these
#: indicators for every year 2021–2025 (a rules layer made for the benchmark; the bundled targets are not
#: changed), and a table reports every county of China for those years: every report has rules.
DENSE_YEARS = (2025, 2024, 2023, 2022, 2021)
DENSE_TARGETS = {  # indicator → (target value, unit): near the middle of what _value() writes
    "institution_beds": (1500, "张"), "nursing_beds": (1200, "张"), "dementia_care_beds": (1500, "张"),
    "family_care_beds": (1500, "张"), "certified_carers": (1500, "人"), "on_duty_carers": (1500, "人"),
    "elderly_care_service_institutions": (1500, "家"), "three_star_care_institutions": (1500, "家"),
}


def counties() -> list[tuple[str, str, str]]:
    """(code, name, parent code) of every county-level division of the national table under a city."""
    table = load_targets(bundled_targets()).jurisdictions
    out = []
    for j in table.values():
        parent = table.get(j.parent) if j.parent else None
        if j.level == 3 and parent is not None and parent.level == 2:
            out.append((j.code, j.name, parent.code))
    return sorted(out)


def write_dense_targets(folder: Path) -> Path:
    """A layer of each-county rules: one file per city, a rule per indicator of DENSE_TARGETS and year."""
    rules_dir = folder / "rules"
    rules_dir.mkdir(parents=True, exist_ok=True)
    for old in rules_dir.glob("*.yaml"):
        old.unlink()
    for city in sorted({parent for _, _, parent in counties()}):
        lines = ["document: {title: 县级目标(基准测试), publisher: 基准测试, published: 2021-01-01}",
                 f'jurisdiction: "{city}"', "rules:"]
        for year in DENSE_YEARS:
            for ind, (value, unit) in DENSE_TARGETS.items():
                lines.append(f"  - {{id: dense-{city}-{ind}-{year}, indicator: {ind}, comparator: '>=', "
                             f"target: {{value: {value}, unit: {unit}}}, due: {year}-12-31, scope: each_child, "
                             f"source: {{quote: 各县(市、区){ind}不低于{value}{unit}}}}}")
        (rules_dir / f"dense-{city}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def dense_rows(n: int, seed: int = 2025) -> Iterator[tuple[str, str, str, str, str]]:
    """``n`` rows of county reports for 2021–2025 (by code: county names repeat across China), each with
    every indicator of the catalog; at most 5 × counties × indicators rows (some 2.4 million)."""
    rng = random.Random(seed)
    catalog = load_targets(bundled_targets()).indicators
    names = [(i.id, i.model.name.zh, i.model.unit) for i in catalog.values()]
    places = [code for code, _, _ in counties()]
    done = 0
    for year in DENSE_YEARS:
        for place in places:
            for ind_id, zh, unit in names:
                value, unit_cell = _value(rng, unit, ind_id)
                yield place, str(year), zh if rng.random() < 0.8 else ind_id, value, unit_cell
                done += 1
                if done == n:
                    return
    raise ValueError(f"{n} rows are more than the county reports of {len(DENSE_YEARS)} years hold ({done})")


def write_dense_csv(path: Path, n: int, seed: int = 2025) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "年度", "指标", "数值", "单位"])
        w.writerows(dense_rows(n, seed))
    return path
