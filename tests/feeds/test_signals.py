"""Signals on synthetic data: a surge is found (by change and by the Poisson test), noise and small numbers are not."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from riskmodel.feeds.config import SignalSettings
from riskmodel.feeds.signals import SIGNAL_KEYS, compute_signals, history_days

S = SignalSettings()
AS_OF = date(2026, 11, 30)
DAYS = history_days(S) + 3 * S.window_days


def _daily(per_day: float, surge: float = 0.0, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(per_day, DAYS).astype(float)
    if surge:
        counts[-S.window_days :] += rng.poisson(surge, S.window_days)
    return counts


def test_a_surge_is_an_alarm_by_change_and_by_the_poisson_test():
    daily = np.vstack([_daily(2.0, surge=3.0)])
    (sig,) = compute_signals([("P-1", "南港区", None)], daily, AS_OF, AS_OF - timedelta(days=DAYS))
    assert sig.level == "告警" and "poisson" in sig.method and sig.change > 0.2
    assert tuple(sig.to_json()) == SIGNAL_KEYS
    assert sig.window == f"{(AS_OF - timedelta(days=29)).isoformat()}/{AS_OF.isoformat()}"


def test_a_steady_series_raises_nothing():
    daily = np.vstack([_daily(5.0, seed=s) for s in range(20)])
    groups = [(None, f"区{i}", "物业管理") for i in range(20)]
    found = compute_signals(groups, daily, AS_OF, AS_OF - timedelta(days=DAYS))
    assert len(found) <= 1  # at most a rare false alarm at the 5% significance


def test_small_numbers_do_not_alarm_even_when_they_double():
    daily = np.zeros((1, DAYS))
    daily[0, -10:] = 1  # 10 in the window, none before
    assert compute_signals([(None, "北川县", "教育")], daily, AS_OF, AS_OF - timedelta(days=DAYS)) == []


def test_year_on_year_needs_the_data_to_reach_back_a_year():
    daily = np.vstack([_daily(2.0, surge=2.0)])
    (sig,) = compute_signals([(None, "东湖区", "环境污染")], daily, AS_OF, AS_OF - timedelta(days=200))
    assert sig.method != "" and "yoy" not in sig.method


def test_exactly_ten_and_twenty_percent_are_the_limits():
    w = S.window_days
    daily = np.zeros((2, DAYS))
    daily[:, :-w] = 10  # 300 in every window before
    daily[0, -w:] = 11  # 330 now: +10% — not above
    daily[1, -w:] = 12.5  # 375: +25% → 告警
    found = compute_signals([(None, "A", "x"), (None, "B", "x")], daily, AS_OF, AS_OF - timedelta(days=200))
    assert [(s.region, s.level) for s in found] == [("B", "告警")]
