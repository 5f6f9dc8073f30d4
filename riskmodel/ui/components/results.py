"""The stored result of an assessment for the pages, read through ``assessments.get_result``.

No page computes a result or keeps its own cache: the service recomputes (once, for every surface) when
the stored result is missing or was computed from other inputs than the database holds now, and the
verdict, the report and the exports read the same stored result — its SHA-256 shows it.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.errors import DomainError
from riskmodel.services import assessments
from riskmodel.services.views.assessments import ResultView
from riskmodel.store import Store
from riskmodel.ui.components.text import tr


def assessment_result(store: Store, assessment_id: int) -> ResultView | None:
    """The stored result (recomputed first when out of date); None when nothing can be computed yet."""
    try:
        with st.spinner(tr("ui.result.computing")):
            return assessments.get_result(store, assessment_id, refresh_if_stale=True)
    except DomainError as exc:
        if exc.key == "store.assessment.no_panel":  # nothing to compute yet: not an error on this page
            return None
        raise
