"""Stored networks read as ``Network`` objects, and the mobilisation evidence kept with an assessment.

Built on ``riskmodel.services.networks`` (which stores ``Network.to_dict()`` per project and version):

* ``project_network`` — the latest (or a given) stored version of a project as a ``Network``, optionally
  as of a day (``Network.as_of``), with the version number and hash (the UI's cache key);
* ``record_evidence`` — runs ``network_report`` on the assessment's project network and stores the
  mobilisation result *with the assessment*. It is stored as an append-only, hash-chained audit entry
  (action ``network.evidence``, entity ``assessment``): the evidence a panel saw must not change
  afterwards, the audit log is exactly such a record, and no schema change is needed;
* ``get_evidence`` — the latest stored evidence of an assessment (``outdated`` when the project's network
  has a newer version since), ``evidence_for`` — stored evidence or, when none, a computed (unsaved) one.

The evidence is handed out as ``NetworkEvidence`` (``services/views/networks.py``); the JSON kept in the
audit entry is ``_evidence_payload``'s (its keys feed the assessment's input digest, so they stay as they are).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from riskmodel.network.model import Network
from riskmodel.network.report import network_report
from riskmodel.services import audit, networks
from riskmodel.services._lookup import assessment_row
from riskmodel.services.context import Actor, require_role
from riskmodel.services.views.networks import NetworkEvidence
from riskmodel.store.db import Store
from riskmodel.store.models import AuditEntry

EVIDENCE_ACTION = "network.evidence"
EVIDENCE_RUNS = 1000
EVIDENCE_SEED = 42

_parsed: OrderedDict[str, Network] = OrderedDict()
_parsed_lock = threading.Lock()
_computed: OrderedDict[tuple, dict] = OrderedDict()


@dataclass(frozen=True)
class StoredNetwork:
    """One stored version of a project's network (possibly viewed as of a day)."""

    project_id: int
    version: int
    sha256: str
    label: str | None
    created_at: str | None
    network: Network
    as_of: date | None = None

    @property
    def cache_key(self) -> str:
        return f"{self.sha256}:{self.as_of.isoformat() if self.as_of else '-'}"


def _network_from(data: dict, sha256: str) -> Network:
    """``Network.from_dict`` cached by the stored hash (parsing 2,000+ nodes costs ~100 ms)."""
    with _parsed_lock:
        if sha256 in _parsed:
            _parsed.move_to_end(sha256)
            return _parsed[sha256]
    network = Network.from_dict(data)
    with _parsed_lock:
        _parsed[sha256] = network
        while len(_parsed) > 32:
            _parsed.popitem(last=False)
    return network


def project_network(
    store: Store, project_id: int | str, *, as_of: date | None = None, version: int | None = None
) -> StoredNetwork | None:
    """The project's latest (or ``version``) stored network, as of ``as_of`` when given; None if none."""
    row = (
        networks.latest_network(store, project_id)
        if version is None
        else networks.get_network(store, project_id, version)
    )
    if row is None:
        return None
    network = _network_from(row["data"], row["sha256"])
    if as_of is not None:
        network = network.as_of(as_of)
    return StoredNetwork(
        project_id=row["project_id"],
        version=row["version"],
        sha256=row["sha256"],
        label=row.get("label"),
        created_at=row.get("created_at"),
        network=network,
        as_of=as_of,
    )


def _project_of(store: Store, assessment_id: int) -> int:
    with store.read() as s:
        return assessment_row(s, assessment_id).project_id


def _evidence_payload(stored: StoredNetwork, report: dict[str, Any]) -> dict[str, Any]:
    mob = report["mobilisation"]
    return {
        "network_version": stored.version,
        "network_sha256": stored.sha256,
        "as_of": stored.as_of.isoformat() if stored.as_of else None,
        "nodes": report["summary"]["nodes"],
        "people": report["summary"]["people"],
        "opposed_people": report["summary"]["opposed_people"],
        "open_disputes": report["summary"]["open_disputes"],
        "mobilisation": {
            k: mob[k]
            for k in (
                "expected_people",
                "p_ge_100",
                "p_ge_200",
                "runs",
                "seed",
                "percentiles",
                "level_probabilities",
                "model",
                "params",
            )
        },
        "seeds": len(mob.get("seeds") or []),
        "opposition": report["opposition"][:3],
    }


def compute_evidence(
    store: Store,
    assessment_id: int,
    *,
    runs: int = EVIDENCE_RUNS,
    seed: int = EVIDENCE_SEED,
    on_progress: Callable[[int, int], Any] | None = None,
) -> NetworkEvidence | None:
    """The evidence of the assessment's project network, computed now (not stored); None without a network."""
    payload = _computed_payload(store, assessment_id, runs=runs, seed=seed, on_progress=on_progress)
    return None if payload is None else NetworkEvidence.from_payload(payload, stored=False)


def _computed_payload(
    store: Store,
    assessment_id: int,
    *,
    runs: int,
    seed: int,
    on_progress: Callable[[int, int], Any] | None,
) -> dict[str, Any] | None:
    """The JSON of the evidence as it is stored (computed once per network version, runs and seed)."""
    stored = project_network(store, _project_of(store, assessment_id))
    if stored is None:
        return None
    key = (stored.sha256, runs, seed)
    if key in _computed:
        return _computed[key]
    report = network_report(stored.network, runs=runs, seed=seed, on_progress=on_progress)
    payload = _evidence_payload(stored, report)
    _computed[key] = payload
    while len(_computed) > 64:
        _computed.popitem(last=False)
    return payload


def record_evidence(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    runs: int = EVIDENCE_RUNS,
    seed: int = EVIDENCE_SEED,
    on_progress: Callable[[int, int], Any] | None = None,
) -> NetworkEvidence | None:
    """Run the simulation on the project's latest network and store it with the assessment (organizer)."""
    require_role(actor, "organizer", "admin")
    payload = _computed_payload(store, assessment_id, runs=runs, seed=seed, on_progress=on_progress)
    if payload is None:
        return None

    def _save(s) -> str:
        assessment_row(s, assessment_id)
        return audit.record(s, actor, EVIDENCE_ACTION, "assessment", assessment_id, **payload).at

    recorded_at = store.write(_save)
    return NetworkEvidence.from_payload(payload, stored=True, recorded_at=recorded_at, recorded_by=actor.username)


def get_evidence(store: Store, assessment_id: int) -> NetworkEvidence | None:
    """The latest stored evidence of an assessment, or None."""
    with store.read() as s:
        row = s.execute(
            select(AuditEntry)
            .where(
                AuditEntry.action == EVIDENCE_ACTION,
                AuditEntry.entity == "assessment",
                AuditEntry.entity_id == str(assessment_id),
            )
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
        if row is None:
            return None
        payload = json.loads(row.details)
        recorded_at, recorded_by = row.at, row.actor
        project_id = assessment_row(s, assessment_id).project_id
    latest = networks.list_networks(store, project_id)
    outdated = bool(latest) and latest[-1]["sha256"] != payload.get("network_sha256")
    return NetworkEvidence.from_payload(
        payload, stored=True, outdated=outdated, recorded_at=recorded_at, recorded_by=recorded_by
    )


def evidence_for(store: Store, assessment_id: int, *, runs: int = EVIDENCE_RUNS) -> NetworkEvidence | None:
    """Stored evidence if any, else computed evidence (marked ``stored=False``), else None (no network)."""
    return get_evidence(store, assessment_id) or compute_evidence(store, assessment_id, runs=runs)
