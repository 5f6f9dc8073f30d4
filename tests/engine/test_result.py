"""The typed result: to_dict is plain JSON, from_dict reads it back unchanged, older stored results still load."""

from __future__ import annotations

import json

from riskmodel.engine import assess, load_assessment_file
from riskmodel.engine.result import AssessmentResult, IndicatorAfter, SurveyResult

EXAMPLE = "data/examples/waste-to-energy.yaml"


def test_a_stored_result_reads_back_as_the_same_typed_result():
    result = assess(load_assessment_file(EXAMPLE), draws=200, seed=3)
    stored = json.loads(json.dumps(result.to_dict()))  # what the database keeps
    back = AssessmentResult.from_dict(stored)
    assert back.to_dict() == stored
    assert isinstance(back.survey, SurveyResult) and back.survey.rates["oppose"].count > 0
    assert any(isinstance(i.after, IndicatorAfter) for i in back.indicators)
    assert back.questionnaire.id == result.questionnaire.id


def test_a_result_stored_before_a_field_existed_takes_the_default_and_unknown_keys_are_ignored():
    stored = assess(load_assessment_file(EXAMPLE), draws=0).to_dict()
    del stored["notes"]
    stored["a_key_from_a_later_version"] = 1
    back = AssessmentResult.from_dict(stored)
    assert back.notes == []


def test_to_dict_has_plain_json_types_only():
    text = json.dumps(assess(load_assessment_file(EXAMPLE), draws=0).to_dict(), allow_nan=False)
    assert '"level"' in text
