"""Largest-remainder rounding: printed percentages of shares that sum to 1 add up to exactly 100."""

from __future__ import annotations

import random

import pytest

from riskmodel.model.rounding import largest_remainder, percent_texts


def test_a_tiny_share_beside_a_near_certain_one_does_not_print_a_sum_above_100():
    # issue 9 finding 7: "不予实施 100.0%；暂缓实施 0.1%"
    assert largest_remainder([0.9995, 0.0005]) == [100.0, 0.0]
    assert percent_texts([0.9995, 0.0005]) == ["100.0%", "0.0%"]


def test_three_equal_thirds_give_the_extra_step_to_the_first():
    assert largest_remainder([1 / 3, 1 / 3, 1 / 3]) == [33.4, 33.3, 33.3]
    assert largest_remainder([1 / 3, 1 / 3, 1 / 3], digits=0) == [34.0, 33.0, 33.0]


def test_missing_shares_stay_missing_and_the_others_still_sum_to_100():
    out = largest_remainder([0.029, None, 0.971])
    assert out[1] is None and sum(v for v in out if v is not None) == pytest.approx(100.0)
    assert percent_texts([None]) == ["—"]


def test_random_shares_that_sum_to_one_always_print_as_100_percent():
    rng = random.Random(7)
    for _ in range(2000):
        raw = [rng.random() ** rng.choice([1, 3, 8]) for _ in range(rng.randint(1, 8))]
        shares = [x / sum(raw) for x in raw]
        for digits in (0, 1, 2):
            out = largest_remainder(shares, digits=digits)
            assert round(sum(out), 6) == 100.0
            # no value moves by a full printed step or more
            assert all(abs(o - 100 * s) < 10.0**-digits for o, s in zip(out, shares))


def test_shares_that_do_not_sum_to_one_keep_their_rounded_total():
    assert largest_remainder([0.25, 0.25]) == [25.0, 25.0]
    assert sum(largest_remainder([0.1234, 0.2345])) == pytest.approx(35.8)


def test_negative_or_infinite_shares_are_refused():
    with pytest.raises(ValueError):
        largest_remainder([-0.1, 1.1])
    with pytest.raises(ValueError):
        largest_remainder([float("inf")])
