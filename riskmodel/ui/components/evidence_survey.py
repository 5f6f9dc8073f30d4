"""风险调查与评审记录, 问卷明细 tab: 发放 / 回收 / 有效, 知晓, and attitudes by group and by distance ring."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.questionnaire import Questionnaire
from riskmodel.services import evidence
from riskmodel.services.views.evidence import AttitudeRow, EvidenceView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import done, run_action
from riskmodel.ui.components.text import lang, text_of, tr, trm

ATTITUDES = ("support", "neutral", "oppose")


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _ci(ci: tuple[float | None, float | None]) -> str:
    return "—" if ci[0] is None else f"{_pct(ci[0])}–{_pct(ci[1])}"


def _result_table(rows: list[AttitudeRow], key: str, first: str) -> None:
    en = lang() == "en"
    frame = pd.DataFrame(
        [
            {
                tr(f"evidence.report.survey.col.{first}"): r.label_en if en else r.label_zh,
                tr("evidence.report.survey.col.respondents"): r.respondents,
                tr("evidence.report.survey.col.support_rate"): f"{_pct(r.support_rate)} ({_ci(r.support_ci)})",
                tr("evidence.report.survey.col.oppose_rate"): f"{_pct(r.oppose_rate)} ({_ci(r.oppose_ci)})",
                tr("evidence.report.survey.col.coverage"): "—"
                if r.coverage_ok is None
                else tr(
                    "evidence.report.survey.coverage_ok" if r.coverage_ok else "evidence.report.survey.coverage_short",
                    min=r.min_respondents,
                ),
            }
            for r in rows
        ]
    )
    st.dataframe(frame, key=key, width="stretch", hide_index=True)


def _editor(
    keys: list[str], labels: dict[str, str], current: list[AttitudeRow], key: str, enabled: bool
) -> pd.DataFrame:
    have = {r.key: r for r in current}
    frame = pd.DataFrame(
        [
            {"key": k, "label": labels[k], **{a: int(getattr(have[k], a)) if k in have else 0 for a in ATTITUDES}}
            for k in keys
        ]
    )
    config = {
        "key": None,
        "label": st.column_config.TextColumn(tr("evidence.report.survey.col.group"), disabled=True),
        **{
            a: st.column_config.NumberColumn(tr(f"evidence.report.survey.col.{a}"), min_value=0, step=1, required=True)
            for a in ATTITUDES
        },
    }
    return st.data_editor(
        frame, key=key, column_config=config, hide_index=True, num_rows="fixed", disabled=not enabled, width="stretch"
    )


def render(ctx: PageContext, aid: int, view: EvidenceView, q: Questionnaire, enabled: bool) -> None:
    sv = view.survey
    if sv is not None:
        c = st.columns(4)
        c[0].metric(tr("evidence.field.issued"), sv.issued)
        c[1].metric(tr("evidence.field.returned"), sv.returned, _pct(sv.return_rate), delta_color="off")
        c[2].metric(tr("evidence.field.valid"), sv.valid, _pct(sv.valid_rate), delta_color="off")
        c[3].metric(
            tr("evidence.field.aware"), "—" if sv.aware is None else sv.aware, _pct(sv.aware_rate), delta_color="off"
        )
        if sv.groups:
            st.caption(tr("evidence.report.survey.group_table"))
            _result_table(sv.groups, key=f"ev_sv_groups_{aid}", first="group")
        if sv.rings:
            st.caption(tr("evidence.report.survey.ring_table"))
            _result_table(sv.rings, key=f"ev_sv_rings_{aid}", first="ring")
            near = sv.near_opposition()
            if near is not None and near.oppose_rate:
                st.warning(
                    trm(
                        "evidence.ui.survey.near",
                        ring=near.label_en if lang() == "en" else near.label_zh,
                        rate=_pct(near.oppose_rate),
                        ci=_ci(near.oppose_ci),
                    ),
                    icon=":material/location_on:",
                )
    else:
        st.caption(tr("evidence.ui.none"))
    st.subheader(tr("evidence.ui.survey.edit"))
    st.caption(tr("evidence.ui.survey.help"))
    c = st.columns(4)
    issued = c[0].number_input(
        tr("evidence.field.issued"),
        min_value=0,
        step=1,
        value=sv.issued if sv else 0,
        key=f"ev_sv_issued_{aid}",
        disabled=not enabled,
    )
    returned = c[1].number_input(
        tr("evidence.field.returned"),
        min_value=0,
        step=1,
        value=sv.returned if sv else 0,
        key=f"ev_sv_returned_{aid}",
        disabled=not enabled,
    )
    valid = c[2].number_input(
        tr("evidence.field.valid"),
        min_value=0,
        step=1,
        value=sv.valid if sv else 0,
        key=f"ev_sv_valid_{aid}",
        disabled=not enabled,
    )
    aware = c[3].number_input(
        tr("evidence.field.aware"),
        min_value=0,
        step=1,
        value=(sv.aware or 0) if sv else 0,
        key=f"ev_sv_aware_{aid}",
        disabled=not enabled,
    )
    group_labels = {k: tr(f"evidence.group.{k}") for k in evidence.GROUPS}
    st.caption(tr("evidence.field.groups"))
    groups = _editor(list(evidence.GROUPS), group_labels, sv.groups if sv else [], f"ev_sv_ed_groups_{aid}", enabled)
    st.caption(tr("evidence.field.rings"))
    ring_labels = {r.id: text_of(r.label) for r in q.evidence.rings}
    rings = _editor(list(ring_labels), ring_labels, sv.rings if sv else [], f"ev_sv_ed_rings_{aid}", enabled)
    use_rings = st.checkbox(
        tr("evidence.ui.survey.use_rings"),
        value=bool(sv.rings) if sv else True,
        key=f"ev_sv_use_rings_{aid}",
        disabled=not enabled,
    )
    if enabled and st.button(tr("evidence.ui.save"), key=f"ev_sv_save_{aid}", type="primary", icon=":material/save:"):

        def rows(frame: pd.DataFrame) -> list[dict]:
            return [{"key": r["key"], **{a: int(r[a] or 0) for a in ATTITUDES}} for r in frame.to_dict("records")]

        saved = run_action(
            evidence.save_survey_detail,
            ctx.store,
            ctx.actor,
            aid,
            issued=int(issued),
            returned=int(returned),
            valid=int(valid),
            aware=int(aware),
            groups=rows(groups),
            rings=rows(rings) if use_rings else [],
            row_version=sv.row_version if sv else None,
        )
        if saved is not None:
            done(tr("evidence.ui.saved"))
