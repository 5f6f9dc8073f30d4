"""AppTest of the leader dashboard and the single-assessment drill-down (content, filters, language,
forbidden access, freshness after a change, navigation through the real app shell)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from bench.bench_dashboard import PASSWORD, seed_portfolio
from riskmodel.i18n import t
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.store.db import forget_stores, get_store
from riskmodel.store.models import Assessment, Project, Result, Verdict

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")
TIMEOUT = 120


def _page_script(page: str) -> None:
    """Run by AppTest: log the user named in the session in (server-side session), then the page."""
    import importlib

    import streamlit as st

    from riskmodel.services.auth import actor_for
    from riskmodel.ui import shell

    store = shell.current_store()
    user = st.session_state.get("_test_user", "bench-leader")
    if st.session_state.get("_test_logged_in") != user:
        shell.login(store, actor_for(store, user))
        st.session_state["_test_logged_in"] = user
    importlib.import_module(f"riskmodel.ui.pages.{page}").render()


def _app(page: str, *, user: str = "bench-leader", lang: str = "zh", **params) -> AppTest:
    at = AppTest.from_function(_page_script, args=(page,), default_timeout=TIMEOUT)
    at.session_state["_test_user"] = user
    at.session_state["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _seeded(tmp_path_factory, name: str, n: int, templates: int):
    url = f"sqlite:///{tmp_path_factory.mktemp(name)}/leader.db"
    mp = pytest.MonkeyPatch()
    mp.setenv("RISKMODEL_DATABASE_URL", url)
    forget_stores()
    info = seed_portfolio(get_store(url), n, templates=templates, reassessed=2)
    return url, info, mp


@pytest.fixture(scope="module")
def portfolio_db(tmp_path_factory):
    """12 projects (2 reassessed), read-only for the tests that use it."""
    url, info, mp = _seeded(tmp_path_factory, "leader_ro", 12, 8)
    yield url, info
    forget_stores()
    mp.undo()


@pytest.fixture
def small_db(tmp_path_factory):
    """A fresh small portfolio the test may change."""
    url, info, mp = _seeded(tmp_path_factory, "leader_rw", 4, 4)
    yield url, info
    forget_stores()
    mp.undo()


def _expected(url: str, *, region: str | None = None, start: date | None = None, end: date | None = None):
    """Counts straight from the database: each project's latest assessment, the residual level of the
    verdict when there is one, else the result's level before measures."""
    store = get_store(url)
    with store.read() as s:
        latest = select(func.max(Assessment.id)).group_by(Assessment.project_id)
        rows = s.execute(
            select(
                Assessment.id,
                Project.region,
                Assessment.created_at,
                Result.level,
                Verdict.residual_level,
                Verdict.verdict,
                Verdict.signed_at,
            )
            .join(Project, Project.id == Assessment.project_id)
            .outerjoin(Result, Result.assessment_id == Assessment.id)
            .outerjoin(Verdict, Verdict.assessment_id == Assessment.id)
            .where(Assessment.id.in_(latest))
        ).all()
    levels = {"高": 0, "中": 0, "低": 0, "unrated": 0}
    verdicts = {"不予实施": 0, "暂缓实施": 0, "调整方案后实施": 0, "实施": 0, "pending": 0}
    n = 0
    for _aid, reg, created, level, residual, verdict, signed in rows:
        when = (signed or created).date()
        if region and reg != region or start and when < start or end and when > end:
            continue
        n += 1
        shown = residual if verdict else level
        levels[shown or "unrated"] += 1
        verdicts[verdict or "pending"] += 1
    return n, levels, verdicts


def _table(at: AppTest, header_key: str, lang: str = "zh"):
    """The st.table whose columns include the translated header of ``header_key``."""
    header = t(header_key, lang)
    return next(tb.value for tb in at.table if header in tb.value.columns)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- dashboard ------------------------------------------------------------------------------------
