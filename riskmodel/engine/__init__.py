"""The assessment engine: inputs → ``assess`` → ``AssessmentResult``."""

from riskmodel.engine.assess import assess, assess_many
from riskmodel.engine.inputs import AssessmentInput, load_assessment_file, parse_assessment
from riskmodel.engine.result import AssessmentResult, IndicatorResult

__all__ = [
    "assess",
    "assess_many",
    "AssessmentInput",
    "AssessmentResult",
    "IndicatorResult",
    "load_assessment_file",
    "parse_assessment",
]
