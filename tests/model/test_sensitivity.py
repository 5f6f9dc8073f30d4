"""One-at-a-time sensitivity: the closed forms over a batch equal recomputing the index change by change."""

from __future__ import annotations

import numpy as np

from riskmodel.model.sensitivity import SENSITIVITY_KEYS, one_at_a_time, one_at_a_time_batch


def test_batch_closed_forms_equal_the_recomputed_index():
    rng = np.random.default_rng(4)
    w = rng.uniform(0, 1, (20, 8))
    w /= w.sum(axis=1, keepdims=True)
    x = rng.uniform(1, 5, (20, 8))
    x[0, 0], x[1, 1] = 5.0, 1.0  # at the ends of the scale: the shift is clipped
    batch = one_at_a_time_batch(w, x, np.einsum("an,an->a", w, x), 1.0, 1.0, 5.0)
    for a in range(20):
        ref = one_at_a_time(w[a], x[a], 1.0, 1.0, 5.0)
        for key in SENSITIVITY_KEYS:
            np.testing.assert_allclose(batch[key][a], ref[key], rtol=1e-12, atol=1e-12, err_msg=key)
    assert batch["value_up"][0, 0] == np.einsum("n,n->", w[0], x[0])  # 5 cannot go up
