"""Property tests of the rules (hypothesis): the level is monotone in the ratings; post-measure evidence is
the only way the survey and crowd rules stop applying to the residual level; every set of uncertainty
probabilities sums to 1."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskmodel.engine import assess, parse_assessment
from riskmodel.engine.levels import LEVEL_RANK
from tests.engine.fixtures import pi_questionnaire, score_input, score_questionnaire

Q = score_questionnaire()
PI = pi_questionnaire()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scores = st.lists(st.integers(1, 5), min_size=4, max_size=4)
panels = st.dictionaries(st.sampled_from(["e1", "e2", "e3", "e4"]), scores, min_size=1, max_size=4)
surveys = st.none() | st.builds(
    lambda s, o: {"support": s, "oppose": o}, st.integers(0, 100), st.integers(0, 100)
).filter(lambda s: s["support"] + s["oppose"] > 0)
crowds = st.none() | st.integers(0, 400)


def rank(level):
    return LEVEL_RANK[level]


def run(data, q=Q, **kw):
    return assess(parse_assessment(data), q, draws=kw.pop("draws", 0), **kw)


@FAST
@given(panels, panels, st.data())
def test_raising_a_rating_never_lowers_the_index_the_level_or_the_residual_level(before, after, data):
    after = {e: row for e, row in after.items() if e in before}
    base = run(score_input(before, after))
    phase = data.draw(st.sampled_from(["before", "after"] if after else ["before"]))
    table = before if phase == "before" else after
    expert = data.draw(st.sampled_from(sorted(table)))
    j = data.draw(st.integers(0, 3))
    raised = {e: list(r) for e, r in table.items()}
    raised[expert][j] = min(5, raised[expert][j] + data.draw(st.integers(1, 4)))
    higher = run(score_input(raised, after) if phase == "before" else score_input(before, raised))
    assert higher.index >= base.index - 1e-12
    assert rank(higher.level) >= rank(base.level)
    if base.residual_level is not None:
        assert higher.residual_index >= base.residual_index - 1e-12
        assert rank(higher.residual_level) >= rank(base.residual_level)


@FAST
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=9, max_size=9), st.data())
def test_raising_a_probability_or_impact_never_lowers_the_level(levels, data):
    experts = ["e1", "e2", "e3"]
    cells = [(e, f) for e in experts for f in ("F1", "F2", "F3")]

    def payload(pairs):
        ratings = [{"expert": e, "indicator": f, "probability": p, "impact": i} for (e, f), (p, i) in zip(cells, pairs)]
        return {
            "project": {"name": "p"},
            "questionnaire": "test-pi",
            "experts": [{"id": e} for e in experts],
            "ratings": ratings,
        }

    k = data.draw(st.integers(0, 8))
    p, i = levels[k]
    raised = list(levels)
    raised[k] = (min(5, p + data.draw(st.integers(0, 2))), min(5, i + data.draw(st.integers(0, 2))))
    assert rank(run(payload(raised), PI).level) >= rank(run(payload(levels), PI).level)


@FAST
@given(panels, panels, surveys, crowds)
def test_without_post_measure_evidence_the_survey_and_crowd_rules_bind_the_residual_level(before, after, survey, crowd):
    after = {e: row for e, row in after.items() if e in before} or {next(iter(before)): [1, 1, 1, 1]}
    res = run(score_input(before, after, survey=survey, group_event_people=crowd))
    floor = max(
        rank(res.survey.level) if res.survey and res.survey.level else 0,
        rank(res.group_event.level) if res.group_event and res.group_event.level else 0,
    )
    assert rank(res.residual_level) >= floor
    # post-measure evidence equal to the pre-measure evidence changes nothing
    same = run(
        score_input(
            before, after, survey=survey, group_event_people=crowd, survey_after=survey, group_event_people_after=crowd
        )
    )
    assert same.residual_level == res.residual_level
    # the only way below that floor: post-measure evidence that says less
    calm = run(
        score_input(
            before,
            after,
            survey=survey,
            group_event_people=crowd,
            survey_after={"support": 100, "oppose": 0},
            group_event_people_after=0,
        )
    )
    assert calm.residual_level == calm.residual_index_level  # (this standard has no single-factor rule)
    assert rank(calm.residual_level) <= rank(res.residual_level)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels, panels, surveys, crowds, st.integers(0, 2**31))
def test_the_uncertainty_probabilities_sum_to_one(before, after, survey, crowd, seed):
    after = {e: row for e, row in after.items() if e in before}
    res = run(score_input(before, after, survey=survey, group_event_people=crowd), draws=200, seed=seed)
    assert sum(res.level_probabilities.values()) == pytest.approx(1.0, abs=1e-12)
    if res.residual_level is not None:
        assert sum(res.residual_level_probabilities.values()) == pytest.approx(1.0, abs=1e-12)
        assert sum(res.verdict_probabilities.values()) == pytest.approx(1.0, abs=1e-12)
    lo, hi = res.index_interval
    assert lo <= hi
