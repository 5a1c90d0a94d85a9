"""The national check on each engine / 全国检查基准: every county × every indicator × 4 quarters.

    python benchmarks/national.py                 # every county of China: about 1.9 million rows (minutes)
    python benchmarks/national.py --quick         # 300 counties spread over the country, to try it out
    python benchmarks/national.py --counties N    # N counties spread over the country
    python benchmarks/national.py --targets DIR   # the bundled targets and the layer DIR, as ``mzcheck check --targets``

The rule set is the bundled targets alone (their catalog, rules and the national division table, GB/T 2260
as of 2025-12-31) unless ``--targets DIR`` adds a layer. The counties are the rule set's county-level
divisions (level 3, under a prefecture or directly under a province: 2,845 in the national table, with any
a layer declares); ``--counties N`` takes N of them evenly spread over the code order, across the country.
A report row names its county by code (names repeat across China: 朝阳区, 鼓楼区). Each quarter is one table
(its reports stand at the quarter's end, column 截至日期), written as a CSV file:
``benchmarks/out/national/2025-Q1.csv`` …

Then the same four tables are checked on each path, each in a fresh process, and each path's result rows
are compared with the local library's:

- local CLI: ``mzcheck check 2025-Q1.csv … 2025-Q4.csv --format json -o …`` (the baseline of the ratios),
  each quarter streamed in one pass, its 截至日期 column with it. Like every path, it gathers the reports of
  a table's counties into their parent's report where the parent sets an each-county rule (杭州市 in the
  bundled targets);
- local library: ``mzcheck.bulk.evaluate_table`` on each quarter read by pandas;
- Dask: ``mzcheck.dask.evaluate_table`` on ``dd.read_csv`` of each quarter, a ``distributed.LocalCluster`` of
  2 worker processes × 1 thread, results written to Parquet;
- Spark: ``mzcheck.spark.evaluate_table`` on ``spark.read.csv`` of each quarter, ``local[2]``, results
  written to Parquet.

Wall time is for the whole process (start-up of the cluster or the JVM included) and, for the engines, for
the check alone; peak memory is the largest sum of the resident memory of the process and all its children
(workers, the JVM, Python workers), sampled every 50 ms. Timings differ from run to run on a shared machine;
the ratios against the CLI, timed in the same run, are what to compare.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "national"
sys.path.insert(0, str(HERE))

import data  # noqa: E402  (benchmarks/data.py: values as bureaus write them)

from mzcheck.load.rules import load_targets  # noqa: E402
from mzcheck.load.ruleset import RuleSet  # noqa: E402

YEAR = 2025
QUARTERS = [f"{YEAR}-03-31", f"{YEAR}-06-30", f"{YEAR}-09-30", f"{YEAR}-12-31"]
HEADER = ["地区", "年度", "截至日期", "指标", "数值", "单位"]


# --------------------------------------------------------------------------------- the tables


def load_rules(targets: Path | None) -> RuleSet:
    """The bundled targets alone, or with the layer ``targets`` on top (as ``mzcheck check --targets``)."""
    return load_targets(targets) if targets is not None else load_targets()


def counties(rules: RuleSet, n: int | None = None) -> list[str]:
    """The codes of the rule set's county-level divisions (level 3, under a prefecture or a province), in code
    order; ``n`` of them evenly spread over that order when ``n`` is given."""
    table = rules.jurisdictions
    codes = sorted(j.code for j in table.values()
                   if table.level(j.code) == 3 and j.parent is not None and table.level(j.parent) in (1, 2))
    if n is None or n >= len(codes):
        return codes
    if n < 1:
        raise SystemExit("--counties must be at least 1")
    return [codes[i * len(codes) // n] for i in range(n)]


def write_quarters(rules: RuleSet, places: Sequence[str], folder: Path, seed: int = 2025) -> list[Path]:
    """One CSV per quarter: every county of ``places`` (codes) × every indicator, values as bureaus write them."""
    rng = random.Random(seed)
    indicators = [(i.id, i.model.name.zh, i.model.unit) for i in rules.indicators.values()]
    paths = []
    for q, as_of in enumerate(QUARTERS, 1):
        path = folder / f"{YEAR}-Q{q}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for place in places:
                for ind_id, zh, unit in indicators:
                    value, unit_cell = data._value(rng, unit, ind_id)
                    w.writerow([place, YEAR, as_of, zh, value, unit_cell])
        paths.append(path)
    return paths


# ------------------------------------------------------------------------------------ the paths

_LIBRARY = """
import json, sys, time
import pandas as pd
from mzcheck.bulk import evaluate_table
from mzcheck.load.rules import load_targets
targets, out, *files = sys.argv[1:]
rules = load_targets(targets) if targets else load_targets()
start = time.perf_counter()
frames = [evaluate_table(rules, pd.read_csv(f, dtype=str, keep_default_na=False, na_values=[""]), name=f)
          for f in files]
