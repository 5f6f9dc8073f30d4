"""Rounding shares so the printed percentages add up (largest-remainder / Hamilton method).

Rounding every share on its own can print "不予实施 100.0%；暂缓实施 0.1%" (sum 100.1 %). Here the
shares are rounded down to the printed step, and the steps still missing to the rounded total go to
the shares with the largest remainders (ties: the larger share, then the earlier one). Shares that
sum to 1 therefore always print as exactly 100 %; ``None`` (no value) stays ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def largest_remainder(shares: Sequence[float | None], *, total: float = 100.0, digits: int = 1) -> list[float | None]:
    """``shares`` (fractions, e.g. probabilities) as values of ``total`` rounded to ``digits`` decimals
    whose sum is the rounded sum of the shares (exactly ``total`` when the shares sum to 1).

    >>> largest_remainder([0.9995, 0.0005])
    [100.0, 0.0]
    >>> largest_remainder([1 / 3, 1 / 3, 1 / 3])
    [33.4, 33.3, 33.3]
    """
    if digits < 0:
        raise ValueError("digits must be >= 0")
    step = 10.0**digits
    units: list[float | None] = []
    for s in shares:
        if s is None:
            units.append(None)
            continue
        value = float(s)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"a share must be a finite number >= 0, got {s!r}")
        units.append(value * total * step)
    present = [(i, u) for i, u in enumerate(units) if u is not None]
    target = round(math.fsum(u for _, u in present))
    floors = {i: math.floor(u + 1e-9) for i, u in present}  # 1e-9: 29.999999999 is 30 units
    missing = target - sum(floors.values())
    order = sorted(present, key=lambda iu: (-(iu[1] - floors[iu[0]]), -iu[1], iu[0]))
    for i, _u in order[: max(missing, 0)]:
        floors[i] += 1
    if missing < 0:  # only from the 1e-9 guard: take the surplus back from the smallest remainders
        for i, _u in order[::-1][:-missing]:
            floors[i] -= 1
    return [None if u is None else floors[i] / step for i, u in enumerate(units)]


def percent_texts(shares: Sequence[float | None], *, digits: int = 1, none: str = "—") -> list[str]:
    """Largest-remainder percentages as text ("33.4%"), ``none`` for a missing share."""
    return [none if v is None else f"{v:.{digits}f}%" for v in largest_remainder(shares, digits=digits)]
