"""The questionnaire (指标体系 + 评判标准) as validated data.

A questionnaire file holds everything a locality's 评判标准 decides: the indicator tree, the rating
scale, the weights (direct or AHP), level thresholds, the decision rule, the panel-size rule and the
survey rules. Nothing of that lives in code, so every report can name the standard it applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator
from pydantic_core import PydanticCustomError

from riskmodel.domain import LEVELS as LEVELS  # re-exported: one home for the vocabulary
from riskmodel.domain import VERDICTS as VERDICTS

Level = Literal["低", "中", "高"]
Verdict = Literal["不予实施", "暂缓实施", "调整方案后实施", "实施"]
Phase = Literal["before", "after"]
PROJECT_TYPES: tuple[str, ...] = (
    "征地拆迁",
    "重大工程",
    "环境敏感/邻避设施",
    "企业改制",
    "重大政策",
    "价格调整",
    "大型活动",
)
NDRC_AREAS: tuple[str, ...] = (
    "政策规划和审批程序",
    "土地房屋征收方案",
    "技术和经济方案",
    "生态环境影响",
    "项目建设管理",
    "当地经济社会影响",
    "质量安全和社会治安",
    "媒体舆论导向",
)
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$"
MAX_COUNT = 1_000_000_000  # people, households, respondents: far above any real case, far below overflow


def _err(code: str, template: str, **ctx: object) -> PydanticCustomError:
    """A validation error whose ``code`` names the catalog entry ``questionnaire.schema.<code>``.

    The English ``template`` is pydantic's own message; the loader shows the catalog text in the
    user's language with the same ``ctx`` values.
    """
    return PydanticCustomError(f"questionnaire.schema.{code}", template, {k: str(v) for k, v in ctx.items()})


class _Strict(BaseModel):
    # every number of a standard is finite (``.inf`` / ``.nan`` in a file are refused with their place)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(_Strict):
    """A string in both languages (Chinese is the authoritative one)."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class ScaleAnchor(_Strict):
    value: int
    label: Text
    description: Text | None = None


class RatingScale(_Strict):
    """A 1..5 style score; higher means higher risk."""

    min: int = 1
    max: int = 5
    anchors: list[ScaleAnchor]

    @model_validator(mode="after")
    def _anchors_cover_scale(self) -> RatingScale:
        if self.max <= self.min:
            raise _err("scale_order", "max ({max}) must be greater than min ({min})", max=self.max, min=self.min)
        values = [a.value for a in self.anchors]
        if sorted(values) != list(range(self.min, self.max + 1)):
            raise _err(
                "anchors",
                "anchors must give each value {min}..{max} exactly once, got {values}",
                min=self.min,
                max=self.max,
                values=values,
            )
        return self


class GradedLevel(_Strict):
    """One step of a verbal scale (风险概率 很低…很高, 影响程度 可忽略…严重) and its numeric value."""

    level: int = Field(ge=1)
    value: float = Field(gt=0, le=1)
    label: Text


class GradedScale(_Strict):
    levels: list[GradedLevel] = Field(min_length=2)

    @model_validator(mode="after")
    def _ascending(self) -> GradedScale:
        nums = [lv.level for lv in self.levels]
        if nums != list(range(1, len(nums) + 1)):
            raise _err("levels_numbered", "levels must be numbered 1..{n} in order, got {got}", n=len(nums), got=nums)
        vals = [lv.value for lv in self.levels]
        if any(b <= a for a, b in zip(vals, vals[1:])):
            raise _err("levels_increase", "values must increase with the level, got {got}", got=vals)
        return self

    def value_of(self, level: int) -> float:
        return self.levels[level - 1].value


