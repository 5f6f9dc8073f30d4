"""Single-assessment drill-down for leaders (评估详情): risk profile, main risk factors (Table 1 of the
NDRC 428 outline), uncertainty, panel consensus, mitigation measures (Table 2), verdict and exports.

Reads the engine's stored result (no recomputation unless the inputs changed since, or the stored
result has no uncertainty analysis — then it is computed once with a progress bar and kept, keyed by
the digest of the assessment's inputs). Every visible string comes from the ``ui_leader`` catalog.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.errors import NotFoundError, RiskModelError
from riskmodel.i18n import has, t
from riskmodel.services import dashboard
from riskmodel.ui import charts, shell
from riskmodel.ui.components.text import lang, project_type_label, stage_label, state_label, tr
from riskmodel.ui.pages import leader_dashboard

ROLES = ("leader",)
DASHBOARD_PAGE = "leader_dashboard.py"
TOP_FACTORS = 10

K_SELECT, K_LAST = "leader_detail_select", "_leader_detail_last"
K_BACK, K_ALL_FACTORS = "leader_detail_back", "leader_detail_factors_all"
K_METRICS, K_VERDICT = "leader_detail_metrics", "leader_detail_verdict"


def _t(key: str, **params: Any) -> str:
    return tr(f"ui_leader.{key}", **params)


def _text(value: Any, code: str) -> str:
    """A {zh, en} dict in the page language (Chinese when the English text is missing)."""
    if isinstance(value, dict):
        return str(value.get(code) or value.get("zh") or "")
    return "" if value is None else str(value)


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return t("ui_leader.common.none")
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return str(value)


def _name(item: dict, code: str) -> str:
    return str(item.get("name_en") if code == "en" and item.get("name_en") else item.get("name_zh") or item.get("id"))


# --- Table 1: main risk factors -----------------------------------------------------------------
def _tl(code: str, key: str, **params: Any) -> str:
    """A ``ui_leader`` text in an explicit language (the table builders are pure: tests call them)."""
    return t(f"ui_leader.{key}", code, **params)


def _scale_label(levels: list[dict] | None, value: Any, code: str) -> str:
    """The verbal step (很高…很低 / 严重…可忽略) nearest to a weighted mean level number, with the number."""
    if value is None or not levels:
        return _tl(code, "common.none")
    step = min(levels, key=lambda lv: abs(lv["level"] - float(value)))
    return _tl(code, "detail.factors.degree_score", label=_text(step["label"], code), value=_num(value, 1))


def _degree(ind: dict, phase: dict | None, qv: dict | None, code: str) -> str:
    """风险程度: the standard's grade (probability × impact) or, on a score scale, the nearest anchor."""
    source = phase if phase is not None else ind
    mean = source.get("mean")
    if mean is None:
        return _tl(code, "common.none")
    grade = source.get("grade")
    if grade and qv and grade in (qv.get("grades") or {}):
        return _tl(code, "detail.factors.degree_score", label=_text(qv["grades"][grade], code), value=_num(mean, 2))
    anchors = ((qv or {}).get("scale") or {}).get("anchors") or []
    if anchors:
        step = min(anchors, key=lambda a: abs(a["value"] - float(mean)))
        return _tl(code, "detail.factors.degree_score", label=_text(step["label"], code), value=_num(mean, 2))
    return _num(mean, 2)


