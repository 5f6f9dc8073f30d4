"""The pure draw: one per stratum, fields spread, seeded and replayable, recused never drawn."""

from __future__ import annotations

from riskmodel.model.draw import Candidate, draw_panel, pick_index, pool_hash

POOL = [
    Candidate(f"e{i:03d}", ("社科研究", "工程技术", "综合管理")[i % 3], f"领域{i % 7}", f"单位{i % 5}")
    for i in range(60)
]
STRATA = ("社科研究", "工程技术", "综合管理")


def test_the_same_pool_and_seed_give_the_same_panel_in_any_order():
    a = draw_panel(POOL, [], 5, STRATA, "abc")
    b = draw_panel(list(reversed(POOL)), [], 5, STRATA, "abc")
    assert a.panel == b.panel and len(set(a.panel)) == 5


def test_each_stratum_is_covered_first_and_fields_spread():
    out = draw_panel(POOL, [], 5, STRATA, "seed-1")
    cats = {c.username: c.category for c in POOL}
    assert [cats[u] for u in out.panel[:3]] == list(STRATA)
    fields = {c.username: c.field for c in POOL}
    assert len({fields[u] for u in out.panel}) == 5


def test_a_recused_expert_is_never_drawn_whatever_the_seed():
    recused = {c.username for c in POOL[:40]}
    for seed in range(200):
        out = draw_panel(POOL, recused, 5, STRATA, str(seed))
        assert not recused & set(out.panel)


def test_a_stratum_the_pool_cannot_fill_is_reported():
    pool = [c for c in POOL if c.category != "综合管理"]
    out = draw_panel(pool, [], 3, STRATA, "x")
    assert out.shortfall == ("综合管理",) and len(out.panel) == 3


def test_the_pool_hash_ignores_order_and_changes_with_any_attribute():
    assert pool_hash(POOL) == pool_hash(list(reversed(POOL)))
    changed = [*POOL[:-1], Candidate(POOL[-1].username, POOL[-1].category, "别的领域", POOL[-1].organisation)]
    assert pool_hash(changed) != pool_hash(POOL)


def test_picks_are_sha256_based_and_stable():
    # sha256("abc:0") = 5f36efce…6980, which is 2 modulo 10: anyone can recompute a pick by hand
    assert pick_index("abc", 0, 10) == 2
