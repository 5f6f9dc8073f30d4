"""Leader dashboard (领导驾驶舱): the portfolio of assessments by level, verdict, dimension and month.

Fast by construction: one portfolio query (columns only, no engine run) cached by the database's data
version — any new rating, result or verdict changes the version, so the cache is never stale — then
vectorised pandas for filters and counts. Results whose inputs changed since their last computation are
recomputed first (a few at a time), so a leader sees an assessment as it stands after the latest rating.
Every visible string comes from the ``ui_leader`` catalog; every widget has an explicit key.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from riskmodel.questionnaire import PROJECT_TYPES
from riskmodel.services import dashboard
from riskmodel.services.context import Actor
from riskmodel.store import get_store
from riskmodel.ui import charts, shell
from riskmodel.ui.components.text import lang, project_type_label, stage_label, state_label, tr

T = TypeVar("T")

ROLES = ("leader",)
DETAIL_PAGE = "leader_assessment.py"
CACHE_ENABLED = True  # the benchmark's baseline switches the portfolio cache off
STALE_REFRESH_LIMIT = 10  # results recomputed per rerun at most (the rest wait for the next rerun)
HEATMAP_MAX_PROJECTS = 40
RECENT_ROWS = 5

# widget and element keys (stable: the browser tests and the shell rely on them)
K_REGION, K_TYPE, K_STAGE = "leader_f_region", "leader_f_type", "leader_f_stage"
K_PERIOD, K_RANGE, K_LATEST = "leader_f_period", "leader_f_range", "leader_f_latest"
K_RESET = "leader_f_reset"
K_HEAT_MODE, K_HEAT_Q, K_TREND_BY = "leader_heatmap_mode", "leader_heatmap_q", "leader_trend_by"
K_TABLE, K_CHOOSE, K_OPEN = "leader_project_table", "leader_choose", "leader_open"
K_COUNTS_LEVEL, K_COUNTS_VERDICT = "leader_counts_level", "leader_counts_verdict"
K_RECENT = "leader_recent"
K_PENDING = "_leader_open_pending"
K_TABLE_IDS = "_leader_table_ids"

PERIODS = ("all", "last_12m", "this_year", "last_year", "custom")
FILTER_KEYS = (K_REGION, K_TYPE, K_STAGE, K_PERIOD, K_RANGE, K_LATEST)


def _t(key: str, **params: Any) -> str:
    return tr(f"ui_leader.{key}", **params)


# --- data ---------------------------------------------------------------------------------------
def build_frame(rows: list[dict], qmeta: dict[int, dict]) -> pd.DataFrame:
    """The portfolio rows as a DataFrame: dates parsed, month, questionnaire id, latest-per-project
    flag, last-touched time, and one ``dim.<id>`` / ``dim.<id>.after`` column per dimension."""
    base_cols = [c for c in dashboard.PORTFOLIO_COLUMNS if c != "dimension_scores"]
    df = pd.DataFrame.from_records(rows, columns=list(dashboard.PORTFOLIO_COLUMNS))
    dim_ids = sorted({d for r in rows for d in r["dimension_scores"]})
    dim_cols: dict[str, list] = {}
    for d in dim_ids:
        dim_cols[f"dim.{d}"] = [(r["dimension_scores"].get(d) or {}).get("before") for r in rows]
        dim_cols[f"dim.{d}.after"] = [(r["dimension_scores"].get(d) or {}).get("after") for r in rows]
    df = pd.concat([df[base_cols], pd.DataFrame(dim_cols, index=df.index, dtype="float64")], axis=1)
    for col in ("created_at", "updated_at", "computed_at", "verdict_at", "date"):
        df[col] = pd.to_datetime(df[col])
    df["month"] = df["date"].dt.strftime("%Y-%m")
    df["qid"] = df["questionnaire_version_id"].map({k: v["qid"] for k, v in qmeta.items()})
    df["is_latest"] = df["assessment_id"] == df.groupby("project_id")["assessment_id"].transform("max")
    df["touched"] = df[["updated_at", "computed_at", "verdict_at"]].max(axis=1)
    df["level_rank"] = df["level_shown"].map(charts.LEVEL_RANK).fillna(len(charts.LEVELS))
    return df


def _load_portfolio(url: str, actor: Actor) -> tuple[pd.DataFrame, dict[int, dict]]:
    store = get_store(url)
    rows = dashboard.portfolio_rows(store, actor)
    qmeta = dashboard.questionnaire_meta(store, {r["questionnaire_version_id"] for r in rows})
    return build_frame(rows, qmeta), qmeta


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_portfolio(url: str, version: str, _actor: Actor) -> tuple[pd.DataFrame, dict[int, dict]]:
    """Keyed by the database URL and its data version (the actor only authorises the read)."""
    return _load_portfolio(url, _actor)


def portfolio(store, actor: Actor) -> tuple[pd.DataFrame, dict[int, dict], str]:
    """(frame, questionnaire meta, data version); stale results are recomputed first."""
    info = dashboard.version_info(store)
    if info["stale"]:
        with st.spinner(_t("dashboard.stale_refreshing", n=min(info["stale"], STALE_REFRESH_LIMIT))):
            _done, left = dashboard.refresh_stale(store, actor, STALE_REFRESH_LIMIT)
        if left:
            st.caption(_t("dashboard.stale_left", n=left))
        info = dashboard.version_info(store)
    if not CACHE_ENABLED:
        return (*_load_portfolio(store.url, actor), info["version"])
    return (*_cached_portfolio(store.url, info["version"], actor), info["version"])


@st.cache_data(show_spinner=False, ttl=600, max_entries=4)
def _cached_flags(url: str, version: str) -> dict[int, dict] | None:
    """Keyed by the data version: network edits are audited, and the audit head is part of it."""
    return dashboard.reassessment_flags(get_store(url))


def reassessment_flags(url: str, version: str) -> dict[int, dict] | None:
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


# --- filters ------------------------------------------------------------------------------------
def period_bounds(preset: str, custom: Any, today: date | None = None) -> tuple[date | None, date | None]:
    """(start, end) dates, both inclusive, of a period preset (None = open)."""
    today = today or date.today()
    if preset == "last_12m":
        return today - timedelta(days=365), today
    if preset == "this_year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if preset == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if preset == "custom" and isinstance(custom, (tuple, list)) and custom:
        start = custom[0]
        end = custom[1] if len(custom) > 1 else custom[0]
        return start, end
    return None, None


def _reset_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def filter_row(df: pd.DataFrame) -> dict[str, Any]:
    """Region, type, stage, period and the latest-only switch; returns the chosen values."""
    placeholder = _t("filters.placeholder")
    with st.container(key="leader_filters", border=True):
        c1, c2, c3, c4 = st.columns([3, 3, 2, 3])
        regions = sorted(df["region"].dropna().unique().tolist())
        present = set(df["type"].dropna())
        types = [x for x in PROJECT_TYPES if x in present] + sorted(present - set(PROJECT_TYPES))
        stages = sorted(df["stage"].dropna().unique().tolist())
        region = c1.multiselect(_t("filters.region"), regions, key=K_REGION, placeholder=placeholder)
        ptype = c2.multiselect(
            _t("filters.type"), types, key=K_TYPE, placeholder=placeholder, format_func=project_type_label
        )
        stage = c3.multiselect(
            _t("filters.stage"), stages, key=K_STAGE, placeholder=placeholder, format_func=stage_label
        )
        preset = c4.selectbox(
            _t("filters.period"), PERIODS, key=K_PERIOD, format_func=lambda p: _t(f"filters.preset.{p}")
        )
        custom = None
        b1, b2, b3 = st.columns([3, 5, 2])
        if preset == "custom":
            lo = df["date"].min()
            hi = df["date"].max()
            default = (lo.date(), hi.date()) if pd.notna(lo) else (date.today() - timedelta(days=365), date.today())
            custom = b1.date_input(_t("filters.range"), value=default, key=K_RANGE)
        latest = b2.checkbox(_t("filters.latest_only"), value=True, key=K_LATEST, help=_t("filters.latest_only_help"))
        b3.button(_t("filters.reset"), key=K_RESET, on_click=_reset_filters, icon=":material/filter_alt_off:")
    start, end = period_bounds(preset, custom)
    return {
        "regions": region,
        "types": ptype,
        "stages": stage,
        "start": start,
        "end": end,
        "latest": latest,
        "preset": preset,
    }


def filter_key(f: dict[str, Any]) -> tuple:
    return (tuple(f["regions"]), tuple(f["types"]), tuple(f["stages"]), f["start"], f["end"], bool(f["latest"]))


def apply_filters(df: pd.DataFrame, f: dict[str, Any]) -> pd.DataFrame:
    """Vectorised boolean mask over the portfolio frame."""
    mask = pd.Series(True, index=df.index)
    if f.get("latest"):
        mask &= df["is_latest"]
    if f.get("regions"):
        mask &= df["region"].isin(f["regions"])
    if f.get("types"):
        mask &= df["type"].isin(f["types"])
    if f.get("stages"):
        mask &= df["stage"].isin(f["stages"])
    if f.get("start") is not None:
        mask &= df["date"] >= pd.Timestamp(f["start"])
    if f.get("end") is not None:
        mask &= df["date"] < pd.Timestamp(f["end"]) + pd.Timedelta(days=1)
    return df[mask]


# --- sections -----------------------------------------------------------------------------------
def level_counts(view: pd.DataFrame) -> dict[str, int]:
    counts = view["level_shown"].where(view["level_shown"].isin(charts.LEVELS), charts.UNRATED).value_counts()
    return {k: int(counts.get(k, 0)) for k in (*charts.LEVELS, charts.UNRATED)}


def verdict_counts(view: pd.DataFrame) -> dict[str, int]:
    counts = view["verdict"].where(view["verdict"].isin(charts.VERDICTS), charts.PENDING).value_counts()
    return {k: int(counts.get(k, 0)) for k in (*charts.VERDICTS, charts.PENDING)}


def _counts(view: pd.DataFrame, key: tuple, total: int, f: dict[str, Any], code: str) -> None:
    levels, verdicts = memo("counts", key, lambda: (level_counts(view), verdict_counts(view)))
    if f["start"] is None and f["end"] is None:
        st.caption(_t("counts.period_caption_all", n=len(view), total=total))
    else:
        st.caption(_t("counts.period_caption", start=f["start"] or "…", end=f["end"] or "…", n=len(view), total=total))
    st.markdown(f"**{_t('counts.heading_level')}**")
    with st.container(key=K_COUNTS_LEVEL):
        cols = st.columns(5)
        cols[0].metric(_t("counts.total"), len(view), border=True)
        for col, lv in zip(cols[1:4], charts.LEVELS_DESC):
            col.metric(charts.level_label(lv, code), levels[lv], border=True)
        cols[4].metric(_t("counts.unrated"), levels[charts.UNRATED], border=True)
    st.caption(_t("counts.level_caption"))
    st.markdown(f"**{_t('counts.heading_verdict')}**")
    with st.container(key=K_COUNTS_VERDICT):
        cols = st.columns(5)
        for col, vd in zip(cols, charts.VERDICTS):
            col.metric(charts.verdict_label(vd, code), verdicts[vd], border=True)
        cols[4].metric(_t("counts.pending"), verdicts[charts.PENDING], border=True)


def _dimension_names(qmeta: dict[int, dict], qid: str, code: str) -> list[tuple[str, str]]:
    """[(column, translated name)] of a questionnaire's dimensions (newest revision first wins)."""
    seen: dict[str, str] = {}
    for meta in sorted(qmeta.values(), key=lambda m: -m["revision"]):
        if meta["qid"] != qid:
            continue
        for d in meta["dimensions"]:
            seen.setdefault(d["id"], d["name_en"] if code == "en" else d["name_zh"])
    return [(f"dim.{k}", v) for k, v in seen.items()]