def factor_table(result: dict, qv: dict | None, code: str, top: int | None = TOP_FACTORS) -> tuple[pd.DataFrame, int]:
    """(Table 1 rows, number of rated factors): 序号 | 风险类型 | 发生阶段 | 风险因素 | 风险概率 | 影响程度 |
    风险程度 | 备注, sorted by the risk degree before measures (highest first)."""
    dims = {d["id"]: _name(d, code) for d in result.get("dimensions") or []}
    meta = (qv or {}).get("indicators") or {}
    rated = [i for i in result.get("indicators") or [] if i.get("mean") is not None]
    rated.sort(key=lambda i: -float(i["mean"]))
    total = len(rated)
    if top:
        rated = rated[:top]
    sep = _tl(code, "detail.factors.note_sep")
    rows = []
    for n, ind in enumerate(rated, start=1):
        m = meta.get(ind["id"], {})
        area = ind.get("area") or m.get("area")
        area_key = f"ui_leader.area.{area}"
        risk_type = t(area_key, code) if area and has(area_key) else (area or dims.get(ind.get("dimension"), ""))
        stage = _text(m.get("stage"), code) if m.get("stage") else (ind.get("stage") or _tl(code, "common.none"))
        notes = []
        after = ind.get("after") or None
        if after and after.get("mean") is not None:
            if after.get("grade") and qv and after["grade"] in (qv.get("grades") or {}):
                notes.append(
                    _tl(code, "detail.factors.note_after_grade", label=_text(qv["grades"][after["grade"]], code))
                )
            else:
                notes.append(_tl(code, "detail.factors.note_after", value=_degree(ind, after, qv, code)))
        if ind.get("cv_flag"):
            notes.append(_tl(code, "detail.factors.note_cv", cv=_num(ind.get("cv"), 2)))
        rows.append(
            {
                "seq": n,
                "type": risk_type,
                "stage": stage,
                "factor": _name(ind, code),
                "probability": _scale_label((qv or {}).get("probability_scale"), ind.get("probability"), code),
                "impact": _scale_label((qv or {}).get("impact_scale"), ind.get("impact"), code),
                "degree": _degree(ind, None, qv, code),
                "note": sep.join(notes),
            }
        )
    cols = ["seq", "type", "stage", "factor", "probability", "impact", "degree", "note"]
    return pd.DataFrame(rows, columns=cols), total


def _status(value: str | None, code: str) -> str:
    key = f"ui.domain.measure_status.{value}"
    return t(key, code) if value and has(key) else (value or "")


def measures_table(measures: list[dict], result: dict | None, code: str) -> pd.DataFrame:
    """Table 2: 序号 | 风险发生阶段 | 风险因素 | 主要措施 | 实施时间和要求 | 责任主体 | 协助单位 | 状态."""
    names = {i["id"]: _name(i, code) for i in (result or {}).get("indicators") or []}
    rows = [
        {
            "seq": n,
            "phase": m.get("phase") or "",
            "factor": names.get(m.get("factor"), m.get("factor") or ""),
            "measure": m.get("measure") or "",
            "deadline": m.get("deadline") or "",
            "responsible": m.get("responsible") or "",
            "assisting": m.get("assisting") or "",
            "status": _status(m.get("status"), code),
        }
        for n, m in enumerate(measures, start=1)
    ]
    return pd.DataFrame(
        rows, columns=["seq", "phase", "factor", "measure", "deadline", "responsible", "assisting", "status"]
    )


# --- uncertainty computed on demand (stored results normally carry it) ---------------------------
class _LRU:
    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._data: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> dict | None:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
            return self._data.get(key)

    def put(self, key: tuple, value: dict) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _uncertainty_cache() -> _LRU:
    return _LRU()


def uncertainty_of(store, assessment_id: int, result: dict) -> tuple[dict | None, bool, str | None]:
    """(uncertainty part of a result, computed now?, reason it cannot be computed).

    The stored result is used when it has level probabilities; otherwise the engine runs on the
    assessment's inputs with the standard's number of draws, showing progress, and the outcome is kept
    under the digest of those inputs (a new rating changes the digest, so it is never stale).
    """
    probs = result.get("level_probabilities") or {}
    if any(v is not None for v in probs.values()):
        return result, False, None
    try:
        from riskmodel.engine import assess
        from riskmodel.services import assessments
    except ImportError:
        return None, False, _t("detail.uncertainty.no_input")
    try:
        inp, q, meta = assessments.assessment_input(store, assessment_id)
        digest = assessments.input_sha256(inp, meta)
    except RiskModelError as exc:  # e.g. no panel: shown as the reason
        return None, False, exc.message(lang())
    draws = q.uncertainty.draws or 2000
    key = (store.url, int(assessment_id), digest, draws)
    cached = _uncertainty_cache().get(key)
    if cached is not None:
        return cached, True, None
    bar = st.progress(0.0, text=_t("detail.uncertainty.computing", done=0, total=draws))

    def progress(done: int, total: int) -> None:
        bar.progress(
            min(1.0, done / total) if total else 1.0, text=_t("detail.uncertainty.computing", done=done, total=total)
        )

    try:
        full = assess(inp, q, draws=draws, on_progress=progress).to_dict()
    finally:
        bar.empty()
    part = {
        k: full.get(k)
        for k in (
            "level_probabilities",
            "residual_level_probabilities",
            "verdict_probabilities",
            "index_interval",
            "uncertainty",
        )
    }
    _uncertainty_cache().put(key, part)
    return part, True, None


