"""领导驾驶舱 data: the portfolio frame, cached by the database's data version, and the memo of derived objects.

Fast by construction: one portfolio query (columns only, no engine run) cached by the database's data
version — any new rating, result or verdict changes the version, so the cache is never stale — then
vectorised pandas for filters and counts. Results whose inputs changed since their last computation are
recomputed first (a few at a time), so a leader sees an assessment as it stands after the latest rating."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from riskmodel.services import dashboard
from riskmodel.services.context import Actor
from riskmodel.services.views.dashboard import PortfolioRow, QuestionnaireMeta
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.store import get_store
from riskmodel.ui import charts
from riskmodel.ui.components.text import tr

T = TypeVar("T")
CACHE_ENABLED = True  # the benchmark's baseline switches the portfolio cache off
STALE_REFRESH_LIMIT = 10  # results recomputed per rerun at most (the rest wait for the next rerun)


def leader_text(key: str, **params: Any) -> str:
    """A ``ui_leader`` catalog text in the page language."""
    return tr(f"ui_leader.{key}", **params)


def build_frame(rows: list[PortfolioRow], qmeta: dict[int, QuestionnaireMeta]) -> pd.DataFrame:
    """The portfolio rows as a DataFrame: dates parsed, month, questionnaire id, latest-per-project
    flag, last-touched time, and one ``dim.<id>`` / ``dim.<id>.after`` column per dimension."""
    base_cols = [c for c in dashboard.PORTFOLIO_COLUMNS if c != "dimension_scores"]
    values = attrgetter(*dashboard.PORTFOLIO_COLUMNS)
    df = pd.DataFrame.from_records([values(r) for r in rows], columns=list(dashboard.PORTFOLIO_COLUMNS))
    dim_ids = sorted({d for r in rows for d in r.dimension_scores})
    dim_cols: dict[str, list] = {}
    for d in dim_ids:
        dim_cols[f"dim.{d}"] = [(r.dimension_scores.get(d) or {}).get("before") for r in rows]
        dim_cols[f"dim.{d}.after"] = [(r.dimension_scores.get(d) or {}).get("after") for r in rows]
    df = pd.concat([df[base_cols], pd.DataFrame(dim_cols, index=df.index, dtype="float64")], axis=1)
    for col in ("created_at", "updated_at", "computed_at", "verdict_at", "date"):
        df[col] = pd.to_datetime(df[col])
    df["month"] = df["date"].dt.strftime("%Y-%m")
    df["qid"] = df["questionnaire_version_id"].map({k: v.qid for k, v in qmeta.items()})
    df["is_latest"] = df["assessment_id"] == df.groupby("project_id")["assessment_id"].transform("max")
    df["touched"] = df[["updated_at", "computed_at", "verdict_at"]].max(axis=1)
    df["level_rank"] = df["level_shown"].map(charts.LEVEL_RANK).fillna(len(charts.LEVELS))
    return df


def _load_portfolio(url: str, actor: Actor) -> tuple[pd.DataFrame, dict[int, QuestionnaireMeta]]:
    store = get_store(url)
    rows = dashboard.portfolio_rows(store, actor)
    qmeta = dashboard.questionnaire_meta(store, {r.questionnaire_version_id for r in rows})
    return build_frame(rows, qmeta), qmeta


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_portfolio(url: str, version: str, _actor: Actor) -> tuple[pd.DataFrame, dict[int, QuestionnaireMeta]]:
    """Keyed by the database URL and its data version (the actor only authorises the read).

    A shared resource, not a per-call copy: unpickling a province's frame on every rerun cost more than
    the rest of the page. Nothing changes it — filters, counts and tables derive new frames from it."""
    return _load_portfolio(url, _actor)


def portfolio(store, actor: Actor) -> tuple[pd.DataFrame, dict[int, QuestionnaireMeta], str]:
    """(frame, questionnaire meta, data version); stale results are recomputed first."""
    info = dashboard.version_info(store)
    if info.stale:
        with st.spinner(leader_text("dashboard.stale_refreshing", n=min(info.stale, STALE_REFRESH_LIMIT))):
            _done, left = dashboard.refresh_stale(store, actor, STALE_REFRESH_LIMIT)
        if left:
            st.caption(leader_text("dashboard.stale_left", n=left))
        info = dashboard.version_info(store)
    if not CACHE_ENABLED:
        return (*_load_portfolio(store.url, actor), info.version)
    return (*_cached_portfolio(store.url, info.version, actor), info.version)


@st.cache_data(show_spinner=False, ttl=600, max_entries=4)
def _cached_flags(url: str, version: str) -> dict[int, ReassessmentFlag]:
    """Keyed by the data version: network edits are audited, and the audit head is part of it."""
    return dashboard.reassessment_flags(get_store(url))


def reassessment_flags(url: str, version: str) -> dict[int, ReassessmentFlag]:
    """{project id: 建议重新评估 flag} (network tracking and feeds merged), cached by the data version."""
    if not CACHE_ENABLED:
        return dashboard.reassessment_flags(get_store(url))
    return _cached_flags(url, version)


def memo(kind: str, key: tuple, build: Callable[[], T]) -> T:
    """Derived objects (filtered view, counts, figures, display table) shared until the data version,
    the filters, the language or the view choice change. Built figures are the costly part of a rerun
    (plotly validates every property), so a rerun with nothing changed builds none."""
    if not CACHE_ENABLED:
        return build()
    return _memo_store(kind, key, build)


@st.cache_resource(show_spinner=False, max_entries=256)
def _memo_store(kind: str, key: tuple, _build: Callable[[], Any]) -> Any:
    return _build()