class WeightSpec(_Strict):
    """Weights of the children of one node: AHP pairwise matrix, direct values, or equal."""

    method: Literal["ahp", "direct", "equal"]
    matrix: list[list[str | float | int]] | None = None
    values: list[float] | None = None

    @field_validator("matrix")
    @classmethod
    def _parse_cells(cls, matrix: list[list[str | float | int]] | None) -> list[list[str | float | int]] | None:
        if matrix is None:
            return matrix
        for i, row in enumerate(matrix, start=1):
            for j, cell in enumerate(row, start=1):
                try:
                    value = Fraction(str(cell).strip())
                except (ValueError, ZeroDivisionError):
                    raise _err(
                        "cell_number",
                        "cell ({i}, {j}) = {cell} is not a number or fraction like 1/3",
                        i=i,
                        j=j,
                        cell=repr(cell),
                    ) from None
                if value <= 0:
                    raise _err("cell_positive", "cell ({i}, {j}) = {cell} must be positive", i=i, j=j, cell=repr(cell))
        return matrix

    @model_validator(mode="after")
    def _fields_match_method(self) -> WeightSpec:
        if self.method == "ahp" and self.matrix is None:
            raise _err("ahp_needs_matrix", "method 'ahp' needs 'matrix'")
        if self.method == "direct":
            if self.values is None:
                raise _err("direct_needs_values", "method 'direct' needs 'values'")
            if any(v < 0 for v in self.values):
                raise _err("weights_negative", "weights must not be negative, got {got}", got=self.values)
            if abs(sum(self.values) - 1.0) > 1e-6:
                raise _err(
                    "weights_sum", "direct weights must sum to 1, they sum to {total}", total=f"{sum(self.values):.6g}"
                )
        return self

    def matrix_as_floats(self) -> list[list[float]]:
        assert self.matrix is not None
        return [[float(Fraction(str(c).strip())) for c in row] for row in self.matrix]


class Indicator(_Strict):
    """One indicator (指标) or risk factor (风险因素)."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    guidance: Text
    area: str | None = None  # NDRC 428 identification area (风险识别领域)
    stage: Text | None = None  # 发生阶段, e.g. 征地拆迁阶段 / 施工期 / 运营期

    @field_validator("area")
    @classmethod
    def _known_area(cls, area: str | None) -> str | None:
        if area is not None and area not in NDRC_AREAS:
            raise _err(
                "area",
                "area {area} is not one of the NDRC outline areas: {known}",
                area=repr(area),
                known=", ".join(NDRC_AREAS),
            )
        return area


class Dimension(_Strict):
    """A dimension (维度 / 四性) grouping indicators."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    description: Text | None = None
    weights: WeightSpec
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights_fit(self) -> Dimension:
        _check_weight_size(self.weights, len(self.indicators), f"dimension {self.id}")
        return self


class LevelThresholds(_Strict):
    """Index → level: index >= high → 高; index >= medium → 中; otherwise 低."""

    medium: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> LevelThresholds:
        if not self.medium < self.high:
            raise _err(
                "thresholds_order", "medium ({medium}) must be below high ({high})", medium=self.medium, high=self.high
            )
        return self


class RiskDegreeGrade(_Strict):
    """Per-factor 风险程度 grade (微小/较小/一般/较大/重大) for degrees >= lower."""

    id: str = Field(pattern=ID_PATTERN)
    label: Text
    lower: float = Field(ge=0)


class FactorCountRule(_Strict):
    """'At least `count` factors of grade `grade` or worse → level' (e.g. 1 重大 or 2 较大 → 高)."""

    grade: str
    count: int = Field(ge=1)
    level: Level


class DecisionRuleEntry(_Strict):
    """First matching entry wins: residual level (and optionally the level before measures) → verdict."""

    residual: Level
    before: list[Level] | None = None
    verdict: Verdict


