"""Issue 9 finding 10: counts that disagree. The same round shows the same "done/total" on 我的评估 and
评分表, and the consensus tab counts the experts who submitted in the open round, not in any round."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from riskmodel.i18n import t
from riskmodel.services import assessments, measures, ratings
from tests.ui.conftest import APP, TIMEOUT, assert_clean, texts
from tests.ui.scenario import actor

RATING_PAGE = "riskmodel/ui/pages/expert_rating.py"
DETAIL_PAGE = "riskmodel/ui/pages/leader_assessment.py"


def _rate_both_phases(ui, aid: int) -> int:
    """A measure on A (round 1 open), then expert 1 submits every indicator before and after measures."""
    org, expert = actor(ui.store, "t-organizer"), actor(ui.store, "t-expert1")
    inds = assessments.questionnaire_of(ui.store, aid).indicator_ids()
    measures.add_measure(ui.store, org, aid, factor=inds[0], measure="公开比选结果", responsible="区政府")
    entries = [{"indicator": i, "phase": ph, "score": 3} for ph in ("before", "after") for i in inds]
    ratings.submit_ratings(ui.store, expert, aid, entries)
    return len(inds)


def test_my_assessments_and_the_rating_form_count_the_same_round_alike(ui):
    aid = ui.ids["A"]
    n = _rate_both_phases(ui, aid)
    home = ui.login("t-expert1")
    assert_clean(home)
    shown = t("ui.expert_home.progress", "zh", done=2 * n, total=2 * n, drafts=0)
    assert shown in [p.text for p in home.get("progress") if p.text], [p.text for p in home.get("progress")]
    home.button(key=f"expert_rate_{aid}").click().run()
    assert_clean(home)
    assert t("ui.rating.round_status", "zh", number=1, done=2 * n, total=2 * n, drafts=0) in texts(home)


def test_progress_counts_both_phases_once_measures_exist(ui):
    aid = ui.ids["A"]
    n = _rate_both_phases(ui, aid)
    p = ratings.my_progress(ui.store, actor(ui.store, "t-expert1"), aid)
    assert (p.round, p.open, p.done, p.total, p.phases) == (1, True, 2 * n, 2 * n, ("before", "after"))
    other = ratings.my_progress(ui.store, actor(ui.store, "t-expert2"), aid)
    assert (other.done, other.total) == (0, 2 * n)


def test_consensus_tab_counts_the_experts_who_submitted_in_the_open_round(ui):
    """B: round 1 rated by all three and closed, round 2 open and nobody has submitted in it yet."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.text_input(key="login_username").input("t-leader")
    at.text_input(key="login_password").input(ui.password)
    at.button(key="login_submit").click().run()
    at.session_state["selected_assessment_id"] = ui.ids["B"]
    at.switch_page(DETAIL_PAGE).run()
    assert_clean(at)
    page = texts(at)
    assert t("house.consensus.round_value", "zh", number=2, submitted=0, size=3) in page
    assert "3 / 3" not in page


def test_a_verdict_signed_meanwhile_elsewhere_is_not_signed_again(ui):
    """The confirmation step of a second session, after the verdict was issued in another one."""
    from riskmodel.services import verdicts

    aid = ui.ids["C"]
    at = ui.login("t-organizer")
    at.session_state["selected_assessment_id"] = aid
    at.switch_page("riskmodel/ui/pages/organizer_assessment.py").run()
    at.text_area(key="verdict_rationale").input("第二个会话的结论")
    at.button(key="verdict_issue").click().run()
    assert_clean(at)
    assert at.button(key="verdict_confirm_yes")
    verdicts.issue_verdict(ui.store, actor(ui.store, "t-organizer"), aid, "第一个会话先签发")
    at.button(key="verdict_confirm_yes").click().run()
    assert_clean(at)
    assert t("house.verdict.issued_elsewhere", "zh") in texts(at)
    assert verdicts.get_verdict(ui.store, aid).rationale == "第一个会话先签发"
