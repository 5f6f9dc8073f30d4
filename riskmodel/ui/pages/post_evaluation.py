"""后评估 — outcomes after implementation against the forecasts (leaders and organizers).

Tabs: 回溯检验 (cases, mean Brier score, hit rate, reliability diagram, confusion table, the same per
questionnaire, region and project type, a note below 10 cases); 专家评分 (organizers only — admins read them on the command line:
each expert's record, and performance weights against authority weights on one assessment);
实施后跟踪 (the outcome form: tracking period, incidents, realised level); 年度报告 (the annual 稳评成效
document, Word or PDF). The back-test is cached per database state (the audit chain's head), so a
rerun with nothing new does not recompute the expert scores.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.services import outcomes, questionnaires
from riskmodel.services.audit import head_of
from riskmodel.services.backtest import may_see_expert_scores, run_backtest
from riskmodel.services.backtest_experts import compare_weights
from riskmodel.services.views.outcomes import LEVELS, BacktestView, GroupFigure
from riskmodel.store import get_store
from riskmodel.ui import shell
from riskmodel.ui.components import outcomes_charts, outcomes_form
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import run_action, show_flash
from riskmodel.ui.components.text import lang, level_label, project_type_label, tr, verdict_label

ROLES = ("organizer", "leader")
K = "pe"


def _t(key: str, **params: Any) -> str:
    return tr(f"outcomes.ui.{key}", **params)


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@st.cache_data(max_entries=16, show_spinner=False)
def _backtest(url: str, questionnaire: str | None, experts: bool, head: int) -> BacktestView:
    from riskmodel.services.context import Actor

    del head  # part of the cache key only: any write moves the audit head
    actor = Actor.system() if experts else Actor("leader-view", "leader", user_id=0)
    return run_backtest(get_store(url), actor, questionnaire=questionnaire, with_experts=experts)


def render() -> None:
    ctx = shell.page_context(*ROLES)
    st.title(_t("title"))
    st.caption(_t("subtitle"))
    show_flash()
    experts = may_see_expert_scores(ctx.actor)
    choices = [None, *sorted({v.qid for v in questionnaires.list_versions(ctx.store)})]
    questionnaire = st.selectbox(
        _t("questionnaire"), choices, key=f"{K}_q", format_func=lambda q: _t("all") if q is None else q
    )
    view = _backtest(ctx.store.url, questionnaire, experts, head_of(ctx.store)[0])
    names = ["backtest"] + (["experts"] if experts else []) + ["tracking", "annual"]
    tabs = dict(zip(names, st.tabs([_t(f"tab.{n}") for n in names], key=f"{K}_tabs")))
    with tabs["backtest"]:
        _backtest_tab(view)
    if experts:
        with tabs["experts"]:
            _experts_tab(ctx, view)
    with tabs["tracking"]:
        _tracking_tab(ctx)
    with tabs["annual"]:
        _annual_tab(ctx)


def _backtest_tab(view: BacktestView) -> None:
    code = lang()
    c = st.columns(3)
    c[0].metric(_t("cases"), view.n)
    c[1].metric(_t("brier"), _num(view.brier))
    c[2].metric(_t("hit_rate"), _pct(view.hit_rate))
    st.caption(_t("brier_help"))
    if view.n == 0:
        st.info(_t("no_cases"))
        return
    if view.few:
        st.warning(_t("few_cases", n=view.n))
    rows = [
        {
            _t("col.assessment"): case.assessment,
            _t("col.project"): f"{case.project_code} {case.project_name}",
            **{level_label(lv): round(case.predicted[lv], 3) for lv in LEVELS},
            _t("col.predicted"): level_label(case.predicted_level),
            _t("col.realised"): level_label(case.realised_level),
            _t("col.brier"): round(case.brier, 3),
            _t("col.rule"): case.rule,
        }
        for case in view.cases
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=f"{K}_cases", width="stretch")
    left, right = st.columns(2)
    left.plotly_chart(outcomes_charts.reliability_figure(view.reliability, code), key=f"{K}_rel", width="stretch")
    right.plotly_chart(outcomes_charts.confusion_figure(view.confusion, code), key=f"{K}_conf", width="stretch")
    if view.without_probabilities:
        st.caption(_t("without_probabilities", ids=", ".join(map(str, view.without_probabilities))))
    st.subheader(_t("groups"))
    g = st.columns(3)
    for col, (title, groups, fmt) in zip(
        g,
        (
            ("by_questionnaire", view.by_questionnaire, str),
            ("by_region", view.by_region, str),
            ("by_type", view.by_type, project_type_label),
        ),
    ):
        col.caption(_t(title))
        col.dataframe(_group_frame(groups, fmt), hide_index=True, key=f"{K}_{title}", width="stretch")


def _group_frame(groups: tuple[GroupFigure, ...], fmt: Any) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                _t("col.group"): fmt(gr.key),
                _t("col.n"): gr.n,
                _t("col.brier"): _num(gr.brier),
                _t("col.hit_rate"): _pct(gr.hit_rate),
                _t("col.note"): _t("few_short") if gr.few else "",
            }
            for gr in groups
        ]
    )


def _experts_tab(ctx: PageContext, view: BacktestView) -> None:
    st.caption(_t("experts.help"))
    scores = view.by_expert or ()
    if not scores:
        st.info(_t("no_cases"))
    else:
        frame = pd.DataFrame(
            [
                {
                    _t("col.expert"): s.display_name or s.expert,
                    _t("col.account"): s.expert,
                    _t("col.n"): s.n,
                    _t("col.brier"): _num(s.brier),
                    _t("col.hit_rate"): _pct(s.hit_rate),
                    _t("col.skill"): _num(s.skill, 2),
                    _t("col.note"): _t("few_short") if s.few else "",
                }
                for s in scores
            ]
        )
        st.dataframe(frame, hide_index=True, key=f"{K}_experts", width="stretch")
    st.subheader(_t("weights.title"))
    st.caption(_t("weights.help"))
    items = outcomes.list_outcomes(ctx.store)
    if not items:
        return
    labels = {o.assessment_id: f"#{o.assessment_id} {o.project_code} {o.project_name}" for o in items}
    c1, c2 = st.columns([3, 1])
    aid = c1.selectbox(
        _t("weights.assessment"), list(labels), key=f"{K}_w_aid", format_func=lambda i: labels.get(i, str(i))
    )
    minimum = c2.number_input(_t("weights.min_cases"), min_value=1, max_value=1000, value=5, key=f"{K}_w_min")
    cmp = run_action(compare_weights, ctx.store, ctx.actor, aid, min_cases=int(minimum))
    if cmp is None:
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _t("col.account"): r.expert,
                    _t("col.n"): r.n,
                    _t("col.brier"): _num(r.brier),
                    _t("weights.factor"): round(r.factor, 3),
                    _t("weights.authority"): round(r.authority_weight, 3),
                    _t("weights.performance"): round(r.performance_weight, 3),
                }
                for r in cmp.rows
            ]
        ),
        hide_index=True,
        key=f"{K}_w_rows",
        width="stretch",
    )
    if not cmp.departs:
        st.info(_t("weights.fallback", min=cmp.min_cases))
    a, b = st.columns(2)
    for col, name, level, verdict, probs in (
        (a, "authority", cmp.authority_residual_level, cmp.authority_verdict, cmp.authority_probabilities),
        (b, "performance", cmp.performance_residual_level, cmp.performance_verdict, cmp.performance_probabilities),
    ):
        col.metric(_t(f"weights.{name}"), level_label(level))
        shares = " · ".join(f"{level_label(lv)} {probs.get(lv, 0):.2f}" for lv in LEVELS) if probs else ""
        col.caption(f"{verdict_label(verdict)} · {shares}" if shares else verdict_label(verdict))


def _tracking_tab(ctx: PageContext) -> None:
    items = sorted(outcomes.list_outcomes(ctx.store), key=lambda o: (not o.implemented, o.assessment_id))
    if not items:
        st.info(_t("no_verdicts"))
        return
    labels = {
        o.assessment_id: f"#{o.assessment_id} {o.project_code} {o.project_name} · {verdict_label(o.verdict)}"
        for o in items
    }
    aid = st.selectbox(
        _t("tracking.assessment"), list(labels), key=f"{K}_t_aid", format_func=lambda i: labels.get(i, str(i))
    )
    outcomes_form.render(ctx, aid)


def _annual_tab(ctx: PageContext) -> None:
    from riskmodel.reports.annual import render_annual

    st.caption(_t("annual.help"))
    this_year = date.today().year
    year = st.selectbox(_t("annual.year"), list(range(this_year, this_year - 6, -1)), key=f"{K}_year")
    c1, c2 = st.columns(2)
    for col, fmt, mime in (
        (c1, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (c2, "pdf", "application/pdf"),
    ):
        if col.button(_t(f"annual.make_{fmt}"), key=f"{K}_make_{fmt}"):
            st.session_state[f"{K}_annual_{fmt}"] = (year, run_action(render_annual, ctx.store, year, fmt))
        made = st.session_state.get(f"{K}_annual_{fmt}")
        if made and made[0] == year and made[1]:
            col.download_button(
                _t(f"annual.download_{fmt}"), made[1], file_name=_t("annual.file_name", year=year, ext=fmt), mime=mime,
                key=f"{K}_dl_{fmt}",
            )  # fmt: skip


if __name__ == "__main__":
    render()
