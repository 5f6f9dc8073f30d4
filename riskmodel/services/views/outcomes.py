"""Typed read models of 后评估: tracking periods, incidents, realised levels, the back-test, expert scores.

``to_json`` gives the command line's JSON (the keys the issue names are contracts: ``realised_level``,
``rule``, ``incidents``, ``records``; ``assessments``, ``brier``, ``per_assessment``, ``confusion``,
``reliability``, ``by_expert``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from riskmodel.i18n import t

LEVELS = ("低", "中", "高")
FEW_CASES = 10  # below this many cases a figure carries a note


@dataclass(frozen=True)
class TrackingView:
    """The tracking period: from the decision to implement, ``months`` long; ``complete`` once it ended."""

    assessment_id: int
    decision: str
    decision_source: str  # verdict (implicit from the verdict) / register / recorded
    decided_on: date
    months: int
    ends_on: date
    complete: bool
    note: str | None = None
    recorded: bool = False  # a stored row (False: derived from the verdict and the standard)

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "decision_source": self.decision_source,
            "decided_on": self.decided_on.isoformat(),
            "months": self.months,
            "ends_on": self.ends_on.isoformat(),
            "complete": self.complete,
            "note": self.note,
        }


@dataclass(frozen=True)
class IncidentView:
    id: int
    assessment_id: int
    occurred_on: date
    kind: str
    people: int
    place: str | None
    source: str | None
    evidence: str | None
    note: str | None
    recorded_by: str | None
    in_period: bool  # within the tracking period (only these count)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.occurred_on.isoformat(),
            "kind": self.kind,
            "people": self.people,
            "place": self.place,
            "source": self.source,
            "evidence": self.evidence,
            "note": self.note,
            "in_period": self.in_period,
        }


@dataclass(frozen=True)
class FeedCounts:
    """Counts of the feed records linked to the project in the tracking period (件次, 重件, 告警)."""

    records: int = 0
    repeat: int = 0
    signals: int = 0
    available: bool = False  # False: no feeds area / nothing linked — the record rules are not applied

    def to_json(self) -> dict[str, Any]:
        return {"records": self.records, "repeat": self.repeat, "signals": self.signals, "available": self.available}


@dataclass(frozen=True)
class RuleHit:
    """One realised-level rule that applied: which (``group_event`` / ``incident_kind`` / ``record_count`` /
    ``none``), the level it gives, and the message that states it."""

    rule: str
    level: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        params = dict(self.params)
        if "what" in params:
            params["what"] = t(f"outcomes.what.{params['what']}", lang=lang)
        return t(self.key, lang=lang, **params)


@dataclass(frozen=True)
class OutcomeView:
    assessment_id: int
    project_code: str
    project_name: str
    verdict: str | None
    implemented: bool
    tracking: TrackingView | None
    incidents: tuple[IncidentView, ...]
    records: FeedCounts
    realised_level: str | None  # None without a tracking period
    rule: RuleHit | None
    hits: tuple[RuleHit, ...]
    standard: str

    @property
    def complete(self) -> bool:
        return self.tracking is not None and self.tracking.complete

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "assessment": self.assessment_id,
            "project": self.project_code,
            "verdict": self.verdict,
            "implemented": self.implemented,
            "tracking": None if self.tracking is None else self.tracking.to_json(),
            "complete": self.complete,
            "realised_level": self.realised_level,
            "rule": None if self.rule is None else self.rule.text(lang),
            "rule_id": None if self.rule is None else self.rule.rule,
            "rules": [{"rule": h.rule, "level": h.level, "text": h.text(lang)} for h in self.hits],
            "incidents": [i.to_json() for i in self.incidents],
            "records": self.records.to_json(),
            "standard": self.standard,
        }


@dataclass(frozen=True)
class CaseView:
    """One back-test case: an assessment with a complete tracking period and stored probabilities."""

    assessment: int
    project_code: str
    project_name: str
    questionnaire: str
    region: str
    project_type: str
    predicted: dict[str, float]  # the stored residual_level_probabilities
    predicted_level: str  # the stored residual level
    realised_level: str
    rule: str
    brier: float

    def to_json(self) -> dict[str, Any]:
        return {
            "assessment": self.assessment,
            "project": self.project_code,
            "questionnaire": self.questionnaire,
            "region": self.region,
            "project_type": self.project_type,
            "predicted": dict(self.predicted),
            "predicted_level": self.predicted_level,
            "realised_level": self.realised_level,
            "rule": self.rule,
            "brier": self.brier,
        }


@dataclass(frozen=True)
class ReliabilityBinView:
    lower: float
    upper: float
    count: int
    mean_predicted: float | None
    observed_frequency: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "lower": self.lower,
            "upper": self.upper,
            "count": self.count,
            "mean_predicted": self.mean_predicted,
            "observed_frequency": self.observed_frequency,
        }


@dataclass(frozen=True)
class GroupFigure:
    """The back-test of one group of cases (a questionnaire, a region, a project type)."""

    key: str
    n: int
    brier: float | None
    hit_rate: float | None

    @property
    def few(self) -> bool:
        return self.n < FEW_CASES

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "n": self.n, "brier": self.brier, "hit_rate": self.hit_rate, "few_cases": self.few}


@dataclass(frozen=True)
class ExpertScore:
    """An expert's record: his ratings alone through the engine → implied residual level per case."""

    expert: str
    display_name: str | None
    n: int
    brier: float | None
    hit_rate: float | None
    skill: float | None  # 1 − Brier / ⅔

    @property
    def few(self) -> bool:
        return self.n < FEW_CASES

    def to_json(self) -> dict[str, Any]:
        return {
            "expert": self.expert,
            "n": self.n,
            "brier": self.brier,
            "hit_rate": self.hit_rate,
            "skill": self.skill,
            "few_cases": self.few,
        }


