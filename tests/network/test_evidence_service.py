"""Mobilisation evidence kept with an assessment (services.network_analysis)."""

from __future__ import annotations

import pytest

from riskmodel.errors import PermissionDenied
from riskmodel.services import assessments, auth, network_analysis, networks, projects
from riskmodel.store import get_store


def _assessment_of(store, code: str) -> int:
    p = next(p for p in projects.list_projects(store) if p.code == code)
    return p.assessments[-1].id


def test_record_and_read_back_evidence(demo_db):
    store = get_store(demo_db)
    aid = _assessment_of(store, "DEMO-02")
    computed = network_analysis.evidence_for(store, aid, runs=200)
    assert computed["stored"] is False and {"expected_people", "p_ge_100", "p_ge_200"} <= set(computed["mobilisation"])
    organizer = auth.actor_for(store, "demo-organizer")
    saved = network_analysis.record_evidence(store, organizer, aid, runs=200)
    again = network_analysis.get_evidence(store, aid)
    assert again["stored"] and not again["outdated"]
    assert again["mobilisation"]["expected_people"] == saved["mobilisation"]["expected_people"]
    assert (
        again["network_version"]
        == networks.list_networks(store, again and projects.get_project(store, "DEMO-02").id)[-1]["version"]
    )


def test_only_organizers_record_and_new_versions_outdate(demo_db):
    store = get_store(demo_db)
    aid = _assessment_of(store, "DEMO-04")
    with pytest.raises(PermissionDenied):
        network_analysis.record_evidence(store, auth.actor_for(store, "demo-leader"), aid, runs=50)
    organizer = auth.actor_for(store, "demo-organizer")
    network_analysis.record_evidence(store, organizer, aid, runs=50)
    pid = assessments.get_assessment(store, aid).project_id
    stored = network_analysis.project_network(store, pid)
    networks.save_network(store, organizer, pid, stored.network.subgraph(stored.network.ids[:-1]))
    assert network_analysis.get_evidence(store, aid)["outdated"] is True
