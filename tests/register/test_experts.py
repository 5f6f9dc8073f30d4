"""The expert library and the audited draw: recusal with reasons, replay, second draws, substitutes."""

from __future__ import annotations

import pytest

from riskmodel.errors import DomainError, ValidationError
from riskmodel.network.model import Network
from riskmodel.services import assessors, audit, auth, experts, networks, register
from riskmodel.services.validation import RowsInvalid
from tests.register.conftest import SYSTEM, library, matter
from tests.store.conftest import make_setup, password_hash

ROWS = [
    ("ex1", "社科研究", "法律", "律师协会"),
    ("ex2", "工程技术", "工程", "设计院"),
    ("ex3", "综合管理", "应急", "应急局"),
    ("lib-a", "社科研究", "社会学", "滨江大学"),
    ("lib-b", "工程技术", "环境", "环科所"),
    ("lib-c", "综合管理", "信访", "东湖区住建局"),
    ("lib-d", "社科研究", "经济", "评估公司"),
    ("lib-e", "工程技术", "交通", "交通院"),
    ("lib-f", "综合管理", "公安", "公安局"),
]


@pytest.fixture
def drafted(store):
    setup = make_setup(store, add_to_panel=False)
    library(store, ROWS)
    return setup


def test_recusal_lists_declared_conflicts_owner_and_assessor_organisations_and_network_names(store, drafted):
    aid = drafted.assessment_id
    matter(store, "M-1", department="东湖区住建局")
    assessors.register_assessor(
        store, SYSTEM, name="评估公司", credit_code=_code("91320100MA1"), valid_until="2099-01-01"
    )
    register.link_assessment(store, SYSTEM, "M-1", aid, assessor_code=_code("91320100MA1"))
    experts.declare_conflict(store, SYSTEM, "ex1", aid, "曾为项目出具法律意见")
    net = Network.from_dict(
        {
            "nodes": [
                {
                    "id": "n1",
                    "name": "专家lib-e",
                    "kind": "person",
                    "people": 1,
                    "attitude": 0,
                    "grievance": 0,
                    "influence": 0.5,
                }
            ],
            "edges": [],
        }
    )
    networks.save_network(store, SYSTEM, drafted.project.id, net)
    reasons = {r.username: r.reason for r in experts.preview_recusals(store, aid)}
    assert reasons == {
        "ex1": "declared_conflict",
        "lib-c": "same_organisation_owner",
        "lib-d": "same_organisation_assessor",
        "lib-e": "network_node",
    }
    d = experts.draw(store, SYSTEM, aid)
    assert not set(reasons) & set(d.panel)
    assert {r["username"] for r in d.as_dict()["recused"]} == set(reasons)


def test_a_draw_replays_to_the_same_panel_and_is_in_the_audit_trail(store, drafted):
    d = experts.draw(store, SYSTEM, drafted.assessment_id)
    assert len(d.panel) == 3 and d.pool_size == len(ROWS)
    library(store, [("late", "社科研究", "法律", "新单位")])  # the library changes afterwards
    r = experts.replay(store, d.draw_id)
    assert r.matches and r.panel == d.panel and r.pool_hash == d.pool_hash
    entry = next(e for e in audit.list_audit(store, SYSTEM, entity="assessment") if e.action == "expert.draw")
    assert entry.details["seed"] == d.seed and entry.details["pool_hash"] == d.pool_hash
    assert entry.details["panel"] == list(d.panel)


def test_drawn_experts_with_an_account_join_the_panel(store, drafted):
    d = experts.draw(store, SYSTEM, drafted.assessment_id, seed="fixed")
    from riskmodel.services.panels import list_panel

    members = {m.username for m in list_panel(store, SYSTEM, drafted.assessment_id)}
    assert members == {u for u in d.panel if u.startswith("ex")}
    assert set(d.without_account) == {u for u in d.panel if not u.startswith("ex")}


def test_a_second_draw_needs_a_reason_and_is_kept_beside_the_first(store, drafted):
    aid = drafted.assessment_id
    experts.draw(store, SYSTEM, aid)
    with pytest.raises(ValidationError) as info:
        experts.draw(store, SYSTEM, aid)
    assert info.value.key == "register.draw.reason_required"
    second = experts.draw(store, SYSTEM, aid, reason="首轮专家日程冲突")
    draws = experts.list_draws(store, aid)
    assert [d.number for d in draws] == [1, 2] and draws[1].reason == "首轮专家日程冲突"
    assert experts.panel_now(store, aid) == list(second.panel)


def test_a_substitute_replaces_a_declining_expert_and_replays(store, drafted):
    aid = drafted.assessment_id
    d = experts.draw(store, SYSTEM, aid)
    gone = d.panel[0]
    sub = experts.substitute(store, SYSTEM, d.draw_id, gone, "出差无法参加")
    assert sub.kind == "substitute" and sub.panel and sub.panel[0] not in d.panel
    now = experts.panel_now(store, aid)
    assert gone not in now and sub.panel[0] in now and len(now) == 3
    assert experts.replay(store, sub.draw_id).matches


def test_no_draw_once_experts_have_rated(store):
    from tests.register.conftest import conclude

    c = conclude(store)
    library(store, ROWS[3:])
    with pytest.raises(DomainError):
        experts.draw(store, SYSTEM, c.assessment_id)


def test_an_expert_import_with_bad_rows_stores_nothing(store, tmp_path):
    path = tmp_path / "experts.csv"
    path.write_text(
        "username,name,category,field,organisation,title,years,available\n"
        "a1,甲,社科研究,法律,律协,教授,10,是\n"
        "a2,乙,自然科学,物理,大学,,abc,也许\n",
        encoding="utf-8",
    )
    with pytest.raises(RowsInvalid) as info:
        experts.import_experts(store, SYSTEM, path)
    text = info.value.message("zh")
    assert "第 3 行" in text and "自然科学" in text and "abc" in text and "也许" in text
    assert experts.list_experts(store) == []


def test_only_organizers_and_admins_draw(store, drafted):
    auth.create_user(store, SYSTEM, "boss2", "", "leader", password_hash=password_hash())
    from riskmodel.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        experts.draw(store, auth.actor_for(store, "boss2"), drafted.assessment_id)


def _code(first11: str) -> str:
    body = (first11 + "0000000")[:17]
    return body + assessors.check_digit(body)


def test_the_participation_record_counts_assessments_and_late_rounds(store):
    from datetime import datetime, timedelta

    from riskmodel.services import assessments, ratings, rounds
    from riskmodel.services.context import at
    from tests.store.conftest import score_entries

    setup = make_setup(store)  # ex1…ex3 on the panel
    library(store, ROWS[:3])
    q = assessments.questionnaire_of(store, setup.assessment_id)
    start = datetime(2026, 3, 2, 1, 30)
    with at(start):
        rounds.open_next_round(store, setup.organizer, setup.assessment_id)
    for i, expert in enumerate(setup.experts):
        with at(start + timedelta(days=2 if i else 10)):  # ex1 answers after ten days
            ratings.submit_ratings(store, expert, setup.assessment_id, score_entries(q))
    record = {e.username: e for e in experts.list_experts(store)}
    assert (record["ex1"].participations, record["ex1"].late) == (1, 1)
    assert (record["ex2"].participations, record["ex2"].late) == (1, 0)