class DecisionRule(_Strict):
    name: Text
    rules: list[DecisionRuleEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _covers_every_level(self) -> DecisionRule:
        for residual in LEVELS:
            for before in LEVELS:
                if not any(r.residual == residual and (r.before is None or before in r.before) for r in self.rules):
                    raise _err(
                        "rule_gap",
                        "no rule gives a verdict for residual level {residual} (before measures: {before})",
                        residual=residual,
                        before=before,
                    )
        return self

    def verdict(self, residual: str, before: str) -> str:
        for rule in self.rules:
            if rule.residual == residual and (rule.before is None or before in rule.before):
                return rule.verdict
        raise AssertionError("validated rule must cover every level")


class LargerPanel(_Strict):
    min_size: int = Field(ge=1)
    min_investment_wan: float | None = None
    project_types: list[str] | None = None
    description: Text | None = None


class PanelRule(_Strict):
    """Panel size: default `min_size`, larger for big cases (e.g. ≥ 10亿元 → 5)."""

    min_size: int = Field(default=3, ge=1)
    larger: list[LargerPanel] = []

    def required(self, project_type: str | None, investment_wan: float | None) -> int:
        size = self.min_size
        for rule in self.larger:
            by_money = (
                rule.min_investment_wan is not None
                and investment_wan is not None
                and investment_wan >= rule.min_investment_wan
            )
            by_type = rule.project_types is not None and project_type in rule.project_types
            if by_money or by_type:
                size = max(size, rule.min_size)
        return size


class SurveyRule(_Strict):
    """Coverage a survey must reach for a project type."""

    project_type: str
    min_direct: int = Field(default=0, ge=0, le=MAX_COUNT)
    min_indirect: int = Field(default=0, ge=0, le=MAX_COUNT)
    household_coverage: float | None = Field(default=None, ge=0, le=1)
    description: Text | None = None

    @field_validator("project_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value != "*" and value not in PROJECT_TYPES:
            raise _err(
                "project_type",
                "project_type {value} is not one of {known} or '*'",
                value=repr(value),
                known=", ".join(PROJECT_TYPES),
            )
        return value


def survey_coverage(
    rule: SurveyRule | None, counts: Mapping[str, Any], affected_households: int | None
) -> dict[str, Any] | None:
    """Check survey counts against the standard's coverage rule for the project type.

    ``counts`` has ``respondents_direct``, ``respondents_indirect``, ``households_covered`` (any may be
    missing). Returns ``{rule_type, checks: [{what, required, actual, ok}], ok}`` or None without a rule —
    one implementation for the engine's result and for previews before anything is stored.
    """
    if rule is None:
        return None
    checks = []
    if rule.min_direct:
        actual = counts.get("respondents_direct")
        checks.append(
            {"what": "direct", "required": rule.min_direct, "actual": actual, "ok": (actual or 0) >= rule.min_direct}
        )
    if rule.min_indirect:
        actual = counts.get("respondents_indirect")
        checks.append(
            {
                "what": "indirect",
                "required": rule.min_indirect,
                "actual": actual,
                "ok": (actual or 0) >= rule.min_indirect,
            }
        )
    if rule.household_coverage is not None:
        share = (counts.get("households_covered") or 0) / affected_households if affected_households else None
        checks.append(
            {
                "what": "households",
                "required": rule.household_coverage,
                "actual": share,
                "ok": share is not None and share >= rule.household_coverage - 1e-12,
            }
        )
    return {"rule_type": rule.project_type, "checks": checks, "ok": all(c["ok"] for c in checks)}


class OppositionBand(_Strict):
    """Opposition share → level; `strict` means share > min_share, otherwise share >= min_share."""

    min_share: float = Field(ge=0, le=1)
    strict: bool = False
    level: Level


class GroupEventThreshold(_Strict):
    """Possible 群体性事件 of at least `min_people` → level."""

    min_people: int = Field(ge=1, le=MAX_COUNT)
    level: Level


class ConsensusRule(_Strict):
    cv_max: float = Field(default=0.25, gt=0)
    kendall_alpha: float = Field(default=0.05, gt=0, lt=1)


class FCEGrade(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: Text
    value: float
    upper: float | None = None  # for grade_by thresholds: score < upper → this grade (last: None)


class FCEConfig(_Strict):
    """Fuzzy comprehensive evaluation: grades over the rating scale (score method) or risk degree."""

    grades: list[FCEGrade] = Field(min_length=2)
    grade_by: Literal["max_membership", "thresholds"] = "max_membership"


class MainFactorRule(_Strict):
    """Which factors are the 主要风险因素 (428 outline, Table 1), computed by the engine and printed with the rule.

    Every factor whose level — its aggregated value against the standard's ``levels`` thresholds, the
    higher of before and after measures — is at least ``min_level``, ordered by ``order`` (``degree``:
    risk degree, then contribution = global weight × value; ``contribution``: the other way round), at
    most ``max_count``; when fewer qualify, the first ``min_count`` by that order are listed all the same.
    """

    min_level: Level = "中"
    min_count: int = Field(default=3, ge=0, le=1000)
    max_count: int = Field(default=10, ge=1, le=1000)
    order: Literal["degree", "contribution"] = "degree"

    @model_validator(mode="after")
    def _counts(self) -> MainFactorRule:
        if self.min_count > self.max_count:
            raise _err(
                "main_factor_counts",
                "min_count ({min}) must not exceed max_count ({max})",
                min=self.min_count,
                max=self.max_count,
            )
        return self


class CrowdEstimateRule(_Strict):
    """The crowd figure of the group-event rule is the panel's estimate; a network simulation passed as
    evidence is shown beside it and flagged when the two differ by more than ``divergence_factor`` ×."""

    divergence_factor: float = Field(default=2.0, gt=1, le=1000)


class UncertaintyConfig(_Strict):
    draws: int = Field(default=2000, ge=0, le=1_000_000)
    dirichlet_concentration: float = Field(default=200.0, gt=0)
    seed: int = 20240101


class ReportStyle(_Strict):
    """How the standard wants its reports set (report area, issue 10): the body size in Chinese type
    sizes (三号 16 pt, 小三 15 pt, 四号 14 pt), GB/T 9704's 三号 by default."""

    body_size: Literal["三号", "小三", "四号"] = "三号"


# --- evidence record (issue 10): 公示 minimum, distance rings of the survey, 应急预案 template -------
class DistanceRing(_Strict):
    """A distance ring around the site for the survey detail; ``max_km`` None = beyond the last ring;
    ``min_respondents`` the standard's coverage rule for the ring, when it has one."""

    id: str = Field(pattern=ID_PATTERN)
    label: Text
    max_km: float | None = Field(default=None, gt=0, le=10_000)
    min_respondents: int | None = Field(default=None, ge=0, le=MAX_COUNT)


class EmergencyLevel(_Strict):
    """A response level of the 应急预案 with what triggers it."""

    level: Text
    trigger: Text


class EmergencyTemplate(_Strict):
    """What a new 应急预案 starts from: organisation, response levels, handling steps, resources."""

    command: Text
    members: Text
    levels: list[EmergencyLevel] = Field(min_length=1)
    steps: list[Text] = Field(min_length=1)
    resources: Text


def _t(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


DEFAULT_RINGS: tuple[DistanceRing, ...] = (
    DistanceRing(id="r1", label=_t("≤1 km", "≤ 1 km"), max_km=1, min_respondents=30),
    DistanceRing(id="r3", label=_t("1–3 km", "1–3 km"), max_km=3, min_respondents=20),
    DistanceRing(id="r5", label=_t("3–5 km", "3–5 km"), max_km=5),
    DistanceRing(id="far", label=_t(">5 km", "> 5 km")),
)
DEFAULT_EMERGENCY_TEMPLATE = EmergencyTemplate(
    command=_t("项目社会稳定风险应急处置领导小组", "Leading group for social-stability incidents of the project"),
    members=_t(
        "属地政府分管领导（组长），项目单位、信访、公安、宣传、街道（乡镇）负责人",
        "Deputy head of the local government (lead); heads of the project unit, petitions office, police, "
        "publicity department and sub-district",
    ),
    levels=[
        EmergencyLevel(
            level=_t("Ⅰ级（重大）", "Level I (major)"),
            trigger=_t("聚集 100 人以上或发生冲突、堵路", "100 or more people gather, or a clash or road blockade"),
        ),
        EmergencyLevel(
            level=_t("Ⅱ级（较大）", "Level II (serious)"),
            trigger=_t("聚集 30–100 人或集体上访", "30–100 people gather, or a collective petition"),
        ),
        EmergencyLevel(
            level=_t("Ⅲ级（一般）", "Level III (general)"),
            trigger=_t("零星投诉、网络负面舆情升温", "scattered complaints, negative online opinion rising"),
        ),
    ],
    steps=[
        _t("信息报告：1 小时内报告领导小组", "Report to the leading group within one hour"),
        _t("先期处置：属地干部到场劝导、疏导", "First response: local officials on site to talk and guide"),
        _t("分级响应：按响应等级启动处置力量", "Respond by level: deploy the forces of that level"),
        _t("舆情应对：统一发布权威信息", "Public communication: one authoritative release"),
        _t("善后处置：化解诉求、总结评估", "Aftermath: settle the demands, review the response"),
    ],
    resources=_t(
        "应急处置队伍、调解员、警力、宣传口径、备用资金",
        "Response team, mediators, police, agreed messages, reserve funds",
    ),
)


class EvidenceRule(_Strict):
    """The evidence record's settings: 公示 minimum in working days (7: the Jiangsu practice; 10 elsewhere),
    the survey's distance rings with their coverage rules, the 应急预案 template."""

    publicity_min_working_days: int = Field(default=7, ge=1, le=365)
    rings: list[DistanceRing] = Field(default_factory=lambda: list(DEFAULT_RINGS))
    emergency_template: EmergencyTemplate = DEFAULT_EMERGENCY_TEMPLATE

    @model_validator(mode="after")
    def _rings_in_order(self) -> EvidenceRule:
        ids = [r.id for r in self.rings]
        for k, ring_id in enumerate(ids):
            if ring_id in ids[:k]:
                raise _err(
                    "duplicate",
                    "duplicate {what} {item}",
                    what="ring id",
                    item=repr(ring_id),
                    at=f"evidence.rings.{k}.id",
                )
        bounds = [r.max_km for r in self.rings]
        if None in bounds[:-1] or any(b <= a for a, b in zip(bounds, bounds[1:]) if a is not None and b is not None):
            raise PydanticCustomError(
                "evidence.schema.rings_order",
                "evidence.rings must have increasing max_km; only the last may be open, got {got}",
                {"got": str(bounds)},
            )
        return self


# --- 后评估 (issue 15): the tracking period, the realised-level rules and performance weighting -----
IncidentKind = Literal["群体性事件", "集体上访", "个人极端事件", "负面舆情", "诉讼复议"]
INCIDENT_KINDS: tuple[str, ...] = ("群体性事件", "集体上访", "个人极端事件", "负面舆情", "诉讼复议")


class IncidentKindRule(_Strict):
    """At least ``min_count`` incidents of ``kind`` in the tracking period → ``level``."""

    kind: IncidentKind
    min_count: int = Field(default=1, ge=1, le=MAX_COUNT)
    level: Level


class RecordCountRule(_Strict):
    """At least ``min_count`` linked feed records in the tracking period → ``level``: ``records`` (件次 of
    12345 / 信访 / grid records), ``repeat`` (重件: repeated complaints) or ``signals`` (告警)."""

    count: Literal["records", "repeat", "signals"]
    min_count: int = Field(ge=1, le=MAX_COUNT)
    level: Level


class PerformanceWeighting(_Strict):
    """``expert_weighting: performance``: weight ∝ authority × max(floor, 1 + n/(n + shrinkage) · skill),
    the skill score 1 − Brier/⅔ of the expert's record; experts with fewer than ``min_cases`` scored
    cases keep their authority weight (``riskmodel.model.backtest.performance_weights``)."""

    min_cases: int = Field(default=5, ge=1, le=10_000)
    shrinkage: float = Field(default=5.0, ge=0, le=10_000)
    floor: float = Field(default=0.1, gt=0, le=1)


def _default_kind_rules() -> list[IncidentKindRule]:
    return [IncidentKindRule(kind="个人极端事件", min_count=1, level="中")]


def _default_record_rules() -> list[RecordCountRule]:
    """Illustrative defaults for a six-month period (about 40 linked records a month → 中); set your own."""
    return [
        RecordCountRule(count="records", min_count=500, level="高"),
        RecordCountRule(count="records", min_count=250, level="中"),
        RecordCountRule(count="repeat", min_count=150, level="高"),
        RecordCountRule(count="repeat", min_count=80, level="中"),
        RecordCountRule(count="signals", min_count=2, level="中"),
    ]


class OutcomeRule(_Strict):
    """How the realised level (实际风险等级) of an implemented project is read after its tracking period.

    The tracking period starts at the decision to implement and lasts ``tracking_months``. The realised
    level is the highest of: the largest incident of a ``group_event_kinds`` kind against the group-event
    thresholds (``group_event_thresholds``, or the standard's own when empty), the ``kind_rules`` and the
    ``record_rules`` on the linked feed counts; 低 when no rule applies.
    """

    tracking_months: int = Field(default=6, ge=1, le=120)
    group_event_kinds: list[IncidentKind] = ["群体性事件", "集体上访"]
    group_event_thresholds: list[GroupEventThreshold] = []
    kind_rules: list[IncidentKindRule] = Field(default_factory=_default_kind_rules)
    record_rules: list[RecordCountRule] = Field(default_factory=_default_record_rules)
    performance: PerformanceWeighting = PerformanceWeighting()


class Questionnaire(_Strict):
    """A whole 指标体系 with its 评判标准. `method` says how indicators are rated."""

    id: str = Field(pattern=ID_PATTERN)
    version: StrictInt = Field(default=1, ge=1, le=1_000_000)  # a whole number: not true, 1.5, "2" or [1]
    name: Text
    description: Text | None = None
    source: Text  # where the indicators and the 评判标准 come from
    standard: Text  # the name of the 评判标准 applied, printed in every report
    method: Literal["score", "probability_impact"]
    scale: RatingScale | None = None
    probability_scale: GradedScale | None = None
    impact_scale: GradedScale | None = None
    phases: list[Phase] = ["before", "after"]
    expert_weighting: Literal["authority", "equal", "performance"] = "authority"
    ri_table: Literal["saaty1980", "saaty2005"] = "saaty1980"
    ahp_scale_max: float = Field(default=9, ge=1, le=1000)  # Saaty scale: every AHP judgment within 1/max … max
    weights: WeightSpec
    dimensions: list[Dimension] = Field(min_length=1)
    levels: LevelThresholds
    risk_degree_grades: list[RiskDegreeGrade] = []
    factor_count_rules: list[FactorCountRule] = []
    decision_rule: DecisionRule
    panel_rule: PanelRule = PanelRule()
    survey_rules: list[SurveyRule] = []
    opposition_bands: list[OppositionBand] = []
    group_event_thresholds: list[GroupEventThreshold] = []
    consensus: ConsensusRule = ConsensusRule()
    fce: FCEConfig
    uncertainty: UncertaintyConfig = UncertaintyConfig()
    main_factors: MainFactorRule = MainFactorRule()
    crowd_estimate: CrowdEstimateRule = CrowdEstimateRule()
    report: ReportStyle = ReportStyle()  # report area
    evidence: EvidenceRule = EvidenceRule()  # issue 10: 公示, rings, 应急预案 template
    outcomes: OutcomeRule = OutcomeRule()  # 后评估 (issue 15)

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        if self.method == "score" and self.scale is None:
            raise _err("score_needs_scale", "method 'score' needs 'scale'")
        if self.method == "probability_impact" and (self.probability_scale is None or self.impact_scale is None):
            raise _err("pi_needs_scales", "method 'probability_impact' needs 'probability_scale' and 'impact_scale'")
        _check_weight_size(self.weights, len(self.dimensions), "the dimensions")
        _unique([(d.id, f"dimensions.{a}.id") for a, d in enumerate(self.dimensions)], "dimension id")
        _unique(
            [
                (i.id, f"dimensions.{a}.indicators.{b}.id")
                for a, d in enumerate(self.dimensions)
                for b, i in enumerate(d.indicators)
            ],
            "indicator id",
        )
        if "before" not in self.phases:
            raise _err("phases_before", "phases must include 'before'")
        grades = [g.id for g in self.risk_degree_grades]
        lowers = [g.lower for g in self.risk_degree_grades]
        if any(b <= a for a, b in zip(lowers, lowers[1:])):
            raise _err("grades_lower", "risk_degree_grades must have increasing 'lower' bounds, got {got}", got=lowers)
        for rule in self.factor_count_rules:
            if rule.grade not in grades:
                raise _err(
                    "factor_grade",
                    "factor_count_rules: grade {grade} is not in risk_degree_grades {known}",
                    grade=repr(rule.grade),
                    known=grades,
                )
        values = [g.value for g in self.fce.grades]
        if any(b <= a for a, b in zip(values, values[1:])):
            raise _err("fce_values", "fce grades must have increasing values, got {got}", got=values)
        if self.fce.grade_by == "thresholds" and any(g.upper is None for g in self.fce.grades[:-1]):
            raise _err("fce_upper", "fce grade_by 'thresholds' needs 'upper' on every grade but the last")
        self._thresholds_within_scale()
        return self

    def _thresholds_within_scale(self) -> None:
        """Every threshold lies on the scale it is compared with, in order (a 高 bar of 7 on a 1–5 scale
        would make 高 unreachable without any message)."""
        lo, hi = self.index_range()
        for name in ("medium", "high"):
            value = getattr(self.levels, name)
            if not lo <= value <= hi:
                raise _err(
                    "threshold_scale",
                    "{name} = {value} is outside the range of the index, {low}–{high}",
                    name=f"levels.{name}",
                    value=f"{value:g}",
                    low=f"{lo:g}",
                    high=f"{hi:g}",
                    at=f"levels.{name}",
                )
        for k, grade in enumerate(self.risk_degree_grades):
            if grade.lower > hi:
                raise _err(
                    "threshold_scale",
                    "{name} = {value} is outside the range of the index, {low}–{high}",
                    name=f"risk_degree_grades[{k}].lower",
                    value=f"{grade.lower:g}",
                    low="0",
                    high=f"{hi:g}",
                    at=f"risk_degree_grades.{k}.lower",
                )
        uppers = [g.upper for g in self.fce.grades[:-1] if g.upper is not None]
        if self.fce.grade_by == "thresholds":
            values = [g.value for g in self.fce.grades]
            for k, upper in enumerate(uppers):
                if not values[0] <= upper <= values[-1] or (k and upper <= uppers[k - 1]):
                    raise _err(
                        "fce_upper_order",
                        "fce grades[{index}].upper = {value} must exceed the previous bound and lie within {low}–{high}",
                        index=k,
                        value=f"{upper:g}",
                        low=f"{values[0]:g}",
                        high=f"{values[-1]:g}",
                        at=f"fce.grades.{k}.upper",
                    )

    # --- convenience -------------------------------------------------------------------------
    def index_range(self) -> tuple[float, float]:
        """(lowest, highest) value an indicator's aggregate and the index can take: the score scale, or
        the product of the lowest and of the highest probability and impact values."""
        if self.method == "score":
            assert self.scale is not None
            return float(self.scale.min), float(self.scale.max)
        assert self.probability_scale is not None and self.impact_scale is not None
        p = [lv.value for lv in self.probability_scale.levels]
        i = [lv.value for lv in self.impact_scale.levels]
        return p[0] * i[0], p[-1] * i[-1]

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def indicators(self) -> list[Indicator]:
        return [ind for dim in self.dimensions for ind in dim.indicators]

    def indicator_ids(self) -> list[str]:
        return [ind.id for ind in self.indicators()]

    def dimension_of(self) -> dict[str, str]:
        return {ind.id: dim.id for dim in self.dimensions for ind in dim.indicators}

    def required_panel_size(self, project_type: str | None, investment_wan: float | None) -> int:
        return self.panel_rule.required(project_type, investment_wan)

    def survey_rule_for(self, project_type: str | None) -> SurveyRule | None:
        exact = [r for r in self.survey_rules if r.project_type == project_type]
        fallback = [r for r in self.survey_rules if r.project_type == "*"]
        found = exact or fallback
        return found[0] if found else None


def _check_weight_size(spec: WeightSpec, n: int, where: str) -> None:
    if spec.method == "ahp":
        rows = len(spec.matrix or [])
        if rows != n or any(len(r) != n for r in spec.matrix or []):
            raise _err(
                "ahp_size", "AHP matrix for {where} must be {n}×{n} (one row and column per child)", where=where, n=n
            )
    if spec.method == "direct" and len(spec.values or []) != n:
        raise _err(
            "direct_size",
            "direct weights for {where} must have {n} values, got {got}",
            where=where,
            n=n,
            got=len(spec.values or []),
        )


def _unique(ids: list[tuple[str, str]], what: str) -> None:
    """Reject a repeated id; ``at`` (dotted path of the repeat) lets the loader point to its line."""
    seen: set[str] = set()
    for item, path in ids:
        if item in seen:
            raise _err("duplicate", "duplicate {what} {item}", what=what, item=repr(item), at=path)
        seen.add(item)
