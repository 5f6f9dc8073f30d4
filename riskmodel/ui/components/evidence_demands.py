"""风险调查与评审记录, 诉求采纳 tab: each demand, who raised it, how many, and its handling (意见采纳情况表)."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import evidence
from riskmodel.services.views.evidence import EvidenceView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.evidence_common import delete_control, import_control, records_table
from riskmodel.ui.components.feedback import done, run_action
from riskmodel.ui.components.text import labeled, lkey, tr


def _handling(h: str) -> str:
    return tr(f"evidence.report.handling.{h}")


def render(ctx: PageContext, aid: int, view: EvidenceView, enabled: bool) -> None:
    rows = [
        {
            "demand": d.demand,
            "raised_by": d.raised_by,
            "people": d.people,
            "handling": _handling(d.handling),
            "reason": d.reason or "",
            "measure": d.measure or "",
        }
        for d in view.demands
    ]
    cols = {k: tr(f"evidence.field.{k}") for k in ("demand", "raised_by", "people", "handling", "reason", "measure")}
    records_table(rows, cols, key=f"ev_dem_table_{aid}")
    if enabled:
        with st.form(key=f"ev_dem_form_{aid}"):
            st.subheader(tr("evidence.ui.demands.add"))
            demand = st.text_area(tr("evidence.field.demand"), key=f"ev_dem_demand_{aid}")
            c1, c2, c3 = st.columns(3)
            raised_by = c1.text_input(tr("evidence.field.raised_by"), key=f"ev_dem_by_{aid}", max_chars=200)
            people = c2.number_input(tr("evidence.field.people"), min_value=1, step=1, value=1, key=f"ev_dem_n_{aid}")
            handling = c3.selectbox(
                tr("evidence.field.handling"),
                list(evidence.HANDLINGS),
                format_func=labeled(evidence.HANDLINGS, _handling),
                key=lkey(f"ev_dem_handling_{aid}"),
            )
            reason = st.text_input(tr("evidence.field.reason"), key=f"ev_dem_reason_{aid}")
            measure = st.text_input(tr("evidence.field.measure"), key=f"ev_dem_measure_{aid}")
            st.caption(tr("evidence.ui.demands.help"))
            if st.form_submit_button(
                key=f"ev_demands_submit1_{aid}", label=tr("evidence.ui.save"), type="primary", icon=":material/save:"
            ):
                saved = run_action(
                    evidence.add_demand,
                    ctx.store,
                    ctx.actor,
                    aid,
                    demand=demand,
                    raised_by=raised_by,
                    people=int(people),
                    handling=handling,
                    reason=reason,
                    measure=measure,
                )
                if saved is not None:
                    done(tr("evidence.ui.saved"))
    import_control(ctx, aid, "demands", key=f"ev_dem_import_{aid}", enabled=enabled)
    options = {d.id: d.demand[:40] for d in view.demands}
    delete_control(ctx, aid, "demand", options, key=f"ev_dem_del_{aid}", enabled=enabled)
