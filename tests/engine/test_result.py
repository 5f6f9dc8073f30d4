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


def test_a_result_stored_before_issue_9_loads_with_defaults_that_claim_nothing():
    stored = assess(load_assessment_file(EXAMPLE), draws=0).to_dict()
    new_keys = [
        "residual_level_drivers",
        "complete",
        "missing_indicators",
        "missing_by_phase",
        "exclusions",
        "level_provisional",
        "level_upper_bound",
        "residual_level_upper_bound",
        "uncertainty_basis",
        "index_100",
        "residual_index_100",
        "index_scale",
        "survey_after",
        "residual_evidence",
        "mobilisation",
        "main_factors",
        "main_factor_rule",
        "rising",
    ]
    assert list(stored)[-len(new_keys) :] == new_keys  # appended after the older keys, whose order stays
    for key in new_keys:
        del stored[key]
    del stored["kendall"]["n"], stored["kendall"]["left_out"], stored["group_event"]["source"]
    back = AssessmentResult.from_dict(stored)
    assert back.complete is None  # not checked when it was stored, so not claimed complete
    assert back.uncertainty_basis is None and back.main_factors == [] and back.kendall.left_out == 0
    assert back.group_event.source == "panel"
