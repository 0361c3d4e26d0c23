"""Work that makes many objects and no reference cycles, run without the cyclic garbage collector.

Each cyclic collection such work triggers rescans everything the process
holds: a loaded deck and its cards, tens of thousands of objects, again and
again. Building papers from a 20,000-card bank or an Anki package from a
10,000-fact deck makes no cycles worth collecting, so the collector waits
until the work is done (reference counting still frees everything at once).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block, no cyclic garbage collection; afterwards the collector is as it was."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
