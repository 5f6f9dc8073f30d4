"""评估机构 — registered third-party assessment firms (admins and reviewers): registration with credit
code and validity, the record of returned filings and misconduct. Filings of unregistered, inactive or
expired firms are refused by the filing service."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from riskmodel.services import assessors
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import done, show_flash
from riskmodel.ui.components.register_ui import call, label, rt, table


def _frame(rows: list) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                rt("col.firm"): a.name,
                rt("col.credit_code"): a.credit_code,
                rt("col.staff"): a.staff,
                rt("col.registration"): a.registration_number or "",
                rt("col.valid_from"): a.valid_from or "",
                rt("col.valid_until"): a.valid_until or "",
                rt("col.status"): label("assessor_status", a.status),
                rt("col.returned"): a.returned,
                rt("col.misconduct"): a.misconduct,
            }
            for a in rows
        ]
    )


def render() -> None:
    ctx = shell.page_context("admin", "reviewer")
    st.title(rt("assessors_title"))
    show_flash()
    st.caption(rt("assessors_help"))
    rows = assessors.list_assessors(ctx.store, with_records=True)
    table(_frame(rows), "asr_table")
    tab_reg, tab_rec, tab_hist = st.tabs([rt("tab.register_firm"), rt("tab.record"), rt("tab.history")], key="asr_tabs")
    with tab_reg, st.form("asr_form"):
        c1, c2 = st.columns(2)
        name = c1.text_input(rt("col.firm"), max_chars=200, key="asr_name")
        code = c2.text_input(rt("col.credit_code"), max_chars=18, key="asr_code")
        staff = c1.number_input(rt("col.staff"), 0, 100000, value=0, key="asr_staff")
        reg = c2.text_input(rt("col.registration"), max_chars=64, key="asr_reg")
        start = c1.date_input(rt("col.valid_from"), value=date.today(), key="asr_from")
        until = c2.date_input(rt("col.valid_until"), value=date(date.today().year + 3, 12, 31), key="asr_until")
        active = st.checkbox(rt("col.active"), value=True, key="asr_active")
        if st.form_submit_button(rt("save"), type="primary", key="asr_save"):
            ok, out = call(
                assessors.register_assessor,
                ctx.store,
                ctx.actor,
                name=name,
                credit_code=code,
                staff=int(staff),
                registration_number=reg,
                valid_from=start,
                valid_until=until,
                active=active,
            )
            if ok and out is not None:
                done(rt("firm_saved", name=out.name))
    with tab_rec:
        codes = [a.credit_code for a in rows]
        if not codes:
            st.info(rt("no_firms"))
        else:
            names = {a.credit_code: a.name for a in rows}
            which = st.selectbox(rt("col.firm"), codes, key="asr_rec_firm", format_func=lambda c: names.get(c, c))
            note = st.text_area(rt("misconduct_note"), key="asr_rec_note", max_chars=2000)
            if st.button(rt("record_misconduct"), key="asr_rec_go", type="primary"):
                ok, _ = call(assessors.add_record, ctx.store, ctx.actor, which, "misconduct", note)
                if ok:
                    done(rt("recorded"))
    with tab_hist:
        entries = [
            {
                rt("col.firm"): a.name,
                rt("col.kind"): label("record_kind", r["kind"]),
                rt("note"): r["note"],
                rt("draw.at"): r["at"].replace("T", " "),
                rt("draw.by"): r["by"],
            }
            for a in rows
            for r in a.records
        ]
        table(pd.DataFrame(entries), "asr_history")


if __name__ == "__main__":
    render()
