"""Shared pieces of the register pages (issue 11): labels of the register's values, safe service calls
(messages that quote file values are shown as text, never Markdown), and the tables they show."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.i18n import has
from riskmodel.services.views.register import CheckItem, CoverageRow, DrawView, ExpertView, FilingView, MatterView
from riskmodel.ui.components.text import lang, stage_label, tr, trm, verdict_label

T = TypeVar("T")


def rt(key: str, **params: Any) -> str:
    """A ``register.ui`` text in the page language; text parameters (codes, names, reasons a user typed)
    are Markdown-escaped, since these texts go to titles, captions and alerts."""
    return trm(f"register.ui.{key}", **params)


def label(group: str, value: str | None) -> str:
    """A stored value (state, kind, category, filing state …) in the page language."""
    if value is None or value == "":
        return tr("ui.common.none")
    key = f"register.ui.{group}.{value}"
    return tr(key) if has(key, lang()) or has(key) else str(value)


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[bool, T | None]:
    """Run a service call; a user error shows a heading and its message as plain text (it may quote a
    value from an uploaded file)."""
    try:
        return True, fn(*args, **kwargs)
    except RiskModelError as exc:
        st.error(rt("failed"), icon=":material/error:")
        st.text(exc.message(lang()))
        return False, None


def pct(value: float | None) -> str:
    return tr("ui.common.none") if value is None else f"{value:.1%}"


def flag_text(m: MatterView) -> str:
    if m.decided_without_assessment:
        return rt("flag.decided_without_assessment")
    if m.decision_departs:
        return rt("flag.decision_departs")
    return ""


def matters_frame(rows: Iterable[MatterView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                rt("col.code"): m.code,
                rt("col.title"): m.title,
                rt("col.kind"): label("kind", m.kind),
                rt("col.checkpoint"): stage_label(m.checkpoint),
                rt("col.department"): m.department,
                rt("col.region"): m.region,
                rt("col.planned"): m.planned_decision_date or "",
                rt("col.state"): label("state", m.state),
                rt("col.decision"): verdict_label(m.decision) if m.decision else "",
                rt("col.decision_date"): m.decision_date or "",
                rt("col.flag"): flag_text(m),
                rt("col.assessments"): ", ".join(f"#{a}" for a in m.assessment_ids),
            }
            for m in rows
        ]
    )


def coverage_frame(rows: Iterable[CoverageRow], name_key: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                rt(name_key): r.name,
                rt("cov.required"): r.required,
                rt("cov.assessed"): r.assessed,
                rt("cov.filed"): r.filed,
                rt("cov.without"): r.decided_without_assessment,
                rt("cov.departs"): r.decision_departs,
                rt("cov.coverage_rate"): pct(r.coverage_rate),
                rt("cov.filing_rate"): pct(r.filing_rate),
            }
            for r in rows
        ]
    )


def checklist_frame(items: Iterable[CheckItem]) -> pd.DataFrame:
    mark = {True: "✓", False: "✗", None: "·"}
    return pd.DataFrame(
        [
            {
                rt("check.passed"): mark[i.passed],
                rt("check.item"): label("item", i.item),
                rt("check.detail"): i.detail,
            }
            for i in items
        ]
    )


def draws_frame(draws: Iterable[DrawView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                rt("draw.number"): d.number,
                rt("draw.kind"): label("draw_kind", d.kind),
                rt("draw.panel"): ", ".join(d.panel),
                rt("draw.declined"): d.declined or "",
                rt("draw.recused"): len(d.recused),
                rt("draw.pool"): d.pool_size,
                rt("draw.seed"): d.seed,
                rt("draw.hash"): d.pool_hash[:16],
                rt("draw.reason"): d.reason or "",
                rt("draw.at"): d.drawn_at.replace("T", " "),
                rt("draw.by"): d.drawn_by,
            }
            for d in draws
        ]
    )


def experts_frame(rows: Iterable[ExpertView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                rt("col.username"): e.username,
                rt("col.name"): e.name,
                rt("col.category"): label("category", e.category),
                rt("col.field"): e.field,
                rt("col.organisation"): e.organisation,
                rt("col.title_rank"): e.title or "",
                rt("col.years"): e.years,
                rt("col.available"): rt("yes") if e.available else rt("no"),
                rt("col.account"): rt("yes") if e.has_account else rt("no"),
                rt("col.participations"): e.participations,
                rt("col.declined"): e.declined,
                rt("col.late"): e.late,
            }
            for e in rows
        ]
    )


def filings_frame(rows: Iterable[FilingView]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                rt("filing.assessment"): f"#{f.assessment_id}",
                rt("filing.project"): f"{f.project_code} {f.project_name}",
                rt("filing.number"): f.number,
                rt("filing.state"): label("filing_state", f.state),
                rt("filing.assessor"): f.assessor or rt("office"),
                rt("filing.submitted"): f.submitted_at.replace("T", " "),
                rt("filing.failed"): sum(1 for i in f.checklist if i.passed is False),
                rt("filing.filing_number"): f.filing_number or "",
            }
            for f in rows
        ]
    )


def table(frame: pd.DataFrame, key: str) -> None:
    if frame.empty:
        st.info(tr("ui.common.no_data"))
        return
    st.dataframe(frame, hide_index=True, key=key, width="stretch")
