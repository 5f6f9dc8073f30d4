"""Signals: is a project's, a region's or a category's count in the current window unusual?

For every group the count of records received in the window (the ``window_days`` days ending on the
as-of day) is compared with the group's own baseline:

- **环比** (``mom``): the window just before;
- **同比** (``yoy``): the same window a year (365 days) earlier, when the data reaches back that far.

``change`` = (count − baseline) / baseline of the comparison that changed most (``baseline`` is that
comparison's count); **异常** when it is above ``abnormal_change`` (10%), **告警** above ``alarm_change``
(20%) — both only when the window holds at least ``min_count`` records, so small numbers do not alarm, and
only when the rise is more than noise: the exact test of two Poisson rates (given the sum n of both
counts, the window's count is Binomial(n, ½) when the rates are equal) has an upper tail below
``significance`` (0.05; 1 switches the check off).

**Sudden surges** (``poisson``): the window's count against the three windows before it, by the same
exact Poisson-rate test — given n = count + the three windows' sum, the count is Binomial(n, ¼) when the
rate has not changed; an upper tail below ``poisson_alpha`` (0.001) is 告警 on its own (with the minimum
count). It catches a group new to the data, whose baseline is 0 and whose change is undefined.

``method`` names the tests that set the level, joined by ``+`` (``mom``, ``yoy``, ``poisson``); a row
without a level lists the comparisons made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from scipy.stats import binom

from riskmodel.domain import SignalLevel
from riskmodel.feeds.config import SignalSettings

ALARM = SignalLevel.ALARM
ABNORMAL = SignalLevel.ABNORMAL
NORMAL = SignalLevel.NORMAL
SIGNAL_KEYS = ("project", "region", "category", "window", "count", "baseline", "change", "level", "method")


@dataclass(frozen=True)
class Signal:
    project: str | None
    region: str | None
    category: str | None
    window: str
    count: int
    baseline: int | None
    change: float | None
    level: SignalLevel
    method: str
    mom: float | None = None
    yoy: float | None = None
    p_value: float | None = None
    group: tuple[Any, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in SIGNAL_KEYS}


def history_days(settings: SignalSettings) -> int:
    """How many days before the as-of day the computation reads (one year and a window)."""
    return 365 + settings.window_days


def _change(count: np.ndarray, base: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(base > 0, (count - base) / np.where(base > 0, base, 1), np.nan)


def compute_signals(
    groups: list[tuple[str | None, str | None, str | None]],
    daily: np.ndarray,
    as_of: date,
    data_start: date | None,
    settings: SignalSettings | None = None,
    *,
    keep_normal: bool = False,
) -> list[Signal]:
    """Signals of ``groups`` (project code, region, category) from ``daily`` counts.

    ``daily[g, d]`` is group g's count on day ``as_of - (D - 1 - d)`` for D = ``daily.shape[1]`` (the last
    column is the as-of day; D ≥ ``history_days``). ``data_start``: the first day the data covers.
    """
    s = settings or SignalSettings()
    w = s.window_days
    n_days = daily.shape[1]
    if n_days < history_days(s):
        raise ValueError("daily counts must cover history_days(settings)")
    if not groups:
        return []
    cum = np.concatenate([np.zeros((daily.shape[0], 1)), np.cumsum(daily, axis=1)], axis=1)

    def window_sum(end_offset: int) -> np.ndarray:  # the w days ending end_offset days before as_of
        end = n_days - end_offset
        return cum[:, end] - cum[:, end - w]

    count = window_sum(0)
    prev = window_sum(w)
    first = as_of - timedelta(days=w - 1)
    yoy_start = first - timedelta(days=365)
    has_year = data_start is not None and data_start <= yoy_start
    has_prev = data_start is not None and data_start <= first - timedelta(days=w)
    year = window_sum(365) if has_year else np.full(len(groups), np.nan)
    mom = _change(count, prev) if has_prev else np.full(len(groups), np.nan)
    yoy = _change(count, year) if has_year else np.full(len(groups), np.nan)
    earlier = [window_sum(k * w) for k in (1, 2, 3) if n_days - k * w - w >= 0]
    before = np.sum(earlier, axis=0) if earlier else np.zeros(len(groups))
    share = 1.0 / (len(earlier) + 1)
    p_values = binom.sf(count - 1, count + before, share)
    label = f"{first.isoformat()}/{as_of.isoformat()}"
    out: list[Signal] = []
    for g, (project, region, category) in enumerate(groups):
        c = int(count[g])
        if c == 0 and not keep_normal:
            continue
        m = None if np.isnan(mom[g]) else float(mom[g])
        y = None if np.isnan(yoy[g]) else float(yoy[g])
        candidates = [(v, name) for v, name in ((m, "mom"), (y, "yoy")) if v is not None]
        baseline: int | None
        if candidates:
            change, which = max(candidates)
            baseline = int(prev[g] if which == "mom" else year[g])
        else:
            change, which, baseline = None, "", (int(prev[g]) if has_prev else None)
        level, methods = NORMAL, []
        enough = c >= s.min_count
        passed = [
            (v, name)
            for v, name in candidates
            if v > s.abnormal_change
            and float(binom.sf(c - 1, c + (prev[g] if name == "mom" else year[g]), 0.5)) < s.significance
        ]
        if enough and passed:
            top = max(v for v, _ in passed)
            level = ALARM if top > s.alarm_change else ABNORMAL
            methods = [name for v, name in passed if v > (s.alarm_change if level == ALARM else s.abnormal_change)]
        p = float(p_values[g])
        if enough and p < s.poisson_alpha:
            level = ALARM
            methods.append("poisson")
        if level == NORMAL and not keep_normal:
            continue
        method = "+".join(methods) if methods else "+".join(n for _, n in candidates) or "none"
        out.append(
            Signal(
                project,
                region,
                category,
                label,
                c,
                baseline,
                None if change is None else round(change, 4),
                level,
                method,
                m,
                y,
                p,
                (project, region, category),
            )
        )
    order = {ALARM: 0, ABNORMAL: 1, NORMAL: 2}
    return sorted(out, key=lambda x: (order[x.level], -(x.count), str(x.project), str(x.region), str(x.category)))
