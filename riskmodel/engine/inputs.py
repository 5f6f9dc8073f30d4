"""What an assessment run needs: project facts, panel, ratings, survey, measures (the engine's input).

The same shape is read from an assessment file (``assess FILE``), built from the database, and written
into the export bundle, so one result can always be recomputed from its inputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticError
from pydantic_core import PydanticCustomError

from riskmodel.errors import ValidationError
from riskmodel.i18n import t
from riskmodel.validation import error_text, render_location

Phase = Literal["before", "after"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProjectInfo(_Model):
    name: str = Field(min_length=1, max_length=200)
    type: str | None = None  # one of PROJECT_TYPES
    region: str | None = None
    investment_wan: float | None = Field(default=None, ge=0)  # 万元
    affected_households: int | None = Field(default=None, ge=0)
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
    def _unit_interval(cls, value):
        values = value.values() if isinstance(value, dict) else [value]
        for v in values:
            if not 0.0 <= float(v) <= 1.0:
                raise PydanticCustomError(
                    "engine.input.unit_interval", "must be between 0 and 1, got {value}", {"value": str(v)}
                )
        return value

    def coefficient(self, which: str, dimension: str) -> float:
        value = getattr(self, which)
        if isinstance(value, dict):
            return float(value.get(dimension, value.get("*", 1.0)))
        return float(value)


class Rating(_Model):
    """One expert's rating of one indicator in one phase (before/after measures)."""

    expert: str
    indicator: str
    phase: Phase = "before"
    score: float | None = None
    probability: int | None = None  # level number on the questionnaire's probability scale
    impact: int | None = None
    comment: str | None = Field(default=None, max_length=4000)


class SurveyCounts(_Model):
    """Opinion survey (民意调查): answers and coverage."""

    support: int = Field(ge=0)
    neutral: int = Field(default=0, ge=0)
    oppose: int = Field(ge=0)
    respondents_direct: int | None = Field(default=None, ge=0)  # directly affected respondents
    respondents_indirect: int | None = Field(default=None, ge=0)
    households_covered: int | None = Field(default=None, ge=0)


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
    group_event_people: int | None = Field(default=None, ge=0)  # estimated size of a possible 群体性事件
    uncertainty: UncertaintyRequest = UncertaintyRequest()

    @model_validator(mode="after")
    def _unique_experts(self) -> AssessmentInput:
        ids = [e.id for e in self.experts]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise PydanticCustomError(
                "engine.input.duplicate_experts", "duplicate expert id(s): {ids}", {"ids": ", ".join(dupes)}
            )
        return self


class AssessmentFileError(ValidationError):
    """An assessment file with wrong or missing fields; every problem named by its place."""

    def __init__(self, source: str, errors: list[dict]) -> None:
        self.source = source
        self.errors = errors
        super().__init__("engine.input.invalid", file=source, details=self._details(None))

    def _details(self, lang: str | None) -> str:
        return "\n".join(f"  - {render_location(e['loc'])}: {error_text(e, lang)}" for e in self.errors)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, file=self.source, details=self._details(lang))


def parse_assessment(data: dict, source: str = "<data>") -> AssessmentInput:
    try:
        return AssessmentInput.model_validate(data)
    except PydanticError as exc:
        raise AssessmentFileError(source, exc.errors()) from None


def load_assessment_file(path: str | Path) -> AssessmentInput:
    """Read an assessment file (YAML or JSON)."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise ValidationError("engine.input.unreadable", file=str(path), reason=str(exc)) from None
    except yaml.YAMLError as exc:
        raise ValidationError("engine.input.unreadable", file=str(path), reason=str(exc)) from None
    if not isinstance(data, dict):
        raise ValidationError("engine.input.unreadable", file=str(path), reason="not a mapping")
    return parse_assessment(data, str(path))