@dataclass(frozen=True)
class BacktestView:
    questionnaire: str | None  # the filter, if any
    cases: tuple[CaseView, ...]
    brier: float | None
    hit_rate: float | None
    confusion: tuple[tuple[int, int, int], ...]  # rows predicted, columns realised (低, 中, 高)
    reliability: tuple[ReliabilityBinView, ...]
    by_questionnaire: tuple[GroupFigure, ...]
    by_region: tuple[GroupFigure, ...]
    by_type: tuple[GroupFigure, ...]
    by_expert: tuple[ExpertScore, ...] | None  # None: not shown to this role
    without_probabilities: tuple[int, ...] = ()  # complete cases left out: no stored probabilities

    @property
    def n(self) -> int:
        return len(self.cases)

    @property
    def few(self) -> bool:
        return self.n < FEW_CASES

    def to_json(self) -> dict[str, Any]:
        return {
            "questionnaire": self.questionnaire,
            "assessments": self.n,
            "brier": self.brier,
            "hit_rate": self.hit_rate,
            "few_cases": self.few,
            "per_assessment": [c.to_json() for c in self.cases],
            "confusion": {
                "levels": list(LEVELS),
                "rows": "predicted",
                "columns": "realised",
                "counts": [list(r) for r in self.confusion],
            },
            "reliability": [b.to_json() for b in self.reliability],
            "by_questionnaire": [g.to_json() for g in self.by_questionnaire],
            "by_region": [g.to_json() for g in self.by_region],
            "by_project_type": [g.to_json() for g in self.by_type],
            "by_expert": [] if self.by_expert is None else [e.to_json() for e in self.by_expert],
            "without_probabilities": list(self.without_probabilities),
        }


@dataclass(frozen=True)
class WeightRow:
    expert: str
    authority_weight: float
    n: int
    brier: float | None
    factor: float
    performance_weight: float


@dataclass(frozen=True)
class WeightComparisonView:
    """Performance weights against authority weights on one assessment, and what they change."""

    assessment_id: int
    adopted: bool  # the questionnaire's expert_weighting is already ``performance``
    min_cases: int
    shrinkage: float
    floor: float
    rows: tuple[WeightRow, ...]
    departs: bool  # at least one expert has enough cases to move away from his authority weight
    authority_residual_level: str | None
    performance_residual_level: str | None
    authority_probabilities: dict[str, float] | None
    performance_probabilities: dict[str, float] | None
    authority_verdict: str | None
    performance_verdict: str | None
    authority_index: float | None
    performance_index: float | None
