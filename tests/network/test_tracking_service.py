"""Portfolio tracking: which projects get 建议重新评估, and the configurable rule."""

from __future__ import annotations

from datetime import date

import pytest

from riskmodel.errors import ValidationError
from riskmodel.network.tracking import ReassessmentRule
from riskmodel.services import dashboard, network_tracking, projects
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.store import get_store


def _ids(url: str) -> dict[str, int]:
    return {p.code: p.id for p in projects.projects_of(get_store(url))}


def test_demo_flare_up_is_flagged_and_quiet_projects_are_not(demo_db):
    flags = network_tracking.reassessment_flags(get_store(demo_db))
    ids = _ids(demo_db)
    flare = flags[ids["DEMO-01"]]
    assert isinstance(flare, ReassessmentFlag) and flare.project_id == ids["DEMO-01"]
    assert flare.flag is True and flare.new_disputes >= 5 and flare.reason and flare.dispute_ids
    assert flare.assessment_id and flare.verdict_date == date(2025, 11, 23) and flare.network_version
    assert flare.feed_signals == () and flare.feed_reason is None  # the network's flag alone
    quiet = [f for pid, f in flags.items() if pid != ids["DEMO-01"]]
    assert quiet and not any(f.flag for f in quiet)
    assert ids["DEMO-13"] not in flags  # no verdict yet: nothing to track


def test_rule_thresholds_switch_the_flag(demo_db):
    store = get_store(demo_db)
    pid = _ids(demo_db)["DEMO-01"]
    high = ReassessmentRule(min_new_disputes=10_000, min_opposed_people=None, escalated_triggers=False)
    assert network_tracking.reassessment_flags(store, high)[pid].flag is False
    low = ReassessmentRule(min_new_disputes=1, min_opposed_people=None, escalated_triggers=False)
    assert network_tracking.reassessment_flags(store, low)[pid].flag is True


def test_rule_from_env():
    assert network_tracking.rule_from_env({}) == ReassessmentRule()
    rule = network_tracking.rule_from_env(
        {"RISKMODEL_REASSESS_MIN_DISPUTES": "3", "RISKMODEL_REASSESS_MIN_PEOPLE": "off"}
    )
    assert rule.min_new_disputes == 3 and rule.min_opposed_people is None
    rule = network_tracking.rule_from_env(
        {"RISKMODEL_REASSESS_RULE": '{"min_new_disputes": 2, "escalated_triggers": false}'}
    )
    assert rule.min_new_disputes == 2 and rule.escalated_triggers is False
    for env in (
        {"RISKMODEL_REASSESS_RULE": "[1]"},
        {"RISKMODEL_REASSESS_RULE": "{bad"},
        {"RISKMODEL_REASSESS_MIN_DISPUTES": "many"},
        {"RISKMODEL_REASSESS_RULE": '{"x": 1}'},
    ):
        with pytest.raises(ValidationError):
            network_tracking.rule_from_env(env)


def test_dashboard_reads_the_flags(demo_db):
    flags = dashboard.reassessment_flags(get_store(demo_db))
    assert flags[_ids(demo_db)["DEMO-01"]].flag is True