def test_dashboard_counts_match_the_database(portfolio_db):
    url, _info = portfolio_db
    at = _app("leader_dashboard")
    assert not at.exception
    assert at.title[0].value == t("ui_leader.dashboard.title", "zh")
    n, levels, verdicts = _expected(url)
    m = _metrics(at)
    assert int(m[t("ui_leader.counts.total", "zh")]) == n == 12
    for lv in ("高", "中", "低"):
        assert int(m[t(f"common.level.{lv}", "zh")]) == levels[lv]
    assert int(m[t("ui_leader.counts.unrated", "zh")]) == levels["unrated"]
    for vd in ("不予实施", "暂缓实施", "调整方案后实施", "实施"):
        assert int(m[t(f"common.verdict.{vd}", "zh")]) == verdicts[vd]
    assert int(m[t("ui_leader.counts.pending", "zh")]) == verdicts["pending"]
    assert sum(levels[lv] for lv in ("高", "中", "低")) > 0 and verdicts["pending"] > 0
    assert len(at.dataframe[0].value) == n
    assert len(at.get("plotly_chart")) == 2  # trend + heatmap
    assert t("ui_leader.counts.level_caption", "zh") in [c.value for c in at.caption]


def test_dashboard_counts_every_assessment_when_latest_only_is_off(portfolio_db):
    url, info = portfolio_db
    at = _app("leader_dashboard")
    at.checkbox(key="leader_f_latest").uncheck().run()
    assert int(_metrics(at)[t("ui_leader.counts.total", "zh")]) == info["assessments"] == 14
    assert len(at.dataframe[0].value) == 14


def test_filters_narrow_the_table(portfolio_db):
    url, _info = portfolio_db
    at = _app("leader_dashboard")
    regions = at.multiselect(key="leader_f_region").options
    region = regions[0]
    at.multiselect(key="leader_f_region").select(region).run()
    n, levels, _ = _expected(url, region=region)
    table = at.dataframe[0].value
    assert 0 < len(table) == n < 12
    assert set(table["region"]) == {region}
    assert int(_metrics(at)[t("ui_leader.counts.total", "zh")]) == n
    # type filter on top narrows further (or keeps) and never widens
    ptype = table["type"].iloc[0]
    types = at.multiselect(key="leader_f_type")
    raw = next(o for o in types.options if o == ptype) if ptype in types.options else types.options[0]
    types.select(raw).run()
    assert len(at.dataframe[0].value) <= n
    at.button(key="leader_f_reset").click().run()
    assert len(at.dataframe[0].value) == 12


def test_period_filter_uses_the_verdict_or_creation_date(portfolio_db):
    url, _info = portfolio_db
    at = _app("leader_dashboard")
    at.selectbox(key="leader_f_period").select("custom").run()
    start, end = date(2024, 7, 1), date(2025, 3, 31)
    at.date_input(key="leader_f_range").set_value((start, end)).run()
    n, levels, verdicts = _expected(url, start=start, end=end)
    assert int(_metrics(at)[t("ui_leader.counts.total", "zh")]) == n
    assert len(at.dataframe[0].value) == n if n else not at.dataframe
    assert int(_metrics(at)[t("common.level.中", "zh")]) == levels["中"]


def test_english_switch_gives_english_labels(portfolio_db):
    at = _app("leader_dashboard", lang="en")
    assert not at.exception
    assert at.title[0].value == "Risk assessment overview"
    labels = list(_metrics(at))
    assert "High risk" in labels and "Postpone" in labels and "Assessments" in labels
    for text in labels + [s.value for s in at.subheader] + [c.value for c in at.caption]:
        assert not CJK.search(text), text
    assert at.multiselect(key="leader_f_region").label == "Region"
    columns = at.dataframe[0].proto.columns
    assert "Reassessment suggested" in columns and "Counted level" in columns
    shown_types = set(at.dataframe[0].value["type"])
    assert shown_types and not any(CJK.search(x) for x in shown_types)  # project types translated


