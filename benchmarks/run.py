"""mzcheck's performance figures, each a ratio against a baseline timed in the same run / 性能基准.

    python benchmarks/run.py            # the figures of docs/performance.md (a few minutes)
    python benchmarks/run.py --quick    # fewer repeats and a 200,000-row file instead of 1,000,000
    python benchmarks/run.py --only library   # one part: library | start | columns | csv

0. The library call: ``mzcheck.evaluate(rules, report)`` on the Cixi example, warm, in CPU time per report,
   against pandera validating the same report as a one-row DataFrame (when pandera is installed).
1. Cold start: ``mzcheck check examples/cixi-2024.yaml --format json`` against ``python -c pass``, run
   alternately; the commands as a user types them and, to leave out the launcher, both through this
   interpreter; with the compiled rule set cached on disk (as from the second run on) and without; and
   where the time goes (the interpreter, pydantic with one model, the check's modules imported, the check).
2. Column verdicts: 1,000,000 values held as numbers in one unit, against one value at a time as pint
   Quantities (timed on 100,000, scaled) and against a bare numpy comparison; the verdicts are proved equal
   to the exact path's on the whole array (each value's decimal text and unit, compared with Fractions).
3. A big CSV: ``mzcheck check big.csv --format json`` at 10k / 100k / 1M rows against Python's csv module
   just reading the same file; time per row, peak memory, and the output compared with the table reader's.

Generated data goes to benchmarks/out/ (git-ignored). Wall times are the median of alternated runs; the
machine is shared, so the minimum is printed too.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import data  # noqa: E402  (benchmarks/data.py)

RESULTS: list[tuple[str, float, str, bool | None]] = []  # (what, ratio or figure, goal, holds; None: no goal)


def goal(what: str, value: float, text: str, holds: bool | None) -> None:
    RESULTS.append((what, value, text, holds))


# ------------------------------------------------------------------------------------ helpers


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 2**20:.0f} GiB"
    import numpy

    return (f"{os.cpu_count()} CPUs (nproc), {cpu}, {ram} RAM; Python {platform.python_version()}, numpy "
            f"{numpy.__version__}; PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of the runs alternate() made, by name


def run(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """Wall seconds, high-water memory (KB; counts this process's pages too: see peak_mb) and CPU seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**(env or os.environ), "CI": "1"})
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


# Peak memory through a small launcher: a child forked from this (large) process would count this process's
# pages in its own high-water mark.
_LAUNCH = ("import os, subprocess, sys\n"
           "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
           "print(os.wait4(p.pid, 0)[2].ru_maxrss)")


def peak_mb(cmd: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Peak resident memory of one run of ``cmd``, in MB: of its largest process (mzcheck forks processes to read
    and decide a big table side by side: see tree_peak_mb for all of them together)."""
    out = subprocess.run([sys.executable, "-c", _LAUNCH, *cmd], capture_output=True, text=True, check=True,
                         env={**(env or os.environ), "CI": "1"}).stdout
    return int(out.split()[-1]) / 1024


def _pss_kb(pid: int) -> int:
    """The proportional set size of a process (its private pages, and its share of pages shared with others)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree(root: int) -> list[int]:
    """``root`` and the processes under it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sorted(tree)


def tree_peak_mb(cmd: Sequence[str], env: dict[str, str] | None = None, every: float = 0.02) -> float:
    """The most memory one run of ``cmd`` held at once, all its processes together: the sum of their
    proportional set sizes (a page that forked processes share counts once), sampled every ``every`` s."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**(env or os.environ), "CI": "1"})
    most = 0
    while proc.poll() is None:
        most = max(most, sum(_pss_kb(pid) for pid in _tree(proc.pid)))
        time.sleep(every)
    return most / 1024


def alternate(commands: dict[str, Sequence[str]], repeats: int,
              env: dict[str, str] | None = None) -> dict[str, list[float]]:
    """Each command ``repeats`` times, taking turns, so a busy moment of the machine hits all of them."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    CPU.clear()
    for cmd in commands.values():  # a warm-up each: files into the page cache (and bytecode, if cached)
        run(cmd, env)
    for _ in range(repeats):
        for name, cmd in commands.items():
            wall, _, cpu = run(cmd, env)
            times[name].append(wall)
            CPU.setdefault(name, []).append(cpu)
    return times


def cpu_ratio(a: str, b: str) -> str:
    """The ratio of median CPU times: less disturbed than wall time when other work shares the machine."""
    return f"{statistics.median(CPU[a]) / statistics.median(CPU[b]):.2f}"


def best(fn: Callable[[], Any], repeats: int) -> float:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return min(out)


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


# ------------------------------------------------------------------------------- library call


def cpu_per_call(fn: Callable[[], Any], calls: int, rounds: int) -> float:
    """The least CPU seconds per call over ``rounds`` rounds of ``calls`` calls (CPU: steadier when shared)."""
    fn()
    out = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            fn()
        out.append((time.process_time() - start) / calls)
    return min(out)


def library(rounds: int) -> None:
    import mzcheck

    print("\n== 0. library call / 库调用: mzcheck.evaluate(rules, report), examples/cixi-2024.yaml (16 rules), warm")
    rules = mzcheck.load_targets()
    report = mzcheck.load_report(ROOT / "examples" / "cixi-2024.yaml", rules)[0]
    t_eval = cpu_per_call(lambda: mzcheck.evaluate(rules, report), 200, rounds)
    print(f"    mzcheck.evaluate   {t_eval * 1e6:8.0f} µs per report (CPU)   (goal ≤ 150 µs)")
    goal("library call: evaluate, Cixi example, µs", t_eval * 1e6, "≤ 150 µs", t_eval <= 150e-6)
    try:
        import warnings

        warnings.filterwarnings("ignore", module="pandera")
        import pandas as pd
        import pandera.pandas as pa
    except ImportError:
        print("    pandera is not installed (pip install '.[bench]'): only the figure above")
        return
    # the same report as one row, its five values as columns with a check each; the checks pass (pandera's
    # fastest case: no failure report to build), so this is the strictest baseline for the call
    row = {"jurisdiction": "慈溪市", "period": 2024, "nursing_bed_share": 78.0, "dementia_beds_per_10k_elders": 22.0,
           "elderly_meal_service_village_coverage": 100.0, "charity_orgs_3a_or_above_share": 50.0,
           "elderly_meal_service_points_added": 65.0}
    schema = pa.DataFrameSchema({"jurisdiction": pa.Column(str), "period": pa.Column(int, pa.Check.in_range(1949, 2100)),
                                 **{k: pa.Column(float, pa.Check.ge(0)) for k in list(row)[2:]}})
    frame = pd.DataFrame([row])

    def pandera_check() -> None:
        schema.validate(frame)

    t_pa = cpu_per_call(pandera_check, 50, rounds)
    ratio = t_eval / t_pa
    print(f"    pandera, one row   {t_pa * 1e6:8.0f} µs  (the report's 5 values as columns, a check each, all passing)")
    print(f"    ratio evaluate / pandera = {ratio:.2f}  (goal ≤ 0.25)")
    goal("library call: evaluate / pandera one-row validation", ratio, "≤ 0.25×", ratio <= 0.25)


# --------------------------------------------------------------------------------- cold start


def cold_start(repeats: int) -> None:
    OUT.mkdir(exist_ok=True)
    print("\n== 1. cold start / 冷启动: mzcheck check examples/cixi-2024.yaml --format json vs python -c pass")
    example = str(ROOT / "examples" / "cixi-2024.yaml")
    # the compiled rule set is cached on disk (mzcheck/load/cache.py): the warm-up run of alternate() fills a
    # cache folder of the benchmark's own, as a user's first run fills theirs
    cache = {**os.environ, "MZCHECK_CACHE_DIR": str(OUT / "cache")}
    typed = shutil.which("mzcheck"), shutil.which("python")
    variants: list[tuple[str, dict[str, list[str]], dict[str, str] | None]] = []
    if all(typed):
        variants.append(("as typed (console script, `python` on PATH)",
                         {"mzcheck": [str(typed[0]), "check", example, "--format", "json"],
                          "python": [str(typed[1]), "-c", "pass"]}, cache))
    direct = {"mzcheck": [sys.executable, "-m", "mzcheck", "check", example, "--format", "json"],
              "python": [sys.executable, "-c", "pass"]}
    variants.append((f"through {sys.executable}", direct, cache))
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # this machine sets PYTHONDONTWRITEBYTECODE, so mzcheck's own modules compile at every start; an
        # installed mzcheck has its bytecode: the same pair once more with a bytecode cache (in benchmarks/out)
        cached = {k: v for k, v in cache.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
        variants.append(("with a bytecode cache, as after pip install", direct, cached))
    no_cache = {**os.environ, "MZCHECK_CACHE_DIR": "off"}
    # a rule set's first run loads and validates its files, then caches them: shown beside the goal, not held to it
    first = "without the rule-set cache (first run, or MZCHECK_CACHE_DIR=off)"
    variants.append((first, direct, no_cache))
    for label, commands, env in variants:
        times = alternate(commands, repeats, env)
        m, p = (statistics.median(times[k]) for k in ("mzcheck", "python"))
        print(f"  {label}:")
        for k in commands:
            print(f"    {k:8s} median {fmt_s(statistics.median(times[k])):>8s}  min {fmt_s(min(times[k])):>8s}")
        ratio = m / p
        print(f"    ratio mzcheck / python -c pass = {ratio:.2f}  ({'no goal: a rule set loads once' if label == first else 'goal ≤ 4, stretch ≤ 3'}); "
              f"CPU-time ratio {cpu_ratio('mzcheck', 'python')}")
        if label == first:
            goal(f"cold start, {label.split(' (')[0]}", ratio, "none (the run that caches the rule set)", None)
        else:
            goal(f"cold start, {label.split(' (')[0]}", ratio, "≤ 4× python -c pass (stretch 3×)", ratio <= 4)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        _start_account(direct["mzcheck"], cached, repeats)


# the modules a run imports, printed at its exit (a check that fails its report still imports them all)
_MODULES_AT_EXIT = ("import atexit, runpy, sys\n"
                    "atexit.register(lambda: print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr))\n"
                    "sys.argv = ['mzcheck', *sys.argv[1:]]\n"
                    "runpy.run_module('mzcheck', run_name='__main__')\n")
_PYDANTIC_FLOOR = "import pydantic\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int\n"


def _start_account(check: Sequence[str], env: dict[str, str], repeats: int) -> None:
    """Where a cold check's time goes (docs/design/0034-messages-without-pydantic.md): the interpreter, pydantic
    with one model (what any model on the check path costs), the check's imports without running it, and the
    check; and whether the check imports pydantic at all (the way to ≤ 4× is a check that does not)."""
    args = list(check[check.index("mzcheck") + 1:])
    said = subprocess.run([sys.executable, "-c", _MODULES_AT_EXIT, *args], capture_output=True, text=True, env=env)
    line = next((x for x in said.stderr.splitlines() if x.startswith("MODULES ")), "MODULES")
    names = [m for m in line.split()[1:] if m not in sys.builtin_module_names and not m.endswith("__main__")]
    light = "pydantic" not in names  # a check on light records (0035): its modules are imported as it imports them
    imports = ("import importlib\n"
               + ("from mzcheck.core import modelbase\nmodelbase.use_light()\n" if light else "")
               + f"for m in {names!r}:\n"
               "    try:\n"
               "        importlib.import_module(m)\n"
               "    except Exception:\n"  # a module that only a platform or a parent package's state allows
               "        pass\n")
    commands = {"pass": [sys.executable, "-c", "pass"], "pydantic": [sys.executable, "-c", _PYDANTIC_FLOOR],
                "imports": [sys.executable, "-c", imports], "check": list(check)}
    times = {k: statistics.median(v) for k, v in alternate(commands, repeats, env).items()}
    base = times["pass"]
    print("  where the time goes, with a bytecode cache (medians; docs/design/0034-messages-without-pydantic.md, 0035):")
    rows = [("python -c pass", times["pass"], ""),
            ("pydantic and one model", times["pydantic"], f"+{fmt_s(times['pydantic'] - base)}"),
            (f"the check's {len(names)} modules, imported", times["imports"], f"+{fmt_s(times['imports'] - base)}"),
            ("the check", times["check"], f"running it {fmt_s(times['check'] - times['imports'])}")]
    for what, t, note in rows:
        print(f"    {what:34s} {fmt_s(t):>8s}  {note}")
    if "pydantic" in names:
        print(f"    the check imports pydantic: yes. Less pydantic's own start it would take about "
              f"{(times['check'] - times['pydantic'] + base) / base:.1f}× python -c pass, less again the defining of "
              "mzcheck's models (0034)")
    else:
        print("    the check imports pydantic: no (light records, docs/design/0035-light-records-for-a-check.md)")


# ----------------------------------------------------------------------------- column verdicts


def columns(n: int, sample: int, repeats: int) -> None:
    import numpy as np
    import pint

    from mzcheck import bulk
    from mzcheck.bulk import columns as bulk_columns
    from mzcheck.core._pint import DEFINITIONS
    from mzcheck.core.compare import float_cut, judge
    from mzcheck.core.errors import InputError
    from mzcheck.core.numbers import from_python
    from mzcheck.core.units import Quantity, parse_quantity, parse_unit

    print(f"\n== 2. column verdicts / 数值列判定: {n:,} values in one unit")
    ureg: Any = pint.UnitRegistry()
    ureg.load_definitions(str(DEFINITIONS))
    rng = np.random.default_rng(2025)

    def crowd(values: Any, at: float) -> Any:
        """Put 1% of the values exactly at ``at`` and 1% one ulp either side of it."""
        k = n // 100
        values[:k], values[k:2 * k], values[2 * k:3 * k] = at, np.nextafter(at, -np.inf), np.nextafter(at, np.inf)
        rng.shuffle(values)
        return values

    # share of nursing-type beds as bureaus report it (one decimal: many counties at exactly 80.0);
    # assistance funds in 亿元 crowding 0.29亿元; a "two thirds of the townships" target, 66.666…%
    scenarios = [
        ("护理型床位占比 ≥ 80%, values in %", np.round(rng.uniform(40, 100, n), 1), "%", ">=", "80%", True, 80.0),
        ("救助资金 ≥ 29000000元, values in 亿元", crowd(rng.normal(0.29, 0.05, n), 0.29), "亿元", ">=", "29000000元",
         False, 0.29),
        ("覆盖率 ≥ 2/3 (三分之二), values in %", crowd(np.round(rng.uniform(50, 90, n), 2), 200 / 3), "%", ">=", "2/3",
         True, 200 / 3),
    ]
    for label, values, unit, comparator, target, share, t_float in scenarios:
        col_unit = parse_unit(unit)
        got = bulk.compare_column(values, unit, comparator, target, share=share)
        t_bulk = best(lambda values=values, unit=unit, comparator=comparator, target=target, share=share:
                      bulk.compare_column(values, unit, comparator, target, share=share), repeats)
        t_numpy = best(lambda values=values, t_float=t_float: values >= t_float, repeats * 4)
        pint_unit = ureg.Unit("percent" if unit == "%" else unit)
        t_q = parse_quantity(target).quantity
        pint_target = ureg.Quantity(float(t_q.magnitude), ureg.Unit("percent" if t_q.unit.text == "%" else
                                                                     (t_q.unit.text or "dimensionless")))
        part = values[:sample].tolist()
        start = time.perf_counter()
        pint_verdicts = [ureg.Quantity(v, pint_unit) >= pint_target for v in part]
        t_pint = (time.perf_counter() - start) * n / sample
        # the exact path on every value: the decimal the float prints as, in its unit, against the target,
        # all in Fractions (each distinct value once)
        start = time.perf_counter()
        judged: dict[float, str] = {}
        exact = []
        for v in values.tolist():
            verdict = judged.get(v)
            if verdict is None:
                try:
                    x = from_python(v)
                    if x < 0 or (share and x * col_unit.factor > 1):
                        verdict = "invalid"
                    else:
                        met = judge(Quantity(x, col_unit).to(t_q.unit), comparator, t_q.magnitude)
                        verdict = "met" if met else "not_met"
                except InputError:
                    verdict = "invalid"
                judged[v] = verdict
            exact.append(verdict)
        t_exact = time.perf_counter() - start
        identical = got.statuses() == exact
        ties = int(np.count_nonzero(values == t_float))
        near = int(np.count_nonzero(np.abs(values - t_float) <= 4 * np.spacing(t_float))) - ties
        pint_wrong = sum(1 for p, e in zip(pint_verdicts, exact) if (e == "met") != bool(p))
        print(f"  {label}")
        cut = float_cut(Quantity(t_q.magnitude, t_q.unit).to(col_unit), comparator)
        print(f"    values exactly at the threshold's float: {ties:,}; within 4 ulps of it: {near:,}; settled once, "
              f"with Fractions, by the cut: met ⇔ value >= {cut!r}; values re-checked one by one: {got.rechecked:,}")
        print(f"    mzcheck.bulk   {fmt_s(t_bulk):>9s}   counts {got.counts()}")
        print(f"    bare numpy     {fmt_s(t_numpy):>9s}   (values >= {t_float!r})")
        print(f"    pint, 1 by 1   {fmt_s(t_pint):>9s}   ({sample:,} timed, scaled; {pint_wrong:,} of those judged "
              f"otherwise than the exact path)")
        print(f"    exact path     {fmt_s(t_exact):>9s}   (every value's decimal as a Fraction; {len(judged):,} distinct)")
        print(f"    identical to the exact path on all {n:,} values: {'yes' if identical else 'NO'}")
        print(f"    ratios: pint / bulk = {t_pint / t_bulk:,.0f}× (goal ≥ 100×);  bulk / numpy = "
              f"{t_bulk / t_numpy:.1f}× (goal ≤ 20×)")
        short = label.split(",")[0]
        goal(f"columns {short}: pint / bulk", t_pint / t_bulk, "≥ 100×", t_pint / t_bulk >= 100)
        goal(f"columns {short}: bulk / numpy", t_bulk / t_numpy, "≤ 20×", t_bulk / t_numpy <= 20)
        goal(f"columns {short}: identical verdicts", float(identical), "all values", identical)
    print("  pure Python (no numpy), for scale:", end=" ")
    from unittest import mock

    with mock.patch.object(bulk_columns, "numpy_or_none", lambda: None):
        plain = scenarios[0][1][:100_000].tolist()
        t_plain = best(lambda: bulk.compare_column(plain, "%", ">=", "80%", share=True), 1)
    print(f"{fmt_s(t_plain * n / 100_000)} for {n:,} values (timed on 100,000)")


# ---------------------------------------------------------------------------------- big CSV


_READERS = {  # reading the same file, as the baselines: Python's csv module, and polars and DuckDB if installed
    "csv": ("import csv, sys\n"
            "with open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
            "    for row in csv.reader(f): pass\n"),
    "polars": "import sys, polars\npolars.read_csv(sys.argv[1], infer_schema=False)\n",
    "duckdb": "import sys, duckdb\nduckdb.sql(f\"SELECT count(*) FROM read_csv('{sys.argv[1]}', all_varchar=true)\").fetchall()\n",
}


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def csv_check(sizes: Sequence[int], repeats: int, dense_sizes: Sequence[int], big: int | None) -> None:
    from mzcheck.cli import main
    from mzcheck.read import stream

    print("\n== 3. mzcheck check big.csv --format json / 大表检查 vs Python's csv module reading the same file")
    OUT.mkdir(exist_ok=True)
    # mzcheck as installed for the interpreter that runs the csv module's read: its console script beside that
    # interpreter, each side started the same way. A version manager's shim found first on PATH (pyenv's, on this
    # machine: a bash script that finds the interpreter, some 0.06-0.1 s) would add its start to mzcheck's side only
    script = Path(sys.executable).parent / "mzcheck"
    prefix = [str(script)] if script.is_file() and os.access(script, os.X_OK) else [sys.executable, "-m", "mzcheck"]
    typed = shutil.which("mzcheck")
    if typed and Path(typed).resolve() != script.resolve():
        print(f"  (mzcheck run as {prefix[0]}, the console script beside {sys.executable}, which reads with the csv "
              f"module; `mzcheck` on PATH is {typed}, which adds its own start)")
    env = {**os.environ, "MZCHECK_CACHE_DIR": str(OUT / "cache")}  # the compiled rule set cached, as for a user
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        # this machine sets PYTHONDONTWRITEBYTECODE, so every run would compile mzcheck's modules (some 0.1 s);
        # an installed mzcheck has its bytecode: as the cold start's "after pip install", a bytecode cache
        env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
        print("  (with a bytecode cache in benchmarks/out/pycache, as after pip install: this machine sets "
              "PYTHONDONTWRITEBYTECODE)")
    readers = [k for k in _READERS if k == "csv" or _installed(k)]
    from mzcheck.core.forks import jobs

    processes = jobs()
    print(f"  mzcheck reads and decides a table of 16 MB and more in {processes} process(es) side by side "
          "(MZCHECK_JOBS; docs/design/0028-pieces-side-by-side.md); the csv module reads in one")
    if len(readers) < len(_READERS):
        print(f"  (reading baselines not installed: {', '.join(k for k in _READERS if k not in readers)}; "
              "pip install '.[bench]')")
    cases = [("bundled", "bundled rules (< 1% of the reports have rules)", data.write_targets(OUT / "targets"),
              "rows", data.write_csv, [*sizes, *([big] if big else [])]),
             ("dense", "rules on every report (each city's each-county targets, 2021–2025)",
              data.write_dense_targets(OUT / "dense-targets"), "dense", data.write_dense_csv, list(dense_sizes))]
    for case, label, targets, stem, write, ns in cases:
        print(f"  -- {label}")
        walls: dict[int, float] = {}
        for n in ns:
            path = OUT / f"{stem}-{n}.csv"
            if not path.exists():
                write(path, n)
            commands = {"mzcheck": [*prefix, "check", str(path), "--targets", str(targets), "--format", "json"],
                        **{k: [sys.executable, "-c", _READERS[k], str(path)] for k in readers}}
            times = alternate(commands, repeats if n <= 100_000 else max(repeats - 2, 2) if n <= 1_000_000 else 1, env)
            peak = peak_mb(commands["mzcheck"], env)
            together = tree_peak_mb(commands["mzcheck"], env) if processes > 1 and n >= 1_000_000 else peak
            m, c = statistics.median(times["mzcheck"]), statistics.median(times["csv"])
            walls[n] = m
            cpu_row = statistics.median(CPU["mzcheck"]) / n * 1e6
            others = "".join(f", {k} {fmt_s(statistics.median(times[k]))} ({statistics.median(times[k]) / c:.2f}×)"
                             for k in readers if k != "csv")
            print(f"  {n:>9,} rows ({path.stat().st_size / 1e6:5.1f} MB): mzcheck {fmt_s(m):>8s} (min "
                  f"{fmt_s(min(times['mzcheck']))}), csv {fmt_s(c):>8s}{others}; ratio {m / c:.2f}× (CPU "
                  f"{cpu_ratio('mzcheck', 'csv')}×); CPU {cpu_row:.2f} µs/row; peak {peak:,.0f} MB"
                  + (f" (largest process; all {processes} processes together {together:,.0f} MB)" if together != peak else ""))
            if case == "bundled" and n == max(sizes):
                goal(f"check {n:,}-row CSV, bundled rules / csv read", m / c, "≤ 1.0× (stretch 0.7×)", m / c <= 1.0)
            if case == "dense" and n == max(ns):
                goal(f"check {n:,}-row CSV, rules on every report / csv read", m / c, "≤ 3× (stretch 1.5×)", m / c <= 3)
            if n >= 1_000_000:
                goal(f"check {n:,}-row CSV, {case}: peak memory MB (all processes)", together, "≤ 200 MB", together <= 200)
        ns = sorted(walls)
        steps = [(walls[b] - walls[a]) / (b - a) * 1e6 for a, b in itertools.pairwise(ns)]
        print("  growth, time per added row: " + ", ".join(f"{a:,} → {b:,} rows: {us:.2f} µs/row"
                                                        for (a, b), us in zip(itertools.pairwise(ns), steps)))
        if case == "dense":
            _dense_exact(OUT / f"{stem}-{max(ns)}.csv", targets, prefix, env)
    mid = next((n for n in sizes if n >= 100_000), sizes[-1])
    path = OUT / f"rows-{mid}.csv"
    targets = OUT / "targets"
    outputs = []
    for threshold in (1 << 62, 0):  # the table reader, then the streaming reader
        stream.STREAM_MIN_BYTES = threshold
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main(["check", str(path), "--targets", str(targets), "--format", "json"])
        outputs.append(buf.getvalue())
    same = outputs[0] == outputs[1]
    print(f"  {mid:,}-row file: streamed output identical to the table reader's, byte for byte: {'yes' if same else 'NO'}")
    goal(f"check {mid:,}-row CSV: output identical to the table reader", float(same), "byte for byte", same)


def _dense_exact(path: Path, targets: Path, prefix: list[str], env: dict[str, str], sample: int = 300) -> None:
    """The streamed verdicts of a sample of county reports against the per-report path: each report's rows
    written as a file of its own, read by load_report and checked by evaluate, exact Fractions throughout."""
    import csv
    import json

    import mzcheck

    out = OUT / "dense-output.json"
    with out.open("w", encoding="utf-8") as f:
        subprocess.run([*prefix, "check", str(path), "--targets", str(targets), "--format", "json"], stdout=f,
                       env={**env, "CI": "1"}, check=False)
    streamed = {(o["report"]["code"], o["report"]["period"]): o for o in json.loads(out.read_text(encoding="utf-8"))["reports"]}
    rng = random.Random(15)
    rows: dict[tuple[str, int], list[list[str]]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for row in reader:
            rows.setdefault((row[0], int(row[1])), []).append(row)
    keys = rng.sample(sorted(rows), min(sample, len(rows)))
    rules = mzcheck.load_targets(targets)
    folder = OUT / "dense-sample"
    folder.mkdir(exist_ok=True)

    def verdicts(obj: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [(r["rule_id"], r["status"], r["actual"], r["gap"], r["completion"]) for r in obj["results"]]

    differ = checked = 0
    for code, period in keys:
        one = folder / f"{code}-{period}.csv"
        with one.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows[(code, period)])
        (report,) = mzcheck.load_report(one, rules)
        alone = mzcheck.evaluate(rules, report).model_dump(mode="json")
        checked += len(alone["results"])
        differ += verdicts(alone) != verdicts(streamed[(code, period)])
    same = differ == 0 and checked > 0
    print(f"  exactness: {len(keys)} county reports ({checked:,} verdicts) checked one by one through load_report and "
          f"evaluate: {'all equal to the streamed ones' if same else f'{differ} reports DIFFER'}")
    goal("dense table: verdicts equal to the per-report path (a sample)", float(same), "all values", same)


# ------------------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 200,000 rows at most")
    parser.add_argument("--only", choices=["library", "start", "columns", "csv"], help="run one part")
    parser.add_argument("--no-big", action="store_true", help="leave out the 5,000,000-row file (bundled rules)")
    args = parser.parse_args()
    random.seed(2025)
    started = time.perf_counter()
    print(f"machine: {machine()}")
    repeats = 3 if args.quick else 7
    if args.only in (None, "library"):
        library(repeats)
    if args.only in (None, "start"):
        cold_start(repeats)
    if args.only in (None, "columns"):
        columns(1_000_000, 100_000, 3 if args.quick else 5)
    if args.only in (None, "csv"):
        csv_check((10_000, 100_000, 200_000) if args.quick else (10_000, 100_000, 1_000_000), 3 if args.quick else 5,
                  (100_000, 200_000) if args.quick else (100_000, 1_000_000), None if args.quick or args.no_big else 5_000_000)
    print(f"\n== summary / 汇总  ({time.perf_counter() - started:.0f} s)")
    for what, value, text, holds in RESULTS:
        shown = ("yes" if value else "no") if text in ("all values", "byte for byte") else f"{value:,.2f}"
        mark = "    " if holds is None else "ok  " if holds else "MISS"
        print(f"  {mark}  {what:58s} {shown:>10s}   goal {text}")
    return 0 if all(h is not False for *_, h in RESULTS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
