"""The result of one assessment run as typed objects; ``to_dict`` gives its JSON, ``from_dict`` reads it back.

Every surface reads this one object: the store keeps ``to_dict()`` (plain JSON types, NaN → None,
stable key order), and services, pages and the report outline turn a stored result back into an
``AssessmentResult`` with ``from_dict`` — so a renamed field fails the type checker, not a page at
run time. ``from_dict`` is tolerant of results stored before a field existed (it takes the default):
fields added later all have defaults and come after the older ones, so ``to_dict`` keeps the older keys
in their order.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import Enum
from functools import cache
from typing import Any

import numpy as np
from pydantic import TypeAdapter


@dataclass(slots=True)
class QuestionnaireRef:
    """Which questionnaire (指标体系 + 评判标准) the result applied, and the AHP consistency of its weights."""

    id: str
    version: int
    name_zh: str
    name_en: str
    source_zh: str
    source_en: str
    standard_zh: str
    standard_en: str
    ri_table: str
    weights_cr: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class IndicatorAfter:
    """An indicator's statistics after measures (落实措施后)."""

    n: int
    mean: float | None
    median: float | None
    iqr: float | None
    cv: float | None
    cv_flag: bool
    grade: str | None = None
    probability: float | None = None
    impact: float | None = None
    rising: bool = False  # the post-measure value is above the pre-measure one


@dataclass(slots=True)
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
    after: IndicatorAfter | None = None  # the same statistics after measures
    fce_membership: list[float] | None = None
    excluded: bool = False  # left out of the index with a reason (see AssessmentResult.exclusions)


@dataclass(slots=True)
class DimensionPhase:
    score: float | None
    level: str


@dataclass(slots=True)
class DimensionResult:
    """A dimension's (维度 / 四性) score and level before and after measures."""

    id: str
    name_zh: str
    name_en: str
    weight: float
    before: DimensionPhase | None
    after: DimensionPhase | None


@dataclass(slots=True)
class KendallResult:
    """Kendall's W of the experts who rated in the phase, on the indicators every one of them rated
    (``n``; ``left_out`` indicators were not rated by all), with its χ² test on df = n − 1."""

    w: float | None
    chi2: float | None
    df: int
    p: float | None
    m: int
    significant: bool
    n: int | None = None
    left_out: int = 0


@dataclass(slots=True)
class FceGrade:
    id: str
    zh: str
    en: str
    value: float


@dataclass(slots=True)
class FceDimension:
    id: str
    B: list[float]


@dataclass(slots=True)
class FceResult:
    """Multi-level fuzzy comprehensive evaluation (模糊综合评价): overall membership B, score and grade."""

    grades: list[FceGrade]
    B: list[float]
    score: float | None
    grade: str
    grade_by: str
    dimensions: list[FceDimension]


@dataclass(slots=True)
class SurveyRate:
    """One attitude's count and share with its Wilson 95 % interval."""

    count: int
    rate: float
    low: float
    high: float


@dataclass(slots=True)
class CoverageCheck:
    what: str  # direct / indirect / households
    required: float
    actual: float | None
    ok: bool


@dataclass(slots=True)
class SurveyCoverage:
    """The standard's survey coverage rule for the project type, checked."""

    rule_type: str | None
    checks: list[CoverageCheck]
    ok: bool


@dataclass(slots=True)
class SurveyResult:
    """The opinion survey (民意调查): rates, coverage and the level of the opposition band."""

    total: int
    rates: dict[str, SurveyRate]  # support / neutral / oppose
    coverage: SurveyCoverage | None
    level: str | None


@dataclass(slots=True)
class GroupEventResult:
    """The crowd figure of the level rule: the panel's estimate of a possible 群体性事件 (``source``) and the
    level the standard gives it; after measures the panel's new estimate, or the same figure again."""

    people: int | None
    level: str | None
    source: str = "panel"
    people_after: int | None = None  # the panel's post-measure estimate, when made
    level_after: str | None = None  # the level this rule gives the residual level


@dataclass(slots=True)
class MobilisationResult:
    """The network simulation's crowd estimate, shown beside the panel's as labelled evidence (it sets
    no level). ``level``: what the group-event thresholds would give ``expected_people``; ``ratio``: the
    larger over the smaller of the two estimates (at least 1 person each); ``divergent`` when above the
    standard's ``divergence_factor`` (the panel should look again)."""

    expected_people: float
    p_ge_100: float | None
    p_ge_200: float | None
    runs: int | None
    level: str | None
    divergence_factor: float
    ratio: float | None
    divergent: bool
    source: str = "network_simulation"


