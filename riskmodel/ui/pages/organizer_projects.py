"""项目与评估 — the organizer's list of projects and assessments; create a project and start an assessment."""

from __future__ import annotations

import streamlit as st

from riskmodel.questionnaire import PROJECT_TYPES
from riskmodel.services import assessments, projects, questionnaires
from riskmodel.services.projects import STAGES
from riskmodel.services.views.projects import ProjectListing
from riskmodel.services.views.questionnaires import QuestionnaireChoice
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import flash, run_action, show_flash
from riskmodel.ui.components.lists import project_list
from riskmodel.ui.components.pickers import assessment_label
from riskmodel.ui.components.text import (
    labeled,
    level_label,
    lkey,
    project_type_label,
    stage_label,
    state_label,
    text_of,
    tr,
    verdict_label,
)


def render() -> None:
    ctx = shell.page_context("organizer")
    st.title(tr("ui.org_projects.title"))
    show_flash()
    items = project_list(ctx.store)
    tab_list, tab_project, tab_assessment = st.tabs(
        [
            tr("ui.org_projects.tab_list"),
            tr("ui.org_projects.tab_new_project"),
            tr("ui.org_projects.tab_new_assessment"),
        ],
        key="org_projects_tabs",
    )
    with tab_list:
        _project_list(ctx, items)
    with tab_project:
        _new_project(ctx)
    with tab_assessment:
        _new_assessment(ctx, items)


def _project_list(ctx: shell.PageContext, items: list[ProjectListing]) -> None:
    if not items:
        st.info(tr("ui.org_projects.empty"))
        return
    rows = []
    for p in items:
        latest = p.latest
        none = tr("ui.common.none")
        rows.append(
            {
                tr("ui.org_projects.col.code"): p.code,
                tr("ui.org_projects.col.name"): p.name,
                tr("ui.org_projects.col.type"): project_type_label(p.type),
                tr("ui.org_projects.col.region"): p.region,
                tr("ui.org_projects.col.stage"): stage_label(p.stage),
                tr("ui.org_projects.col.investment"): p.investment_wan,
                tr("ui.org_projects.col.households"): p.affected_households,
                tr("ui.org_projects.col.assessments"): len(p.assessments),
                tr("ui.org_projects.col.state"): state_label(latest.state) if latest else none,
                tr("ui.org_projects.col.level"): level_label(latest.level_shown) if latest else none,
                tr("ui.org_projects.col.verdict"): verdict_label(latest.verdict) if latest and latest.verdict else none,
            }
        )
    st.dataframe(rows, hide_index=True, key="org_projects_table", width="stretch")
    all_assessments = [a for p in items for a in p.assessments]
    if not all_assessments:
        return
    by_id = {a.id: a for a in all_assessments}
    ids = sorted(by_id, reverse=True)
    wanted = shell.selected_assessment_id()
    index = ids.index(wanted) if wanted in ids else 0
    chosen = st.selectbox(
        tr("ui.org_projects.open_label"),
        ids,
        index=index,
        key=lkey("org_projects_open_pick"),
        format_func=labeled(ids, lambda i: assessment_label(by_id[i])),
    )
    if st.button(tr("ui.org_projects.open"), key="org_projects_open", type="primary", icon=":material/open_in_new:"):
        shell.go("organizer_assessment.py", chosen)


def _new_project(ctx: shell.PageContext) -> None:
    with st.form("org_new_project", clear_on_submit=False):
        name = st.text_input(
            tr("ui.org_projects.f.name"), key="np_name"
        )  # length checked by the service, with a message
        ptype = st.selectbox(
            tr("ui.org_projects.f.type"),
            PROJECT_TYPES,
            format_func=labeled(PROJECT_TYPES, project_type_label),
            key=lkey("np_type"),
        )
        region = st.text_input(tr("ui.org_projects.f.region"), key="np_region", max_chars=100)
        stage = st.selectbox(
            tr("ui.org_projects.f.stage"), STAGES, format_func=labeled(STAGES, stage_label), key=lkey("np_stage")
        )
        investment = st.number_input(
            tr("ui.org_projects.f.investment"),
            value=None,  # no minimum: a negative figure gets the service's message, not a silent reset
            step=100.0,
            key="np_investment",
            help=tr("ui.org_projects.f.investment_help"),
        )
        households = st.number_input(tr("ui.org_projects.f.households"), value=None, step=1, key="np_households")
        description = st.text_area(tr("ui.org_projects.f.description"), key="np_description", max_chars=5000)
        code = st.text_input(
            tr("ui.org_projects.f.code"), key="np_code", max_chars=40, help=tr("ui.org_projects.f.code_help")
        )
        submitted = st.form_submit_button(tr("ui.org_projects.f.create"), key="np_submit", type="primary")
    if submitted:
        created = run_action(
            projects.create_project,
            ctx.store,
            ctx.actor,
            name=name,
            type=ptype,
            region=region,
            stage=stage,
            investment_wan=investment,
            affected_households=int(households) if households is not None else None,
            description=description or None,
            code=(code or "").strip() or None,
        )
        if created:
            flash(tr("ui.org_projects.created", code=created.code, name=created.name))
            st.rerun()


