"""稳评工作台 risk model: pure functions for social-stability risk assessment (社会稳定风险评估).

Public API (numpy-vectorised, no Streamlit):
``ahp``, ``ahp_group``, ``entropy_weights``, ``authority_coefficient``, ``kendall_w``, ``fce``, ``assess``, ``assess_many``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from riskmodel.engine import AssessmentInput, AssessmentResult, assess, assess_many
from riskmodel.model.ahp import ahp, ahp_group
from riskmodel.model.authority import authority_coefficient
from riskmodel.model.consensus import kendall_w
from riskmodel.model.entropy import entropy_weights
from riskmodel.model.fce import fce

__all__ = [
    "AssessmentInput",
    "AssessmentResult",
    "ahp",
    "ahp_group",
    "assess",
    "assess_many",
    "authority_coefficient",
    "entropy_weights",
    "fce",
    "kendall_w",
]
