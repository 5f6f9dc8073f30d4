"""领导驾驶舱 filters: region, type, stage, period and latest-only, their form state and the vectorised mask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.questionnaire import PROJECT_TYPES
from riskmodel.ui.components.dashboard_data import leader_text as lt
from riskmodel.ui.components.text import date_format, project_type_label, stage_label

K_REGION, K_TYPE, K_STAGE = "leader_f_region", "leader_f_type", "leader_f_stage"
K_PERIOD, K_RANGE, K_LATEST = "leader_f_period", "leader_f_range", "leader_f_latest"
K_RESET = "leader_f_reset"
PERIODS = ("all", "last_12m", "this_year", "last_year", "custom")
FILTER_KEYS = (K_REGION, K_TYPE, K_STAGE, K_PERIOD, K_RANGE, K_LATEST)


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


FILTER_DEFAULTS: dict[str, Any] = {K_REGION: [], K_TYPE: [], K_STAGE: [], K_PERIOD: PERIODS[0], K_LATEST: True}


def _reset_filters() -> None:
    """清除筛选: every filter widget back to its default. The values are set, not only forgotten: a
    forgotten key resets the numbers but the browser would keep showing the old choice in the widget."""
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
    st.session_state.update(FILTER_DEFAULTS)


@dataclass(frozen=True)
class FilterOptions:
    """What the filter widgets offer, read once per data version (not per rerun: a province's portfolio
    has hundreds of thousands of rows)."""

    regions: tuple[str, ...]
    types: tuple[str, ...]
    stages: tuple[str, ...]
    first: date | None
    last: date | None


def filter_options(df: pd.DataFrame) -> FilterOptions:
    """Regions and stages sorted, types in the questionnaire's order (unknown ones after), the date span."""
    present = set(df["type"].dropna().unique().tolist())
    lo, hi = df["date"].min(), df["date"].max()
    return FilterOptions(
        regions=tuple(sorted(df["region"].dropna().unique().tolist())),
        types=tuple([x for x in PROJECT_TYPES if x in present] + sorted(present - set(PROJECT_TYPES))),
        stages=tuple(sorted(df["stage"].dropna().unique().tolist())),
        first=lo.date() if pd.notna(lo) else None,
        last=hi.date() if pd.notna(hi) else None,
    )


def filter_row(opts: FilterOptions) -> dict[str, Any]:
    """Region, type, stage, period and the latest-only switch; returns the chosen values."""
    placeholder = lt("filters.placeholder")
    with st.container(key="leader_filters", border=True):
        c1, c2, c3, c4 = st.columns([3, 3, 2, 3])
        region = c1.multiselect(lt("filters.region"), opts.regions, key=K_REGION, placeholder=placeholder)
        ptype = c2.multiselect(
            lt("filters.type"), opts.types, key=K_TYPE, placeholder=placeholder, format_func=project_type_label
        )
        stage = c3.multiselect(
            lt("filters.stage"), opts.stages, key=K_STAGE, placeholder=placeholder, format_func=stage_label
        )
        preset = c4.selectbox(
            lt("filters.period"), PERIODS, key=K_PERIOD, format_func=lambda p: lt(f"filters.preset.{p}")
        )
        custom = None
        b1, b2, b3 = st.columns([3, 5, 2])
        if preset == "custom":
            default = (
                (opts.first, opts.last)
                if opts.first is not None and opts.last is not None
                else (date.today() - timedelta(days=365), date.today())
            )
            custom = b1.date_input(lt("filters.range"), value=default, key=K_RANGE, format=date_format())
        latest = b2.checkbox(lt("filters.latest_only"), value=True, key=K_LATEST, help=lt("filters.latest_only_help"))
        b3.button(lt("filters.reset"), key=K_RESET, on_click=_reset_filters, icon=":material/filter_alt_off:")
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