# --- page sections ------------------------------------------------------------------------------
def _choose(frame: pd.DataFrame) -> int | None:
    """The assessment selector (defaults to the one chosen on the dashboard or in the URL)."""
    ordered = frame.sort_values(["level_rank", "date"], ascending=[True, False])
    template = _t("table.option")
    labels = {
        int(a): template.format(code=c, project=p, id=int(a))
        for a, c, p in zip(ordered["assessment_id"], ordered["code"], ordered["project"])
    }
    wanted = shell.selected_assessment_id()
    if wanted in labels and st.session_state.get(K_LAST) != wanted:
        st.session_state[K_SELECT] = wanted
        st.session_state[K_LAST] = wanted
    if st.session_state.get(K_SELECT) not in labels:
        st.session_state.pop(K_SELECT, None)

    def _changed() -> None:
        value = st.session_state.get(K_SELECT)
        st.session_state[K_LAST] = value
        shell.select_assessment(value)

    return st.selectbox(
        _t("detail.choose"),
        list(labels),
        key=K_SELECT,
        index=None,
        format_func=lambda a: labels.get(a, str(a)),
        on_change=_changed,
        placeholder=_t("detail.choose"),
    )


def _header(d: dict, code: str) -> None:
    p, a, res, meta = d["project"], d["assessment"], d["result"], d["result_meta"]
    st.subheader(p["name"])
    st.caption(
        _t(
            "detail.facts",
            code=p["code"],
            region=p["region"],
            type=project_type_label(p["type"]),
            stage=stage_label(p["stage"]),
            state=state_label(a["state"]),
        )
    )
    qv = d.get("questionnaire")
    if qv:
        st.caption(
            _t("detail.questionnaire", name=_text(qv["name"], code))
            + " · "
            + _t("detail.standard", standard=_text(qv["standard"], code))
        )
    if meta:
        st.caption(
            _t(
                "detail.computed_at",
                at=(meta["computed_at"] or "")[:16].replace("T", " "),
                experts=meta["experts_submitted"],
                ratings=meta["ratings_count"],
            )
        )
        if meta.get("stale"):
            st.warning(_t("detail.stale", at=(meta["computed_at"] or "")[:16].replace("T", " ")))
        if meta.get("error") and not res:
            st.warning(_t("detail.result_error", error=meta["error"]))
    v = d.get("verdict")
    level = (v or {}).get("level") or (res or {}).get("level")
    residual = (v or {}).get("residual_level") or (res or {}).get("residual_level")
    verdict = (v or {}).get("verdict")
    with st.container(key=K_METRICS):
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(
            _t("detail.metric.level"), charts.level_label(level, code) if level else _t("common.none"), border=True
        )
        c2.metric(
            _t("detail.metric.residual_level"),
            charts.level_label(residual, code) if residual else _t("common.none"),
            border=True,
        )
        c3.metric(_t("detail.metric.verdict"), charts.verdict_label(verdict, code), border=True)
        c4.metric(
            _t("detail.metric.index"),
            _t(
                "detail.metric.index_value",
                before=_num((res or {}).get("index")),
                after=_num((res or {}).get("residual_index")),
            ),
            border=True,
        )


def _verdict(d: dict, code: str) -> None:
    v, res = d.get("verdict"), d.get("result") or {}
    with st.container(key=K_VERDICT, border=True):
        st.markdown(f"**{_t('detail.verdict.heading')}**")
        if v:
            st.success(
                _t(
                    "detail.verdict.issued",
                    verdict=charts.verdict_label(v["verdict"], code),
                    level=charts.level_label(v["level"], code),
                    residual=charts.level_label(v["residual_level"], code),
                    signed_by=v.get("signed_by") or _t("common.none"),
                    signed_at=(v.get("signed_at") or "")[:10],
                )
            )
            if v.get("rationale"):
                st.caption(_t("detail.verdict.rationale", text=v["rationale"]))
        elif res.get("verdict"):
            st.info(
                _t(
                    "detail.verdict.pending",
                    verdict=charts.verdict_label(res["verdict"], code),
                    level=charts.level_label(res.get("level"), code),
                    residual=charts.level_label(res.get("residual_level"), code),
                )
            )
        else:
            st.info(_t("detail.verdict.pending_none"))


