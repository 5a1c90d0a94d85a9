"""The bad-input catalogue (tests/bad_inputs/catalogue.yaml): the real CLI on every malformed input.

Each input ends in exit 2 with the exact message (file and line) the catalogue records, or — when the
rest of the file is usable — in ``invalid`` results with their exact reasons. Never a traceback. Also:
inputs are never opened for writing, a 2 GB file is refused without being read, and a device that
never ends is refused after the size limit.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mzcheck.cli import main
from mzcheck.core.yamlio import MAX_BYTES

HERE = Path(__file__).parent / "bad_inputs"
CATALOGUE: list[dict[str, Any]] = yaml.safe_load((HERE / "catalogue.yaml").read_text(encoding="utf-8"))
# the good rule set the reports are checked against, and the catalog beside the rule files
SUPPORT = {"targets", "rules/indicators.yaml", "rules/jurisdictions.yaml", "catalogue.yaml", "waivers/report.yaml"}


def command(entry: dict[str, Any]) -> list[str]:
    if "command" in entry:  # an output path, a history store: the input named in a command of its own
        return [str(a) for a in entry["command"]]
    if entry["input"].startswith("reports/"):
        return ["check", entry["input"], "--targets", "targets", "--no-bundled", "--format", "json"]
    if entry["input"].startswith("waivers/"):  # a waivers file, with the one report of its folder
        return ["check", "waivers/report.yaml", "--targets", "targets", "--no-bundled", "--waivers", entry["input"],
                "--format", "json"]
    return ["lint", entry["input"], "--no-bundled"]


def run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_catalogue_is_large_and_lists_every_file() -> None:
    assert len(CATALOGUE) >= 60
    listed = {e["input"] for e in CATALOGUE}
    assert len(listed) == len(CATALOGUE), "an input is listed twice"
    folders = ("reports", "rules", "catalogs", "stores", "waivers")
    on_disk = {str(p.relative_to(HERE)) for folder in folders for p in (HERE / folder).iterdir()}
    assert on_disk - SUPPORT == {i for i in listed if i.split("/")[0] in folders}, \
        "every file in tests/bad_inputs has an entry, and every entry a file"
    # elsewhere: a rule file of the targets, a missing folder, named by an entry's own command
    assert all("command" in e for e in CATALOGUE if e["input"].split("/")[0] not in folders)
    for entry in CATALOGUE:
        assert entry["why"].strip() and entry["exit"] in (0, 1, 2)
        assert ("stderr" in entry) == (entry["exit"] == 2), entry["input"]
        assert "command" not in entry or entry["input"] in entry["command"], entry["input"]


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e["input"] for e in CATALOGUE])
def test_bad_input(entry: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    before = _tree() if "command" in entry else None
    code, out, err = run(capsys, command(entry))
    assert "Traceback" not in err and "internal error" not in err
    assert before is None or _tree() == before, "a file of tests/bad_inputs was written, made or removed"
    assert code == entry["exit"], err
    if code == 2:
        assert err == entry["stderr"]
        if entry.get("where") != "the whole file":
            assert re.match(rf"mzcheck: {re.escape(entry['input'])}(/[\w.]+)?:\d+: ", err), "no file:line"
        else:
            assert err.startswith(f"mzcheck: {entry['input']}")
        return
    assert err == ""
    (report,) = json.loads(out)["reports"]
    statuses = {r["rule_id"]: r for r in report["results"]}
    invalid = entry.get("invalid", {})
    assert {rid for rid, r in statuses.items() if r["status"] == "invalid"} == set(invalid)
    for rule_id, message in invalid.items():
        got = statuses[rule_id]["message"]
        assert got["code"] == message.get("code", "S109")  # the verdict's own code: invalid
        assert {k: got[k] for k in ("zh", "en")} == {k: message[k] for k in ("zh", "en")}
    if "statuses" in entry:
        assert {rid: r["status"] for rid, r in statuses.items() if r["status"] != "missing"} == entry["statuses"]
        assert sorted(rid for rid, r in statuses.items() if r["status"] == "missing") == entry["missing"]


MEMORY_CAP = 500 * 2**20  # the whole process, Python included: no bad input may need more


def _memory_cap() -> None:
    """In the child, before mzcheck starts: cap its address space (where the platform can)."""
    try:
        import resource
    except ImportError:
        return
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _tree() -> dict[str, tuple[int, bytes]]:
    """Every file under tests/bad_inputs: its modification time and content."""
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(HERE.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("entry", [e for e in CATALOGUE if e.get("subprocess")],
                         ids=[e["input"] for e in CATALOGUE if e.get("subprocess")])
def test_bad_input_in_a_new_process(entry: dict[str, Any]) -> None:
    """As a user runs it, with at most 500 MB of memory and two minutes."""
    env = {k: v for k, v in os.environ.items() if k not in ("MZCHECK_DEBUG", "MZCHECK_LANG")}
    proc = subprocess.run([sys.executable, "-m", "mzcheck", *command(entry)], cwd=HERE, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120, preexec_fn=_memory_cap)
    assert proc.returncode == entry["exit"]
    assert proc.stderr == entry.get("stderr", "")


def test_inputs_are_never_opened_for_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An audit hook sees every open(); none of an input's may ask for writing, and the file stays as it was."""
    report = tmp_path / "report.yaml"
    report.write_text("jurisdiction: 杭州市\nperiod: 2025\nvalues: {certified_carers: 5310, elderly_population: 190万人}\n",
                      encoding="utf-8")
    targets = tmp_path / "targets"
    (targets / "rules").mkdir(parents=True)
    for name in ("indicators.yaml", "jurisdictions.yaml", "rules/plan-2025.yaml"):
        (targets / name).write_bytes((HERE / "targets" / name.replace("plan-2025", "test-2025")).read_bytes())
    inputs = [report, *targets.rglob("*.yaml")]
    for path in inputs:
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = {p: (p.stat().st_mode, p.stat().st_mtime_ns, p.read_bytes()) for p in inputs}
    opened: list[tuple[str, Any]] = []
    watching = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if watching[0] and event == "open" and isinstance(args[0], (str, Path)):
            opened.append((str(args[0]), args[1]))

    sys.addaudithook(hook)  # hooks cannot be removed: this one stops recording after the test
    try:
        for args in (["check", str(report), "--targets", str(targets), "--no-bundled"], ["lint", str(targets), "--no-bundled"],
                     ["targets", "--targets", str(targets), "--no-bundled", "--format", "json"]):
            run(capsys, args)
    finally:
        watching[0] = False
    names = {str(p) for p in inputs}
    reads = [(name, mode) for name, mode in opened if name in names]
    assert reads, "the audit hook saw the inputs being read"
    assert all(mode in (None, "r", "rb") for _, mode in reads), reads
    assert {p: (p.stat().st_mode, p.stat().st_mtime_ns, p.read_bytes()) for p in inputs} == before


