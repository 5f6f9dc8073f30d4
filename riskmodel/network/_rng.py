"""Seeded, thread-safe use of igraph's random numbers (Louvain, layouts).

python-igraph draws from one process-wide generator (by default the ``random`` module). To make a
community split or a layout reproducible for a seed without disturbing other code, we swap in a
private ``random.Random(seed)`` under a lock and put the previous generator back afterwards.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()


@contextmanager
def igraph_seed(seed: int) -> Iterator[None]:
    import igraph as ig

    with _LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