def _profile(d: dict, key: tuple, code: str) -> None:
    res, qv = d["result"], d.get("questionnaire") or {}
    scale = qv.get("scale")
    rng = (scale["min"], scale["max"]) if scale else None
    radar = leader_dashboard.memo(
        "radar", (*key, code), lambda: charts.dimension_radar(res.get("dimensions") or [], code, scale=rng)
    )
    st.plotly_chart(radar, key="leader_detail_radar", width="stretch")
    st.caption(_t("detail.profile.caption"))
    comp = leader_dashboard.memo(
        "measures_fig", (*key, code), lambda: charts.measures_comparison(res.get("indicators") or [], code)
    )
    st.plotly_chart(comp, key="leader_detail_measures_chart", width="stretch")


def _factors(d: dict, code: str) -> None:
    st.markdown(f"**{_t('detail.factors.heading')}**")
    st.caption(_t("detail.factors.caption"))
    show_all = st.toggle(_t("detail.factors.show_all"), key=K_ALL_FACTORS)
    table, total = factor_table(d["result"], d.get("questionnaire"), code, None if show_all else TOP_FACTORS)
    if not show_all and total > len(table):
        st.caption(_t("detail.factors.top", n=len(table), total=total))
    with st.container(key="leader_detail_factors"):
        st.table(table.rename(columns={c: _t(f"detail.factors.col.{c}") for c in table.columns}), hide_index=True)


def _uncertainty(d: dict, store, code: str) -> None:
    part, computed, reason = uncertainty_of(store, d["assessment"]["id"], d["result"])
    if part is None:
        st.warning(_t("detail.uncertainty.unavailable", reason=reason or ""))
        return
    draws = (part.get("uncertainty") or {}).get("draws")
    if computed:
        st.caption(_t("detail.uncertainty.computed", draws=draws))
    st.caption(_t("detail.uncertainty.caption", draws=draws if draws is not None else _t("common.none")))
    st.plotly_chart(
        charts.level_probability_bar(part.get("level_probabilities"), part.get("residual_level_probabilities"), code),
        key="leader_detail_level_prob",
        width="stretch",
    )
    if part.get("verdict_probabilities"):
        st.plotly_chart(
            charts.verdict_probability_bar(part["verdict_probabilities"], code),
            key="leader_detail_verdict_prob",
            width="stretch",
        )
    interval = part.get("index_interval")
    if interval and len(interval) == 2:
        st.caption(_t("detail.uncertainty.interval", low=_num(interval[0]), high=_num(interval[1])))


def _consensus(d: dict, key: tuple, code: str) -> None:
    res, qv = d["result"], d.get("questionnaire") or {}
    indicators = res.get("indicators") or []
    cv_max = float(qv.get("cv_max") or 0.25)
    flagged = sum(1 for i in indicators if i.get("cv_flag"))
    rated = sum(1 for i in indicators if i.get("cv") is not None)
    kendall, panel = res.get("kendall"), res.get("panel") or {}
    c1, c2, c3 = st.columns(3)
    if kendall and kendall.get("w") is not None:
        c1.metric(
            _t("detail.consensus.kendall"), _num(kendall["w"], 3), help=_t("detail.consensus.kendall_help"), border=True
        )
        c1.caption(
            _t(
                "detail.consensus.kendall_value",
                w=_num(kendall["w"], 3),
                chi2=_num(kendall.get("chi2"), 2),
                df=kendall.get("df"),
                p=_num(kendall.get("p"), 4),
            )
        )
        c1.caption(
            _t(
                "detail.consensus.kendall_significant"
                if kendall.get("significant")
                else "detail.consensus.kendall_not_significant"
            )
        )
    else:
        c1.metric(_t("detail.consensus.kendall"), _t("common.none"), border=True)
        c1.caption(_t("detail.consensus.kendall_none"))
    c2.metric(
        _t("detail.consensus.cv_flags"),
        _t("detail.consensus.cv_flags_value", n=flagged, total=rated),
        help=_t("detail.consensus.cv_help", cv_max=f"{cv_max:g}"),
        border=True,
    )
    if panel:
        c3.metric(_t("detail.consensus.panel"), f"{panel.get('submitted', 0)} / {panel.get('size', 0)}", border=True)
        c3.caption(
            _t(
                "detail.consensus.panel_value",
                submitted=panel.get("submitted", 0),
                size=panel.get("size", 0),
                required=panel.get("required", 0),
            )
        )
        if panel.get("ok") is False:
            c3.warning(_t("detail.consensus.panel_short", required=panel.get("required", 0)))
    fig = leader_dashboard.memo("cv_fig", (*key, code), lambda: charts.cv_chart(indicators, code, cv_max=cv_max))
    st.plotly_chart(fig, key="leader_detail_cv_chart", width="stretch")
    st.markdown(f"**{_t('detail.consensus.outliers')}**")
    st.caption(_t("detail.consensus.outliers_caption"))
    outliers = res.get("outliers") or []
    if not any(o.get("far") for o in outliers):
        st.caption(_t("detail.consensus.outliers_none"))
    if outliers:
        col = st.column_config
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "expert": o.get("expert"),
                        "deviation": o.get("mean_abs_deviation"),
                        "z": o.get("z"),
                        "far": bool(o.get("far")),
                    }
                    for o in outliers
                ]
            ),
            key="leader_detail_outliers",
            hide_index=True,
            width="stretch",
            column_config={
                "expert": col.TextColumn(_t("detail.consensus.col.expert")),
                "deviation": col.NumberColumn(_t("detail.consensus.col.deviation"), format="%.3f"),
                "z": col.NumberColumn(_t("detail.consensus.col.z"), format="%.2f"),
                "far": col.CheckboxColumn(_t("detail.consensus.col.far")),
            },
        )


