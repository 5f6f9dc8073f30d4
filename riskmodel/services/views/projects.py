"""Read models of the projects service."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectView:
    """A project's facts (without its assessments)."""

    id: int
    code: str
    name: str
    type: str
    region: str
    investment_wan: float | None
    affected_households: int | None
    stage: str
    description: str | None
    created_at: str | None
    updated_at: str | None
    row_version: int
