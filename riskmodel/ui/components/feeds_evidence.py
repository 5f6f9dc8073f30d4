"""Feed records linked to the project, shown to the panel next to the 民意 and 综合维稳 indicators.

One line in a rating form or workbench: ``render_feeds_evidence(assessment_id, lang, dimension=dim.id)``.
Counts (件次, 件, people), categories, the monthly trend, a few sample texts (masked) and the latest
signals. Renders nothing for other dimensions or when no record is linked. No inputs (safe in a form).
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy import select

from riskmodel.feeds.signals import ABNORMAL, ALARM
from riskmodel.i18n import t
from riskmodel.services import feeds_tracking
from riskmodel.store import Store, get_store
from riskmodel.store.models import Assessment

log = logging.getLogger("riskmodel.ui")
EVIDENCE_DIMENSIONS = frozenset({"PUB", "STB", "CTL"})


def render_feeds_evidence(
    assessment_id: int, lang: str, *, dimension: str | None = None, store: Store | None = None
) -> bool:
    if dimension is not None and dimension not in EVIDENCE_DIMENSIONS:
        return False
    store = store or get_store()
    try:
        with store.read() as s:
            project_id = s.execute(select(Assessment.project_id).where(Assessment.id == int(assessment_id))).scalar()
        if project_id is None:
            return False
        summary = feeds_tracking.project_feed_summary(store, int(project_id), samples=3)
    except Exception:
        log.exception("feeds evidence for assessment %s failed", assessment_id)
        return False
    if not summary.records:
        return False
    with st.container(border=True, key=f"feeds_evidence_{assessment_id}_{dimension or 'all'}"):
        st.markdown(f"**{t('feeds.ui.evidence.heading', lang)}**")
        cols = st.columns(3)
        cols[0].metric(t("feeds.metric.records", lang), summary.records)
        cols[1].metric(t("feeds.ui.evidence.cases", lang), summary.cases)
        cols[2].metric(t("feeds.metric.people", lang), summary.metrics["people"])
        st.caption(
            t(
                "feeds.ui.evidence.categories",
                lang,
                categories=t("feeds.sep", lang).join(f"{c} {n}" for c, n in summary.categories[:4]),
            )
        )
        if summary.monthly:
            st.bar_chart(dict(summary.monthly[-12:]), height=120)
        for sig in summary.signals[:1]:
            if sig.level in (ALARM, ABNORMAL):
                st.warning(t("feeds.ui.evidence.signal", lang, level=sig.level, as_of=sig.as_of, count=sig.count))
        for r in summary.samples:
            st.text(f"{r.received_at[:10]} · {r.text[:90]}")
    return True
