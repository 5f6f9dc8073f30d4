"""Tables of the store (SQLAlchemy 2 typed ORM). The migrations in ``migrations/`` create them.

Conventions that keep backups exact and the history honest:
- timestamps are naive UTC ``DateTime`` (the same text on SQLite and PostgreSQL);
- submitted ratings, verdicts and audit entries are never updated or deleted (enforced here by ORM
  events, and by the services that are the only writers);
- rows people edit through forms (projects, assessments, measures) carry ``row_version``
  (SQLAlchemy's version counter), so two people saving the same row cannot silently overwrite each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# the vocabulary lives in riskmodel.domain; re-exported here for the store's callers
from riskmodel.domain import MEASURE_STATUSES as MEASURE_STATUSES
from riskmodel.domain import ROLES as ROLES
from riskmodel.domain import ROUND_STATUSES as ROUND_STATUSES
from riskmodel.domain import STATES as STATES

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, Any: JSON}


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    field: Mapped[str | None] = mapped_column(String(100))  # an expert's field (法律, 工程, 环境…)
    organization: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # security (issue 13, migration 0002): when the password was last set; a counter raised by a password
    # reset or a deactivation, which ends every session opened under the old value (on every app instance);
    # the TOTP secret of an account that enrolled a second factor
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)  # a TOTP code is accepted once


class QuestionnaireVersion(Base):
    """The exact YAML text an assessment was run with; a changed file becomes a new revision."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (
        UniqueConstraint("qid", "revision", name="uq_questionnaire_versions_qid_revision"),
        UniqueConstraint("qid", "sha256", name="uq_questionnaire_versions_qid_sha256"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    qid: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)  # version declared in the file
    revision: Mapped[int] = mapped_column(Integer)  # 1, 2, … per qid as stored here
    name: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    region: Mapped[str] = mapped_column(String(100))
    investment_wan: Mapped[float | None] = mapped_column(Float)
    affected_households: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16))  # 项目立项 / 政策出台
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    assessments: Mapped[list[Assessment]] = relationship(back_populates="project", order_by="Assessment.id")
    __mapper_args__ = {"version_id_col": row_version}


class Assessment(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    title: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16))
    group_event_people: Mapped[int | None] = mapped_column(Integer)
    group_event_people_after: Mapped[int | None] = mapped_column(Integer)  # the panel's estimate after measures (0003)
    uncertainty_draws: Mapped[int | None] = mapped_column(Integer)
    uncertainty_seed: Mapped[int | None] = mapped_column(Integer)
    panel_override: Mapped[bool] = mapped_column(Boolean, default=False)
    panel_override_reason: Mapped[str | None] = mapped_column(Text)
    panel_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    panel_override_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    project: Mapped[Project] = relationship(back_populates="assessments")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    __mapper_args__ = {"version_id_col": row_version}