@pytest.mark.parametrize("user", ["bench-expert1", "bench-organizer"])
@pytest.mark.parametrize("page", ["leader_dashboard", "leader_assessment"])
def test_other_roles_are_refused(portfolio_db, user, page):
    at = _app(page, user=user)
    assert [e.value for e in at.error] == [t("ui.shell.forbidden", "zh")]
    assert not at.metric and not at.dataframe


def test_dashboard_is_never_stale_after_a_verdict(small_db):
    url, info = small_db
    from riskmodel.services import verdicts as verdict_service
    from riskmodel.services.auth import actor_for

    store = get_store(url)
    at = _app("leader_dashboard")
    before = _metrics(at)
    with store.read() as s:
        pending = (
            s.execute(
                select(Assessment.id)
                .where(Assessment.state == "复核")
                .where(~Assessment.id.in_(select(Verdict.assessment_id)))
            )
            .scalars()
            .first()
        )
    assert pending is not None
    verdict_service.issue_verdict(store, actor_for(store, "bench-organizer"), pending, "测试结论")
    at.run()
    after = _metrics(at)
    key = t("ui_leader.counts.pending", "zh")
    assert int(after[key]) == int(before[key]) - 1
    _, levels, verdicts = _expected(url)
    for vd in ("不予实施", "暂缓实施", "调整方案后实施", "实施"):
        assert int(after[t(f"common.verdict.{vd}", "zh")]) == verdicts[vd]


def test_stale_results_are_recomputed_before_showing(small_db):
    url, info = small_db
    from riskmodel.services import assessments

    store = get_store(url)
    aid = info["templates"][0]
    store.write(lambda s: assessments.mark_stale(s, aid))
    at = _app("leader_dashboard")
    assert not at.exception
    with store.read() as s:
        assert s.get(Result, aid).stale is False
    assert "" in set(at.dataframe[0].value["stale"])


def test_rated_assessments_without_a_result_get_one(small_db):
    url, info = small_db
    store = get_store(url)
    aid = info["templates"][1]

    def _drop(s):
        s.delete(s.get(Result, aid))

    store.write(_drop)
    at = _app("leader_dashboard")
    assert not at.exception
    with store.read() as s:
        row = s.get(Result, aid)
        assert row is not None and row.level in ("低", "中", "高") and row.stale is False


def test_reassessment_column_reflects_tracking(portfolio_db, monkeypatch):
    from riskmodel.services import dashboard

    at = _app("leader_dashboard")
    table = at.dataframe[0].value
    pid_of_first = None
    store = get_store(portfolio_db[0])
    with store.read() as s:
        pid_of_first = s.execute(select(Project.id).where(Project.code == table["code"].iloc[0])).scalar_one()
    flagged = ReassessmentFlag(pid_of_first, 1, date(2025, 1, 1), flag=True, reasons=("x",))
    monkeypatch.setattr(dashboard, "reassessment_flags", lambda _store: {pid_of_first: flagged})
    from riskmodel.ui.components import dashboard_data

    monkeypatch.setattr(dashboard_data, "CACHE_ENABLED", False)
    at.run()
    col = at.dataframe[0].value.set_index("code")["reassess"]
    assert col[table["code"].iloc[0]] == t("ui_leader.table.reassess_yes", "zh")
    assert (col.drop(table["code"].iloc[0]) == t("ui_leader.table.reassess_no", "zh")).all()


def test_heatmap_and_trend_switches(portfolio_db):
    at = _app("leader_dashboard")
    at.radio(key="leader_heatmap_mode").set_value("projects").run()
    at.radio(key="leader_trend_by").set_value("verdict").run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 2


