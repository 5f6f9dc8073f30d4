"""Organizer pages: projects and assessments, the assessment workbench from panel to verdict."""

from __future__ import annotations

from riskmodel.services import assessments, measures, panels, projects, rounds, surveys, verdicts
from riskmodel.services.auth import actor_for
from tests.ui.conftest import assert_clean, texts

WORKBENCH = "riskmodel/ui/pages/organizer_assessment.py"


def _workbench(ui, aid: int, *, lang: str | None = None):
    at = ui.login("t-organizer", lang=lang)
    at.switch_page(WORKBENCH)
    at.query_params["a"] = str(aid)
    at.run()
    assert_clean(at)
    return at


def test_projects_page_lists_projects(ui):
    at = ui.login("t-organizer")
    assert_clean(at)
    table = at.dataframe[0].value
    assert "T-001" in set(table.iloc[:, 0])
    assert "环境敏感/邻避设施" in set(table.iloc[:, 2])


def test_create_project_and_assessment(ui):
    at = ui.login("t-organizer")
    at.text_input(key="np_name").input("测试旧城改造征收项目")
    at.selectbox(key="np_type.zh").set_value("征地拆迁")
    at.text_input(key="np_region").input("测试区")
    at.number_input(key="np_investment").set_value(120000.0)
    at.number_input(key="np_households").set_value(800)
    at.button(key="np_submit").click().run()
    assert_clean(at)
    assert any("已创建项目" in s.value for s in at.success)
    created = [p for p in projects.list_projects(ui.store) if p.name == "测试旧城改造征收项目"]
    assert created and created[0].investment_wan == 120000.0 and created[0].type == "征地拆迁"

    at.selectbox(key="na_project").set_value(created[0].id)
    at.selectbox(key="na_questionnaire.zh").set_value("builtin:ndrc-investment")
    at.text_input(key="na_title").input("征收方案稳评")
    at.button(key="na_submit").click().run()
    assert_clean(at)
    assert at.title[0].value == "评估工作台"
    new = assessments.list_assessments(ui.store, actor_for(ui.store, "t-organizer"), project_id=created[0].id)
    assert new and new[0].questionnaire.id == "ndrc-investment"
    # a large investment needs 5 experts: the empty panel is flagged
    assert any("少于评判标准要求的 5 人" in w.value for w in at.warning)


def test_project_form_reports_missing_fields(ui):
    at = ui.login("t-organizer")
    at.button(key="np_submit").click().run()
    assert_clean(at)
    assert at.error  # name required, shown as a message from the catalog


def test_panel_add_member_and_override(ui):
    aid = ui.ids["E"]
    at = _workbench(ui, aid)
    assert any("少于评判标准要求的 3 人" in w.value for w in at.warning)
    at.selectbox(key="panel_add_user").set_value("t-expert4")
    at.text_input(key="panel_add_field").input("社会学")
    at.button(key="panel_add_submit").click().run()
    assert_clean(at)
    members = panels.list_panel(ui.store, actor_for(ui.store, "t-organizer"), aid)
    assert [m.username for m in members] == ["t-expert4"] and members[0].field == "社会学"
    # opening a round with 1 of 3 experts is refused with a clear message
    at.button(key="rounds_open").click().run()
    at.button(key="rounds_open_confirm").click().run()
    assert_clean(at)
    assert at.error and "3" in at.error[0].value
    at.text_area(key="panel_override_reason").input("县级小型事项，经领导同意由一名专家评估")
    at.button(key="panel_override_submit").click().run()
    assert_clean(at)
    assert panels.check_panel(ui.store, aid).override
    at.button(key="rounds_open").click().run()
    at.button(key="rounds_open_confirm").click().run()
    assert_clean(at)
    assert any("第 1 轮评分已开启" in s.value for s in at.success)


def test_close_round_needs_confirmation_then_review(ui):
    aid = ui.ids["B"]
    at = _workbench(ui, aid)
    assert at.button(key="rounds_close").disabled
    at.checkbox(key="rounds_close_confirm").check().run()
    at.button(key="rounds_close").click().run()
    assert_clean(at)
    assert [r.status for r in rounds.list_rounds(ui.store, aid)] == ["closed", "closed"]
    at.button(key="rounds_review").click().run()
    assert_clean(at)
    assert assessments.get_assessment(ui.store, aid).state == "复核"


def test_consensus_diagnostics(ui):
    at = _workbench(ui, ui.ids["C"])
    page = texts(at)
    assert "Kendall W" in page and "变异系数" in page and "偏离专家组" in page
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["W"] and metrics["自由度"] == "23"


def test_survey_manual_entry_and_file_import_with_coverage(ui):
    aid = ui.ids["A"]
    at = _workbench(ui, aid)
    assert "尚未录入民意调查结果" in texts(at)
    at.number_input(key="survey_m_support").set_value(120)
    at.number_input(key="survey_m_oppose").set_value(30)
    at.number_input(key="survey_m_direct").set_value(100)
    at.button(key="survey_m_submit").click().run()
    assert_clean(at)
    assert surveys.latest_survey(ui.store, aid).support == 120
    assert any("未达到" in w.value for w in at.warning)  # 100 direct < 200 required for a NIMBY facility

    csv = "项目,数值\n支持,400\n中立,40\n反对,60\n直接受访,260\n间接受访,150\n覆盖户数,900\n"
    at.file_uploader(key="survey_upload").upload("survey.csv", csv.encode("utf-8"), "text/csv").run()
    assert_clean(at)
    assert any("符合评判标准" in s.value for s in at.success)
    at.button(key="survey_import").click().run()
    assert_clean(at)
    latest = surveys.latest_survey(ui.store, aid)
    assert (latest.support, latest.oppose, latest.respondents_direct) == (400, 60, 260)


