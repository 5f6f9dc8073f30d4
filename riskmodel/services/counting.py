"""Which rating counts — the one rule, written once.

For every expert × indicator × phase, the rating from the **latest round in which that expert rated that
indicator and phase** (open or closed round), and within that round the **latest submitted version**.
Drafts never count (they are not ratings). Who is on the panel (conflicts of interest) is decided by the
caller: the rule only picks, among submitted rows, the one that counts.

Every place that needs "the counted rating" — the engine's input (``assessments.counted_ratings``), the
expert's own view (``ratings.my_ratings``), the group feedback between rounds (``ratings.group_feedback``)
and the report's rating table (``reports/dbsource``) — calls :func:`counted`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def counted(rows: Iterable[T], key: Callable[[T], K], rank: Callable[[T], tuple[int, int]]) -> dict[K, T]:
    """The counted row per ``key`` (expert, indicator, phase): the one with the highest ``rank``
    ``(round number, version)``; of two rows with the same rank the first one is kept."""
    best: dict[K, tuple[tuple[int, int], T]] = {}
    for row in rows:
        k, r = key(row), rank(row)
        held = best.get(k)
        if held is None or r > held[0]:
            best[k] = (r, row)
    return {k: row for k, (_r, row) in best.items()}
