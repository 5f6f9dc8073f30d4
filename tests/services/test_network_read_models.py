"""The network services hand pages typed read models, never bare dicts (issue 14): the tracking flags
(建议重新评估, with the feeds' 告警 merged into the same flag) and the mobilisation evidence."""

from __future__ import annotations

import typing
from datetime import date

import pytest

from riskmodel.domain import SignalLevel
from riskmodel.errors import NotFoundError
from riskmodel.services import dashboard, feeds_tracking, network_analysis, network_tracking, networks
from riskmodel.services.views.feeds import SignalView
from riskmodel.services.views.networks import (
    NetworkEvidence,
    NetworkVersionData,
    NetworkVersionView,
    ReassessmentFlag,
)


@pytest.mark.parametrize(
    ("module", "name"),
    [
        (network_tracking, "reassessment_flags"),
        (dashboard, "reassessment_flags"),
        (feeds_tracking, "feed_flags"),
        (feeds_tracking, "merge_feed_flags"),
    ],
)
def test_the_flags_are_typed(module, name):
    assert typing.get_type_hints(getattr(module, name))["return"] == dict[int, ReassessmentFlag]


def _alarm(count: int, records: tuple[int, ...]) -> SignalView:
    return SignalView(
        "P-1",
        "南港区",
        None,
        "2026-11-01/2026-11-30",
        count,
        10,
        2.0,
        SignalLevel.ALARM,
        "change",
        1,
        "2026-11-30",
        7,
        records,
    )


def test_the_feeds_alarm_is_merged_into_the_network_flag(monkeypatch):
    network = ReassessmentFlag(7, 3, date(2026, 1, 5), flag=False, reasons=(), network_version=2, new_disputes=1)
    other = ReassessmentFlag(8, 4, date(2026, 1, 5), flag=True, reasons=("争议",), network_version=1, new_disputes=6)
    alarms = (_alarm(30, (1, 2)), _alarm(40, (2, 3)))
    feed = ReassessmentFlag(
        7, 3, date(2026, 1, 5), True, ("告警",), feed_signals=alarms, feed_record_ids=(1, 2, 3), feed_reason="告警"
    )
    only_feeds = ReassessmentFlag(9, 5, date(2026, 2, 1), True, ("告警9",), feed_reason="告警9")
    monkeypatch.setattr(feeds_tracking, "feed_flags", lambda _store, _lang=None: {7: feed, 9: only_feeds})
    merged = feeds_tracking.merge_feed_flags(None, {7: network, 8: other})  # type: ignore[arg-type]
    assert set(merged) == {7, 8, 9} and merged[8] is other and merged[9] is only_feeds
    m = merged[7]
    assert m.flag and m.reasons == ("告警",) and m.feed_reason == "告警" and m.reason == "告警" and m.new_disputes == 1
    assert m.network_version == 2 and m.feed_record_ids == (1, 2, 3) and m.top_feed_signal == alarms[1]
    assert network.flag is False  # frozen: the network's flag is not changed in place


def test_the_dashboard_still_renders_when_the_feeds_are_unreadable(monkeypatch):
    def broken(_store, _lang=None):
        raise RuntimeError("no feeds tables")

    network = ReassessmentFlag(7, 3, date(2026, 1, 5), flag=True, reasons=("争议",))
    monkeypatch.setattr(feeds_tracking, "feed_flags", broken)
    assert feeds_tracking.merge_feed_flags(None, {7: network}) == {7: network}  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["get_evidence", "evidence_for", "compute_evidence", "record_evidence"])
def test_the_evidence_is_typed(name):
    assert typing.get_type_hints(getattr(network_analysis, name))["return"] == NetworkEvidence | None


def test_evidence_stored_before_every_field_was_kept_still_reads():
    """An early entry (as tests/services/test_verdict_chain.py writes it) has the mobilisation only."""
    old = {"mobilisation": {"expected_people": 400.0, "p_ge_100": 0.9, "p_ge_200": 0.7, "runs": 500}}
    ev = NetworkEvidence.from_payload(old, stored=True, recorded_at="2026-01-02T03:04:05")
    assert ev.mobilisation.expected_people == 400 and ev.mobilisation.runs == 500 and ev.mobilisation.seed is None
    assert ev.network_version is None and ev.opposition == () and ev.main_opposition is None
    full = {
        **old,
        "network_version": 3,
        "opposition": [{"community": 2, "opposed_people": 120, "opposed_share": 0.6, "leaders": ["g1"]}],
    }
    top = NetworkEvidence.from_payload(full, stored=False).main_opposition
    assert top is not None and top.community == 2 and top.leaders == ("g1",) and top.opposed_share == 0.6


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("save_network", NetworkVersionView),
        ("list_networks", list[NetworkVersionView]),
        ("latest_version", NetworkVersionData | None),
        ("get_network", NetworkVersionData),
        ("version_view", NetworkVersionView),
        ("version_data", NetworkVersionData),
    ],
)
def test_the_stored_networks_are_typed(name, expected):
    assert typing.get_type_hints(getattr(networks, name))["return"] == expected


def test_stored_versions_read_back_typed_with_the_keys_of_before(setup):
    from sqlalchemy import select

    from riskmodel.network.model import Network
    from riskmodel.store.models import Project
    from tests.network.conftest import path_network

    store = setup.store
    with store.read() as s:
        pid = s.execute(select(Project.id)).scalar()
    assert networks.latest_version(store, pid) is None
    first = networks.save_network(store, setup.organizer, pid, path_network(4), label="v1")
    second = networks.save_network(store, setup.organizer, pid, path_network(6))
    assert type(first) is NetworkVersionView and (first.version, first.nodes, first.edges) == (1, 4, 3)
    assert networks.list_networks(store, pid) == [first, second]
    latest = networks.latest_version(store, pid)
    assert isinstance(latest, NetworkVersionData) and latest.version == 2 and latest.sha256 == second.sha256
    assert len(Network.from_dict(latest.data).nodes) == 6
    old = networks.get_network(store, pid, 1)
    assert old.label == "v1" and old.created_at == first.created_at
    keys = ["id", "project_id", "version", "label", "sha256", "nodes", "edges", "created_at"]
    assert list(first.to_dict()) == keys and list(old.to_dict()) == [*keys, "data"]
    with pytest.raises(NotFoundError):
        networks.get_network(store, pid, 9)
