"""Expert pages: my assessments, the rating form (drafts, confirmation, submission, group feedback)."""

from __future__ import annotations

from riskmodel.services import assessments, panels, ratings
from tests.ui.conftest import assert_clean, texts

RATING_PAGE = "riskmodel/ui/pages/expert_rating.py"


def _key(aid: int, rnd: int, indicator: str, field: str = "score", phase: str = "before") -> str:
    return f"rate_{aid}_{rnd}_{phase}_{indicator}_{field}"


def _open_rating(ui, username: str, aid: int, **kw):
    at = ui.login(username, **kw)
    at.button(key=f"expert_rate_{aid}").click().run()
    assert_clean(at)
    return at


def test_my_assessments_lists_panels_with_progress(ui):
    at = ui.login("t-expert1")
    assert_clean(at)
    page = texts(at)
    assert "测试垃圾焚烧发电厂" in page and "第 2 轮评分进行中" in page
    ids = ui.ids
    assert at.button(key=f"expert_rate_{ids['A']}") and at.button(key=f"expert_rate_{ids['B']}")
    assert at.button(key=f"expert_view_{ids['C']}")  # closed round: read-only view
    assert not [b for b in at.button if b.key == f"expert_rate_{ids['E']}"]  # not on E's panel


def test_expert_not_on_any_panel_sees_a_hint(ui):
    at = ui.login("t-expert4")
    assert_clean(at)
    assert "没有被分配" in texts(at)


def test_rating_form_is_rendered_from_the_questionnaire(ui):
    aid = ui.ids["A"]
    at = _open_rating(ui, "t-expert1", aid)
    q = assessments.questionnaire_of(ui.store, aid)
    radio = at.radio(key=_key(aid, 1, "PRO-01"))
    assert radio.options == ["1", "2", "3", "4", "5"]
    assert len([r for r in at.radio if r.key.startswith(f"rate_{aid}_1_before_")]) == len(q.indicator_ids())
    page = texts(at)
    assert "选址与规划合理性" in page and "判断依据 Ca" in page  # guidance, self-assessment
    assert "看选址是否符合" in radio.help  # the indicator's guidance, as the picker's help
    assert "评分标准说明" in [e.label for e in at.expander]  # scale anchors with their descriptions
    assert at.text_input(key=_key(aid, 1, "PRO-01", "comment"))
    assert at.selectbox(key="rate_1_1_ca_PRO.zh")
    # round 1 without measures: only the "before" phase
    assert not [r for r in at.radio if "_after_" in r.key]


def test_probability_impact_questionnaire_has_two_pickers(ui):
    aid = ui.ids["D"]
    at = _open_rating(ui, "t-expert1", aid)
    q = assessments.questionnaire_of(ui.store, aid)
    first = q.indicator_ids()[0]
    assert at.radio(key=_key(aid, 1, first, "probability"))
    assert at.radio(key=_key(aid, 1, first, "impact"))
    page = texts(at)
    assert "风险概率" in page and "影响程度" in page


def test_save_draft_then_submit_with_confirmation(ui):
    aid = ui.ids["A"]
    at = _open_rating(ui, "t-expert1", aid)
    at.radio(key=_key(aid, 1, "PRO-01")).set_value(4)
    at.text_input(key=_key(aid, 1, "PRO-01", "comment")).input("选址紧邻居民区")
    at.button(key="rating_save").click().run()
    assert_clean(at)
    assert any("已保存草稿" in s.value for s in at.success)
    from riskmodel.services.auth import actor_for

    expert = actor_for(ui.store, "t-expert1")
    mine = ratings.my_ratings(ui.store, expert, aid)
    assert [(d.indicator, d.score, d.comment) for d in mine.drafts] == [("PRO-01", 4.0, "选址紧邻居民区")]
    assert mine.submitted == ()

    at.radio(key=_key(aid, 1, "PRO-02")).set_value(2)
    at.button(key="rating_submit").click().run()
    assert "确认提交" in texts(at)
    assert ratings.my_ratings(ui.store, expert, aid).submitted == ()  # nothing stored before confirming
    at.button(key="rating_confirm_yes").click().run()
    assert_clean(at)
    assert any("已提交第 1 轮评分 2 项" in s.value for s in at.success)
    mine = ratings.my_ratings(ui.store, expert, aid)
    assert {(r.indicator, r.score) for r in mine.submitted} == {("PRO-01", 4.0), ("PRO-02", 2.0)}
    assert mine.drafts == ()
    # the form shows the submitted values again
    assert at.radio(key=_key(aid, 1, "PRO-01")).value == 4


def test_going_back_from_the_confirmation_keeps_the_values(ui):
    aid = ui.ids["A"]
    at = _open_rating(ui, "t-expert2", aid)
    at.radio(key=_key(aid, 1, "LEG-01")).set_value(5)
    at.button(key="rating_submit").click().run()
    at.button(key="rating_confirm_no").click().run()
    assert_clean(at)
    assert at.radio(key=_key(aid, 1, "LEG-01")).value == 5  # restored from the draft saved on submit


def test_submit_without_any_rating_is_refused(ui):
    aid = ui.ids["A"]
    at = _open_rating(ui, "t-expert3", aid)
    at.button(key="rating_submit").click().run()
    assert any("无法提交" in e.value for e in at.error)
    assert "确认提交" not in texts(at)