def test_bad_survey_file_lists_its_rows(ui):
    at = _workbench(ui, ui.ids["A"])
    bad = "态度\n支持\n很好\n反对\n"
    at.file_uploader(key="survey_upload").upload("bad.csv", bad.encode("utf-8"), "text/csv").run()
    assert_clean(at)
    assert at.error and "3" in at.error[0].value  # the bad row number


def test_measures_editor_adds_edits_and_cancels(ui):
    aid = ui.ids["A"]
    at = _workbench(ui, aid)
    key = f"measures_editor_{aid}"
    at.session_state[key] = {
        "edited_rows": {},
        "deleted_rows": [],
        "added_rows": [
            {
                "phase": "施工期",
                "factor": "PRO-03",
                "measure": "在线监测并公开排放数据",
                "deadline": "投产前",
                "responsible": "建设单位",
                "assisting": "生态环境局",
                "status": "计划",
            }
        ],
    }
    at.button(key="measures_save").click().run()
    assert_clean(at)
    items = measures.list_measures(ui.store, aid)
    assert [(m.factor, m.measure, m.responsible) for m in items] == [("PRO-03", "在线监测并公开排放数据", "建设单位")]
    at.session_state[key] = {"edited_rows": {0: {"status": "实施中"}}, "deleted_rows": [], "added_rows": []}
    at.button(key="measures_save").click().run()
    assert measures.list_measures(ui.store, aid)[0].status == "实施中"
    at.session_state[key] = {"edited_rows": {}, "deleted_rows": [0], "added_rows": []}
    at.button(key="measures_save").click().run()
    assert measures.list_measures(ui.store, aid)[0].status == "已取消"


def test_post_measure_round_is_offered_once_measures_exist(ui):
    at = _workbench(ui, ui.ids["C"])  # in review, one measure recorded
    assert any("措施后" in i.value for i in at.info)
    assert at.button(key="rounds_open").label == "开启第 2 轮（含措施后评分）"
    at.button(key="rounds_open").click().run()
    at.button(key="rounds_open_confirm").click().run()
    assert_clean(at)
    assert assessments.get_assessment(ui.store, ui.ids["C"]).state == "专家评分"


def test_verdict_needs_confirmation_and_is_then_read_only(ui):
    aid = ui.ids["C"]
    at = _workbench(ui, aid)
    assert "模型建议" in texts(at)
    at.text_area(key="verdict_rationale").input("主要风险为选址和补偿，落实措施后为中风险，暂缓实施。")
    at.button(key="verdict_issue").click().run()
    assert_clean(at)
    assert verdicts.get_verdict(ui.store, aid) is None  # not before the confirmation
    assert "确认签发评估结论" in texts(at)
    at.button(key="verdict_confirm_yes").click().run()
    assert_clean(at)
    issued = verdicts.get_verdict(ui.store, aid)
    assert issued and issued.signed_by == "t-organizer"
    page = texts(at)
    assert "不可更改" in page
    assert not [b for b in at.button if b.key in ("verdict_issue", "rounds_open")]
    # measures are locked but their status can still be followed up
    assert at.button(key="measures_track")


def test_verdict_requires_a_rationale(ui):
    at = _workbench(ui, ui.ids["C"])
    at.button(key="verdict_issue").click().run()
    assert any("结论说明" in e.value for e in at.error)


def test_workbench_in_english(ui):
    at = _workbench(ui, ui.ids["C"], lang="en")
    page = texts(at)
    assert at.title[0].value == "Assessment workbench"
    assert "Model proposal" in page and "Kendall" in page
    assert "模型建议" not in page and "措施前" not in page


def test_domain_error_in_english(ui):
    aid = ui.ids["E"]
    at = _workbench(ui, aid, lang="en")
    at.button(key="rounds_open").click().run()
    at.button(key="rounds_open_confirm").click().run()
    assert_clean(at)
    assert at.error and "expert" in at.error[0].value.lower()


def test_results_are_recomputed_after_a_submission(ui):
    from riskmodel.services import ratings

    aid = ui.ids["A"]
    at = _workbench(ui, aid)
    assert any("尚无已提交的评分" in i.value for i in at.info)
    q = assessments.questionnaire_of(ui.store, aid)
    for who in ("t-expert1", "t-expert2"):
        ratings.submit_ratings(
            ui.store, actor_for(ui.store, who), aid, [{"indicator": i, "score": 4} for i in q.indicator_ids()]
        )
    at.run()
    assert any("原始指数 4.000" in c.value for c in at.caption)  # the raw index beside the 0–100 index
    ratings.submit_ratings(
        ui.store, actor_for(ui.store, "t-expert3"), aid, [{"indicator": i, "score": 1} for i in q.indicator_ids()]
    )
    at.run()
    assert any("原始指数 3.000" in c.value for c in at.caption)  # never a stale result: read through get_result
