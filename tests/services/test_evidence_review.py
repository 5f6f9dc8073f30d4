"""The expert review meeting: opinions, the leader's group opinion, confirmations with time in the audit trail."""

from __future__ import annotations

import pytest

from riskmodel.errors import DomainError, PermissionDenied
from riskmodel.services import evidence_review as review
from riskmodel.services.audit import list_audit, verify_audit
from riskmodel.services.context import Actor


@pytest.fixture
def meeting(setup):
    review.save_meeting(
        setup.store, setup.organizer, setup.assessment_id, held_on="2026-06-01", place="区政府会议室", leader="ex1"
    )
    return setup


def test_every_expert_confirms_the_group_opinion_and_each_confirmation_is_audited_with_its_time(meeting):
    s, a = meeting.store, meeting.assessment_id
    for ex in meeting.experts:
        review.write_opinion(s, ex, a, f"{ex.username}：同意报告结论")
    review.draft_group_opinion(s, meeting.experts[0], a, "专家组同意评估结论为中风险。")
    times = [review.confirm_group_opinion(s, ex, a) for ex in meeting.experts]
    rv = review.get_review(s, a)
    assert rv is not None and rv.complete and rv.confirmed == 3
    assert [e.confirmed_at for e in rv.experts] == times
    entries = [e for e in list_audit(s, Actor.system(), limit=50) if e.action == "evidence.review.confirm"]
    assert sorted(e.actor for e in entries) == ["ex1", "ex2", "ex3"]
    assert all('"confirmed_at"' in e.details or "confirmed_at" in str(e.details) for e in entries)
    assert verify_audit(s) is None


def test_a_redrafted_group_opinion_clears_the_confirmations(meeting):
    s, a = meeting.store, meeting.assessment_id
    for ex in meeting.experts:
        review.write_opinion(s, ex, a, "同意")
    review.draft_group_opinion(s, meeting.experts[0], a, "初稿")
    review.confirm_group_opinion(s, meeting.experts[1], a)
    assert review.draft_group_opinion(s, meeting.experts[0], a, "修改稿") == 1
    rv = review.get_review(s, a)
    assert rv is not None and rv.confirmed == 0 and not rv.complete


def test_only_the_leader_drafts_and_an_expert_confirms_only_after_his_own_opinion(meeting):
    s, a = meeting.store, meeting.assessment_id
    with pytest.raises(PermissionDenied):
        review.draft_group_opinion(s, meeting.experts[1], a, "越权")
    review.draft_group_opinion(s, meeting.experts[0], a, "意见")
    with pytest.raises(DomainError):
        review.confirm_group_opinion(s, meeting.experts[2], a)
    with pytest.raises(PermissionDenied):
        review.write_opinion(s, meeting.organizer, a, "组织者不是专家")
