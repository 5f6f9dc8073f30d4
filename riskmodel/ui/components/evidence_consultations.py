"""风险调查与评审记录, 调查 tab: 座谈会 / 听证会 / 入户走访 / 现场踏勘 / 舆情监测 with participants by category."""

from __future__ import annotations

from datetime import date

import streamlit as st

from riskmodel.services import evidence
from riskmodel.services.views.evidence import EvidenceView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.evidence_common import delete_control, import_control, records_table
from riskmodel.ui.components.feedback import done, run_action
from riskmodel.ui.components.text import labeled, lkey, tr


def _kind(kind: str) -> str:
    return tr(f"evidence.report.kind.{kind}")


def _category(c: str) -> str:
    return tr(f"evidence.report.category.{c}")


def render(ctx: PageContext, aid: int, view: EvidenceView, enabled: bool) -> None:
    rows = [
        {
            "kind": _kind(c.kind),
            "date": c.held_on,
            "place": c.place,
            "participants": tr("evidence.ui.sep").join(f"{_category(k)} {v}" for k, v in c.participants.items()),
            "total": c.total,
            "opinions": c.opinions,
        }
        for c in view.consultations
    ]
    cols = {
        k: tr(f"evidence.ui.consult.col.{k}") for k in ("kind", "date", "place", "participants", "total", "opinions")
    }
    records_table(rows, cols, key=f"ev_con_table_{aid}")
    if enabled:
        with st.form(key=f"ev_con_form_{aid}"):
            st.subheader(tr("evidence.ui.consult.add"))
            c1, c2, c3 = st.columns(3)
            kind = c1.selectbox(
                tr("evidence.field.kind"),
                list(evidence.CONSULTATION_KINDS),
                format_func=labeled(evidence.CONSULTATION_KINDS, _kind),
                key=lkey(f"ev_con_kind_{aid}"),
            )
            held_on = c2.date_input(tr("evidence.field.held_on"), value=date.today(), key=f"ev_con_date_{aid}")
            place = c3.text_input(tr("evidence.field.place"), key=f"ev_con_place_{aid}", max_chars=200)
            st.caption(tr("evidence.field.participants"))
            counts = {}
            for col, category in zip(st.columns(5), evidence.PARTICIPANT_CATEGORIES, strict=True):
                counts[category] = col.number_input(
                    _category(category), min_value=0, step=1, value=0, key=f"ev_con_n_{category}_{aid}"
                )
            opinions = st.text_area(tr("evidence.field.opinions"), key=f"ev_con_opinions_{aid}")
            if st.form_submit_button(
                key=f"ev_consultations_submit1_{aid}",
                label=tr("evidence.ui.save"),
                type="primary",
                icon=":material/save:",
            ):
                saved = run_action(
                    evidence.add_consultation,
                    ctx.store,
                    ctx.actor,
                    aid,
                    kind=kind,
                    held_on=held_on,
                    place=place,
                    participants={k: int(v) for k, v in counts.items()},
                    opinions=opinions,
                )
                if saved is not None:
                    done(tr("evidence.ui.saved"))
    import_control(ctx, aid, "consultations", key=f"ev_con_import_{aid}", enabled=enabled)
    options = {c.id: f"{_kind(c.kind)} {c.held_on} {c.place}" for c in view.consultations}
    delete_control(ctx, aid, "consultation", options, key=f"ev_con_del_{aid}", enabled=enabled)
