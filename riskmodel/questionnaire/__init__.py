"""Questionnaires (指标体系 + 评判标准) as validated data files."""

from riskmodel.questionnaire.loader import (
    QUESTIONNAIRE_DIR,
    QuestionnaireError,
    ResolvedWeights,
    builtin_questionnaires,
    get_questionnaire,
    load_questionnaire,
    parse_questionnaire,
    resolve_weights,
)
from riskmodel.questionnaire.schema import LEVELS, NDRC_AREAS, PROJECT_TYPES, VERDICTS, Questionnaire

__all__ = [
    "QUESTIONNAIRE_DIR",
    "QuestionnaireError",
    "ResolvedWeights",
    "builtin_questionnaires",
    "get_questionnaire",
    "load_questionnaire",
    "parse_questionnaire",
    "resolve_weights",
    "LEVELS",
    "NDRC_AREAS",
    "PROJECT_TYPES",
    "VERDICTS",
    "Questionnaire",
]
