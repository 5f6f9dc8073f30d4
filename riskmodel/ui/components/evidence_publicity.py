"""风险调查与评审记录, 公示 tab: periods, channels, working days counted with the public holidays."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from riskmodel.services import evidence
from riskmodel.services.views.evidence import EvidenceView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.evidence_common import delete_control, records_table
from riskmodel.ui.components.feedback import done, run_action
from riskmodel.ui.components.text import tr


def render(ctx: PageContext, aid: int, view: EvidenceView, enabled: bool) -> None:
    st.caption(tr("evidence.ui.publicity.help", min=view.min_working_days))
    rows = [
        {
            "channel": p.channel,
            "start": p.start_date,
            "end": p.end_date,
            "days": p.working_days,
            "ok": tr("evidence.check.ok") if p.ok else tr("evidence.check.gap"),
            "content": p.content or "",
        }
        for p in view.publicity
    ]
    cols = {k: tr(f"evidence.ui.publicity.col.{k}") for k in ("channel", "start", "end", "days", "ok", "content")}
    records_table(rows, cols, key=f"ev_pub_table_{aid}")
    if enabled:
        with st.form(key=f"ev_pub_form_{aid}", clear_on_submit=False):
            st.subheader(tr("evidence.ui.publicity.add"))
            c1, c2 = st.columns(2)
            start = c1.date_input(tr("evidence.field.start_date"), value=date.today(), key=f"ev_pub_start_{aid}")
            end = c2.date_input(
                tr("evidence.field.end_date"), value=date.today() + timedelta(days=10), key=f"ev_pub_end_{aid}"
            )
            channel = st.text_input(tr("evidence.field.channel"), key=f"ev_pub_channel_{aid}", max_chars=200)
            content = st.text_area(tr("evidence.field.content"), key=f"ev_pub_content_{aid}")
            if st.form_submit_button(
                key=f"ev_publicity_submit1_{aid}", label=tr("evidence.ui.save"), type="primary", icon=":material/save:"
            ):
                saved = run_action(
                    evidence.add_publicity,
                    ctx.store,
                    ctx.actor,
                    aid,
                    start_date=start,
                    end_date=end,
                    channel=channel,
                    content=content,
                )
                if saved is not None:
                    done(tr("evidence.ui.saved"))
    options = {p.id: f"{p.channel} {p.start_date}–{p.end_date}" for p in view.publicity}
    delete_control(ctx, aid, "publicity", options, key=f"ev_pub_del_{aid}", enabled=enabled)
