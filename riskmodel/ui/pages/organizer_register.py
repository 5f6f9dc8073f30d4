"""稳评事项台账 — the register for organizers: list, import, enter and edit, link assessments, record
decisions (the gate flags 未评先决 and departures from the filed verdict), submit assessments for 备案."""

from __future__ import annotations

from datetime import date

import streamlit as st

from riskmodel.domain import State
from riskmodel.services import assessments, assessors, filing, register
from riskmodel.services.views.register import CHECKPOINTS, DECISIONS, KINDS, MATTER_STATES, TRACKS
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import done, show_flash
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.register_ui import call, checklist_frame, flag_text, label, matters_frame, rt, table
from riskmodel.ui.components.text import labeled, lkey, stage_label, tr, verdict_label

NEW = ""
SIGNED = (State.CONCLUDED, State.TRACKING)  # a verdict is signed: the assessment may be filed


def _filters(store) -> dict:
    years = register.years(store)
    c1, c2, c3 = st.columns(3)
    year = c1.selectbox(
        rt("year"),
        [0, *years],
        index=1 if years else 0,
        key="reg_year",
        format_func=lambda y: rt("all") if y == 0 else str(y),
    )
    state = c2.selectbox(
        rt("col.state"),
        ["", *MATTER_STATES],
        key=lkey("reg_state"),
        format_func=labeled(["", *MATTER_STATES], lambda s: rt("all") if not s else label("state", s)),
    )
    text = c3.text_input(rt("search"), key="reg_search", max_chars=60)
    return {"year": year or None, "state": state or None, "text": text.strip()}


def _list(store, f: dict) -> list:
    rows = register.list_matters(store, year=f["year"], state=f["state"])
    if f["text"]:
        rows = [m for m in rows if f["text"] in m.code or f["text"] in m.title or f["text"] in m.department]
    st.caption(rt("count", count=len(rows)))
    table(matters_frame(rows[:500]), "reg_table")
    return rows


def _import(ctx) -> None:
    st.caption(rt("import_help"))
    upload = st.file_uploader(rt("file"), type=["csv", "xlsx"], key="reg_upload")
    if st.button(rt("import"), key="reg_import", type="primary", disabled=upload is None) and upload is not None:
        ok, out = call(register.import_matters, ctx.store, ctx.actor, upload.name, data=upload.getvalue())
        if ok and out is not None:
            done(rt("imported", **out.as_dict()))


def _edit(ctx, rows: list) -> None:
    codes = [NEW, *[m.code for m in rows]]
    code = st.selectbox(
        rt("edit_which"),
        codes,
        key=lkey("reg_edit_code"),
        format_func=labeled(codes, lambda c: rt("new") if c == NEW else c),
    )
    m = next((r for r in rows if r.code == code), None)
    with st.form(f"reg_form_{code or 'new'}"):
        c1, c2 = st.columns(2)
        new_code = c1.text_input(
            rt("col.code"), value=m.code if m else "", max_chars=40, key=f"reg_f_code_{code}", disabled=m is not None
        )
        title = c2.text_input(rt("col.title"), value=m.title if m else "", max_chars=200, key=f"reg_f_title_{code}")
        kind = c1.selectbox(
            rt("col.kind"),
            KINDS,
            index=KINDS.index(m.kind) if m else 0,
            key=f"reg_f_kind_{code}",
            format_func=labeled(KINDS, lambda k: label("kind", k)),
        )
        checkpoint = c2.selectbox(
            rt("col.checkpoint"),
            CHECKPOINTS,
            index=CHECKPOINTS.index(m.checkpoint) if m else 0,
            key=f"reg_f_cp_{code}",
            format_func=labeled(CHECKPOINTS, stage_label),
        )
        department = c1.text_input(
            rt("col.department"), value=m.department if m else "", max_chars=100, key=f"reg_f_dep_{code}"
        )
        region = c2.text_input(rt("col.region"), value=m.region if m else "", max_chars=100, key=f"reg_f_reg_{code}")
        year = c1.number_input(
            rt("year"), 2000, 2100, value=m.year if m else date.today().year, key=f"reg_f_year_{code}"
        )
        planned = c2.text_input(
            rt("col.planned"),
            value=(m.planned_decision_date or "") if m else "",
            max_chars=10,
            placeholder="YYYY-MM-DD",
            key=f"reg_f_planned_{code}",
        )
        tracks = ["", *TRACKS]
        track = c1.selectbox(
            rt("col.track"),
            tracks,
            index=tracks.index(m.track or "") if m else 0,
            key=f"reg_f_track_{code}",
            format_func=labeled(tracks, lambda x: tr("ui.common.none") if not x else label("track", x)),
        )
        if st.form_submit_button(rt("save"), type="primary", key=f"reg_f_save_{code}"):
            fields = {
                "code": m.code if m else new_code,
                "title": title,
                "kind": kind,
                "checkpoint": checkpoint,
                "department": department,
                "region": region,
                "year": int(year),
                "planned_decision_date": planned,
                "track": track,
            }
            ok, _ = call(register.save_matter, ctx.store, ctx.actor, fields, row_version=m.row_version if m else None)
            if ok:
                done(rt("saved", code=fields["code"]))