# --- drill-down -----------------------------------------------------------------------------------
def test_drilldown_shows_the_reassessment_notice_of_its_own_verdict(portfolio_db, monkeypatch):
    from riskmodel.services import dashboard
    from riskmodel.ui.components import dashboard_data

    url, info = portfolio_db
    aid = info["templates"][1]
    with get_store(url).read() as s:
        pid = s.execute(select(Assessment.project_id).where(Assessment.id == aid)).scalar_one()
    flagged = ReassessmentFlag(pid, aid, date(2025, 1, 1), flag=True, reasons=("x",), new_disputes=7, opposed_people=80)
    monkeypatch.setattr(dashboard, "reassessment_flags", lambda _store: {pid: flagged})
    monkeypatch.setattr(dashboard_data, "CACHE_ENABLED", False)
    at = _app("leader_assessment", a=str(aid))
    assert not at.exception
    notice = t("ui_leader.detail.reassess", "zh", disputes=7, people=80)
    assert notice in [w.value for w in at.warning]


def test_drilldown_shows_profile_factors_consensus_and_measures(portfolio_db):
    url, info = portfolio_db
    aid = info["templates"][1]
    at = _app("leader_assessment", a=str(aid))
    assert not at.exception
    assert at.title[0].value == t("ui_leader.detail.title", "zh")
    assert at.selectbox(key="leader_detail_select").value == aid
    m = _metrics(at)
    assert t("ui_leader.detail.metric.level", "zh") in m
    assert t("ui_leader.detail.consensus.kendall", "zh") in m
    factors = _table(at, "ui_leader.detail.factors.col.degree")
    cols = ["seq", "type", "stage", "factor", "probability", "impact", "degree", "note"]
    assert list(factors.columns) == [t(f"ui_leader.detail.factors.col.{c}", "zh") for c in cols]
    assert len(factors) == 10 and list(factors.iloc[:, 0]) == list(range(1, 11))
    at.toggle(key="leader_detail_factors_all").set_value(True).run()
    assert len(_table(at, "ui_leader.detail.factors.col.degree")) == 24
    measures = _table(at, "ui_leader.detail.measures.col.responsible")
    assert len(measures) == 2
    assert measures[t("ui_leader.detail.measures.col.responsible", "zh")].tolist() == ["区政府", "公安分局"]
    assert len(at.get("plotly_chart")) >= 5  # radar, before/after, level and verdict probability, CV
    store = get_store(url)
    with store.read() as s:
        stored = s.get(Result, aid).result
    shown = _metrics(at)[t("ui_leader.detail.metric.residual_level", "zh")]
    assert shown == t(f"common.level.{stored['residual_level']}", "zh")


def test_drilldown_in_english(portfolio_db):
    aid = portfolio_db[1]["templates"][2]
    at = _app("leader_assessment", lang="en", a=str(aid))
    assert at.title[0].value == "Assessment details"
    assert "Level after measures" in _metrics(at)
    factors = _table(at, "ui_leader.detail.factors.col.degree", "en")
    assert not any(CJK.search(x) for x in factors["Risk factor"])  # indicator names from the questionnaire
    assert not any(CJK.search(x) for x in factors["Risk type"])
    assert not any(CJK.search(str(c)) for c in factors.columns)


def test_drilldown_without_selection_asks_to_choose(portfolio_db):
    at = _app("leader_assessment")
    assert t("ui_leader.detail.none", "zh") in [i.value for i in at.info]
    at.selectbox(key="leader_detail_select").select(portfolio_db[1]["templates"][0]).run()
    assert at.query_params["a"] == [str(portfolio_db[1]["templates"][0])] or at.query_params["a"] == str(
        portfolio_db[1]["templates"][0]
    )
    assert _table(at, "ui_leader.detail.factors.col.degree") is not None