def test_a_2_gb_file_is_refused_without_being_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: no disk used, and the test is quick because nothing is read
    code, _, err = run(capsys, ["check", str(huge), "--targets", str(HERE / "targets"), "--no-bundled"])
    assert code == 2
    assert err == (f"mzcheck: {huge}: F103 file is 2048 MB, above the 50 MB limit / 文件大小 2048 MB超过 50 MB 上限\n"
                   "  help: split the file or check that this is the right file / 请拆分文件或确认文件是否正确\n")


def test_a_regular_file_is_read_whole_to_its_limit_even_where_it_grew(tmp_path: Path) -> None:
    # a regular file is read by the size it had, then on to its end: a file grown since its size was taken is
    # read whole, and one grown past the limit is read to one byte beyond it (then refused, as F104)
    from mzcheck.core import files
    from mzcheck.core.errors import InputError

    f = tmp_path / "t.yaml"
    f.write_bytes(bytes(range(50)))
    assert files.read_bounded(f, 50) == bytes(range(50))
    with pytest.raises(InputError, match="F103"):
        files.read_bounded(f, 49)
    assert files._read_regular(f, 10, 100) == bytes(range(50))  # taken at 10 bytes, 50 now
    assert files._read_regular(f, 10, 30) == bytes(range(31))
    assert files._read_regular(f, 50, 100) == bytes(range(50))
    f.write_bytes(b"")
    assert files.read_bounded(f, 10) == b""


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_stream_that_never_ends_is_refused_at_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, ["check", "/dev/zero", "--targets", str(HERE / "targets"), "--no-bundled"])
    assert code == 2
    assert err.startswith(f"mzcheck: /dev/zero: F104 file is longer than the limit, above the {MAX_BYTES // 2**20} MB limit")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("name", ["/proc/self/mem", "/proc/self/status"])
def test_a_proc_file_is_refused_before_it_is_opened(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """/proc files say size 0 and may fail (mem: EIO) or never end: refused for what they are, unread."""
    code, _, err = run(capsys, ["check", name, "--targets", str(HERE / "targets"), "--no-bundled"])
    assert (code, err) == (2, f"mzcheck: {name}: F501 this is a system file of /proc or /sys, not a regular file; not "
                              "opened / 这是/proc 或 /sys 中的系统文件,不是普通文件;未打开\n"
                              "  help: save the content to a file first, then check that file / 请先把内容保存为文件再检查\n")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".json"])