def _heatmap(view: pd.DataFrame, key: tuple, qmeta: dict[int, dict], code: str) -> None:
    st.subheader(_t("heatmap.heading"))
    qids = memo("heat_qids", key, lambda: view["qid"].dropna().value_counts().index.tolist())
    if not qids:
        st.plotly_chart(charts.empty_figure(code), key="leader_heatmap_chart", width="stretch")
        return
    c1, c2 = st.columns([3, 2])
    mode = c1.radio(
        _t("heatmap.mode"),
        ("levels", "projects"),
        key=K_HEAT_MODE,
        horizontal=True,
        format_func=lambda m: _t(f"heatmap.mode_{m}"),
    )
    qid = qids[0]
    if len(qids) > 1:
        names = {m["qid"]: (m["name_en"] if code == "en" else m["name_zh"]) for m in qmeta.values()}
        qid = c2.selectbox(_t("heatmap.questionnaire"), qids, key=K_HEAT_Q, format_func=lambda q: names.get(q, q))
    fig, shown, total = memo("heatmap", (*key, code, mode, qid), lambda: heatmap_figure(view, qmeta, qid, mode, code))
    if shown < total:
        st.caption(_t("heatmap.truncated", shown=shown, total=total))
    st.plotly_chart(fig, key="leader_heatmap_chart", width="stretch")
    st.caption(_t("heatmap.caption"))


