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
    CheckConstraint,
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
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # 0008: the dashboard's data version
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
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # 0008: the dashboard's data version
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
    control_node: Mapped[str | None] = mapped_column(String(200))  # 控制节点 (Table 2; issue 10)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # 0008: the dashboard's data version
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
    computed_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # 0008: the dashboard's data version
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
    stale: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # 0008: the dashboard's data version
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
class RegisterMatter(Base):
    """A matter that requires a 稳评 (稳评事项台账). Its state (应评 → 评估中 → 已评估 → 已备案 → 已决策) follows
    from its links, their verdicts and filings and its decision (``services/register.py``); the gate flags
    are fixed when the decision is recorded. Dates are ISO text (YYYY-MM-DD)."""

    __tablename__ = "register_matters"
    __table_args__ = (
        # coverage reads a year's matters from this index alone (SQLite: no table lookups)
        Index(
            "ix_register_matters_year_cover",
            "year",
            "id",
            "department",
            "region",
            "decided_without_assessment",
            "decision_departs",
            "decision",
        ),
        Index("ix_register_matters_year_region", "year", "region"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # 重大决策 / 重大项目 / 重大活动 / 其他
    checkpoint: Mapped[str] = mapped_column(String(16))  # 项目立项 / 政策出台
    department: Mapped[str] = mapped_column(String(100))  # 决策或申报单位
    region: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    planned_decision_date: Mapped[str | None] = mapped_column(String(10))
    track: Mapped[str | None] = mapped_column(String(8))  # 普通 / 简易
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_date: Mapped[str | None] = mapped_column(String(10))
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_without_assessment: Mapped[bool] = mapped_column(Boolean, default=False)  # 未评先决
    decision_departs: Mapped[bool] = mapped_column(Boolean, default=False)  # differs from the filed verdict
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class RegisterLink(Base):
    """An assessment of a matter (an assessment belongs to at most one matter); ``assessor_id`` names the
    third-party 评估机构 that performed it (None: this office or the department itself)."""

    __tablename__ = "register_links"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), primary_key=True, autoincrement=False)
    matter_id: Mapped[int] = mapped_column(ForeignKey("register_matters.id"), index=True)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("assessors.id"))
    linked_at: Mapped[datetime] = mapped_column(DateTime)
    linked_by: Mapped[str] = mapped_column(String(64))


class Assessor(Base):
    """A registered third-party assessment firm (评估机构)."""

    __tablename__ = "assessors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)  # 统一社会信用代码
    staff: Mapped[int] = mapped_column(Integer, default=0)
    registration_number: Mapped[str | None] = mapped_column(String(64))
    valid_from: Mapped[str | None] = mapped_column(String(10))
    valid_until: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AssessorRecord(Base):
    """A returned filing or a misconduct entry in an assessor's record."""

    __tablename__ = "assessor_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("assessors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # returned / misconduct
    note: Mapped[str] = mapped_column(Text)
    filing_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(64))


