"""Issue 9, finding 13 (Kendall part): when each expert skipped a different indicator, W is computed on
the indicators every expert rated, and the result says how many were left out."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.engine import assess, load_assessment_file
from riskmodel.model import kendall_w, rank_rows

EXAMPLE = "data/examples/waste-to-energy.yaml"


def test_w_uses_the_indicators_rated_by_all_when_each_expert_skipped_a_different_one():
    inp = load_assessment_file(EXAMPLE)
    experts = [e.id for e in inp.experts]
    ids = sorted({r.indicator for r in inp.ratings})
    skipped = dict(zip(experts, ids))  # expert k skips the k-th indicator (before measures)
    kept = [r for r in inp.ratings if not (r.phase == "before" and skipped[r.expert] == r.indicator)]
    res = assess(inp.model_copy(update={"ratings": kept}), draws=0)
    k = res.kendall
    assert k is not None and k.m == len(experts) and k.n == len(ids) - len(experts) and k.left_out == len(experts)
    common = [i for i in ids if i not in skipped.values()]
    order = [i.id for i in res.indicators]
    table = np.full((len(experts), len(order)), np.nan)
    for r in kept:
        if r.phase == "before":
            table[experts.index(r.expert), order.index(r.indicator)] = r.score
    ref = kendall_w(rank_rows(table[:, [order.index(i) for i in common]]))
    assert k.w == pytest.approx(ref.w, rel=1e-12) and k.df == len(common) - 1 and k.p == pytest.approx(ref.p)


def test_a_complete_panel_leaves_nothing_out():
    res = assess(load_assessment_file(EXAMPLE), draws=0)
    assert res.kendall.left_out == 0 and res.kendall.n == len(res.indicators)