pd.concat(frames, ignore_index=True).to_parquet(out)
print(json.dumps({"check_s": time.perf_counter() - start}))
"""

_DASK = """
import json, sys, time
start = time.perf_counter()
import dask.dataframe as dd
from distributed import Client, LocalCluster
import mzcheck.dask
from mzcheck.load.rules import load_targets
if __name__ == "__main__":
    targets, out, *files = sys.argv[1:]
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    rules = load_targets(targets) if targets else load_targets()
    ready = time.perf_counter()
    parts = [mzcheck.dask.evaluate_table(rules, dd.read_csv(f, dtype=str, keep_default_na=False, na_values=[""],
                                                            blocksize="8MB"), name=f) for f in files]
    dd.concat(parts).to_parquet(out, write_index=False)
    print(json.dumps({"start_s": ready - start, "check_s": time.perf_counter() - ready}))
    client.close()
    cluster.close()
"""

_SPARK = """
import functools, json, sys, time
start = time.perf_counter()
from pyspark.sql import SparkSession
import mzcheck.spark
from mzcheck.load.rules import load_targets
targets, out, *files = sys.argv[1:]
jvm = "-XX:+UseSerialGC"
spark = (SparkSession.builder.master("local[2]").appName("mzcheck-national").config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "8").config("spark.driver.memory", "2g")
         .config("spark.sql.files.maxPartitionBytes", "8m")
         .config("spark.driver.extraJavaOptions", jvm).getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
