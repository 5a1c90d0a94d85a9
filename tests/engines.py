"""What the Dask, Spark and contract tests share: a province-wide table, and one engine of each kind.

- :func:`province_table`: every division of the test catalog in one table of text cells as a CSV gives
  them, with the optional columns (截至日期, 对照年度, 类别, 下级地区), spellings of one place that differ,
  child units' rows, an earlier year's values, a mid-year report and a gap analysis: every status.
- :func:`gathered_table`: tables where a parent sets a rule for each child unit and its children report on
  their own: the parent's report made from theirs, or the parent's own rows beside them, or a single report
  (nothing gathered), the rows of one family spread over the table so that parts split them.
- :func:`warehouse_table`: numbers already held as numbers, in a float32 column with a unit column (a data
  warehouse's export), and the same values as the decimal text they show.
- the fixtures ``spark`` (one local[2] session for the run, UI off, 2 shuffle partitions, the quick JVM
  options) and ``dask_client`` (one LocalCluster, 2 workers of 1 thread, no dashboard). Each skips, saying
  why, only when the engine is not installed (Java or pyspark; dask or distributed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mzcheck.load.ruleset import RuleSet

COLUMNS = ("地区", "年度", "指标", "数值", "单位", "截至日期", "对照年度", "类别", "下级地区")
SORT = ["code", "period", "rule_id"]  # the engines keep the rows, not their order

# (jurisdiction as written, period, indicator, value, unit, as_of, target_year, section, child)
_PROVINCE: list[tuple[str | None, ...]] = [
    # 杭州市 mid-2025, written three ways: progress verdicts (on_track / behind / not_due)
    ("杭州市", "2025", "持证护理员数", "5310", "人", "2025-06-30", None, None, None),
    ("杭州", "2025", "老年人口数", "190.5万人", None, "2025-06-30", None, None, None),
    ("330100", "2025", "认知障碍照护床位数", "300", "张", "2025-06-30", None, "新增", None),
    ("杭州市", "2025", "低收入人口动态监测人数", "52000", "人", "2025-06-30", None, None, None),
    ("杭州市", "2025", "低收入人口动态监测人数", "50000", "人", "2025-06-30", None, "2024", None),
    ("杭州市", "2025", "救助资金", "0.2亿元", None, "2025-06-30", None, None, None),
    ("杭州市", "2025", "每万名老年人拥有持证护理员数", "27.61", None, "2025-06-30", None, "2024", None),
    # 杭州市's counties, under the parent: the each-child rule (2 to 3 institutions each)
    ("杭州市", "2025", "集中供养机构数", "2", "个", "2025-06-30", None, None, "西湖区"),
    ("杭州市", "2025", "集中供养机构数", "4", "个", "2025-06-30", None, None, "上城区"),
    # 杭州市 2024 against the 2025 targets: a gap analysis (met / not_met)
    ("杭州市", "2024", "每万名老年人拥有持证护理员数", "27.61", None, None, "2025", None, None),
    ("杭州市", "2024", "救助资金", "29000000", "元", None, "2025", None, None),
    ("杭州市", "2024", "认知障碍照护床位数", "1000", "张", None, "2025", "新增", None),
    # 绍兴市: each county at least 25 per 10,000 elders; one county has no value for it (missing)
    ("绍兴市", "2025", "每万名老年人拥有持证护理员数", "27", None, None, None, None, "嵊州市"),
    ("绍兴市", "2025", "每万名老年人拥有持证护理员数", "24.5", None, None, None, None, "越城区"),
    ("绍兴市", "2025", "持证护理员数", "310", "人", None, None, None, "新昌县"),
    # 嵊州市 itself: the parent's each-child rule and its own relative rule
    ("嵊州市", "2025", "每万名老年人拥有持证护理员数", "25", None, None, None, None, None),
    ("嵊州", "2025", "特困供养标准", "1650", "元/月", None, None, None, None),
    ("嵊州市", "2025", "城镇居民人均消费支出", "39000", "元/年", None, None, "2024", None),
    # 慈溪市: a share above 100% cannot be used (invalid); 宁波市 and 浙江省 report what no rule reads
    ("慈溪市", "2025", "养老机构护理型床位占比", "120%", None, None, None, None, None),
    ("宁波市", "2025", "养老机构床位数", "12000", "张", None, None, None, None),
    ("浙江省", "2025", "养老机构床位数", "310000", "张", None, None, None, None),
    ("330000", "2025", "护理型床位数", None, "张", None, None, None, None),  # an empty cell: not reported
]


def province_table() -> list[dict[str, Any]]:
    """The province-wide table as row dicts (every cell text or empty, as read from a CSV file)."""
    return [dict(zip(COLUMNS, row)) for row in _PROVINCE]


PLAIN_COLUMNS = COLUMNS[:5]  # 地区, 年度, 指标, 数值, 单位: the plain layout, read by the fast path

# Tables whose child units report on their own (no 下级地区 column): 杭州市 sets a rule for each county
# (t-centralized-each, 2 to 3 institutions) and 绍兴市 one (t-shaoxing-each-county-carers, at least 25 per
# 10,000 elders), so their counties' reports are gathered into theirs, as `mzcheck check` gathers a file's.
_GATHERED: dict[str, tuple[tuple[str, ...], list[tuple[str | None, ...]]]] = {
    # no row of 杭州市 or 绍兴市: their reports are made from their counties'
    "parents made": (PLAIN_COLUMNS, [
        ("330106", "2025", "集中供养机构数", "3", "个"),  # 西湖区: met
        ("宁波市", "2025", "养老机构床位数", "12000", "张"),
        ("330602", "2025", "养老机构床位数", "600", "张"),  # 越城区, 绍兴市's only county here: no value a rule reads
        ("慈溪市", "2025", "养老机构护理型床位占比", "82%", None),
        ("330102", "2025", "集中供养机构数", "5", "个"),  # 上城区: more than 3
        ("330105", "2025", "养老机构床位数", "800", "张"),  # 拱墅区: a value no rule reads, a report all the same
        ("浙江省", "2025", "养老机构床位数", "310000", "张"),
        ("330106", "2024", "集中供养机构数", "1", "个"),  # 2024: no each-county rule due, nothing gathered
        ("330102", "2024", "集中供养机构数", "2", "个"),
    ]),
    # 杭州市's and 绍兴市's own rows far from their counties': what a parent's rows say of a child wins; every
    # county of 绍兴市 reported, one of them in 绍兴市's rows (met)
    "parents' own rows": (COLUMNS, [
        ("330106", "2025", "集中供养机构数", "4", "个", None, None, None, None),  # 西湖区 says 4 …
        ("上城区", "2025", "集中供养机构数", "2", "个", None, None, None, None),
        ("嵊州", "2025", "每万名老年人拥有持证护理员数", "26", None, None, None, None, None),
        ("330603", "2025", "每万名老年人拥有持证护理员数", "25", None, None, None, None, None),  # 柯桥区
        ("330604", "2025", "每万名老年人拥有持证护理员数", "30", None, None, None, None, None),  # 上虞区
        ("宁波市", "2025", "养老机构床位数", "12000", "张", None, None, None, None),
        ("慈溪市", "2025", "养老机构护理型床位占比", "82%", None, None, None, None, None),
        ("绍兴市", "2025", "每万名老年人拥有持证护理员数", "26", None, None, None, None, "越城区"),
        ("杭州市", "2025", "持证护理员数", "5400", "人", None, None, None, None),
        ("330624", "2025", "每万名老年人拥有持证护理员数", "27.5", None, None, None, None, None),  # 新昌县
        ("诸暨市", "2025", "每万名老年人拥有持证护理员数", "25", None, None, None, None, None),
        ("杭州", "2025", "老年人口数", "190.5万人", None, None, None, None, None),
        ("330100", "2025", "集中供养机构数", "3", "个", None, None, None, "西湖区"),  # … 杭州市 says 3: 3 stands
        ("杭州市", "2025", "救助资金", "0.3亿元", None, None, None, None, None),
    ]),
    # 西湖区 alone: a table of one report gathers nothing (as `mzcheck check` on one county's file)
    "one report": (PLAIN_COLUMNS, [
        ("330106", "2025", "集中供养机构数", "3", "个"),
        ("杭州市西湖区", "2025", "养老机构床位数", "900", "张"),
    ]),
    # two counties of 杭州市 and nothing else: two reports, one family; 杭州市's report made
    "children only": (PLAIN_COLUMNS, [
        ("330106", "2025", "集中供养机构数", "3", "个"),
        ("330102", "2025", "集中供养机构数", "2", "个"),
    ]),
}
GATHERED = tuple(_GATHERED)


# A layer on the test catalog: 浙江省 sets a rule for each city, so a county of 杭州市 goes with 杭州市 and
# 杭州市 with 浙江省 (a chain of each-child rules: one part for the three)
EACH_CITY_LAYER = """\
document: {title: 测试省规划, publisher: 测试省民政厅, published: 2025-03-01, file: plan.txt}
jurisdiction: 浙江省
rules:
  - id: t-province-each-city-carers
    indicator: certified_carers
    comparator: ">="
    target: 1000人
    kind: each
    due: 2025-12-31
    source: {quote: 每个设区市持证护理员不少于1000人}
