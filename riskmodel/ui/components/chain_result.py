"""How a result is shown wherever it appears (issue 9): levels before and after measures labelled, the
uncertainty basis in words, one crowd figure with its source and the network simulation beside it as
labelled evidence, the 0–100 index with the raw index and its unit, and completeness.

Every function takes the typed ``AssessmentResult`` the services hand out (``ResultView.result``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.engine.result import AssessmentResult
from riskmodel.model.rounding import percent_texts
from riskmodel.questionnaire import LEVELS
from riskmodel.ui.components.text import fmt_number, level_label, tr


def _phase(key: str) -> str:
    return tr(f"chain.ui.phase.{key}")


def probability_table(r: AssessmentResult) -> pd.DataFrame | None:
    """Level probabilities before and after measures in one table, each column labelled with its phase
    and rounded so it adds up to 100 % (largest remainder)."""
    before = r.level_probabilities or {}
    after = r.residual_level_probabilities or {}
    if not any(v is not None for v in before.values()) and not after:
        return None
    columns = {tr("chain.ui.col.level"): [level_label(lv) for lv in LEVELS]}
    if any(v is not None for v in before.values()):
        columns[tr("chain.ui.col.p_phase", phase=_phase("before"))] = percent_texts([before.get(lv) for lv in LEVELS])
    if after:
        columns[tr("chain.ui.col.p_phase", phase=_phase("after"))] = percent_texts([after.get(lv) for lv in LEVELS])
    return pd.DataFrame(columns)


def uncertainty_basis_text(r: AssessmentResult) -> str:
    """What the probabilities rest on, in words (finding 3: one expert is not a resampled panel)."""
    basis = r.uncertainty_basis or "none"
    return tr(f"chain.ui.basis.{basis}", draws=r.uncertainty.draws, experts=r.panel.submitted)


def render_probabilities(r: AssessmentResult, key: str) -> None:
    table = probability_table(r)
    st.markdown(f"**{tr('chain.ui.probabilities')}**")
    if table is None:
        st.caption(uncertainty_basis_text(r))
        return
    st.dataframe(table, hide_index=True, key=key, width="stretch")
    if r.uncertainty_basis == "weights":
        st.warning(uncertainty_basis_text(r))
    else:
        st.caption(uncertainty_basis_text(r))


def render_levels(r: AssessmentResult) -> None:
    """Level and index before and after measures, each labelled, with the 0–100 index and the raw unit."""
    cols = st.columns(2)
    for col, phase, level, drivers, raw, scaled in (
        (cols[0], "before", r.level, r.level_drivers, r.index, r.index_100),
        (cols[1], "after", r.residual_level, r.residual_level_drivers, r.residual_index, r.residual_index_100),
    ):
        col.metric(tr("chain.ui.level_phase", phase=_phase(phase)), level_label(level))
        col.caption(
            tr(
                "chain.ui.index_line",
                index_100=fmt_number(scaled, 1),
                raw=fmt_number(raw, 3),
                unit=index_unit_text(r),
            )
        )
        if drivers:
            col.caption(tr("chain.ui.drivers", drivers=tr("ui.common.list_sep").join(_driver(d) for d in drivers)))
    ev = r.residual_evidence
    if ev is not None:
        for what in ("survey", "group_event"):
            source = getattr(ev, what)
            if source == "pre_measure":
                st.caption(tr(f"chain.ui.evidence.{what}_pre"))
            elif source == "post_measure":
                st.caption(tr(f"chain.ui.evidence.{what}_post"))
    if r.rising is not None and (r.rising.index or r.rising.factors):
        st.warning(tr("chain.ui.rising", factors=tr("ui.common.list_sep").join(r.rising.factors) or "—"))


def index_unit_text(r: AssessmentResult) -> str:
    scale = r.index_scale
    if scale is None:
        return tr("ui.common.none")
    return tr(f"chain.ui.unit.{scale.unit}", min=fmt_number(scale.min, 0), max=fmt_number(scale.max, 0))


def _driver(rule: str) -> str:
    return tr(f"chain.ui.driver.{rule}")


def render_crowd(r: AssessmentResult) -> None:
    """One crowd figure (the panel's estimate, with its source) and the simulation as labelled evidence."""
    ge = r.group_event
    st.markdown(f"**{tr('chain.ui.crowd.title')}**")
    if ge is None or ge.people is None:
        st.caption(tr("chain.ui.crowd.none"))
    else:
        st.markdown(
            tr(
                "chain.ui.crowd.figure",
                people=ge.people,
                level=level_label(ge.level) if ge.level else tr("chain.ui.crowd.below"),
                source=tr(f"chain.ui.crowd.source.{ge.source}"),
            )
        )
        if ge.people_after is not None:
            st.markdown(
                tr(
                    "chain.ui.crowd.after",
                    people=ge.people_after,
                    level=level_label(ge.level_after) if ge.level_after else tr("chain.ui.crowd.below"),
                )
            )
        else:
            st.caption(tr("chain.ui.crowd.after_missing"))
    mob = r.mobilisation
    if mob is None:
        return
    st.caption(
        tr(
            "chain.ui.crowd.simulation",
            people=fmt_number(mob.expected_people, 0),
            p100=_share(mob.p_ge_100),
            p200=_share(mob.p_ge_200),
            runs=mob.runs if mob.runs is not None else "—",
            level=level_label(mob.level) if mob.level else tr("chain.ui.crowd.below"),
        )
    )
    if mob.divergent:
        st.warning(
            tr("chain.ui.crowd.divergent", ratio=fmt_number(mob.ratio, 1), factor=fmt_number(mob.divergence_factor, 1))
        )


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def render_sha(signed: str | None, current: str | None) -> None:
    """The SHA-256 the verdict was signed on, and a note when the stored result has changed since (its
    inputs changed after signing, e.g. measure progress in tracking)."""
    st.caption(tr("chain.ui.sha256_signed", sha=signed or "—"))
    if signed and current and signed != current:
        st.caption(tr("chain.ui.sha256_changed", sha=current))


def render_completeness(r: AssessmentResult, names: dict[str, str] | None = None) -> None:
    """A warning naming the indicators without a counted rating (an incomplete result cannot be signed)."""
    if r.complete is not False and not r.missing_indicators:
        return
    names = names or {}
    listed = tr("ui.common.list_sep").join(f"{i} {names.get(i, '')}".strip() for i in r.missing_indicators)
    st.warning(tr("chain.ui.incomplete", count=len(r.missing_indicators), missing=listed or "—"))
    if r.level_upper_bound and r.level_upper_bound != r.level:
        st.caption(tr("chain.ui.upper_bound", level=level_label(r.level_upper_bound)))
