"""The risk model's math: pure, numpy-vectorised functions and small frozen result dataclasses.

AHP weights and consistency (``ahp``, ``ahp_group``), entropy weights, expert authority, expert agreement
(Kendall's W, per-indicator statistics), fuzzy comprehensive evaluation and survey intervals. Bad input
raises ``riskmodel.errors.ValidationError`` with an ``engine.*`` catalog key naming the offending cell.
"""

from __future__ import annotations

from riskmodel.model.ahp import RI_TABLES, AHPResult, GroupAHPResult, RITable, ahp, ahp_group, random_index
from riskmodel.model.authority import authority_coefficient, expert_weights
from riskmodel.model.consensus import (
    ExpertDeviation,
    IndicatorStats,
    KendallResult,
    indicator_stats,
    kendall_w,
    outlier_experts,
    rank_rows,
)
from riskmodel.model.entropy import entropy_weights
from riskmodel.model.fce import fce, fce_score, grade_by_max_membership, grade_by_thresholds, membership
from riskmodel.model.survey import SurveyRates, survey_rates, wilson_interval

__all__ = [
    "RI_TABLES",
    "AHPResult",
    "GroupAHPResult",
    "RITable",
    "ahp",
    "ahp_group",
    "random_index",
    "authority_coefficient",
    "expert_weights",
    "ExpertDeviation",
    "IndicatorStats",
    "KendallResult",
    "indicator_stats",
    "kendall_w",
    "outlier_experts",
    "rank_rows",
    "entropy_weights",
    "fce",
    "fce_score",
    "grade_by_max_membership",
    "grade_by_thresholds",
    "membership",
    "SurveyRates",
    "survey_rates",
    "wilson_interval",
]
