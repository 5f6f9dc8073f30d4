"""风险调查与评审记录, 参与单位 tab: 委托单位, 评估主体 (a third-party firm with its registration number), 编制单位."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import evidence
from riskmodel.services.views.evidence import EvidenceView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import done, run_action
from riskmodel.ui.components.text import tr


def render(ctx: PageContext, aid: int, view: EvidenceView, enabled: bool) -> None:
    pa = view.parties
    with st.form(key=f"ev_par_form_{aid}"):
        unit = st.text_input(
            tr("evidence.field.commissioning_unit"),
            value=pa.commissioning_unit if pa else "",
            key=f"ev_par_unit_{aid}",
            max_chars=200,
        )
        assessor = st.text_input(
            tr("evidence.field.assessor"), value=pa.assessor if pa else "", key=f"ev_par_assessor_{aid}", max_chars=200
        )
        c1, c2 = st.columns(2)
        third = c1.checkbox(
            tr("evidence.field.assessor_third_party"),
            value=pa.assessor_third_party if pa else False,
            key=f"ev_par_third_{aid}",
        )
        registration = c2.text_input(
            tr("evidence.field.assessor_registration"),
            value=(pa.assessor_registration or "") if pa else "",
            key=f"ev_par_reg_{aid}",
            max_chars=100,
        )
        compiler = st.text_input(
            tr("evidence.field.compiler"), value=pa.compiler if pa else "", key=f"ev_par_compiler_{aid}", max_chars=200
        )
        note = st.text_area(tr("evidence.field.note"), value=(pa.note or "") if pa else "", key=f"ev_par_note_{aid}")
        if st.form_submit_button(
            key=f"ev_parties_submit1_{aid}",
            label=tr("evidence.ui.save"),
            type="primary",
            icon=":material/save:",
            disabled=not enabled,
        ):
            saved = run_action(
                evidence.save_parties,
                ctx.store,
                ctx.actor,
                aid,
                commissioning_unit=unit,
                assessor=assessor,
                assessor_third_party=third,
                assessor_registration=registration,
                compiler=compiler,
                note=note,
                row_version=pa.row_version if pa else None,
            )
            if saved is not None:
                done(tr("evidence.ui.saved"))
