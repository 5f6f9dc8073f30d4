"""The rating form, one phase at a time: dimension sections, per indicator its pickers (score, or 风险概率 +
影响程度), guidance, a comment and, from round 2 on, the expert's own previous rating beside the group's
median and IQR; the self-assessment (Ca/Cs) per dimension."""

from __future__ import annotations

from typing import Any

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.services import ratings
from riskmodel.services.context import Actor
from riskmodel.services.views.measures import MeasureView
from riskmodel.services.views.panels import PanelMemberView
from riskmodel.services.views.ratings import GroupFeedback, IndicatorFeedback, RatingEntry
from riskmodel.store import get_store
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feeds_evidence import render_feeds_evidence
from riskmodel.ui.components.network_evidence import render_network_evidence
from riskmodel.ui.components.rating_state import (
    CA_OPTIONS,
    CS_OPTIONS,
    PHASE_BUTTON,
    ca_cs_key,
    closest,
    opt_key,
    widget_key,
)
from riskmodel.ui.components.rating_state import member_coefficient as _coef
from riskmodel.ui.components.text import error_text, fmt_number, labeled, lang, lkey, phase_label, text_of, tr

# Self-assessment options (判断依据 Ca, 熟悉程度 Cs), labelled from the catalog (ui.rating.ca_opt.* / cs_opt.*).


def render_form(
    ctx: PageContext,
    q,
    aid: int,
    rnd: int,
    phases: list[str],
    phase: str,
    member: PanelMemberView | None,
    active_measures: list[MeasureView],
    drafts: dict,
    submitted_now: dict,
    version: str,
    values: dict[str, Any],
) -> None:
    """The rating form, one phase at a time (its buttons are handled at the start of the next run, see ``render``)."""
    feedback = _feedback(ctx, aid, rnd, version)
    pickers = _pickers(q)
    _scale_legend(q)
    with st.form(f"rating_form_{aid}_{rnd}", border=False):
        if len(phases) > 1:  # the phase switch: submit buttons, so the values typed so far are sent first
            for p, col in zip(phases, st.columns(len(phases))):
                with col:
                    st.form_submit_button(
                        phase_label(p),
                        key=PHASE_BUTTON.format(p),
                        width="stretch",
                        type="secondary" if p == phase else "tertiary",
                        icon=":material/radio_button_checked:" if p == phase else ":material/radio_button_unchecked:",
                    )
        if phase == "after":
            st.info(tr("ui.rating.after_hint"))
            _measures_reference(active_measures)
        for d_index, dim in enumerate(q.dimensions):
            with st.expander(
                tr("ui.rating.dimension", name=text_of(dim.name), count=len(dim.indicators)),
                expanded=(d_index == 0),
                key=f"rating_dim_{aid}_{rnd}_{phase}_{dim.id}",
            ):
                if dim.description:
                    st.caption(text_of(dim.description))
                if phase == "before":  # stakeholder-network evidence for 民意/综合维稳/可控性 (issue 5)
                    render_network_evidence(aid, lang(), dimension=dim.id, store=ctx.store)
                    render_feeds_evidence(aid, lang(), dimension=dim.id, store=ctx.store)  # 12345/信访 (issue 12)
                for ind in dim.indicators:
                    _indicator(
                        q,
                        aid,
                        rnd,
                        phase,
                        ind,
                        drafts.get((ind.id, phase)) or submitted_now.get((ind.id, phase)),
                        feedback.get((ind.id, phase)),
                        pickers,
                        values,
                    )
                if phase == "before":
                    _self_assessment(aid, rnd, dim.id, member, values)
        st.form_submit_button(tr("ui.rating.save_draft"), key="rating_save", icon=":material/save:", width="stretch")
        st.form_submit_button(
            tr("ui.rating.submit"), key="rating_submit", type="primary", icon=":material/send:", width="stretch"
        )


@st.cache_data(show_spinner=False, max_entries=64)
def _group_feedback(url: str, version: str, username: str, role: str, user_id: int | None, aid: int) -> GroupFeedback:
    """``ratings.group_feedback`` cached by data version (the previous round is closed, so it rarely changes)."""
    return ratings.group_feedback(get_store(url), Actor(username=username, role=role, user_id=user_id), aid)


def _feedback(ctx: PageContext, aid: int, rnd: int, version: str) -> dict[tuple[str, str], IndicatorFeedback]:
    if rnd < 2:
        return {}
    try:
        fb = _group_feedback(ctx.store.url, version, ctx.actor.username, ctx.actor.role, ctx.actor.user_id, aid)
    except RiskModelError as exc:
        st.warning(error_text(exc))
        return {}
    return fb.by_key()


def _guidance(q, ind) -> str:
    """The indicator's guidance (and stage) for the help tooltip of its picker — no extra elements."""
    text = text_of(ind.guidance)
    if ind.stage is not None:
        text += "\n\n" + tr("ui.rating.stage", stage=text_of(ind.stage))
    return text


