"""The feeds services hand pages typed read models, never bare dicts (issue 14)."""

from __future__ import annotations

import json
import typing
from datetime import date, timedelta

import numpy as np
import pytest

from riskmodel.domain import SIGNAL_LEVELS, SignalLevel
from riskmodel.feeds import metrics, signals
from riskmodel.feeds.config import SignalSettings
from riskmodel.feeds.signals import SIGNAL_KEYS, compute_signals, history_days
from riskmodel.services import feeds, feeds_tracking
from riskmodel.services.views.feeds import (
    FeedMetrics,
    LinkCounts,
    ProjectFeedSummary,
    ProjectLocation,
    SignalView,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("stored_signals", list[SignalView]),
        ("signal_view", SignalView),
        ("link_counts", LinkCounts),
        ("feed_metrics", FeedMetrics),
        ("project_locations", list[ProjectLocation]),
    ],
)
def test_the_functions_pages_read_return_typed_models(name, expected):
    assert typing.get_type_hints(getattr(feeds, name))["return"] == expected


def test_the_rates_and_the_summary_are_typed():
    assert typing.get_type_hints(metrics.rates)["return"] is metrics.Rates
    assert typing.get_type_hints(feeds_tracking.project_feed_summary)["return"] is ProjectFeedSummary
    assert typing.get_type_hints(feeds_tracking.assessment_feed_summary)["return"] == ProjectFeedSummary | None
    assert typing.get_type_hints(ProjectFeedSummary)["metrics"] is FeedMetrics


def test_the_metrics_json_has_the_contract_keys_and_the_rates_keep_their_definitions():
    c = metrics.Counts(records=8, timely=6, on_time=4, completed=5, rated=4, satisfied=3, unsatisfied=1, repeat=2)
    m = FeedMetrics.from_counts(c, people=7)
    assert tuple(m.to_dict()) == metrics.METRIC_KEYS
    assert m.to_dict() == {
        "records": 8,
        "people": 7,
        "repeat": 2,
        "joint": 0,
        "collective": 0,
        "timely_acceptance_rate": 0.75,  # timely / records
        "on_time_completion_rate": 0.5,  # on time / records
        "satisfaction_rate": 0.75,  # (满意 + 基本满意) / (those + 不满意)
        "rating_rate": 0.8,  # rated / completed
    }
    empty = FeedMetrics.from_counts(metrics.Counts(), 0)
    assert empty.records == 0 and empty.timely_acceptance_rate is None and empty.rating_rate is None
    assert metrics.rates(c).values() == (0.75, 0.5, 0.75, 0.8)


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


def test_signal_levels_are_the_enum_with_the_stored_values():
    assert SIGNAL_LEVELS == ("告警", "异常", "正常")  # the strings stored in feed_signals.level and printed in JSON
    assert tuple(SignalLevel) == (signals.ALARM, signals.ABNORMAL, signals.NORMAL)
    assert typing.get_type_hints(SignalView)["level"] is SignalLevel
    assert typing.get_type_hints(signals.Signal)["level"] is SignalLevel
    (sig,) = _surge()
    assert sig.level is SignalLevel.ALARM and json.dumps(sig.to_json()["level"], ensure_ascii=False) == '"告警"'


def test_the_weekly_items_are_typed_and_name_the_responsible_unit():
    from riskmodel.services import feeds_bulletin
    from riskmodel.services.feeds_bulletin import WeekItem

    assert typing.get_type_hints(feeds_bulletin._week_items)["return"] == list[WeekItem]
    case = WeekItem(("case", 1), "…", "东湖区", "投诉", street="和平街道")
    assert case.responsible("zh") == "东湖区和平街道"
    assert WeekItem(("signal", None, "东湖区", None), "…", "东湖区", None).responsible("zh") == "东湖区"
    assert WeekItem(("signal", "P", None, None), "…", None, None).responsible("zh") == feeds_bulletin._tr("city", "zh")


def test_the_bulletins_are_typed_blocks_with_a_title():
    from riskmodel.feeds.documents import Block
    from riskmodel.reports.outline import Para, Title
    from riskmodel.services import feeds_bulletin

    for kind in feeds_bulletin.KINDS:
        assert typing.get_type_hints(getattr(feeds_bulletin, f"{kind}_blocks"))["return"] == list[Block]
    assert typing.get_type_hints(feeds_bulletin.bulletin_blocks)["return"] == list[Block]
    assert typing.get_type_hints(feeds_bulletin.quarterly_sample)["return"] is feeds_bulletin.QuarterlySample
    assert feeds_bulletin.title_of([Para("x"), Title("月通报", [])]) == "月通报"
    assert feeds_bulletin.title_of([], "monthly") == "monthly"
