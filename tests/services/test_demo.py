"""The demo portfolio: what seed-demo loads, and that its rating files are the generator's output."""

from __future__ import annotations

import filecmp
import importlib.util
import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from riskmodel.cli import main as cli
from riskmodel.errors import DomainError
from riskmodel.questionnaire import PROJECT_TYPES
from riskmodel.services import assessments, auth, demo, panels, portfolio, projects
from riskmodel.services.context import Actor
from riskmodel.store.db import REPO_ROOT, Store
from riskmodel.store.models import Measure, Rating, Round, Survey, User


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    summary = demo.seed_demo(store, with_networks=False)  # networks: see test_demo_network_is_stored
    yield store, summary
    store.dispose()


def test_portfolio_is_varied(demo_store):
    store, summary = demo_store
    assert summary["mismatches"] == []
    # the register's draft (issue 11: an assessment in 草稿 with no panel, ready for a draw) is not history
    rows = [r for r in portfolio.portfolio(store) if r["state"] != "草稿"]
    assert len(rows) >= 12
    assert {r["type"] for r in rows} == set(PROJECT_TYPES)
    assert len({r["region"] for r in rows}) >= 3
    assert {r["level"] for r in rows} == {"低", "中", "高"}
    assert {r["residual_level"] for r in rows} == {"低", "中", "高"}
    issued = {r["verdict"] for r in rows if r["verdict_issued"]}
    assert issued == {"不予实施", "暂缓实施", "调整方案后实施", "实施"}
    assert {r["state"] for r in rows} == {"专家评分", "复核", "已出结论", "跟踪"}
    created = sorted(datetime.fromisoformat(r["created_at"]) for r in rows)
    assert (created[-1] - created[0]).days >= 365
    assert created[-1] <= datetime.now()
    assert all(r["dimension_scores"] for r in rows)


def test_post_measure_evidence_lets_the_residual_level_follow_the_measures(demo_store):
    """Issue 9: the direct rules apply after measures unless post-measure evidence is recorded; the demo
    records it for DEMO-04/10/11 (措施后 surveys) and DEMO-09 (the panel's crowd estimate after measures)."""
    store, summary = demo_store
    results = summary["results"]
    for code in ("DEMO-04", "DEMO-10", "DEMO-11"):
        assert results[code] == {"level": "中", "residual_level": "低", "verdict": "调整方案后实施"}, code
    assert results["DEMO-09"] == {"level": "高", "residual_level": "中", "verdict": "不予实施"}
    assert results["DEMO-03"]["residual_level"] == "高"  # no post-measure evidence: the crowd rule still applies
    by_code = {p.code: p for p in projects.list_projects(store)}
    with store.read() as s:
        after = s.execute(select(Survey.assessment_id).where(Survey.phase == "after")).scalars().all()
    assert sorted(after) == sorted(by_code[c].assessments[0].id for c in ("DEMO-04", "DEMO-10", "DEMO-11"))
    aid = by_code["DEMO-09"].assessments[0].id
    view = assessments.get_result(store, aid)
    assert view.result.group_event.people_after == 120 and view.result.residual_evidence.group_event == "post_measure"


def test_every_assessment_has_panel_rounds_survey_measures_and_post_measure_ratings(demo_store):
    store, _ = demo_store
    with store.read() as s:
        for p in projects.list_projects(store):
            for a in p.assessments:
                aid = a.id
                if a.state == "草稿":  # the register's draft, ready for a draw (issue 11)
                    continue
                assert (
                    s.execute(select(func.count()).select_from(Round).where(Round.assessment_id == aid)).scalar() >= 2
                )
                assert (
                    s.execute(select(func.count()).select_from(Survey).where(Survey.assessment_id == aid)).scalar() >= 1
                )
                assert (
                    s.execute(select(func.count()).select_from(Measure).where(Measure.assessment_id == aid)).scalar()
                    >= 1
                )
                assert (
                    s.execute(
                        select(func.count())
                        .select_from(Rating)
                        .where(Rating.assessment_id == aid, Rating.phase == "after")
                    ).scalar()
                    > 0
                )
                assert len(panels.list_panel(store, Actor.system(), aid)) >= 3


def test_open_round_with_the_five_demo_experts(demo_store):
    store, _ = demo_store
    open_ones = [a for p in projects.list_projects(store) for a in p.assessments if a.state == "专家评分"]
    assert open_ones
    members = {m.username for m in panels.list_panel(store, Actor.system(), open_ones[0].id)}
    assert {f"demo-expert{i}" for i in range(1, 6)} <= members


def test_demo_accounts_log_in_with_demo(demo_store):
    store, _ = demo_store
    for name in ("demo-admin", "demo-expert5"):
        assert auth.authenticate(store, name, "demo") is not None, name
    assert auth.authenticate(store, "demo-admin", "wrong") is None
    with store.read() as s:  # every demo account has that same password (one argon2 hash, salted once)
        hashes = dict(s.execute(select(User.username, User.password_hash)).all())
    assert set(hashes) == set(demo.DEMO_ACCOUNTS)
    assert len(set(hashes.values())) == 1


def test_seeding_twice_is_refused_or_skipped(demo_store):
    store, _ = demo_store
    with pytest.raises(DomainError):
        demo.seed_demo(store)
    assert demo.seed_demo(store, if_empty=True) is None


def test_projects_json_command(demo_store, capsys):
    store, _ = demo_store
    assert cli(["--db", store.url, "projects", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) >= 12
    a = data[0]["assessments"][0]
    assert {"id", "questionnaire", "state", "level", "verdict"} <= set(a)
    assert a["questionnaire"]["id"] in ("four-dimension", "four-properties", "ndrc-investment")


def test_rating_files_are_the_generators_output(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("generate_ratings", REPO_ROOT / "data/demo/generate_ratings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "ratings"
    assert module.main(["--out", str(out)]) == 0
    capsys.readouterr()
    committed = REPO_ROOT / "data/demo/ratings"
    names = sorted(p.name for p in committed.glob("*.csv"))
    assert names == sorted(p.name for p in out.glob("*.csv"))
    match, mismatch, errors = filecmp.cmpfiles(committed, out, names, shallow=False)
    assert mismatch == [] and errors == []


def test_demo_network_is_stored(store):
    """seed-demo stores a synthetic stakeholder network per project when the network package has one."""
    pytest.importorskip("riskmodel.network.demo")
    from riskmodel.services import networks

    org = demo.Actor.system()
    p = projects.create_project(
        store,
        org,
        code="NET-1",
        name="南港区生活垃圾焚烧发电厂",
        type="环境敏感/邻避设施",
        region="南港区",
        stage="项目立项",
    )
    spec = {"name": p.name, "type": p.type, "code": "NET-1"}
    assert demo._seed_network(store, spec, datetime(2026, 1, 5).date(), 0, org) == 1
    latest = networks.latest_version(store, "NET-1")
    assert latest is not None and latest.version == 1 and latest.nodes == len(latest.data["nodes"]) >= 30
    from riskmodel.network.model import Network

    assert len(Network.from_dict(latest.data).nodes) == latest.nodes


def test_the_seeding_summary_reports_what_the_database_holds(demo_store):
    """One number, one source: the command's "N 个项目、M 项评估" counts the stored rows, the areas' included."""
    store, summary = demo_store
    rows = portfolio.portfolio(store, {"latest_only": False})
    assert summary["assessments"] == len(rows)
    assert summary["projects"] == len({r["project_code"] for r in rows})
