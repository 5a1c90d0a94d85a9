"""The property of test_fuzz.py's workbook test, run in a process of its own under a memory cap.

Workbooks built part by part (tests/make_hostile.py) with random structure — the size they declare, merged
ranges anywhere (reversed, beyond the sheet, garbage), cells anywhere up to XFD1048576, shared strings many,
long or referenced out of range, the sheet stored under any name — are read by the table reader: whatever the workbook, the reader returns
reports or raises mzcheck's own error naming the file; never MemoryError, never another exception.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from make_hostile import STRINGS, column, workbook

from mzcheck.core.errors import MzcheckError
from mzcheck.load.rules import load_targets
from mzcheck.read.table import load_table_reports

RULES = load_targets(Path(__file__).parent / "fixtures" / "targets", bundled=False)

rows_ = st.integers(1, 1_048_576) | st.integers(1, 30)
columns = st.integers(1, 16_384) | st.integers(1, 12)
ref = st.builds(lambda c, r: f"{column(c)}{r}", columns, rows_)
refs = st.one_of(st.builds(lambda a, b: f"{a}:{b}", ref, ref), ref,
                 st.text(st.sampled_from(list("A1:$Z9XFD0-")), max_size=12))
values = st.one_of(st.integers(0, len(STRINGS) + 3).map(lambda i: f"s:{i}"),  # an index beyond the strings too
                   st.sampled_from(["n:5310", "n:2025", "n:-1", "n:1e308", "n:x", "e:"]))
table = st.lists(st.lists(values, max_size=8), max_size=6).map(lambda extra: [["s:0", "s:1", "s:2", "s:3"], *extra])


@given(rows=table, extra=st.lists(st.tuples(rows_, columns, values), max_size=4), merged=st.lists(refs, max_size=4),
       dimension=st.none() | refs,
       strings=st.none() | st.tuples(st.sampled_from(["养", "x" * 1000, ""]), st.sampled_from([1, 500, 30_000])),
       part=st.sampled_from(["worksheets/sheet1.xml", "data/part7", "worksheets/sheet1.bin"]))
def workbooks_are_read_or_refused(rows: list[list[str]], extra: list[tuple[int, int, str]], merged: list[str],
                                  dimension: str | None, strings: tuple[str, int] | None, part: str) -> None:
    last = os.environ.get("MZCHECK_FUZZ_LAST")
    if last:  # the example about to run, for a run that dies of MemoryError before hypothesis reports it
        Path(last).write_text(repr(dict(rows=rows, extra=extra, merged=merged, dimension=dimension, part=part,
                                        strings=strings and (strings[0][:8] + f"…×{len(strings[0])}", strings[1]))))
    data = workbook(rows, extra_cells=extra, merged=merged, dimension=dimension, repeat_string=strings, sheet_part=part)
    with tempfile.TemporaryDirectory(prefix="mzcheck-xlsx-fuzz-") as folder:
        path = Path(folder) / "report.xlsx"
        path.write_bytes(data)
        try:
            load_table_reports(path, RULES)
        except MzcheckError as exc:
            assert str(path) in str(exc), f"the error does not name the file: {exc}"
