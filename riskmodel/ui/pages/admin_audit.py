"""审计日志 — the append-only audit log (a keyed hash chain), with a button that verifies the chain and the
verdicts, submissions, users and measures it vouches for. Auditors read it; admins too unless duties are
separated (三员分立, ``RISKMODEL_SEPARATION_OF_DUTIES``)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from riskmodel.services import audit
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import show_flash
from riskmodel.ui.components.text import labeled, lkey, tr

ENTITIES = ("", "assessment", "project", "user", "measure", "questionnaire_version")


def render() -> None:
    ctx = shell.page_context("admin", "auditor")
    audit.require_audit_reader(ctx.actor)
    st.title(tr("ui.admin_audit.title"))
    show_flash()
    st.caption(tr("ui.admin_audit.help", count=audit.audit_count(ctx.store)))
    if st.button(tr("ui.admin_audit.verify"), key="audit_verify", type="primary", icon=":material/verified:"):
        broken = audit.verify_audit(ctx.store)
        if broken is None:
            st.success(tr("security.cli.audit_ok", count=audit.audit_count(ctx.store)))
        else:
            # the reason quotes values found in the tables (someone's SQL edit): shown as text, never as Markdown
            st.error(tr("ui_security.audit.broken"), icon=":material/gpp_bad:")
            st.text(tr(f"security.audit.reason.{broken.reason}", **broken.params()))
    c1, c2, c3 = st.columns(3)
    entity = c1.selectbox(
        tr("ui.admin_audit.entity"),
        ENTITIES,
        key=lkey("audit_entity"),
        format_func=labeled(ENTITIES, lambda e: tr(f"ui.admin_audit.entities.{e or 'all'}")),
    )
    entity_id = c2.text_input(tr("ui.admin_audit.entity_id"), key="audit_entity_id", max_chars=64)
    limit = c3.number_input(
        tr("ui.admin_audit.limit"), min_value=10, max_value=5000, value=200, step=50, key="audit_limit"
    )
    rows = audit.list_audit(
        ctx.store, ctx.actor, entity=entity or None, entity_id=entity_id.strip() or None, limit=int(limit)
    )
    if not rows:
        st.info(tr("ui.common.no_data"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("ui.admin_audit.col.seq"): r.seq,
                    tr("ui.admin_audit.col.at"): r.at[:19].replace("T", " "),
                    tr("ui.admin_audit.col.actor"): r.actor,
                    tr("ui.admin_audit.col.action"): r.action,
                    tr("ui.admin_audit.col.entity"): r.entity,
                    tr("ui.admin_audit.col.entity_id"): r.entity_id or "",
                    tr("ui.admin_audit.col.details"): json.dumps(r.details, ensure_ascii=False)[:300],
                    tr("ui.admin_audit.col.hash"): r.hash[:16],
                }
                for r in rows
            ]
        ),
        hide_index=True,
        key="audit_table",
        width="stretch",
    )


if __name__ == "__main__":
    render()