def heatmap_figure(view: pd.DataFrame, qmeta: dict[int, dict], qid: str, mode: str, code: str):
    """(figure, rows shown, rows available) of the level × dimension heatmap of one questionnaire."""
    sub = view[view["qid"] == qid]
    dims = _dimension_names(qmeta, qid, code)
    scale = next((m["scale"] for m in qmeta.values() if m["qid"] == qid and m["scale"]), None)
    zmin, zmax = scale if scale else (None, None)
    if mode == "projects":
        rated = sub.dropna(subset=[c for c, _ in dims], how="all")
        top = rated.sort_values(["level_rank", "index"], ascending=[True, False]).head(HEATMAP_MAX_PROJECTS)
        top = top.assign(label=top["code"].astype(str) + " " + top["project"].astype(str))
        return charts.project_dimension_heatmap(top, dims, code, zmin=zmin, zmax=zmax), len(top), len(rated)
    return charts.level_dimension_heatmap(sub, dims, code, zmin=zmin, zmax=zmax), len(sub), len(sub)


def _trend(view: pd.DataFrame, key: tuple, code: str) -> None:
    st.subheader(_t("trend.heading"))
    by = st.radio(
        _t("trend.by"), ("level", "verdict"), key=K_TREND_BY, horizontal=True, format_func=lambda b: _t(f"trend.by_{b}")
    )
    fig = memo("trend", (*key, code, by), lambda: charts.monthly_trend(view, code, by=by))
    st.plotly_chart(fig, key="leader_trend_chart", width="stretch")
    st.caption(_t("trend.caption"))


