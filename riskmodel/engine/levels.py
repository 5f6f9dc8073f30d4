"""Levels (低/中/高) from an index, from factor grades and from survey/group-event evidence.

All thresholds come from the questionnaire's 评判标准; these helpers only apply them, vectorised so
the uncertainty draws use the very same rules as the point result.
"""

from __future__ import annotations

import numpy as np

from riskmodel.questionnaire.schema import LEVELS, Questionnaire

LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}  # 低 0, 中 1, 高 2


def index_level_codes(index: np.ndarray, q: Questionnaire) -> np.ndarray:
    """0/1/2 codes: index >= high → 高; >= medium → 中; else 低 (NaN → 低 is never used: callers mask)."""
    index = np.asarray(index, dtype=float)
    return (index >= q.levels.medium).astype(np.int8) + (index >= q.levels.high).astype(np.int8)


def degree_grade_codes(degree: np.ndarray, q: Questionnaire) -> np.ndarray:
    """Index of each factor's 风险程度 grade (−1 when the questionnaire defines no grades or NaN)."""
    if not q.risk_degree_grades:
        return np.full(np.shape(degree), -1, dtype=np.int8)
    lowers = np.array([g.lower for g in q.risk_degree_grades])
    codes = np.searchsorted(lowers, np.asarray(degree, dtype=float), side="right") - 1
    return np.where(np.isfinite(degree), codes, -1).astype(np.int8)


def factor_count_level_codes(grade_codes: np.ndarray, q: Questionnaire) -> np.ndarray:
    """Apply 'at least k factors of grade g or worse → level' along the last axis."""
    out = np.zeros(grade_codes.shape[:-1], dtype=np.int8)
    grade_pos = {g.id: i for i, g in enumerate(q.risk_degree_grades)}
    for rule in q.factor_count_rules:
        count = (grade_codes >= grade_pos[rule.grade]).sum(axis=-1)
        out = np.where(count >= rule.count, np.maximum(out, LEVEL_RANK[rule.level]), out)
    return out


def opposition_level(share: float, q: Questionnaire) -> str | None:
    """Level from the opposition share by the standard's bands (e.g. Jiangsu: > 50% 高, ≥ 20% 中)."""
    best: str | None = None
    for band in q.opposition_bands:
        hit = share > band.min_share if band.strict else share >= band.min_share
        if hit and (best is None or LEVEL_RANK[band.level] > LEVEL_RANK[best]):
            best = band.level
    return best or ("低" if q.opposition_bands else None)


def group_event_level(people: int | float | None, q: Questionnaire) -> str | None:
    """Level from the estimated size of a possible 群体性事件 (e.g. ≥ 200 → 高, ≥ 100 → 中)."""
    if people is None or not q.group_event_thresholds:
        return None
    best = "低"
    for rule in q.group_event_thresholds:
        if people >= rule.min_people and LEVEL_RANK[rule.level] > LEVEL_RANK[best]:
            best = rule.level
    return best


def verdict_table(q: Questionnaire) -> np.ndarray:
    """3×3 table [residual code, before code] → verdict string, for vectorised lookups."""
    table = np.empty((3, 3), dtype=object)
    for r, residual in enumerate(LEVELS):
        for b, before in enumerate(LEVELS):
            table[r, b] = q.decision_rule.verdict(residual, before)
    return table