def _measures(d: dict, code: str) -> None:
    st.markdown(f"**{_t('detail.measures.heading')}**")
    table = measures_table(d.get("measures") or [], d.get("result"), code)
    if table.empty:
        st.info(_t("detail.measures.empty"))
        return
    with st.container(key="leader_detail_measures"):
        st.table(table.rename(columns={c: _t(f"detail.measures.col.{c}") for c in table.columns}), hide_index=True)


def _component(module: str, name: str):
    """A function of another area's component, or None while that component has not landed."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _export(assessment_id: int, store, code: str) -> None:
    panel = _component("riskmodel.ui.components.exports", "render_export_panel")
    if panel is None:
        st.info(_t("detail.export.unavailable"))
        return
    panel(assessment_id, code, store=store)


def _network_evidence(assessment_id: int, store, code: str) -> None:
    """Mobilisation evidence from the stakeholder network (民意 / 综合维稳), when the project has one."""
    render = _component("riskmodel.ui.components.network_evidence", "render_network_evidence")
    if render is not None:
        render(assessment_id, code, store=store)


def _reassess_notice(d: dict, flags: dict[int, dict] | None) -> None:
    info = (flags or {}).get(d["project"]["id"]) or {}
    if info.get("flag") and info.get("assessment_id") in (None, d["assessment"]["id"]):
        st.warning(
            _t("detail.reassess", disputes=info.get("new_disputes", 0), people=info.get("opposed_people", 0)),
            icon=":material/restart_alt:",
        )


# --- page ---------------------------------------------------------------------------------------
def render() -> None:
    ctx = shell.page_context(*ROLES)
    code = lang()
    st.title(_t("detail.title"))
    if st.button(_t("detail.back"), key=K_BACK, icon=":material/arrow_back:"):
        shell.go(DASHBOARD_PAGE)
    frame, _qmeta, version = leader_dashboard.portfolio(ctx.store, ctx.actor)
    if frame.empty:
        st.info(_t("dashboard.empty_db"))
        return
    aid = _choose(frame)
    if aid is None:
        st.info(_t("detail.none"))
        return
    try:
        d = dashboard.assessment_detail(ctx.store, ctx.actor, int(aid))
    except NotFoundError as exc:
        st.error(exc.message(code))
        return
    _header(d, code)
    _reassess_notice(d, leader_dashboard.reassessment_flags(ctx.store.url, version))
    _verdict(d, code)
    if not d["result"]:
        st.info(_t("detail.no_result"))
        _measures(d, code)
        return
    key = (
        ctx.store.url,
        int(aid),
        (d["result_meta"] or {}).get("input_sha256"),
        (d["result_meta"] or {}).get("computed_at"),
    )
    tabs = st.tabs(
        [_t(f"detail.tab.{name}") for name in ("profile", "factors", "uncertainty", "consensus", "measures", "export")]
    )
    with tabs[0]:
        _profile(d, key, code)
        _network_evidence(int(aid), ctx.store, code)
    with tabs[1]:
        _factors(d, code)
    with tabs[2]:
        _uncertainty(d, ctx.store, code)
    with tabs[3]:
        _consensus(d, key, code)
    with tabs[4]:
        _measures(d, code)
    with tabs[5]:
        _export(int(aid), ctx.store, code)


if __name__ == "__main__":
    render()
