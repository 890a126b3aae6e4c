"""The server process's garbage collector: the start-up heap frozen, full collections rare.

With 1,000 phones connected, CPython's full (generation 2) collection walked every container the
process holds and stopped the one eventlet hub for 150–210 ms, about every 3 s (measured with
``gc.callbacks`` during ``scripts/bench fanout --clients 1000``): a buzz window was judged 126 ms
late and fan-outs stalled while it ran. Reference counting frees almost everything a change
allocates (views, patches, packets) the moment it is dropped; the collector is only needed for
cycles, so it can run far less often. What exists once the server has started (modules, the app,
loaded contests) lives as long as the process, so it is frozen out of every collection.

Only the server's entry point calls this; tests and tools keep the interpreter's defaults.
"""

from __future__ import annotations

import gc

YOUNG = 10_000  # allocations between young collections (CPython's default: 700)
MIDDLE = 20  # young collections per middle one (default 10)
OLD = 10  # middle collections per full one, at most (default 10)


def tune_collector() -> None:
    """Collect once, freeze what survives (the start-up heap), and make collections rarer."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, OLD)