def _scale_legend(q) -> None:
    """The scale anchors with their descriptions, once per page (not per indicator)."""
    with st.expander(tr("ui.rating.scale_legend"), key="rating_scale_legend"):
        if q.method == "score":
            for anchor in q.scale.anchors:
                desc = text_of(anchor.description) if anchor.description else ""
                st.markdown(f"- **{anchor.value} {text_of(anchor.label)}** {desc}")
        else:
            for label_key, scale in (
                ("ui.rating.probability", q.probability_scale),
                ("ui.rating.impact", q.impact_scale),
            ):
                levels = tr("ui.common.list_sep").join(f"{lv.level} {text_of(lv.label)}" for lv in scale.levels)
                st.markdown(f"- **{tr(label_key)}**: {levels}")
        st.caption(tr("ui.rating.guidance_hint"))


def _pickers(q) -> dict[str, Any]:
    """What every indicator's pickers share (options, captions, labels), translated once per form."""
    if q.method == "score":
        fields = [("score", q.scale.anchors, "ui.rating.score")]
        specs = [(f, [a.value for a in items], [text_of(a.label) for a in items], tr(k)) for f, items, k in fields]
    else:
        fields = [
            ("probability", q.probability_scale.levels, "ui.rating.probability"),
            ("impact", q.impact_scale.levels, "ui.rating.impact"),
        ]
        specs = [(f, [lv.level for lv in items], [text_of(lv.label) for lv in items], tr(k)) for f, items, k in fields]
    return {"specs": specs, "comment": tr("ui.rating.comment"), "placeholder": tr("ui.rating.comment_placeholder")}


def _indicator(
    q,
    aid: int,
    rnd: int,
    phase: str,
    ind,
    initial: RatingEntry | None,
    fb: IndicatorFeedback | None,
    pickers: dict[str, Any] | None = None,
    entered: dict[str, Any] | None = None,
) -> None:
    pickers = pickers or _pickers(q)
    st.markdown(f"**{ind.id} · {text_of(ind.name)}**")
    guidance = _guidance(q, ind)
    entered = entered or {}
    # options are the bare numbers (stable across languages); the anchor/level labels are captions;
    # the guidance is the help of the (first) picker
    for n, (field, values, captions, label) in enumerate(pickers["specs"]):
        k = widget_key(aid, rnd, phase, ind.id, field)
        current = entered[k] if k in entered else (initial.value(field) if initial else None)
        index = values.index(int(current)) if current is not None and int(current) in values else None
        st.radio(
            label, values, index=index, horizontal=True, captions=captions, help=guidance if n == 0 else None, key=k
        )
    if fb is not None:
        st.caption(_feedback_text(q, fb))
    ck = widget_key(aid, rnd, phase, ind.id, "comment")
    st.text_input(
        pickers["comment"],
        value=entered.get(ck, initial.comment if initial else None) or "",
        max_chars=4000,
        key=ck,
        placeholder=pickers["placeholder"],
    )


def _feedback_text(q, fb: IndicatorFeedback) -> str:
    """His own previous rating and the group's median/IQR — never anyone else's rating."""
    fields = ("score",) if q.method == "score" else ("probability", "impact")
    parts = []
    own = fb.own or {}
    for field in fields:
        stats = fb.spread(field)
        if stats is None:
            continue
        parts.append(
            tr(
                "ui.rating.feedback_field",
                field=tr(f"ui.rating.{field}"),
                own=fmt_number(own.get(field), 0) if own.get(field) is not None else tr("ui.rating.feedback_no_own"),
                median=fmt_number(stats.median, 1),
                iqr=fmt_number(stats.iqr, 1),
            )
        )
    return tr("ui.rating.feedback", details=tr("ui.common.list_sep").join(parts), n=fb.n)


def _self_assessment(
    aid: int, rnd: int, dim_id: str, member: PanelMemberView | None, values: dict[str, Any] | None = None
) -> None:
    st.markdown(f"*{tr('ui.rating.self_assessment')}*")
    values = values or {}
    for which, options in (("ca", CA_OPTIONS), ("cs", CS_OPTIONS)):
        current = values.get(ca_cs_key(aid, rnd, which, dim_id), _coef(member, which, dim_id))
        st.selectbox(
            tr(f"ui.rating.{which}"),
            options,
            index=closest(options, current),
            format_func=labeled(options, lambda v, w=which: tr(f"ui.rating.{w}_opt.{opt_key(v)}")),
            key=lkey(f"rate_{aid}_{rnd}_{which}_{dim_id}"),
        )


def _measures_reference(items: list[MeasureView]) -> None:
    rows = [
        {
            tr("ui.measures.col.factor"): m.factor,
            tr("ui.measures.col.measure"): m.measure,
            tr("ui.measures.col.responsible"): m.responsible or "",
        }
        for m in items
    ]
    st.dataframe(rows, hide_index=True, key="rating_measures_ref", width="stretch")
