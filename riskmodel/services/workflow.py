"""The assessment workflow: 草稿 → 专家评分 (第 n 轮) → 复核 → 已出结论 → 跟踪.

- 草稿 (draft): project facts, questionnaire, panel, survey, measures are prepared.
- 专家评分: Delphi rounds; a round is open (experts rate) or closed (read-only). Opening a round needs a
  panel that meets the standard's size rule, or a recorded override.
- 复核 (review): no round open; the organizer reviews the result, may open another round.
- 已出结论: a verdict is signed and is immutable; reassessing means a new assessment.
- 跟踪 (tracking): the measures are followed up (status only).

Every illegal step raises ``DomainError`` with a catalog message naming the state and the step.
"""

from __future__ import annotations

from riskmodel.errors import DomainError
from riskmodel.store.models import STATES, Assessment

DRAFT, SCORING, REVIEW, CONCLUDED, TRACKING = STATES

# step → states it may start from
ALLOWED: dict[str, tuple[str, ...]] = {
    "edit_setup": (DRAFT, SCORING, REVIEW),  # panel, survey, measures, project facts
    "open_round": (DRAFT, SCORING, REVIEW),
    "close_round": (SCORING,),
    "rate": (SCORING,),
    "begin_review": (SCORING,),
    "issue_verdict": (REVIEW,),
    "start_tracking": (CONCLUDED,),
    "track_measure": (CONCLUDED, TRACKING),
}


def allowed(state: str, step: str) -> bool:
    """Whether ``step`` may start from ``state`` — the one rule pages (to show or hide a control) and
    services (to refuse) both ask; an unknown step is a programming error (KeyError)."""
    return state in ALLOWED[step]


def check(assessment: Assessment, step: str) -> None:
    """Raise DomainError when ``step`` is not allowed in the assessment's current state."""
    if not allowed(assessment.state, step):
        if assessment.state in (CONCLUDED, TRACKING) and step != "track_measure":
            raise DomainError("store.workflow.concluded", id=assessment.id, state=assessment.state)
        raise DomainError(
            f"store.workflow.{step}", id=assessment.id, state=assessment.state, allowed="、".join(ALLOWED[step])
        )
