"""评估详情, 不确定性 tab: level and verdict probabilities; computed once on demand when the stored result
has none, kept under the digest of the assessment's inputs (a new rating changes it, so never stale)."""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.ui import charts
from riskmodel.ui.components.leader_text import lt, num
from riskmodel.ui.components.text import lang


class _LRU:
    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._data: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> dict | None:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
            return self._data.get(key)

    def put(self, key: tuple, value: dict) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _uncertainty_cache() -> _LRU:
    return _LRU()


def uncertainty_of(store, assessment_id: int, result: dict) -> tuple[dict | None, bool, str | None]:
    """(uncertainty part of a result, computed now?, reason it cannot be computed).

    The stored result is used when it has level probabilities; otherwise the engine runs on the
    assessment's inputs with the standard's number of draws, showing progress, and the outcome is kept
    under the digest of those inputs (a new rating changes the digest, so it is never stale).
    """
    probs = result.get("level_probabilities") or {}
    if any(v is not None for v in probs.values()):
        return result, False, None
    try:
        from riskmodel.engine import assess
        from riskmodel.services import assessments
    except ImportError:
        return None, False, lt("detail.uncertainty.no_input")
    try:
        inp, q, meta = assessments.assessment_input(store, assessment_id)
        digest = assessments.input_sha256(inp, meta)
    except RiskModelError as exc:  # e.g. no panel: shown as the reason
        return None, False, exc.message(lang())
    draws = q.uncertainty.draws or 2000
    key = (store.url, int(assessment_id), digest, draws)
    cached = _uncertainty_cache().get(key)
    if cached is not None:
        return cached, True, None
    bar = st.progress(0.0, text=lt("detail.uncertainty.computing", done=0, total=draws))

    def progress(done: int, total: int) -> None:
        bar.progress(
            min(1.0, done / total) if total else 1.0, text=lt("detail.uncertainty.computing", done=done, total=total)
        )

    try:
        full = assess(inp, q, draws=draws, on_progress=progress).to_dict()
    finally:
        bar.empty()
    part = {
        k: full.get(k)
        for k in (
            "level_probabilities",
            "residual_level_probabilities",
            "verdict_probabilities",
            "index_interval",
            "uncertainty",
        )
    }
    _uncertainty_cache().put(key, part)
    return part, True, None


def render(d: dict, store, code: str) -> None:
    part, computed, reason = uncertainty_of(store, d["assessment"]["id"], d["result"])
    if part is None:
        st.warning(lt("detail.uncertainty.unavailable", reason=reason or ""))
        return
    draws = (part.get("uncertainty") or {}).get("draws")
    if computed:
        st.caption(lt("detail.uncertainty.computed", draws=draws))
    st.caption(lt("detail.uncertainty.caption", draws=draws if draws is not None else lt("common.none")))
    st.plotly_chart(
        charts.level_probability_bar(part.get("level_probabilities"), part.get("residual_level_probabilities"), code),
        key="leader_detail_level_prob",
        width="stretch",
    )
    if part.get("verdict_probabilities"):
        st.plotly_chart(
            charts.verdict_probability_bar(part["verdict_probabilities"], code),
            key="leader_detail_verdict_prob",
            width="stretch",
        )
    interval = part.get("index_interval")
    if interval and len(interval) == 2:
        st.caption(lt("detail.uncertainty.interval", low=num(interval[0]), high=num(interval[1])))
