"""The 后评估 page: back-test for leaders and organizers, expert scores only for organizers and admins,
the outcome form, and the annual document."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from riskmodel.i18n import t
from tests.ui.conftest import assert_clean, texts

PAGE = "riskmodel/ui/pages/post_evaluation.py"


def _open(demo_ui, username: str) -> AppTest:
    at = demo_ui.login(username)
    at.switch_page(PAGE).run()
    assert_clean(at)
    return at


def _frame(at: AppTest, first_column_key: str):
    label = t(first_column_key, "zh")
    for d in at.dataframe:
        if len(d.value.columns) and d.value.columns[0] == label:
            return d.value
    return None


def _tab_labels(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs]


def test_organizers_see_the_back_test_and_the_expert_scores(demo_ui):
    at = _open(demo_ui, "demo-organizer")
    assert at.title[0].value == t("outcomes.ui.title", "zh")
    assert t("outcomes.ui.tab.experts", "zh") in _tab_labels(at)
    from riskmodel.services.backtest import run_backtest
    from riskmodel.services.context import Actor

    view = run_backtest(demo_ui.store, Actor.system(), with_experts=False)
    assert [m.value for m in at.metric][:3] == [str(view.n), f"{view.brier:.3f}", f"{view.hit_rate:.0%}"]
    assert t("outcomes.ui.few_cases", "zh", n=view.n) in texts(at)
    assert {c.key for c in at.get("plotly_chart")} >= {"pe_rel", "pe_conf"}
    experts = _frame(at, "outcomes.ui.col.expert")
    assert experts is not None and "demo-expert1" in set(experts[t("outcomes.ui.col.account", "zh")])


def test_leaders_see_the_back_test_but_never_the_expert_scores(demo_ui):
    at = _open(demo_ui, "demo-leader")
    assert t("outcomes.ui.tab.experts", "zh") not in _tab_labels(at)
    assert _frame(at, "outcomes.ui.col.expert") is None
    assert "demo-expert1" not in " ".join(str(d.value) for d in at.dataframe)


def test_the_page_is_registered_for_leaders_and_organizers_only():
    from riskmodel.ui import shell

    for role, sees in (("organizer", True), ("leader", True), ("admin", False), ("expert", False), ("reviewer", False)):
        assert ("post_evaluation.py" in [p.file for p in shell.pages_for(role)]) is sees


def test_the_organizer_enters_an_incident_and_the_realised_level_follows(demo_ui):
    from riskmodel.services import outcomes

    at = _open(demo_ui, "demo-organizer")
    target = next(o for o in outcomes.list_outcomes(demo_ui.store) if o.project_code == "DEMO-07")
    at.selectbox(key="pe_t_aid").set_value(target.assessment_id).run()
    k = f"of_{target.assessment_id}"
    at.selectbox(key=f"{k}_kind.zh").set_value("群体性事件")
    at.date_input(key=f"{k}_day").set_value(target.tracking.decided_on)
    at.number_input(key=f"{k}_people").set_value(240)
    at.text_input(key=f"{k}_place").set_value("赛道终点")
    at.button(key=f"{k}_incident_submit").click().run()
    assert_clean(at)
    assert outcomes.get_outcome(demo_ui.store, target.assessment_id).realised_level == "高"


def test_the_page_reads_in_english(demo_ui):
    at = demo_ui.login("demo-organizer", lang="en")
    at.switch_page(PAGE).run()
    assert_clean(at)
    assert at.title[0].value == t("outcomes.ui.title", "en")
    assert t("outcomes.ui.tab.experts", "en") in _tab_labels(at)
