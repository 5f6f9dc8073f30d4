"""Read models of the surveys service (民意调查)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskmodel.domain import Phase

COUNT_FIELDS = ("support", "neutral", "oppose", "respondents_direct", "respondents_indirect", "households_covered")


@dataclass(frozen=True)
class SurveyView:
    """One recorded survey result; the latest one of each phase (措施前 / 措施后) is the one that counts."""

    id: int
    assessment_id: int
    support: int
    neutral: int
    oppose: int
    respondents_direct: int | None
    respondents_indirect: int | None
    households_covered: int | None
    total: int
    oppose_share: float | None
    method: str | None
    source: str | None
    note: str | None
    recorded_at: str | None
    phase: Phase

    def counts(self) -> dict[str, int | None]:
        """The six counts by name (what the coverage check and the engine read)."""
        return {f: getattr(self, f) for f in COUNT_FIELDS}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (report context): the keys the survey always had."""
        return {
            "id": self.id,
            "assessment_id": self.assessment_id,
            **self.counts(),
            "total": self.total,
            "oppose_share": self.oppose_share,
            "method": self.method,
            "source": self.source,
            "note": self.note,
            "recorded_at": self.recorded_at,
            "phase": self.phase.value,
        }
