"""评分表 — one expert rates the indicators of one assessment in the open Delphi round.

Rendered from the questionnaire: dimension sections, per indicator its name, guidance and scale
anchors, a score (or 风险概率 + 影响程度 pickers for probability–impact questionnaires), a comment; the
phase after measures once measures are recorded; the expert's Ca/Cs self-assessment per dimension.
Save as draft at any time; submit after a confirmation step. From round 2 on the expert sees his own
previous rating beside the group's median and IQR — never another expert's rating.

Widgets live in one form (no rerun per click, which matters on a phone). One phase (措施前 / 措施后) is
rendered at a time — Streamlit's per-widget cost grows with the number of widgets on the page — and the
phase is switched with submit buttons of the form, so what was typed reaches the server before the
switch. Streamlit forgets the state of widgets that are not rendered, so the values are kept in a plain
session dict (``_values``), refreshed from the widgets at the start of every run; the widgets start from
it, and 保存草稿/提交 use it, i.e. the values of every phase.
"""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.services import assessments, dashboard, measures, panels, ratings, ui_support
from riskmodel.services.context import Actor
from riskmodel.services.measures import MEASURE_STATUSES
from riskmodel.store import get_store
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import flash, run_action, show_flash
from riskmodel.ui.components.network_evidence import render_network_evidence
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.text import fmt_number, labeled, lang, lkey, phase_label, state_label, text_of, tr

# Self-assessment options (判断依据 Ca, 熟悉程度 Cs), labelled from the catalog (ui.rating.ca_opt.* / cs_opt.*).
CA_OPTIONS: tuple[float, ...] = (1.0, 0.8, 0.6, 0.4, 0.2)
CS_OPTIONS: tuple[float, ...] = (1.0, 0.8, 0.6, 0.4, 0.2)
PENDING_KEY = "rating_pending"
PHASE_BUTTON = "rating_phase_{}"  # the form's phase switch (one submit button per phase)
CANCELLED = MEASURE_STATUSES[-1]  # a cancelled measure is not assessed


def _key(aid: int, rnd: int, phase: str, indicator: str, field: str) -> str:
    return f"rate_{aid}_{rnd}_{phase}_{indicator}_{field}"


def _opt_key(value: float) -> str:
    return f"{value:.1f}".replace(".", "_")


def _closest(options: tuple[float, ...], value: Any) -> int:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0
    return min(range(len(options)), key=lambda i: abs(options[i] - v))


def _coefficient(value: Any, dim: str) -> Any:
    if isinstance(value, dict):
        return value.get(dim, value.get("*", 1.0))
    return value


def render() -> None:
    ctx = shell.page_context("expert")
    st.title(tr("ui.rating.title"))
    show_flash()
    version = dashboard.data_version(ctx.store)  # read once per run; the caches below are keyed on it
    mine_list = _my_assessments(ctx.store.url, version, ctx.actor.username, ctx.actor.role, ctx.actor.user_id)
    if not mine_list:
        st.info(tr("ui.expert_home.empty"))
        return
    chosen = assessment_picker(mine_list, key="rating_pick")
    if chosen is None:
        return
    aid = chosen["id"]
    q = assessments.questionnaire_of(ctx.store, aid)
    mine = ratings.my_ratings(ctx.store, ctx.actor, aid)
    member = ui_support.my_membership(ctx.store, ctx.actor, aid) or {}
    st.caption(
        tr(
            "ui.rating.meta",
            code=chosen["project_code"],
            questionnaire=text_of(q.name),
            state=state_label(chosen["state"]),
        )
    )

    if member.get("has_conflict"):
        st.warning(tr("ui.rating.conflict_declared", statement=member.get("conflict_statement") or ""))
        return
    if not mine["round_open"]:
        st.info(tr("ui.rating.no_open_round"))
        _submitted_table(q, mine["submitted"])
        return

    rnd = int(mine["round"])
    active_measures = [m for m in measures.list_measures(ctx.store, aid) if m["status"] != CANCELLED]
    phases = ["before"] + (["after"] if "after" in q.phases and active_measures else [])
    token_key = f"rating_token_{aid}_{rnd}"
    st.session_state.setdefault(token_key, uuid.uuid4().hex)
    values = _values(aid, rnd)
    _sync(q, aid, rnd, phases, values)
    phase_key = f"rating_phase_{aid}_{rnd}"
    for p in phases:
        if st.session_state.get(PHASE_BUTTON.format(p)):
            st.session_state[phase_key] = p
    phase = st.session_state.get(phase_key)
    if phase not in phases:
        phase = phases[0]
    prior = _prior(mine, rnd)

    # A click (保存草稿, 提交, 确认提交, 返回修改) is acted on before anything below is drawn, and the page then
    # shows the outcome in the same run instead of rerunning: the widgets' values are already in the session,
    # and drawing ~100 widgets (or running the page twice) only to throw the result away would double the
    # server time of every click. On a refusal the message is shown above the form (or the confirmation).
    pending = st.session_state.get(PENDING_KEY)
    pending_here = bool(pending and pending.get("aid") == aid and pending.get("round") == rnd)
    changed = False
    if pending_here and st.session_state.get("rating_confirm_yes"):
        changed = _submit_pending(ctx, aid, pending, token_key)
        pending_here = not changed
    elif pending_here and st.session_state.get("rating_confirm_no"):
        st.session_state.pop(PENDING_KEY, None)
        pending_here = False
    elif not pending_here and (st.session_state.get("rating_save") or st.session_state.get("rating_submit")):
        outcome = _act(
            ctx,
            q,
            aid,
            rnd,
            phases,
            member,
            token_key,
            values,
            prior,
            submit=bool(st.session_state.get("rating_submit")),
        )
        changed = outcome is not None
        pending_here = outcome == "pending"
        pending = st.session_state.get(PENDING_KEY)
    if changed:
        mine = ratings.my_ratings(ctx.store, ctx.actor, aid)

    submitted_now = {(r["indicator"], r["phase"]): r for r in mine["submitted"] if r["round"] == rnd}
    drafts = {(d["indicator"], d["phase"]): d for d in mine["drafts"]}
    total = len(q.indicator_ids()) * len(phases)
    st.markdown(
        tr(
            "ui.rating.round_status",
            number=rnd,
            done=len([k for k in submitted_now if k[1] in phases]),
            total=total,
            drafts=len(drafts),
        )
    )
    if rnd >= 2:
        st.caption(tr("ui.rating.feedback_hint", previous=rnd - 1))
    if pending_here:
        _confirm_block(pending, total)
        return
    _form(ctx, q, aid, rnd, phases, phase, member, active_measures, drafts, submitted_now, version, values)
    _conflict_form(ctx, aid)


