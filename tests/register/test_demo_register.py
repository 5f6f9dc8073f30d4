"""The register's demo: a 2026 register of about 40 matters, the library, filings in every state, a draft
ready for a draw, 未评先决 matters — and a draw on that draft replays."""

from __future__ import annotations

import pytest

from riskmodel.services import demo, experts, filing, register
from riskmodel.services.context import Actor
from riskmodel.services.register_coverage import coverage
from riskmodel.store.db import Store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo-register') / 'demo.db'}")
    demo.seed_demo(store, with_networks=False)
    yield store
    store.dispose()


def test_the_demo_register_covers_2026_with_links_decisions_and_flags(demo_store):
    matters = register.list_matters(demo_store)
    assert 35 <= len(matters) <= 45 and {m.year for m in matters} == {2026}
    assert len({m.department for m in matters}) >= 8 and len({m.region for m in matters}) == 5
    assert {m.state for m in matters} == {"应评", "评估中", "已评估", "已备案", "已决策"}
    assert sum(m.decided_without_assessment for m in matters) >= 3
    assert any(m.decision_departs for m in matters)
    assert len([m for m in matters if m.assessment_ids]) == 14


def test_the_demo_has_filings_in_every_state_and_a_library_with_the_demo_experts(demo_store):
    states = {f.state for f in filing.list_filings(demo_store)}
    assert states == {"待审查", "予以备案", "退回补正"}
    assert any(f.change_note for f in filing.list_filings(demo_store, state="待审查"))
    library = experts.list_experts(demo_store)
    assert 55 <= len(library) <= 65
    assert {f"demo-expert{i}" for i in range(1, 6)} <= {e.username for e in library if e.has_account}
    assert {e.category for e in library} == {"社科研究", "工程技术", "综合管理"}


def test_the_draft_is_ready_for_a_draw_that_replays(demo_store):
    code = next(
        m.code for m in register.list_matters(demo_store) if m.state == "评估中" and m.title.startswith("滨江市老旧")
    )
    aid = register.get_matter(demo_store, code).assessment_ids[0]
    assert experts.panel_now(demo_store, aid) == []
    d = experts.draw(demo_store, Actor.system(), aid)
    assert len(d.panel) == 5  # a major policy: the standard asks for 5
    assert experts.replay(demo_store, d.draw_id).matches


def test_coverage_of_the_demo_year(demo_store):
    cov = coverage(demo_store, 2026)
    assert cov.total.required == len(register.list_matters(demo_store, year=2026))
    assert 0 < cov.total.coverage_rate < 1 and 0 < cov.total.filing_rate < 1
