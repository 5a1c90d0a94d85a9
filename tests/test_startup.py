"""Start-up work: the fast YAML parser gives what the pure-Python one gives; a check stays light.

No timings here (docs/performance.md has them): these tests pin the behaviour the speed-ups must keep.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from mzcheck.core import yamlio
from mzcheck.core.errors import InputError

ROOT = Path(__file__).resolve().parent.parent

# Pieces of YAML, ordinary and odd: concatenated at random they reach the corners where libyaml and
# PyYAML's own parser disagree (tabs, tags, '?' keys, document markers, NEL, BOM, control characters).
PIECES = ["a", "值", "78%", "190.5万人", "0.29", "2025-12-31", "-", " ", "  ", "\n", "\n  ", "\n- ", ": ", "#c",
          "'", '"', "{", "}", "[", "]", ",", "?", "|", ">", "&x", "*x", "%", "@", "`", "~", "null", "yes", "1e3",
          "0x1F", "\\", "\r\n", "\r", "\u3000", "：", "\x85", "\u2028", "\xa0", "\ufeff", "...", "---",
          "note: >-\n  x\n", "q: |\n  a\n  b\n", "\n    ", ">-", "|-", "\t", "!!str ", "!x ", "\x1b", "\U0001f600"]


def _load(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    with monkeypatch.context() as m:
        if not fast:
            m.delattr(yaml, "CSafeLoader", raising=False)
        try:
            doc = yamlio.loads(text, "f.yaml")
        except InputError as exc:
            return ("error", str(exc))
        except RecursionError:  # a self-referencing alias, the same either way
            return ("recursion",)
        return ("ok", repr(doc.data), sorted(doc.lines.items(), key=repr))


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_libyaml_and_pure_python_parsing_give_the_same_document_or_error(text: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        assert _load(text, True, mp) == _load(text, False, mp)


def test_every_bundled_file_parses_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [*ROOT.glob("targets/**/*.yaml"), *ROOT.glob("examples/*.yaml")]
    assert len(files) >= 10
    for f in files:
        text = yamlio.read_text(f)
        assert _load(text, True, monkeypatch) == _load(text, False, monkeypatch), f


def test_a_tab_error_reads_the_same_with_libyaml_installed() -> None:
    with pytest.raises(InputError) as err:
        yamlio.loads("values:\n\tcertified_carers: 5310\n", "r.yaml")
    assert "r.yaml:2" in str(err.value)


def test_checking_a_bundled_example_loads_neither_pint_nor_numpy() -> None:
    code = ("import sys; from mzcheck.cli import main; "
            f"main(['check', {str(ROOT / 'examples' / 'cixi-2024.yaml')!r}, '--format', 'json']); "
            "print('MODULES', 'pint' in sys.modules, 'numpy' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stderr
    assert "MODULES False False" in out


def test_a_check_without_a_history_store_loads_neither_sqlite_nor_openssl(tmp_path: Path) -> None:
    # a check reads the default history store only when there is one; the rule-set cache is signed with BLAKE2,
    # built into CPython: neither SQLite nor OpenSSL (hashlib, hmac) is loaded to check a report
    env = {k: v for k, v in os.environ.items() if k != "MZCHECK_HISTORY"}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), MZCHECK_CACHE_DIR=str(tmp_path / "cache"))
    code = ("import sys; from mzcheck.cli import main; "
            f"code = main(['check', {str(ROOT / 'examples' / 'cixi-2024.yaml')!r}, '--format', 'json']); "
            "print('MODULES', code, [m for m in ('sqlite3', '_hashlib', 'hmac') if m in sys.modules], "
            "file=sys.stderr)")
    for run in ("writes the rule-set cache", "reads it"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env).stderr
        assert "MODULES 1 []" in out, (run, out[-2000:])
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    assert not (tmp_path / "data").exists()  # nothing made where the store would be


def test_the_check_command_imports_no_pydantic(tmp_path: Path) -> None:
    # docs/design/0035-light-records-for-a-check.md: once the rule set is cached, `mzcheck check` of a report runs
    # on light records; pydantic is imported when something must be validated (the first run loads the rules)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MZCHECK_")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), MZCHECK_CACHE_DIR=str(tmp_path / "cache"))
    code = ("import atexit, sys; "
            "atexit.register(lambda: print('MODULES', 'pydantic' in sys.modules, 'pydantic_core' in sys.modules, "
            "file=sys.stderr)); "
            "sys.argv = ['mzcheck', 'check', sys.argv[1], '--format', 'json']; "
            "import runpy; runpy.run_module('mzcheck', run_name='__main__')")
    example = str(ROOT / "examples" / "cixi-2024.yaml")
    said = [subprocess.run([sys.executable, "-c", code, example], capture_output=True, text=True, env=env).stderr
            for run in ("loads the rules and caches them", "reads them back")]
    assert "MODULES True True" in said[0], said[0][-2000:]
    assert "MODULES False False" in said[1], said[1][-2000:]


def test_the_argument_parser_imports_no_models() -> None:
    # --help and --version answer before pydantic and the models are imported
    code = ("import sys; from mzcheck.cli import build_parser; build_parser(); "
            "print('MODULES', 'pydantic' in sys.modules, 'mzcheck.model.results' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "MODULES False False" in out


def test_messages_and_errors_import_no_pydantic() -> None:
    # the first step of a check path without pydantic (docs/design/0034-messages-without-pydantic.md): the
    # catalogue of messages, input errors, wording and units stand on their own
    code = ("import sys; import mzcheck.core.errors, mzcheck.core.codes, mzcheck.core.wording, mzcheck.core.units; "
            "from mzcheck.core.codes import lookup; from mzcheck.core.codes.files import NO_SUCH_FILE; "
            "m = NO_SUCH_FILE(name='x.yaml'); assert m.code == 'F101' and lookup('F101') is not None, m; "
            "print('MODULES', 'pydantic' in sys.modules, 'pydantic_core' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "MODULES False False" in run.stdout, run.stderr


def test_a_checks_process_runs_its_exit_handlers_and_waits_for_threads(tmp_path: Path) -> None:
    # the command ends a check's process without the interpreter's teardown (cli.entry), but only after the exit
    # handlers ran (a coverage tool's) and never under a thread someone else started (then it exits as usual)
    example = str(ROOT / "examples" / "cixi-2024.yaml")
    for thread in (False, True):
        done = tmp_path / f"thread-{thread}"
        code = ("import atexit, sys, threading, time, pathlib; "
                "atexit.register(lambda: print('HANDLER RAN', file=sys.stderr)); "
                + (f"threading.Thread(target=lambda: (time.sleep(0.5), pathlib.Path({str(done)!r}).touch())).start(); "
                   if thread else "")
                + "sys.argv = ['mzcheck', 'check', sys.argv[1], '--format', 'json']; "
                "import runpy; runpy.run_module('mzcheck', run_name='__main__')")
        run = subprocess.run([sys.executable, "-c", code, example], capture_output=True, text=True)
        assert run.returncode == 1 and "HANDLER RAN" in run.stderr, run.stderr[-2000:]
        assert json.loads(run.stdout)["summary"]["exit"] == 1  # the whole output, flushed
        assert done.exists() == thread


def test_the_check_command_freezes_its_rules_once_read_and_a_caller_of_main_does_not(tmp_path: Path) -> None:
    # a check run as the command keeps its rule set to the end: frozen as soon as it is read (its objects are
    # not scanned again by the collector's next turns), the collector on again after; called from Python (main),
    # nothing is frozen: the caller's objects stay the collector's to collect
    env = {k: v for k, v in os.environ.items() if not k.startswith("MZCHECK_")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), MZCHECK_CACHE_DIR=str(tmp_path / "cache"))
    example = str(ROOT / "examples" / "cixi-2024.yaml")
    for command in (True, False):
        code = ("import gc, sys; from mzcheck import cli; "
                + ("cli._checked.append(True); " if command else "")
                + "args = cli.build_parser().parse_args(['check', sys.argv[1]]); "
                "rules = cli._rules(args); "
                "print('FROZEN', gc.get_freeze_count() > 0, len(rules.rules) > 0, gc.isenabled())")
        for run in ("loads the rules and caches them", "reads them back"):
            out = subprocess.run([sys.executable, "-c", code, example], capture_output=True, text=True, env=env)
            assert f"FROZEN {command} True True" in out.stdout, (command, run, out.stderr[-2000:])