def _matter_pick(rows: list, key: str) -> str | None:
    codes = [m.code for m in rows]
    if not codes:
        st.info(tr("ui.common.no_data"))
        return None
    titles = {m.code: m.title for m in rows}
    return st.selectbox(rt("matter"), codes, key=key, format_func=lambda c: f"{c} {titles.get(c, '')}")


def _link(ctx, rows: list) -> None:
    code = _matter_pick(rows, "reg_link_matter")
    items = assessments.list_assessments(ctx.store, ctx.actor)
    chosen = assessment_picker(items, "reg_link_assessment")
    firms = [""] + [a.credit_code for a in assessors.list_assessors(ctx.store) if a.status == "valid"]
    names = {a.credit_code: a.name for a in assessors.list_assessors(ctx.store)}
    firm = st.selectbox(
        rt("assessor"),
        firms,
        key=lkey("reg_link_firm"),
        format_func=labeled(firms, lambda c: rt("office") if not c else f"{names.get(c, c)} ({c})"),
    )
    st.caption(rt("link_help"))
    if st.button(rt("link"), key="reg_link_go", type="primary", disabled=not (code and chosen)) and code and chosen:
        ok, out = call(register.link_assessment, ctx.store, ctx.actor, code, chosen.id, assessor_code=firm or None)
        if ok and out is not None:
            if out.moved_from:
                done(rt("moved", id=chosen.id, old=out.moved_from, code=code))
            done(rt("linked", id=chosen.id, code=code))


def _decide(ctx, rows: list) -> None:
    code = _matter_pick(rows, "reg_decide_matter")
    m = next((r for r in rows if r.code == code), None)
    if m is None:
        return
    st.caption(rt("filed_verdict", verdict=verdict_label(m.filed_verdict) if m.filed_verdict else rt("none_filed")))
    if not m.filed_verdict:
        st.warning(rt("gate_warning"), icon=":material/gpp_maybe:")
    c1, c2 = st.columns(2)
    decision = c1.selectbox(
        rt("col.decision"), DECISIONS, key=lkey(f"reg_dec_{code}"), format_func=labeled(DECISIONS, verdict_label)
    )
    when = c2.date_input(rt("col.decision_date"), value=date.today(), key=f"reg_dec_date_{code}")
    note = st.text_input(rt("note"), key=f"reg_dec_note_{code}", max_chars=500)
    if st.button(rt("decide"), key=f"reg_dec_go_{code}", type="primary"):
        ok, out = call(register.decide, ctx.store, ctx.actor, code, decision, when, note=note)
        if ok and out is not None:
            done(rt("decided", code=code, flag=flag_text(out) or rt("flag.none")))


def _submit(ctx) -> None:
    items = [a for a in assessments.list_assessments(ctx.store, ctx.actor) if a.state in SIGNED]
    chosen = assessment_picker(items, "reg_submit_assessment")
    if chosen is None:
        st.info(tr("ui.common.no_data"))
        return
    latest = filing.latest_filing(ctx.store, chosen.id)
    if latest is not None:
        st.caption(rt("latest_filing", state=label("filing_state", latest.state), number=latest.number))
        if latest.decision_reason:
            st.text(latest.decision_reason)
    table(checklist_frame(filing.checklist(ctx.store, chosen.id, lang=ctx.lang)), "reg_submit_checklist")
    note = st.text_area(rt("change_note"), key=f"reg_submit_note_{chosen.id}", max_chars=2000)
    if st.button(rt("submit"), key=f"reg_submit_go_{chosen.id}", type="primary"):
        ok, out = call(filing.submit, ctx.store, ctx.actor, chosen.id, note=note or None)
        if ok and out is not None:
            done(rt("submitted", id=chosen.id, number=out.number))


def render() -> None:
    ctx = shell.page_context("organizer")
    st.title(rt("register_title"))
    show_flash()
    st.caption(rt("register_help"))
    rows = _list(ctx.store, _filters(ctx.store))
    everything = register.list_matters(ctx.store)
    tabs = st.tabs(
        [rt("tab.import"), rt("tab.edit"), rt("tab.link"), rt("tab.decide"), rt("tab.submit")], key="reg_tabs"
    )
    with tabs[0]:
        _import(ctx)
    with tabs[1]:
        _edit(ctx, everything)
    with tabs[2]:
        _link(ctx, everything)
    with tabs[3]:
        _decide(ctx, rows or everything)
    with tabs[4]:
        _submit(ctx)


if __name__ == "__main__":
    render()
