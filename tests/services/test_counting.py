"""The one rule of which rating counts (services/counting.py)."""

from __future__ import annotations

from riskmodel.services.counting import counted


def test_the_latest_round_counts_then_the_latest_version_within_it():
    rows = [
        ("e1", "A", "before", 1, 1, 2),
        ("e1", "A", "before", 1, 2, 3),  # revised in round 1
        ("e1", "A", "before", 2, 1, 4),  # round 2 beats round 1's version 2
        ("e2", "A", "before", 1, 3, 5),
        ("e1", "A", "after", 1, 1, 1),
    ]
    best = counted(rows, key=lambda r: r[:3], rank=lambda r: (r[3], r[4]))
    assert {k: v[5] for k, v in best.items()} == {
        ("e1", "A", "before"): 4,
        ("e2", "A", "before"): 5,
        ("e1", "A", "after"): 1,
    }


def test_an_expert_who_skipped_the_latest_round_keeps_his_earlier_rating():
    rows = [("e1", "A", "before", 1, 1, 3), ("e2", "A", "before", 2, 1, 5)]
    best = counted(rows, key=lambda r: r[:3], rank=lambda r: (r[3], r[4]))
    assert best[("e1", "A", "before")][5] == 3


def test_of_two_rows_with_the_same_rank_the_first_is_kept():
    rows = [("e1", "A", "before", 1, 1, "first"), ("e1", "A", "before", 1, 1, "second")]
    assert counted(rows, key=lambda r: r[:3], rank=lambda r: (r[3], r[4]))[("e1", "A", "before")][5] == "first"
