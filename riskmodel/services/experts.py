"""The expert library (专家库), declared conflicts, and the audited draw of a panel (issue 11).

**Library**: experts with category (社科研究 / 工程技术 / 综合管理), field, organisation, title, years of
experience, availability; ``username`` links an entry to an expert account of the same name when one
exists. Imported from CSV/XLSX (every row checked, nothing stored unless all are valid, re-import updates
by username) or edited on the admin page.

**Draw** (``draw``): the pool is every available library expert; recusal is automatic and listed with
its reason — a declared conflict (expert × assessment, or the account's declaration on the panel), the
same organisation as the project's owner (the linked matter's 决策或申报单位) or as the 评估主体 (the
registered firm of the link, else the organizer's organisation), and a name (or organisation) that is a
node of the project's latest stakeholder network. The system makes the seed; ``model.draw.draw_panel``
picks the panel (one per category, then the rest across fields) to the standard's panel size. The draw,
its seed, the pool and its SHA-256 are stored and audited, so ``replay`` gives the same panel. A second
draw needs a written reason and is kept beside the first; a substitute for an expert who declines is
drawn the same way from the same library (``substitute``). Drawn experts with an account join the panel.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, ValidationError
from riskmodel.model.draw import Candidate, draw_panel, pool_from_text, pool_text, text_hash
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, open_round
from riskmodel.services.assessments import mark_stale
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.imports import parse_keyed_rows
from riskmodel.services.questionnaires import parse_version
from riskmodel.services.validation import RowProblem, RowsInvalid
from riskmodel.services.views.register import CATEGORIES, DrawView, ExpertView, ImportCounts, Recusal, ReplayView
from riskmodel.store.db import Store
from riskmodel.store.models import (
    Assessment,
    Assessor,
    ExpertConflict,
    ExpertDraw,
    ExpertParticipation,
    LibraryExpert,
    NetworkVersion,
    PanelMember,
    Project,
    QuestionnaireVersion,
    Rating,
    RegisterLink,
    RegisterMatter,
    Round,
    Submission,
    User,
)

COLUMNS = ("username", "name", "category", "field", "organisation", "title", "years", "available")
REQUIRED = ("username", "name", "category", "field", "organisation")
ALIASES = {
    "账号": "username",
    "用户名": "username",
    "编号": "username",
    "姓名": "name",
    "类别": "category",
    "专家类别": "category",
    "领域": "field",
    "专业领域": "field",
    "单位": "organisation",
    "工作单位": "organisation",
    "organization": "organisation",
    "职称": "title",
    "年限": "years",
    "从业年限": "years",
    "可抽取": "available",
    "是否可用": "available",
}
LIMITS = {"username": 64, "name": 100, "field": 100, "organisation": 200, "title": 100}
YES = {"", "1", "true", "yes", "y", "是", "可", "可用"}
NO = {"0", "false", "no", "n", "否", "不可", "不可用"}
LIBRARY_ROLES = ("admin",)
DRAW_ROLES = ("organizer", "admin")


# --- the library -------------------------------------------------------------------------------------
def check_expert(fields: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    out: dict[str, Any] = {}
    problems: list[tuple[str, dict[str, Any]]] = []
    for name in COLUMNS:
        raw = fields.get(name)
        value = "" if raw is None else (raw.strip() if isinstance(raw, str) else raw)
        if name in REQUIRED and value in ("", None):
            problems.append(("register.rows.missing", {"column": name}))
            continue
        if name in LIMITS and len(str(value)) > LIMITS[name]:
            problems.append(("register.rows.too_long", {"column": name, "max": LIMITS[name], "value": str(value)[:40]}))
            continue
        if name == "category" and value not in CATEGORIES:
            problems.append(
                ("register.rows.bad_choice", {"column": name, "value": value, "allowed": "、".join(CATEGORIES)})
            )
        elif name == "years":
            text = str(value).strip()
            if isinstance(value, float) and value.is_integer():
                text = str(int(value))
            if text == "":
                out[name] = 0
            elif text.isdigit() and int(text) <= 80:
                out[name] = int(text)
            else:
                problems.append(("register.rows.bad_years", {"value": text[:20]}))
            continue
        elif name == "available":
            text = str(value).strip().lower() if not isinstance(value, bool) else ("1" if value else "0")
            if text in YES:
                out[name] = True
            elif text in NO:
                out[name] = False
            else:
                problems.append(("register.rows.bad_bool", {"column": name, "value": text[:20]}))
            continue
        out[name] = str(value) if value not in ("", None) else None
    return out, problems


def parse_experts_file(path: str | Path, data: bytes | None = None) -> list[dict[str, Any]]:
    """The experts of a CSV/XLSX file, every row checked; RowsInvalid names each bad row and value."""
    return parse_keyed_rows(
        path, data, aliases=ALIASES, columns=COLUMNS, required=REQUIRED, check_row=check_expert, key="username"
    )


def import_experts(store: Store, actor: Actor, path: str | Path, data: bytes | None = None) -> ImportCounts:
    require_role(actor, *LIBRARY_ROLES)
    entries = parse_experts_file(path, data if data is not None else Path(path).read_bytes())

    def _import(s: Session) -> ImportCounts:
        existing = {e.username: e for e in s.execute(select(LibraryExpert)).scalars()}
        stamp = now()
        created = updated = 0
        new_rows = []
        for e in entries:
            row = existing.get(e["username"])
            if row is None:
                new_rows.append({**e, "created_at": stamp, "updated_at": stamp})
                created += 1
            elif any(getattr(row, k) != e[k] for k in COLUMNS):
                for k in COLUMNS:
                    setattr(row, k, e[k])
                row.updated_at = stamp
                updated += 1
        if new_rows:
            s.execute(insert(LibraryExpert), new_rows)
        audit.record(
            s, actor, "expert.import", "expert_library", None, file=Path(path).name, created=created, updated=updated
        )
        return ImportCounts(len(entries), created, updated)

    return store.write(_import)


def save_expert(store: Store, actor: Actor, fields: dict[str, Any]) -> ExpertView:
    require_role(actor, *LIBRARY_ROLES)
    clean, problems = check_expert(fields)
    if problems:
        raise RowsInvalid(clean.get("username") or "form", [RowProblem(1, k, p) for k, p in problems])

    def _save(s: Session) -> ExpertView:
        row = s.execute(select(LibraryExpert).where(LibraryExpert.username == clean["username"])).scalar_one_or_none()
        stamp = now()
        if row is None:
            row = LibraryExpert(**clean, created_at=stamp, updated_at=stamp)
            s.add(row)
        else:
            for k, v in clean.items():
                setattr(row, k, v)
            row.updated_at = stamp
        s.flush()
        audit.record(s, actor, "expert.save", "expert_library", row.username, **clean)
        return _expert_views(s, [row])[0]

    return store.write(_save)


LATE_DAYS = 7  # a round's first submission more than this many days after the round opened counts as late


def _expert_views(s: Session, rows: list[LibraryExpert]) -> list[ExpertView]:
    """Library entries with their record: assessments taken part in (drawn, or on the panel through the
    linked account), declines, and rounds answered late (first submission > ``LATE_DAYS`` after opening)."""
    names = [r.username for r in rows]
    users = (
        dict(s.execute(select(User.username, User.id).where(User.username.in_(names), User.role == "expert")).all())
        if names
        else {}
    )
    took: dict[str, set[int]] = {n: set() for n in names}
    declined: dict[str, int] = {}
    by_id = {r.id: r.username for r in rows}
    for eid, aid, status in s.execute(
        select(ExpertParticipation.expert_id, ExpertParticipation.assessment_id, ExpertParticipation.status).where(
            ExpertParticipation.expert_id.in_(list(by_id))
        )
    ):
        if status == "declined":
            declined[by_id[eid]] = declined.get(by_id[eid], 0) + 1
        else:
            took[by_id[eid]].add(aid)
    account_of = {uid: name for name, uid in users.items()}
    late: dict[str, int] = {}
    if account_of:
        for uid, aid in s.execute(
            select(PanelMember.user_id, PanelMember.assessment_id).where(PanelMember.user_id.in_(list(account_of)))
        ):
            took[account_of[uid]].add(aid)
        for uid, opened, first in s.execute(
            select(Submission.user_id, Round.opened_at, func.min(Submission.submitted_at))
            .join(Round, Round.id == Submission.round_id)
            .where(Submission.user_id.in_(list(account_of)))
            .group_by(Submission.user_id, Submission.round_id, Round.opened_at)
        ):
            if opened is not None and first is not None and (first - opened).days > LATE_DAYS:
                late[account_of[uid]] = late.get(account_of[uid], 0) + 1
    return [
        ExpertView(
            id=r.id,
            username=r.username,
            name=r.name,
            category=r.category,
            field=r.field,
            organisation=r.organisation,
            title=r.title,
            years=r.years,
            available=r.available,
            has_account=r.username in users,
            participations=len(took.get(r.username, ())),
            declined=declined.get(r.username, 0),
            late=late.get(r.username, 0),
        )
        for r in rows
    ]


def list_experts(store: Store, *, category: str | None = None) -> list[ExpertView]:
    with store.read() as s:
        q = select(LibraryExpert).order_by(LibraryExpert.category, LibraryExpert.username)
        if category:
            q = q.where(LibraryExpert.category == category)
        return _expert_views(s, list(s.execute(q).scalars()))


def _expert(s: Session, username: str) -> LibraryExpert:
    row = s.execute(select(LibraryExpert).where(LibraryExpert.username == username.strip())).scalar_one_or_none()
    if row is None:
        raise NotFoundError("register.expert.not_found", username=username)
    return row


def declare_conflict(store: Store, actor: Actor, username: str, assessment_id: int, reason: str) -> None:
    """Record a conflict of interest of a library expert with an assessment (he is then always recused)."""
    require_role(actor, "organizer", "admin", "expert")
    if not (reason or "").strip():
        raise ValidationError("register.conflict.reason_required")
    if actor.role == "expert" and not actor.is_system and actor.username != username:
        raise DomainError("register.conflict.own_only", username=username)

    def _declare(s: Session) -> None:
        e = _expert(s, username)
        a = assessment_row(s, assessment_id)
        row = s.execute(
            select(ExpertConflict).where(ExpertConflict.expert_id == e.id, ExpertConflict.assessment_id == a.id)
        ).scalar_one_or_none()
        if row is None:
            s.add(
                ExpertConflict(
                    expert_id=e.id,
                    assessment_id=a.id,
                    reason=reason.strip(),
                    declared_at=now(),
                    declared_by=actor.username,
                )
            )
        else:
            row.reason = reason.strip()
        s.flush()
        audit.record(s, actor, "expert.conflict", "assessment", a.id, expert=e.username, reason=reason.strip())

    store.write(_declare)


# --- recusal ----------------------------------------------------------------------------------------
def _norm(text: str | None) -> str:
    return "".join((text or "").split())


def recusals(s: Session, a: Assessment, experts: list[Any]) -> list[Recusal]:
    """Every expert of ``experts`` who must stand aside for assessment ``a``, with the first reason found."""
    out: dict[str, Recusal] = {}
    by_id = {e[0]: e[1] for e in experts}
    for eid, reason in s.execute(
        select(ExpertConflict.expert_id, ExpertConflict.reason).where(ExpertConflict.assessment_id == a.id)
    ):
        if eid in by_id:
            out.setdefault(by_id[eid], Recusal(by_id[eid], "declared_conflict", reason))
    for username, statement in s.execute(
        select(User.username, PanelMember.conflict_statement)
        .join(PanelMember, PanelMember.user_id == User.id)
        .where(PanelMember.assessment_id == a.id, PanelMember.has_conflict.is_(True))
    ):
        out.setdefault(username, Recusal(username, "declared_conflict", statement or ""))
    owners: set[str] = set()
    assessors: set[str] = set()
    link = s.get(RegisterLink, a.id)
    if link is not None:
        matter = s.get(RegisterMatter, link.matter_id)
        if matter is not None:
            owners.add(_norm(matter.department))
        if link.assessor_id is not None:
            firm = s.get(Assessor, link.assessor_id)
            if firm is not None:
                assessors.add(_norm(firm.name))
    if a.created_by_id is not None:
        creator = s.get(User, a.created_by_id)
        if creator is not None and creator.organization:
            assessors.add(_norm(creator.organization))
    owners.discard("")
    assessors.discard("")
    nodes: set[str] = set()
    network = s.execute(
        select(NetworkVersion.data)
        .where(NetworkVersion.project_id == a.project_id)
        .order_by(NetworkVersion.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    if isinstance(network, dict):
        nodes = {_norm(str(n.get("name"))) for n in network.get("nodes", []) if isinstance(n, dict) and n.get("name")}
    if not (owners or assessors or nodes):
        return sorted(out.values(), key=lambda r: r.username)
    norm: dict[str, str] = {}  # organisations repeat: normalise each once
    for e in experts:
        username, name, organisation = e[1], e[2], e[5]
        if username in out:
            continue
        org = norm.get(organisation)
        if org is None:
            org = norm[organisation] = _norm(organisation)
        if org and org in owners:
            out[username] = Recusal(username, "same_organisation_owner", organisation)
        elif org and org in assessors:
            out[username] = Recusal(username, "same_organisation_assessor", organisation)
        elif nodes and (_norm(name) in nodes or (org and org in nodes)):
            out[username] = Recusal(username, "network_node", name if _norm(name) in nodes else organisation)
    return sorted(out.values(), key=lambda r: r.username)


# --- the draw ---------------------------------------------------------------------------------------
def _size(s: Session, a: Assessment) -> int:
    version = s.get(QuestionnaireVersion, a.questionnaire_version_id)
    assert version is not None
    q = parse_version(version)
    p = s.get(Project, a.project_id)
    return q.required_panel_size(p.type if p else None, p.investment_wan if p else None)


_POOL_CACHE: dict[tuple[str, tuple[Any, ...]], tuple[list[Any], list[Candidate], str, str]] = {}


def _pool(s: Session) -> list[Any]:
    """The available experts as plain rows (id, username, name, category, field, organisation): a draw
    from 10,000 experts never builds 10,000 ORM objects."""
    return _pool_parts(s)[0]


def _pool_parts(s: Session) -> tuple[list[Any], list[Candidate], str, str]:
    """Rows, candidates, canonical text and hash of the pool — kept per library version (count, latest
    change, ids, lengths of the drawn attributes) so consecutive draws from an unchanged library of 10,000
    read one row, not 10,000. The draw stores the text it drew from, so a replay never depends on this."""
    e = LibraryExpert
    version = tuple(
        s.execute(
            select(
                func.count(e.id),
                func.max(e.updated_at),
                func.sum(e.id),
                func.sum(func.length(e.category) + func.length(e.field) + func.length(e.organisation)),
            ).where(e.available.is_(True))
        ).one()
    )
    key = (str(s.get_bind().engine.url), version)
    cached = _POOL_CACHE.get(key)
    if cached is None:
        rows = list(
            s.execute(
                select(e.id, e.username, e.name, e.category, e.field, e.organisation)
                .where(e.available.is_(True))
                .order_by(e.username)
            ).all()
        )
        pool = [Candidate(r[1], r[3], r[4], r[5]) for r in rows]
        text = pool_text(pool)
        cached = (rows, pool, text, text_hash(text))
        if len(_POOL_CACHE) > 8:
            _POOL_CACHE.clear()
        _POOL_CACHE[key] = cached
    return cached


def _draw_view(s: Session, d: ExpertDraw) -> DrawView:
    panel = tuple(d.panel or ())
    accounts = set(s.execute(select(User.username).where(User.username.in_(panel), User.role == "expert")).scalars())
    rule = d.rule or {}
    return DrawView(
        draw_id=d.id,
        assessment_id=d.assessment_id,
        number=d.number,
        kind=d.kind,
        panel=panel,
        recused=tuple(Recusal(r["username"], r["reason"], r.get("detail", "")) for r in d.recused or ()),
        pool_size=d.pool_size,
        pool_hash=d.pool_hash,
        seed=d.seed,
        size=d.size,
        strata=tuple(rule.get("strata", ())),
        shortfall=tuple(d.shortfall or ()),
        reason=d.reason,
        drawn_at=d.drawn_at.isoformat(timespec="seconds"),
        drawn_by=d.drawn_by,
        declined=d.declined,
        without_account=tuple(u for u in panel if u not in accounts),
    )


def current_panel(s: Session, assessment_id: int) -> list[str]:
    """The drawn panel as it stands: the latest draw's panel with its substitutes applied."""
    draws = list(
        s.execute(
            select(ExpertDraw).where(ExpertDraw.assessment_id == assessment_id).order_by(ExpertDraw.number)
        ).scalars()
    )
    panel: list[str] = []
    for d in draws:
        if d.kind == "draw":
            panel = list(d.panel or ())
        elif d.declined in panel:
            i = panel.index(d.declined)
            if d.panel:
                panel[i] = d.panel[0]
            else:
                panel.pop(i)
    return panel


