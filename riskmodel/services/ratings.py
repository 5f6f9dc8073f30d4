"""Expert ratings: drafts, submissions, and group feedback between Delphi rounds.

- A draft is the expert's unsaved work in the open round; it is replaced freely and never counts.
- A submission stores ratings in one transaction (all or nothing). A submitted rating is never
  overwritten: submitting the same indicator and phase again in the same open round stores version
  n+1, and the latest version counts. A closed round is read-only.
- Only panel members without a declared conflict may rate, and only while a round is open.
- From round 2 on, experts see per indicator the median and interquartile range of the previous
  round — never another expert's individual rating.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from riskmodel.domain import MeasureStatus, Phase
from riskmodel.errors import DomainError, PermissionDenied
from riskmodel.questionnaire import Questionnaire
from riskmodel.services import audit, counting, workflow
from riskmodel.services._lookup import assessment_row, iso, membership, open_round
from riskmodel.services.assessments import mark_stale
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.questionnaires import parse_version
from riskmodel.services.validation import RowsInvalid, check_ratings
from riskmodel.services.views.ratings import (
    ExpertAssessment,
    GroupFeedback,
    IndicatorFeedback,
    RatingEntry,
    RatingProgress,
    RatingSheet,
    Spread,
    SubmissionView,
    SubmittedRating,
)
from riskmodel.store.db import Store
from riskmodel.store.models import Measure, QuestionnaireVersion, Rating, RatingDraft, Round, Submission


def _rater_context(s: Session, actor: Actor, assessment_id: int):
    """The assessment, its open round (share-locked against a concurrent close) and the questionnaire,
    after checking the actor may rate now."""
    if actor.role != "expert" or actor.user_id is None:
        raise PermissionDenied("store.rating.experts_only", user=actor.username, role=actor.role)
    a = assessment_row(s, assessment_id)
    r = open_round(s, a.id, share_lock=True)
    if r is None:
        latest = s.execute(
            select(Round).where(Round.assessment_id == a.id).order_by(Round.number.desc()).limit(1)
        ).scalar()
        if latest is not None and workflow.allowed(a.state, "rate"):
            raise DomainError("store.rating.round_closed", id=a.id, number=latest.number)
        workflow.check(a, "rate")
        raise DomainError("store.rating.no_open_round", id=a.id)
    workflow.check(a, "rate")
    m = membership(s, a.id, actor.user_id)
    if m is None:
        raise DomainError("store.rating.not_on_panel", user=actor.username, id=a.id)
    if m.has_conflict:
        raise DomainError("store.rating.conflict", user=actor.username, id=a.id)
    q = parse_version(s.get(QuestionnaireVersion, a.questionnaire_version_id))
    return a, r, q


def submit_ratings(
    store: Store,
    actor: Actor,
    assessment_id: int,
    entries: Iterable[dict],
    *,
    token: str | None = None,
    source: str = "ui",
    source_name: str = "form",
) -> SubmissionView:
    """Submit ratings in the open round, as one transaction. Returns the submission summary.

    ``entries``: dicts with ``indicator``, ``phase`` (before/after), ``score`` or ``probability`` and
    ``impact``, optional ``comment``. Every bad entry is reported (``RowsInvalid``) and nothing is
    stored. ``token`` (any unique string, e.g. a UUID made when the form was shown) makes a repeated
    submission of the same form a no-op that returns the first one.
    """
    entries = list(entries)

    def _submit(s: Session) -> SubmissionView:
        if token is not None:
            existing = s.execute(select(Submission).where(Submission.token == token)).scalar_one_or_none()
            if existing is not None:
                return _submission_view(s, existing, duplicate=True)
        a, r, q = _rater_context(s, actor, assessment_id)
        clean, problems = check_ratings(q, entries)
        if problems:
            raise RowsInvalid(source_name, problems)
        if not clean:
            raise DomainError("store.rating.empty")
        current = {
            (ind, ph): v
            for ind, ph, v in s.execute(
                select(Rating.indicator, Rating.phase, func.max(Rating.version))
                .where(Rating.round_id == r.id, Rating.user_id == actor.user_id)
                .group_by(Rating.indicator, Rating.phase)
            ).all()
        }
        stamp = now()
        sub = Submission(
            assessment_id=a.id,
            round_id=r.id,
            user_id=actor.user_id,
            token=token,
            source=source,
            ratings_count=len(clean),
            submitted_at=stamp,
        )
        s.add(sub)
        s.flush()
        rows = [
            dict(
                submission_id=sub.id,
                assessment_id=a.id,
                round_id=r.id,
                user_id=actor.user_id,
                indicator=e["indicator"],
                phase=e["phase"],
                version=current.get((e["indicator"], e["phase"]), 0) + 1,
                score=e["score"],
                probability=e["probability"],
                impact=e["impact"],
                comment=e["comment"],
                created_at=stamp,
            )
            for e in clean
        ]
        revised = sum(1 for row in rows if row["version"] > 1)
        s.execute(insert(Rating), rows)  # ORM bulk insert: one statement, no per-object bookkeeping
        s.execute(delete(RatingDraft).where(RatingDraft.round_id == r.id, RatingDraft.user_id == actor.user_id))
        s.flush()
        mark_stale(s, a.id)
        audit.record(
            s,
            actor,
            "rating.submit",
            "assessment",
            a.id,
            round=r.number,
            submission=sub.id,
            ratings=len(clean),
            revised=revised,
            source=source,
        )
        return _submission_view(s, sub)

    return store.write(_submit)


def _submission_view(s: Session, sub: Submission, duplicate: bool = False) -> SubmissionView:
    number = s.execute(select(Round.number).where(Round.id == sub.round_id)).scalar_one()
    return SubmissionView(
        submission_id=sub.id,
        assessment_id=sub.assessment_id,
        round=number,
        ratings=sub.ratings_count,
        submitted_at=iso(sub.submitted_at),
        source=sub.source,
        duplicate=duplicate,
    )


def save_draft(store: Store, actor: Actor, assessment_id: int, entries: Iterable[dict]) -> int:
    """Keep the expert's work in progress (values may be blank); returns how many drafts are held."""
    entries = list(entries)

    def _save(s: Session) -> int:
        a, r, q = _rater_context(s, actor, assessment_id)
        clean, problems = check_ratings(q, entries, require_values=False)
        if problems:
            raise RowsInvalid("form", problems)
        stamp = now()
        existing = {
            (d.indicator, d.phase): d
            for d in s.execute(
                select(RatingDraft).where(RatingDraft.round_id == r.id, RatingDraft.user_id == actor.user_id)
            ).scalars()
        }
        for e in clean:
            d = existing.get((e["indicator"], e["phase"]))
            if d is None:
                d = RatingDraft(
                    assessment_id=a.id, round_id=r.id, user_id=actor.user_id, indicator=e["indicator"], phase=e["phase"]
                )
                s.add(d)
                existing[(e["indicator"], e["phase"])] = d
            d.score, d.probability, d.impact, d.comment = e["score"], e["probability"], e["impact"], e["comment"]
            d.updated_at = stamp
        s.flush()
        audit.record(s, actor, "rating.draft", "assessment", a.id, round=r.number, entries=len(clean))
        return len(existing)

    return store.write(_save)


