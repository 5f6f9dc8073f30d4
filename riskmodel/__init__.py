"""稳评工作台 risk model: pure functions for social-stability risk assessment (社会稳定风险评估).

Public API (numpy-vectorised, no Streamlit):
``ahp``, ``ahp_group``, ``entropy_weights``, ``authority_coefficient``, ``kendall_w``, ``fce``, ``assess``.
"""
from __future__ import annotations

__version__ = "0.1.0"
