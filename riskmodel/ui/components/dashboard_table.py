"""领导驾驶舱 project table (selecting a row opens the drill-down) and the recently touched assessments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.ui import charts
from riskmodel.ui.components.dashboard_data import leader_text as lt
from riskmodel.ui.components.dashboard_data import memo
from riskmodel.ui.components.text import project_type_label, stage_label, state_label, tr, trm

RECENT_ROWS = 5
TABLE_LIMIT = 300  # rows drawn (highest level first): a leader reads the top; search and filters find the rest
K_TABLE, K_CHOOSE, K_OPEN = "leader_project_table", "leader_choose", "leader_open"
K_SEARCH = "leader_table_search"
K_RECENT = "leader_recent"
K_PENDING = "_leader_open_pending"
K_TABLE_IDS = "_leader_table_ids"


def _domain_map(values: pd.Series, fn) -> pd.Series:
    """Translate a column of domain values through its unique values (vectorised)."""
    mapping = {v: fn(v) for v in values.dropna().unique()}
    return values.map(mapping).astype(object).fillna(lt("common.none"))


def search_view(view: pd.DataFrame, text: str | None) -> pd.DataFrame:
    """The assessments whose project code or name contains ``text`` (case-insensitive, literal)."""
    needle = (text or "").strip().casefold()
    if not needle:
        return view
    hit = view["code"].astype(str).str.casefold().str.contains(needle, regex=False) | view["project"].astype(
        str
    ).str.casefold().str.contains(needle, regex=False)
    return view[hit]


def table_frame(
    view: pd.DataFrame, code: str, flags: Mapping[int, ReassessmentFlag] | None, limit: int | None = None
) -> pd.DataFrame:
    """The project table in display form (translated values), highest level first, newest first;
    only the first ``limit`` rows are translated and drawn (the ordering covers them all)."""
    ordered = view.sort_values(["level_rank", "date"], ascending=[True, False])
    if limit is not None:
        ordered = ordered.head(limit)
    levels = {lv: charts.level_label(lv, code) for lv in charts.LEVELS}
    verdicts = {vd: charts.verdict_label(vd, code) for vd in charts.VERDICTS}
    none = lt("common.none")
    if flags is None:
        reassess = pd.Series(lt("table.reassess_na"), index=ordered.index)
    else:
        yes = {pid for pid, f in flags.items() if f.flag}
        reassess = ordered["project_id"].isin(yes).map({True: lt("table.reassess_yes"), False: lt("table.reassess_no")})
    return pd.DataFrame(
        {
            "assessment_id": ordered["assessment_id"],
            "code": ordered["code"],
            "project": ordered["project"],
            "region": ordered["region"],
            "type": _domain_map(ordered["type"], project_type_label),
            "stage": _domain_map(ordered["stage"], stage_label),
            "state": _domain_map(ordered["state"], state_label),
            "level_shown": ordered["level_shown"].map(levels).fillna(charts.level_label(None, code)),
            "level": ordered["level"].map(levels).fillna(none),
            "residual_level": ordered["residual_level"].map(levels).fillna(none),
            "verdict": ordered["verdict"].map(verdicts).fillna(charts.verdict_label(None, code)),
            "index_100": ordered["index_100"],  # one 0–100 scale across methods (issue 9, finding 11)
            "index": ordered["index"],
            "index_unit": _domain_map(ordered["index_unit"].astype(object), lambda u: tr(f"chain.ui.unit_short.{u}")),
            "date": ordered["date"],
            "stale": ordered["stale"].map({True: lt("table.col.stale")}).fillna(""),
            "reassess": reassess,
        }
    ).reset_index(drop=True)


def _on_table_select() -> None:
    state: Any = st.session_state.get(K_TABLE)
    try:
        rows = state["selection"]["rows"]
    except (KeyError, TypeError):
        return
    ids = st.session_state.get(K_TABLE_IDS) or []
    if rows and rows[0] < len(ids):
        st.session_state[K_PENDING] = int(ids[rows[0]])


def _table_bundle(
    view: pd.DataFrame, code: str, flags: Mapping[int, ReassessmentFlag] | None, search: str
) -> tuple[pd.DataFrame, dict[int, str], int]:
    """(rows drawn, their picker labels, how many match): the picker offers the drawn rows only."""
    found = search_view(view, search)
    shown = table_frame(found, code, flags, TABLE_LIMIT)
    template = lt("table.option")
    labels = {
        int(a): template.format(code=c, project=p, id=int(a))
        for a, c, p in zip(shown["assessment_id"], shown["code"], shown["project"])
    }
    return shown, labels, len(found)


def render_table(view: pd.DataFrame, key: tuple, code: str, flags: Mapping[int, ReassessmentFlag] | None) -> int | None:
    """The project table; returns the assessment to open when 打开 was clicked."""
    st.subheader(lt("table.heading"))
    if view.empty:
        st.info(lt("table.empty"))
        return None
    st.caption(lt("table.caption"))
    search = st.text_input(
        lt("table.search"), key=K_SEARCH, placeholder=lt("table.search_placeholder"), help=lt("table.search_help")
    )
    flag_key = None if flags is None else tuple(sorted(pid for pid, f in flags.items() if f.flag))
    shown, labels, found = memo(
        "table", (*key, code, flag_key, search.strip(), TABLE_LIMIT), lambda: _table_bundle(view, code, flags, search)
    )
    if found == 0:
        st.info(trm("ui_leader.table.no_match", text=search.strip()))
        return None
    if found > len(shown):
        st.caption(lt("table.limited", shown=len(shown), total=found))
    st.session_state[K_TABLE_IDS] = shown["assessment_id"].tolist()
    col = st.column_config
    st.dataframe(
        shown,
        key=K_TABLE,
        on_select=_on_table_select,
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        height=min(460, 38 + 35 * len(shown)),
        column_order=[
            "code",
            "project",
            "region",
            "type",
            "stage",
            "state",
            "level_shown",
            "level",
            "residual_level",
            "verdict",
            "index_100",
            "index",
            "index_unit",
            "date",
            "stale",
            "reassess",
        ],
        column_config={
            "code": col.TextColumn(lt("table.col.code")),
            "project": col.TextColumn(lt("table.col.project"), width="medium"),
            "region": col.TextColumn(lt("table.col.region")),
            "type": col.TextColumn(lt("table.col.type")),
            "stage": col.TextColumn(lt("table.col.stage")),
            "state": col.TextColumn(lt("table.col.state")),
            "level_shown": col.TextColumn(lt("table.col.level_shown"), help=lt("table.help.level_shown")),
            "level": col.TextColumn(lt("table.col.level")),
            "residual_level": col.TextColumn(lt("table.col.residual_level")),
            "verdict": col.TextColumn(lt("table.col.verdict")),
            "index_100": col.NumberColumn(tr("chain.ui.index_100"), format="%.1f", help=tr("chain.ui.index_100_help")),
            "index": col.NumberColumn(lt("table.col.index"), format="%.2f", help=lt("table.help.index")),
            "index_unit": col.TextColumn(tr("chain.ui.index_unit")),
            "date": col.DateColumn(lt("table.col.date"), format="YYYY-MM-DD"),
            "stale": col.TextColumn(lt("table.col.stale"), help=lt("table.help.stale")),
            "reassess": col.TextColumn(lt("table.col.reassess"), help=lt("table.help.reassess")),
        },
    )
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    chosen = c1.selectbox(lt("table.choose"), list(labels), key=K_CHOOSE, format_func=lambda a: labels.get(a, str(a)))
    if c2.button(lt("table.open"), key=K_OPEN, type="primary", icon=":material/insights:") and chosen is not None:
        return int(chosen)
    return None


def recent_frame(view: pd.DataFrame, code: str) -> pd.DataFrame:
    """The few most recently touched assessments (new ratings, results or verdicts), translated."""
    recent = view.sort_values("touched", ascending=False).head(RECENT_ROWS)
    return pd.DataFrame(
        {
            lt("recent.col.code"): recent["code"].tolist(),
            lt("recent.col.project"): recent["project"].tolist(),
            lt("recent.col.level"): [
                charts.level_label(v if isinstance(v, str) else None, code) for v in recent["level_shown"]
            ],
            lt("recent.col.verdict"): [
                charts.verdict_label(v if isinstance(v, str) else None, code) for v in recent["verdict"]
            ],
            lt("recent.col.updated"): recent["touched"].dt.strftime("%Y-%m-%d %H:%M").fillna("").tolist(),
        }
    )


def render_recent(view: pd.DataFrame, key: tuple, code: str) -> None:
    """Shown as plain text (a browser test can read it, unlike the canvas-drawn data grid)."""
    recent = memo("recent", (*key, code), lambda: recent_frame(view, code))
    if recent.empty:
        return
    st.subheader(lt("recent.heading"))
    st.caption(lt("recent.caption"))
    with st.container(key=K_RECENT):
        st.table(recent, hide_index=True)
