"""Read models of the networks service (stakeholder network versions)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NetworkVersionView:
    """One stored version of a project's network (without its data)."""

    id: int
    project_id: int
    version: int
    label: str | None
    sha256: str
    nodes: int
    edges: int
    created_at: str | None
