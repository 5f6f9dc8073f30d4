"""风险调查与评审记录, 应急预案 tab: one plan per main risk factor, started from the standard's template."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.questionnaire import Questionnaire
from riskmodel.services import evidence
from riskmodel.services.views.evidence import EmergencyPlanView, EvidenceView, PlanTemplate
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.evidence_common import delete_control
from riskmodel.ui.components.feedback import done, run_action
from riskmodel.ui.components.text import lang, md, text_of, tr, trm

NEW = 0


def _form(
    ctx: PageContext,
    aid: int,
    plan: EmergencyPlanView | None,
    start: EmergencyPlanView | PlanTemplate,
    factors: list[str],
) -> None:
    """The form of a plan: ``start`` is the plan itself when editing one, else the standard's template."""
    pid = plan.id if plan else NEW
    with st.form(key=f"ev_plan_form_{aid}_{pid}"):
        if plan is None:
            factor = st.selectbox(
                tr("evidence.field.factor"), factors, key=f"ev_plan_factor_{aid}_{pid}", accept_new_options=True
            )
        else:
            factor = st.text_input(tr("evidence.field.factor"), value=plan.factor, key=f"ev_plan_factor_{aid}_{pid}")
        command = st.text_input(tr("evidence.field.command"), value=start.command, key=f"ev_plan_cmd_{aid}_{pid}")
        members = st.text_area(tr("evidence.field.members"), value=start.members, key=f"ev_plan_mem_{aid}_{pid}")
        st.caption(tr("evidence.field.levels"))
        levels = st.data_editor(
            pd.DataFrame(start.levels, columns=["level", "trigger"]),
            key=f"ev_plan_levels_{aid}_{pid}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "level": st.column_config.TextColumn(tr("evidence.report.plans.col.level"), required=True),
                "trigger": st.column_config.TextColumn(
                    tr("evidence.report.plans.col.trigger"), required=True, width="large"
                ),
            },
        )
        steps = st.text_area(
            tr("evidence.field.steps"),
            value="\n".join(start.steps),
            key=f"ev_plan_steps_{aid}_{pid}",
            help=tr("evidence.ui.plans.steps_help"),
        )
        resources = st.text_area(tr("evidence.field.resources"), value=start.resources, key=f"ev_plan_res_{aid}_{pid}")
        contacts = st.text_input(
            tr("evidence.field.contacts"), value=start.contacts, key=f"ev_plan_contacts_{aid}_{pid}"
        )
        if st.form_submit_button(
            key=f"ev_plans_submit_{aid}_{pid}", label=tr("evidence.ui.save"), type="primary", icon=":material/save:"
        ):
            saved = run_action(
                evidence.save_emergency_plan,
                ctx.store,
                ctx.actor,
                aid,
                plan_id=plan.id if plan else None,
                row_version=plan.row_version if plan else None,
                factor=factor,
                command=command,
                members=members,
                levels=[
                    {"level": r.get("level"), "trigger": r.get("trigger")}
                    for r in levels.to_dict("records")
                    if r.get("level") or r.get("trigger")
                ],
                steps=steps,
                resources=resources,
                contacts=contacts,
            )
            if saved is not None:
                done(tr("evidence.ui.saved"))


def render(ctx: PageContext, aid: int, view: EvidenceView, q: Questionnaire, enabled: bool) -> None:
    st.caption(tr("evidence.ui.plans.help"))
    for plan in view.plans:
        with st.expander(
            md(f"{plan.factor} — {plan.command}"), icon=":material/emergency:", key=f"ev_plan_exp_{aid}_{plan.id}"
        ):
            if enabled:
                _form(ctx, aid, plan, plan, [])
            else:
                st.text(f"{tr('evidence.field.members')}: {plan.members}")
                for lv in plan.levels:
                    st.text(f"{lv.get('level')}: {lv.get('trigger')}")
                st.text("\n".join(f"{k}. {s}" for k, s in enumerate(plan.steps, start=1)))
                st.text(f"{tr('evidence.field.resources')}: {plan.resources}")
                st.text(f"{tr('evidence.field.contacts')}: {plan.contacts}")
    if not view.plans:
        st.caption(tr("evidence.ui.none"))
    if enabled:
        st.subheader(tr("evidence.ui.plans.add"))
        st.caption(trm("evidence.ui.plans.template", standard=text_of(q.standard)))
        factors = [text_of(i.name) for i in q.indicators()]
        _form(ctx, aid, None, evidence.plan_template(q, lang()), factors)
    options = {p.id: p.factor for p in view.plans}
    delete_control(ctx, aid, "plan", options, key=f"ev_plan_del_{aid}", enabled=enabled)