def _check_drawable(s: Session, a: Assessment) -> None:
    workflow.check(a, "edit_setup")
    if open_round(s, a.id) is not None:
        raise DomainError("store.panel.round_open", id=a.id)
    rated = s.execute(select(func.count()).select_from(Rating).where(Rating.assessment_id == a.id)).scalar_one()
    if rated:
        raise DomainError("register.draw.already_rated", id=a.id)


def _sync_panel(s: Session, a: Assessment, before: list[str], after: list[str]) -> None:
    """Panel members follow the drawn panel: drawn experts with an account join, replaced ones leave."""
    users = {
        u.username: u for u in s.execute(select(User).where(User.username.in_(set(before) | set(after)))).scalars()
    }
    for name in set(before) - set(after):
        u = users.get(name)
        if u is None:
            continue
        m = s.execute(
            select(PanelMember).where(PanelMember.assessment_id == a.id, PanelMember.user_id == u.id)
        ).scalar_one_or_none()
        if m is not None:
            s.delete(m)
    experts = {
        e.username: e for e in s.execute(select(LibraryExpert).where(LibraryExpert.username.in_(after))).scalars()
    }
    for name in after:
        u = users.get(name)
        if u is None or u.role != "expert" or not u.active:
            continue
        exists_ = s.execute(
            select(PanelMember.id).where(PanelMember.assessment_id == a.id, PanelMember.user_id == u.id)
        ).first()
        if exists_ is None:
            field = experts[name].field if name in experts else u.field
            s.add(
                PanelMember(
                    assessment_id=a.id, user_id=u.id, field=field, ca=1.0, cs=1.0, has_conflict=False, added_at=now()
                )
            )
    s.flush()
    mark_stale(s, a.id)


