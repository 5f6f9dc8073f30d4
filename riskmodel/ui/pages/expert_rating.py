"""评分表 — one expert rates the indicators of one assessment in the open Delphi round.

Rendered from the questionnaire: dimension sections, per indicator its name, guidance and scale
anchors, a score (or 风险概率 + 影响程度 pickers for probability–impact questionnaires), a comment; the
phase after measures once measures are recorded; the expert's Ca/Cs self-assessment per dimension.
Save as draft at any time; submit after a confirmation step. From round 2 on the expert sees his own
previous rating beside the group's median and IQR — never another expert's rating.

Widgets live in one form (no rerun per click, which matters on a phone). One phase (措施前 / 措施后) is
rendered at a time — Streamlit's per-widget cost grows with the number of widgets on the page — and the
phase is switched with submit buttons of the form, so what was typed reaches the server before the
switch. Streamlit forgets the state of widgets that are not rendered, so the values are kept in a plain
session dict (``form_values``), refreshed from the widgets at the start of every run; the widgets start from
it, and 保存草稿/提交 use it, i.e. the values of every phase.
"""

from __future__ import annotations

import uuid

import streamlit as st

from riskmodel.services import assessments, dashboard, measures, panels, ratings
from riskmodel.services.context import Actor
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.store import get_store
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import show_flash
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.rating_actions import act, confirm_block, conflict_form, submit_pending, submitted_table
from riskmodel.ui.components.rating_form import render_form
from riskmodel.ui.components.rating_state import (
    PENDING_KEY,
    PHASE_BUTTON,
    form_values,
    prior_of,
    sync,
)
from riskmodel.ui.components.text import state_label, text_of, tr


def render() -> None:
    ctx = shell.page_context("expert")
    st.title(tr("ui.rating.title"))
    show_flash()
    version = dashboard.data_version(ctx.store)  # read once per run; the caches below are keyed on it
    mine_list = _my_assessments(ctx.store.url, version, ctx.actor.username, ctx.actor.role, ctx.actor.user_id)
    if not mine_list:
        st.info(tr("ui.expert_home.empty"))
        return
    chosen = assessment_picker(mine_list, key="rating_pick")
    if chosen is None:
        return
    aid = chosen.id
    q = assessments.questionnaire_of(ctx.store, aid)
    mine = ratings.my_ratings(ctx.store, ctx.actor, aid)
    member = panels.my_membership(ctx.store, ctx.actor, aid)
    st.caption(
        tr(
            "ui.rating.meta",
            code=chosen.project_code,
            questionnaire=text_of(q.name),
            state=state_label(chosen.state),
        )
    )

    if member is not None and member.has_conflict:
        st.warning(tr("ui.rating.conflict_declared", statement=member.conflict_statement or ""))
        return
    if not mine.round_open:
        st.info(tr("ui.rating.no_open_round"))
        submitted_table(q, mine.submitted)
        return

    rnd = int(mine.round or 0)
    active_measures = measures.active_measures(ctx.store, aid)
    progress = ratings.my_progress(ctx.store, ctx.actor, aid)
    phases = list(progress.phases)
    token_key = f"rating_token_{aid}_{rnd}"
    st.session_state.setdefault(token_key, uuid.uuid4().hex)
    values = form_values(aid, rnd)
    sync(q, aid, rnd, phases, values)
    phase_key = f"rating_phase_{aid}_{rnd}"
    for p in phases:
        if st.session_state.get(PHASE_BUTTON.format(p)):
            st.session_state[phase_key] = p
    phase = st.session_state.get(phase_key)
    if phase not in phases:
        phase = phases[0]
    prior = prior_of(mine, rnd)

    # A click (保存草稿, 提交, 确认提交, 返回修改) is acted on before anything below is drawn, and the page then
    # shows the outcome in the same run instead of rerunning: the widgets' values are already in the session,
    # and drawing ~100 widgets (or running the page twice) only to throw the result away would double the
    # server time of every click. On a refusal the message is shown above the form (or the confirmation).
    pending: dict = st.session_state.get(PENDING_KEY) or {}
    pending_here = bool(pending and pending.get("aid") == aid and pending.get("round") == rnd)
    changed = False
    if pending_here and st.session_state.get("rating_confirm_yes"):
        changed = submit_pending(ctx, aid, pending, token_key)
        pending_here = not changed
    elif pending_here and st.session_state.get("rating_confirm_no"):
        st.session_state.pop(PENDING_KEY, None)
        pending_here = False
    elif not pending_here and (st.session_state.get("rating_save") or st.session_state.get("rating_submit")):
        outcome = act(
            ctx,
            q,
            aid,
            rnd,
            phases,
            member,
            token_key,
            values,
            prior,
            submit=bool(st.session_state.get("rating_submit")),
        )
        changed = outcome is not None
        pending_here = outcome == "pending"
        pending = st.session_state.get(PENDING_KEY) or {}
    if changed:
        mine = ratings.my_ratings(ctx.store, ctx.actor, aid)
        progress = ratings.my_progress(ctx.store, ctx.actor, aid)

    submitted_now = {(r.indicator, r.phase): r for r in mine.submitted if r.round == rnd}
    drafts = {(d.indicator, d.phase): d for d in mine.drafts}
    total = progress.total
    st.markdown(tr("ui.rating.round_status", number=rnd, done=progress.done, total=total, drafts=progress.drafts))
    if rnd >= 2:
        st.caption(tr("ui.rating.feedback_hint", previous=rnd - 1))
    if pending_here:
        confirm_block(pending, total)
        return
    render_form(ctx, q, aid, rnd, phases, phase, member, active_measures, drafts, submitted_now, version, values)
    conflict_form(ctx, aid)


@st.cache_data(show_spinner=False, max_entries=64)
def _my_assessments(url: str, version: str, username: str, role: str, user_id: int | None) -> list[AssessmentView]:
    """``assessments.list_assessments`` for the expert, cached by data version (as ``components.lists``)."""
    return assessments.list_assessments(get_store(url), Actor(username=username, role=role, user_id=user_id))


if __name__ == "__main__":
    render()
