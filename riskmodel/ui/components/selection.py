"""The assessment chosen on one page and opened on another (query parameter ``a``, then the session)."""

from __future__ import annotations

import streamlit as st

ASSESSMENT_PARAM = "a"  # query parameter naming the selected assessment
SELECTED_ASSESSMENT_KEY = "selected_assessment_id"


def selected_assessment_id() -> int | None:
    """The assessment chosen on another page (query parameter ``a`` first, then the session)."""
    raw = st.query_params.get(ASSESSMENT_PARAM)
    if raw is None:
        raw = st.session_state.get(SELECTED_ASSESSMENT_KEY)
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


def select_assessment(assessment_id: int | None) -> None:
    """Remember the chosen assessment (session + URL, so the page can be bookmarked and reloaded)."""
    if assessment_id is None:
        st.session_state.pop(SELECTED_ASSESSMENT_KEY, None)
        st.query_params.pop(ASSESSMENT_PARAM, None)
        return
    st.session_state[SELECTED_ASSESSMENT_KEY] = int(assessment_id)
    st.query_params[ASSESSMENT_PARAM] = str(int(assessment_id))
