"""Translation helpers for pages: every visible string comes from the catalog in the session's language.

The language lives in ``st.session_state["lang"]`` (Simplified Chinese by default) and is changed only
through the shell's language switch, so it is kept for the whole session.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from riskmodel.i18n import DEFAULT_LANGUAGE, LANGUAGES, has, t

LANG_KEY = "lang"


def lang() -> str:
    """The session's language ('zh' or 'en')."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def lkey(key: str) -> str:
    """A widget key that includes the language, for option widgets whose labels are translated.

    Streamlit identifies a selected option by its label; after a language switch the old label no longer
    matches, so such widgets start fresh in the new language (their defaults come from stored data).
    """
    return f"{key}.{lang()}"


def labeled(options: Any, fn: Any) -> Any:
    """A ``format_func`` whose labels are computed now, in the current language (not later, when the
    formatter may be called outside the script run)."""
    labels = {option: fn(option) for option in options}
    return lambda option: labels.get(option, str(option))


def tr(key: str, **params: Any) -> str:
    """``t(key)`` in the session's language."""
    return t(key, lang(), **params)


# Every ASCII punctuation mark may be backslash-escaped in CommonMark; escaping them all leaves the text as
# typed while no link, image, emphasis, HTML or Streamlit directive (:red[…], :material/…:, $…$) survives.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(value: Any) -> str:
    """User text (a name, a description, a reason) for an element that renders Markdown — titles, captions,
    alerts, ``st.markdown`` and widget labels — shown exactly as typed, never as markup (issue 13)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", "" if value is None else str(value))


def trm(key: str, **params: Any) -> str:
    """``tr`` for a Markdown element: the catalog's own markup stays, every text parameter is ``md``-escaped."""
    return tr(key, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})


def text_of(value: Any) -> str:
    """A questionnaire ``Text`` (zh/en) — or a plain string — in the session's language."""
    if value is None:
        return ""
    if hasattr(value, "get") and hasattr(value, "zh"):
        return value.get(lang())
    if isinstance(value, dict) and "zh" in value:
        return value.get(lang()) or value["zh"]
    return str(value)


def _domain(prefix: str, value: str | None) -> str:
    """A stored domain value (level, verdict, state, type …) shown in the session's language."""
    if value is None or value == "":
        return tr("ui.common.none")
    key = f"{prefix}.{value}"
    return tr(key) if has(key, lang()) or has(key) else str(value)


def level_label(level: str | None) -> str:
    return _domain("common.level", level)


def verdict_label(verdict: str | None) -> str:
    return _domain("common.verdict", verdict)


def state_label(state: str | None) -> str:
    return _domain("ui.domain.state", state)


def project_type_label(value: str | None) -> str:
    return _domain("ui.domain.project_type", value)


def stage_label(value: str | None) -> str:
    return _domain("ui.domain.stage", value)


def role_label(value: str | None) -> str:
    return _domain("ui.domain.role", value)


def measure_status_label(value: str | None) -> str:
    return _domain("ui.domain.measure_status", value)


def phase_label(value: str | None) -> str:
    return _domain("ui.domain.phase", value)


def round_status_label(value: str | None) -> str:
    return _domain("ui.domain.round_status", value)


def fmt_number(value: Any, digits: int = 2) -> str:
    """A number for display ('—' when missing)."""
    if value is None:
        return tr("ui.common.none")
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return str(value)


def date_format() -> str:
    """The date format of ``st.date_input`` in the page language (Streamlit's own default is MM/DD/YYYY)."""
    return "YYYY/MM/DD" if lang() == "zh" else "YYYY-MM-DD"


def upload_help(types: list[str]) -> str:
    """Help of a file uploader in the page language: Streamlit writes its drop zone in English only."""
    return tr("house.upload.help", types=" / ".join(t.upper() for t in types))


def error_text(exc: Any) -> str:
    """A domain error's message (``RiskModelError`` or a notice with ``message(lang)``) for an alert:
    in the session's language and escaped as text — its parameters echo what the user typed or uploaded
    (a name, a file name, a cell), which must never render as Markdown, a link or an image."""
    return md(exc.message(lang()))
