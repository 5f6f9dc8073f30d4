"""Form state kept across reruns: a form whose submission waits for a confirmation step.

One small helper per form (``Pending("org_verdict_pending")``): what was entered is held in the session
until 确认 or 返回修改, tied to the object it is about (an assessment id), so switching to another
assessment never confirms the first one's form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class Pending:
    key: str

    def get(self, owner: int) -> dict[str, Any] | None:
        """The values waiting for confirmation on ``owner`` (e.g. the assessment id), or None."""
        held = st.session_state.get(self.key)
        return held if isinstance(held, dict) and held.get("owner") == owner else None

    def hold(self, owner: int, **values: Any) -> None:
        st.session_state[self.key] = {"owner": owner, **values}

    def clear(self) -> None:
        st.session_state.pop(self.key, None)
