"""Read models of the questionnaires service."""

from __future__ import annotations

from dataclasses import dataclass

from riskmodel.questionnaire import Questionnaire


@dataclass(frozen=True)
class QuestionnaireChoice:
    """A questionnaire an assessment may start with: a built-in file, or a version an admin registered."""

    key: str  # "builtin:<qid>" or "version:<id>"
    qid: str
    version_id: int | None  # None for a built-in file
    questionnaire: Questionnaire
    revision: int | None = None


@dataclass(frozen=True)
class VersionView:
    """One stored questionnaire version (the exact text an assessment used)."""

    id: int
    qid: str
    version: int
    revision: int
    name: str
    method: str
    sha256: str
    created_at: str | None
