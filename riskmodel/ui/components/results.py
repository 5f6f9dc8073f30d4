"""The engine's result of an assessment for the pages: computed with a progress bar, cached by the
digest of its inputs (so it is never stale after a submission) in a small process-wide LRU.

Why not ``st.cache_data``: the computation reports progress (``st.progress``) while it runs, and
elements drawn inside a ``cache_data`` function are replayed on every cache hit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from riskmodel.errors import DomainError
from riskmodel.services import dashboard
from riskmodel.store import Store
from riskmodel.ui.components.text import tr

MAX_ENTRIES = 64


class _LRU:
    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> dict | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple, value: dict) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


@st.cache_resource(show_spinner=False)
def result_cache() -> _LRU:
    return _LRU(MAX_ENTRIES)


def assessment_result(store: Store, assessment_id: int) -> tuple[dict | None, dict]:
    """(engine result or None when nothing is rated yet, meta). Progress is shown while computing."""
    try:
        inp, q, meta, digest = dashboard.result_inputs(store, assessment_id)
    except DomainError as exc:
        if exc.key == "store.assessment.no_panel":  # nothing to compute yet: not an error on this page
            return None, {}
        raise
    if not meta["ratings_count"]:
        return None, meta
    key = (store.url, int(assessment_id), digest)
    cached = result_cache().get(key)
    if cached is not None:
        return cached, meta
    bar = st.progress(0.0, text=tr("ui.result.computing"))

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=tr("ui.result.progress", done=done, total=total))

    try:
        result = dashboard.compute_result(inp, q, on_progress=progress)
    finally:
        bar.empty()
    result_cache().put(key, result)
    return result, meta
