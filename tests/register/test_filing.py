"""备案 review: the checklist, accept / return / resubmit, role separation, assessors' registration."""

from __future__ import annotations

import pytest

from riskmodel.errors import DomainError, NotFoundError, PermissionDenied, ValidationError
from riskmodel.services import assessors, audit, auth, filing, register
from riskmodel.services.context import at
from tests.register.conftest import SYSTEM, conclude, matter
from tests.store.conftest import password_hash


def _items(store, aid):
    return {i.item: i for i in filing.checklist(store, aid)}


def test_the_checklist_names_every_item_of_the_428_outline_and_the_standard(store):
    c = conclude(store, publicity=False)
    items = _items(store, c.assessment_id)
    assert list(items) == [
        "signed_verdict",
        "panel_size",
        "ahp_cr",
        "consensus",
        "survey_coverage",
        "publicity",
        "tables",
        "measures_responsible",
        "verdict_rule",
        "assessor",
    ]
    assert items["signed_verdict"].passed and items["panel_size"].passed and items["ahp_cr"].passed
    assert items["publicity"].passed is False and "没有公示记录" in items["publicity"].detail
    assert items["verdict_rule"].passed and items["measures_responsible"].passed


def test_a_publicity_record_of_the_evidence_area_passes_the_publicity_item(store):
    c = conclude(store)
    item = _items(store, c.assessment_id)["publicity"]
    assert item.passed is True and "10 个工作日" in item.detail


def test_a_measure_without_a_responsible_party_and_a_missing_survey_fail_the_check(store):
    c = conclude(store, responsible=None, survey=False)
    items = _items(store, c.assessment_id)
    assert items["measures_responsible"].passed is False and "补偿标准" in items["measures_responsible"].detail
    assert items["survey_coverage"].passed is False


def test_accept_gives_a_filing_number_and_a_receipt_and_stays_accepted(store):
    c = conclude(store)
    filing.submit(store, c.organizer, c.assessment_id)
    f = filing.decide(store, c.reviewer, c.assessment_id, accept=True, reason="材料齐全")
    assert f.state == "予以备案" and f.filing_number.startswith("稳评备〔") and f.filing_number in f.receipt
    with pytest.raises(DomainError):
        filing.decide(store, c.reviewer, c.assessment_id, accept=False, reason="改主意")
    with pytest.raises(DomainError):
        filing.submit(store, c.organizer, c.assessment_id)


def test_a_returned_filing_is_resubmitted_with_a_change_note(store):
    c = conclude(store)
    filing.submit(store, c.organizer, c.assessment_id)
    with pytest.raises(ValidationError):
        filing.decide(store, c.reviewer, c.assessment_id, accept=False, reason="")
    filing.decide(store, c.reviewer, c.assessment_id, accept=False, reason="补充公示材料")
    with pytest.raises(ValidationError) as info:
        filing.submit(store, c.organizer, c.assessment_id)
    assert info.value.key == "register.filing.change_note_required"
    again = filing.submit(store, c.organizer, c.assessment_id, note="已补充公示照片")
    assert again.number == 2 and again.change_note == "已补充公示照片"
    actions = [e.action for e in audit.list_audit(store, SYSTEM, entity="assessment")]
    assert actions.count("filing.submit") == 2 and "filing.return" in actions


def test_organisers_cannot_decide_filings_and_nobody_decides_his_own(store):
    c = conclude(store)
    filing.submit(store, c.organizer, c.assessment_id)
    with pytest.raises(PermissionDenied):
        filing.decide(store, c.organizer, c.assessment_id, accept=True)
    auth.set_role(store, SYSTEM, "org", "reviewer")  # the organiser who signed it, now a reviewer
    with pytest.raises(PermissionDenied) as info:
        filing.decide(store, auth.actor_for(store, "org"), c.assessment_id, accept=True)
    assert info.value.key == "register.filing.own"
    assert filing.decide(store, c.reviewer, c.assessment_id, accept=True).state == "予以备案"


def test_only_a_signed_verdict_is_submitted(store):
    from tests.store.conftest import make_setup

    setup = make_setup(store)
    with pytest.raises(DomainError):
        filing.submit(store, setup.organizer, setup.assessment_id)


def _code(body: str) -> str:
    body = (body + "0" * 17)[:17]
    return body + assessors.check_digit(body)


def test_filings_of_unregistered_or_expired_assessors_are_refused(store):
    c = conclude(store)
    with pytest.raises(NotFoundError):
        filing.submit(store, c.organizer, c.assessment_id, assessor_code=_code("91320100X"))
    code = _code("91320100A")
    assessors.register_assessor(store, SYSTEM, name="远景评估公司", credit_code=code, valid_until="2026-01-31")
    matter(store, "M-1")
    register.link_assessment(store, SYSTEM, "M-1", c.assessment_id, assessor_code=code)
    from datetime import datetime

    with at(datetime(2026, 3, 1)), pytest.raises(DomainError) as info:
        filing.submit(store, c.organizer, c.assessment_id)
    assert info.value.key == "register.assessor.expired"
    assessors.register_assessor(store, SYSTEM, name="远景评估公司", credit_code=code, valid_until="2099-12-31")
    with at(datetime(2026, 3, 1)):
        f = filing.submit(store, c.organizer, c.assessment_id)
    assert f.assessor == "远景评估公司"
    filing.decide(store, c.reviewer, c.assessment_id, accept=False, reason="报告缺少应急预案")
    view = assessors.list_assessors(store)[0]
    assert view.returned == 1


def test_a_credit_code_needs_its_check_digit(store):
    assert assessors.valid_credit_code("91350100M000100Y43")
    with pytest.raises(ValidationError):
        assessors.register_assessor(store, SYSTEM, name="甲", credit_code="91350100M000100Y44")


def test_reviewers_review_and_leaders_do_not(store):
    c = conclude(store)
    filing.submit(store, c.organizer, c.assessment_id)
    with pytest.raises(PermissionDenied):
        filing.decide(store, auth.actor_for(store, "boss"), c.assessment_id, accept=True)
    auth.create_user(store, SYSTEM, "rev2", "", "reviewer", password_hash=password_hash())
    with pytest.raises(PermissionDenied):
        filing.submit(store, auth.actor_for(store, "rev2"), c.assessment_id)
