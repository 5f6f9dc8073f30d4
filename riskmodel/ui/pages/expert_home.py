"""我的评估 — the assessments an expert sits on, their state and his progress in the current round.

Cards rather than a wide table, so the page works at phone width.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.services import ui_support
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import show_flash
from riskmodel.ui.components.text import md, round_status_label, state_label, text_of, tr


def render() -> None:
    ctx = shell.page_context("expert")
    st.title(tr("ui.expert_home.title"))
    show_flash()
    items = ui_support.expert_overview(ctx.store, ctx.actor)
    if not items:
        st.info(tr("ui.expert_home.empty"))
        return
    open_items = [a for a in items if a["round_open"]]
    st.caption(tr("ui.expert_home.summary", total=len(items), open=len(open_items)))
    for a in sorted(items, key=lambda x: (not x["round_open"], -x["id"])):
        with st.container(border=True, key=f"expert_card_{a['id']}"):
            st.markdown(f"**{md(a['project_name'])}**" + (f" · {md(a['title'])}" if a.get("title") else ""))
            st.caption(
                tr(
                    "ui.expert_home.meta",
                    code=a["project_code"],
                    questionnaire=text_of(a["questionnaire_obj"].name),
                    state=state_label(a["state"]),
                )
            )
            if a["round_open"]:
                st.markdown(tr("ui.expert_home.round_open", number=a["round_number"]))
                total = a["indicators"]
                done = min(a["submitted_in_round"], total)
                st.progress(
                    done / total if total else 0.0,
                    text=tr("ui.expert_home.progress", done=done, total=total, drafts=a["drafts"]),
                )
                if st.button(
                    tr("ui.expert_home.rate"), key=f"expert_rate_{a['id']}", type="primary", icon=":material/edit_note:"
                ):
                    shell.go("expert_rating.py", a["id"])
            else:
                last = a["rounds"][-1] if a.get("rounds") else None
                if last is None:
                    st.markdown(tr("ui.expert_home.no_round"))
                else:
                    st.markdown(
                        tr(
                            "ui.expert_home.round_state",
                            number=last["number"],
                            status=round_status_label(last["status"]),
                        )
                    )
                st.caption(tr("ui.expert_home.submitted_total", count=a["submitted_total"]))
                if a["submitted_total"] and st.button(tr("ui.expert_home.view"), key=f"expert_view_{a['id']}"):
                    shell.go("expert_rating.py", a["id"])


if __name__ == "__main__":
    render()