def my_ratings(store: Store, actor: Actor, assessment_id: int) -> RatingSheet:
    """What the expert sees on his form: the open round, his drafts and his latest submitted values."""
    with store.read() as s:
        a = assessment_row(s, assessment_id)
        if membership(s, a.id, actor.user_id) is None:
            raise PermissionDenied("store.rating.not_on_panel", user=actor.username, id=a.id)
        r = open_round(s, a.id)
        drafts = (
            ()
            if r is None
            else tuple(
                RatingEntry(
                    indicator=d.indicator,
                    phase=d.phase,
                    score=d.score,
                    probability=d.probability,
                    impact=d.impact,
                    comment=d.comment,
                    at=iso(d.updated_at),
                )
                for d in s.execute(
                    select(RatingDraft)
                    .where(RatingDraft.round_id == r.id, RatingDraft.user_id == actor.user_id)
                    .order_by(RatingDraft.indicator, RatingDraft.phase)
                ).scalars()
            )
        )
        # plain columns, not ORM objects for every superseded version of a much-revised form
        rows = s.execute(
            select(
                Rating.indicator,
                Rating.phase,
                Round.number,
                Rating.version,
                Rating.score,
                Rating.probability,
                Rating.impact,
                Rating.comment,
                Rating.created_at,
            )
            .join(Round, Rating.round_id == Round.id)
            .where(Rating.assessment_id == a.id, Rating.user_id == actor.user_id)
        ).all()
        latest = counting.counted(rows, key=lambda row: (row[0], row[1]), rank=lambda row: (row[2], row[3]))
        submitted = tuple(
            RatingEntry(
                indicator=ind,
                phase=ph,
                round=n,
                version=v,
                score=sc,
                probability=p,
                impact=im,
                comment=c,
                at=iso(at),
            )
            for (ind, ph), (_i, _p, n, v, sc, p, im, c, at) in sorted(latest.items())
        )
        return RatingSheet(
            assessment_id=a.id,
            round=None if r is None else r.number,
            round_open=r is not None,
            drafts=drafts,
            submitted=submitted,
        )


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, med, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, med, q3


