"""The feeds services hand pages typed read models, never bare dicts (issue 14)."""

from __future__ import annotations

import typing
from datetime import date, timedelta

import numpy as np
import pytest

from riskmodel.feeds.config import SignalSettings
from riskmodel.feeds.signals import SIGNAL_KEYS, compute_signals, history_days
from riskmodel.services import feeds
from riskmodel.services.views.feeds import LinkCounts, SignalView


@pytest.mark.parametrize(
    ("name", "expected"),
    [("stored_signals", list[SignalView]), ("signal_view", SignalView), ("link_counts", LinkCounts)],
)
def test_the_functions_pages_read_return_typed_models(name, expected):
    assert typing.get_type_hints(getattr(feeds, name))["return"] == expected


def _surge() -> list:
    s = SignalSettings()
    as_of = date(2026, 11, 30)
    days = history_days(s) + 3 * s.window_days
    rng = np.random.default_rng(1)
    counts = rng.poisson(2.0, days).astype(float)
    counts[-s.window_days :] += rng.poisson(3.0, s.window_days)
    return compute_signals([("P-1", "南港区", None)], np.vstack([counts]), as_of, as_of - timedelta(days=days))


def test_the_cli_entry_comes_from_the_view_with_the_contract_keys():
    (sig,) = _surge()
    view = SignalView.from_signal(sig)
    assert tuple(view.to_dict()) == SIGNAL_KEYS
    assert view.to_dict() == sig.to_json()  # the JSON the CLI printed before, unchanged
    assert view.project_code == "P-1" and view.window_start == date(2026, 11, 1) and view.record_ids == ()


def test_an_empty_store_has_no_signals_and_zero_links(tmp_path):
    from riskmodel.store.db import Store

    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    try:
        assert feeds.stored_signals(store) == []
        counts = feeds.link_counts(store)
        assert counts == LinkCounts() and counts.counted == 0
    finally:
        store.dispose()