rules = load_targets(targets) if targets else load_targets()
ready = time.perf_counter()
parts = [mzcheck.spark.evaluate_table(rules, spark.read.csv(f, header=True, encoding="UTF-8"), name=f) for f in files]
functools.reduce(lambda a, b: a.unionByName(b), parts).write.mode("overwrite").parquet(out)
print(json.dumps({"start_s": ready - start, "check_s": time.perf_counter() - ready}))
spark.stop()
"""


def measure(cmd: Sequence[str], ok: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Wall time, peak memory of the process tree (MB) and what the process printed (JSON on its last line)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CI": "1", "PYTHONWARNINGS": "ignore"})
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            total = 0
            for p in tree:
                with contextlib.suppress(psutil.Error):  # a process that ended meanwhile
                    total += p.memory_info().rss
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    figures: dict[str, Any] = {"wall_s": wall, "peak_mb": peak / 2**20, "exit": proc.returncode}
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if lines:
        figures.update(json.loads(lines[-1]))
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd[:3])} … failed ({proc.returncode}):\n{err[-3000:]}")
    return figures


def result_rows(path: Path) -> list[tuple[Any, ...]]:
    """A Parquet folder or file of results, as sorted rows (numbers rounded to the decimals they show)."""
    import pandas as pd

    frame = pd.read_parquet(path)
    rows = []
    for r in frame.itertuples(index=False):
        rows.append((r.code, int(r.period), r.rule_id, r.status,
                     *(None if v != v else repr(float(v)) for v in (r.actual, r.target, r.target_high, r.gap))))
    return sorted(rows, key=repr)


def cli_rows(path: Path) -> list[tuple[str, int, str, str]]:
    """The CLI's JSON results as sorted (code, period, rule, status)."""
    data_ = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for check in data_["reports"]:  # the one shape of --format json, for one report or many
        report = check["report"]
        for r in check["results"]:
            out.append((report["code"], int(report["period"]), r["rule_id"], r["status"]))
    return sorted(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--counties", type=int, default=None, help="N counties spread over the country (default: all)")
    ap.add_argument("--quick", action="store_true", help="300 counties")
    ap.add_argument("--targets", type=Path, default=None,
                    help="a rule set layer on top of the bundled targets (default: the bundled targets alone)")
    ap.add_argument("--paths", default="cli,library,dask,spark", help="which paths to run (comma-separated)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(OUT / "targets", ignore_errors=True)  # the rule set folder earlier versions wrote
    rules = load_rules(args.targets)
    every = counties(rules)
    places = counties(rules, 300 if args.quick else args.counties)
    t = time.perf_counter()
    files = write_quarters(rules, places, OUT)
    n_rows = sum(1 for f in files for _ in f.open(encoding="utf-8")) - len(files)
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}")
    source = "the bundled targets" + (f" and {args.targets}" if args.targets is not None else "")
    print(f"divisions: {len(places):,} of the {len(every):,} county-level divisions of {source}; "
          f"{len(rules.indicators)} indicators, {len(rules.rules)} rules")
    print(f"tables: {len(files)} quarters, {n_rows:,} rows, {sum(f.stat().st_size for f in files) / 2**20:.0f} MB "
          f"(written in {time.perf_counter() - t:.0f} s)")
    shutil.rmtree(OUT / "cli", ignore_errors=True)  # the parts earlier versions cut the quarters into
    py = sys.executable
    names = [str(f) for f in files]
    scripts = {}
    for name, text in (("library", _LIBRARY), ("dask", _DASK), ("spark", _SPARK)):
        scripts[name] = OUT / f"run_{name}.py"  # a file, not -c: worker processes import the main module
        scripts[name].write_text(text.lstrip(), encoding="utf-8")
    commands = {
        "cli": [py, "-m", "mzcheck", "check", *(["--targets", str(args.targets)] if args.targets is not None else []),
                *names, "--format", "json", "-o", str(OUT / "cli.json")],
        **{name: [py, str(script), str(args.targets or ""), str(OUT / f"{name}.parquet"), *names]
           for name, script in scripts.items()},
    }
    figures: dict[str, dict[str, Any]] = {}
    for name in args.paths.split(","):
        result = OUT / f"{name}.parquet"
        if result.is_dir():
            shutil.rmtree(result)
        result.unlink(missing_ok=True)
        figures[name] = measure(commands[name], (0, 1) if name == "cli" else (0,))  # check: 1 = a target not met
        print(f"  {name:8s} {figures[name]['wall_s']:7.1f} s  peak {figures[name]['peak_mb']:7,.0f} MB  "
              + "  ".join(f"{k} {v:.1f}" for k, v in figures[name].items() if k.endswith("_s") and k != "wall_s"))
    # the same results on every path
    if "library" in figures:
        expected = result_rows(OUT / "library.parquet")
        for name in ("dask", "spark"):
            if name in figures:
                same = result_rows(OUT / f"{name}.parquet") == expected
                figures[name]["same_results"] = same
                print(f"  {name} results identical to the library's ({len(expected):,} rows): {same}")
        if "cli" in figures:
            # every row, the parents' reports gathered from their counties' rows included (杭州市's)
            cli, mine = cli_rows(OUT / "cli.json"), set(places)
            same = cli == sorted((c, p, r, s) for c, p, r, s, *_ in expected)
            figures["cli"]["same_results"] = same
            print(f"  cli verdicts identical to the library's ({len(cli):,} rows): {same}; of them, rows of parents' "
                  f"reports gathered from their counties' rows: {sum(1 for row in cli if row[0] not in mine)} "
                  f"({', '.join(sorted({row[0] for row in cli if row[0] not in mine})) or 'none'})")
    if "cli" in figures:
        base = figures["cli"]
        print("\n| path | wall | check alone | peak memory | wall ÷ CLI | memory ÷ CLI |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, f in figures.items():
            alone = f"{f['check_s']:.1f} s" if "check_s" in f else "—"
            print(f"| {name} | {f['wall_s']:.1f} s | {alone} | {f['peak_mb']:,.0f} MB | "
                  f"{f['wall_s'] / base['wall_s']:.2f} | {f['peak_mb'] / base['peak_mb']:.2f} |")
    (OUT / "figures.json").write_text(json.dumps({"rows": n_rows, "counties": len(places), "of": len(every),
                                                  "paths": figures}, indent=2), encoding="utf-8")
    return 0 if all(f.get("same_results", True) for f in figures.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
