"""What an assessment run needs: project facts, panel, ratings, survey, measures (the engine's input).

The same shape is read from an assessment file (``assess FILE``), built from the database, and written
into the export bundle, so one result can always be recomputed from its inputs.

Post-measure evidence (``survey_after``, ``group_event_people_after``) is the only way the survey and
crowd rules stop applying to the residual level; ``exclusions`` record, with a reason, an indicator
left out on purpose (not applicable, or not re-rated after measures), so it is not counted as missing;
``mobilisation`` is the network simulation, evidence beside the panel's crowd estimate (never a level
rule of its own).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticError
from pydantic_core import PydanticCustomError

from riskmodel import safe_yaml
from riskmodel.errors import ValidationError
from riskmodel.i18n import t
from riskmodel.model.survey import MAX_COUNT
from riskmodel.validation import error_text, render_location

Phase = Literal["before", "after"]


# an assessment file may hold a large panel's ratings, never more than this (checked before parsing)
LIMITS = safe_yaml.Limits(max_size=32 * 1024 * 1024, max_depth=20, max_nodes=2_000_000)
_LEVEL_NUMBER = 1_000_000  # probability / impact level numbers beyond this cannot be meant (the range check names it)


class _Model(BaseModel):
    # every number finite (.inf / .nan refused with the field named)
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ProjectInfo(_Model):
    name: str = Field(min_length=1, max_length=200)
    type: str | None = None  # one of PROJECT_TYPES
    region: str | None = None
    investment_wan: float | None = Field(default=None, ge=0, le=1e12)  # 万元
    affected_households: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    stage: str | None = None  # 项目立项 / 政策出台
    description: str | None = None


class Expert(_Model):
    """A panel member. ``ca``/``cs`` are scalars or per-dimension maps (dimension id → value)."""

    id: str = Field(min_length=1, max_length=64)
    field: str | None = None
    ca: float | dict[str, float] = 1.0  # 判断依据系数
    cs: float | dict[str, float] = 1.0  # 熟悉程度系数

    @field_validator("ca", "cs")
    @classmethod
    def _unit_interval(cls, value: float | dict[str, float]) -> float | dict[str, float]:
        values = value.values() if isinstance(value, dict) else [value]
        for v in values:
            if not 0.0 <= float(v) <= 1.0:
                raise PydanticCustomError(
                    "engine.input.unit_interval", "must be between 0 and 1, got {value}", {"value": str(v)}
                )
        return value

    def coefficient(self, which: str, dimension: str) -> float:
        value = self.ca if which == "ca" else self.cs
        if isinstance(value, dict):
            return float(value.get(dimension, value.get("*", 1.0)))
        return float(value)


class Rating(_Model):
    """One expert's rating of one indicator in one phase (before/after measures)."""

    expert: str
    indicator: str
    phase: Phase = "before"
    score: float | None = None
    probability: int | None = Field(default=None, ge=-_LEVEL_NUMBER, le=_LEVEL_NUMBER)  # level number 1..k
    impact: int | None = Field(default=None, ge=-_LEVEL_NUMBER, le=_LEVEL_NUMBER)
    comment: str | None = Field(default=None, max_length=4000)


class SurveyCounts(_Model):
    """Opinion survey (民意调查): answers and coverage. Whether the counts can be true together
    (respondents ≤ answers, households ≤ affected households) is ``model.survey.check_survey_counts``,
    applied by the engine."""

    support: int = Field(ge=0, le=MAX_COUNT)
    neutral: int = Field(default=0, ge=0, le=MAX_COUNT)
    oppose: int = Field(ge=0, le=MAX_COUNT)
    respondents_direct: int | None = Field(default=None, ge=0, le=MAX_COUNT)  # directly affected respondents
    respondents_indirect: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    households_covered: int | None = Field(default=None, ge=0, le=MAX_COUNT)


class Exclusion(_Model):
    """An indicator left out on purpose, with the reason the report prints.

    ``phase`` omitted: the indicator does not apply to this project — left out of the index (its
    ratings, if any, ignored). ``phase: after``: deliberately not re-rated after measures — its
    pre-measure value stands in the residual level (as for any indicator not re-rated), but it is not
    counted as missing."""

    indicator: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=2000)
    phase: Literal["after"] | None = None

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("engine.input.reason_empty", "the reason must not be empty")
        return value.strip()