def _values(aid: int, rnd: int) -> dict[str, Any]:
    """The form's values of every phase ({widget key: value}), kept outside the widgets' own state."""
    return st.session_state.setdefault(f"rating_values_{aid}_{rnd}", {})


def _ca_cs_key(aid: int, rnd: int, which: str, dim_id: str) -> str:
    return f"rate_{aid}_{rnd}_{which}_{dim_id}"


def _sync(q, aid: int, rnd: int, phases: list[str], values: dict[str, Any]) -> None:
    """Copy the values of the widgets rendered in the previous run (the only ones in the session) into ``values``."""
    state = st.session_state.to_dict()  # one filtered copy, not one per key
    fields = (("score",) if q.method == "score" else ("probability", "impact")) + ("comment",)
    for phase in phases:
        for ind in q.indicators():
            for field in fields:
                k = _key(aid, rnd, phase, ind.id, field)
                if k in state:
                    values[k] = state[k]
    for d in q.dimensions:
        for which in ("ca", "cs"):
            k = lkey(_ca_cs_key(aid, rnd, which, d.id))
            if k in state:
                values[_ca_cs_key(aid, rnd, which, d.id)] = state[k]


def _prior(mine: dict, rnd: int) -> dict[tuple[str, str], dict]:
    """What the form starts from where nothing was entered in this session: the draft, else this round's rating."""
    prior = {(r["indicator"], r["phase"]): r for r in mine["submitted"] if r["round"] == rnd}
    prior.update({(d["indicator"], d["phase"]): d for d in mine["drafts"]})
    return prior


def _act(
    ctx: shell.PageContext,
    q,
    aid: int,
    rnd: int,
    phases: list[str],
    member: dict,
    token_key: str,
    values: dict[str, Any],
    prior: dict,
    *,
    submit: bool,
) -> str | None:
    """Save the form as a draft ("saved"); for 提交 then ask for confirmation ("pending"). None on a refusal."""
    entries = _collect(q, aid, rnd, phases, values, prior)
    if not _save_self_assessment(ctx, q, aid, rnd, member, values):
        return None
    if entries and run_action(ratings.save_draft, ctx.store, ctx.actor, aid, entries) is None:
        return None
    if not submit:
        st.success(tr("ui.rating.draft_saved", count=len(entries)))
        return "saved"
    complete = [e for e in entries if _complete(q, e)]
    if not complete:
        st.error(tr("ui.rating.nothing_to_submit"))
        return None
    st.session_state[PENDING_KEY] = {
        "aid": aid,
        "round": rnd,
        "entries": complete,
        "token": st.session_state[token_key],
    }
    return "pending"


