"""Outcomes after implementation: tracking periods, incidents, the realised level and its rule."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text

from riskmodel.errors import DomainError, PermissionDenied, ValidationError
from riskmodel.questionnaire.schema import GroupEventThreshold, OutcomeRule, RecordCountRule
from riskmodel.services import auth, outcomes
from riskmodel.services.audit import list_audit, verify_audit
from riskmodel.services.context import Actor, at
from riskmodel.services.views.outcomes import FeedCounts
from riskmodel.store.models import ImmutableRowError, Incident
from tests.services import outcomes_setup

outcome_db, db = outcomes_setup.outcome_db, outcomes_setup.db  # the module's 后评估 database (fixtures)

STANDARD = [GroupEventThreshold(min_people=200, level="高"), GroupEventThreshold(min_people=100, level="中")]
NONE = FeedCounts()


def test_the_largest_group_event_sets_the_level_by_the_standards_thresholds():
    rule = OutcomeRule()
    events = [(date(2026, 1, 5), "集体上访", 130), (date(2026, 2, 1), "群体性事件", 230)]
    level, hit, _ = outcomes.realise(rule, STANDARD, events, NONE)
    assert (level, hit.rule, hit.params["people"], hit.params["min"]) == ("高", "group_event", 230, 200)
    assert "230" in hit.text("zh") and "≥ 200" in hit.text("zh")
    level, hit, _ = outcomes.realise(rule, STANDARD, [(date(2026, 1, 5), "集体上访", 130)], NONE)
    assert (level, hit.rule) == ("中", "group_event")


def test_below_every_threshold_the_realised_level_is_low_and_says_so():
    level, hit, hits = outcomes.realise(OutcomeRule(), STANDARD, [(date(2026, 1, 5), "集体上访", 99)], NONE)
    assert (level, hit.rule, len(hits)) == ("低", "none", 1)


def test_crowds_of_other_kinds_are_not_group_events_but_kind_rules_apply():
    rule = OutcomeRule()
    level, hit, _ = outcomes.realise(rule, STANDARD, [(date(2026, 1, 5), "负面舆情", 5000)], NONE)
    assert level == "低"
    level, hit, _ = outcomes.realise(rule, STANDARD, [(date(2026, 1, 5), "个人极端事件", 1)], NONE)
    assert (level, hit.rule) == ("中", "incident_kind")


def test_the_outcome_rules_own_thresholds_replace_the_standards():
    rule = OutcomeRule(group_event_thresholds=[GroupEventThreshold(min_people=50, level="高")])
    assert outcomes.thresholds_of(rule, None)[0].min_people == 50
    level, _hit, _ = outcomes.realise(
        rule, outcomes.thresholds_of(rule, None), [(date(2026, 1, 1), "集体上访", 60)], NONE
    )
    assert level == "高"


def test_record_counts_apply_only_when_feeds_are_linked():
    rule = OutcomeRule(record_rules=[RecordCountRule(count="repeat", min_count=10, level="中")])
    assert outcomes.realise(rule, STANDARD, [], FeedCounts(repeat=12, available=False))[0] == "低"
    level, hit, _ = outcomes.realise(rule, STANDARD, [], FeedCounts(repeat=12, available=True))
    assert (level, hit.rule) == ("中", "record_count")
    assert "重件 12" in hit.text("zh")


def test_a_tie_between_rules_goes_to_the_group_event_rule():
    rule = OutcomeRule(record_rules=[RecordCountRule(count="records", min_count=1, level="中")])
    _level, hit, hits = outcomes.realise(
        rule, STANDARD, [(date(2026, 1, 1), "集体上访", 100)], FeedCounts(5, 0, 0, True)
    )
    assert hit.rule == "group_event" and [h.rule for h in hits] == ["group_event", "record_count"]


def test_add_months_keeps_the_day_or_the_months_last_day():
    assert outcomes.add_months(date(2025, 12, 18), 6) == date(2026, 6, 18)
    assert outcomes.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_an_implementing_verdict_implies_a_six_month_tracking_period(db):
    store, info = db
    view = outcomes.get_outcome(store, info.ids["A1"])
    assert view.implemented and view.tracking.decision_source == "verdict"
    assert view.tracking.months == 6 and view.tracking.complete
    assert (view.realised_level, view.rule.rule) == ("高", "group_event")
    assert view.to_json()["rule"].startswith("群体性事件规则")


def test_incidents_outside_the_tracking_period_do_not_count(db):
    store, info = db
    aid = info.ids["A2"]
    start = outcomes.get_outcome(store, aid).tracking.ends_on
    with at(datetime(start.year + 1, 1, 1)):
        outcomes.add_incident(store, info.organizer, aid, kind="群体性事件", occurred_on=start, people=500)
    view = outcomes.get_outcome(store, aid)
    assert view.realised_level == "低" and not view.incidents[0].in_period


def test_bad_input_is_refused_with_a_message_and_nothing_stored(db):
    store, info = db
    aid = info.ids["A2"]
    with pytest.raises(ValidationError) as e:
        outcomes.add_incident(store, info.organizer, aid, kind="械斗", occurred_on="2025-03-01", people=3)
    assert "械斗" in e.value.message("zh")
    with pytest.raises(ValidationError):
        outcomes.add_incident(store, info.organizer, aid, kind="集体上访", occurred_on="2025-13-01", people=3)
    with pytest.raises(ValidationError):
        outcomes.add_incident(store, info.organizer, aid, kind="集体上访", occurred_on="2025-03-01", people=-1)
    with pytest.raises(ValidationError):
        outcomes.add_incident(store, info.organizer, aid, kind="集体上访", occurred_on="2999-01-01", people=3)
    assert outcomes.get_outcome(store, aid).incidents == ()


def test_only_organizers_and_admins_enter_incidents(db):
    store, info = db
    leader = auth.actor_for(store, "boss")
    with pytest.raises(PermissionDenied):
        outcomes.add_incident(store, leader, info.ids["A1"], kind="集体上访", occurred_on="2025-03-01", people=3)


def test_a_rejected_or_unfinished_assessment_has_no_tracking_period(db):
    store, info = db
    from riskmodel.services import assessments

    a = assessments.reassess(store, info.organizer, info.ids["A1"])
    with pytest.raises(DomainError):
        outcomes.add_incident(store, info.organizer, a.id, kind="集体上访", occurred_on="2025-03-01", people=3)
    with pytest.raises(DomainError):
        outcomes.record_tracking(store, info.organizer, a.id, decided_on="2025-03-01")
    assert outcomes.get_outcome(store, a.id).realised_level is None


def test_a_recorded_decision_supersedes_the_verdicts_period(db):
    store, info = db
    aid = info.ids["A3"]
    with at(datetime(2025, 2, 2)):
        outcomes.record_tracking(store, info.organizer, aid, decided_on="2025-02-01", months=12, note="实际开工日")
    view = outcomes.get_outcome(store, aid)
    assert (view.tracking.decision_source, view.tracking.ends_on) == ("recorded", date(2026, 2, 1))


def test_incidents_are_append_only_audited_and_withdrawn_by_a_new_row(db):
    store, info = db
    aid = info.ids["A2"]
    with at(datetime(2025, 4, 2)):
        inc = outcomes.add_incident(store, info.organizer, aid, kind="集体上访", occurred_on="2025-04-01", people=150)
    assert outcomes.get_outcome(store, aid).realised_level == "中"
    entries = [e for e in list_audit(store, Actor.system()) if e.action == "outcome.incident"]
    assert entries[0].details["people"] == 150 and entries[0].actor == "org"
    with store.read() as s, pytest.raises(ImmutableRowError):
        row = s.get(Incident, inc.id)
        row.people = 10
        s.flush()
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("UPDATE outcome_incidents SET people = 1"))
    outcomes.withdraw_incident(store, info.organizer, inc.id, "重复登记")
    view = outcomes.get_outcome(store, aid)
    assert view.realised_level == "低" and view.incidents == ()
    assert verify_audit(store) is None


def test_without_the_feeds_tables_the_record_rules_are_not_applied(db, monkeypatch):
    from riskmodel.services import outcomes_feeds
    from riskmodel.store import models

    store, info = db
    monkeypatch.delattr(models, "FeedLink", raising=False)
    with store.read() as s:
        counts = outcomes_feeds.feed_counts(s, 1, date(2025, 1, 1), date(2026, 1, 1))
    assert counts == FeedCounts() and not counts.available
    assert outcomes.get_outcome(store, info.ids["A2"]).records.available is False