def _participation(s: Session, usernames: list[str], a: Assessment, draw_id: int, status: str) -> None:
    for e in s.execute(select(LibraryExpert).where(LibraryExpert.username.in_(usernames))).scalars():
        s.add(ExpertParticipation(expert_id=e.id, assessment_id=a.id, draw_id=draw_id, status=status, at=now()))


def _next_number(s: Session, assessment_id: int) -> int:
    n = s.execute(select(func.max(ExpertDraw.number)).where(ExpertDraw.assessment_id == assessment_id)).scalar_one()
    return int(n or 0) + 1


def draw(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    reason: str | None = None,
    strata: tuple[str, ...] = CATEGORIES,
    seed: str | None = None,
) -> DrawView:
    """Draw the panel of an assessment (in 草稿 or before any rating). A second draw needs ``reason``."""
    require_role(actor, *DRAW_ROLES)
    the_seed = seed or secrets.token_hex(8)

    def _draw(s: Session) -> DrawView:
        a = assessment_row(s, assessment_id, lock=True)
        _check_drawable(s, a)
        earlier = s.execute(
            select(func.count())
            .select_from(ExpertDraw)
            .where(ExpertDraw.assessment_id == a.id, ExpertDraw.kind == "draw")
        ).scalar_one()
        if earlier and not (reason or "").strip():
            raise ValidationError("register.draw.reason_required", id=a.id)
        before = current_panel(s, a.id)
        experts, pool, text, digest = _pool_parts(s)
        recused = recusals(s, a, experts)
        size = _size(s, a)
        outcome = draw_panel(pool, [r.username for r in recused], size, strata, the_seed)
        d = ExpertDraw(
            assessment_id=a.id,
            number=_next_number(s, a.id),
            kind="draw",
            reason=(reason or "").strip() or None,
            seed=the_seed,
            size=size,
            rule={"strata": list(strata), "exclude": []},
            pool=text,
            pool_hash=digest,
            pool_size=len(pool),
            panel=list(outcome.panel),
            recused=[{"username": r.username, "reason": r.reason, "detail": r.detail} for r in recused],
            shortfall=list(outcome.shortfall),
            drawn_at=now(),
            drawn_by=actor.username,
        )
        s.add(d)
        s.flush()
        _participation(s, list(outcome.panel), a, d.id, "drawn")
        _sync_panel(s, a, before, list(outcome.panel))
        audit.record(
            s,
            actor,
            "expert.draw",
            "assessment",
            a.id,
            draw_id=d.id,
            number=d.number,
            seed=d.seed,
            pool_hash=d.pool_hash,
            pool_size=d.pool_size,
            size=size,
            strata=list(strata),
            panel=d.panel,
            recused=d.recused,
            shortfall=d.shortfall,
            reason=d.reason,
        )
        return _draw_view(s, d)

    return store.write(_draw)