def group_feedback(store: Store, actor: Actor, assessment_id: int, round_number: int | None = None) -> GroupFeedback:
    """Per indicator × phase median and IQR of a round's ratings (default: the round before the open
    or latest one), for round ≥ 2. Never individual ratings; ``own`` is the asking expert's own value."""
    with store.read() as s:
        a = assessment_row(s, assessment_id)
        if actor.role == "expert" and not actor.is_system and membership(s, a.id, actor.user_id) is None:
            raise PermissionDenied("store.rating.not_on_panel", user=actor.username, id=a.id)
        if round_number is None:
            current = s.execute(select(func.max(Round.number)).where(Round.assessment_id == a.id)).scalar() or 0
            round_number = current - 1
        if round_number < 1:
            return GroupFeedback(assessment_id=a.id, round=None, indicators=())
        r = s.execute(
            select(Round).where(Round.assessment_id == a.id, Round.number == round_number)
        ).scalar_one_or_none()
        if r is None or r.status != "closed":
            raise DomainError("store.feedback.round_not_closed", id=a.id, number=round_number)
        q = parse_version(s.get(QuestionnaireVersion, a.questionnaire_version_id))
        latest = counting.counted(
            s.execute(select(Rating).where(Rating.round_id == r.id)).scalars(),
            key=lambda x: (x.user_id, x.indicator, x.phase),
            rank=lambda x: (r.number, x.version),
        )
        fields = ("score",) if q.method == "score" else ("probability", "impact")
        order = {ind: i for i, ind in enumerate(q.indicator_ids())}
        groups: dict[tuple[str, str], list[Rating]] = {}
        for (_uid, ind, ph), rating in latest.items():
            groups.setdefault((ind, ph), []).append(rating)
        out = []
        for ind, ph in sorted(groups, key=lambda k: (order.get(k[0], 10**6), k[1])):
            spreads = {}
            for f in fields:
                values = sorted(float(getattr(x, f)) for x in groups[(ind, ph)] if getattr(x, f) is not None)
                if values:
                    q1, med, q3 = _quartiles(values)
                    spreads[f] = Spread(median=med, q1=q1, q3=q3, iqr=q3 - q1)
            own = next((x for x in groups[(ind, ph)] if x.user_id == actor.user_id), None)
            out.append(
                IndicatorFeedback(
                    indicator=ind,
                    phase=ph,
                    n=len(groups[(ind, ph)]),
                    spreads=spreads,
                    own=None if own is None else {f: getattr(own, f) for f in fields},
                )
            )
        return GroupFeedback(assessment_id=a.id, round=round_number, indicators=tuple(out))


