"""AHP: published reference cases, validation that names the cell, RI tables, and properties.

Reference cases from ../shared/reference/mcda-cases.json reproduced here: saaty2004_city_criteria,
ahpy_normalized_measurement, ahpy_cities_hierarchy. Not covered (out of scope of riskmodel.model):
ahpy_bozoki_incomplete_4x4 (incomplete matrices / optimal completion) and skcriteria_topsis_tzeng_huang_2011
(TOPSIS); entropy and FCE cases are in their own test modules.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskmodel.model import RI_TABLES, ahp, ahp_group, random_index
from tests.model.reference import case, expect_error, pairwise_matrix, reference

# --- reference cases --------------------------------------------------------------------------------


def test_saaty2004_city_criteria_weights_3dp():
    c = case("saaty2004_city_criteria")
    r = ahp(c["matrix"])
    np.testing.assert_array_equal(np.round(r.weights, 3), c["expected"]["weights_3dp"])
    # the case notes give lambda_max 5.2252 and CR 0.0503 (RI 1.12) / 0.0507 (RI 1.11)
    assert r.lambda_max == pytest.approx(5.2252, abs=5e-5)
    assert r.cr == pytest.approx(0.0503, abs=5e-5)
    assert r.ri_table == "saaty1980" and r.ri == 1.12
    assert ahp(c["matrix"], ri="saaty2005").cr == pytest.approx(0.0507, abs=5e-5)
    assert r.acceptable


def test_ahpy_normalized_measurement_ratio_data():
    c = case("ahpy_normalized_measurement")
    names = list(c["values"])
    v = np.array([c["values"][k] for k in names], dtype=float)
    r = ahp(np.outer(v, 1.0 / v))
    expected = [c["expected"]["weights_4dp"][k] for k in names]
    np.testing.assert_array_equal(np.round(r.weights, 4), expected)
    assert r.cr == pytest.approx(0.0, abs=1e-12)
    # exact rationals give the same
    q = [[str(Fraction(int(a), int(b))) for b in v] for a in v]
    np.testing.assert_allclose(ahp(q).weights, r.weights, rtol=1e-12)


def _cities_global() -> dict[str, float]:
    c = case("ahpy_cities_hierarchy")["inputs"]
    criteria, matrix = pairwise_matrix(c["goal_criteria"])
    top = dict(zip(criteria, ahp(matrix, ri="saaty2005").weights))
    total: dict[str, float] = {}
    for criterion, pairs in c["children"].items():
        cities, m = pairwise_matrix(pairs)
        for city, w in zip(cities, ahp(m, ri="saaty2005").weights):
            total[city] = total.get(city, 0.0) + top[criterion] * w  # distributive synthesis
    return total


def test_ahpy_cities_hierarchy_saaty_precision3():
    expected = case("ahpy_cities_hierarchy")["expected"]["saaty_precision3"]
    got = _cities_global()
    assert {k: round(v, 3) for k, v in got.items()} == expected
    assert sum(got.values()) == pytest.approx(1.0, abs=1e-12)


def test_ahpy_cities_hierarchy_also_matches_4dp():
    expected = case("ahpy_cities_hierarchy")["expected"]["dd_precision4"]
    assert {k: round(v, 4) for k, v in _cities_global().items()} == expected


def test_reference_ri_tables_match_ours():
    tables = reference()["ri_tables"]
    for ours, theirs in (
        ("saaty1980", "saaty_1980_as_in_pyDecision"),
        ("saaty2005", "saaty_2005_as_in_AHPy"),
        ("donegan_dodd", "donegan_dodd_1991_as_in_AHPy"),
        ("tummala_ling", "tummala_ling_1998_as_in_pymcdm"),
    ):
        for n, ri in zip(tables[theirs]["n"], tables[theirs]["ri"]):
            assert RI_TABLES[ours].value(n) == pytest.approx(ri, abs=1e-12), (ours, n)


# --- basics -----------------------------------------------------------------------------------------


def test_small_orders():
    r1 = ahp([[1]])
    assert r1.weights.tolist() == [1.0] and r1.cr == 0.0 and r1.lambda_max == 1.0
    r2 = ahp([["1", "3"], ["1/3", "1"]])
    np.testing.assert_allclose(r2.weights, [0.75, 0.25])
    assert (r2.lambda_max, r2.ci, r2.cr) == (2.0, 0.0, 0.0)


def test_result_is_immutable():
    r = ahp([[1, 2], [0.5, 1]])
    with pytest.raises(ValueError):
        r.weights[0] = 0.0
    with pytest.raises(AttributeError):
        r.cr = 0.0  # type: ignore[misc]


def test_matches_numpy_eig_on_inconsistent_matrices():
    rng = np.random.default_rng(7)
    scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])
    for n in range(3, 16):
        for _ in range(20):
            a = _random_reciprocal(rng, n, scale)
            r = ahp(a)
            vals, vecs = np.linalg.eig(a)
            k = np.argmax(vals.real)
            v = np.abs(vecs[:, k].real)
            np.testing.assert_allclose(r.weights, v / v.sum(), rtol=1e-9, atol=1e-12)
            assert r.lambda_max == pytest.approx(vals[k].real, rel=1e-10)


def test_eig_fallback_on_overflow():
    a = np.array([[1, 1e200, 1e200], [1e-200, 1, 1], [1e-200, 1, 1]])
    r = ahp(a)
    assert np.isfinite(r.weights).all() and r.weights.sum() == pytest.approx(1.0)
    assert r.weights[0] == pytest.approx(1.0)


def test_ri_options():
    m = case("saaty2004_city_criteria")["matrix"]
    assert ahp(m, ri="donegan_dodd").ri == pytest.approx(1.0591)
    assert ahp(m, ri="tummala_ling").ri == pytest.approx(1.1159)
    r = ahp(m, ri=None)
    assert np.isnan(r.cr) and r.ri_table is None and r.ci > 0
    assert random_index(16, "donegan_dodd") == pytest.approx(1.5078)
    # interpolated as AHPy: n=22 between 20 (1.5371) and 25 (1.5619)
    assert random_index(22, "donegan_dodd") == pytest.approx(1.5371 + 2 * (1.5619 - 1.5371) / 5)
    assert random_index(2) == 0.0
    for table in RI_TABLES.values():
        assert table.source and table.label


def test_accepts_mixed_cells():
    a = [[1, "3", Fraction(5)], ["1/3", 1.0, "2"], ["0.2", 0.5, 1]]
    r = ahp(a)
    assert r.n == 3 and r.weights.sum() == pytest.approx(1.0)


# --- validation -------------------------------------------------------------------------------------


def test_not_square():
    expect_error("engine.ahp.not_square", ahp, np.ones((3, 4)), zh=("3×4",), en=("3×4",))
    expect_error("engine.ahp.not_square", ahp, [["1", "2"]], zh=("1×2",), en=("1×2",))


def test_empty_and_not_matrix():
    expect_error("engine.ahp.empty", ahp, [])
    expect_error("engine.ahp.empty", ahp, np.ones((0, 0)))
    expect_error("engine.ahp.not_matrix", ahp, [1, 2, 3], en=("1 dimensions",))
    expect_error("engine.ahp.not_matrix", ahp, np.ones((2, 2, 2)))
    expect_error("engine.ahp.ragged", ahp, [["1", "2"], ["1/2"]], zh=("第 2 行",), en=("Row 2",))


def test_non_finite_names_cell():
    a = np.ones((3, 3))
    a[1, 2] = np.nan
    expect_error("engine.ahp.not_finite", ahp, a, zh=("第 2 行第 3 列",), en=("row 2, column 3",))
    expect_error("engine.ahp.not_finite", ahp, [["1", "inf"], ["0", "1"]], en=("row 1, column 2",))


def test_non_positive_names_cell():
    a = [[1, 2, 3], [0.5, 1, -4], [1 / 3, -0.25, 1]]
    expect_error("engine.ahp.not_positive", ahp, a, zh=("第 2 行第 3 列", "-4"), en=("row 2, column 3",))
    expect_error("engine.ahp.not_positive", ahp, [["1", "0"], ["1", "1"]], en=("row 1, column 2",))


def test_not_a_number_names_cell():
    expect_error("engine.ahp.not_number", ahp, [["1", "x"], ["1", "1"]], zh=("第 1 行第 2 列", "x"))
    expect_error("engine.ahp.not_number", ahp, [[1, 2], [None, 1]], en=("row 2, column 1",))
    expect_error("engine.ahp.not_number", ahp, [["1", "2/0"], ["1/2", "1"]], en=("row 1, column 2",))


def test_diagonal_must_be_one():
    a = np.ones((3, 3))
    a[2, 2] = 2.0
    expect_error("engine.ahp.diagonal", ahp, a, zh=("第 3 行第 3 列",), en=("row 3, column 3",))
    a = [["1", "1"], ["1", "-1"]]
    expect_error("engine.ahp.not_positive", ahp, a, en=("row 2, column 2",))


def test_not_reciprocal_float_tolerance():
    a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 0.6, 1]])  # a23·a32 = 1.2
    exc = expect_error("engine.ahp.not_reciprocal", ahp, a, zh=("第 2 行第 3 列",), en=("row 2, column 3",))
    assert exc.params["value"] == "2" and exc.params["mirror"] == "0.6"
    # 0.333 is not 1/3 within 1e-6
    expect_error("engine.ahp.not_reciprocal", ahp, [[1, 3], [0.333, 1]], en=("row 1, column 2",))
    # rounding noise well within 1e-6 passes
    ahp([[1, 3], [1 / 3 * (1 + 1e-9), 1]])


def test_not_reciprocal_exact_for_rationals():
    expect_error("engine.ahp.not_reciprocal", ahp, [["1", "3"], ["0.333333333333", "1"]], en=("row 1, column 2",))
    ahp([["1", "3"], ["1/3", "1"]])


def test_near_miss_goes_to_per_cell_rule():
    # every product off by 0.9e-6: the fast squares-sum test rejects, the per-cell rule accepts
    n = 9
    a = np.ones((n, n))
    a[np.triu_indices(n, 1)] = 1.0 + 0.9e-6
    assert ahp(a).weights.sum() == pytest.approx(1.0)
    a[0, 1] = 1.0 + 1.1e-6
    expect_error("engine.ahp.not_reciprocal", ahp, a, en=("row 1, column 2", "1.0000011"))


def test_unknown_ri_and_too_large():
    expect_error("engine.ahp.unknown_ri", ahp, [[1]], ri="saaty", zh=("saaty1980",), en=("saaty2005",))
    big = np.ones((16, 16))
    expect_error("engine.ahp.too_large", ahp, big, zh=("16", "15"), en=("16", "15"))
    assert ahp(big, ri="donegan_dodd").n == 16
    assert ahp(big, ri=None).weights.sum() == pytest.approx(1.0)


# --- group AHP --------------------------------------------------------------------------------------


def test_group_aij_hand_example():
    a1 = [[1, 4], [0.25, 1]]
    a2 = [[1, 1], [1, 1]]
    r = ahp_group([a1, a2])
    np.testing.assert_allclose(r.aggregate, [[1, 2], [0.5, 1]])
    np.testing.assert_allclose(r.weights, [2 / 3, 1 / 3])
    np.testing.assert_allclose(r.member_weights, [[0.8, 0.2], [0.5, 0.5]])
    np.testing.assert_allclose(r.member_distance, [0.8 - 2 / 3, 2 / 3 - 0.5])
    assert r.consensus == pytest.approx(1 - 0.5 * (0.8 - 2 / 3) - 0.5 * (2 / 3 - 0.5))
    r = ahp_group([a1, a2], expert_weights=[3, 1])
    np.testing.assert_allclose(r.aggregate[0, 1], 4**0.75)
    np.testing.assert_allclose(r.expert_weights, [0.75, 0.25])


def test_group_member_cr_matches_single():
    rng = np.random.default_rng(3)
    scale = np.array([1 / 9, 1 / 5, 1 / 3, 1, 3, 5, 9])
    stack = np.stack([_random_reciprocal(rng, 9, scale) for _ in range(30)])
    r = ahp_group(stack)
    assert r.member_weights.shape == (30, 9) and r.m == 30 and r.n == 9
    for k in range(30):
        single = ahp(stack[k])
        np.testing.assert_allclose(r.member_weights[k], single.weights, rtol=1e-9, atol=1e-12)
        assert r.member_cr[k] == pytest.approx(single.cr, rel=1e-9)
    assert 0.0 <= r.consensus <= 1.0
    agg = ahp(r.aggregate)
    np.testing.assert_allclose(r.weights, agg.weights)
    assert r.cr == pytest.approx(agg.cr)


def test_group_errors_name_expert_and_cell():
    good = [[1, 2], [0.5, 1]]
    bad = [[1, 2], [0.4, 1]]
    expect_error(
        "engine.ahp.member.not_reciprocal",
        ahp_group,
        [good, bad],
        zh=("第 2 位专家", "第 1 行第 2 列"),
        en=("Expert 2", "row 1, column 2"),
    )
    expect_error("engine.ahp.member.not_reciprocal", ahp_group, np.array([good, bad]), en=("Expert 2",))
    expect_error("engine.ahp.group_size", ahp_group, [good, np.ones((3, 3))], en=("Expert 2", "order 3"))
    expect_error("engine.ahp.group_empty", ahp_group, [])
    expect_error("engine.ahp.expert_weights_shape", ahp_group, [good, good], expert_weights=[1])
    expect_error("engine.ahp.expert_weight_invalid", ahp_group, [good, good], expert_weights=[1, -1], en=("expert 2",))
    expect_error("engine.ahp.expert_weights_zero", ahp_group, [good, good], expert_weights=[0, 0])


# --- properties -------------------------------------------------------------------------------------

SAATY = [Fraction(1, k) for k in range(9, 1, -1)] + [Fraction(k) for k in range(1, 10)]


@st.composite
def reciprocal_matrices(draw, min_n=3, max_n=9):
    n = draw(st.integers(min_n, max_n))
    upper = draw(st.lists(st.sampled_from(SAATY), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2))
    a = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    a[iu] = [float(f) for f in upper]
    a[(iu[1], iu[0])] = [float(1 / f) for f in upper]
    return a


@settings(max_examples=150, deadline=None)
@given(reciprocal_matrices(), st.randoms(use_true_random=False))
def test_weights_sum_to_one_and_permutation_equivariant(a, rnd):
    r = ahp(a)
    assert r.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert (r.weights > 0).all() and r.lambda_max >= r.n - 1e-9 and r.cr >= 0
    perm = list(range(r.n))
    rnd.shuffle(perm)
    p = np.array(perm)
    rp = ahp(a[np.ix_(p, p)])
    np.testing.assert_allclose(rp.weights, r.weights[p], rtol=1e-9, atol=1e-12)
    assert rp.cr == pytest.approx(r.cr, rel=1e-9, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0.1, 10.0), min_size=1, max_size=15))
def test_consistent_matrix_has_cr_zero_and_weights_proportional(v):
    v = np.array(v)
    r = ahp(np.outer(v, 1.0 / v))
    assert r.cr == pytest.approx(0.0, abs=1e-9)
    assert r.lambda_max == pytest.approx(len(v), rel=1e-12)
    np.testing.assert_allclose(r.weights, v / v.sum(), rtol=1e-9)


@settings(max_examples=100, deadline=None)
@given(reciprocal_matrices(min_n=1))
def test_group_of_one_equals_single(a):
    g = ahp_group([a])
    s = ahp(a)
    np.testing.assert_allclose(g.weights, s.weights, rtol=1e-9, atol=1e-12)
    assert g.cr == pytest.approx(s.cr, rel=1e-9, abs=1e-12)
    assert g.consensus == pytest.approx(1.0)
    np.testing.assert_allclose(g.member_weights[0], s.weights, rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(reciprocal_matrices(min_n=4, max_n=4), min_size=2, max_size=5).flatmap(
        lambda ms: st.tuples(
            st.just(ms),
            st.lists(st.floats(0.01, 10.0), min_size=len(ms), max_size=len(ms)),
            st.floats(0.001, 1000.0),
        )
    )
)
def test_group_scaling_expert_weights_changes_nothing(args):
    ms, w, c = args
    r1 = ahp_group(ms, expert_weights=w)
    r2 = ahp_group(ms, expert_weights=[c * x for x in w])
    np.testing.assert_allclose(r2.weights, r1.weights, rtol=1e-9)
    assert r2.cr == pytest.approx(r1.cr, rel=1e-9, abs=1e-12)
    assert r2.consensus == pytest.approx(r1.consensus, rel=1e-9)


def _random_reciprocal(rng, n, scale):
    a = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    vals = rng.choice(scale, size=len(iu[0]))
    a[iu] = vals
    a[(iu[1], iu[0])] = 1.0 / vals
    return a
