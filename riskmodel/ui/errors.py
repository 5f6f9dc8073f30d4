"""The app's error boundary: a domain error shows its message in the session's language; anything else a
short message with a reference id (the traceback goes to the server log under it), never a traceback."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.i18n import t
from riskmodel.ui.components.text import error_text, lang

log = logging.getLogger("riskmodel.ui")


def guarded(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` inside the error boundary; its result, or None after showing the error."""
    try:
        return fn()
    except RiskModelError as exc:
        st.error(error_text(exc))
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("unexpected error in the app, reference %s", ref)
        st.error(t("common.error.unexpected", lang(), ref=ref))
    return None