class MobilisationEvidence(_Model):
    """The network simulation's crowd estimate (``network`` mobilisation result): evidence shown beside
    the panel's estimate, never a level rule of its own."""

    expected_people: float = Field(ge=0, le=MAX_COUNT)
    p_ge_100: float | None = Field(default=None, ge=0, le=1)
    p_ge_200: float | None = Field(default=None, ge=0, le=1)
    runs: int | None = Field(default=None, ge=1, le=100_000_000)


class Measure(_Model):
    """A 防范化解措施 (Table 2 row)."""

    factor: str  # indicator id or free text
    measure: str
    phase: str | None = None  # 风险发生阶段
    deadline: str | None = None  # 实施时间和要求
    responsible: str | None = None  # 责任主体
    assisting: str | None = None  # 协助单位
    status: str | None = None


class UncertaintyRequest(_Model):
    draws: int | None = Field(default=None, ge=0, le=1_000_000)
    seed: int | None = None


class AssessmentInput(_Model):
    """Everything ``assess`` needs. ``questionnaire`` is an id of a built-in file (or a loaded object)."""

    project: ProjectInfo
    questionnaire: str
    questionnaire_version: int | None = None
    experts: list[Expert] = Field(min_length=1)
    ratings: list[Rating] = []
    survey: SurveyCounts | None = None
    measures: list[Measure] = []
    # the panel's estimate of a possible 群体性事件 (people): the one crowd figure of the level rule
    group_event_people: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    uncertainty: UncertaintyRequest = UncertaintyRequest()
    # post-measure evidence: without it the survey and crowd rules apply to the residual level as well
    survey_after: SurveyCounts | None = None
    group_event_people_after: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    mobilisation: MobilisationEvidence | None = None  # network simulation, evidence only
    exclusions: list[Exclusion] = []

    @model_validator(mode="after")
    def _unique_experts(self) -> AssessmentInput:
        ids = [e.id for e in self.experts]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise PydanticCustomError(
                "engine.input.duplicate_experts", "duplicate expert id(s): {ids}", {"ids": ", ".join(dupes)}
            )
        seen: set[str] = set()
        for e in self.exclusions:
            if e.indicator in seen:
                raise PydanticCustomError(
                    "engine.input.duplicate_exclusion",
                    "indicator {indicator} is excluded twice",
                    {"indicator": e.indicator},
                )
            seen.add(e.indicator)
        return self


class AssessmentFileError(ValidationError):
    """An assessment file with wrong or missing fields; every problem named by its place."""

    def __init__(self, source: str, errors: Sequence[Mapping[str, Any]]) -> None:
        self.source = source
        self.errors = errors
        super().__init__("engine.input.invalid", file=source, details=self._details(None))

    def _details(self, lang: str | None) -> str:
        return "\n".join(f"  - {render_location(e['loc'])}: {error_text(e, lang)}" for e in self.errors)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, file=self.source, details=self._details(lang))


def parse_assessment(data: dict[str, Any], source: str = "<data>") -> AssessmentInput:
    try:
        return AssessmentInput.model_validate(data)
    except PydanticError as exc:
        raise AssessmentFileError(source, exc.errors()) from None


class AssessmentYamlError(ValidationError):
    """An assessment file the safe YAML loader refused (too large, too deep, duplicate key, syntax …)."""

    def __init__(self, source: str, problem: safe_yaml.YamlError) -> None:
        self.source = source
        self.problem = problem
        super().__init__("engine.input.yaml", file=source, line=problem.params["line"])

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, file=self.source, line=self.problem.params["line"], problem=self.problem.message(lang))


def load_assessment_file(path: str | Path) -> AssessmentInput:
    """Read an assessment file (YAML or JSON) through the safe loader."""
    path = Path(path)
    try:
        data = safe_yaml.load_file(path, LIMITS)
    except OSError as exc:
        raise ValidationError("engine.input.unreadable", file=str(path), reason=exc.strerror or str(exc)) from None
    except safe_yaml.YamlError as exc:
        raise AssessmentYamlError(str(path), exc) from None
    if not isinstance(data, dict):
        raise ValidationError("engine.input.not_mapping", file=str(path))
    return parse_assessment(data, str(path))
