"""Questionnaire problems are told in the user's language, at the place that is wrong."""

from __future__ import annotations

import pytest

from riskmodel.questionnaire import QuestionnaireError, parse_questionnaire

from .conftest import MINIMAL, edit, line_of


def problems(text: str) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as err:
        parse_questionnaire(text, "q.yaml")
    return err.value


def test_missing_field_in_chinese_and_english():
    err = problems(edit(MINIMAL, "name: {zh: 指标五, en: Indicator five}", "name: {zh: 指标五}"))
    assert "缺少必填项 en" in err.message("zh") and "第" in err.message("zh")
    assert "required field en is missing" in err.message("en")


def test_unknown_field_is_named():
    err = problems(MINIMAL.replace("method: score", "method: score\nmethdo: x", 1))
    assert "methdo" in err.message("en") and "不认识的字段 methdo" in err.message("zh")


def test_repeated_indicator_id_points_at_the_repeat():
    text = edit(MINIMAL, "      - id: B-03", "      - id: A-01")
    err = problems(text)
    [problem] = err.problems
    assert problem.location == "dimensions[1].indicators[2].id"
    assert problem.line == line_of(text, "- id: A-01", occurrence=2)
    assert "A-01" in problem.text("en") and "重复" in problem.text("zh")
