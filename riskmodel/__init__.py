"""稳评工作台 risk model: pure functions for social-stability risk assessment (社会稳定风险评估).

Public API (numpy-vectorised, no Streamlit):
``ahp``, ``ahp_group``, ``entropy_weights``, ``authority_coefficient``, ``kendall_w``, ``fce``, ``assess``, ``assess_many``.
"""
from __future__ import annotations

__version__ = "0.1.0"

from riskmodel.model.ahp import ahp, ahp_group  # noqa: E402
from riskmodel.model.authority import authority_coefficient  # noqa: E402
from riskmodel.model.consensus import kendall_w  # noqa: E402
from riskmodel.model.entropy import entropy_weights  # noqa: E402
from riskmodel.model.fce import fce  # noqa: E402
from riskmodel.engine import AssessmentInput, AssessmentResult, assess, assess_many  # noqa: E402
