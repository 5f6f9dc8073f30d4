"""评估详情 header: the assessment selector, project facts, level / verdict metrics, the verdict box and the
re-assessment notice."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from riskmodel.services.views.dashboard import AssessmentDetail
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.ui import charts
from riskmodel.ui.components import chain_result
from riskmodel.ui.components.leader_text import lt, num, text_in
from riskmodel.ui.components.selection import select_assessment, selected_assessment_id
from riskmodel.ui.components.text import md, project_type_label, stage_label, state_label, tr

K_SELECT, K_LAST = "leader_detail_select", "_leader_detail_last"
K_METRICS, K_VERDICT = "leader_detail_metrics", "leader_detail_verdict"
CHOICES_LIMIT = 300  # assessments offered in the selector besides the chosen one


def choose(frame: pd.DataFrame) -> int | None:
    """The assessment selector (defaults to the one chosen on the dashboard or in the URL)."""
    ordered = frame.sort_values(["level_rank", "date"], ascending=[True, False])
    wanted = selected_assessment_id()
    # the riskiest first, as on the dashboard's table, plus the one chosen there (a province has 10⁵ rows)
    keep = ordered.head(CHOICES_LIMIT)
    extra = ordered[ordered["assessment_id"].isin([wanted, st.session_state.get(K_SELECT)])]
    shown = pd.concat([keep, extra[~extra["assessment_id"].isin(keep["assessment_id"])]])
    template = lt("table.option")
    labels = {
        int(a): template.format(code=c, project=p, id=int(a))
        for a, c, p in zip(shown["assessment_id"], shown["code"], shown["project"])
    }
    if wanted in labels and st.session_state.get(K_LAST) != wanted:
        st.session_state[K_SELECT] = wanted
        st.session_state[K_LAST] = wanted
    if st.session_state.get(K_SELECT) not in labels:
        st.session_state.pop(K_SELECT, None)

    def _changed() -> None:
        value = st.session_state.get(K_SELECT)
        st.session_state[K_LAST] = value
        select_assessment(value)

    return st.selectbox(
        lt("detail.choose"),
        list(labels),
        key=K_SELECT,
        index=None,
        format_func=lambda a: labels.get(a, str(a)),
        on_change=_changed,
        placeholder=lt("detail.choose"),
    )


def render_header(d: AssessmentDetail, code: str) -> None:
    p, a, res, meta = d.project, d.assessment, d.result, d.result_view
    st.subheader(md(p.name))
    st.caption(
        lt(
            "detail.facts",
            code=md(p.code),
            region=md(p.region),
            type=project_type_label(p.type),
            stage=stage_label(p.stage),
            state=state_label(a.state),
        )
    )
    qv = d.questionnaire
    if qv:
        st.caption(
            lt("detail.questionnaire", name=text_in(qv["name"], code))
            + " · "
            + lt("detail.standard", standard=text_in(qv["standard"], code))
        )
    if meta:
        st.caption(
            lt(
                "detail.computed_at",
                at=(meta.computed_at or "")[:16].replace("T", " "),
                experts=meta.experts_submitted,
                ratings=meta.ratings_count,
            )
        )
        if meta.stale:
            st.warning(lt("detail.stale", at=(meta.computed_at or "")[:16].replace("T", " ")))
        if meta.error and not res:
            st.warning(lt("detail.result_error", error=md(meta.error)))
    v = d.verdict
    level = (v.level if v else None) or (res or {}).get("level")
    residual = (v.residual_level if v else None) or (res or {}).get("residual_level")
    verdict = v.verdict if v else None
    with st.container(key=K_METRICS):
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(
            lt("detail.metric.level"), charts.level_label(level, code) if level else lt("common.none"), border=True
        )
        c2.metric(
            lt("detail.metric.residual_level"),
            charts.level_label(residual, code) if residual else lt("common.none"),
            border=True,
        )
        c3.metric(lt("detail.metric.verdict"), charts.verdict_label(verdict, code), border=True)
        c4.metric(
            lt("detail.metric.index"),
            lt(
                "detail.metric.index_value",
                before=num((res or {}).get("index")),
                after=num((res or {}).get("residual_index")),
            ),
            border=True,
        )


def render_verdict(d: AssessmentDetail, code: str) -> None:
    v, res = d.verdict, d.result or {}
    with st.container(key=K_VERDICT, border=True):
        st.markdown(f"**{lt('detail.verdict.heading')}**")
        if v:
            st.success(
                lt(
                    "detail.verdict.issued",
                    verdict=charts.verdict_label(v.verdict, code),
                    level=charts.level_label(v.level, code),
                    residual=charts.level_label(v.residual_level, code),
                    signed_by=md(v.signed_by or lt("common.none")),
                    signed_at=(v.signed_at or "")[:10],
                )
            )
            if v.rationale:
                st.caption(lt("detail.verdict.rationale", text=md(v.rationale)))
            if v.deviation_reason:  # a verdict departing from the decision rule, with its 偏离说明
                st.warning(tr("chain.ui.verdict.deviation_line", text=md(v.deviation_reason)))
            view = d.result_view
            chain_result.render_sha(v.result_sha256, view.result_sha256 if view is not None else None)
        elif res.get("verdict"):
            st.info(
                lt(
                    "detail.verdict.pending",
                    verdict=charts.verdict_label(res["verdict"], code),
                    level=charts.level_label(res.get("level"), code),
                    residual=charts.level_label(res.get("residual_level"), code),
                )
            )
        else:
            st.info(lt("detail.verdict.pending_none"))


def render_reassess_notice(d: AssessmentDetail, flags: Mapping[int, ReassessmentFlag] | None) -> None:
    """建议重新评估 when the project is flagged after this assessment's verdict."""
    info = (flags or {}).get(d.project.id)
    if info is not None and info.flag and info.assessment_id == d.assessment.id:
        st.warning(
            lt("detail.reassess", disputes=info.new_disputes, people=info.opposed_people),
            icon=":material/restart_alt:",
        )
