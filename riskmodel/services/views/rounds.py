"""Read models of the rounds service."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoundView:
    """One Delphi round with how many experts submitted in it and how many ratings it holds."""

    number: int
    status: str
    opened_at: str | None
    closed_at: str | None
    experts_submitted: int
    ratings: int


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
