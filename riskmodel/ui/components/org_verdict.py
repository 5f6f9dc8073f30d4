"""评估工作台, 结论 tab: the issued verdict (read-only) or the verdict form with its confirmation step.

The rules come from the verdict service (``verdicts.requirements``): an incomplete result is not signed
until its missing indicators are rated or excluded with a reason (the exclusions form is here); a verdict
departing from the decision rule needs a written 偏离说明. The service enforces both again on issue.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.model.rounding import percent_texts
from riskmodel.questionnaire import LEVELS, VERDICTS
from riskmodel.services import (
    verdicts,
    workflow,
)
from riskmodel.services.views.assessments import AssessmentView, ResultView
from riskmodel.services.views.verdicts import VerdictView
from riskmodel.ui.components import chain_result, org_exclusions
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash
from riskmodel.ui.components.form_state import Pending
from riskmodel.ui.components.text import (
    error_text,
    labeled,
    level_label,
    lkey,
    md,
    state_label,
    text_of,
    tr,
    verdict_label,
)

VERDICT_PENDING_KEY = "org_verdict_pending"
PENDING = Pending(VERDICT_PENDING_KEY)  # the verdict form, held until 确认签发


def render(ctx: PageContext, a: AssessmentView, q, view: ResultView | None, verdict: VerdictView | None) -> None:
    aid = a.id
    result = view.result if view is not None else None
    if verdict is not None:
        if PENDING.get(aid) is not None:  # signed meanwhile elsewhere (another session or instance)
            PENDING.clear()
            st.warning(tr("house.verdict.issued_elsewhere"))
        st.success(
            tr(
                "ui.verdict.issued",
                name=md(verdict.signer or ""),
                at=(verdict.signed_at or "")[:16].replace("T", " "),
            )
        )
        cols = st.columns(3)
        cols[0].metric(tr("ui.org_assessment.m.level"), level_label(verdict.level))
        cols[1].metric(tr("ui.org_assessment.m.residual_level"), level_label(verdict.residual_level))
        cols[2].metric(tr("ui.org_assessment.m.verdict"), verdict_label(verdict.verdict))
        st.markdown(f"**{tr('ui.verdict.rationale')}**")
        st.text(verdict.rationale)
        if verdict.deviation_reason:
            st.markdown(f"**{tr('chain.ui.verdict.deviation_shown')}**")
            st.text(verdict.deviation_reason)
        chain_result.render_sha(verdict.result_sha256, view.result_sha256 if view else None)
        if verdict.departs:
            st.caption(
                tr(
                    "ui.verdict.differs",
                    level=level_label(verdict.computed_level),
                    residual=level_label(verdict.computed_residual_level),
                    verdict=verdict_label(verdict.computed_verdict),
                )
            )
        st.caption(tr("ui.verdict.read_only"))
        return
    if not workflow.allowed(a.state, "issue_verdict"):
        st.info(tr("ui.verdict.not_ready", state=state_label(a.state)))
        return
    if result is None or view is None:
        st.warning(tr("ui.org_assessment.no_result"))
        return
    need = verdicts.requirements(ctx.store, aid, refresh=False)  # the page has just refreshed the result
    st.markdown(f"**{tr('chain.ui.verdict.requirements')}**")
    if need.complete:
        st.success(tr("chain.ui.verdict.complete_ok"))
    else:
        chain_result.render_completeness(result, {i.id: text_of(i.name) for d in q.dimensions for i in d.indicators})
    with st.expander(tr("chain.ui.exclusions.title"), expanded=not need.complete, key="verdict_exclusions"):
        org_exclusions.render(ctx, a, q, need.missing)
    if not need.can_issue:
        if need.refusal_key and need.complete:
            st.warning(tr(need.refusal_key, **need.refusal_params))
        return
    st.caption(tr("chain.ui.sha256", sha=need.result_sha256 or "—"))
    proposal = (result.level, result.residual_level or result.level, result.verdict)
    st.markdown(
        tr(
            "ui.verdict.proposal",
            level=level_label(proposal[0]),
            residual=level_label(proposal[1]),
            verdict=verdict_label(proposal[2]),
        )
    )
    if result.verdict_probabilities:
        probs = {k: v for k, v in result.verdict_probabilities.items() if v}
        texts = percent_texts(list(probs.values()))  # largest remainder: the shares add up to 100 %
        st.caption(
            tr(
                "ui.verdict.probabilities",
                details=tr("ui.common.list_sep").join(f"{verdict_label(k)} {p}" for k, p in zip(probs, texts)),
            )
        )
    pending = PENDING.get(aid)
    if pending is not None:
        _confirm(ctx, aid, pending)
        return
    with st.form("verdict_form"):
        level = st.selectbox(
            tr("ui.verdict.level"),
            LEVELS,
            index=LEVELS.index(proposal[0]),
            format_func=labeled(LEVELS, level_label),
            key=lkey("verdict_level"),
        )
        residual = st.selectbox(
            tr("ui.verdict.residual_level"),
            LEVELS,
            index=LEVELS.index(proposal[1]),
            format_func=labeled(LEVELS, level_label),
            key=lkey("verdict_residual"),
        )
        choice = st.selectbox(
            tr("ui.verdict.verdict"),
            VERDICTS,
            index=VERDICTS.index(proposal[2]) if proposal[2] in VERDICTS else 0,
            format_func=labeled(VERDICTS, verdict_label),
            key=lkey("verdict_choice"),
        )
        rationale = st.text_area(
            tr("ui.verdict.rationale"), key="verdict_rationale", max_chars=10000, help=tr("ui.verdict.rationale_help")
        )
        deviation = st.text_area(
            tr("chain.ui.verdict.deviation_reason"),
            key="verdict_deviation",
            max_chars=verdicts.MAX_DEVIATION_REASON,
            help=tr("chain.ui.verdict.deviation_help"),
        )
        if st.form_submit_button(tr("ui.verdict.issue"), key="verdict_issue", type="primary", icon=":material/gavel:"):
            departs = need.needs_justification(level=level, residual_level=residual, verdict=choice)
            if not (rationale or "").strip():
                st.error(tr("ui.verdict.rationale_required"))
            elif departs and not (deviation or "").strip():
                st.error(tr("chain.ui.verdict.deviation_required"))
                st.warning(
                    tr("chain.ui.verdict.deviation", rule_verdict=verdict_label(need.rule_verdict(level, residual)))
                )
            else:
                PENDING.hold(
                    aid,
                    level=level,
                    residual=residual,
                    verdict=choice,
                    rationale=rationale.strip(),
                    proposal=list(proposal),
                    deviation=(deviation or "").strip() if departs else None,
                    rule_verdict=need.rule_verdict(level, residual),
                )
                st.rerun()


def _confirm(ctx: PageContext, aid: int, pending: dict) -> None:
    with st.container(border=True, key="verdict_confirm_box"):
        st.subheader(tr("ui.verdict.confirm_title"))
        st.markdown(
            tr(
                "ui.verdict.confirm_summary",
                level=level_label(pending["level"]),
                residual=level_label(pending["residual"]),
                verdict=verdict_label(pending["verdict"]),
            )
        )
        st.text(pending["rationale"])
        if [pending["level"], pending["residual"], pending["verdict"]] != pending["proposal"]:
            st.warning(tr("ui.verdict.confirm_override"))
        if pending.get("deviation"):
            st.warning(tr("chain.ui.verdict.deviation", rule_verdict=verdict_label(pending.get("rule_verdict"))))
            st.markdown(f"**{tr('chain.ui.verdict.deviation_shown')}**")
            st.text(pending["deviation"])
        st.caption(tr("ui.verdict.confirm_note"))
        c1, c2 = st.columns(2)
        yes = c1.button(
            tr("ui.verdict.confirm_yes"), key="verdict_confirm_yes", type="primary", icon=":material/gavel:"
        )
        back = c2.button(tr("ui.verdict.confirm_back"), key="verdict_confirm_no", icon=":material/arrow_back:")
    if yes:
        try:
            verdicts.issue_verdict(
                ctx.store,
                ctx.actor,
                aid,
                pending["rationale"],
                level=pending["level"],
                residual_level=pending["residual"],
                verdict=pending["verdict"],
                deviation_reason=pending.get("deviation"),
            )
        except RiskModelError as exc:
            st.error(error_text(exc))
            return
        PENDING.clear()
        flash(tr("ui.verdict.done"))
        st.rerun()
    if back:
        PENDING.clear()
        st.rerun()
