"""Typed read models of assessments: the stored result (``ResultView``) and what a verdict needs.

``ResultView`` wraps the engine's typed ``AssessmentResult`` as stored by ``assessments.refresh_result``
with the summary columns and ``result_sha256`` — the SHA-256 of the stored result's canonical JSON, the
same digest the verdict keeps and the report prints, so anyone can see both came from one computation.
Every surface (pages, verdict, report, exports, dashboard) reads a result through
``assessments.get_result``; ``to_dict`` gives the JSON where JSON is needed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from riskmodel.domain import State
from riskmodel.engine.result import AssessmentResult
from riskmodel.services.views.rounds import RoundRef


@dataclass(frozen=True, slots=True)
class ResultView:
    """The stored result of one assessment (``result`` None when the engine could not run: ``error``)."""

    assessment_id: int
    computed_at: str | None
    input_sha256: str
    result_sha256: str | None
    stale: bool
    error: str | None
    experts_submitted: int
    ratings_count: int
    level: str | None
    residual_level: str | None
    verdict: str | None
    index: float | None
    residual_index: float | None
    dimension_scores: dict[str, Any] = field(default_factory=dict)
    result: AssessmentResult | None = None
    raw: dict[str, Any] | None = field(default=None, repr=False, compare=False)  # the stored JSON

    @property
    def complete(self) -> bool:
        """Every indicator has a counted rating in each phase the questionnaire requires (or an exclusion)."""
        return bool(self.result is not None and self.result.complete)

    @property
    def missing_indicators(self) -> list[str]:
        return [] if self.result is None else list(self.result.missing_indicators)

    def result_dict(self) -> dict[str, Any] | None:
        """The stored result's JSON (``AssessmentResult.to_dict()`` as stored), or None."""
        if self.raw is not None:
            return self.raw
        return None if self.result is None else self.result.to_dict()

    def to_dict(self) -> dict[str, Any]:
        return {
            "assessment_id": self.assessment_id,
            "computed_at": self.computed_at,
            "input_sha256": self.input_sha256,
            "result_sha256": self.result_sha256,
            "level": self.level,
            "residual_level": self.residual_level,
            "verdict": self.verdict,
            "index": self.index,
            "residual_index": self.residual_index,
            "dimension_scores": dict(self.dimension_scores),
            "experts_submitted": self.experts_submitted,
            "ratings_count": self.ratings_count,
            "stale": self.stale,
            "error": self.error,
            "result": self.result_dict(),
        }


@dataclass(frozen=True, slots=True)
class ExclusionView:
    """An indicator left out on purpose (``phase`` None: not applicable; ``after``: not re-rated)."""

    id: int
    assessment_id: int
    indicator: str
    phase: str | None
    reason: str
    recorded_by: str | None
    recorded_at: str | None


@dataclass(frozen=True, slots=True)
class VerdictRequirements:
    """What issuing the verdict needs now, as the verdict service will check it.

    ``missing``: indicators without a counted rating in a required phase and without an exclusion —
    while any remain the verdict is refused. ``suggested_*``: the engine's levels and the decision rule's
    verdict; a verdict departing from them needs a written ``deviation_reason`` (偏离说明).
    """

    assessment_id: int
    has_result: bool
    complete: bool
    missing: list[str]
    missing_by_phase: dict[str, list[str]]
    exclusions: list[ExclusionView]
    suggested_level: str | None
    suggested_residual_level: str | None
    suggested_verdict: str | None
    result_sha256: str | None
    uncertainty_basis: str | None
    can_issue: bool
    refusal_key: str | None = None  # catalog key of why the verdict cannot be issued now
    refusal_params: dict[str, Any] = field(default_factory=dict)
    rule: dict[tuple[str, str], str] = field(default_factory=dict)  # (residual, before) → verdict

    def rule_verdict(self, level: str | None, residual_level: str | None) -> str | None:
        """The decision rule's verdict for these levels (None when unknown)."""
        if level is None or residual_level is None:
            return None
        return self.rule.get((residual_level, level))

    def deviation(
        self, *, level: str | None = None, residual_level: str | None = None, verdict: str | None = None
    ) -> list[str]:
        """Which of the chosen values depart from the engine's levels or the decision rule's verdict."""
        final_level = level or self.suggested_level
        final_residual = residual_level or self.suggested_residual_level
        final_verdict = verdict or self.suggested_verdict
        out = []
        if level is not None and level != self.suggested_level:
            out.append("level")
        if residual_level is not None and residual_level != self.suggested_residual_level:
            out.append("residual_level")
        if final_verdict != self.rule_verdict(final_level, final_residual):
            out.append("verdict")
        return out

    def needs_justification(
        self, *, level: str | None = None, residual_level: str | None = None, verdict: str | None = None
    ) -> bool:
        return bool(self.deviation(level=level, residual_level=residual_level, verdict=verdict))


@dataclass(frozen=True, slots=True)
class QuestionnaireRef:
    """The exact stored questionnaire version an assessment uses."""

    id: str
    version: int
    revision: int
    version_id: int
    name: str
    method: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AssessmentView:
    """One assessment as the pages, the CLI and the report read it: its project, state, questionnaire
    version, rounds (``round`` the latest) and setup (crowd estimates, uncertainty draws, panel override)."""

    id: int
    project_id: int
    project_code: str
    project_name: str
    title: str | None
    state: State
    questionnaire: QuestionnaireRef
    round: RoundRef | None
    rounds: tuple[RoundRef, ...]
    group_event_people: int | None
    group_event_people_after: int | None
    uncertainty_draws: int | None
    uncertainty_seed: int | None
    panel_override: bool
    panel_override_reason: str | None
    created_at: str | None
    updated_at: str | None
    row_version: int

    @property
    def round_open(self) -> bool:
        return self.round is not None and self.round.open

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the keys the assessment always had."""
        return {
            "id": self.id,
            "project_id": self.project_id,
            "project_code": self.project_code,
            "project_name": self.project_name,
            "title": self.title,
            "state": self.state.value,
            "questionnaire": self.questionnaire.to_dict(),
            "round": None if self.round is None else self.round.to_dict(),
            "rounds": [r.to_dict() for r in self.rounds],
            "group_event_people": self.group_event_people,
            "group_event_people_after": self.group_event_people_after,
            "uncertainty_draws": self.uncertainty_draws,
            "uncertainty_seed": self.uncertainty_seed,
            "panel_override": self.panel_override,
            "panel_override_reason": self.panel_override_reason,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "row_version": self.row_version,
        }
