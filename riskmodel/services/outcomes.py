"""后评估: tracking periods, incidents after implementation and the realised level (实际风险等级).

An assessment's project counts as implemented when its verdict is 实施 or 调整方案后实施 (the tracking
period then starts on the verdict's day, implicitly), or when the organizer records the decision to
implement — a 暂缓实施 project implemented once its measures were done, or a decision on the register
(``decision_source``: ``recorded`` / ``register``). The period lasts the standard's
``outcomes.tracking_months`` (default 6). A 不予实施 project has no outcome to track.

The realised level follows the standard's rules (``riskmodel.questionnaire.schema.OutcomeRule``), the
highest of: the largest incident of a group-event kind against the group-event thresholds, the
incident-kind rules, the record-count rules on the linked feed counts (when feeds exist); 低 when none
applies. The rule that set it is stated with it. Only incidents within the period count.

Tracking periods and incidents are append-only like ratings (a correction is a new row; a wrong
incident is withdrawn by a row naming it) and every write is one transaction with its audit entry.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, ValidationError
from riskmodel.questionnaire import Questionnaire
from riskmodel.questionnaire.schema import INCIDENT_KINDS, MAX_COUNT, GroupEventThreshold, OutcomeRule
from riskmodel.services import audit
from riskmodel.services._lookup import assessment_row
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.outcomes_feeds import feed_counts
from riskmodel.services.questionnaires import parse_version
from riskmodel.services.views.outcomes import FeedCounts, IncidentView, OutcomeView, RuleHit, TrackingView
from riskmodel.store.db import Store
from riskmodel.store.models import (
    Assessment,
    Incident,
    Project,
    QuestionnaireVersion,
    TrackingPeriod,
    User,
    Verdict,
)

IMPLEMENTING_VERDICTS = ("实施", "调整方案后实施")
RECORDABLE_VERDICTS = ("实施", "调整方案后实施", "暂缓实施")  # 不予实施: nothing is implemented
DECISION_SOURCES = ("verdict", "register", "recorded")
LEVEL_RANK = {"低": 0, "中": 1, "高": 2}
_RULE_ORDER = {"group_event": 0, "incident_kind": 1, "record_count": 2}
TEXT_MAX = {"place": 200, "source": 200, "evidence": 4000, "note": 2000}


# --- dates ---------------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def parse_day(text: str | date, what: str = "date") -> date:
    """A YYYY-MM-DD day, or a translated error naming the field."""
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValidationError("outcomes.error.bad_date", field=what, value=str(text)[:40]) from None


# --- the realised-level rules (pure) -------------------------------------------------------------
def thresholds_of(rule: OutcomeRule, q: Questionnaire | None) -> list[GroupEventThreshold]:
    """The group-event thresholds the realised level uses: the outcome rule's own, else the standard's."""
    if rule.group_event_thresholds:
        return list(rule.group_event_thresholds)
    return list(q.group_event_thresholds) if q is not None else []


def realise(
    rule: OutcomeRule,
    thresholds: Sequence[GroupEventThreshold],
    incidents: Sequence[tuple[date, str, int]],
    counts: FeedCounts,
) -> tuple[str, RuleHit, tuple[RuleHit, ...]]:
    """(realised level, the rule that set it, every rule that applied) from incidents (day, kind, people)
    within the period and the linked feed counts. Ties between rules of the same level go to the first of
    group_event, incident_kind, record_count."""
    hits: list[RuleHit] = []
    group = [(people, day, kind) for day, kind, people in incidents if kind in rule.group_event_kinds]
    if group:
        people, day, kind = max(group, key=lambda x: (x[0], x[1]))
        for th in sorted(thresholds, key=lambda x: -x.min_people):
            if people >= th.min_people:
                hits.append(
                    RuleHit(
                        "group_event",
                        th.level,
                        "outcomes.rule.group_event",
                        {
                            "kind": kind,
                            "date": day.isoformat(),
                            "people": people,
                            "min": th.min_people,
                            "level": th.level,
                        },
                    )
                )
                break
    for kr in rule.kind_rules:
        n = sum(1 for _day, kind, _p in incidents if kind == kr.kind)
        if n >= kr.min_count:
            hits.append(
                RuleHit(
                    "incident_kind",
                    kr.level,
                    "outcomes.rule.incident_kind",
                    {"kind": kr.kind, "count": n, "min": kr.min_count, "level": kr.level},
                )
            )
    if counts.available:
        for rr in rule.record_rules:
            n = getattr(counts, rr.count)
            if n >= rr.min_count:
                hits.append(
                    RuleHit(
                        "record_count",
                        rr.level,
                        "outcomes.rule.record_count",
                        {"what": rr.count, "count": n, "min": rr.min_count, "level": rr.level},
                    )
                )
    if not hits:
        none = RuleHit("none", "低", "outcomes.rule.none", {"level": "低"})
        return "低", none, (none,)
    ordered = sorted(hits, key=lambda h: (-LEVEL_RANK[h.level], _RULE_ORDER[h.rule]))
    return ordered[0].level, ordered[0], tuple(ordered)


# --- reading -------------------------------------------------------------------------------------
def _verdict(s: Session, assessment_id: int) -> Verdict | None:
    return s.execute(select(Verdict).where(Verdict.assessment_id == assessment_id)).scalar_one_or_none()


def _questionnaire(s: Session, a: Assessment) -> Questionnaire:
    qv = s.get(QuestionnaireVersion, a.questionnaire_version_id)
    assert qv is not None
    return parse_version(qv)


def tracking_of(s: Session, a: Assessment, q: Questionnaire, today: date | None = None) -> TrackingView | None:
    """The latest recorded tracking period, else the one implied by an implementing verdict, else None."""
    today = today or now().date()
    row = s.execute(
        select(TrackingPeriod).where(TrackingPeriod.assessment_id == a.id).order_by(TrackingPeriod.id.desc()).limit(1)
    ).scalar_one_or_none()
    if row is not None:
        ends = row.ends_at.date()
        return TrackingView(
            assessment_id=a.id,
            decision=row.decision,
            decision_source=row.decision_source,
            decided_on=row.decided_at.date(),
            months=row.months,
            ends_on=ends,
            complete=today >= ends,
            note=row.note,
            recorded=True,
        )
    v = _verdict(s, a.id)
    if v is None or v.verdict not in IMPLEMENTING_VERDICTS:
        return None
    start = v.signed_at.date()
    months = q.outcomes.tracking_months
    ends = add_months(start, months)
    return TrackingView(a.id, v.verdict, "verdict", start, months, ends, today >= ends)


def _incident_rows(s: Session, assessment_id: int) -> list[tuple[Incident, str | None]]:
    rows = s.execute(
        select(Incident, User.username)
        .outerjoin(User, Incident.recorded_by_id == User.id)
        .where(Incident.assessment_id == assessment_id)
        .order_by(Incident.occurred_at, Incident.id)
    ).all()
    withdrawn = {i.withdraws_id for i, _u in rows if i.withdraws_id is not None}
    return [(i, u) for i, u in rows if i.withdraws_id is None and i.id not in withdrawn]


def outcome_in(s: Session, assessment_id: int, *, today: date | None = None) -> OutcomeView:
    """The outcome of one assessment inside an open session."""
    a = assessment_row(s, assessment_id)
    project = s.get(Project, a.project_id)
    assert project is not None
    q = _questionnaire(s, a)
    v = _verdict(s, a.id)
    tracking = tracking_of(s, a, q, today)
    incidents: list[IncidentView] = []
    for row, username in _incident_rows(s, a.id):
        day = row.occurred_at.date()
        inside = tracking is not None and tracking.decided_on <= day < tracking.ends_on
        incidents.append(
            IncidentView(
                id=row.id,
                assessment_id=a.id,
                occurred_on=day,
                kind=row.kind,
                people=row.people,
                place=row.place,
                source=row.source,
                evidence=row.evidence,
                note=row.note,
                recorded_by=username,
                in_period=inside,
            )
        )
    if tracking is None:
        return OutcomeView(
            a.id, project.code, project.name, v.verdict if v else None, False, None, tuple(incidents),
            FeedCounts(), None, None, (), q.standard.zh,
        )  # fmt: skip
    counts = feed_counts(s, project.id, tracking.decided_on, tracking.ends_on)
    counted = [(i.occurred_on, i.kind, i.people) for i in incidents if i.in_period]
    level, hit, hits = realise(q.outcomes, thresholds_of(q.outcomes, q), counted, counts)
    return OutcomeView(
        assessment_id=a.id,
        project_code=project.code,
        project_name=project.name,
        verdict=v.verdict if v else None,
        implemented=True,
        tracking=tracking,
        incidents=tuple(incidents),
        records=counts,
        realised_level=level,
        rule=hit,
        hits=hits,
        standard=q.standard.zh,
    )


def get_outcome(store: Store, assessment_id: int) -> OutcomeView:
    """The tracking period, incidents, linked feed counts and realised level of one assessment."""
    with store.read() as s:
        return outcome_in(s, assessment_id)


def list_outcomes(store: Store) -> list[OutcomeView]:
    """The outcome of every assessment that has a verdict (implemented or not), in id order."""
    with store.read() as s:
        ids = s.execute(select(Verdict.assessment_id).order_by(Verdict.assessment_id)).scalars().all()
        return [outcome_in(s, aid) for aid in ids]


# --- writing -------------------------------------------------------------------------------------
def _text(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    if len(value) > TEXT_MAX[name]:
        raise ValidationError("outcomes.error.too_long", field=name, max=TEXT_MAX[name])
    return value


def record_tracking(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    decided_on: str | date,
    decision_source: str = "recorded",
    months: int | None = None,
    note: str | None = None,
) -> TrackingView:
    """Record the decision to implement and its tracking period (a new row supersedes an earlier one)."""
    require_role(actor, "organizer", "admin")
    day = parse_day(decided_on, "decided_on")
    if decision_source not in DECISION_SOURCES:
        raise ValidationError("outcomes.error.bad_source", value=decision_source, allowed="/".join(DECISION_SOURCES))
    if months is not None and not 1 <= int(months) <= 120:
        raise ValidationError("outcomes.error.bad_months", value=months)
    note = _text(note, "note")

    def _write(s: Session) -> TrackingView:
        a = assessment_row(s, assessment_id, lock=True)
        v = _verdict(s, a.id)
        if v is None or v.verdict not in RECORDABLE_VERDICTS:
            raise DomainError("outcomes.error.not_implementable", id=a.id, verdict=v.verdict if v else "—")
        if day < v.signed_at.date() or day > now().date():
            raise ValidationError("outcomes.error.decision_date", value=day.isoformat())
        q = _questionnaire(s, a)
        span = int(months) if months is not None else q.outcomes.tracking_months
        ends = add_months(day, span)
        row = TrackingPeriod(
            assessment_id=a.id,
            decision=v.verdict,
            decision_source=decision_source,
            decided_at=_midnight(day),
            months=span,
            ends_at=_midnight(ends),
            note=note,
            created_at=now(),
            created_by_id=actor.user_id,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "outcome.tracking",
            "assessment",
            a.id,
            decision=v.verdict,
            decision_source=decision_source,
            decided_on=day.isoformat(),
            months=span,
            ends_on=ends.isoformat(),
            note=note,
        )
        view = tracking_of(s, a, q)
        assert view is not None
        return view

    return store.write(_write)


def add_incident(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    kind: str,
    occurred_on: str | date,
    people: int | str,
    place: str | None = None,
    source: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
) -> IncidentView:
    """Enter an incident after implementation. Needs a tracking period; the day may not lie in the future."""
    require_role(actor, "organizer", "admin")
    if kind not in INCIDENT_KINDS:
        raise ValidationError("outcomes.error.bad_kind", value=str(kind)[:40], allowed="、".join(INCIDENT_KINDS))
    day = parse_day(occurred_on, "date")
    try:
        count = int(str(people).strip())
    except ValueError:
        raise ValidationError("outcomes.error.bad_people", value=str(people)[:40], max=MAX_COUNT) from None
    if not 0 <= count <= MAX_COUNT:
        raise ValidationError("outcomes.error.bad_people", value=count, max=MAX_COUNT)
    fields: dict[str, Any] = {
        "place": _text(place, "place"),
        "source": _text(source, "source"),
        "evidence": _text(evidence, "evidence"),
        "note": _text(note, "note"),
    }

    def _write(s: Session) -> IncidentView:
        a = assessment_row(s, assessment_id, lock=True)
        q = _questionnaire(s, a)
        tracking = tracking_of(s, a, q)
        if tracking is None:
            raise DomainError("outcomes.error.no_tracking", id=a.id)
        if day > now().date():
            raise ValidationError("outcomes.error.future_date", value=day.isoformat())
        row = Incident(
            assessment_id=a.id,
            occurred_at=_midnight(day),
            kind=kind,
            people=count,
            recorded_at=now(),
            recorded_by_id=actor.user_id,
            **fields,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "outcome.incident",
            "assessment",
            a.id,
            incident=row.id,
            kind=kind,
            date=day.isoformat(),
            people=count,
            **fields,
        )
        return IncidentView(
            row.id, a.id, day, kind, count, fields["place"], fields["source"], fields["evidence"], fields["note"],
            actor.username, tracking.decided_on <= day < tracking.ends_on,
        )  # fmt: skip

    return store.write(_write)


def withdraw_incident(store: Store, actor: Actor, incident_id: int, reason: str) -> None:
    """Withdraw a wrongly entered incident: a new row names it (the original stays in the record)."""
    require_role(actor, "organizer", "admin")
    reason_text = _text(reason, "note")
    if not reason_text:
        raise ValidationError("outcomes.error.reason_required")

    def _write(s: Session) -> None:
        row = s.get(Incident, int(incident_id))
        if row is None or row.withdraws_id is not None:
            raise NotFoundError("outcomes.error.no_incident", id=incident_id)
        if s.execute(select(Incident.id).where(Incident.withdraws_id == row.id)).first() is not None:
            raise DomainError("outcomes.error.already_withdrawn", id=row.id)
        s.add(
            Incident(
                assessment_id=row.assessment_id,
                occurred_at=row.occurred_at,
                kind=row.kind,
                people=row.people,
                note=reason_text,
                withdraws_id=row.id,
                recorded_at=now(),
                recorded_by_id=actor.user_id,
            )
        )
        s.flush()
        audit.record(
            s, actor, "outcome.incident.withdraw", "assessment", row.assessment_id, incident=row.id, reason=reason_text
        )

    store.write(_write)
