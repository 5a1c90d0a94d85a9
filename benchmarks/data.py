"""Benchmark data: a province-wide rule set and report tables of any size / 基准测试数据.

The rule set is the bundled one (catalog, 124 rules, the national division table) alone; the table has
every division of Zhejiang (the province, 11 cities, 90 counties and districts), named as reports write
them. A
report table has one row per (jurisdiction, period, indicator), years from 2025 backwards, every
indicator of the catalog, values written as bureaus write them (``78.5%``, ``190.5万人``, ``1200`` with
``张`` in the unit column …). Deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from mzcheck.load.rules import bundled_targets, load_targets
from mzcheck.load.ruleset import RuleSet
from mzcheck.model.rules import Jurisdiction


def _written(j: Jurisdiction, rules: RuleSet) -> str:
    """A division's name as its reports write it: the name itself where no other division of China shares it,
    else with its city before it (舟山市普陀区, not Shanghai's 普陀区)."""
    if rules.jurisdiction(j.name) == j:
        return j.name
    parent = rules.jurisdiction(j.parent) if j.parent else None
    return f"{parent.name}{j.name}" if parent is not None else j.code


def jurisdictions() -> list[tuple[str, str, str | None]]:
    """(code, name as written, parent code) for Zhejiang from the package's national division table: the
    province, its 11 cities and their 90 counties and districts, 102 in all."""
    rules = load_targets()
    province = rules.resolve("330000")
    out: list[tuple[str, str, str | None]] = [(province.code, province.name, None)]
    for city in sorted(rules.children(province.code), key=lambda j: j.code):
        out.append((city.code, _written(city, rules), province.code))
        out.extend((c.code, _written(c, rules), city.code)
                   for c in sorted(rules.children(city.code), key=lambda j: j.code))
    return out


def write_targets(folder: Path) -> Path:
    """The rule set of the bundled case: the bundled targets alone (the division table is in the package);
    an empty folder, so that ``--targets`` adds nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("indicators.yaml", "jurisdictions.yaml", "rules"):  # what earlier versions of this layer held
        path = folder / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
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


def _table(n: int, seed: int, blocks: Iterable[tuple[int, Sequence[str]]], exhausted: str,
           ) -> Iterator[tuple[str, str, str, str, str]]:
    """``n`` rows of (place, year, indicator, value, unit): for each (year, places) of ``blocks``, every place
    with every indicator of the catalog, named in Chinese four times in five; ValueError (``exhausted``) when
    the blocks hold fewer rows."""
    rng = random.Random(seed)
    catalog = load_targets(bundled_targets()).indicators
    names = [(i.id, i.model.name.zh, i.model.unit) for i in catalog.values()]
    done = 0
    for year, places in blocks:
        for place in places:
            for ind_id, zh, unit in names:
                value, unit_cell = _value(rng, unit, ind_id)
                yield place, str(year), zh if rng.random() < 0.8 else ind_id, value, unit_cell
                done += 1
                if done == n:
                    return
    raise ValueError(exhausted.format(done=done))


def rows(n: int, seed: int = 2025) -> Iterator[tuple[str, str, str, str, str]]:
    """``n`` rows: years from 2025 backwards, every division, every indicator of the catalog (beyond the
    1.3 million rows Zhejiang's divisions give for 1949–2025, the other counties of China follow)."""
    def blocks() -> Iterator[tuple[int, Sequence[str]]]:
        zhejiang = jurisdictions()
        yield from ((year, [name for _, name, _ in zhejiang]) for year in range(2025, 1948, -1))
        own = {code for code, _, _ in zhejiang}  # past 1.3 million rows: the rest of China, by code
        others = [code for code, _, _ in counties() if code not in own]
        yield from ((year, others) for year in range(2025, 1948, -1))

    return _table(n, seed, blocks(), f"{n} rows are more than the reports of 1949–2025 hold")


def _write(path: Path, table: Iterable[tuple[str, str, str, str, str]]) -> Path:
    """A report table with the Chinese header 地区,年度,指标,数值,单位."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "年度", "指标", "数值", "单位"])
        w.writerows(table)
    return path


def write_csv(path: Path, n: int, seed: int = 2025) -> Path:
    """The bundled case's table of ``n`` rows."""
    return _write(path, rows(n, seed))


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
    places = [code for code, _, _ in counties()]
    return _table(n, seed, ((year, places) for year in DENSE_YEARS),
                  f"{n} rows are more than the county reports of {len(DENSE_YEARS)} years hold ({{done}})")


def write_dense_csv(path: Path, n: int, seed: int = 2025) -> Path:
    """The dense case's table of ``n`` rows."""
    return _write(path, dense_rows(n, seed))
