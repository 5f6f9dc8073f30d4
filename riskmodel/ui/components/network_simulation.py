"""动员模拟 tab: the mobilisation simulation with a progress bar; organizers record it as an assessment's evidence."""

from __future__ import annotations

import streamlit as st

from riskmodel.network.simulate import MobilisationResult, simulate_mobilisation
from riskmodel.services import assessments, network_analysis
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import run_action
from riskmodel.ui.components.network_cache import VersionDisplay, nt

SIM_KEY = "nv_sim_result"


def render(ctx: PageContext, project_id: int, full: VersionDisplay) -> None:
    st.caption(nt("sim.help"))
    c1, c2 = st.columns(2)
    runs = c1.number_input(nt("sim.runs"), min_value=100, max_value=5000, value=1000, step=100, key="nv_sim_runs")
    seed = c2.number_input(nt("sim.seed"), min_value=0, value=42, step=1, key="nv_sim_seed")
    network = full.network
    sim_key = (full.sha256, int(runs), int(seed))
    if st.button(nt("sim.run"), key="nv_sim_run", type="primary", icon=":material/play_arrow:"):
        bar = st.progress(0.0, text=nt("sim.progress", done=0, runs=int(runs)))

        def on_progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=nt("sim.progress", done=done, runs=total))

        result = simulate_mobilisation(network, runs=int(runs), seed=int(seed), on_progress=on_progress)
        st.session_state[SIM_KEY] = (sim_key, result)
    stored = st.session_state.get(SIM_KEY)
    if stored and stored[0] == sim_key:
        _mobilisation_metrics(stored[1])
    if ctx.actor.role == "organizer":
        _evidence_controls(ctx, project_id)


def _mobilisation_metrics(mob: MobilisationResult) -> None:
    cols = st.columns(3)
    cols[0].metric(nt("sim.expected"), f"{mob.expected_people:.0f}")
    cols[1].metric(nt("sim.p100"), f"{mob.p_ge_100:.0%}")
    cols[2].metric(nt("sim.p200"), f"{mob.p_ge_200:.0%}")
    pct = mob.percentiles  # {"p5": …, "p50": …, "p95": …}
    if pct:
        st.caption(
            nt(
                "sim.band",
                low=f"{pct.get('p5', 0):.0f}",
                high=f"{pct.get('p95', 0):.0f}",
                runs=mob.runs,
                seed=mob.seed,
            )
        )


def _evidence_controls(ctx: PageContext, project_id: int) -> None:
    items = assessments.list_assessments(ctx.store, ctx.actor, project_id=project_id)
    if not items:
        return
    st.divider()
    st.markdown(f"**{nt('evidence.heading')}**")
    st.caption(nt("evidence.help"))
    by_id = {a.id: a for a in items}
    aid = st.selectbox(
        nt("evidence.assessment"),
        list(by_id),
        key="nv_evidence_assessment",
        format_func=lambda i: f"#{i} {by_id[i].title or ''}",
    )
    if st.button(nt("evidence.save"), key="nv_evidence_save", icon=":material/save:"):
        bar = st.progress(0.0, text=nt("evidence.running"))
        saved = run_action(
            network_analysis.record_evidence,
            ctx.store,
            ctx.actor,
            aid,
            on_progress=lambda d, n: bar.progress(d / max(n, 1), text=nt("evidence.running")),
        )
        if saved:
            st.success(nt("evidence.saved", id=aid, people=f"{saved.mobilisation.expected_people:.0f}"))