def _submit_pending(ctx: shell.PageContext, aid: int, pending: dict, token_key: str) -> bool:
    """确认提交: store the confirmed ratings (one transaction; the token makes a repeated click a no-op)."""
    result = run_action(ratings.submit_ratings, ctx.store, ctx.actor, aid, pending["entries"], token=pending["token"])
    if result is None:
        return False
    st.session_state.pop(PENDING_KEY, None)
    st.session_state[token_key] = uuid.uuid4().hex
    st.success(tr("ui.rating.submitted", count=result["ratings"], round=result["round"]))
    return True


def _form(
    ctx: shell.PageContext,
    q,
    aid: int,
    rnd: int,
    phases: list[str],
    phase: str,
    member: dict,
    active_measures: list[dict],
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
def _my_assessments(url: str, version: str, username: str, role: str, user_id: int | None) -> list[dict]:
    """``assessments.list_assessments`` for the expert, cached by data version (as ``components.lists``)."""
    return assessments.list_assessments(get_store(url), Actor(username=username, role=role, user_id=user_id))


@st.cache_data(show_spinner=False, max_entries=64)
def _group_feedback(url: str, version: str, username: str, role: str, user_id: int | None, aid: int) -> dict:
    """``ratings.group_feedback`` cached by data version (the previous round is closed, so it rarely changes)."""
    return ratings.group_feedback(get_store(url), Actor(username=username, role=role, user_id=user_id), aid)


def _feedback(ctx: shell.PageContext, aid: int, rnd: int, version: str) -> dict[tuple[str, str], dict]:
    if rnd < 2:
        return {}
    try:
        fb = _group_feedback(ctx.store.url, version, ctx.actor.username, ctx.actor.role, ctx.actor.user_id, aid)
    except RiskModelError as exc:
        st.warning(exc.message(lang()))
        return {}
    return {(item["indicator"], item["phase"]): item for item in fb.get("indicators", [])}


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
    initial: dict | None,
    fb: dict | None,
    pickers: dict[str, Any] | None = None,
    entered: dict[str, Any] | None = None,
) -> None:
    pickers = pickers or _pickers(q)
    st.markdown(f"**{ind.id} · {text_of(ind.name)}**")
    guidance = _guidance(q, ind)
    initial = initial or {}
    entered = entered or {}
    # options are the bare numbers (stable across languages); the anchor/level labels are captions;
    # the guidance is the help of the (first) picker
    for n, (field, values, captions, label) in enumerate(pickers["specs"]):
        k = _key(aid, rnd, phase, ind.id, field)
        current = entered[k] if k in entered else initial.get(field)
        index = values.index(int(current)) if current is not None and int(current) in values else None
        st.radio(
            label, values, index=index, horizontal=True, captions=captions, help=guidance if n == 0 else None, key=k
        )
    if fb is not None:
        st.caption(_feedback_text(q, fb))
    ck = _key(aid, rnd, phase, ind.id, "comment")
    st.text_input(
        pickers["comment"],
        value=(entered[ck] if ck in entered else initial.get("comment")) or "",
        max_chars=4000,
        key=ck,
        placeholder=pickers["placeholder"],
    )


def _feedback_text(q, fb: dict) -> str:
    """His own previous rating and the group's median/IQR — never anyone else's rating."""
    fields = ("score",) if q.method == "score" else ("probability", "impact")
    parts = []
    own = fb.get("own") or {}
    for field in fields:
        stats = fb.get(field)
        if not stats:
            continue
        parts.append(
            tr(
                "ui.rating.feedback_field",
                field=tr(f"ui.rating.{field}"),
                own=fmt_number(own.get(field), 0) if own.get(field) is not None else tr("ui.rating.feedback_no_own"),
                median=fmt_number(stats["median"], 1),
                iqr=fmt_number(stats["iqr"], 1),
            )
        )
    return tr("ui.rating.feedback", details=tr("ui.common.list_sep").join(parts), n=fb.get("n", 0))


def _self_assessment(aid: int, rnd: int, dim_id: str, member: dict, values: dict[str, Any] | None = None) -> None:
    st.markdown(f"*{tr('ui.rating.self_assessment')}*")
    values = values or {}
    for which, options in (("ca", CA_OPTIONS), ("cs", CS_OPTIONS)):
        current = values.get(_ca_cs_key(aid, rnd, which, dim_id), _coefficient(member.get(which, 1.0), dim_id))
        st.selectbox(
            tr(f"ui.rating.{which}"),
            options,
            index=_closest(options, current),
            format_func=labeled(options, lambda v, w=which: tr(f"ui.rating.{w}_opt.{_opt_key(v)}")),
            key=lkey(f"rate_{aid}_{rnd}_{which}_{dim_id}"),
        )


