"""排查研判 · 数据导入 — import 12345 work orders, 信访 and grid events (organizers, admins)."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import feeds
from riskmodel.ui import shell
from riskmodel.ui.components import feeds_import


def render() -> None:
    ctx = shell.page_context("organizer", "admin")
    st.title(ctx.t("feeds.ui.import.title"))
    st.caption(ctx.t("feeds.ui.import.subtitle", records=f"{feeds.record_count(ctx.store):,}"))
    feeds_import.render(ctx)


if __name__ == "__main__":
    render()