def _domain_map(values: pd.Series, fn) -> pd.Series:
    """Translate a column of domain values through its unique values (vectorised)."""
    mapping = {v: fn(v) for v in values.dropna().unique()}
    return values.map(mapping).fillna(_t("common.none"))


def table_frame(view: pd.DataFrame, code: str, flags: dict[int, dict] | None) -> pd.DataFrame:
    """The project table in display form (translated values), highest level first, newest first."""
    ordered = view.sort_values(["level_rank", "date"], ascending=[True, False])
    levels = {lv: charts.level_label(lv, code) for lv in charts.LEVELS}
    verdicts = {vd: charts.verdict_label(vd, code) for vd in charts.VERDICTS}
    none = _t("common.none")
    if flags is None:
        reassess = pd.Series(_t("table.reassess_na"), index=ordered.index)
    else:
        yes = {pid for pid, f in flags.items() if f.get("flag", True)}
        reassess = ordered["project_id"].isin(yes).map({True: _t("table.reassess_yes"), False: _t("table.reassess_no")})
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
            "index": ordered["index"],
            "date": ordered["date"],
            "stale": ordered["stale"].map({True: _t("table.col.stale")}).fillna(""),
            "reassess": reassess,
        }
    ).reset_index(drop=True)


def _on_table_select() -> None:
    state = st.session_state.get(K_TABLE)
    try:
        rows = state["selection"]["rows"]
    except (KeyError, TypeError):
        return
    ids = st.session_state.get(K_TABLE_IDS) or []
    if rows and rows[0] < len(ids):
        st.session_state[K_PENDING] = int(ids[rows[0]])


def _table_bundle(view: pd.DataFrame, code: str, flags: dict[int, dict] | None) -> tuple[pd.DataFrame, dict[int, str]]:
    shown = table_frame(view, code, flags)
    template = _t("table.option")
    labels = {
        int(a): template.format(code=c, project=p, id=int(a))
        for a, c, p in zip(shown["assessment_id"], shown["code"], shown["project"])
    }
    return shown, labels


