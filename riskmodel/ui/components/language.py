"""The 中文 / English switch of the shell (sidebar, and the login and first-run pages)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from riskmodel.i18n import LANGUAGES, t
from riskmodel.ui.components.text import LANG_KEY, labeled, lang, tr

LANG_SWITCH_KEY = "shell_lang_switch"


def _on_lang_change() -> None:
    value = st.session_state.get(LANG_SWITCH_KEY)
    if value in LANGUAGES:
        st.session_state[LANG_KEY] = value


def language_switch(container: Any = None) -> None:
    """Chinese/English radio; the choice is kept in the session (``st.session_state['lang']``)."""
    target = container or st
    target.radio(
        tr("ui.shell.language"),
        options=list(LANGUAGES),
        index=list(LANGUAGES).index(lang()),
        format_func=labeled(LANGUAGES, lambda code: t(f"ui.shell.language_name.{code}", lang())),
        key=LANG_SWITCH_KEY,
        horizontal=True,
        on_change=_on_lang_change,
    )
