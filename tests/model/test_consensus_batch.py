"""kendall_w_batch equals kendall_w(rank_rows(·)) panel by panel, including ties and absent judges."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model.consensus import kendall_w, kendall_w_batch, rank_rows


def test_batch_matches_the_single_panel_function():
    rng = np.random.default_rng(3)
    values = rng.integers(1, 6, (40, 7, 9)).astype(float)
    mask = rng.random((40, 7)) > 0.25
    out = kendall_w_batch(values, mask)
    for a in range(40):
        rows = values[a][mask[a]]
        if len(rows) < 2:
            assert np.isnan(out["w"][a])
            continue
        ref = kendall_w(rank_rows(rows))
        assert out["m"][a] == len(rows)
        for key in ("w", "chi2", "p"):
            assert out[key][a] == pytest.approx(getattr(ref, key), nan_ok=True, rel=1e-12, abs=1e-15)
