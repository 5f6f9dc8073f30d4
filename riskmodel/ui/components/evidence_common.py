"""Shared pieces of the evidence tabs: read-only notice, record tables, delete and import controls."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.services import evidence, workflow
from riskmodel.services.evidence_import import import_records
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import done, run_action, try_action
from riskmodel.ui.components.text import tr


def editable(a: AssessmentView) -> bool:
    """Records can change until the verdict; afterwards the tabs only show them."""
    ok = workflow.allowed(a.state, "edit_setup")
    if not ok:
        st.info(tr("evidence.ui.locked"), icon=":material/lock:")
    return ok


def records_table(rows: list[dict[str, Any]], columns: dict[str, str], key: str) -> None:
    """The records as a table (user text as plain cells, never Markdown)."""
    if not rows:
        st.caption(tr("evidence.ui.none"))
        return
    frame = pd.DataFrame([{label: r.get(k) for k, label in columns.items()} for r in rows])
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    st.dataframe(frame, key=key, width="stretch")


def delete_control(ctx: PageContext, aid: int, kind: str, options: dict[int, str], key: str, enabled: bool) -> None:
    """A select of one record and a delete button (audited)."""
    if not options or not enabled:
        return
    with st.expander(tr("evidence.ui.delete_title"), icon=":material/delete:", key=f"{key}_exp"):
        chosen = st.selectbox(
            tr("evidence.ui.delete_pick"), list(options), format_func=lambda i: options[i], key=f"{key}_pick"
        )
        if st.button(tr("evidence.ui.delete"), key=f"{key}_btn", icon=":material/delete:"):
            ok, _ = try_action(evidence.delete_record, ctx.store, ctx.actor, aid, kind, int(chosen))
            if ok:
                done(tr("evidence.ui.deleted"))


def import_control(ctx: PageContext, aid: int, what: str, key: str, enabled: bool) -> None:
    """Upload a CSV/XLSX list (all rows or nothing; problems listed by row)."""
    if not enabled:
        return
    with st.expander(tr(f"evidence.ui.import_{what}"), icon=":material/upload_file:", key=f"{key}_exp"):
        st.caption(tr(f"evidence.ui.import_{what}_help"))
        upload = st.file_uploader(tr("evidence.ui.file"), type=["csv", "xlsx"], key=f"{key}_file")
        if upload is not None and st.button(tr("evidence.ui.import"), key=f"{key}_btn", icon=":material/upload:"):
            n = run_action(import_records, ctx.store, ctx.actor, aid, what, upload.getvalue(), upload.name)
            if n is not None:
                done(tr("evidence.import.done", count=n, what=tr(f"evidence.import.what_{what}")))
