"""Show, and with --update write, what each entry of tests/bad_inputs/catalogue.yaml now gets.

    python scripts/bad_inputs.py            # the entries whose message differs, as a diff (writes nothing)
    python scripts/bad_inputs.py --update   # the same, and the new messages written into the catalogue

tests/test_bad_inputs.py fails while an entry differs; this is the one way to change the recorded messages,
and the diff it prints is what to read, as a user would, before committing.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "bad_inputs"
sys.path.insert(0, str(ROOT))

from mzcheck.cli import main  # noqa: E402


def command(entry: dict[str, object]) -> list[str]:
    if isinstance(entry.get("command"), list):  # an output path, a history store: a command of its own
        return [str(a) for a in entry["command"]]  # type: ignore[union-attr]
    name = str(entry["input"])
    if name.startswith("reports/"):
        return ["check", name, "--targets", "targets", "--no-bundled", "--format", "json"]
    if name.startswith("waivers/"):  # a waivers file, with the one report of its folder
        return ["check", "waivers/report.yaml", "--targets", "targets", "--no-bundled", "--waivers", name,
                "--format", "json"]
    return ["lint", name, "--no-bundled"]


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def block(text: str, indent: str = "    ") -> str:
    return "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _rewrite_invalid(source: str, entry: dict[str, object], got: dict[str, dict[str, str]]) -> str:
    """The catalogue text with an entry's ``invalid`` reasons replaced (same rules, new wording)."""
    old = entry["invalid"]
    assert isinstance(old, dict)
    if set(old) != set(got):
        print(f"{entry['input']}: other rules are invalid now; edit it by hand", file=sys.stderr)
        return source
    for rule_id, reasons in old.items():
        for lang in ("en", "zh"):
            line = f"      {lang}: {_quoted(reasons[lang])}\n"
            if line not in source:
                print(f"{entry['input']}: cannot find {rule_id}.{lang} to rewrite; edit it by hand", file=sys.stderr)
                continue
            source = source.replace(line, f"      {lang}: {_quoted(got[rule_id][lang])}\n", 1)
    return source


def main_(update: bool) -> int:
    path = HERE / "catalogue.yaml"
    source = path.read_text(encoding="utf-8")
    entries = yaml.safe_load(source)
    os.chdir(HERE)
    changed = 0
    new_source = source
    for entry in entries:
        code, out, err = run(command(entry))
        if code != 2 or "stderr" not in entry:
            if code != entry["exit"]:
                print(f"{entry['input']}: exit {code}, the catalogue says {entry['exit']}", file=sys.stderr)
            if code in (0, 1) and "invalid" in entry:
                got = {r["rule_id"]: {k: r["message"][k] for k in ("en", "zh")}
                       for report in json.loads(out)["reports"] for r in report["results"] if r["status"] == "invalid"}
                if got != {k: {x: v[x] for x in ("en", "zh")} for k, v in entry["invalid"].items()}:
                    print(f"{entry['input']}: invalid reasons differ:\n  now {got}\n  was {entry['invalid']}")
                    changed += 1
                    new_source = _rewrite_invalid(new_source, entry, got)
            continue
        if err == entry["stderr"]:
            continue
        changed += 1
        sys.stdout.writelines(difflib.unified_diff(entry["stderr"].splitlines(keepends=True), err.splitlines(keepends=True),
                                                   f"{entry['input']} (recorded)", f"{entry['input']} (now)"))
        old = "  stderr: |\n" + block(entry["stderr"])
        if old not in new_source:
            print(f"{entry['input']}: cannot find its stderr block to rewrite; edit it by hand", file=sys.stderr)
            continue
        new_source = new_source.replace(old, "  stderr: |\n" + block(err), 1)
    if update and new_source != source:
        path.write_text(new_source, encoding="utf-8")
    print(f"{changed} entries differ" + (" (written)" if update and changed else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the new messages into the catalogue")
    raise SystemExit(main_(parser.parse_args().update))
