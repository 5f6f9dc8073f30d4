"""Export panel: download buttons for an assessment's Word report, PDF report, workbook and JSON bundle.

Building the four files takes a second or two (charts, PDF fonts), so they are built once on
"prepare" and kept in this component's session-state key, per assessment and language; the download
buttons then serve the kept bytes. Pages call ``render_export_panel(assessment_id, lang)``.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.i18n import t
from riskmodel.ui.components.text import md

STATE_KEY = "_rm_exports"  # {(assessment_id, lang): {"files": {fmt: (name, bytes)}, "at": iso}}
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def build_exports(assessment_id: int, lang: str, store=None) -> dict[str, tuple[str, bytes]]:
    """The four files of one assessment (name, bytes) — plain Python, testable without Streamlit."""
    from riskmodel.reports import export_bytes
    from riskmodel.reports.charts import all_charts
    from riskmodel.reports.dbsource import build_context

    ctx = build_context(None, assessment_id, lang=lang, store=store)
    charts = all_charts(ctx)  # drawn once for both documents
    stem = f"{ctx.project.get('code') or 'assessment'}-{assessment_id}-{lang}"
    return {fmt: (f"{stem}.{fmt}", export_bytes(ctx, fmt, charts=charts)) for fmt in ("docx", "pdf", "xlsx", "json")}


def render_export_panel(assessment_id: int, lang: str, store=None) -> None:
    """Prepare button, then one download button per format (labels from the report catalog)."""
    cache: dict = st.session_state.setdefault(STATE_KEY, {})
    slot = (int(assessment_id), lang)
    st.caption(t("report.ui.hint", lang))
    if st.button(
        t("report.ui.prepare", lang), key=f"rm_export_prepare_{assessment_id}_{lang}", icon=":material/description:"
    ):
        try:
            with st.spinner(t("report.ui.prepare", lang)):
                files = build_exports(int(assessment_id), lang, store)
            cache[slot] = {"files": files, "at": datetime.now().isoformat(timespec="seconds")}
        except RiskModelError as exc:
            st.error(t("report.ui.failed", lang, error=md(exc.message(lang))), icon=":material/error:")
            return
    entry = cache.get(slot)
    if not entry:
        return
    cols = st.columns(4)
    for col, fmt in zip(cols, ("docx", "pdf", "xlsx", "json")):
        name, data = entry["files"][fmt]
        with col:
            st.download_button(
                t(f"report.ui.{fmt}", lang),
                data=data,
                file_name=name,
                mime=MIME[fmt],
                key=f"rm_export_{fmt}_{assessment_id}_{lang}",
                on_click="ignore",
                width="stretch",
            )
