"""The result of one assessment run, JSON-ready (the CLI, store, reports and UI all read this)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


@dataclass
class IndicatorResult:
    """Statistics of one indicator (指标/风险因素) in one phase and its risk degree."""

    id: str
    dimension: str
    name_zh: str
    name_en: str
    area: str | None
    stage: str | None
    weight: float  # global weight
    local_weight: float
    n: int
    mean: float | None  # authority-weighted mean of the aggregated value (score, or P×I)
    median: float | None
    q1: float | None
    q3: float | None
    iqr: float | None
    sd: float | None
    cv: float | None
    cv_flag: bool  # CV above the standard's bar (weak agreement)
    probability: float | None = None  # weighted mean level number (probability–impact method)
    impact: float | None = None
    grade: str | None = None  # 风险程度 grade (微小…重大) when the standard defines them
    after: dict[str, Any] | None = None  # the same statistics after measures
    fce_membership: list[float] | None = None


@dataclass
class AssessmentResult:
    questionnaire: dict[str, Any]
    method: str
    level: str
    residual_level: str | None
    verdict: str | None
    index: float
    residual_index: float | None
    index_level: str
    residual_index_level: str | None
    level_drivers: list[str]
    level_probabilities: dict[str, float]
    residual_level_probabilities: dict[str, float] | None
    verdict_probabilities: dict[str, float] | None
    index_interval: list[float] | None
    indicators: list[IndicatorResult]
    dimensions: list[dict[str, Any]]
    kendall: dict[str, Any] | None
    kendall_after: dict[str, Any] | None
    fce: dict[str, Any]
    survey: dict[str, Any] | None
    group_event: dict[str, Any] | None
    sensitivity: list[dict[str, Any]]
    panel: dict[str, Any]
    outliers: list[dict[str, Any]]
    uncertainty: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only (NaN → None), stable key order."""
        return _clean(asdict(self))


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    return value
