"""Typed read models of the register area (issue 11): matters, coverage, experts, draws, filings, assessors.

Frozen dataclasses; ``as_dict()`` gives the plain form the command line prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MATTER_STATES = ("应评", "评估中", "已评估", "已备案", "已决策")
KINDS = ("重大决策", "重大项目", "重大活动", "其他")
CHECKPOINTS = ("项目立项", "政策出台")
TRACKS = ("普通", "简易")
DECISIONS = ("实施", "暂缓实施", "不予实施", "调整方案后实施")
CATEGORIES = ("社科研究", "工程技术", "综合管理")
FILING_STATES = ("待审查", "予以备案", "退回补正")
PENDING, ACCEPTED, RETURNED = FILING_STATES


@dataclass(frozen=True)
class ImportCounts:
    """What an import of the register or the expert library did: rows read, records created and updated."""

    rows: int
    created: int
    updated: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class MatterLink:
    """An assessment linked to a matter; ``moved_from`` the matter it was linked to before, if any."""

    code: str
    assessment_id: int
    moved_from: str | None = None


@dataclass(frozen=True)
class MatterView:
    id: int
    code: str
    title: str
    kind: str
    checkpoint: str
    department: str
    region: str
    year: int
    planned_decision_date: str | None
    track: str | None
    state: str
    decision: str | None
    decision_date: str | None
    decided_without_assessment: bool
    decision_departs: bool
    assessment_ids: tuple[int, ...] = ()
    filed_verdict: str | None = None
    row_version: int = 1

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["assessment_ids"] = list(self.assessment_ids)
        return out


@dataclass(frozen=True)
class CoverageRow:
    """Figures of one year, department or region."""

    name: str
    required: int
    assessed: int
    filed: int
    decided_without_assessment: int
    coverage_rate: float | None
    filing_rate: float | None
    decision_departs: int = 0
    decisions: dict[str, int] = field(default_factory=dict)

    def as_dict(self, name_key: str) -> dict[str, Any]:
        return {
            name_key: self.name,
            "required": self.required,
            "assessed": self.assessed,
            "filed": self.filed,
            "decided_without_assessment": self.decided_without_assessment,
            "coverage_rate": self.coverage_rate,
            "filing_rate": self.filing_rate,
        }


@dataclass(frozen=True)
class Coverage:
    year: int
    total: CoverageRow
    by_department: tuple[CoverageRow, ...]
    by_region: tuple[CoverageRow, ...]

    def as_dict(self) -> dict[str, Any]:
        """The command's JSON (``coverage --year YYYY --json``)."""
        t = self.total
        return {
            "required": t.required,
            "assessed": t.assessed,
            "filed": t.filed,
            "decided_without_assessment": t.decided_without_assessment,
            "coverage_rate": t.coverage_rate,
            "filing_rate": t.filing_rate,
            "by_department": [r.as_dict("department") for r in self.by_department],
            "by_region": [r.as_dict("region") for r in self.by_region],
        }


@dataclass(frozen=True)
class GateEntry:
    """A matter flagged at the gate: 未评先决 or a decision departing from the filed verdict."""

    code: str
    title: str
    department: str
    region: str
    decision: str | None
    decision_date: str | None
    flag: str  # decided_without_assessment / decision_departs
    filed_verdict: str | None = None


@dataclass(frozen=True)
class ExpertView:
    id: int
    username: str
    name: str
    category: str
    field: str
    organisation: str
    title: str | None
    years: int
    available: bool
    has_account: bool
    participations: int = 0
    declined: int = 0
    late: int = 0


@dataclass(frozen=True)
class Recusal:
    username: str
    reason: str  # declared_conflict / same_organisation_owner / same_organisation_assessor / network_node
    detail: str = ""


@dataclass(frozen=True)
class DrawView:
    draw_id: int
    assessment_id: int
    number: int
    kind: str
    panel: tuple[str, ...]
    recused: tuple[Recusal, ...]
    pool_size: int
    pool_hash: str
    seed: str
    size: int
    strata: tuple[str, ...]
    shortfall: tuple[str, ...]
    reason: str | None
    drawn_at: str
    drawn_by: str
    declined: str | None = None
    without_account: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The command's JSON (``experts draw --json``)."""
        return {
            "draw_id": self.draw_id,
            "panel": list(self.panel),
            "recused": [{"username": r.username, "reason": r.reason} for r in self.recused],
            "pool_size": self.pool_size,
            "pool_hash": self.pool_hash,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class ReplayView:
    draw_id: int
    panel: tuple[str, ...]
    recorded_panel: tuple[str, ...]
    pool_hash: str
    pool_hash_ok: bool
    seed: str

    @property
    def matches(self) -> bool:
        return self.pool_hash_ok and self.panel == self.recorded_panel

    def as_dict(self) -> dict[str, Any]:
        return {
            "draw_id": self.draw_id,
            "panel": list(self.panel),
            "pool_hash": self.pool_hash,
            "seed": self.seed,
            "matches": self.matches,
        }


@dataclass(frozen=True)
class CheckItem:
    item: str
    passed: bool | None  # None: not checked (no record yet)
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "passed": self.passed, "detail": self.detail}


@dataclass(frozen=True)
class FilingView:
    id: int
    assessment_id: int
    project_code: str
    project_name: str
    number: int
    state: str
    assessor: str | None
    change_note: str | None
    checklist: tuple[CheckItem, ...]
    submitted_at: str
    submitted_by: str
    decided_at: str | None
    decided_by: str | None
    decision_reason: str | None
    filing_number: str | None
    receipt: str | None


@dataclass(frozen=True)
class AssessorView:
    id: int
    name: str
    credit_code: str
    staff: int
    registration_number: str | None
    valid_from: str | None
    valid_until: str | None
    active: bool
    status: str  # valid / expired / not_yet / inactive
    returned: int
    misconduct: int
    records: tuple[dict[str, Any], ...] = ()
