"""The assessment engine: inputs → ``assess`` → ``AssessmentResult``."""
from riskmodel.engine.assess import assess
from riskmodel.engine.inputs import AssessmentInput, load_assessment_file, parse_assessment
from riskmodel.engine.result import AssessmentResult, IndicatorResult

__all__ = ["assess", "AssessmentInput", "AssessmentResult", "IndicatorResult", "load_assessment_file", "parse_assessment"]