def substitute(store: Store, actor: Actor, draw_id: int, declined: str, reason: str) -> DrawView:
    """Draw a substitute for a drawn expert who declines, the same way (same category first)."""
    require_role(actor, *DRAW_ROLES)
    if not (reason or "").strip():
        raise ValidationError("register.draw.substitute_reason")
    the_seed = secrets.token_hex(8)

    def _sub(s: Session) -> DrawView:
        parent = s.get(ExpertDraw, int(draw_id))
        if parent is None:
            raise NotFoundError("register.draw.not_found", id=draw_id)
        a = assessment_row(s, parent.assessment_id, lock=True)
        _check_drawable(s, a)
        panel = current_panel(s, a.id)
        if declined not in panel:
            raise DomainError("register.draw.not_on_panel", username=declined)
        gone = {
            str(u)
            for u in s.execute(
                select(ExpertDraw.declined).where(ExpertDraw.assessment_id == a.id, ExpertDraw.declined.is_not(None))
            ).scalars()
        }
        exclude = sorted(set(panel) | gone | {declined})
        experts, pool, text, digest = _pool_parts(s)
        recused = recusals(s, a, experts)
        category = next((e[3] for e in experts if e[1] == declined), None)
        strata = [category] if category else []
        outcome = draw_panel(pool, [r.username for r in recused], 1, strata, the_seed, exclude=exclude)
        d = ExpertDraw(
            assessment_id=a.id,
            number=_next_number(s, a.id),
            kind="substitute",
            parent_id=parent.id,
            declined=declined,
            reason=reason.strip(),
            seed=the_seed,
            size=1,
            rule={"strata": strata, "exclude": exclude},
            pool=text,
            pool_hash=digest,
            pool_size=len(pool),
            panel=list(outcome.panel),
            recused=[{"username": r.username, "reason": r.reason, "detail": r.detail} for r in recused],
            shortfall=list(outcome.shortfall),
            drawn_at=now(),
            drawn_by=actor.username,
        )
        s.add(d)
        s.flush()
        _participation(s, [declined], a, d.id, "declined")
        _participation(s, list(outcome.panel), a, d.id, "drawn")
        after = (
            [(outcome.panel[0] if u == declined else u) for u in panel]
            if outcome.panel
            else [u for u in panel if u != declined]
        )
        _sync_panel(s, a, panel, after)
        audit.record(
            s,
            actor,
            "expert.substitute",
            "assessment",
            a.id,
            draw_id=d.id,
            parent=parent.id,
            declined=declined,
            reason=d.reason,
            seed=d.seed,
            pool_hash=d.pool_hash,
            panel=d.panel,
            recused=d.recused,
        )
        return _draw_view(s, d)

    return store.write(_sub)