class PanelMember(Base):
    """An expert on an assessment's panel: field, authority coefficients, conflict-of-interest declaration."""

    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("assessment_id", "user_id", name="uq_panel_members_assessment_user"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    field: Mapped[str | None] = mapped_column(String(100))
    ca: Mapped[Any] = mapped_column(JSON)  # 判断依据系数: number or {dimension: number}
    cs: Mapped[Any] = mapped_column(JSON)  # 熟悉程度系数
    has_conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict_statement: Mapped[str | None] = mapped_column(Text)
    conflict_declared_at: Mapped[datetime | None] = mapped_column(DateTime)
    added_at: Mapped[datetime] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class Round(Base):
    """A Delphi round (第 n 轮专家评分): open while experts rate, read-only once closed."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("assessment_id", "number", name="uq_rounds_assessment_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Submission(Base):
    """One expert's submission of ratings in one round — one transaction, all or nothing.

    ``token`` makes a retried submission idempotent (the same token is stored once).
    """

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(16))  # ui / import / demo
    ratings_count: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)


class Rating(Base):
    """A submitted rating; never overwritten. A revision in the same round is ``version + 1``."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("round_id", "user_id", "indicator", "phase", "version", name="uq_ratings_key_version"),
        Index("ix_ratings_assessment_user", "assessment_id", "user_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    indicator: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    probability: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class RatingDraft(Base):
    """An expert's unsaved work in an open round; replaced freely, never counted."""

    __tablename__ = "rating_drafts"
    __table_args__ = (UniqueConstraint("round_id", "user_id", "indicator", "phase", name="uq_rating_drafts_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    indicator: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(8))
    score: Mapped[float | None] = mapped_column(Float)
    probability: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Survey(Base):
    """An opinion survey result (民意调查); the latest row of an assessment counts."""

    __tablename__ = "surveys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    support: Mapped[int] = mapped_column(Integer)
    neutral: Mapped[int] = mapped_column(Integer)
    oppose: Mapped[int] = mapped_column(Integer)
    respondents_direct: Mapped[int | None] = mapped_column(Integer)
    respondents_indirect: Mapped[int | None] = mapped_column(Integer)
    households_covered: Mapped[int | None] = mapped_column(Integer)
    method: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # before (措施前) or after (措施后) the measures (0003); the latest survey of each phase counts
    phase: Mapped[str] = mapped_column(String(8), default="before", server_default="before")


class Measure(Base):
    """A 防范化解措施 (Table 2 row)."""

    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    factor: Mapped[str] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(Text)
    phase: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[str | None] = mapped_column(String(200))  # 实施时间和要求
    responsible: Mapped[str | None] = mapped_column(String(200))
    assisting: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class Verdict(Base):
    """The signed conclusion (评估结论) of an assessment; immutable once issued."""

    __tablename__ = "verdicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), unique=True)
    level: Mapped[str] = mapped_column(String(4))
    residual_level: Mapped[str] = mapped_column(String(4))
    verdict: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text)
    computed_level: Mapped[str | None] = mapped_column(String(4))
    computed_residual_level: Mapped[str | None] = mapped_column(String(4))
    computed_verdict: Mapped[str | None] = mapped_column(String(16))
    result_sha256: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the stored result signed on
    deviation_reason: Mapped[str | None] = mapped_column(Text)  # 偏离说明 when departing from the rule (0003)
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(DateTime)


class Result(Base):
    """The engine's latest result of an assessment, kept so dashboards need not recompute."""

    __tablename__ = "results"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime)
    input_sha256: Mapped[str] = mapped_column(String(64))
    level: Mapped[str | None] = mapped_column(String(4))
    residual_level: Mapped[str | None] = mapped_column(String(4))
    verdict: Mapped[str | None] = mapped_column(String(16))
    index_value: Mapped[float | None] = mapped_column(Float)
    residual_index: Mapped[float | None] = mapped_column(Float)
    dimension_scores: Mapped[Any] = mapped_column(JSON)  # {dimension id: score} before measures
    # the 0–100 index of the result and the raw index's unit and range (0003): comparable across methods
    index_100: Mapped[float | None] = mapped_column(Float)
    residual_index_100: Mapped[float | None] = mapped_column(Float)
    index_unit: Mapped[str | None] = mapped_column(String(32))
    index_min: Mapped[float | None] = mapped_column(Float)
    index_max: Mapped[float | None] = mapped_column(Float)
    experts_submitted: Mapped[int] = mapped_column(Integer)
    ratings_count: Mapped[int] = mapped_column(Integer)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)  # why the engine could not run, if it could not
    result: Mapped[Any] = mapped_column(JSON)


class NetworkVersion(Base):
    """A stakeholder and dispute network (利益相关方与矛盾纠纷网络) of a project; each save is a new version."""

    __tablename__ = "networks"
    __table_args__ = (UniqueConstraint("project_id", "version", name="uq_networks_project_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[Any] = mapped_column(JSON)  # riskmodel.network Network.to_dict()
    sha256: Mapped[str] = mapped_column(String(64))
    nodes: Mapped[int] = mapped_column(Integer)
    edges: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AuditEntry(Base):
    """Append-only log; ``hash`` = HMAC-SHA256 (key outside the database) of the canonical JSON of the entry
    incl. ``prev_hash`` and ``record`` (snapshots of the verdicts, submissions, users and measures the
    entry's transaction wrote). ``alg`` names the algorithm and key of the entry (``sha256`` for entries
    written before the chain was keyed); see ``services/audit.py``."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # ISO text, hashed as stored
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON text
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    alg: Mapped[str] = mapped_column(String(40), default="sha256")
    record: Mapped[str | None] = mapped_column(Text)  # canonical JSON {table: {id: snapshot}} or NULL


class AuditHead(Base):
    """One row: the last audit entry. Locked (FOR UPDATE) while appending, so the chain never forks."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


# --- append-only guards ----------------------------------------------------------------------
class ImmutableRowError(RuntimeError):
    """A programming error: code tried to change a row that is append-only."""


def _forbid(kind: str):
    def listener(_mapper, _connection, target):
        raise ImmutableRowError(f"{type(target).__name__} rows cannot be {kind}")

    return listener


def make_append_only(*classes: type[Base]) -> None:
    """Refuse ORM updates and deletes of these tables' rows (the database refuses them too, by trigger)."""
    for cls in classes:
        event.listen(cls, "before_update", _forbid("updated"))
        event.listen(cls, "before_delete", _forbid("deleted"))


make_append_only(Rating, Submission, Verdict, AuditEntry)


# === Tables of later areas: each area keeps its tables in its own section below. ===============


# --- security: login attempts, sessions, audit checkpoints (issue 13) ---------------------------
class LoginAttempt(Base):
    """One login try of an account name (existing or not), kept for the lockout window.

    ``outcome`` is ``pending`` while the password is being checked (so parallel tries from many sessions
    count), then ``ok`` or ``failed``. State lives in the database: a lockout holds across sessions and
    app instances. Rows older than a day are pruned.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_account_at", "account", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(64))  # the name as typed, lower-cased and cut to 64
    at: Mapped[datetime] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(8))


# --- verdict chain: indicator exclusions, deviation justifications, post-measure evidence (issue 9)
class Exclusion(Base):
    """An indicator left out of an assessment on purpose, with its reason (the report prints it).

    ``phase`` None: the indicator does not apply at all; ``after`` (or ``before``): not rated in that phase.
    Recorded and withdrawn only through ``services/exclusions`` (both audited), and only before the verdict.
    """

    __tablename__ = "exclusions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


# --- 稳评 evidence record: 公示, consultations, survey detail, demands, review meeting, 应急预案 (issue 10)
# Dates of events are ISO text (YYYY-MM-DD): the same on both backends and in backups. Services in
# ``services/evidence*.py`` are the only writers; each change is audited.
class EvidencePublicity(Base):
    """A 公示 of the assessment: period, channel, the working days counted with the public holidays."""

    __tablename__ = "evidence_publicity"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    start_date: Mapped[str] = mapped_column(String(10))
    end_date: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(200))  # 政府网站 / 村居公告栏 / 现场 …
    content: Mapped[str | None] = mapped_column(Text)
    working_days: Mapped[int] = mapped_column(Integer)
    holidays_known: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class EvidenceConsultation(Base):
    """A 座谈会 / 听证会 / 入户走访 / 现场踏勘 / 舆情监测 record: date, place, participants by category, opinions."""

    __tablename__ = "evidence_consultations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    held_on: Mapped[str] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(200))
    participants: Mapped[Any] = mapped_column(JSON)  # {category: count} (services.evidence.PARTICIPANT_CATEGORIES)
    opinions: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class EvidenceSurveyDetail(Base):
    """The questionnaire survey in detail (one row per assessment): 发放 / 回收 / 有效, 知晓, and the
    attitudes by stakeholder group and by distance ring (JSON lists of {key, support, neutral, oppose})."""

    __tablename__ = "evidence_survey_details"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), unique=True)
    issued: Mapped[int] = mapped_column(Integer)
    returned: Mapped[int] = mapped_column(Integer)
    valid: Mapped[int] = mapped_column(Integer)
    aware: Mapped[int | None] = mapped_column(Integer)  # respondents who knew of the project (知晓)
    groups: Mapped[Any] = mapped_column(JSON)
    rings: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class EvidenceDemand(Base):
    """A 主要诉求 and its handling (意见采纳): 采纳 / 部分采纳 / 未采纳 with the reason and the measure."""

    __tablename__ = "evidence_demands"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    demand: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(String(200))
    people: Mapped[int] = mapped_column(Integer)
    handling: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class EvidenceParties(Base):
    """Who commissioned, assessed and compiled (委托单位, 评估主体 — possibly a registered third-party firm —, 编制单位)."""

    __tablename__ = "evidence_parties"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), unique=True)
    commissioning_unit: Mapped[str] = mapped_column(String(200))
    assessor: Mapped[str] = mapped_column(String(200))
    assessor_third_party: Mapped[bool] = mapped_column(Boolean, default=False)
    assessor_registration: Mapped[str | None] = mapped_column(String(100))
    compiler: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class EvidenceReview(Base):
    """The expert review meeting (专家评审会) of an assessment; the group leader drafts the group opinion."""

    __tablename__ = "evidence_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), unique=True)
    held_on: Mapped[str] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(200))
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    group_opinion: Mapped[str | None] = mapped_column(Text)
    group_opinion_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EvidenceReviewOpinion(Base):
    """One expert's written opinion at the review meeting and his confirmation of the group opinion
    (``confirmed_sha256`` = the group opinion text he confirmed; a redraft clears the confirmation)."""

    __tablename__ = "evidence_review_opinions"
    __table_args__ = (UniqueConstraint("assessment_id", "user_id", name="uq_evidence_review_opinions_assessment_user"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opinion: Mapped[str | None] = mapped_column(Text)
    written_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_sha256: Mapped[str | None] = mapped_column(String(64))


class EvidenceEmergencyPlan(Base):
    """The 应急预案 of one main risk factor: organisation, response levels with triggers, steps, resources, contacts."""

    __tablename__ = "evidence_emergency_plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    factor: Mapped[str] = mapped_column(String(200))
    command: Mapped[str] = mapped_column(String(200))
    members: Mapped[str] = mapped_column(Text)
    levels: Mapped[Any] = mapped_column(JSON)  # [{level, trigger}]
    steps: Mapped[Any] = mapped_column(JSON)  # [text]
    resources: Mapped[str] = mapped_column(Text)
    contacts: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


# --- register (稳评事项台账), expert library, draws, filing (备案), assessors (issue 11) -------------


# --- feeds: 12345 work orders, 信访, grid events, links, signals (issue 12) ------------------------


# --- 后评估: outcomes and incidents (issue 15) --------------------------------------------------


# === End of the area sections. ==================================================================

# Tables in an order that satisfies foreign keys (backup/restore and wiping use it): the core tables in
# their historical order, then every other table in dependency order.
_CORE_ORDER = [
    "users",
    "questionnaire_versions",
    "projects",
    "assessments",
    "panel_members",
    "rounds",
    "submissions",
    "ratings",
    "rating_drafts",
    "surveys",
    "measures",
    "verdicts",
    "results",
    "networks",
    "audit_log",
    "audit_head",
]
TABLE_ORDER = _CORE_ORDER + [t.name for t in Base.metadata.sorted_tables if t.name not in _CORE_ORDER]
