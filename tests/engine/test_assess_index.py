"""Issue 9, finding 11: one comparable index. Every result carries the raw index with its unit and range
and the same index on 0–100 (score scale min…max → 0…100; probability × impact range → 0…100)."""

from __future__ import annotations

import pytest

from riskmodel.engine import assess, parse_assessment
from tests.engine.fixtures import pi_questionnaire, score_input, score_questionnaire

Q = score_questionnaire()
PANEL = ("e1", "e2", "e3")


def test_a_score_index_maps_the_rating_scale_onto_0_to_100():
    res = assess(
        parse_assessment(score_input(dict.fromkeys(PANEL, [2, 3, 4, 5]), dict.fromkeys(PANEL, [1, 1, 1, 1]))), Q
    )
    assert res.index_scale.unit == "score" and (res.index_scale.min, res.index_scale.max) == (1.0, 5.0)
    assert res.index_100 == pytest.approx(100 * (res.index - 1) / 4)
    assert res.residual_index_100 == pytest.approx(0.0)
    assert (res.index_scale.medium_100, res.index_scale.high_100) == pytest.approx((37.5, 62.5))  # 2.5, 3.5 on 1–5


def test_a_probability_impact_index_maps_its_product_range_onto_0_to_100():
    q = pi_questionnaire()
    ratings = [
        {"expert": e, "indicator": f, "probability": p, "impact": i}
        for e in PANEL
        for f, p, i in (("F1", 5, 5), ("F2", 1, 1), ("F3", 3, 3))
    ]
    data = {
        "project": {"name": "p"},
        "questionnaire": "test-pi",
        "experts": [{"id": e} for e in PANEL],
        "ratings": ratings,
    }
    res = assess(parse_assessment(data), q, draws=0)
    assert res.index_scale.unit == "probability_impact"
    assert (res.index_scale.min, res.index_scale.max) == pytest.approx((0.01, 0.81))
    assert res.index == pytest.approx((0.81 + 0.01 + 0.25) / 3)
    assert res.index_100 == pytest.approx(100 * (res.index - 0.01) / 0.8)
    assert res.index_scale.high_100 == pytest.approx(100 * (0.36 - 0.01) / 0.8)
    assert res.residual_index_100 is None  # no post-measure ratings


def test_the_0_to_100_index_orders_assessments_as_the_raw_index_does():
    results = [assess(parse_assessment(score_input(dict.fromkeys(PANEL, [s, s, s, s]))), Q) for s in (1, 2, 3.5, 5)]
    assert [r.index_100 for r in results] == pytest.approx([0.0, 25.0, 62.5, 100.0])
