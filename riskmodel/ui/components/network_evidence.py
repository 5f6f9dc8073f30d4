"""Network evidence beside the 民意 / 综合维稳 (and 可控性) dimensions of the rating form.

Shows the mobilisation result stored with the assessment (``services.network_analysis``) — expected
people mobilised, P(≥100), P(≥200), the main opposition coalition — or, when none was stored yet, the
result computed from the project's latest network (cached per network version). Renders nothing when
the project has no network, so pages can call it unconditionally. Safe inside ``st.form`` (no inputs).
"""

from __future__ import annotations

import logging

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.i18n import t
from riskmodel.services import network_analysis
from riskmodel.services.views.networks import NetworkEvidence
from riskmodel.store import Store, get_store

log = logging.getLogger("riskmodel.ui")

# Dimensions whose experts read the network: 民意 and 综合维稳 (four-dimension), 可控性 (four-properties, NDRC).
EVIDENCE_DIMENSIONS = frozenset({"PUB", "STB", "CTL"})


def evidence(assessment_id: int, store: Store | None = None) -> NetworkEvidence | None:
    """Stored or computed evidence of the assessment; None when there is no network (or it fails)."""
    try:
        return network_analysis.evidence_for(store or get_store(), int(assessment_id))
    except RiskModelError:
        return None
    except Exception:
        log.exception("network evidence for assessment %s failed", assessment_id)
        return None


def render_network_evidence(
    assessment_id: int, lang: str, *, dimension: str | None = None, store: Store | None = None
) -> bool:
    """Draw the evidence box (for ``dimension`` only if it is one of ``EVIDENCE_DIMENSIONS``); True if drawn."""
    if dimension is not None and dimension not in EVIDENCE_DIMENSIONS:
        return False
    ev = evidence(assessment_id, store)
    if ev is None:
        return False
    mob = ev.mobilisation

    def k(key: str, **params) -> str:
        return t(f"ui_network.evidence_panel.{key}", lang, **params)

    with st.container(border=True, key=f"network_evidence_{assessment_id}_{dimension or 'all'}"):
        st.markdown(f"**{k('heading')}**")
        if ev.stored:
            st.caption(k("stored", at=(ev.recorded_at or "")[:10], version=ev.network_version))
        else:
            st.caption(k("computed"))
        if ev.outdated:
            st.warning(k("outdated"), icon=":material/update:")
        cols = st.columns(3)
        cols[0].metric(k("expected"), f"{mob.expected_people:.0f}")
        cols[1].metric(k("p100"), f"{mob.p_ge_100:.0%}")
        cols[2].metric(k("p200"), f"{mob.p_ge_200:.0%}")
        st.caption(k("summary", nodes=ev.nodes, people=ev.people, opposed=ev.opposed_people, open=ev.open_disputes))
        top = ev.main_opposition
        if top is not None:
            st.caption(k("opposition", id=top.community, opposed=top.opposed_people, share=f"{top.opposed_share:.0%}"))
    return True
