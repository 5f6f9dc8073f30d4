"""Read models of the rounds service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskmodel.domain import RoundStatus


@dataclass(frozen=True, slots=True)
class RoundRef:
    """A Delphi round as the assessment lists it (``rounds.list_rounds`` adds the counts: ``RoundView``)."""

    number: int
    status: RoundStatus
    opened_at: str | None
    closed_at: str | None

    @property
    def open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "status": self.status.value,
            "opened_at": self.opened_at,
            "closed_at": self.closed_at,
        }


@dataclass(frozen=True)
class RoundView(RoundRef):
    """One Delphi round with how many experts submitted in it and how many ratings it holds."""

    experts_submitted: int
    ratings: int

    def to_dict(self) -> dict[str, Any]:
        return {**RoundRef.to_dict(self), "ratings": self.ratings, "experts_submitted": self.experts_submitted}


@dataclass(frozen=True)
class RoundProgress:
    """The latest round of an assessment: who submitted **in this round** out of the eligible panel."""

    number: int
    status: str
    experts_submitted: int
    eligible: int

    @property
    def open(self) -> bool:
        return self.status == "open"
