"""Back-test math against hand-computed cases: Brier, confusion, reliability, skill, performance weights."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model.backtest import (
    UNIFORM_BRIER,
    brier,
    brier_many,
    confusion,
    hit_rate,
    most_probable,
    performance_factors,
    performance_weights,
    reliability,
    skill_score,
)


def test_brier_is_zero_for_a_certain_right_forecast_and_two_for_a_certain_wrong_one():
    assert brier({"低": 1.0, "中": 0.0, "高": 0.0}, "低") == 0.0
    assert brier({"低": 1.0, "中": 0.0, "高": 0.0}, "高") == 2.0


def test_brier_of_a_spread_forecast_by_hand():
    # (0.2 − 0)² + (0.5 − 1)² + (0.3 − 0)² = 0.04 + 0.25 + 0.09 = 0.38
    assert brier({"低": 0.2, "中": 0.5, "高": 0.3}, "中") == pytest.approx(0.38)
    # realised 高: 0.04 + 0.25 + 0.49 = 0.78
    assert brier([0.2, 0.5, 0.3], "高") == pytest.approx(0.78)


def test_the_uniform_forecast_scores_two_thirds_whatever_happens():
    for level in ("低", "中", "高"):
        assert brier([1 / 3, 1 / 3, 1 / 3], level) == pytest.approx(UNIFORM_BRIER)


def test_missing_levels_count_as_zero_and_unknown_levels_are_refused():
    assert brier({"高": 1.0}, "高") == 0.0
    with pytest.raises(ValueError, match="unknown level"):
        brier({"低": 1.0}, "特高")


def test_brier_many_matches_the_scalar_form():
    forecasts = [[0.2, 0.5, 0.3], [1, 0, 0], [0, 0, 1]]
    np.testing.assert_allclose(brier_many(forecasts, ["中", "高", "高"]), [0.38, 2.0, 0.0])


def test_confusion_rows_are_predicted_and_columns_realised():
    table = confusion(["低", "低", "中", "高"], ["低", "中", "中", "中"])
    assert table == [[1, 1, 0], [0, 1, 0], [0, 1, 0]]


def test_hit_rate_and_most_probable_level():
    assert hit_rate(["低", "中", "高", "低"], ["低", "中", "中", "中"]) == 0.5
    assert hit_rate([], []) is None
    assert most_probable({"低": 0.2, "中": 0.5, "高": 0.3}) == "中"
    assert most_probable({"低": 0.5, "中": 0.5, "高": 0.0}) == "中"  # a tie goes to the higher risk


def test_reliability_bins_by_hand():
    # two cases → six (probability, happened) pairs:
    # case 1 realised 中: (0.1, 0) (0.7, 1) (0.2, 0); case 2 realised 低: (0.6, 1) (0.3, 0) (0.1, 0)
    bins = reliability([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]], ["中", "低"], bins=5)
    assert [b.count for b in bins] == [2, 2, 0, 2, 0]
    assert bins[0].mean_predicted == pytest.approx(0.1) and bins[0].observed_frequency == 0.0
    assert bins[1].mean_predicted == pytest.approx(0.25) and bins[1].observed_frequency == 0.0
    assert bins[2].mean_predicted is None and bins[2].observed_frequency is None
    assert bins[3].mean_predicted == pytest.approx(0.65) and bins[3].observed_frequency == 1.0
    assert (bins[0].lower, bins[0].upper, bins[4].upper) == (0.0, 0.2, 1.0)


def test_a_probability_of_one_falls_in_the_last_bin():
    bins = reliability([[0.0, 0.0, 1.0]], ["高"], bins=4)
    assert [b.count for b in bins] == [2, 0, 0, 1]
    assert bins[3].observed_frequency == 1.0


def test_skill_score_against_the_uniform_reference():
    assert skill_score(0.0) == 1.0
    assert skill_score(UNIFORM_BRIER) == pytest.approx(0.0)
    assert skill_score(4 / 3) == pytest.approx(-1.0)


def test_performance_factors_shrink_the_skill_and_keep_one_below_the_minimum():
    # n = 10, k = 5, B = 0 → SS = 1, shrunk 10/15 = 0.6667 → factor 1.6667
    # n = 10, B = 4/3 → SS = −1, shrunk −0.6667 → 0.3333;  n = 3 < 5 → 1; no score → 1
    f = performance_factors([10, 10, 3, 0], [0.0, 4 / 3, 0.0, None], min_cases=5, shrinkage=5)
    np.testing.assert_allclose(f, [5 / 3, 1 / 3, 1.0, 1.0])


def test_the_factor_never_drops_below_the_floor():
    assert performance_factors([100], [2.0], min_cases=1, shrinkage=0, floor=0.1)[0] == pytest.approx(0.1)


def test_performance_weights_fall_back_to_authority_weights_below_the_minimum_number_of_cases():
    authority = [0.9, 0.6, 0.5]
    w = performance_weights(authority, [4, 4, 2], [0.0, 2.0, 1.0], min_cases=5)
    np.testing.assert_allclose(w, np.array(authority) / 2.0)


def test_performance_weights_favour_the_expert_with_the_better_record():
    # factors 5/3 and 1/3 on equal authority → weights 5/6 and 1/6
    w = performance_weights([0.8, 0.8], [10, 10], [0.0, 4 / 3], min_cases=5, shrinkage=5)
    np.testing.assert_allclose(w, [5 / 6, 1 / 6])
    assert w.sum() == pytest.approx(1.0)
