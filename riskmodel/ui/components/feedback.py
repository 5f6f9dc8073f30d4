"""Running a service call from a page: domain errors inline in the session's language, success as a
message that survives the rerun that follows a change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.ui.components.text import error_text

T = TypeVar("T")
P = ParamSpec("P")  # the service call's parameters, checked against the arguments given
_FLASH_KEY = "_rm_flash"
_FAILED = object()


def run_action(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
    """Call ``fn``; a ``RiskModelError`` is shown as ``st.error`` (its message in the session's language)
    and None is returned. Anything else goes up to the shell's error boundary."""
    try:
        return fn(*args, **kwargs)
    except RiskModelError as exc:
        st.error(error_text(exc), icon=":material/error:")
        return None


def try_action(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> tuple[bool, T | None]:
    """Like ``run_action`` but tells success apart from a None result."""
    try:
        return True, fn(*args, **kwargs)
    except RiskModelError as exc:
        st.error(error_text(exc), icon=":material/error:")
        return False, None


def succeeded(fn: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> bool:
    """``try_action`` for a condition (``if st.button(...) and succeeded(service.call, ...)``): True when the
    call went through, even when the service returns nothing."""
    return try_action(fn, *args, **kwargs)[0]


def flash(message: str, kind: str = "success") -> None:
    """Queue a message for the next run (use before ``st.rerun()``)."""
    st.session_state.setdefault(_FLASH_KEY, []).append((kind, message))


def show_flash() -> None:
    """Show and clear queued messages (call near the top of a page)."""
    for kind, message in st.session_state.pop(_FLASH_KEY, []):
        getattr(st, kind if kind in ("success", "info", "warning", "error") else "info")(message)


def done(message: str) -> None:
    """Flash ``message`` and rerun, so the page shows the changed state."""
    flash(message)
    st.rerun()