def replay(store: Store, draw_id: int) -> ReplayView:
    """Draw again from what the draw stored (pool, recusals, rule, seed): the same panel, or a mismatch."""
    with store.read() as s:
        d = s.get(ExpertDraw, int(draw_id))
        if d is None:
            raise NotFoundError("register.draw.not_found", id=draw_id)
        pool = pool_from_text(d.pool)
        rule = d.rule or {}
        outcome = draw_panel(
            pool,
            [r["username"] for r in d.recused or ()],
            d.size,
            tuple(rule.get("strata", ())),
            d.seed,
            exclude=rule.get("exclude", ()),
        )
        return ReplayView(
            draw_id=d.id,
            panel=outcome.panel,
            recorded_panel=tuple(d.panel or ()),
            pool_hash=d.pool_hash,
            pool_hash_ok=text_hash(d.pool) == d.pool_hash and text_hash(pool_text(pool)) == d.pool_hash,
            seed=d.seed,
        )


def list_draws(store: Store, assessment_id: int) -> list[DrawView]:
    with store.read() as s:
        return [
            _draw_view(s, d)
            for d in s.execute(
                select(ExpertDraw).where(ExpertDraw.assessment_id == int(assessment_id)).order_by(ExpertDraw.number)
            ).scalars()
        ]


def panel_now(store: Store, assessment_id: int) -> list[str]:
    with store.read() as s:
        return current_panel(s, int(assessment_id))


def required_size(store: Store, assessment_id: int) -> int:
    """The panel size the assessment's standard asks for (``panel_rule``)."""
    with store.read() as s:
        return _size(s, assessment_row(s, assessment_id))


def pool_size(store: Store) -> int:
    with store.read() as s:
        return int(
            s.execute(select(func.count(LibraryExpert.id)).where(LibraryExpert.available.is_(True))).scalar_one()
        )


def preview_recusals(store: Store, assessment_id: int) -> list[Recusal]:
    with store.read() as s:
        return recusals(s, assessment_row(s, assessment_id), _pool(s))