@dataclass(slots=True)
class ResidualEvidence:
    """Which evidence the survey and crowd rules used for the residual level: ``post_measure`` (a survey
    or crowd estimate made after measures), ``pre_measure`` (the earlier one still applies), or None."""

    survey: str | None
    group_event: str | None


@dataclass(slots=True)
class ExclusionResult:
    """An indicator left out on purpose with its reason (``phase`` None: not applicable; ``after``: not
    re-rated after measures)."""

    indicator: str
    reason: str
    phase: str | None


@dataclass(slots=True)
class MainFactorRuleRef:
    """The standard's rule for the 主要风险因素, as applied (``basis``: which value ranks a factor)."""

    min_level: str
    min_count: int
    max_count: int
    order: str
    basis: str = "higher_of_before_after"


@dataclass(slots=True)
class RisingRisk:
    """What rises after measures: the index, factors, dimensions (post-measure value above pre-measure)."""

    index: bool
    factors: list[str]
    dimensions: list[str]


@dataclass(slots=True)
class IndexScale:
    """The raw index's unit and range, and the standard's level thresholds on the 0–100 scale."""

    unit: str  # "score" (the rating scale) or "probability_impact" (P × I with the scales' values)
    min: float
    max: float
    medium_100: float
    high_100: float


@dataclass(slots=True)
class SensitivityItem:
    """One-at-a-time sensitivity of the index to one indicator's value (± a step) and weight (± 20 %)."""

    id: str
    index_value_up: float | None
    index_value_down: float | None
    index_weight_up: float | None
    index_weight_down: float | None
    swing: float | None
    level_changes: bool


@dataclass(slots=True)
class PanelExpertResult:
    id: str
    field: str | None
    authority: float | None
    weight: float | None


@dataclass(slots=True)
class PanelResult:
    """Panel size against the standard's rule, and each expert's authority (Cr) and weight."""

    size: int
    submitted: int
    required: int
    ok: bool
    weighting: str
    experts: list[PanelExpertResult]


@dataclass(slots=True)
class OutlierResult:
    """An expert's distance from the group (mean absolute deviation from the medians, z-scored)."""

    expert: str
    mean_abs_deviation: float | None
    z: float | None
    far: bool


@dataclass(slots=True)
class UncertaintySettings:
    draws: int
    seed: int | None
    dirichlet_concentration: float


@dataclass(slots=True)
class AssessmentResult:
    questionnaire: QuestionnaireRef
    method: str
    level: str
    residual_level: str | None
    verdict: str | None
    index: float
    residual_index: float | None
    index_level: str
    residual_index_level: str | None
    level_drivers: list[str]
    level_probabilities: dict[str, float | None]
    residual_level_probabilities: dict[str, float] | None
    verdict_probabilities: dict[str, float] | None
    index_interval: list[float] | None
    indicators: list[IndicatorResult]
    dimensions: list[DimensionResult]
    kendall: KendallResult | None
    kendall_after: KendallResult | None
    fce: FceResult
    survey: SurveyResult | None
    group_event: GroupEventResult | None
    sensitivity: list[SensitivityItem]
    panel: PanelResult
    outliers: list[OutlierResult]
    uncertainty: UncertaintySettings
    notes: list[str] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    # --- added later: defaults keep results stored before them readable --------------------------
    residual_level_drivers: list[str] = field(default_factory=list)
    complete: bool | None = None  # None: stored before completeness was checked
    missing_indicators: list[str] = field(default_factory=list)
    missing_by_phase: dict[str, list[str]] = field(default_factory=dict)
    exclusions: list[ExclusionResult] = field(default_factory=list)
    level_provisional: bool = False
    level_upper_bound: str | None = None  # the level if every missing rating were at the top of the scale
    residual_level_upper_bound: str | None = None
    uncertainty_basis: str | None = None  # "panel+weights", "weights", or None without draws
    index_100: float | None = None
    residual_index_100: float | None = None
    index_scale: IndexScale | None = None
    survey_after: SurveyResult | None = None
    residual_evidence: ResidualEvidence | None = None
    mobilisation: MobilisationResult | None = None
    main_factors: list[str] = field(default_factory=list)
    main_factor_rule: MainFactorRuleRef | None = None
    rising: RisingRisk | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only (NaN → None, enums → their values), stable key order."""
        cleaned: dict[str, Any] = _clean(asdict(self))
        return cleaned

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssessmentResult:
        """The typed result of a stored ``to_dict()`` (missing newer fields take their defaults)."""
        return _adapter().validate_python(data)


@cache
def _adapter() -> TypeAdapter[AssessmentResult]:
    return TypeAdapter(AssessmentResult)  # unknown keys are ignored (stdlib dataclasses)


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, Enum):
        return value.value
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
