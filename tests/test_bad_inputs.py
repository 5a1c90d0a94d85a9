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
SUPPORT = {"targets", "rules/indicators.yaml", "rules/jurisdictions.yaml", "catalogue.yaml"}


def command(entry: dict[str, Any]) -> list[str]:
    if entry["input"].startswith("reports/"):
        return ["check", entry["input"], "--targets", "targets", "--no-bundled", "--format", "json"]
    return ["lint", entry["input"], "--no-bundled"]


def run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_catalogue_is_large_and_lists_every_file() -> None:
    assert len(CATALOGUE) >= 60
    listed = {e["input"] for e in CATALOGUE}
    assert len(listed) == len(CATALOGUE), "an input is listed twice"
    on_disk = {str(p.relative_to(HERE)) for folder in ("reports", "rules") for p in (HERE / folder).iterdir()}
    on_disk |= {str(p.relative_to(HERE)) for p in (HERE / "catalogs").iterdir()}
    assert on_disk - SUPPORT == listed, "every file in tests/bad_inputs has an entry, and every entry a file"
    for entry in CATALOGUE:
        assert entry["why"].strip() and entry["exit"] in (0, 1, 2)
        assert ("stderr" in entry) == (entry["exit"] == 2), entry["input"]


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e["input"] for e in CATALOGUE])
def test_bad_input(entry: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    code, out, err = run(capsys, command(entry))
    assert "Traceback" not in err and "internal error" not in err
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


@pytest.mark.parametrize("entry", [e for e in CATALOGUE if e.get("subprocess")],
                         ids=[e["input"] for e in CATALOGUE if e.get("subprocess")])
def test_bad_input_in_a_new_process(entry: dict[str, Any]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MZCHECK_DEBUG", "MZCHECK_LANG")}
    proc = subprocess.run([sys.executable, "-m", "mzcheck", *command(entry)], cwd=HERE, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)
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


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_stream_that_never_ends_is_refused_at_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, ["check", "/dev/zero", "--targets", str(HERE / "targets"), "--no-bundled"])
    assert code == 2
    assert err.startswith(f"mzcheck: /dev/zero: F104 file is longer than the limit, above the {MAX_BYTES // 2**20} MB limit")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_cannot_be_read_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Reading /proc/self/mem fails with EIO even for root: the user gets exit 2 and why, not an internal error."""
    code, _, err = run(capsys, ["check", "/proc/self/mem", "--targets", str(HERE / "targets"), "--no-bundled"])
    assert (code, err) == (2, "mzcheck: /proc/self/mem: F105 cannot read the file: Input/output error / 无法读取文件\n")