class LibraryExpert(Base):
    """An expert of the library (专家库); ``username`` links to an expert account when one exists."""

    __tablename__ = "library_experts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(8), index=True)  # 社科研究 / 工程技术 / 综合管理
    field: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    years: Mapped[int] = mapped_column(Integer, default=0)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ExpertConflict(Base):
    """A declared conflict of interest of a library expert with an assessment (expert × assessment)."""

    __tablename__ = "expert_conflicts"
    __table_args__ = (UniqueConstraint("expert_id", "assessment_id", name="uq_expert_conflicts_expert_assessment"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("library_experts.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(DateTime)
    declared_by: Mapped[str] = mapped_column(String(64))


class ExpertDraw(Base):
    """An audited random draw of a panel (or of a substitute) from the library; never changed afterwards.
    ``pool`` is the candidate pool as drawn from (so anyone can replay it), ``pool_hash`` its SHA-256."""

    __tablename__ = "expert_draws"
    __table_args__ = (UniqueConstraint("assessment_id", "number", name="uq_expert_draws_assessment_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … per assessment
    kind: Mapped[str] = mapped_column(String(12))  # draw / substitute
    parent_id: Mapped[int | None] = mapped_column(Integer)  # the draw a substitute completes
    declined: Mapped[str | None] = mapped_column(String(64))  # the expert a substitute replaces
    reason: Mapped[str | None] = mapped_column(Text)  # required for a second draw and for a substitute
    seed: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    rule: Mapped[Any] = mapped_column(JSON)  # the strata asked for
    pool: Mapped[str] = mapped_column(Text)  # the pool's canonical JSON text (model/draw.pool_text)
    pool_hash: Mapped[str] = mapped_column(String(64))
    pool_size: Mapped[int] = mapped_column(Integer)
    panel: Mapped[Any] = mapped_column(JSON)  # usernames, in drawing order
    recused: Mapped[Any] = mapped_column(JSON)  # [{username, reason, detail}]
    shortfall: Mapped[Any] = mapped_column(JSON)  # strata the pool could not fill
    drawn_at: Mapped[datetime] = mapped_column(DateTime)
    drawn_by: Mapped[str] = mapped_column(String(64))


class ExpertParticipation(Base):
    """An expert's participation record: drawn, declined or served on an assessment, and on time or not."""

    __tablename__ = "expert_participations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("library_experts.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"))
    draw_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))  # drawn / declined / served
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime)


class Filing(Base):
    """One submission of an assessment for 备案 and its review: 待审查 → 予以备案 (filing number, receipt) or
    退回补正 (reasons); a resubmission is a new row with its 修改说明."""

    __tablename__ = "filings"
    __table_args__ = (
        UniqueConstraint("assessment_id", "number", name="uq_filings_assessment_number"),
        Index("ix_filings_assessment_state", "assessment_id", "state"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … per assessment
    state: Mapped[str] = mapped_column(String(8))  # 待审查 / 予以备案 / 退回补正
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("assessors.id"))
    change_note: Mapped[str | None] = mapped_column(Text)  # 修改说明 (resubmission), or an explanation
    checklist: Mapped[Any] = mapped_column(JSON)  # [{item, passed, detail}] at submission
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    filing_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    receipt: Mapped[str | None] = mapped_column(Text)  # the 备案回执 document text


# --- feeds: 12345 work orders, 信访, grid events, links, signals (issue 12) ------------------------
# Projects gain a location (区 / 街道 / 社区, optional coordinates) and keywords, for linking feed records
# (columns added by migration 0006; declared here so the core table above stays as it was).
Project.district = mapped_column(String(50), nullable=True)  # type: ignore[attr-defined]
Project.street = mapped_column(String(50), nullable=True)  # type: ignore[attr-defined]
Project.community = mapped_column(String(50), nullable=True)  # type: ignore[attr-defined]
Project.longitude = mapped_column(Float, nullable=True)  # type: ignore[attr-defined]
Project.latitude = mapped_column(Float, nullable=True)  # type: ignore[attr-defined]
Project.keywords = mapped_column(Text, nullable=True)  # type: ignore[attr-defined]  # 、 or , separated


class FeedImport(Base):
    """One import of an export file (what was read, stored, skipped as already there, rejected)."""

    __tablename__ = "feed_imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    stored: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class FeedRecord(Base):
    """A de-identified 12345 work order, 信访 record or grid event (件次). No raw name, phone or ID: those
    are keyed hashes (``*_hash``, ``person_key``); free text has phone and ID patterns masked.

    On PostgreSQL the table is partitioned by ``month_key`` (YYYYMM, declarative range partitioning; see
    migration 0006), so the primary key there is (id, month_key) and no foreign key points at it."""

    __tablename__ = "feed_records"
    __table_args__ = (
        UniqueConstraint("source", "record_no", "month_key", name="uq_feed_records_source_no"),
        Index("ix_feed_records_received", "received_at"),
    )
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(16))
    record_no: Mapped[str] = mapped_column(String(64))
    month_key: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str | None] = mapped_column(String(32))
    rating: Mapped[str | None] = mapped_column(String(8))  # 满意 / 基本满意 / 不满意 / NULL (unrated)
    channel: Mapped[str | None] = mapped_column(String(32))  # 信访形式
    people_count: Mapped[int | None] = mapped_column(Integer)  # 信访人数
    purpose: Mapped[str | None] = mapped_column(String(8))  # 信访目的
    category: Mapped[str] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(32))  # a category an officer set (classifier training)
    text: Mapped[str] = mapped_column(Text)  # masked
    address: Mapped[str | None] = mapped_column(Text)  # masked
    area: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(50))
    street: Mapped[str | None] = mapped_column(String(50))
    community: Mapped[str | None] = mapped_column(String(50))
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    person_key: Mapped[str | None] = mapped_column(String(32))
    phone_hash: Mapped[str | None] = mapped_column(String(32))
    id_hash: Mapped[str | None] = mapped_column(String(32))
    name_hash: Mapped[str | None] = mapped_column(String(32))
    timely: Mapped[bool] = mapped_column(Boolean)
    on_time: Mapped[bool] = mapped_column(Boolean)
    completed: Mapped[bool] = mapped_column(Boolean)
    resolved: Mapped[bool] = mapped_column(Boolean)
    joint: Mapped[bool] = mapped_column(Boolean)
    collective: Mapped[bool] = mapped_column(Boolean)
    repeat: Mapped[bool] = mapped_column(Boolean)
    case_id: Mapped[int] = mapped_column(BigInteger)
    import_id: Mapped[int] = mapped_column(Integer)


