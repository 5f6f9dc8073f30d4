"""Issue 9, finding 2: an unrated dimension no longer silently lowers the level. A result says whether it
is complete; indicators left out on purpose are recorded with their reason."""

from __future__ import annotations

import pytest

from riskmodel.engine import assess, parse_assessment
from riskmodel.errors import ValidationError
from tests.engine.fixtures import score_input, score_questionnaire

Q = score_questionnaire()
PANEL = ("e1", "e2", "e3")


def run(data, **kw):
    return assess(parse_assessment(data), Q, **kw)


def without(data, indicators, phase=None):
    data["ratings"] = [
        r
        for r in data["ratings"]
        if not (r["indicator"] in indicators and (phase is None or r.get("phase", "before") == phase))
    ]
    return data


def full_panel():
    # dimension A (weight 0.4) low, dimension B (weight 0.6) high: the whole is 高
    return score_input(dict.fromkeys(PANEL, [2, 2, 5, 5]), dict.fromkeys(PANEL, [1, 1, 3, 3]))


def test_a_complete_result_says_so():
    res = run(full_panel())
    assert res.complete is True and res.missing_indicators == [] and res.level_provisional is False
    assert res.level_upper_bound is None and res.missing_by_phase == {"before": [], "after": []}


def test_an_unrated_dimension_makes_the_result_incomplete_and_the_level_provisional():
    full = run(full_panel())
    res = run(without(full_panel(), {"B1", "B2"}))
    assert full.level == "高" and res.level == "低"  # the rated part alone reads lower …
    assert res.complete is False and res.level_provisional is True  # … so the result says it is not final
    assert res.missing_indicators == ["B1", "B2"]
    assert res.missing_by_phase["before"] == ["B1", "B2"]
    assert res.level_upper_bound == "高"  # what the unrated dimension could bring it to
    assert "incomplete" in res.notes


def test_a_factor_not_re_rated_after_measures_is_missing_in_that_phase():
    res = run(without(full_panel(), {"A2"}, phase="after"))
    assert res.complete is False and res.missing_indicators == ["A2"]
    assert res.missing_by_phase == {"before": [], "after": ["A2"]}
    assert res.level_provisional is False and res.residual_level_upper_bound is not None


def test_without_any_post_measure_rating_every_indicator_is_missing_after_measures():
    data = score_input(dict.fromkeys(PANEL, [2, 2, 2, 2]))
    res = run(data)
    assert res.complete is False and res.missing_by_phase["after"] == ["A1", "A2", "B1", "B2"]


def test_exclusions_with_a_reason_make_an_indicator_not_missing_and_are_kept():
    data = without(full_panel(), {"B1"})
    data["exclusions"] = [{"indicator": "B1", "reason": "项目不涉及征收，本指标不适用"}]
    res = run(data)
    assert res.complete is True and res.missing_indicators == []
    assert [(e.indicator, e.reason, e.phase) for e in res.exclusions] == [("B1", "项目不涉及征收，本指标不适用", None)]
    assert next(i for i in res.indicators if i.id == "B1").excluded is True
    assert res.to_dict()["exclusions"] == [{"indicator": "B1", "reason": "项目不涉及征收，本指标不适用", "phase": None}]


def test_an_excluded_indicator_is_left_out_of_the_index_even_if_rated():
    data = full_panel()
    data["exclusions"] = [{"indicator": "B1", "reason": "not applicable"}]
    res = run(data)
    # A1, A2 = 2 (weights 0.2 each), B2 = 5 (weight 0.45): renormalised without B1
    assert res.index == pytest.approx((0.2 * 2 + 0.2 * 2 + 0.45 * 5) / 0.85)
    assert next(i for i in res.indicators if i.id == "B1").n == 0


def test_an_after_exclusion_keeps_the_pre_measure_value_in_the_residual_level():
    data = without(full_panel(), {"B1"}, phase="after")
    data["exclusions"] = [{"indicator": "B1", "phase": "after", "reason": "措施不涉及本因素，不重评"}]
    res = run(data)
    assert res.complete is True
    expected = 0.2 * 1 + 0.2 * 1 + 0.15 * 5 + 0.45 * 3  # B1 carries its pre-measure 5
    assert res.residual_index == pytest.approx(expected)


@pytest.mark.parametrize(
    "exclusions, key",
    [
        ([{"indicator": "Z9", "reason": "x"}], "engine.exclusion.unknown_indicator"),
    ],
)
def test_an_exclusion_of_an_unknown_indicator_is_refused(exclusions, key):
    data = full_panel()
    data["exclusions"] = exclusions
    with pytest.raises(ValidationError) as err:
        run(data)
    assert err.value.key == key and "Z9" in err.value.message("en") and "Z9" in err.value.message("zh")


@pytest.mark.parametrize(
    "exclusion, fragment",
    [
        ({"indicator": "B1", "reason": "   "}, "reason"),
        ({"indicator": "B1"}, "reason"),
        ({"indicator": "B1", "reason": "x", "phase": "before"}, "phase"),
    ],
)
def test_an_exclusion_needs_a_reason_and_a_known_phase(exclusion, fragment):
    data = full_panel()
    data["exclusions"] = [exclusion]
    with pytest.raises(ValidationError) as err:
        parse_assessment(data, "x.yaml")
    assert f"exclusions[0].{fragment}" in err.value.message("en")


def test_the_same_indicator_cannot_be_excluded_twice():
    data = full_panel()
    data["exclusions"] = [{"indicator": "B1", "reason": "a"}, {"indicator": "B1", "reason": "b", "phase": "after"}]
    with pytest.raises(ValidationError) as err:
        parse_assessment(data, "x.yaml")
    assert "B1" in err.value.message("en") and "重复排除" in err.value.message("zh")