def test_the_uncertainty_tab_shows_the_stored_result_and_never_runs_the_engine(small_db, monkeypatch):
    """Issue 9: every surface reads the stored result; without draws the page says so in words."""
    url, info = small_db
    import riskmodel.engine
    from riskmodel.services import assessments

    store = get_store(url)
    aid = info["templates"][0]

    def _no_draws(s):
        s.get(Assessment, aid).uncertainty_draws = 0

    store.write(_no_draws)
    assessments.refresh_result(store, aid)
    with store.read() as s:
        assert all(v is None for v in s.get(Result, aid).result["level_probabilities"].values())

    def _refuse(*_a, **_k):
        raise AssertionError("a page ran the engine")

    monkeypatch.setattr(riskmodel.engine, "assess", _refuse)
    monkeypatch.setattr(assessments, "assess", _refuse)
    at = _app("leader_assessment", a=str(aid))
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert t("chain.ui.basis.none", "zh") in captions


def test_navigation_from_dashboard_to_drilldown_in_the_app(portfolio_db):
    """Through app.py: log in with the form, choose an assessment, open it, come back."""
    aid = portfolio_db[1]["templates"][3]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.text_input(key="login_username").input("bench-leader")
    at.text_input(key="login_password").input(PASSWORD)
    at.button(key="login_submit").click().run()
    assert at.title[0].value == t("ui_leader.dashboard.title", "zh")
    at.selectbox(key="leader_choose").select(aid)
    at.button(key="leader_open").click().run()
    assert not at.exception
    assert at.title[0].value == t("ui_leader.detail.title", "zh")
    assert at.selectbox(key="leader_detail_select").value == aid
    at.button(key="leader_detail_back").click().run()
    assert at.title[0].value == t("ui_leader.dashboard.title", "zh")


def test_the_project_table_shows_the_0_to_100_index_beside_the_raw_index_and_its_unit(portfolio_db):
    """Issue 9, finding 11: one comparable index column; the raw index keeps its unit."""
    at = _app("leader_dashboard")
    table = at.dataframe[0].value
    assert {"index_100", "index", "index_unit"} <= set(table.columns)
    scored = table.dropna(subset=["index_100"])
    assert len(scored) and scored["index_100"].between(0, 100).all()
    assert set(scored["index_unit"]) <= {
        t("chain.ui.unit_short.score", "zh"),
        t("chain.ui.unit_short.probability_impact", "zh"),
    }


def test_searching_the_project_table_by_code_or_name(portfolio_db):
    url, _info = portfolio_db
    at = _app("leader_dashboard")
    first = at.dataframe[0].value.iloc[0]
    at.text_input(key="leader_table_search").input(str(first["code"]).lower()).run()
    table = at.dataframe[0].value
    assert list(table["code"]) == [first["code"]]
    assert list(at.selectbox(key="leader_choose").options) == [
        t("ui_leader.table.option", "zh", code=first["code"], project=first["project"], id=int(first["assessment_id"]))
    ]
    # the counts above the table still cover every filtered assessment, not the search
    assert int(_metrics(at)[t("ui_leader.counts.total", "zh")]) == 12
    at.text_input(key="leader_table_search").input("**不存在的项目**").run()
    assert not at.dataframe
    info = [i.value for i in at.info]
    assert any("\\*\\*不存在的项目\\*\\*" in v for v in info)  # echoed as text, never as Markdown


def test_a_large_portfolio_draws_only_the_top_of_the_table_and_says_so(portfolio_db, monkeypatch):
    from riskmodel.ui.components import dashboard_table

    monkeypatch.setattr(dashboard_table, "TABLE_LIMIT", 5)
    at = _app("leader_dashboard")
    table = at.dataframe[0].value
    assert len(table) == 5
    assert len(at.selectbox(key="leader_choose").options) == 5
    caption = t("ui_leader.table.limited", "zh", shown=5, total=12)
    assert caption in [c.value for c in at.caption]
    ranks = [{"高": 0, "中": 1, "低": 2}.get(v, 3) for v in table["level_shown"].map(_level_of)]
    assert ranks == sorted(ranks)  # the riskiest first
    assert int(_metrics(at)[t("ui_leader.counts.total", "zh")]) == 12


def _level_of(label: str) -> str:
    return next((lv for lv in ("高", "中", "低") if lv in str(label)), "")