"""

EACH_CITY_TABLE: list[tuple[str | None, ...]] = [
    ("330106", "2025", "集中供养机构数", "3", "个"),  # 西湖区 → 杭州市 → 浙江省
    ("宁波市", "2025", "持证护理员数", "1200", "人"),
    ("慈溪市", "2025", "养老机构护理型床位占比", "82%", None),
    ("嵊州市", "2025", "持证护理员数", "300", "人"),  # 绍兴市's report made from it, then 浙江省's
    ("330102", "2025", "集中供养机构数", "2", "个"),
    ("杭州市", "2025", "持证护理员数", "900", "人"),  # short of 1,000: 浙江省's each-city rule not met
]


def each_city_rules(folder: Any) -> tuple[RuleSet, Any]:
    """The test catalog with :data:`EACH_CITY_LAYER` written in ``folder``; the rule set and the layer's path."""
    from mzcheck import load_targets

    layer = folder / "zhejiang-2025.yaml"
    layer.write_text(EACH_CITY_LAYER, encoding="utf-8")
    return load_targets(Path(__file__).parent / "fixtures" / "targets", layer, bundled=False), layer


def each_city_table() -> list[dict[str, Any]]:
    """:data:`EACH_CITY_TABLE` as row dicts."""
    return [dict(zip(PLAIN_COLUMNS, row)) for row in EACH_CITY_TABLE]


