"""The evidence pages: the organizer's record (风险调查与评审记录) and the expert's review (专家评审)."""

from __future__ import annotations

from sqlalchemy import select

from riskmodel.services import evidence, evidence_review
from riskmodel.services.audit import list_audit
from riskmodel.services.context import Actor
from riskmodel.store.models import Assessment, Project
from tests.ui.conftest import assert_clean, texts

ORGANIZER_PAGE = "riskmodel/ui/pages/organizer_evidence.py"
EXPERT_PAGE = "riskmodel/ui/pages/expert_review.py"


def _aid(ui, code: str) -> int:
    with ui.store.read() as s:
        return s.execute(
            select(Assessment.id).join(Project, Project.id == Assessment.project_id).where(Project.code == code)
        ).scalar_one()


def _open(ui, user: str, page: str, aid: int, lang: str | None = None):
    at = ui.login(user, lang=lang)
    at.switch_page(page)
    at.query_params["a"] = str(aid)
    at.run()
    assert_clean(at)
    return at


def test_the_organizer_sees_every_record_of_a_demo_assessment_in_both_languages(demo_ui):
    aid = _aid(demo_ui, "DEMO-01")
    at = _open(demo_ui, "demo-organizer", ORGANIZER_PAGE, aid)
    shown = texts(at) + "\n".join(e.label for e in at.expander)
    assert "备案要件检查：9/9 项符合" in shown and "评估结论已作出，记录只读。" in shown
    assert len(at.tabs) >= 7 and at.dataframe  # records as tables
    en = _open(demo_ui, "demo-organizer", ORGANIZER_PAGE, aid, lang="en")
    assert "Filing check: 9/9 items ok" in "\n".join(e.label for e in en.expander)


def test_a_too_short_publicity_entered_on_the_page_is_refused_and_nothing_is_stored(demo_ui):
    from datetime import date

    aid = _aid(demo_ui, "DEMO-13")  # still in the Delphi rounds: editable
    before = len(evidence.get_evidence(demo_ui.store, aid).publicity)
    at = _open(demo_ui, "demo-organizer", ORGANIZER_PAGE, aid)
    at.date_input(key=f"ev_pub_start_{aid}").set_value(date(2026, 9, 28))
    at.date_input(key=f"ev_pub_end_{aid}").set_value(date(2026, 10, 9))
    at.text_input(key=f"ev_pub_channel_{aid}").input("政府网站")
    at.button(key=f"ev_publicity_submit1_{aid}").click().run()
    assert_clean(at)
    assert any("公示结束日期" in e.value and "个工作日" in e.value for e in at.error)
    assert len(evidence.get_evidence(demo_ui.store, aid).publicity) == before


def test_an_expert_writes_his_opinion_and_confirms_the_group_opinion_on_the_page(demo_ui):
    aid = _aid(demo_ui, "DEMO-11")  # in review: the leader drafted, nobody confirmed yet
    at = _open(demo_ui, "demo-expert5", EXPERT_PAGE, aid)
    assert "专家组意见" in texts(at)
    at.text_area(key=f"ev_rx_opinion_text_{aid}").input("同意报告结论，建议加强价格听证后的解释工作。")
    at.button(key=f"ev_review_expert_submit1_{aid}").click().run()
    assert_clean(at)
    at.button(key=f"ev_rx_confirm_{aid}").click().run()
    assert_clean(at)
    review = evidence_review.get_review(demo_ui.store, aid)
    assert review is not None
    me = next(e for e in review.experts if e.username == "demo-expert5")
    assert me.opinion and me.confirmed_at
    actions = [(e.actor, e.action) for e in list_audit(demo_ui.store, Actor.system(), limit=10)]
    assert ("demo-expert5", "evidence.review.confirm") in actions