def ratings_table(
    store: Store, actor: Actor, assessment_id: int, *, round_number: int | None = None
) -> list[SubmittedRating]:
    """Every submitted rating with expert, round and version — for organizers, admins and leaders only."""
    require_role(actor, "organizer", "admin", "leader")
    from riskmodel.store.models import User

    with store.read() as s:
        assessment_row(s, assessment_id)
        q = (
            select(Rating, User.username, Round.number)
            .join(User, Rating.user_id == User.id)
            .join(Round, Rating.round_id == Round.id)
            .where(Rating.assessment_id == assessment_id)
            .order_by(Round.number, User.username, Rating.indicator, Rating.phase, Rating.version)
        )
        if round_number is not None:
            q = q.where(Round.number == round_number)
        return [
            SubmittedRating(
                round=n,
                expert=u,
                indicator=r.indicator,
                phase=r.phase,
                version=r.version,
                score=r.score,
                probability=r.probability,
                impact=r.impact,
                comment=r.comment,
                submitted_at=iso(r.created_at),
            )
            for r, u, n in s.execute(q).all()
        ]


# --- progress in the current round (the one count the expert pages show) ---------------------------
def rating_phases(s: Session, assessment_id: int, q: Questionnaire) -> tuple[str, ...]:
    """The phases an expert rates now: 措施前, and 措施后 once the questionnaire has it and an active
    (not cancelled) measure is recorded."""
    if Phase.AFTER not in q.phases:
        return (Phase.BEFORE.value,)
    active = s.execute(
        select(func.count())
        .select_from(Measure)
        .where(Measure.assessment_id == assessment_id, Measure.status != MeasureStatus.CANCELLED)
    ).scalar()
    return (Phase.BEFORE.value, Phase.AFTER.value) if active else (Phase.BEFORE.value,)


def my_progress(store: Store, actor: Actor, assessment_id: int) -> RatingProgress:
    """The expert's progress in the assessment's current round (open, else the latest): what 我的评估
    and 评分表 both show, so they can never disagree."""
    with store.read() as s:
        a = assessment_row(s, assessment_id)
        if membership(s, a.id, actor.user_id) is None:
            raise PermissionDenied("store.rating.not_on_panel", user=actor.username, id=a.id)
        q = parse_version(s.get(QuestionnaireVersion, a.questionnaire_version_id))
        phases = rating_phases(s, a.id, q)
        r = open_round(s, a.id)
        mine = select(Rating.indicator, Rating.phase).where(
            Rating.assessment_id == a.id, Rating.user_id == actor.user_id
        )
        everything = {(ind, ph) for ind, ph in s.execute(mine.distinct()).all()}
        if r is None:
            return RatingProgress(
                a.id, None, False, phases, 0, len(q.indicator_ids()) * len(phases), 0, len(everything)
            )
        in_round = {(ind, ph) for ind, ph in s.execute(mine.where(Rating.round_id == r.id).distinct()).all()}
        drafts = s.execute(
            select(func.count())
            .select_from(RatingDraft)
            .where(RatingDraft.round_id == r.id, RatingDraft.user_id == actor.user_id)
        ).scalar()
        return RatingProgress(
            assessment_id=a.id,
            round=r.number,
            open=True,
            phases=phases,
            done=sum(1 for _ind, ph in in_round if ph in phases),
            total=len(q.indicator_ids()) * len(phases),
            drafts=int(drafts or 0),
            submitted_total=len(everything),
        )


def expert_overview(store: Store, actor: Actor) -> list[ExpertAssessment]:
    """The expert's assessments with his progress in the current round (我的评估)."""
    from riskmodel.services import assessments

    out = []
    for a in assessments.list_assessments(store, actor):
        q = assessments.questionnaire_of(store, a.id)
        last = a.round
        out.append(
            ExpertAssessment(
                id=a.id,
                project_name=a.project_name or "",
                project_code=a.project_code or "",
                title=a.title,
                state=a.state,
                questionnaire_name=q.name,
                last_round=None if last is None else last.number,
                last_round_status=None if last is None else last.status,
                progress=my_progress(store, actor, a.id),
            )
        )
    return out
