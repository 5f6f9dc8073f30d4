"""The built-in questionnaires load and say what issue 2 asks of them."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from riskmodel.model.ahp import ahp
from riskmodel.questionnaire import (
    LEVELS,
    NDRC_AREAS,
    PROJECT_TYPES,
    builtin_questionnaires,
    get_questionnaire,
    resolve_weights,
)
from riskmodel.questionnaire.loader import CR_LIMIT

BUILTIN = ("four-dimension", "four-properties", "ndrc-investment")


@pytest.fixture(scope="module")
def qs():
    return builtin_questionnaires()


def test_builtins_present(qs):
    assert set(BUILTIN) <= set(qs)
    for qid in BUILTIN:
        assert qs[qid].version >= 1
        assert get_questionnaire(qid) is qs[qid]


@pytest.mark.parametrize("qid", BUILTIN)
def test_bilingual_and_sourced(qs, qid):
    q = qs[qid]
    for text in (q.name, q.source, q.standard, q.description):
        assert text is not None and text.zh.strip() and text.en.strip()
    # honest about where the numbers come from
    assert "本工具" in q.source.zh and "default" in q.source.en
    for dim in q.dimensions:
        assert dim.name.zh and dim.name.en
        for ind in dim.indicators:
            assert ind.name.zh and ind.name.en
            assert len(ind.guidance.zh) > 60 and len(ind.guidance.en) > 120, ind.id


def test_four_dimension_shape(qs):
    q = qs["four-dimension"]
    assert q.method == "score"
    assert [d.name.zh for d in q.dimensions] == ["专业", "法律", "民意", "综合维稳"]
    prefixes = ["PRO", "LEG", "PUB", "STB"]
    for dim, prefix in zip(q.dimensions, prefixes):
        assert 4 <= len(dim.indicators) <= 8
        assert all(ind.id.startswith(prefix + "-") for ind in dim.indicators)
    assert (q.scale.min, q.scale.max) == (1, 5)
    assert [a.value for a in q.scale.anchors] == [1, 2, 3, 4, 5]
    for anchor in q.scale.anchors:
        assert anchor.label.zh and anchor.label.en and anchor.description is not None
    assert [g.label.zh for g in q.fce.grades] == ["很低", "较低", "中等", "较高", "很高"]
    assert [g.value for g in q.fce.grades] == [1, 2, 3, 4, 5]
    assert q.fce.grade_by == "max_membership"
    assert (q.levels.medium, q.levels.high) == (2.5, 3.5)


def test_four_dimension_weights_favour_stability_and_opinion(qs):
    q = qs["four-dimension"]
    w = dict(zip([d.id for d in q.dimensions], resolve_weights(q).dimension))
    assert w["STB"] > w["PRO"] and w["PUB"] > w["PRO"]
    assert w["STB"] >= w["LEG"] and w["PUB"] >= w["LEG"]


@pytest.mark.parametrize("qid", ["four-properties", "ndrc-investment"])
def test_four_properties_shape(qs, qid):
    q = qs[qid]
    assert q.method == "probability_impact"
    assert [d.name.zh for d in q.dimensions] == ["合法性", "合理性", "可行性", "可控性"]
    for dim in q.dimensions:
        assert 3 <= len(dim.indicators) <= 7
        for ind in dim.indicators:
            assert ind.area in NDRC_AREAS and ind.stage is not None
    assert {i.area for i in q.indicators()} == set(NDRC_AREAS)
    assert 18 <= len(q.indicators()) <= 26
    assert q.phases == ["before", "after"]
    assert [lv.value for lv in q.probability_scale.levels] == [0.1, 0.3, 0.5, 0.7, 0.9]
    assert [lv.label.zh for lv in q.probability_scale.levels] == ["很低", "较低", "中等", "较高", "很高"]
    assert [lv.value for lv in q.impact_scale.levels] == [0.1, 0.3, 0.5, 0.7, 0.9]
    assert [lv.label.zh for lv in q.impact_scale.levels] == ["可忽略", "较小", "中等", "较大", "严重"]


@pytest.mark.parametrize("qid", ["four-properties", "ndrc-investment"])
def test_risk_degree_grades_and_thresholds(qs, qid):
    from riskmodel.engine.levels import degree_grade_codes

    q = qs[qid]
    grades = q.risk_degree_grades
    assert [g.label.zh for g in grades] == ["微小", "较小", "一般", "较大", "重大"]
    assert [g.lower for g in grades] == [0, 0.05, 0.18, 0.36, 0.64]
    # the P × I table printed in the file's comment (rows: probability, columns: impact)
    expected = [
        "微小 微小 较小 较小 较小",
        "微小 较小 较小 一般 一般",
        "较小 较小 一般 一般 较大",
        "较小 一般 一般 较大 较大",
        "较小 一般 较大 较大 重大",
    ]
    p = np.array([lv.value for lv in q.probability_scale.levels])
    i = np.array([lv.value for lv in q.impact_scale.levels])
    codes = degree_grade_codes(np.outer(p, i), q)
    got = [" ".join(grades[c].label.zh for c in row) for row in codes]
    assert got == expected
    # index thresholds sit on the grade bounds; FCE thresholds are the next grade's lower bound
    by_id = {g.id: g for g in grades}
    assert q.levels.medium == by_id["moderate"].lower and q.levels.high == by_id["significant"].lower
    assert q.fce.grade_by == "thresholds"
    assert [g.upper for g in q.fce.grades] == [g.lower for g in grades[1:]] + [None]
    for fce_grade, lo, hi in zip(q.fce.grades, [g.lower for g in grades], [g.lower for g in grades[1:]] + [1.0]):
        assert lo < fce_grade.value < hi


@pytest.mark.parametrize("qid", ["four-properties", "ndrc-investment"])
def test_factor_count_rules(qs, qid):
    from riskmodel.engine.levels import factor_count_level_codes

    q = qs[qid]
    assert [(r.grade, r.count, r.level) for r in q.factor_count_rules] == [
        ("major", 1, "高"),
        ("significant", 2, "高"),
        ("significant", 1, "中"),
        ("moderate", 3, "中"),
    ]
    pos = {g.id: k for k, g in enumerate(q.risk_degree_grades)}

    def level(*grade_ids):
        codes = np.array([pos[g] for g in grade_ids] + [0] * 10, dtype=np.int8)
        return LEVELS[int(factor_count_level_codes(codes, q))]

    assert level("major") == "高"
    assert level("significant", "major") == "高"  # "or worse" counts
    assert level("significant") == "中"
    assert level("moderate", "moderate", "moderate") == "中"
    assert level("moderate", "moderate", "significant") == "中"
    assert level("moderate", "moderate") == "低"


def test_ndrc_investment_copies_four_properties(qs):
    a, b = qs["four-properties"], qs["ndrc-investment"]
    assert a.dimensions == b.dimensions
    assert a.weights == b.weights
    for field in (
        "probability_scale",
        "impact_scale",
        "risk_degree_grades",
        "factor_count_rules",
        "levels",
        "panel_rule",
        "survey_rules",
        "opposition_bands",
        "group_event_thresholds",
        "fce",
    ):
        assert getattr(a, field) == getattr(b, field), field
    assert a.decision_rule != b.decision_rule


MAJOR_DECISION = {  # (residual, before) → verdict, 中办发〔2012〕2号 line
    ("高", "高"): "不予实施",
    ("高", "中"): "不予实施",
    ("高", "低"): "不予实施",
    ("中", "高"): "暂缓实施",
    ("中", "中"): "暂缓实施",
    ("中", "低"): "暂缓实施",
    ("低", "高"): "调整方案后实施",
    ("低", "中"): "调整方案后实施",
    ("低", "低"): "实施",
}


@pytest.mark.parametrize("qid", ["four-dimension", "four-properties"])
def test_major_decision_rule(qs, qid):
    rule = qs[qid].decision_rule
    for (residual, before), verdict in MAJOR_DECISION.items():
        assert rule.verdict(residual, before) == verdict, (residual, before)


def test_ndrc_decision_rule(qs):
    rule = qs["ndrc-investment"].decision_rule
    for residual, before in itertools.product(LEVELS, LEVELS):
        expected = "实施" if residual == "低" else "不予实施"
        assert rule.verdict(residual, before) == expected


@pytest.mark.parametrize("qid", BUILTIN)
def test_panel_rule(qs, qid):
    q = qs[qid]
    assert q.required_panel_size("重大工程", 50_000) == 3
    assert q.required_panel_size("重大工程", None) == 3
    assert q.required_panel_size("重大工程", 99_999.9) == 3
    assert q.required_panel_size("重大工程", 100_000) == 5
    assert q.required_panel_size("重大政策", None) == 5
    assert q.required_panel_size(None, None) == 3


@pytest.mark.parametrize("qid", BUILTIN)
def test_survey_rules(qs, qid):
    q = qs[qid]
    assert {r.project_type for r in q.survey_rules} == set(PROJECT_TYPES) | {"*"}
    land = q.survey_rule_for("征地拆迁")
    assert land.household_coverage == 1.0
    policy = q.survey_rule_for("重大政策")
    assert (policy.min_direct, policy.min_indirect) == (200, 100)
    assert q.survey_rule_for("something else").project_type == "*"
    assert q.survey_rule_for(None).project_type == "*"
    for rule in q.survey_rules:
        assert rule.description is not None
        assert rule.household_coverage is not None or rule.min_direct > 0


@pytest.mark.parametrize("qid", BUILTIN)
def test_jiangsu_bands(qs, qid):
    from riskmodel.engine.levels import group_event_level, opposition_level

    q = qs[qid]
    assert opposition_level(0.51, q) == "高"
    assert opposition_level(0.5, q) == "中"  # > 50% is strict
    assert opposition_level(0.2, q) == "中"
    assert opposition_level(0.1999, q) == "低"
    assert opposition_level(0.0, q) == "低"
    assert group_event_level(200, q) == "高"
    assert group_event_level(199, q) == "中"
    assert group_event_level(100, q) == "中"
    assert group_event_level(99, q) == "低"


@pytest.mark.parametrize("qid", BUILTIN)
def test_every_ahp_matrix_is_consistent(qs, qid):
    q = qs[qid]
    specs = [("__root__", q.weights)] + [(d.id, d.weights) for d in q.dimensions]
    for node, spec in specs:
        assert spec.method == "ahp", node
        # exact fractions written as strings, never rounded decimals
        for row in spec.matrix:
            for cell in row:
                assert isinstance(cell, int) or (isinstance(cell, str) and "/" in cell), (node, cell)
        result = ahp(spec.matrix_as_floats(), ri=q.ri_table)
        assert result.cr < CR_LIMIT, (node, result.cr)
        assert result.cr < 0.05, (node, result.cr)  # our own, stricter aim
    resolved = resolve_weights(q)
    assert set(resolved.cr) == {node for node, _ in specs}
    assert all(cr < CR_LIMIT for cr in resolved.cr.values())


@pytest.mark.parametrize("qid", BUILTIN)
def test_global_weights_sum_to_one(qs, qid):
    q = qs[qid]
    w = resolve_weights(q)
    assert w.indicator.shape == (len(q.indicators()),)
    assert w.indicator.sum() == pytest.approx(1.0, abs=1e-12)
    assert w.dimension.sum() == pytest.approx(1.0, abs=1e-12)
    assert (w.indicator > 0).all()
    for dim in q.dimensions:
        assert w.local[dim.id].sum() == pytest.approx(1.0, abs=1e-12)


def test_four_dimension_weights_as_documented(qs):
    """The numbers quoted in the YAML comments (rounded to 3 places)."""
    w = resolve_weights(qs["four-dimension"])
    assert np.round(w.dimension, 3).tolist() == [0.109, 0.189, 0.351, 0.351]
    assert np.round(w.local["STB"], 3).tolist() == [0.298, 0.158, 0.106, 0.14, 0.158, 0.14]


def test_four_properties_weights_as_documented(qs):
    w = resolve_weights(qs["four-properties"])
    assert np.round(w.dimension, 3).tolist() == [0.194, 0.326, 0.124, 0.356]
    assert np.round(w.local["CTL"], 3).tolist() == [0.215, 0.136, 0.136, 0.078, 0.166, 0.102, 0.166]
