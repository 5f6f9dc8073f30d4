"""Broken questionnaire files are rejected with the file, the place (path and line) and what is wrong."""

from __future__ import annotations

import pytest

from riskmodel.errors import ValidationError
from riskmodel.questionnaire import QuestionnaireError, load_questionnaire, parse_questionnaire

from .conftest import MINIMAL, edit, line_of

pytestmark = pytest.mark.usefixtures("english")


def at_block(p, text: str, key_line: str, occurrence: int = 1) -> bool:
    """A problem in a block value points at its key's line or at the block's first line (just below)."""
    line = line_of(text, key_line, occurrence)
    return p.line in (line, line + 1)


def problems_of(text: str, source: str = "broken.yaml"):
    with pytest.raises(QuestionnaireError) as info:
        parse_questionnaire(text, source)
    err = info.value
    assert err.source == source
    assert source in err.message("en")
    return err.problems


def only_problem(text: str):
    problems = problems_of(text)
    assert len(problems) == 1, [p.render() for p in problems]
    return problems[0]


def test_minimal_is_valid():
    q = parse_questionnaire(MINIMAL)
    assert q.indicator_ids() == ["A-01", "A-02", "B-01", "B-02", "B-03"]


def test_error_is_a_validation_error():
    with pytest.raises(ValidationError):
        parse_questionnaire("id: [")
    with pytest.raises(ValueError):
        parse_questionnaire("id: [")


def test_yaml_syntax_error_reports_line():
    text = edit(MINIMAL, "method: score", "method: score: again")
    p = only_problem(text)
    assert p.location == "YAML"
    assert p.line == line_of(text, "method: score: again")
    assert "mapping values are not allowed" in p.message


def test_yaml_tab_reports_line():
    text = edit(MINIMAL, "version: 1", "version: 1\n\tstray: tab")
    p = only_problem(text)
    assert (p.location, p.line) == ("YAML", line_of(text, "stray: tab"))


def test_not_a_mapping():
    p = only_problem("- just\n- a list\n")
    assert p.location == "/" and "mapping" in p.message


def test_missing_english_name():
    text = edit(MINIMAL, "name: {zh: 指标五, en: Indicator five}", "name: {zh: 指标五}")
    p = only_problem(text)
    assert p.location == "dimensions[1].indicators[2].name.en"
    assert p.line == line_of(text, "name: {zh: 指标五}")
    assert "required" in p.message.lower()
    assert f"dimensions[1].indicators[2].name.en (line {p.line})" in p.render()


def test_empty_chinese_text():
    text = edit(
        MINIMAL, "guidance: {zh: 说明, en: Guidance}\n        area", "guidance: {zh: '', en: Guidance}\n        area"
    )
    p = only_problem(text)
    assert p.location == "dimensions[1].indicators[2].guidance.zh"
    assert p.line == line_of(text, "guidance: {zh: ''")


def test_non_reciprocal_matrix_names_the_cell():
    text = edit(MINIMAL, '- ["1/2", 1, 2]', "- [1, 1, 2]")
    p = only_problem(text)
    assert p.location == "dimensions[1].weights.matrix"
    assert at_block(p, text, "matrix:", occurrence=2)
    assert "not reciprocal" in p.message
    assert "row 1, column 2" in p.message and "row 2, column 1" in p.message


def test_matrix_cell_not_a_number():
    text = edit(MINIMAL, '- ["1/3", "1/2", 1]', '- ["1/3", "half", 1]')
    p = only_problem(text)
    assert p.location == "dimensions[1].weights.matrix"
    assert "(3, 2)" in p.message and "'half'" in p.message


def test_matrix_wrong_size():
    text = edit(MINIMAL, '        - ["1/3", "1/2", 1]\n', "")
    p = only_problem(text)
    assert p.location == "dimensions[1]"
    assert "3×3" in p.message


def test_inconsistent_matrix_cr_too_high():
    text = edit(
        MINIMAL,
        '- [1, 2, 3]\n        - ["1/2", 1, 2]\n        - ["1/3", "1/2", 1]',
        '- [1, 9, "1/9"]\n        - ["1/9", 1, 9]\n        - [9, "1/9", 1]',
    )
    p = only_problem(text)
    assert p.location == "dimensions[1].weights.matrix"
    assert at_block(p, text, "matrix:", occurrence=2)
    assert "CR = " in p.message and "0.1" in p.message and "saaty1980" in p.message