def _new_assessment(ctx: shell.PageContext, items: list[ProjectListing]) -> None:
    if not items:
        st.info(tr("ui.org_projects.need_project"))
        return
    by_id = {p.id: p for p in items}
    choices = questionnaires.questionnaire_choices(ctx.store)
    by_key = {c.key: c for c in choices}
    with st.form("org_new_assessment"):
        pid = st.selectbox(
            tr("ui.org_projects.f.project"),
            list(by_id),
            key="na_project",
            index=len(by_id) - 1,
            format_func=lambda i: f"{by_id[i].code} {by_id[i].name}",
        )
        qkey = st.selectbox(
            tr("ui.org_projects.f.questionnaire"),
            list(by_key),
            key=lkey("na_questionnaire"),
            format_func=labeled(by_key, lambda k: _questionnaire_label(by_key[k])),
        )
        title = st.text_input(tr("ui.org_projects.f.title"), key="na_title", max_chars=200)
        people = st.number_input(
            tr("ui.org_projects.f.group_event_people"),
            min_value=0,
            value=None,
            step=10,
            key="na_people",
            help=tr("ui.org_projects.f.group_event_help"),
        )
        draws = st.number_input(
            tr("ui.org_projects.f.draws"),
            min_value=0,
            max_value=200_000,
            value=None,
            step=500,
            key="na_draws",
            help=tr("ui.org_projects.f.draws_help"),
        )
        st.caption(tr("house.assessment.again_help"))
        again = st.checkbox(tr("house.assessment.again_confirm"), key="na_again_confirm")
        reason = st.text_area(tr("house.assessment.again_reason"), key="na_again_reason", max_chars=2000)
        submitted = st.form_submit_button(tr("ui.org_projects.f.start"), key="na_submit", type="primary")
    choice = by_key[qkey]
    q = choice.questionnaire
    st.caption(
        tr(
            "ui.org_projects.questionnaire_info",
            standard=text_of(q.standard),
            method=tr(f"ui.method.{q.method}"),
            indicators=len(q.indicator_ids()),
        )
    )
    existing = len(by_id[pid].assessments)
    if submitted and existing and not (again and (reason or "").strip()):
        st.error(tr("house.assessment.again_required", code=by_id[pid].code, count=existing))
        return
    if submitted:
        text = questionnaires.version_text(ctx.store, choice.version_id) if choice.version_id else None
        created = run_action(
            assessments.create_assessment,
            ctx.store,
            ctx.actor,
            pid,
            choice.qid,
            title=title or None,
            group_event_people=int(people) if people is not None else None,
            uncertainty_draws=int(draws) if draws is not None else None,
            questionnaire_text=text,
        )
        if created and existing:
            run_action(projects.record_further_assessment, ctx.store, ctx.actor, created.id, reason)
        if created:
            flash(tr("ui.org_projects.assessment_created", id=created.id))
            shell.go("organizer_assessment.py", created.id)


def _questionnaire_label(choice: QuestionnaireChoice) -> str:
    q = choice.questionnaire
    if choice.version_id is None:
        return tr("ui.org_projects.q_builtin", name=text_of(q.name), id=q.id, version=q.version)
    return tr("ui.org_projects.q_uploaded", name=text_of(q.name), id=q.id, revision=choice.revision)


if __name__ == "__main__":
    render()
