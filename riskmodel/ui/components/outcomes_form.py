"""The outcome form (实施后跟踪) of one assessment: tracking period, incidents, realised level.

``render(ctx, assessment_id)`` is the whole component: the organizer workbench's tracking tab can call it
in one line, and the 后评估 page shows it on its own tab. Organizers (and admins) record the decision to
implement (for a 暂缓实施 project implemented after its measures), enter incidents and withdraw a wrong
one; everyone else who sees it reads. User text is shown as text (tables), never as Markdown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.domain import Verdict
from riskmodel.i18n import has
from riskmodel.questionnaire.schema import INCIDENT_KINDS
from riskmodel.services import outcomes
from riskmodel.services.views.outcomes import OutcomeView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import done, run_action, try_action
from riskmodel.ui.components.text import labeled, level_label, lkey, tr, verdict_label

EDIT_ROLES = ("organizer", "admin")


def _t(key: str, **params: Any) -> str:
    return tr(f"outcomes.ui.{key}", **params)


def kind_label(kind: str) -> str:
    key = f"outcomes.kind.{kind}"
    return tr(key) if has(key) else kind


def render(ctx: PageContext, assessment_id: int) -> OutcomeView | None:
    """Show (and for organizers edit) the outcome of one assessment; returns the view shown."""
    view = run_action(outcomes.get_outcome, ctx.store, assessment_id)
    if view is None:
        return None
    editor = ctx.actor.role in EDIT_ROLES
    k = f"of_{assessment_id}"
    if view.tracking is None:
        if view.verdict == Verdict.REJECT or view.verdict is None:
            st.info(_t("not_tracked", verdict=verdict_label(view.verdict)))
            return view
        st.info(_t("no_period", verdict=verdict_label(view.verdict)))
        if editor:
            _decision_form(ctx, assessment_id, k)
        return view
    tr_ = view.tracking
    cols = st.columns(3)
    cols[0].metric(_t("realised_level"), level_label(view.realised_level))
    cols[1].metric(_t("period_until"), tr_.ends_on.isoformat())
    cols[2].metric(_t("status"), _t("complete") if tr_.complete else _t("running"))
    st.caption(
        _t(
            "source_line",
            source=tr(f"outcomes.source.{tr_.decision_source}"),
            start=tr_.decided_on.isoformat(),
            months=tr_.months,
        )
    )
    if view.rule is not None:
        st.text(_t("rule_line", rule=view.rule.text(ctx.lang)))
    records = view.records
    if records.available:
        st.caption(_t("records_line", records=records.records, repeat=records.repeat, signals=records.signals))
    else:
        st.caption(_t("no_feeds"))
    if view.incidents:
        frame = pd.DataFrame(
            [
                {
                    _t("col.id"): i.id,
                    _t("col.date"): i.occurred_on.isoformat(),
                    _t("col.kind"): kind_label(i.kind),
                    _t("col.people"): i.people,
                    _t("col.place"): i.place or "",
                    _t("col.source"): i.source or "",
                    _t("col.evidence"): i.evidence or "",
                    _t("col.in_period"): _t("yes") if i.in_period else _t("no"),
                }
                for i in view.incidents
            ]
        )
        st.dataframe(frame, hide_index=True, key=f"{k}_table", width="stretch")
    else:
        st.caption(_t("no_incidents"))
    if editor:
        _incident_form(ctx, assessment_id, k)
        if view.incidents:
            _withdraw_form(ctx, view, k)
        if tr_.decision_source == "verdict":
            with st.expander(_t("decision.correct"), key=f"{k}_decision_box"):
                _decision_form(ctx, assessment_id, k)
    return view


def _decision_form(ctx: PageContext, assessment_id: int, k: str) -> None:
    with st.form(f"{k}_decision", clear_on_submit=False):
        day = st.date_input(_t("decision.date"), value=date.today(), key=f"{k}_decision_day")
        source = st.selectbox(
            _t("decision.source"),
            ("recorded", "register"),
            key=lkey(f"{k}_decision_source"),
            format_func=labeled(("recorded", "register"), lambda s: tr(f"outcomes.source.{s}")),
        )
        note = st.text_input(_t("decision.note"), key=f"{k}_decision_note", max_chars=2000)
        if st.form_submit_button(_t("decision.save"), type="primary", key=f"{k}_decision_submit"):
            saved = run_action(
                outcomes.record_tracking, ctx.store, ctx.actor, assessment_id, decided_on=day,
                decision_source=source, note=note,
            )  # fmt: skip
            if saved is not None:
                done(_t("decision.saved", end=saved.ends_on.isoformat()))


def _incident_form(ctx: PageContext, assessment_id: int, k: str) -> None:
    with st.form(f"{k}_incident", clear_on_submit=True):
        st.subheader(_t("add.title"))
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox(
            _t("col.kind"), INCIDENT_KINDS, key=lkey(f"{k}_kind"), format_func=labeled(INCIDENT_KINDS, kind_label)
        )
        day = c2.date_input(_t("col.date"), value=date.today(), key=f"{k}_day")
        people = c3.number_input(_t("col.people"), min_value=0, max_value=10**9, value=0, step=1, key=f"{k}_people")
        c4, c5 = st.columns(2)
        place = c4.text_input(_t("col.place"), key=f"{k}_place", max_chars=200)
        source = c5.text_input(_t("col.source"), key=f"{k}_source", max_chars=200)
        evidence = st.text_area(_t("col.evidence"), key=f"{k}_evidence", max_chars=4000, height=80)
        note = st.text_input(_t("col.note"), key=f"{k}_note", max_chars=2000)
        if st.form_submit_button(_t("add.save"), type="primary", key=f"{k}_incident_submit"):
            saved = run_action(
                outcomes.add_incident, ctx.store, ctx.actor, assessment_id, kind=kind, occurred_on=day,
                people=int(people), place=place, source=source, evidence=evidence, note=note,
            )  # fmt: skip
            if saved is not None:
                done(_t("add.saved", id=saved.id, kind=kind_label(saved.kind), people=saved.people))


def _withdraw_form(ctx: PageContext, view: OutcomeView, k: str) -> None:
    with st.expander(_t("withdraw.title"), key=f"{k}_withdraw_box"):
        ids = [i.id for i in view.incidents]
        labels = {i.id: f"#{i.id} {i.occurred_on.isoformat()} {kind_label(i.kind)} {i.people}" for i in view.incidents}
        with st.form(f"{k}_withdraw"):
            chosen = st.selectbox(
                _t("withdraw.which"), ids, key=f"{k}_withdraw_id", format_func=lambda i: labels.get(i, str(i))
            )
            reason = st.text_input(_t("withdraw.reason"), key=f"{k}_withdraw_reason", max_chars=2000)
            if st.form_submit_button(_t("withdraw.save"), key=f"{k}_withdraw_submit"):
                ok, _ = try_action(outcomes.withdraw_incident, ctx.store, ctx.actor, chosen, reason)
                if ok:
                    done(_t("withdraw.saved", id=chosen))