def test_cr_just_above_the_bar_is_rejected_and_just_below_accepted():
    """Saaty-1980 RI(3) = 0.58: [[1,3,2],[1/3,1,2],[1/2,1/2,1]] has CR ≈ 0.117 (rejected), the root
    matrix is reported as `weights.matrix`; [[1,3,2],[1/3,1,1],[1/2,1,1]] has CR ≈ 0.016 (accepted)."""
    bad = edit(
        MINIMAL,
        '- [1, 2, 3]\n        - ["1/2", 1, 2]\n        - ["1/3", "1/2", 1]',
        '- [1, 3, 2]\n        - ["1/3", 1, 2]\n        - ["1/2", "1/2", 1]',
    )
    p = only_problem(bad)
    assert p.location == "dimensions[1].weights.matrix"
    assert "CR = 0.117" in p.message
    good = edit(
        MINIMAL,
        '- [1, 2, 3]\n        - ["1/2", 1, 2]\n        - ["1/3", "1/2", 1]',
        '- [1, 3, 2]\n        - ["1/3", 1, 1]\n        - ["1/2", 1, 1]',
    )
    parse_questionnaire(good)


def test_root_matrix_problem_location():
    text = edit(MINIMAL, '    - [1, "1/2"]\n    - [2, 1]', '    - [1, "1/2"]\n    - [3, 1]')
    p = only_problem(text)
    assert p.location == "weights.matrix"
    assert "row 1, column 2" in p.message


def test_duplicate_indicator_id():
    text = edit(MINIMAL, "- id: B-02", "- id: A-01")
    p = only_problem(text)
    assert "duplicate indicator id 'A-01'" in p.message
    assert p.line is not None


def test_decision_rule_missing_a_level():
    text = edit(MINIMAL, "    - {residual: 中, verdict: 暂缓实施}\n", "")
    p = only_problem(text)
    assert p.location == "decision_rule"
    assert at_block(p, text, "decision_rule:")
    assert "residual level 中" in p.message


def test_decision_rule_missing_a_before_case():
    text = edit(MINIMAL, "    - {residual: 低, verdict: 实施}\n", "")
    p = only_problem(text)
    assert "residual level 低 (before measures: 低)" in p.message


def test_unknown_verdict():
    text = edit(MINIMAL, "{residual: 中, verdict: 暂缓实施}", "{residual: 中, verdict: 缓一缓}")
    p = only_problem(text)
    assert p.location == "decision_rule.rules[1].verdict"
    assert p.line == line_of(text, "缓一缓")


def test_anchors_not_covering_the_scale():
    text = edit(MINIMAL, "    - {value: 4, label: {zh: 较高, en: High}}\n", "")
    p = only_problem(text)
    assert p.location == "scale"
    assert at_block(p, text, "scale:")
    assert "1..5" in p.message and "[1, 2, 3, 5]" in p.message


def test_unknown_area():
    text = edit(MINIMAL, "area: 媒体舆论导向", "area: 舆情")
    p = only_problem(text)
    assert p.location == "dimensions[1].indicators[2].area"
    assert p.line == line_of(text, "area: 舆情")
    assert "'舆情'" in p.message and "媒体舆论导向" in p.message


def test_direct_weights_must_sum_to_one():
    text = edit(MINIMAL, "weights: {method: equal}", "weights: {method: direct, values: [0.5, 0.6]}")
    p = only_problem(text)
    assert p.location == "dimensions[0].weights"
    assert "sum to 1" in p.message


def test_unknown_project_type_in_survey_rule():
    text = MINIMAL + "survey_rules:\n  - {project_type: 拆迁, min_direct: 10}\n"
    p = only_problem(text)
    assert p.location == "survey_rules[0].project_type"
    assert p.line == line_of(text, "project_type: 拆迁")


def test_unknown_key_is_rejected():
    text = edit(MINIMAL, "version: 1", "version: 1\nthreshold: 3")
    p = only_problem(text)
    assert p.location == "threshold" and p.line == line_of(text, "threshold: 3")


def test_score_method_needs_scale():
    start = MINIMAL.index("scale:")
    end = MINIMAL.index("weights:")
    text = MINIMAL[:start] + MINIMAL[end:]
    p = only_problem(text)
    assert "needs 'scale'" in p.message


def test_every_problem_is_listed():
    text = edit(MINIMAL, "name: {zh: 指标五, en: Indicator five}", "name: {zh: 指标五}")
    text = edit(text, "area: 媒体舆论导向", "area: 舆情")
    problems = problems_of(text)
    assert [p.location for p in problems] == [
        "dimensions[1].indicators[2].name.en",
        "dimensions[1].indicators[2].area",
    ]
    err = pytest.raises(QuestionnaireError, parse_questionnaire, text, "two.yaml").value
    message = err.message("en")
    assert "two.yaml has 2 problem(s)" in message
    assert message.count("\n  - ") == 2


def test_missing_file(tmp_path):
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(tmp_path / "nope.yaml")
    assert info.value.problems[0].location == "file"


def test_load_from_file_names_the_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(edit(MINIMAL, "area: 媒体舆论导向", "area: 舆情"), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    assert info.value.source == str(path)
    assert str(path) in info.value.message("zh") and "dimensions[1].indicators[2].area" in info.value.message("zh")
