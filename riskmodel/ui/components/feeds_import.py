"""Import of a feed export with a progress bar: source, optional mapping file, skip invalid rows."""

from __future__ import annotations

import csv
import io

import pandas as pd
import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.feeds.profiles import PROFILES, SOURCES, parse_mapping
from riskmodel.safe_yaml import load as load_yaml
from riskmodel.services import feeds
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.text import error_text, trm

K_RESULT = "feeds_import_result"


def _report_csv(ctx: PageContext, rejected: list) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([ctx.t(f"feeds.report.{c}") for c in ("row", "column", "value", "problem")])
    for r in rejected:
        w.writerow([r.row, r.column, r.value if r.value[:1] not in "=+-@" else "'" + r.value, r.problem])
    return buf.getvalue().encode("utf-8-sig")


def render(ctx: PageContext) -> None:
    source = st.selectbox(
        ctx.t("feeds.ui.import.source"),
        SOURCES,
        key="feeds_import_source",
        format_func=lambda s: ctx.t(f"feeds.ui.source.{s}"),
    )
    st.caption(ctx.t("feeds.ui.import.columns", columns=ctx.t("feeds.sep").join(PROFILES[source].names)))
    upload = st.file_uploader(ctx.t("feeds.ui.import.file"), type=["csv", "xlsx"], key="feeds_import_file")
    mapping_file = st.file_uploader(ctx.t("feeds.ui.import.mapping"), type=["yaml", "yml"], key="feeds_import_mapping")
    skip = st.checkbox(ctx.t("feeds.ui.import.skip"), key="feeds_import_skip")
    if st.button(ctx.t("feeds.ui.import.submit"), type="primary", key="feeds_import_go", disabled=upload is None):
        assert upload is not None
        bar = st.progress(0.0, text=ctx.t("feeds.ui.import.started"))

        def progress(stage: str, done: int, total: int) -> None:
            share = {"read": 0.0, "link": 0.45, "store": 0.9}[stage] + (done / max(total, 1)) * (
                0.45 if stage != "store" else 0.1
            )
            bar.progress(
                min(share, 1.0),
                text=ctx.t("feeds.progress", stage=ctx.t("feeds.stage." + stage), done=f"{done:,}", total=f"{total:,}"),
            )

        try:
            mapping = None
            if mapping_file is not None:
                mapping = parse_mapping(
                    load_yaml(mapping_file.getvalue().decode("utf-8-sig")), source, mapping_file.name
                )
            result = feeds.import_feed(
                ctx.store,
                ctx.actor,
                upload.getvalue(),
                upload.name,
                source,
                mapping=mapping,
                skip_invalid=skip,
                progress=progress,
            )
        except feeds.ImportRefused as exc:
            bar.empty()
            st.error(error_text(exc))
            st.dataframe(
                pd.DataFrame([{**e.as_dict(), "problem": ctx.t(e.key)} for e in exc.errors[:500]]),
                hide_index=True,
                key="feeds_import_errors",
                width="stretch",
            )
            return
        except (RiskModelError, UnicodeDecodeError) as exc:
            bar.empty()
            st.error(
                error_text(exc) if isinstance(exc, RiskModelError) else trm("security.files.encoding", file=upload.name)
            )
            return
        bar.progress(1.0, text=ctx.t("feeds.ui.import.finished"))
        st.session_state[K_RESULT] = result
    _show(ctx, st.session_state.get(K_RESULT))


def _show(ctx: PageContext, result: feeds.ImportResult | None) -> None:
    if result is None:
        return
    d = result.to_dict()
    st.success(ctx.t("feeds.cli.imported", **{k: v for k, v in d.items() if k != "file"}, file=result.file_name))
    if result.rejected:
        st.warning(ctx.t("feeds.ui.import.rejected", count=len(result.rejected)))
        st.dataframe(
            pd.DataFrame([r.__dict__ for r in result.rejected[:500]]),
            hide_index=True,
            key="feeds_import_rejected",
            width="stretch",
        )
        st.download_button(
            ctx.t("feeds.ui.import.report"),
            _report_csv(ctx, result.rejected),
            file_name=f"{result.file_name}.rejected.csv",
            mime="text/csv",
            key="feeds_import_report",
        )
