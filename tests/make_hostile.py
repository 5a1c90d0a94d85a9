"""The generated hostile inputs of tests/bad_inputs: workbooks built part by part, damaged history stores /
生成的恶意输入:逐个部件构造的 .xlsx、被改动的历史记录库.

A workbook here is four XML parts and a sheet, written with zipfile: what a sheet declares (its dimension,
merged ranges, where its cells are, how many shared strings it has) is whatever the caller says, which no
spreadsheet program would write. A store is a fresh mzcheck store changed with sqlite3 as another program
would. ``PYTHONPATH=. python tests/make_hostile.py`` rewrites them (tests/bad_inputs/reports/xlsx-*.xlsx,
tests/bad_inputs/stores/*); tests/test_fuzz.py builds random workbooks with :func:`workbook`.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>")
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_BOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
         '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS_TEMPLATE = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="{{sheet}}"/>'
              f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
              "</Relationships>")

# the header and one row of a report table: 地区, 年度, 指标, 数值 (shared strings 0–3, then 4–5)
HEADER = [["s:0", "s:1", "s:2", "s:3"], ["s:4", "n:2025", "s:5", "n:5310"]]
STRINGS = ["地区", "年度", "指标", "数值", "杭州市", "certified_carers"]


def _part(name: str) -> zipfile.ZipInfo:
    """A part stored deflated at level 9 with a fixed date: the same bytes every time."""
    info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 9  # type: ignore[attr-defined]  # what ZipFile.writestr(compresslevel=9) sets
    return info


def _cell(ref: str, value: str) -> str:
    kind, _, text = value.partition(":")
    if kind == "s":
        return f'<c r="{ref}" t="s"><v>{text}</v></c>'
    if kind == "n":
        return f'<c r="{ref}"><v>{text}</v></c>'
    return f'<c r="{ref}"/>'  # "e:": a cell without a value (a styled empty cell)


def column(n: int) -> str:
    """1 → A, 16384 → XFD."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook(rows: Sequence[Sequence[str]] = HEADER, *, strings: Sequence[str] = STRINGS,
             extra_cells: Sequence[tuple[int, int, str]] = (), merged: Sequence[str] = (), dimension: str | None = None,
             repeat_string: tuple[str, int] | None = None, sheet_part: str = "worksheets/sheet1.xml") -> bytes:
    """The bytes of an .xlsx whose first sheet holds ``rows`` (cells ``s:<shared string index>``, ``n:<number>``,
    ``e:`` empty) from A1, then ``extra_cells`` (row, column, value) anywhere, ``merged`` ranges and the
    declared ``dimension``; ``repeat_string`` (text, count) appends that many copies to the shared strings;
    the sheet is stored as ``xl/<sheet_part>``."""
    body = []
    cells: dict[int, list[str]] = {}
    for r, row in enumerate(rows, start=1):
        cells.setdefault(r, []).extend(_cell(f"{column(c)}{r}", v) for c, v in enumerate(row, start=1))
    for r, c, v in extra_cells:
        cells.setdefault(r, []).append(_cell(f"{column(c)}{r}", v))
    for r in sorted(cells):
        body.append(f'<row r="{r}">{"".join(cells[r])}</row>')
    merge = (f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
             + "</mergeCells>") if merged else ""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}'
             f'<sheetData>{"".join(body)}</sheetData>{merge}</worksheet>')
    sst_head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">' + "".join(f"<si><t>{s}</t></si>" for s in strings)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for part, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("xl/workbook.xml", _BOOK),
                           ("xl/_rels/workbook.xml.rels", _BOOK_RELS_TEMPLATE.format(sheet=sheet_part)),
                           (f"xl/{sheet_part}", sheet)):
            z.writestr(_part(part), text, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        # the shared strings written piece by piece: a bomb of them (30,000 × 1,000 characters) is never one text
        # in this process, whose address space the workbook test caps (tests/xlsx_fuzz.py)
        with z.open(_part("xl/sharedStrings.xml"), "w") as fh:
            fh.write(sst_head.encode())
            if repeat_string is not None:
                one = f"<si><t>{repeat_string[0]}</t></si>".encode()
                left = repeat_string[1]
                while left:
                    step = min(left, max(1, 2**20 // len(one)))
                    fh.write(one * step)
                    left -= step
            fh.write(b"</sst>")
    return out.getvalue()


# the hostile workbooks of tests/bad_inputs/reports: name → bytes
HOSTILE = {
    "xlsx-merged-whole-sheet.xlsx": lambda: workbook(merged=["A4:XFD1048576"], dimension="A1:XFD1048576"),
    "xlsx-cell-at-xfd1048576.xlsx": lambda: workbook(extra_cells=[(1048576, 16384, "n:1")], dimension="A1:XFD1048576"),
    "xlsx-empty-cell-at-xfd1048576.xlsx": lambda: workbook(extra_cells=[(1048576, 16384, "e:")],
                                                           dimension="A1:XFD1048576"),
    "xlsx-shared-strings-bomb.xlsx": lambda: workbook(repeat_string=("养" * 2000, 4000)),
    "xlsx-sheet-under-another-name.xlsx": lambda: workbook(merged=["A4:ALL1000"], sheet_part="data/part7"),
}


# the damaged stores of tests/bad_inputs/stores: name → the SQL that damages a fresh store
STORES = {
    "user-version-0.sqlite3": "PRAGMA user_version = 0",
    "column-renamed.sqlite3": "ALTER TABLE results RENAME COLUMN severity TO level",
}


def store(path: Path, damage: str) -> None:
    """A fresh mzcheck history store at ``path``, then ``damage`` done to it."""
    import sqlite3

    from mzcheck.history.store import open_store

    path.unlink(missing_ok=True)
    made = open_store(path, create=True)
    assert made is not None
    made.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
    db.execute(damage)
    db.execute("VACUUM")
    db.close()


def main() -> int:
    here = Path(__file__).parent / "bad_inputs"
    for name, build in HOSTILE.items():
        (here / "reports" / name).write_bytes(build())
        print(f"reports/{name}: {(here / 'reports' / name).stat().st_size} bytes")
    (here / "stores").mkdir(exist_ok=True)
    for name, damage in STORES.items():
        store(here / "stores" / name, damage)
        print(f"stores/{name}: {(here / 'stores' / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
