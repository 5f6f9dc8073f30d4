"""排查研判 · 工作机制 — 日研判、周会办、月通报、季核查: preview and download each document (Word / PDF)."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from riskmodel.feeds.documents import Block
from riskmodel.reports.outline import Heading, Para, Table, Title
from riskmodel.services import feeds, feeds_bulletin
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import run_action

KINDS = ("daily", "weekly", "monthly", "quarterly")


def _default_period(kind: str, store) -> str:
    day = feeds.default_as_of(store)
    if kind == "monthly":
        return f"{day.year}-{day.month:02d}"
    if kind == "quarterly":
        prev = day.replace(day=1) - timedelta(days=1) if day.month in (1, 4, 7, 10) else day
        return f"{prev.year}Q{(prev.month - 1) // 3 + 1}"
    return day.isoformat()


def _preview(blocks: list[Block]) -> None:
    for b in blocks:
        if isinstance(b, Title):
            st.markdown(f"#### {b.text}")
            for line in b.subtitle_lines:
                st.caption(line)
        elif isinstance(b, Heading):
            st.markdown(f"**{b.text}**")
        elif isinstance(b, Para):
            st.caption(b.text) if b.style == "note" else st.text(b.text)
        elif isinstance(b, Table):
            st.caption(b.caption)
            st.dataframe([dict(zip(b.headers, r, strict=True)) for r in b.rows], hide_index=True, width="stretch")


def render() -> None:
    ctx = shell.page_context("organizer", "leader", "admin")
    st.title(ctx.t("feeds.ui.rhythm.title"))
    tabs = st.tabs([ctx.t(f"feeds.bulletin.kind.{k}") for k in KINDS])
    for kind, tab in zip(KINDS, tabs, strict=True):
        with tab:
            period = st.text_input(
                ctx.t(f"feeds.ui.rhythm.period.{kind}"),
                _default_period(kind, ctx.store),
                key=f"feeds_rhythm_{kind}_period",
                max_chars=10,
            )
            if st.button(ctx.t("feeds.ui.rhythm.build"), key=f"feeds_rhythm_{kind}_build", type="primary"):
                blocks = run_action(feeds_bulletin.bulletin_blocks, ctx.store, ctx.actor, kind, period, ctx.lang)
                if blocks is not None:
                    from riskmodel.feeds import documents

                    st.session_state[f"feeds_rhythm_{kind}"] = (
                        period,
                        blocks,
                        documents.render_docx(blocks),
                        documents.render_pdf(blocks, feeds_bulletin.title_of(blocks, kind)),
                    )
            built = st.session_state.get(f"feeds_rhythm_{kind}")
            if built is None:
                continue
            p, blocks, docx_bytes, pdf_bytes = built
            c1, c2 = st.columns(2)
            c1.download_button(
                ctx.t("feeds.ui.rhythm.docx"), docx_bytes, file_name=f"{kind}-{p}.docx", key=f"feeds_rhythm_{kind}_docx"
            )
            c2.download_button(
                ctx.t("feeds.ui.rhythm.pdf"),
                pdf_bytes,
                file_name=f"{kind}-{p}.pdf",
                mime="application/pdf",
                key=f"feeds_rhythm_{kind}_pdf",
            )
            _preview(blocks)


if __name__ == "__main__":
    render()
