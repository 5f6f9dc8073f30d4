"""Survey rates with Wilson score intervals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskmodel.model import survey_rates, wilson_interval
from riskmodel.model.survey import check_survey_counts
from tests.model.reference import expect_error


def test_wilson_known_values():
    low, high = wilson_interval(5, 10)
    assert (round(low, 4), round(high, 4)) == (0.2366, 0.7634)
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and round(high, 4) == 0.2775
    low, high = wilson_interval(10, 10)
    assert round(low, 4) == 0.7225 and high == 1.0


def test_wilson_vectorised_and_n_zero():
    low, high = wilson_interval([0, 5, 0], [10, 10, 0])
    assert low.shape == (3,)
    assert np.isnan(low[2]) and np.isnan(high[2])
    assert np.isnan(wilson_interval(0, 0)).all()


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))).filter(lambda t: t[1] > 0))
def test_wilson_contains_rate(kn):
    k, n = kn
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_survey_rates():
    s = survey_rates(60, 30, 10)
    assert s.n == 100
    assert (s.support, s.neutral, s.oppose) == pytest.approx((0.6, 0.3, 0.1))
    assert s.oppose_ci == pytest.approx(wilson_interval(10, 100))
    v = survey_rates([60, 0], [30, 0], [10, 0])
    assert np.isnan(v.support[1]) and np.isnan(v.oppose_ci[0][1])


def test_validation():
    expect_error("engine.survey.k_gt_n", wilson_interval, [3, 11], [10, 10], en=("Item 2", "11", "10"))
    expect_error("engine.survey.negative", survey_rates, 1, -2, 3, en=("neutral",))
    expect_error("engine.survey.not_finite", wilson_interval, np.inf, 10)


# --- plausibility: counts that cannot be true together ----------------------------------------------
def test_plausible_counts_pass():
    check_survey_counts(
        {
            "support": 60,
            "neutral": 30,
            "oppose": 10,
            "respondents_direct": 70,
            "respondents_indirect": 30,
            "households_covered": 50,
        },
        affected_households=50,
    )


@pytest.mark.parametrize(
    "counts, affected, key, fragments",
    [
        (
            {"support": 300, "neutral": 100, "oppose": 100, "respondents_direct": 5000},
            None,
            "exceeds_answers",
            ("survey.respondents_direct", "5000", "500"),
        ),
        (
            {"support": 5, "oppose": 5, "respondents_direct": 6, "respondents_indirect": 5},
            None,
            "respondents_sum",
            ("6", "5", "10"),
        ),
        (
            {"support": 5, "oppose": 5, "households_covered": 101},
            100,
            "households_exceed_affected",
            ("survey.households_covered", "101", "100"),
        ),
        ({"support": 5, "oppose": -1}, None, "count_invalid", ("survey.oppose", "-1")),
        ({"support": 5, "oppose": 1.5}, None, "count_invalid", ("survey.oppose", "1.5")),
        ({"support": True, "oppose": 1}, None, "count_invalid", ("survey.support",)),
        ({"support": 2**70, "oppose": 1}, None, "count_invalid", ("survey.support",)),
        ({"support": 5, "oppose": 5, "coverage_rate": 1.2}, None, "rate_range", ("survey.coverage_rate", "1.2")),
        ({"support": 0, "neutral": 0, "oppose": 0}, None, "empty", ("survey",)),
    ],
)
def test_implausible_counts_are_refused_naming_the_field(counts, affected, key, fragments):
    err = expect_error(f"engine.survey.{key}", check_survey_counts, counts, affected)
    for lang in ("zh", "en"):
        assert all(f in err.message(lang) for f in fragments), err.message(lang)


def test_the_field_prefix_names_the_survey():
    err = expect_error(
        "engine.survey.exceeds_answers",
        check_survey_counts,
        {"support": 1, "oppose": 1, "respondents_indirect": 3},
        where="survey_after",
    )
    assert "survey_after.respondents_indirect" in err.message("en")
