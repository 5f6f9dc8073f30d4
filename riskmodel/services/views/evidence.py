"""Read models of the evidence record (风险调查与评审记录): what the evidence services hand to pages,
the command line and the report chapters. ``EvidenceView.to_dict()`` is the plain JSON the report
context and the data bundle carry (timestamps as ISO text, dates as ``YYYY-MM-DD``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PublicityView:
    id: int
    start_date: str
    end_date: str
    channel: str
    content: str | None
    working_days: int
    holidays_known: bool
    min_working_days: int
    ok: bool  # working_days >= min_working_days


@dataclass(frozen=True)
class ConsultationView:
    id: int
    kind: str  # 座谈会 / 听证会 / 入户走访 / 现场踏勘 / 舆情监测
    held_on: str
    place: str
    participants: dict[str, int]  # category → count
    opinions: str
    total: int


@dataclass(frozen=True)
class AttitudeRow:
    """Support / neutral / opposition of one stakeholder group or distance ring, with Wilson 95% intervals."""

    key: str  # direct / indirect, or a ring id of the standard
    label_zh: str
    label_en: str
    respondents: int
    support: int
    neutral: int
    oppose: int
    support_rate: float | None
    oppose_rate: float | None
    support_ci: tuple[float | None, float | None]
    oppose_ci: tuple[float | None, float | None]
    min_respondents: int | None = None  # the standard's coverage rule for the ring, if any
    coverage_ok: bool | None = None  # None where the standard sets no rule


@dataclass(frozen=True)
class SurveyDetailView:
    issued: int
    returned: int
    valid: int
    aware: int | None
    return_rate: float | None
    valid_rate: float | None
    aware_rate: float | None
    groups: list[AttitudeRow]
    rings: list[AttitudeRow]
    row_version: int

    def near_opposition(self) -> AttitudeRow | None:
        """The ring with the highest opposition rate (where opposition concentrates)."""
        rows = [r for r in self.rings if r.oppose_rate is not None]
        return max(rows, key=lambda r: r.oppose_rate or 0.0) if rows else None


@dataclass(frozen=True)
class DemandView:
    id: int
    demand: str
    raised_by: str
    people: int
    handling: str  # 采纳 / 部分采纳 / 未采纳
    reason: str | None
    measure: str | None


@dataclass(frozen=True)
class PartiesView:
    commissioning_unit: str
    assessor: str
    assessor_third_party: bool
    assessor_registration: str | None
    compiler: str
    note: str | None
    row_version: int


@dataclass(frozen=True)
class OpinionView:
    """One expert at the review meeting: the name is shown (the 专家签名表 requires it)."""

    username: str
    name: str
    field: str | None
    organization: str | None
    opinion: str | None
    written_at: str | None
    confirmed_at: str | None  # None, or when he confirmed the current group opinion
    is_leader: bool = False


@dataclass(frozen=True)
class ReviewView:
    held_on: str
    place: str
    leader: str  # the group leader's username
    leader_name: str
    group_opinion: str | None
    group_opinion_at: str | None
    experts: list[OpinionView]
    confirmed: int  # experts who confirmed the current group opinion
    complete: bool  # a group opinion confirmed by every expert


@dataclass(frozen=True)
class EmergencyPlanView:
    id: int
    factor: str
    command: str
    members: str
    levels: list[dict[str, str]]  # [{level, trigger}]
    steps: list[str]
    resources: str
    contacts: str
    row_version: int


@dataclass(frozen=True)
class PlanTemplate:
    """The standard's 应急预案 template in one language: the fields a new plan starts from (the factor and
    the contacts are the organizer's to fill). ``fields()`` gives them by name, as ``save_emergency_plan``
    takes them."""

    command: str
    members: str
    levels: list[dict[str, str]]  # [{level, trigger}]
    steps: list[str]
    resources: str
    contacts: str = ""

    def fields(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "members": self.members,
            "levels": [dict(lv) for lv in self.levels],
            "steps": list(self.steps),
            "resources": self.resources,
        }


@dataclass(frozen=True)
class Finding:
    """One result of ``evidence check``: ``ok`` False is a gap a filing office would send back."""

    code: str  # catalog key under evidence.check.*
    ok: bool
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceView:
    assessment_id: int
    publicity: list[PublicityView]
    consultations: list[ConsultationView]
    survey: SurveyDetailView | None
    demands: list[DemandView]
    parties: PartiesView | None
    review: ReviewView | None
    plans: list[EmergencyPlanView]
    min_working_days: int

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def empty(self) -> bool:
        return not (
            self.publicity
            or self.consultations
            or self.survey
            or self.demands
            or self.parties
            or self.review
            or self.plans
        )
