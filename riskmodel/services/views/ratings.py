"""Read models of the ratings service (what the rating pages show)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RatingProgress:
    """One expert's progress in an assessment's current round — the one count 我的评估 and 评分表 show.

    ``total`` is indicators × the phases rated now (措施后 too once active measures exist); ``done`` the
    indicator × phase pairs he submitted in this round; ``drafts`` his drafts in it.
    """

    assessment_id: int
    round: int | None
    open: bool
    phases: tuple[str, ...]
    done: int
    total: int
    drafts: int
    submitted_total: int  # indicator × phase pairs with a counted rating of his, any round


@dataclass(frozen=True)
class ExpertAssessment:
    """One card of 我的评估: an assessment the expert sits on, its latest round and his progress."""

    id: int
    project_name: str
    project_code: str
    title: str | None
    state: str
    questionnaire_name: Any  # the questionnaire's {zh, en} text (``questionnaire.schema.Text``)
    last_round: int | None
    last_round_status: str | None
    progress: RatingProgress


@dataclass(frozen=True)
class RatingEntry:
    """One indicator × phase of an expert's sheet: a draft (no round) or his counted submitted rating."""

    indicator: str
    phase: str
    score: float | None = None
    probability: int | None = None
    impact: int | None = None
    comment: str | None = None
    round: int | None = None  # submitted ratings: the round that counts
    version: int | None = None
    at: str | None = None  # saved (draft) or submitted at

    def value(self, field: str) -> Any:
        """``score`` / ``probability`` / ``impact`` / ``comment`` by name (the form's fields)."""
        return getattr(self, field)


@dataclass(frozen=True)
class RatingSheet:
    """What the expert's form starts from: the open round, his drafts and his counted ratings."""

    assessment_id: int
    round: int | None
    round_open: bool
    drafts: tuple[RatingEntry, ...]
    submitted: tuple[RatingEntry, ...]


@dataclass(frozen=True)
class Spread:
    """The group's median and interquartile range of one value (never the individual ratings)."""

    median: float
    q1: float
    q3: float
    iqr: float


@dataclass(frozen=True)
class IndicatorFeedback:
    """Group feedback on one indicator × phase of the previous round: how many rated it, the spread of
    each value the method asks for, and the asking expert's own values (``own``; None if he did not rate)."""

    indicator: str
    phase: str
    n: int
    spreads: dict[str, Spread]  # score, or probability and impact
    own: dict[str, int | None] | None = None

    def spread(self, field: str) -> Spread | None:
        return self.spreads.get(field)


@dataclass(frozen=True)
class GroupFeedback:
    """Between Delphi rounds: per indicator × phase the previous round's median and IQR (``round`` None
    before round 2)."""

    assessment_id: int
    round: int | None
    indicators: tuple[IndicatorFeedback, ...]

    def by_key(self) -> dict[tuple[str, str], IndicatorFeedback]:
        """``(indicator, phase)`` → its feedback."""
        return {(i.indicator, i.phase): i for i in self.indicators}


@dataclass(frozen=True)
class SubmittedRating:
    """One submitted rating with its expert (username), round and version — for organizers and leaders."""

    round: int
    expert: str
    indicator: str
    phase: str
    version: int
    score: float | None
    probability: int | None
    impact: int | None
    comment: str | None
    submitted_at: str | None


@dataclass(frozen=True)
class SubmissionView:
    """One submission of ratings (one transaction): its round, how many ratings it stored and from where;
    ``duplicate`` when the form's token had been submitted already (nothing new was stored)."""

    submission_id: int
    assessment_id: int
    round: int
    ratings: int
    submitted_at: str | None
    source: str
    duplicate: bool