def test_a_table_linked_to_a_stream_that_never_ends_is_refused_at_the_limit(
        suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV or workbook that is a link to /dev/zero: the size limit's message, never a MemoryError."""
    link = tmp_path / f"report{suffix}"
    link.symlink_to("/dev/zero")
    code, _, err = run(capsys, ["check", str(link), "--targets", str(HERE / "targets"), "--no-bundled"])
    assert code == 2
    assert err.startswith(f"mzcheck: {link}: F104 file is longer than the limit, above the {MAX_BYTES // 2**20} MB limit")


def _fifo_run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m mzcheck args`` in a new process, which must end by itself (a blocked read would not)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MZCHECK_DEBUG", "MZCHECK_LANG")}
    return subprocess.run([sys.executable, "-m", "mzcheck", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=60)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("name", ["report.yaml", "report.csv", "report.xlsx"])
def test_a_named_pipe_given_as_a_report_is_refused_without_waiting(name: str, tmp_path: Path) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    proc = _fifo_run(["check", name, "--targets", str(HERE / "targets"), "--no-bundled"], tmp_path)
    assert (proc.returncode, proc.stderr) == (2, f"mzcheck: {name}: F501 this is a named pipe (FIFO), not a regular "
                                                 "file; not opened / 这是命名管道(FIFO),不是普通文件;未打开\n  help: save "
                                                 "the content to a file first, then check that file / 请先把内容保存为文件再检查\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_among_the_rule_files_is_refused_without_waiting(tmp_path: Path) -> None:
    targets = tmp_path / "targets"
    (targets / "rules").mkdir(parents=True)
    for name in ("indicators.yaml", "jurisdictions.yaml", "rules/test-2025.yaml"):
        (targets / name).write_bytes((HERE / "targets" / name).read_bytes())
    os.mkfifo(targets / "rules" / "more.yaml")
    proc = _fifo_run(["check", str(HERE / "good.yaml"), "--targets", "targets", "--no-bundled"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mzcheck: targets/rules/more.yaml: F501 this is a named pipe (FIFO)"), proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("record", [[], ["--record"]])
def test_a_named_pipe_as_the_history_store_is_refused_without_waiting(record: list[str], tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "history.sqlite3")
    proc = _fifo_run(["check", str(HERE / "good.yaml"), "--targets", str(HERE / "targets"), "--no-bundled",
                      "--history-db", "history.sqlite3", *record], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mzcheck: history.sqlite3: F501 this is a named pipe (FIFO)"), proc.stderr


def test_a_csv_of_nothing_but_delimiters_is_refused_before_its_cells_are_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Some 2 MB of commas would be two million cells (hundreds of MB): refused from a count of delimiters."""
    from mzcheck.read.table import MAX_TABLE_CELLS

    commas = tmp_path / "commas.csv"
    commas.write_text("地区,年度,指标,数值\n" + "," * (MAX_TABLE_CELLS + 1), encoding="gb18030")  # GB18030: never streamed
    code, _, err = run(capsys, ["check", str(commas), "--targets", str(HERE / "targets"), "--no-bundled"])
    assert (code, err.splitlines()[0]) == (2, f"mzcheck: {commas}: F506 the table has about {MAX_TABLE_CELLS + 6} cells, "
                                              f"above the limit of {MAX_TABLE_CELLS}; refusing to read it / 表格约有 "
                                              f"{MAX_TABLE_CELLS + 6} 个单元格,超过 {MAX_TABLE_CELLS} 个上限,拒绝读取")


_ALL_IN_ONE = """
import contextlib, io, json, os, resource, signal, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
sys.path.insert(0, {tests!r})
os.chdir({here!r})
from test_bad_inputs import CATALOGUE, command
from mzcheck.cli import main

def too_long(*_):
    raise TimeoutError("over {seconds} s")

signal.signal(signal.SIGALRM, too_long)
seen = []
for entry in CATALOGUE:
    if entry.get("subprocess"):
        continue  # run in a process of its own, capped alike, by test_bad_input_in_a_new_process
    err = io.StringIO()
    signal.alarm({seconds})
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(command(entry))
    except TimeoutError:
        code = "hung"
    finally:
        signal.alarm(0)
    seen.append([entry["input"], code, "Traceback" in err.getvalue() or "internal error" in err.getvalue()])
print(json.dumps(seen))
"""


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs setrlimit and SIGALRM")
def test_every_bad_input_stays_within_500_mb_and_30_seconds() -> None:
    """Every entry of the catalogue, one after another in one process whose memory is capped at 500 MB, each
    under a 30-second alarm: none hangs, none needs more memory, none is an internal error."""
    code = _ALL_IN_ONE.format(cap=MEMORY_CAP, tests=str(Path(__file__).parent), here=str(HERE), seconds=30)
    env = {k: v for k, v in os.environ.items() if k not in ("MZCHECK_DEBUG", "MZCHECK_LANG")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=1800)
    assert proc.returncode == 0, proc.stderr[-4000:]
    seen = json.loads(proc.stdout.splitlines()[-1])
    expected = {e["input"]: e["exit"] for e in CATALOGUE if not e.get("subprocess")}
    assert len(seen) == len(expected) > 100
    wrong = [(name, code, crashed) for name, code, crashed in seen if code != expected[name] or crashed]
    assert wrong == []
