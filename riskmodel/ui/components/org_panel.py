"""评估工作台, 专家组 tab: the panel table, the panel-size rule and its override, adding and editing members."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.services import (
    auth,
    panels,
    workflow,
)
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash, run_action, try_action
from riskmodel.ui.components.text import (
    fmt_number,
    labeled,
    lkey,
    md,
    tr,
)

PANEL_ACTIONS = ("update", "conflict", "remove")


def _coef_text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {fmt_number(v, 1)}" for k, v in value.items())
    return fmt_number(value, 2)


def render(ctx: PageContext, a: AssessmentView, q) -> None:
    aid = a.id
    members = panels.list_panel(ctx.store, ctx.actor, aid)
    status = panels.check_panel(ctx.store, aid)
    round_open = a.round_open
    editable = workflow.allowed(a.state, "edit_setup") and not round_open
    if members:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ui.panel.col.username"): m.username,
                        tr("ui.panel.col.name"): m.display_name,
                        tr("ui.panel.col.field"): m.field or "",
                        tr("ui.panel.col.ca"): _coef_text(m.ca),
                        tr("ui.panel.col.cs"): _coef_text(m.cs),
                        tr("ui.panel.col.conflict"): tr("ui.common.yes_label")
                        if m.has_conflict
                        else tr("ui.common.no_label"),
                    }
                    for m in members
                ]
            ),
            hide_index=True,
            key="panel_table",
            width="stretch",
        )
    else:
        st.info(tr("ui.panel.empty"))
    if status.meets_rule:
        st.success(tr("ui.panel.meets", eligible=status.eligible, required=status.required))
    else:
        st.warning(tr("ui.panel.below", eligible=status.eligible, required=status.required))
        if status.override:
            st.info(tr("ui.panel.override_recorded", reason=md(status.override_reason or "")))
        elif editable:
            with st.form("panel_override_form"):
                reason = st.text_area(tr("ui.panel.override_reason"), key="panel_override_reason", max_chars=2000)
                if st.form_submit_button(tr("ui.panel.override_submit"), key="panel_override_submit"):
                    if run_action(panels.record_panel_override, ctx.store, ctx.actor, aid, reason):
                        flash(tr("ui.panel.override_done"))
                        st.rerun()
    if round_open:
        st.info(tr("ui.panel.locked_round"))
        return
    if not editable:
        return
    experts = [u for u in auth.list_users(ctx.store, ctx.actor, role="expert") if u.active]
    on_panel = {m.username for m in members}
    candidates = {u.username: u for u in experts if u.username not in on_panel}
    col_add, col_edit = st.columns(2)
    with col_add, st.form("panel_add_form"):
        st.markdown(f"**{tr('ui.panel.add_title')}**")
        if candidates:
            who = st.selectbox(
                tr("ui.panel.expert"),
                list(candidates),
                key="panel_add_user",
                format_func=lambda u: f"{candidates[u].display_name} ({u})",
            )
        else:
            who = None
            st.caption(tr("ui.panel.no_candidates"))
        field = st.text_input(tr("ui.panel.field"), key="panel_add_field", max_chars=100)
        ca = st.number_input(tr("ui.panel.ca"), 0.0, 1.0, 0.8, 0.1, key="panel_add_ca")
        cs = st.number_input(tr("ui.panel.cs"), 0.0, 1.0, 0.8, 0.1, key="panel_add_cs")
        conflict = st.checkbox(tr("ui.panel.conflict"), key="panel_add_conflict")
        statement = st.text_input(tr("ui.panel.conflict_statement"), key="panel_add_statement", max_chars=2000)
        if st.form_submit_button(tr("ui.panel.add"), key="panel_add_submit", type="primary") and who:
            if run_action(
                panels.add_member,
                ctx.store,
                ctx.actor,
                aid,
                who,
                field=field or None,
                ca=ca,
                cs=cs,
                has_conflict=conflict,
                conflict_statement=statement or None,
            ):
                flash(tr("ui.panel.added", username=who))
                st.rerun()
    if not members:
        return
    names = {m.username: m for m in members}
    with col_edit, st.form("panel_edit_form"):
        st.markdown(f"**{tr('ui.panel.edit_title')}**")
        who = st.selectbox(
            tr("ui.panel.expert"),
            list(names),
            key="panel_edit_user",
            format_func=lambda u: f"{names[u].display_name} ({u})",
        )
        action = st.radio(
            tr("ui.panel.edit_action"),
            PANEL_ACTIONS,
            key=lkey("panel_edit_action"),
            format_func=labeled(PANEL_ACTIONS, lambda k: tr(f"ui.panel.action.{k}")),
            horizontal=True,
        )
        field = st.text_input(tr("ui.panel.field"), key="panel_edit_field", max_chars=100)
        new_ca = st.number_input(tr("ui.panel.ca"), 0.0, 1.0, value=None, step=0.1, key="panel_edit_ca")
        new_cs = st.number_input(tr("ui.panel.cs"), 0.0, 1.0, value=None, step=0.1, key="panel_edit_cs")
        statement = st.text_input(tr("ui.panel.conflict_statement"), key="panel_edit_statement", max_chars=2000)
        if st.form_submit_button(tr("ui.panel.apply"), key="panel_edit_submit"):
            done: object
            if action == "update":
                done = run_action(
                    panels.update_member, ctx.store, ctx.actor, aid, who, field=field or None, ca=new_ca, cs=new_cs
                )
            elif action == "conflict":
                done = run_action(panels.declare_conflict, ctx.store, ctx.actor, aid, True, statement, username=who)
            else:
                ok, _ = try_action(panels.remove_member, ctx.store, ctx.actor, aid, who)
                done = ok or None
            if done:
                flash(tr("ui.panel.changed", username=who))
                st.rerun()
