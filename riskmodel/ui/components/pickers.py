"""Choosing the assessment a page works on (remembered in the session and the URL)."""

from __future__ import annotations

from typing import Protocol, TypeVar

import streamlit as st

from riskmodel.ui.components.selection import select_assessment, selected_assessment_id
from riskmodel.ui.components.text import labeled, lkey, state_label, tr


class Pickable(Protocol):
    """What labels an assessment in a picker (``AssessmentView``, ``ProjectAssessment``)."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str | None: ...
    @property
    def state(self) -> str: ...
    @property
    def project_name(self) -> str: ...


P = TypeVar("P", bound=Pickable)


def assessment_label(a: Pickable) -> str:
    project = a.project_name or ""
    if a.title:
        project = f"{project} · {a.title}"
    return tr("ui.common.assessment_option", id=a.id, project=project, state=state_label(a.state))


def assessment_picker(assessments: list[P], key: str, *, label_key: str = "ui.common.choose_assessment") -> P | None:
    """A selectbox of ``assessments`` (id, project name, title, state); returns the chosen one."""
    if not assessments:
        return None
    by_id = {a.id: a for a in assessments}
    ids = list(by_id)
    key = lkey(key)  # the option labels are translated
    wanted = selected_assessment_id()
    current = st.session_state.get(key)
    if current not in by_id:
        st.session_state.pop(key, None)
        current = wanted if wanted in by_id else ids[0]
        st.session_state[key] = current
    chosen = st.selectbox(tr(label_key), ids, format_func=labeled(ids, lambda i: assessment_label(by_id[i])), key=key)
    if chosen != wanted:
        select_assessment(chosen)
    return by_id.get(chosen)
