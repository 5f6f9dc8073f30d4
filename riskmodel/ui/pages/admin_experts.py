"""专家库 — the expert library for admins: the list with each expert's participation record, import from
CSV/XLSX (every bad row named, nothing stored unless all are valid), and adding or editing an expert."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import experts
from riskmodel.services.views.register import CATEGORIES
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import done, show_flash
from riskmodel.ui.components.register_ui import call, experts_frame, label, rt, table
from riskmodel.ui.components.text import labeled, lkey

NEW = ""


def _form(ctx, rows: list) -> None:
    names = [NEW, *[e.username for e in rows]]
    which = st.selectbox(
        rt("edit_which_expert"),
        names,
        key=lkey("exp_edit_which"),
        format_func=labeled(names, lambda n: rt("new") if n == NEW else n),
    )
    e = next((r for r in rows if r.username == which), None)
    with st.form(f"exp_form_{which or 'new'}"):
        c1, c2 = st.columns(2)
        username = c1.text_input(
            rt("col.username"),
            value=e.username if e else "",
            max_chars=64,
            key=f"exp_f_user_{which}",
            disabled=e is not None,
        )
        name = c2.text_input(rt("col.name"), value=e.name if e else "", max_chars=100, key=f"exp_f_name_{which}")
        category = c1.selectbox(
            rt("col.category"),
            CATEGORIES,
            index=CATEGORIES.index(e.category) if e else 0,
            key=f"exp_f_cat_{which}",
            format_func=labeled(CATEGORIES, lambda c: label("category", c)),
        )
        field = c2.text_input(rt("col.field"), value=e.field if e else "", max_chars=100, key=f"exp_f_field_{which}")
        org = c1.text_input(
            rt("col.organisation"), value=e.organisation if e else "", max_chars=200, key=f"exp_f_org_{which}"
        )
        title = c2.text_input(
            rt("col.title_rank"), value=(e.title or "") if e else "", max_chars=100, key=f"exp_f_title_{which}"
        )
        years = c1.number_input(rt("col.years"), 0, 80, value=e.years if e else 0, key=f"exp_f_years_{which}")
        available = c2.checkbox(rt("col.available"), value=e.available if e else True, key=f"exp_f_avail_{which}")
        if st.form_submit_button(rt("save"), type="primary", key=f"exp_f_save_{which}"):
            fields = {
                "username": e.username if e else username,
                "name": name,
                "category": category,
                "field": field,
                "organisation": org,
                "title": title,
                "years": int(years),
                "available": available,
            }
            ok, _ = call(experts.save_expert, ctx.store, ctx.actor, fields)
            if ok:
                done(rt("expert_saved", username=fields["username"]))


def render() -> None:
    ctx = shell.page_context("admin")
    st.title(rt("experts_title"))
    show_flash()
    st.caption(rt("experts_help"))
    cats = ["", *CATEGORIES]
    cat = st.selectbox(
        rt("col.category"),
        cats,
        key=lkey("exp_filter_cat"),
        format_func=labeled(cats, lambda c: rt("all") if not c else label("category", c)),
    )
    rows = experts.list_experts(ctx.store, category=cat or None)
    st.caption(rt("expert_count", count=len(rows)))
    table(experts_frame(rows), "exp_table")
    tab_import, tab_edit = st.tabs([rt("tab.import"), rt("tab.edit_expert")], key="exp_tabs")
    with tab_import:
        st.caption(rt("experts_import_help"))
        upload = st.file_uploader(rt("file"), type=["csv", "xlsx"], key="exp_upload")
        if st.button(rt("import"), key="exp_import", type="primary", disabled=upload is None) and upload is not None:
            ok, out = call(experts.import_experts, ctx.store, ctx.actor, upload.name, data=upload.getvalue())
            if ok and out is not None:
                done(rt("experts_imported", **out.as_dict()))
    with tab_edit:
        _form(ctx, experts.list_experts(ctx.store))


if __name__ == "__main__":
    render()
