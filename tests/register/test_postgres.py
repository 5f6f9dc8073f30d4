"""The register on PostgreSQL: import, link, filing, the gate, coverage and a replayed draw."""

from __future__ import annotations

from riskmodel.services import assessments, experts, filing, projects, register
from riskmodel.services.register_coverage import coverage
from riskmodel.store.db import Store
from tests.register.conftest import SYSTEM, conclude, library, matter


def test_the_register_works_the_same_on_postgresql(postgres_url):
    store = Store(postgres_url)
    try:
        c = conclude(store)
        matter(store, "M-1")
        matter(store, "M-2", department="发改委")
        register.link_assessment(store, SYSTEM, "M-1", c.assessment_id)
        filing.submit(store, c.organizer, c.assessment_id)
        filing.decide(store, c.reviewer, c.assessment_id, accept=True)
        assert register.decide(store, SYSTEM, "M-2", "实施", "2026-05-01").decided_without_assessment
        cov = coverage(store, 2026).as_dict()
        assert (cov["required"], cov["assessed"], cov["filed"], cov["decided_without_assessment"]) == (2, 1, 1, 1)
        p = projects.create_project(store, c.organizer, name="抽取", type="大型活动", region="东湖区", stage="政策出台")
        aid = assessments.create_assessment(store, c.organizer, p.id, "four-dimension").id
        library(store, [(f"lib{i}", ("社科研究", "工程技术", "综合管理")[i % 3], f"f{i}", f"o{i}") for i in range(9)])
        d = experts.draw(store, SYSTEM, aid)
        assert experts.replay(store, d.draw_id).matches
    finally:
        store.dispose()