class FeedCase(Base):
    """A 件: one demand, the near-duplicate records (件次) merged into it."""

    __tablename__ = "feed_cases"
    __table_args__ = (Index("ix_feed_cases_last", "last_at"),)
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(50))
    street: Mapped[str | None] = mapped_column(String(50))
    community: Mapped[str | None] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(32))
    first_at: Mapped[datetime] = mapped_column(DateTime)
    last_at: Mapped[datetime] = mapped_column(DateTime)
    records: Mapped[int] = mapped_column(Integer)
    sources: Mapped[str] = mapped_column(String(40))  # the channels it arrived through, comma-separated
    text: Mapped[str] = mapped_column(Text)  # the first record's masked text


class FeedLink(Base):
    """A record linked to a project: score, the words that matched, automatic or waiting for confirmation."""

    __tablename__ = "feed_links"
    __table_args__ = (
        UniqueConstraint("record_id", "project_id", name="uq_feed_links_record_project"),
        Index("ix_feed_links_project_status", "project_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    score: Mapped[float] = mapped_column(Float)
    words: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(12))  # auto / pending / confirmed / rejected
    month_key: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    category: Mapped[str] = mapped_column(String(32))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)


class FeedMonthly(Base):
    """Monthly pre-aggregates (by source, region, category, project; project 0 = all records) that the
    dashboard and the 月通报 read instead of scanning the records."""

    __tablename__ = "feed_monthly"
    __table_args__ = (
        UniqueConstraint("month_key", "source", "region", "category", "project_id", name="uq_feed_monthly_group"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month_key: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    region: Mapped[str] = mapped_column(String(50))  # '' when the record names none
    category: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int] = mapped_column(Integer)  # 0: not by project
    records: Mapped[int] = mapped_column(Integer)
    timely: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    rated: Mapped[int] = mapped_column(Integer)
    satisfied: Mapped[int] = mapped_column(Integer)
    unsatisfied: Mapped[int] = mapped_column(Integer)
    joint: Mapped[int] = mapped_column(Integer)
    collective: Mapped[int] = mapped_column(Integer)
    repeat: Mapped[int] = mapped_column(Integer)
    resolved: Mapped[int] = mapped_column(Integer)


class FeedSignal(Base):
    """A signal raised by a run of ``feeds signals`` (kept, so the 日研判单 can say what is new)."""

    __tablename__ = "feed_signals"
    __table_args__ = (Index("ix_feed_signals_as_of", "as_of"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[str] = mapped_column(String(10))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    project_code: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(50))
    category: Mapped[str | None] = mapped_column(String(32))
    window: Mapped[str] = mapped_column(String(21))
    count: Mapped[int] = mapped_column(Integer)
    baseline: Mapped[int | None] = mapped_column(Integer)
    change: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str] = mapped_column(String(4))
    method: Mapped[str] = mapped_column(String(40))
    record_ids: Mapped[Any] = mapped_column(JSON)  # up to 50 records behind the signal
    created_at: Mapped[datetime] = mapped_column(DateTime)


class FeedSample(Base):
    """A 季核查 sample of closed records for follow-up calls, reproducible from its recorded seed."""

    __tablename__ = "feed_samples"
    __table_args__ = (UniqueConstraint("period", name="uq_feed_samples_period"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(10))  # 2026Q3
    seed: Mapped[int] = mapped_column(BigInteger)
    size: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    record_ids: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# --- 后评估: outcomes and incidents (issue 15) --------------------------------------------------
class TrackingPeriod(Base):
    """The tracking period (跟踪期) of an implemented assessment: from the decision to implement for the
    standard's number of months. Append-only: a correction is a new row, the latest row counts."""

    __tablename__ = "outcome_tracking"
    __table_args__ = (
        CheckConstraint("months >= 1 AND months <= 120", name="months_range"),
        CheckConstraint("decision_source IN ('verdict', 'register', 'recorded')", name="source_known"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # 实施 / 调整方案后实施 / 暂缓实施 (implemented after measures)
    decision_source: Mapped[str] = mapped_column(String(16))  # verdict / register / recorded
    decided_at: Mapped[datetime] = mapped_column(DateTime)  # the day of the decision (midnight)
    months: Mapped[int] = mapped_column(Integer)
    ends_at: Mapped[datetime] = mapped_column(DateTime)  # the first day after the period
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Incident(Base):
    """An incident after implementation (群体性事件 / 集体上访 / 个人极端事件 / 负面舆情 / 诉讼复议), entered by
    the organizer. Append-only: a wrong entry is withdrawn by a new row naming it (``withdraws_id``)."""

    __tablename__ = "outcome_incidents"
    __table_args__ = (
        CheckConstraint("people >= 0", name="people_nonneg"),
        CheckConstraint(
            "kind IN ('群体性事件', '集体上访', '个人极端事件', '负面舆情', '诉讼复议')", name="kind_known"
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)  # the day (midnight)
    kind: Mapped[str] = mapped_column(String(16))
    people: Mapped[int] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    withdraws_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_incidents.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


make_append_only(TrackingPeriod, Incident)


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
