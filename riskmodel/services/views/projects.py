"""Read models of the projects service."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from riskmodel.domain import State


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

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``store projects --json``): the fields in order, the keys a project always had."""
        return asdict(self)


@dataclass(frozen=True)
class ProjectAssessment:
    """One assessment in a project's list: state, questionnaire, levels and verdict.

    ``level``/``residual_level`` are the verdict's once signed, else the stored result's; ``verdict`` only
    the issued one (``proposed_verdict``: the engine's). ``project_code``/``project_name`` repeat the
    project's, so an assessment picked from the list can be labelled on its own."""

    id: int
    project_id: int
    project_code: str
    project_name: str
    title: str | None
    state: State
    questionnaire_id: str
    questionnaire_version: int
    questionnaire_revision: int
    level: str | None
    residual_level: str | None
    verdict: str | None
    proposed_verdict: str | None
    verdict_issued: bool
    created_at: str | None

    @property
    def level_shown(self) -> str | None:
        """The level that counts: after measures when known, else before."""
        return self.residual_level or self.level

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "state": self.state.value,
            "questionnaire": {
                "id": self.questionnaire_id,
                "version": self.questionnaire_version,
                "revision": self.questionnaire_revision,
            },
            "level": self.level,
            "residual_level": self.residual_level,
            "verdict": self.verdict,
            "proposed_verdict": self.proposed_verdict,
            "verdict_issued": self.verdict_issued,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class ProjectListing(ProjectView):
    """A project with its assessments, oldest first (``projects.list_projects``)."""

    assessments: tuple[ProjectAssessment, ...] = ()

    @property
    def latest(self) -> ProjectAssessment | None:
        return self.assessments[-1] if self.assessments else None

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "assessments": [a.to_dict() for a in self.assessments]}
