"""What the Dask, Spark and contract tests share: a province-wide table, and one engine of each kind.

- :func:`province_table`: every division of the test catalog in one table of text cells as a CSV gives
  them, with the optional columns (截至日期, 对照年度, 类别, 下级地区), spellings of one place that differ,
  child units' rows, an earlier year's values, a mid-year report and a gap analysis: every status.
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
    out = frame.sort_values(SORT).reset_index(drop=True)
    out["period"] = out["period"].astype("int64")
    for c in ("jurisdiction", "code", "rule_id", "indicator", "status", "severity", "unit"):
        out[c] = out[c].astype(object)
    return out


def local_frame(rules: RuleSet, rows: list[dict[str, Any]]) -> Any:
    """The exact path's results for row dicts, as a DataFrame (Decimals → floats, as the DataFrame path)."""
    import pandas as pd

    from mzcheck import bulk

    results = bulk.evaluate_table(rules, rows)
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