def test_round_two_shows_own_rating_and_group_statistics_only(ui):
    aid = ui.ids["B"]
    at = _open_rating(ui, "t-expert1", aid)
    captions = [c.value for c in at.caption if c.value.startswith("上一轮")]
    assert captions, "group feedback expected in round 2"
    assert "您的评分" in captions[0] and "组中位数" in captions[0] and "四分位距" in captions[0]
    page = texts(at)
    for other in ("t-expert2", "t-expert3", "专家二", "专家三"):
        assert other not in page


def test_closed_round_is_read_only(ui):
    aid = ui.ids["C"]
    at = ui.login("t-expert1")
    at.button(key=f"expert_view_{aid}").click().run()
    assert_clean(at)
    assert any("没有进行中的评分轮次" in i.value for i in at.info)
    assert not at.button(key="rating_submit") if [b for b in at.button if b.key == "rating_submit"] else True
    assert not [r for r in at.radio if r.key.startswith(f"rate_{aid}_")]
    assert at.dataframe  # his submitted ratings


def test_self_assessment_updates_the_authority_coefficients(ui):
    aid = ui.ids["A"]
    at = _open_rating(ui, "t-expert1", aid)
    at.selectbox(key=f"rate_{aid}_1_ca_PRO.zh").set_value(0.4)
    at.selectbox(key=f"rate_{aid}_1_cs_PRO.zh").set_value(1.0)
    at.button(key="rating_save").click().run()
    assert_clean(at)
    from riskmodel.services.auth import actor_for

    member = panels.my_membership(ui.store, actor_for(ui.store, "t-expert1"), aid)
    assert member.ca["PRO"] == 0.4 and member.cs["PRO"] == 1.0
    assert member.ca["LEG"] == 0.8


def test_after_phase_appears_once_measures_exist(ui):
    from riskmodel.services import measures
    from riskmodel.services.auth import actor_for

    aid = ui.ids["A"]
    measures.add_measure(ui.store, actor_for(ui.store, "t-organizer"), aid, factor="PRO-01", measure="公开比选")
    at = _open_rating(ui, "t-expert1", aid)
    assert "措施后" in [b.label for b in at.button]  # the phase switch (one phase rendered at a time)
    at.button(key="rating_phase_after").click().run()
    assert_clean(at)
    assert at.radio(key=_key(aid, 1, "PRO-01", phase="after"))


def test_values_of_every_phase_are_kept_and_submitted(ui):
    from riskmodel.services import measures
    from riskmodel.services.auth import actor_for

    aid = ui.ids["A"]
    measures.add_measure(ui.store, actor_for(ui.store, "t-organizer"), aid, factor="PRO-01", measure="公开比选")
    at = _open_rating(ui, "t-expert1", aid)
    at.radio(key=_key(aid, 1, "PRO-01")).set_value(4)
    at.selectbox(key=f"rate_{aid}_1_ca_PRO.zh").set_value(0.4)
    at.button(key="rating_phase_after").click().run()
    assert_clean(at)
    assert not [r for r in at.radio if "_before_" in r.key]
    at.radio(key=_key(aid, 1, "PRO-01", phase="after")).set_value(2)
    at.text_input(key=_key(aid, 1, "PRO-01", "comment", phase="after")).input("措施后风险降低")
    at.button(key="rating_phase_before").click().run()
    assert at.radio(key=_key(aid, 1, "PRO-01")).value == 4  # kept while the phase was not rendered
    assert at.selectbox(key=f"rate_{aid}_1_ca_PRO.zh").value == 0.4
    at.button(key="rating_phase_after").click().run()
    assert at.radio(key=_key(aid, 1, "PRO-01", phase="after")).value == 2
    at.button(key="rating_submit").click().run()  # from the "after" phase: both phases are submitted
    at.button(key="rating_confirm_yes").click().run()
    assert_clean(at)
    expert = actor_for(ui.store, "t-expert1")
    mine = ratings.my_ratings(ui.store, expert, aid)
    assert {(r.indicator, r.phase, r.score, r.comment) for r in mine.submitted} == {
        ("PRO-01", "before", 4.0, None),
        ("PRO-01", "after", 2.0, "措施后风险降低"),
    }
    member = panels.my_membership(ui.store, expert, aid)
    assert member.ca["PRO"] == 0.4


def test_conflict_declaration_recuses_the_expert(ui):
    aid = ui.ids["A"]
    at = _open_rating(ui, "t-expert3", aid)
    at.text_area(key=f"rating_conflict_text_{aid}").input("本人亲属在项目单位任职")
    at.button(key=f"rating_conflict_btn_{aid}").click().run()
    assert_clean(at)
    assert any("利益冲突" in w.value for w in at.warning)
    assert not [r for r in at.radio if r.key.startswith(f"rate_{aid}_")]


def test_expert_cannot_open_an_assessment_he_is_not_on(ui):
    at = ui.login("t-expert1")
    at.switch_page(RATING_PAGE)
    at.query_params["a"] = str(ui.ids["E"])
    at.run()
    assert_clean(at)
    assert at.selectbox(key="rating_pick.zh").value != ui.ids["E"]
    assert "评估E" not in texts(at)


def test_rating_page_in_english(ui):
    aid = ui.ids["B"]
    at = _open_rating(ui, "t-expert1", aid, lang="en")
    page = texts(at)
    assert at.title[0].value == "Rating form"
    assert "Previous round" in page and "Save draft" in page
    assert "评分说明" not in page and "上一轮" not in page