def _table(view: pd.DataFrame, key: tuple, code: str, flags: dict[int, dict] | None) -> None:
    st.subheader(_t("table.heading"))
    if view.empty:
        st.info(_t("table.empty"))
        return
    st.caption(_t("table.caption"))
    flag_key = None if flags is None else tuple(sorted(pid for pid, f in flags.items() if f.get("flag", True)))
    shown, labels = memo("table", (*key, code, flag_key), lambda: _table_bundle(view, code, flags))
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
            "index",
            "date",
            "stale",
            "reassess",
        ],
        column_config={
            "code": col.TextColumn(_t("table.col.code")),
            "project": col.TextColumn(_t("table.col.project"), width="medium"),
            "region": col.TextColumn(_t("table.col.region")),
            "type": col.TextColumn(_t("table.col.type")),
            "stage": col.TextColumn(_t("table.col.stage")),
            "state": col.TextColumn(_t("table.col.state")),
            "level_shown": col.TextColumn(_t("table.col.level_shown"), help=_t("table.help.level_shown")),
            "level": col.TextColumn(_t("table.col.level")),
            "residual_level": col.TextColumn(_t("table.col.residual_level")),
            "verdict": col.TextColumn(_t("table.col.verdict")),
            "index": col.NumberColumn(_t("table.col.index"), format="%.2f", help=_t("table.help.index")),
            "date": col.DateColumn(_t("table.col.date"), format="YYYY-MM-DD"),
            "stale": col.TextColumn(_t("table.col.stale"), help=_t("table.help.stale")),
            "reassess": col.TextColumn(_t("table.col.reassess"), help=_t("table.help.reassess")),
        },
    )
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    chosen = c1.selectbox(_t("table.choose"), list(labels), key=K_CHOOSE, format_func=lambda a: labels.get(a, str(a)))
    if c2.button(_t("table.open"), key=K_OPEN, type="primary", icon=":material/insights:") and chosen is not None:
        shell.go(DETAIL_PAGE, int(chosen))


def recent_frame(view: pd.DataFrame, code: str) -> pd.DataFrame:
    """The few most recently touched assessments (new ratings, results or verdicts), translated."""
    recent = view.sort_values("touched", ascending=False).head(RECENT_ROWS)
    return pd.DataFrame(
        {
            _t("recent.col.code"): recent["code"].tolist(),
            _t("recent.col.project"): recent["project"].tolist(),
            _t("recent.col.level"): [
                charts.level_label(v if isinstance(v, str) else None, code) for v in recent["level_shown"]
            ],
            _t("recent.col.verdict"): [
                charts.verdict_label(v if isinstance(v, str) else None, code) for v in recent["verdict"]
            ],
            _t("recent.col.updated"): recent["touched"].dt.strftime("%Y-%m-%d %H:%M").fillna("").tolist(),
        }
    )


def _recent(view: pd.DataFrame, key: tuple, code: str) -> None:
    """Shown as plain text (a browser test can read it, unlike the canvas-drawn data grid)."""
    recent = memo("recent", (*key, code), lambda: recent_frame(view, code))
    if recent.empty:
        return
    st.subheader(_t("recent.heading"))
    st.caption(_t("recent.caption"))
    with st.container(key=K_RECENT):
        st.table(recent, hide_index=True)


# --- page ---------------------------------------------------------------------------------------
def render() -> None:
    ctx = shell.page_context(*ROLES)
    code = lang()
    pending = st.session_state.pop(K_PENDING, None)
    if pending is not None:
        shell.go(DETAIL_PAGE, int(pending))
    st.title(_t("dashboard.title"))
    st.caption(_t("dashboard.subtitle"))
    frame, qmeta, version = portfolio(ctx.store, ctx.actor)
    if frame.empty:
        st.info(_t("dashboard.empty_db"))
        return
    f = filter_row(frame)
    key = (ctx.store.url, version, filter_key(f))
    view = memo("view", key, lambda: apply_filters(frame, f))
    _counts(view, key, len(frame), f, code)
    left, right = st.columns(2)
    with left:
        _trend(view, key, code)
    with right:
        _heatmap(view, key, qmeta, code)
    _table(view, key, code, reassessment_flags(ctx.store.url, version))
    _recent(view, key, code)


if __name__ == "__main__":
    render()
