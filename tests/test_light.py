"""A check on light records says exactly what it says on pydantic's models (docs/design/0035-light-records-for-a-check.md).

``mzcheck check`` runs on light records when nothing in it needs validating (the rule set from the signed
cache, no waiver file, nothing recorded, a JSON or text writer). Every run here is made twice, in processes of
their own as a user makes them: with ``MZCHECK_LIGHT=off`` (pydantic's models, which also fills the rule-set
cache) and then as the command runs by default. The exit code, the output and the messages must be the same
byte for byte, and the second run must have been light (it imported no pydantic).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from province import write_csv, write_targets, write_xlsx

from mzcheck.load.rules import load_targets
from mzcheck.testing import reports

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
HOSTILE = sorted((ROOT / "tests" / "bad_inputs" / "reports").iterdir())
WORKBOOKS = sorted((ROOT / "tests" / "fixtures" / "workbooks").iterdir())  # an .xls, read by xlrd

# the command as its console script runs it, saying at exit whether pydantic was imported; PATCH sets module
# constants once the run has chosen its records (a small table read in pieces and decided by two processes)
_RUN = """
import atexit, os, sys
atexit.register(lambda: open(os.environ["LIGHT_PROBE"], "w").write(str("pydantic" in sys.modules)))
sys.argv = ["mzcheck", *sys.argv[1:]]
import mzcheck.cli as cli
if os.environ.get("LIGHT_PIECES"):
    chosen = cli._light
    def _light(args):
        chosen(args)
        from mzcheck.read import stream
        from mzcheck.render import pieces
        stream.STREAM_MIN_BYTES = stream.SPLIT_MIN_BYTES = 0
        stream.BLOCK = 4096
        pieces.APART_MIN_SECONDS = pieces.APART_SMALL_SECONDS = 0.0
    cli._light = _light
raise SystemExit(cli.entry())
"""


def _run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str, bool]:
    probe = cwd / "probe.txt"
    probe.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, cwd=cwd,
                          env={**env, "LIGHT_PROBE": str(probe)}, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr, probe.read_text() == "True"


def both(args: list[str], tmp: Path, *, light: bool = True, **extra: str) -> tuple[int, str]:
    """Run ``mzcheck *args`` on pydantic's models, then as it runs by default; both must say the same, and the
    second must have been light (or not, with ``light=False``). Gives the exit code and the output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MZCHECK_")}
    env.update({"MZCHECK_CACHE_DIR": str(tmp / "cache"), "XDG_DATA_HOME": str(tmp / "data"), **extra})
    code, out, err, imported = _run(args, {**env, "MZCHECK_LIGHT": "off"}, tmp)
    assert imported, "a run with MZCHECK_LIGHT=off is on pydantic's models"
    light_code, light_out, light_err, light_imported = _run(args, env, tmp)
    assert (light_code, light_out, light_err) == (code, out, err), (args, light_err[-2000:], err[-2000:])
    assert light_imported is not light, f"{args}: pydantic imported: {light_imported}"
    return code, out


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "junit", "github", "html"])
def test_the_examples_read_the_same_on_light_records(tmp_path: Path, fmt: str) -> None:
    code, out = both(["check", *map(str, EXAMPLES), "--format", fmt], tmp_path)
    assert code == 1 and out.count("杭州市") >= 3  # the examples fall short of binding targets (examples/README.md)
    if fmt not in ("json", "text"):
        return
    code, out = both(["check", *map(str, EXAMPLES), "--format", fmt, "--lang", "en", "--year", "2025",
                      "--fail-on", "warning", "--completion", "total"], tmp_path)
    assert code == 1


def test_every_hostile_report_reads_the_same_on_light_records(tmp_path: Path) -> None:
    code, out = both(["check", *map(str, HOSTILE + WORKBOOKS), "--format", "json", "--fail-on-empty"], tmp_path)
    assert code == 2 and '"errors": [' in out and '"code": "R1' in out
    code, out = both(["check", *map(str, HOSTILE), "--lang", "en"], tmp_path)
    assert code == 2


def test_a_province_table_read_whole_in_pieces_and_from_a_workbook_is_the_same_on_light_records(
        tmp_path: Path) -> None:
    targets = write_targets(tmp_path / "targets")
    rules = load_targets(targets, bundled=False)  # a copy of the bundled layer with the province's rules
    table = write_csv(tmp_path / "province.csv", rules)
    book = write_xlsx(tmp_path / "province.xlsx", rules)
    for path in (table, book):
        code, out = both(["check", str(path), "--targets", str(targets), "--no-bundled", "--format", "json"], tmp_path)
        assert code == 1 and out.count('"jurisdiction": ') >= 100
    # streamed, read in pieces by forked processes and decided by two: the records cross between processes
    code, out = both(["check", str(table), "--targets", str(targets), "--no-bundled", "--format", "json"], tmp_path,
                     LIGHT_PIECES="1", MZCHECK_JOBS="2")
    assert out.count('"jurisdiction": ') >= 100


