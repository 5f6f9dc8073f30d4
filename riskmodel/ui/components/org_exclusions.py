"""评估工作台, 结论 tab: the indicators left out on purpose, each with its reason (an incomplete result
cannot be signed until its missing indicators are rated or excluded here)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.services import exclusions, workflow
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash, succeeded
from riskmodel.ui.components.text import labeled, lkey, text_of, tr

SCOPES = ("all", "after")


def render(ctx: PageContext, a: AssessmentView, q, missing: list[str]) -> None:
    aid = a.id
    st.caption(tr("chain.ui.exclusions.help"))
    held = exclusions.list_exclusions(ctx.store, aid)
    names = {ind.id: text_of(ind.name) for d in q.dimensions for ind in d.indicators}
    if held:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("chain.ui.col.indicator"): f"{e.indicator} {names.get(e.indicator, '')}",
                        tr("chain.ui.col.phase"): tr(f"chain.ui.exclusions.phase_{e.phase or 'all'}"),
                        tr("chain.ui.col.reason"): e.reason,
                        tr("chain.ui.col.recorded_by"): e.recorded_by or "",
                        tr("chain.ui.col.recorded_at"): (e.recorded_at or "")[:16].replace("T", " "),
                    }
                    for e in held
                ]
            ),
            hide_index=True,
            key="exclusions_table",
            width="stretch",
        )
    else:
        st.caption(tr("chain.ui.exclusions.none"))
    if not workflow.allowed(a.state, "edit_setup"):
        return
    ids = [i for i in q.indicator_ids() if i not in {e.indicator for e in held}]
    ids = sorted(ids, key=lambda i: (i not in missing, ids.index(i)))  # the missing ones first
    with st.form("exclusion_form", clear_on_submit=True):
        indicator = st.selectbox(
            tr("chain.ui.exclusions.indicator"),
            ids,
            format_func=labeled(ids, lambda i: f"{i} {names.get(i, '')}"),
            key=lkey("exclusion_indicator"),
        )
        scopes = SCOPES if "after" in q.phases else SCOPES[:1]
        scope = st.radio(
            tr("chain.ui.exclusions.phase"),
            scopes,
            format_func=labeled(scopes, lambda s: tr(f"chain.ui.exclusions.phase_{s}")),
            key=lkey("exclusion_scope"),
            horizontal=True,
        )
        reason = st.text_area(tr("chain.ui.exclusions.reason"), key="exclusion_reason", max_chars=2000)
        if st.form_submit_button(tr("chain.ui.exclusions.record"), key="exclusion_submit") and succeeded(
            exclusions.record_exclusion,
            ctx.store,
            ctx.actor,
            aid,
            indicator,
            reason,
            phase=None if scope == "all" else "after",
        ):
            flash(tr("chain.ui.exclusions.recorded", indicator=indicator))
            st.rerun()
    for e in held:
        if st.button(
            f"{tr('chain.ui.exclusions.withdraw')} {e.indicator}", key=f"exclusion_withdraw_{e.id}", type="tertiary"
        ) and succeeded(exclusions.withdraw_exclusion, ctx.store, ctx.actor, aid, e.id):
            flash(tr("chain.ui.exclusions.withdrawn"))
            st.rerun()
