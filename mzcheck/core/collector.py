"""Python's cyclic collector paused while a big table's objects are made / 大量对象创建时暂停循环回收.

Reading a province's table, reading a cached rule set back and writing a province's results each make hundreds of
thousands of objects that are no garbage (no reference cycles to find): the collector, running every few hundred
new objects, would scan the young ones again and again and, now and then, all of them. :func:`paused` turns it off
for such a stretch and back on after, as it was.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused"]


@contextlib.contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """The collector off for the ``with`` block, then as it was. ``freeze``: what is held at the end is frozen
    first (``gc.freeze``), so that the collector's next turn does not scan it all once more: for what stays to
    the end of the process (a table's reports, a check's results in the command's own process)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()
