"""Read models of the leader dashboard service (领导驾驶舱 and 评估详情).

``PortfolioRow`` is one assessment of the dashboard's portfolio (``services.dashboard.portfolio_rows``, which
the leader pages read); ``PortfolioEntry`` one of the generic portfolio read (``services.portfolio``) that
the CLI's JSON and the portfolio export print through its ``to_dict``. ``AssessmentDetail`` is what the
single-assessment page shows; its result is the one stored result
(``ResultView``, read through ``assessments.result_view``), and ``result`` gives that result's JSON in one
place for the chart builders, which take plain mappings. ``DataVersion`` keys the dashboard's caches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from riskmodel.services._lookup import iso
from riskmodel.services.views.assessments import ResultView
from riskmodel.services.views.rounds import RoundProgress


@dataclass(frozen=True, slots=True)
class DataVersion:
    """``version`` changes whenever anything the dashboard shows may have changed; ``stale`` counts the
    assessments whose result must be (re)computed."""

    version: str
    stale: int


@dataclass(frozen=True, slots=True)
class DimensionName:
    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class QuestionnaireMeta:
    """A questionnaire version's names, method, score range and dimensions (heatmap labels and colours)."""

    qid: str
    version: int
    revision: int
    method: str
    name_zh: str
    name_en: str
    scale: tuple[float, float] | None
    dimensions: tuple[DimensionName, ...]


@dataclass(frozen=True, slots=True)
class DetailAssessment:
    id: int
    title: str | None
    state: str
    created_at: str | None
    updated_at: str | None


@dataclass(frozen=True, slots=True)
class DetailProject:
    id: int
    code: str
    name: str
    type: str
    region: str
    stage: str
    investment_wan: float | None
    affected_households: int | None
    description: str | None


@dataclass(frozen=True, slots=True)
class DetailVerdict:
    """The signed verdict as the leader sees it (the signer by display name)."""

    level: str
    residual_level: str
    verdict: str
    rationale: str
    signed_by: str | None
    signed_at: str | None
    deviation_reason: str | None
    result_sha256: str | None


@dataclass(frozen=True, slots=True)
class DetailMeasure:
    """One row of Table 2 (措施)."""

    id: int
    factor: str
    measure: str
    phase: str | None
    deadline: str | None
    responsible: str | None
    assisting: str | None
    status: str


@dataclass(frozen=True, slots=True)
class AssessmentDetail:
    """Everything the single-assessment page shows: project, state, stored result, verdict, measures.

    ``questionnaire`` carries the questionnaire's bilingual names, scales, grades and per-indicator stage
    and area (plain mappings, as the chart builders read them), so every view can be shown in either
    language; ``expert_codes`` maps usernames to 专家A… as the exports print them."""

    assessment: DetailAssessment
    project: DetailProject
    result_view: ResultView | None
    verdict: DetailVerdict | None
    measures: tuple[DetailMeasure, ...]
    round_progress: RoundProgress | None
    expert_codes: Mapping[str, str] = field(default_factory=dict)
    questionnaire: Mapping[str, Any] | None = None

    @property
    def result(self) -> dict[str, Any] | None:
        """The stored result's JSON (``AssessmentResult.to_dict()``), or None before the first run."""
        return None if self.result_view is None else self.result_view.result_dict()


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One assessment on the leader dashboard: its project, stored result and issued verdict.

    ``level_shown`` is the level that counts (the verdict's residual level once signed, else the level
    before measures; ``level_basis`` says which); ``date`` is the verdict date, else the creation date."""

    assessment_id: int
    project_id: int
    code: str
    project: str
    title: str | None
    region: str
    type: str
    stage: str
    state: str
    questionnaire_version_id: int
    created_at: datetime | None
    updated_at: datetime | None
    computed_at: datetime | None
    verdict_at: datetime | None
    date: datetime | None
    level: str | None
    residual_level: str | None
    computed_verdict: str | None
    verdict: str | None
    level_shown: str | None
    level_basis: str | None
    index: float | None
    residual_index: float | None
    stale: bool | None
    dimension_scores: Mapping[str, Mapping[str, float | None]]
    index_100: float | None
    residual_index_100: float | None
    index_unit: str | None


@dataclass(frozen=True, slots=True)
class PortfolioEntry:
    """One assessment of the generic portfolio read (``services.portfolio``): what the CLI's
    ``portfolio --json`` and the portfolio export (xlsx/csv) print, produced by ``to_dict`` only.

    ``level`` / ``residual_level`` / ``verdict`` are the signed ones once a verdict is issued
    (``verdict_issued``), else the engine's latest proposal; ``questionnaire`` is the questionnaire id."""

    project_id: int
    project_code: str
    project: str
    region: str
    type: str
    stage: str
    investment_wan: float | None
    affected_households: int | None
    assessment_id: int
    state: str
    questionnaire: str
    created_at: datetime | None
    last_round_at: datetime | None
    verdict_at: datetime | None
    level: str | None
    residual_level: str | None
    verdict: str | None
    verdict_issued: bool
    index: float | None
    residual_index: float | None
    stale: bool | None
    dimension_scores: Mapping[str, Any]  # as stored: {dimension id: {"before", "after"}}
    index_100: float | None
    residual_index_100: float | None
    index_unit: str | None
    index_min: float | None
    index_max: float | None

    def dimension(self, dimension_id: str, phase: str = "before") -> float | None:
        return (self.dimension_scores.get(dimension_id) or {}).get(phase)

    def to_dict(self) -> dict[str, Any]:
        """``services.portfolio.COLUMNS`` (dates as ISO text), then ``dim.<id>`` and ``dim.<id>.after``."""
        out: dict[str, Any] = {
            "project_id": self.project_id,
            "project_code": self.project_code,
            "project": self.project,
            "region": self.region,
            "type": self.type,
            "stage": self.stage,
            "investment_wan": self.investment_wan,
            "affected_households": self.affected_households,
            "assessment_id": self.assessment_id,
            "state": self.state,
            "questionnaire": self.questionnaire,
            "created_at": iso(self.created_at),
            "last_round_at": iso(self.last_round_at),
            "verdict_at": iso(self.verdict_at),
            "level": self.level,
            "residual_level": self.residual_level,
            "verdict": self.verdict,
            "verdict_issued": self.verdict_issued,
            "index": self.index,
            "residual_index": self.residual_index,
            "stale": self.stale,
            "dimension_scores": self.dimension_scores,
            "index_100": self.index_100,
            "residual_index_100": self.residual_index_100,
            "index_unit": self.index_unit,
            "index_min": self.index_min,
            "index_max": self.index_max,
        }
        for key in self.dimension_scores:
            out[f"dim.{key}"] = self.dimension(key, "before")
            out[f"dim.{key}.after"] = self.dimension(key, "after")
        return out