def gathered_table(which: str) -> list[dict[str, Any]]:
    """One of the :data:`GATHERED` tables as row dicts (text cells, as read from a CSV file)."""
    columns, rows = _GATHERED[which]
    return [dict(zip(columns, row)) for row in rows]


def write_csv(rows: list[dict[str, Any]], path: Any) -> None:
    """Row dicts as a CSV file (an empty cell for None), as a bureau would hand the table to ``mzcheck check``."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, list(rows[0]))
        out.writeheader()
        out.writerows(rows)


# (jurisdiction, indicator, value, unit): values a warehouse holds as float32 numbers
_WAREHOUSE = [
    ("杭州市", "assistance_funds", 0.29, "亿元"),  # exactly the 0.29亿元 target: met, not 0.28999999…
    ("杭州市", "certified_carers_per_10k_elders", 27.61, "人/万名老年人"),
    ("杭州市", "dementia_beds_per_10k_elders", 20.1, "张/万名老年人"),
    ("慈溪市", "nursing_bed_share", 80.0, "%"),
    ("嵊州市", "certified_carers_per_10k_elders", 24.99, "人/万名老年人"),
    ("绍兴市", "certified_carers_per_10k_elders", None, "人/万名老年人"),
]


def warehouse_table(pd: Any, np: Any) -> tuple[Any, list[dict[str, Any]]]:
    """The warehouse table as a pandas DataFrame with a float32 value column, and as rows whose values are
    the decimal text each float32 shows (the exact path)."""
    values = np.array([math_nan(v) for _, _, v, _ in _WAREHOUSE], dtype=np.float32)
    frame = pd.DataFrame({"jurisdiction": [j for j, _, _, _ in _WAREHOUSE], "period": [2025] * len(_WAREHOUSE),
                          "indicator": [i for _, i, _, _ in _WAREHOUSE], "value": values,
                          "unit": [u for _, _, _, u in _WAREHOUSE]})
    rows = [{"jurisdiction": j, "period": 2025, "indicator": i, "value": None if v is None else str(np.float32(v)),
             "unit": u} for j, i, v, u in _WAREHOUSE]
    return frame, rows


def math_nan(value: float | None) -> float:
    return float("nan") if value is None else value


def sorted_frame(frame: Any) -> Any:
    """Results in one order, numbers as float64 and text as object, for comparing the paths."""
    import pandas as pd

    out = frame.sort_values(SORT).reset_index(drop=True)
    out["period"] = out["period"].astype("int64")
    for c in ("jurisdiction", "code", "rule_id", "indicator", "status", "severity", "unit", "waived_from"):
        out[c] = out[c].astype(object)
    out["waived_from"] = pd.Series([None if pd.isna(v) else v for v in out["waived_from"]], dtype=object)
    return out


def local_frame(rules: RuleSet, rows: list[dict[str, Any]], waivers: Any = None) -> Any:
    """The exact path's results for row dicts, as a DataFrame (Decimals → floats, as the DataFrame path)."""
    import pandas as pd

    from mzcheck import bulk

    results = bulk.evaluate_table(rules, rows, waivers=waivers)
    frame = pd.DataFrame(results, columns=list(bulk.RESULT_COLUMNS))
    for c in ("actual", "target", "target_high", "gap"):
        frame[c] = [float("nan") if v is None else float(v) for v in frame[c]]
    return sorted_frame(frame)


# ---------------------------------------------------------------------------------------- engines

JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m"  # a quicker JVM start for a short run


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the run (a JVM takes seconds to start)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'mzcheck[spark]')")
    java = _java()
    if java is None:
        pytest.skip("no Java to run Spark (apt-get install default-jre-headless); .ci/run installs it")
    version = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    assert "version" in version, f"java -version said: {version}"
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("mzcheck-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.extraJavaOptions", JVM_OPTIONS)
               .config("spark.executor.extraJavaOptions", JVM_OPTIONS)
               .config("spark.sql.session.timeZone", "UTC")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """One distributed.LocalCluster for the run: 2 worker processes of 1 thread, no dashboard."""
    pytest.importorskip("dask.dataframe", reason="dask is not installed (pip install 'mzcheck[dask]')")
    distributed = pytest.importorskip("distributed", reason="distributed is not installed (pip install 'mzcheck[dask]')")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