def _save_self_assessment(ctx: shell.PageContext, q, aid: int, rnd: int, member: dict, values: dict[str, Any]) -> bool:
    def chosen(which: str) -> dict[str, float]:
        return {
            d.id: float(values.get(_ca_cs_key(aid, rnd, which, d.id), _coefficient(member.get(which, 1.0), d.id)))
            for d in q.dimensions
        }

    ca, cs = chosen("ca"), chosen("cs")
    current_ca = {d.id: float(_coefficient(member.get("ca", 1.0), d.id)) for d in q.dimensions}
    current_cs = {d.id: float(_coefficient(member.get("cs", 1.0), d.id)) for d in q.dimensions}
    if ca == current_ca and cs == current_cs:
        return True
    ok = run_action(ui_support.set_self_assessment, ctx.store, ctx.actor, aid, ca, cs)
    return ok is not None


def _collect(q, aid: int, rnd: int, phases: list[str], values: dict[str, Any], prior: dict) -> list[dict]:
    """Every phase's entries: the value entered in this session, else the draft / this round's rating."""
    entries = []
    fields = ("score",) if q.method == "score" else ("probability", "impact")

    def value(phase: str, ind_id: str, field: str) -> Any:
        k = _key(aid, rnd, phase, ind_id, field)
        if k in values:
            return values[k]
        v = (prior.get((ind_id, phase)) or {}).get(field)
        return int(v) if v is not None and field != "comment" else v

    for phase in phases:
        for ind in q.indicators():
            entry: dict[str, Any] = {"indicator": ind.id, "phase": phase}
            for field in fields:
                entry[field] = value(phase, ind.id, field)
            comment = (value(phase, ind.id, "comment") or "").strip()
            entry["comment"] = comment or None
            if any(entry[f] is not None for f in fields) or entry["comment"]:
                entries.append(entry)
    return entries


def _complete(q, entry: dict) -> bool:
    if q.method == "score":
        return entry.get("score") is not None
    return entry.get("probability") is not None and entry.get("impact") is not None


def _confirm_block(pending: dict, total: int) -> None:
    """The confirmation step; its buttons are handled at the start of the next run (``render``)."""
    entries = pending["entries"]
    with st.container(border=True, key="rating_confirm_box"):
        st.subheader(tr("ui.rating.confirm_title"))
        st.markdown(
            tr("ui.rating.confirm_prompt", count=len(entries), total=total, missing=max(0, total - len(entries)))
        )
        st.caption(tr("ui.rating.confirm_note"))
        st.button(
            tr("ui.rating.confirm_submit"),
            key="rating_confirm_yes",
            type="primary",
            width="stretch",
            icon=":material/check:",
        )
        st.button(tr("ui.rating.confirm_back"), key="rating_confirm_no", width="stretch", icon=":material/arrow_back:")


def _measures_reference(items: list[dict]) -> None:
    rows = [
        {
            tr("ui.measures.col.factor"): m["factor"],
            tr("ui.measures.col.measure"): m["measure"],
            tr("ui.measures.col.responsible"): m.get("responsible") or "",
        }
        for m in items
    ]
    st.dataframe(rows, hide_index=True, key="rating_measures_ref", width="stretch")


def _submitted_table(q, submitted: list[dict]) -> None:
    if not submitted:
        return
    names = {ind.id: text_of(ind.name) for ind in q.indicators()}
    rows = []
    for r in submitted:
        value = (
            fmt_number(r["score"], 0)
            if q.method == "score"
            else f"{fmt_number(r['probability'], 0)} × {fmt_number(r['impact'], 0)}"
        )
        rows.append(
            {
                tr("ui.rating.col.indicator"): f"{r['indicator']} {names.get(r['indicator'], '')}",
                tr("ui.rating.col.phase"): phase_label(r["phase"]),
                tr("ui.rating.col.value"): value,
                tr("ui.rating.col.round"): r["round"],
                tr("ui.rating.col.comment"): r.get("comment") or "",
            }
        )
    st.subheader(tr("ui.rating.my_submitted"))
    st.dataframe(rows, hide_index=True, key="rating_submitted_table", width="stretch")


def _conflict_form(ctx: shell.PageContext, aid: int) -> None:
    with st.expander(tr("ui.rating.conflict_title"), key=f"rating_conflict_{aid}"):
        st.caption(tr("ui.rating.conflict_help"))
        statement = st.text_area(tr("ui.rating.conflict_statement"), key=f"rating_conflict_text_{aid}", max_chars=2000)
        if st.button(tr("ui.rating.conflict_declare"), key=f"rating_conflict_btn_{aid}"):
            if run_action(panels.declare_conflict, ctx.store, ctx.actor, aid, True, statement) is not None:
                flash(tr("ui.rating.conflict_recorded"), "warning")
                st.rerun()


if __name__ == "__main__":
    render()