def test_a_workbook_of_results_is_the_same_on_light_records(tmp_path: Path) -> None:
    import openpyxl

    env = {k: v for k, v in os.environ.items() if not k.startswith("MZCHECK_")}
    env.update(MZCHECK_CACHE_DIR=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
    books = []
    for light in ("off", ""):
        book = tmp_path / f"results-{light or 'light'}.xlsx"
        args = ["check", *map(str, EXAMPLES), "--format", "xlsx", "--output", str(book)]
        code, _, err, imported = _run(args, {**env, "MZCHECK_LIGHT": light}, tmp_path)
        assert code == 1 and imported is (light == "off"), err
        workbook = openpyxl.load_workbook(book)
        books.append([[[c.value for c in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets])
    assert books[0] == books[1] and sum(map(len, books[0])) > 20  # an overview and a sheet of results


def test_mid_year_progress_and_a_history_store_read_the_same_on_light_records(tmp_path: Path) -> None:
    store = tmp_path / "history.sqlite3"
    recorded = subprocess.run([sys.executable, "-m", "mzcheck", "check", str(ROOT / "examples" / "hangzhou-2024.yaml"),
                               "--record", "--history-db", str(store)], capture_output=True, text=True)
    assert recorded.returncode == 1 and store.exists(), recorded.stderr
    midyear = [str(p) for p in EXAMPLES if "midyear" in p.name]
    code, out = both(["check", *midyear, "--format", "json", "--history-db", str(store)], tmp_path)
    assert code == 1 and '"on_track"' in out and '"behind"' in out and '"trajectory"' in out


def test_what_needs_validating_runs_on_pydantics_models(tmp_path: Path) -> None:
    report = str(ROOT / "examples" / "cixi-2024.yaml")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n", encoding="utf-8")
    both(["check", report, "--waivers", str(waivers), "--format", "json"], tmp_path, light=False)  # a waiver file
    both(["check", report, "--format", "jsonl"], tmp_path, light=False)  # a writer of the models' own JSON
    both(["check", report, "--format", "json"], tmp_path, light=False, MZCHECK_CACHE_DIR="off")  # no cache


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_generated_reports_read_the_same_on_light_records(tmp_path_factory: pytest.TempPathFactory,
                                                           data: st.DataObject) -> None:
    tmp = tmp_path_factory.mktemp("generated")
    rules = load_targets()
    files = []
    for i in range(4):
        case = data.draw(reports(rules), label=f"report {i}")
        path = tmp / f"r{i}.{'yaml' if i % 2 else 'json'}"
        path.write_text(case.to_yaml() if i % 2 else case.to_json(), encoding="utf-8")
        files.append(str(path))
    both(["check", *files, "--format", "json"], tmp)
    both(["check", *files, "--lang", "en"], tmp)


# What a light record does as its model does: run in a process of its own, light or not (argv[1]), reading the
# records the other process pickled (argv[2]) and pickling its own (argv[3]); printed as JSON to be compared.
_BEHAVIOUR = """
import copy, datetime as dt, json, pickle, sys
from decimal import Decimal
if sys.argv[1] == "light":
    from mzcheck.core import modelbase
    modelbase.use_light()
from mzcheck.core.messages import Message
from mzcheck.model import report, results, rules, waivers

def raises(f):
    try:
        f()
    except Exception:
        return True
    return False

said = {}
for module in (results, report, rules, waivers):
    for name, cls in sorted(vars(module).items()):
        if isinstance(cls, type) and cls.__module__ == module.__name__ and hasattr(cls, "model_fields"):
            said[name] = [(f, i.is_required(), repr(i.default) if i.default_factory is None else "factory")
                          for f, i in cls.model_fields.items()] + [bool(cls.model_config.get("frozen"))]
name = rules.Name(zh="护理型床位占比", en="nursing bed share")
amount = results.Amount(value=Decimal("1.50"), unit="percent")
finding = results.Finding(code="W106", severity="warning", message=Message(zh="接近", en="close", code="W106"))
place = rules.Jurisdiction(code="330282", name="慈溪市", aliases=["慈溪"])
said["records"] = [repr(x.model_dump()) for x in (name, amount, finding, place)]
said["equal"] = [name == rules.Name(zh=name.zh, en=name.en), amount == results.Amount(value=Decimal("1.5"), unit="x"),
                 hash(name) == hash(rules.Name(zh=name.zh, en=name.en))]
said["frozen"] = [raises(lambda: setattr(name, "zh", "x")), raises(lambda: hash(place)), raises(lambda: hash(amount))]
moved = amount.model_copy(update={"unit": "%"})
shallow = copy.copy(finding)
shallow.code = "W107"
deep = copy.deepcopy(place)
deep.aliases.append("x")
said["copies"] = [moved.unit, amount.unit, sorted(moved.model_fields_set), finding.code, shallow.code,
                  place.aliases, deep.aliases]
said["given"] = [sorted(x.model_fields_set) for x in (name, amount, finding, place)]
theirs = []  # what the other process pickled, when it ran first ("-": nothing yet)
if sys.argv[2] != "-":
    with open(sys.argv[2], "rb") as f:
        theirs = pickle.load(f)
said["read back"] = [repr(x.model_dump()) for x in theirs] + [type(x).__module__ for x in theirs]
with open(sys.argv[3], "wb") as f:
    pickle.dump([name, amount, finding, place], f)
print(json.dumps(said, ensure_ascii=False, sort_keys=True))
"""


def test_light_records_behave_as_the_models_and_pickle_across(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    first = subprocess.run([sys.executable, "-c", _BEHAVIOUR, "models", "-", str(tmp_path / "models.pickle")],
                           capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr[-2000:]
    said = {}
    for mode, other in (("light", "models"), ("models", "light")):
        run = subprocess.run([sys.executable, "-c", _BEHAVIOUR, mode, str(tmp_path / f"{other}.pickle"),
                              str(tmp_path / f"{mode}.pickle")], capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr[-2000:]
        said[mode] = run.stdout
    assert said["light"] == said["models"]
    import json

    shown = json.loads(said["light"])
    assert len(shown) > 25 and shown["frozen"] == [True, True, True] and shown["copies"][3:5] == ["W106", "W107"]
