"""The register's pages (AppTest on the demo database): organizer register and draw, reviewer filing,
admin experts and assessors, the leader's coverage tiles — and who may open them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from riskmodel.i18n import t
from riskmodel.services import experts, filing, register
from riskmodel.services.register_coverage import coverage
from tests.ui.conftest import assert_clean, texts

PAGES = "riskmodel/ui/pages/"


def _open(demo_ui, username: str, page: str) -> AppTest:
    at = demo_ui.login(username)
    at.switch_page(PAGES + page).run()
    assert_clean(at)
    return at


def test_the_organizer_sees_the_register_and_records_a_decision_flagged_at_the_gate(demo_ui):
    at = _open(demo_ui, "demo-organizer", "organizer_register.py")
    assert at.title[0].value == t("register.ui.register_title", "zh")
    assert len(at.dataframe[0].value) == len(register.list_matters(demo_ui.store, year=2026))
    code = next(m.code for m in register.list_matters(demo_ui.store) if m.state == "应评")
    at.selectbox(key="reg_decide_matter").select(code).run()
    assert t("register.ui.gate_warning", "zh") in texts(at)
    at.button(key=f"reg_dec_go_{code}").click().run()
    assert_clean(at)
    assert register.get_matter(demo_ui.store, code).decided_without_assessment


def test_the_organizer_draws_the_panel_of_the_draft_and_replays_it(demo_ui):
    at = _open(demo_ui, "demo-organizer", "organizer_draw.py")
    draft = next(m for m in register.list_matters(demo_ui.store) if m.title.startswith("滨江市老旧"))
    aid = draft.assessment_ids[0]
    key = next(s.key for s in at.selectbox if s.key and s.key.startswith("draw_assessment"))
    at.selectbox(key=key).select(aid).run()
    at.button(key=f"draw_go_{aid}").click().run()
    assert_clean(at)
    drawn = experts.list_draws(demo_ui.store, aid)
    assert len(drawn) == 1 and len(drawn[0].panel) == 5
    at.button(key="draw_replay_go").click().run()
    assert any(s.value.startswith(t("register.ui.replay_same", "zh", panel="", hash="")[:6]) for s in at.success)


def test_the_reviewer_accepts_a_pending_filing_and_sees_its_receipt(demo_ui):
    pending = filing.list_filings(demo_ui.store, state="待审查")
    at = _open(demo_ui, "demo-reviewer", "reviewer_filing.py")
    assert len(at.dataframe[0].value) == len(pending)
    f = pending[0]
    pick = next(s.key for s in at.selectbox if s.key and s.key.startswith("fil_pick_"))
    at.selectbox(key=pick).select(f.id).run()
    at.checkbox(key=f"fil_confirm_{f.id}").check().run()
    at.button(key=f"fil_go_{f.id}").click().run()
    assert_clean(at)
    assert filing.latest_filing(demo_ui.store, f.assessment_id).state == "予以备案"


def test_admin_pages_list_the_library_and_the_firms(demo_ui):
    at = _open(demo_ui, "demo-admin", "admin_experts.py")
    assert len(at.dataframe[0].value) == len(experts.list_experts(demo_ui.store))
    at = _open(demo_ui, "demo-admin", "admin_assessors.py")
    assert len(at.dataframe[0].value) == 3


def test_the_leader_dashboard_shows_the_coverage_of_the_command(demo_ui):
    at = _open(demo_ui, "demo-leader", "leader_dashboard.py")
    cov = coverage(demo_ui.store, 2026).total
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("register.ui.cov.required", "zh")] == str(cov.required)
    assert metrics[t("register.ui.cov.assessed", "zh")] == str(cov.assessed)
    assert metrics[t("register.ui.cov.without", "zh")] == str(cov.decided_without_assessment)
    assert metrics[t("register.ui.cov.coverage_rate", "zh")] == f"{cov.coverage_rate:.1%}"


def test_roles_see_only_their_register_pages(demo_ui):
    for user, page in (
        ("demo-leader", "reviewer_filing.py"),
        ("demo-organizer", "reviewer_filing.py"),
        ("demo-reviewer", "organizer_register.py"),
        ("demo-expert1", "organizer_draw.py"),
        ("demo-organizer", "admin_experts.py"),
    ):
        at = demo_ui.login(user)
        with pytest.raises(ValueError):  # not in this role's navigation
            at.switch_page(PAGES + page)


def test_the_submit_tab_offers_the_assessments_with_a_signed_verdict(demo_ui):
    """提交备案 lists exactly the assessments whose verdict is signed (已出结论 / 跟踪)."""
    from riskmodel.domain import State
    from riskmodel.services import assessments
    from riskmodel.services.context import Actor

    at = _open(demo_ui, "demo-organizer", "organizer_register.py")
    picker = next(s for s in at.selectbox if s.key and s.key.startswith("reg_submit_assessment"))
    signed = [
        a.id
        for a in assessments.list_assessments(demo_ui.store, Actor.system())
        if a.state in (State.CONCLUDED, State.TRACKING)
    ]
    assert signed and sorted(int(o.split()[0].lstrip("#")) for o in picker.options) == sorted(signed)
