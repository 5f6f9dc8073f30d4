"""评估工作台, 措施 tab: the mitigation measures (Table 2) in an editable table; deleted rows are cancelled."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.domain import MEASURE_STATUSES, MeasureStatus
from riskmodel.services import (
    assessments,
    measures,
    workflow,
)
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash, run_action
from riskmodel.ui.components.text import (
    measure_status_label,
    text_of,
    tr,
)

MEASURE_FIELDS = ("phase", "factor", "measure", "deadline", "responsible", "assisting", "control_node", "status")
CANCELLED = MeasureStatus.CANCELLED.value


def render(ctx: PageContext, a: AssessmentView, q) -> None:
    aid = a.id
    items = measures.list_measures(ctx.store, aid)
    locked = workflow.allowed(a.state, "track_measure")  # after the verdict: status only
    st.caption(tr("ui.measures.help_locked" if locked else "ui.measures.help"))
    indicator_names = {ind.id: f"{ind.id} {text_of(ind.name)}" for ind in q.indicators()}
    factor_options = list(indicator_names) + sorted({m.factor for m in items if m.factor not in indicator_names})
    frame = pd.DataFrame(
        [{"id": m.id, "row_version": m.row_version, **{f: getattr(m, f) for f in MEASURE_FIELDS}} for m in items],
        columns=["id", "row_version", *MEASURE_FIELDS],
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    editor_key = f"measures_editor_{aid}"
    column_config = {
        "_index": st.column_config.NumberColumn(tr("ui.measures.col.seq")),
        "id": None,
        "row_version": None,
        "phase": st.column_config.TextColumn(
            tr("ui.measures.col.phase"), disabled=locked, max_chars=100, width="small"
        ),
        "factor": st.column_config.SelectboxColumn(
            tr("ui.measures.col.factor"),
            options=factor_options,
            required=True,
            disabled=locked,
            format_func=lambda v: indicator_names.get(str(v), str(v)),
            width="medium",
        ),
        "measure": st.column_config.TextColumn(
            tr("ui.measures.col.measure"), required=True, disabled=locked, width="medium"
        ),
        # every column has a width, so the eight columns fit the workbench's width without scrolling sideways
        "deadline": st.column_config.TextColumn(
            tr("ui.measures.col.deadline"), disabled=locked, max_chars=200, width="small"
        ),
        "responsible": st.column_config.TextColumn(
            tr("ui.measures.col.responsible"), disabled=locked, max_chars=200, width="small"
        ),
        "assisting": st.column_config.TextColumn(
            tr("ui.measures.col.assisting"), disabled=locked, max_chars=200, width="small"
        ),
        "control_node": st.column_config.TextColumn(
            tr("ui.measures.col.control_node"),
            disabled=locked,
            max_chars=200,
            width="small",
            help=tr("ui.measures.col.control_node_help"),
        ),
        "status": st.column_config.SelectboxColumn(
            tr("ui.measures.col.status"),
            options=list(MEASURE_STATUSES),
            required=True,
            default=MEASURE_STATUSES[0],
            format_func=lambda v: measure_status_label(str(v)),
            width="small",
        ),
    }
    editable_state = workflow.allowed(a.state, "edit_setup") or locked
    st.data_editor(
        frame,
        key=editor_key,
        width="stretch",
        column_config=column_config,
        num_rows="fixed" if locked else "dynamic",
        disabled=not editable_state,
    )
    if not locked:
        st.caption(tr("ui.measures.delete_note"))
    if st.button(tr("ui.measures.save"), key="measures_save", type="primary", icon=":material/save:"):
        changes = st.session_state.get(editor_key) or {}
        if _apply_measure_changes(ctx, aid, frame, changes, locked):
            flash(tr("ui.measures.saved"))
            st.session_state.pop(editor_key, None)
            st.rerun()
    if workflow.allowed(a.state, "start_tracking"):
        if st.button(tr("ui.measures.start_tracking"), key="measures_track", icon=":material/track_changes:"):
            if run_action(assessments.start_tracking, ctx.store, ctx.actor, aid):
                flash(tr("ui.measures.tracking_started"))
                st.rerun()


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.strip() if isinstance(value, str) else value


def _apply_measure_changes(ctx: PageContext, aid: int, frame: pd.DataFrame, changes: dict, locked: bool) -> bool:
    """Turn the editor's edits into service calls; deleted rows are cancelled (the record is kept)."""
    positions = list(frame.index)
    ok = True
    for pos, edit in (changes.get("edited_rows") or {}).items():
        row = frame.iloc[int(pos)]
        fields = {k: _clean(v) for k, v in edit.items() if k in MEASURE_FIELDS}
        if locked:
            fields = {k: v for k, v in fields.items() if k == "status"}
        if fields:
            ok &= (
                run_action(
                    measures.update_measure,
                    ctx.store,
                    ctx.actor,
                    int(row["id"]),
                    expected_row_version=int(row["row_version"]),
                    **fields,
                )
                is not None
            )
    if not locked:
        for added in changes.get("added_rows") or []:
            fields = {k: _clean(added.get(k)) for k in MEASURE_FIELDS}
            fields["status"] = fields.get("status") or MEASURE_STATUSES[0]
            ok &= (
                run_action(
                    measures.add_measure,
                    ctx.store,
                    ctx.actor,
                    aid,
                    factor=fields.pop("factor") or "",
                    measure=fields.pop("measure") or "",
                    **fields,
                )
                is not None
            )
        for pos in changes.get("deleted_rows") or []:
            if int(pos) >= len(positions):
                continue
            row = frame.iloc[int(pos)]
            ok &= (
                run_action(
                    measures.update_measure,
                    ctx.store,
                    ctx.actor,
                    int(row["id"]),
                    expected_row_version=int(row["row_version"]),
                    status=CANCELLED,
                )
                is not None
            )
    return ok
