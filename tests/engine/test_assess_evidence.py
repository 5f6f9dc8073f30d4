"""Issue 9, findings 4 and 5: survey counts that cannot be true together are refused naming the field;
one crowd figure (the panel's) sets the level, the network simulation is labelled evidence beside it."""

from __future__ import annotations

import pytest

from riskmodel.engine import assess, parse_assessment
from riskmodel.errors import ValidationError
from tests.engine.fixtures import score_input, score_questionnaire

Q = score_questionnaire()
LOW = {e: [1, 1, 1, 1] for e in ("e1", "e2", "e3")}


def run(data, q=Q, **kw):
    return assess(parse_assessment(data), q, **kw)


@pytest.mark.parametrize(
    "field, survey, project, key, fragments",
    [
        (
            "survey",
            {"support": 300, "neutral": 100, "oppose": 100, "respondents_direct": 5000},
            {},
            "engine.survey.exceeds_answers",
            ("survey.respondents_direct", "5000", "500"),
        ),
        (
            "survey",
            {"support": 300, "oppose": 100, "respondents_direct": 300, "respondents_indirect": 200},
            {},
            "engine.survey.respondents_sum",
            ("300", "200", "400"),
        ),
        (
            "survey",
            {"support": 300, "oppose": 100, "households_covered": 130},
            {"type": "征地拆迁", "affected_households": 120},
            "engine.survey.households_exceed_affected",
            ("survey.households_covered", "130", "120"),
        ),
        (
            "survey_after",
            {"support": 90, "oppose": 10, "respondents_indirect": 101},
            {},
            "engine.survey.exceeds_answers",
            ("survey_after.respondents_indirect", "101"),
        ),
        ("survey", {"support": 0, "oppose": 0}, {}, "engine.survey.empty", ("survey",)),
    ],
)
def test_implausible_survey_counts_are_refused_naming_the_field(field, survey, project, key, fragments):
    data = score_input(LOW, **{field: survey}, project=project)
    with pytest.raises(ValidationError) as err:
        run(data)
    assert err.value.key == key
    for lang in ("zh", "en"):
        message = err.value.message(lang)
        assert all(f in message for f in fragments), message


def test_plausible_counts_pass():
    data = score_input(
        LOW,
        survey={
            "support": 150,
            "oppose": 50,
            "respondents_direct": 150,
            "respondents_indirect": 50,
            "households_covered": 120,
        },
        project={"type": "征地拆迁", "affected_households": 120},
    )
    assert run(data).survey.coverage.ok is True


def test_the_network_simulation_is_evidence_and_never_sets_the_level():
    data = score_input(
        LOW, group_event_people=30, mobilisation={"expected_people": 480, "p_ge_100": 1.0, "p_ge_200": 0.9}
    )
    res = run(data)
    assert res.level == "低" and res.group_event.people == 30 and res.group_event.source == "panel"
    m = res.mobilisation
    assert m.source == "network_simulation" and m.level == "高"  # what the figure would mean, labelled
    assert m.ratio == pytest.approx(16.0) and m.divergence_factor == 2.0 and m.divergent is True
    assert "crowd_divergence" in res.notes


def test_close_estimates_are_not_flagged_and_the_factor_comes_from_the_standard():
    data = score_input(LOW, group_event_people=120, mobilisation={"expected_people": 200})
    res = run(data)
    assert res.mobilisation.ratio == pytest.approx(200 / 120) and res.mobilisation.divergent is False
    strict = Q.model_copy(update={"crowd_estimate": Q.crowd_estimate.model_copy(update={"divergence_factor": 1.5})})
    assert run(data, strict).mobilisation.divergent is True


def test_a_simulation_without_the_panels_estimate_is_shown_and_the_gap_named():
    res = run(score_input(LOW, mobilisation={"expected_people": 250}))
    assert res.group_event is None and res.level == "低"
    assert res.mobilisation.ratio is None and "crowd_estimate_missing" in res.notes


@pytest.mark.parametrize(
    "mobilisation, loc",
    [
        ({"expected_people": -1}, "mobilisation.expected_people"),
        ({"expected_people": 3, "p_ge_100": 1.5}, "mobilisation.p_ge_100"),
    ],
)
def test_simulation_figures_are_checked(mobilisation, loc):
    with pytest.raises(ValidationError) as err:
        parse_assessment(score_input(LOW, mobilisation=mobilisation), "x.yaml")
    assert loc in err.value.message("en")
