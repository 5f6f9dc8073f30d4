"""Mobilisation evidence kept with an assessment (services.network_analysis)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from riskmodel.errors import PermissionDenied
from riskmodel.services import assessments, auth, network_analysis, networks, projects
from riskmodel.services.views.networks import NetworkEvidence
from riskmodel.store import get_store
from riskmodel.store.models import AuditEntry


def _assessment_of(store, code: str) -> int:
    p = next(p for p in projects.list_projects(store) if p.code == code)
    return p.assessments[-1].id


def test_record_and_read_back_evidence(demo_db):
    store = get_store(demo_db)
    aid = _assessment_of(store, "DEMO-02")
    computed = network_analysis.evidence_for(store, aid, runs=200)
    assert isinstance(computed, NetworkEvidence) and computed.stored is False and computed.recorded_at is None
    assert computed.mobilisation.runs == 200 and 0 <= computed.mobilisation.p_ge_200 <= computed.mobilisation.p_ge_100
    organizer = auth.actor_for(store, "demo-organizer")
    saved = network_analysis.record_evidence(store, organizer, aid, runs=200)
    assert saved is not None and saved.stored and saved.recorded_by == "demo-organizer"
    again = network_analysis.get_evidence(store, aid)
    assert again is not None and again.stored and not again.outdated and again.recorded_at == saved.recorded_at
    assert again == saved  # what was stored reads back as it was handed out
    assert again.mobilisation.expected_people == computed.mobilisation.expected_people
    pid = projects.get_project(store, "DEMO-02").id
    assert again.network_version == networks.list_networks(store, pid)[-1].version
    with store.read() as s:  # the stored JSON keeps its keys (they feed the assessment's input digest)
        details = s.execute(
            select(AuditEntry.details)
            .where(AuditEntry.action == network_analysis.EVIDENCE_ACTION, AuditEntry.entity_id == str(aid))
            .order_by(AuditEntry.seq.desc())
        ).scalar()
    assert set(json.loads(details)) == {
        "network_version",
        "network_sha256",
        "as_of",
        "nodes",
        "people",
        "opposed_people",
        "open_disputes",
        "mobilisation",
        "seeds",
        "opposition",
    }


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
    outdated = network_analysis.get_evidence(store, aid)
    assert outdated is not None and outdated.outdated is True
