"""Stakeholder and dispute networks stored per project (each save is a new version, old ones kept).

The network model and its analysis live in ``riskmodel.network``; this module only keeps the
``Network.to_dict()`` form in the database, so every app instance sees the same networks.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.errors import NotFoundError
from riskmodel.services import audit
from riskmodel.services._lookup import iso, project_row
from riskmodel.services.audit import canonical_json
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.networks import NetworkVersionView
from riskmodel.store.db import Store
from riskmodel.store.models import NetworkVersion


def _as_dict(network: Any) -> dict:
    data = network.to_dict() if hasattr(network, "to_dict") else dict(network)
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))  # dates → ISO text


def network_dict(row: NetworkVersion, *, with_data: bool = True) -> dict:
    out = {
        "id": row.id,
        "project_id": row.project_id,
        "version": row.version,
        "label": row.label,
        "sha256": row.sha256,
        "nodes": row.nodes,
        "edges": row.edges,
        "created_at": iso(row.created_at),
    }
    if with_data:
        out["data"] = row.data
    return out


def save_network(store: Store, actor: Actor, project_id: int | str, network: Any, *, label: str | None = None) -> dict:
    """Store a new version of a project's network (a ``Network`` or its ``to_dict()``)."""
    require_role(actor, "organizer", "admin")
    data = _as_dict(network)
    digest = hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()

    def _save(s: Session) -> dict:
        p = project_row(s, project_id)
        last = (
            s.execute(select(func.max(NetworkVersion.version)).where(NetworkVersion.project_id == p.id)).scalar() or 0
        )
        row = NetworkVersion(
            project_id=p.id,
            version=last + 1,
            label=label,
            data=data,
            sha256=digest,
            nodes=len(data.get("nodes") or []),
            edges=len(data.get("edges") or []),
            created_at=now(),
            created_by_id=actor.user_id,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "network.save",
            "project",
            p.id,
            version=row.version,
            sha256=digest,
            nodes=row.nodes,
            edges=row.edges,
        )
        return network_dict(row, with_data=False)

    return store.write(_save)


def latest_network(store: Store, project_id: int | str) -> dict | None:
    """The newest version with its data, or None."""
    with store.read() as s:
        p = project_row(s, project_id)
        row = s.execute(
            select(NetworkVersion)
            .where(NetworkVersion.project_id == p.id)
            .order_by(NetworkVersion.version.desc())
            .limit(1)
        ).scalar_one_or_none()
        return None if row is None else network_dict(row)


def get_network(store: Store, project_id: int | str, version: int) -> dict:
    with store.read() as s:
        p = project_row(s, project_id)
        row = s.execute(
            select(NetworkVersion).where(NetworkVersion.project_id == p.id, NetworkVersion.version == version)
        ).scalar_one_or_none()
        if row is None:
            raise NotFoundError("store.network.not_found", project=p.code, version=version)
        return network_dict(row)


def list_networks(store: Store, project_id: int | str) -> list[dict]:
    with store.read() as s:
        p = project_row(s, project_id)
        return [
            network_dict(r, with_data=False)
            for r in s.execute(
                select(NetworkVersion).where(NetworkVersion.project_id == p.id).order_by(NetworkVersion.version)
            ).scalars()
        ]


def versions_of(store: Store, project_id: int | str) -> list[NetworkVersionView]:
    """``list_networks``'s typed form, for the pages (oldest first)."""
    return [NetworkVersionView(**n) for n in list_networks(store, project_id)]
