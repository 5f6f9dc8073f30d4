"""Stakeholder and dispute networks stored per project (each save is a new version, old ones kept).

The network model and its analysis live in ``riskmodel.network``; this module only keeps the
``Network.to_dict()`` form in the database, so every app instance sees the same networks. Versions are
handed out as ``NetworkVersionView`` (without the data: ``save_network``, ``list_networks``) or
``NetworkVersionData`` (with it: ``latest_version``, ``get_network``), ``services/views/networks.py``.
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
from riskmodel.services.views.networks import NetworkVersionData, NetworkVersionView
from riskmodel.store.db import Store
from riskmodel.store.models import NetworkVersion


def _as_dict(network: Any) -> dict:
    data = network.to_dict() if hasattr(network, "to_dict") else dict(network)
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))  # dates → ISO text


def version_view(row: NetworkVersion) -> NetworkVersionView:
    """A stored version without its data."""
    return NetworkVersionView(
        id=row.id,
        project_id=row.project_id,
        version=row.version,
        label=row.label,
        sha256=row.sha256,
        nodes=row.nodes,
        edges=row.edges,
        created_at=iso(row.created_at),
    )


def version_data(row: NetworkVersion) -> NetworkVersionData:
    """A stored version with its data."""
    return NetworkVersionData(**vars(version_view(row)), data=row.data)


def save_network(
    store: Store, actor: Actor, project_id: int | str, network: Any, *, label: str | None = None
) -> NetworkVersionView:
    """Store a new version of a project's network (a ``Network`` or its ``to_dict()``); the version stored."""
    require_role(actor, "organizer", "admin")
    data = _as_dict(network)
    digest = hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()

    def _save(s: Session) -> NetworkVersionView:
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
        return version_view(row)

    return store.write(_save)


def latest_version(store: Store, project_id: int | str) -> NetworkVersionData | None:
    """The newest version with its data, or None."""
    with store.read() as s:
        p = project_row(s, project_id)
        row = s.execute(
            select(NetworkVersion)
            .where(NetworkVersion.project_id == p.id)
            .order_by(NetworkVersion.version.desc())
            .limit(1)
        ).scalar_one_or_none()
        return None if row is None else version_data(row)


def get_network(store: Store, project_id: int | str, version: int) -> NetworkVersionData:
    """One version with its data (``NotFoundError`` when the project has no such version)."""
    with store.read() as s:
        p = project_row(s, project_id)
        row = s.execute(
            select(NetworkVersion).where(NetworkVersion.project_id == p.id, NetworkVersion.version == version)
        ).scalar_one_or_none()
        if row is None:
            raise NotFoundError("store.network.not_found", project=p.code, version=version)
        return version_data(row)


def list_networks(store: Store, project_id: int | str) -> list[NetworkVersionView]:
    """The project's stored versions without their data, oldest first."""
    with store.read() as s:
        p = project_row(s, project_id)
        return [
            version_view(r)
            for r in s.execute(
                select(NetworkVersion).where(NetworkVersion.project_id == p.id).order_by(NetworkVersion.version)
            ).scalars()
        ]
