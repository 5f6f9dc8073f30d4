"""Append-only audit log: a keyed hash chain that vouches for the records behind it.

Each entry stores ``hash = HMAC-SHA256(key, canonical JSON of {seq, at, actor, action, entity, entity_id,
details, prev_hash, alg, record})``; ``prev_hash`` is the previous entry's hash (``0``×64 for the first).
The key lives outside the database (``riskmodel.keys.key_for("audit", store.url)``), so someone who can
edit the database cannot re-chain a forged history; ``alg`` = ``hmac-sha256:<key id>`` names the key, so
rotated keys keep verifying (``keys.keyring``). ``record`` holds the snapshots of the verdicts, rating
submissions, users and measures the entry's transaction wrote (``store/records.py``), collected from the
session automatically — so ``verify_audit`` also proves that those tables still say what the chain
recorded, and names a row changed, deleted or added in SQL.

Entries written before the chain was keyed keep ``alg = sha256`` (plain SHA-256 of the first eight fields,
as they were written). Migration 0002 sealed them: it appended one keyed entry ``audit.seal`` whose
``prev_hash`` is the old head and whose record snapshots every covered row of that moment. A legacy entry
is therefore only accepted before the seal — a forged all-SHA-256 chain without a keyed seal fails.

Appends lock the single ``audit_head`` row, so concurrent writers on PostgreSQL cannot fork the chain
(SQLite writers are serialised by ``BEGIN IMMEDIATE`` anyway). Signed checkpoints of the head, kept
outside the database, catch a cut or re-chained tail even by someone holding the key (``checkpoint.py``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from riskmodel import keys
from riskmodel.domain import Role
from riskmodel.errors import PermissionDenied
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.audit import AuditEntryView
from riskmodel.store import records
from riskmodel.store.db import Store
from riskmodel.store.models import AuditEntry, AuditHead, Measure, Submission, User, Verdict

GENESIS_HASH = "0" * 64
ALG_LEGACY = "sha256"
ALG_HMAC = "hmac-sha256"
SEAL_ACTION = "audit.seal"
_TOUCHED = "riskmodel_audit_touched"
_COVERED_CLASSES: dict[type, str] = {User: "users", Verdict: "verdicts", Submission: "submissions", Measure: "measures"}


def canonical_json(value: Any) -> str:
    """The one text form used for hashing and backups: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


_FIELDS = ("seq", "at", "actor", "action", "entity", "entity_id", "details", "prev_hash")


def legacy_entry_hash(*fields: Any) -> str:
    """The unkeyed SHA-256 of the entries written before the chain was keyed (kept to verify them): of
    (seq, at, actor, action, entity, entity_id, details, prev_hash)."""
    payload = dict(zip(_FIELDS, fields, strict=True))
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def keyed_entry_hash(key: bytes, *fields: Any, alg: str, record: str | None) -> str:
    """HMAC-SHA256 of the same eight fields plus the entry's algorithm marker and record."""
    payload = {**dict(zip(_FIELDS, fields, strict=True)), "alg": alg, "record": record}
    return hmac.new(key, canonical_json(payload).encode("utf-8"), hashlib.sha256).hexdigest()


def hmac_alg(key: bytes) -> str:
    return f"{ALG_HMAC}:{keys.key_id(key)}"


def _url_of(session: Session) -> str:
    bind = session.get_bind()
    return bind.engine.url.render_as_string(hide_password=False)


# --- which covered rows a transaction wrote --------------------------------------------------------
@event.listens_for(Session, "after_flush")
def _collect_touched(session: Session, _flush_context) -> None:
    """Remember the covered rows (verdicts, submissions, users, measures) this transaction wrote."""
    touched: set[tuple[str, int]] | None = None
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = _COVERED_CLASSES.get(type(obj))
        if table is None:
            continue
        if touched is None:
            touched = session.info.setdefault(_TOUCHED, set())
        touched.add((table, obj.id))


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_commit")
def _forget_touched(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


def cover(session: Session, table: str, row_id: int) -> None:
    """Have the next ``record`` snapshot a covered row written without the ORM (a Core insert)."""
    if table not in records.COVERED:
        raise ValueError(f"{table} is not a covered table")
    session.info.setdefault(_TOUCHED, set()).add((table, int(row_id)))


def _record_text(session: Session) -> str | None:
    touched: set[tuple[str, int]] = session.info.pop(_TOUCHED, set())
    if not touched:
        return None
    wanted: dict[str, list[int]] = {}
    for table, row_id in touched:
        wanted.setdefault(table, []).append(row_id)
    found = records.current_snapshots(session.connection(), wanted)
    out: dict[str, dict[str, Any]] = {}
    for table, ids in wanted.items():
        rows = found.get(table, {})
        out[table] = {str(i): rows.get(i) for i in sorted(set(ids))}  # None: the row was deleted
    return canonical_json(out)


# --- appending ------------------------------------------------------------------------------------
def record(
    session: Session, actor: Actor, action: str, entity: str, entity_id: Any = None, **details: Any
) -> AuditEntry:
    """Append one entry inside the caller's transaction (call it last: it holds the head lock)."""
    session.flush()
    key = keys.key_for("audit", _url_of(session))
    alg = hmac_alg(key)
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    seq = head.last_seq + 1
    at = now().isoformat(timespec="microseconds")
    text = canonical_json(details)
    eid = None if entity_id is None else str(entity_id)
    snapshot_text = _record_text(session)
    digest = keyed_entry_hash(
        key, seq, at, actor.username, action, entity, eid, text, head.last_hash, alg=alg, record=snapshot_text
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor.username,
        action=action,
        entity=entity,
        entity_id=eid,
        details=text,
        prev_hash=head.last_hash,
        hash=digest,
        alg=alg,
        record=snapshot_text,
    )
    session.add(entry)
    head.last_seq = seq
    head.last_hash = digest
    session.flush()
    session.info.pop(_TOUCHED, None)  # the entry's own flush touches nothing covered
    return entry


# --- verification ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditBreak:
    """The first place where the chain, or a table it vouches for, does not hold, and why.

    ``reason``: hash_mismatch / prev_mismatch / gap / head_mismatch / legacy_after_keyed / unsealed_legacy /
    unknown_key (the chain); row_changed / row_deleted / row_unrecorded (a covered table, with ``table``,
    ``row``, ``field``, ``recorded`` and ``found``); checkpoint_cut / checkpoint_rechained (a checkpoint).
    """

    seq: int
    reason: str
    table: str | None = None
    row: int | None = None
    field: str | None = None
    recorded: Any = None
    found: Any = None

    def as_dict(self) -> dict:
        return asdict(self)

    def params(self) -> dict[str, Any]:
        return {k: ("—" if v is None else v) for k, v in asdict(self).items()}


EntryRow = tuple[int, str, str, str, str, str | None, str, str, str, str | None, str]  # … alg, record, hash


@dataclass
class ChainChecker:
    """Walks entries in order (from the database or a backup) and keeps what they recorded."""

    ring: dict[str, bytes]
    prev_hash: str = GENESIS_HASH
    expected: int = 1
    keyed_seen: bool = False
    legacy_pending: int | None = None  # seq of the first legacy entry not yet followed by a seal
    recorded: dict[str, dict[int, Any]] = field(default_factory=dict)

    def feed(self, e: EntryRow) -> AuditBreak | None:
        seq, at, actor, action, entity, entity_id, details, prev_hash, alg, record_text, digest = e
        if seq != self.expected:
            return AuditBreak(self.expected, "gap")
        if prev_hash != self.prev_hash:
            return AuditBreak(seq, "prev_mismatch")
        if alg == ALG_LEGACY:
            if self.keyed_seen:
                return AuditBreak(seq, "legacy_after_keyed")
            if record_text is not None:
                return AuditBreak(seq, "hash_mismatch")
            if legacy_entry_hash(seq, at, actor, action, entity, entity_id, details, prev_hash) != digest:
                return AuditBreak(seq, "hash_mismatch")
            if self.legacy_pending is None:
                self.legacy_pending = seq
        else:
            name, _, kid = alg.partition(":")
            key = self.ring.get(kid) if name == ALG_HMAC else None
            if key is None:
                return AuditBreak(seq, "unknown_key")
            want = keyed_entry_hash(
                key, seq, at, actor, action, entity, entity_id, details, prev_hash, alg=alg, record=record_text
            )
            if not hmac.compare_digest(want, digest):
                return AuditBreak(seq, "hash_mismatch")
            if self.legacy_pending is not None:
                if action != SEAL_ACTION:
                    return AuditBreak(self.legacy_pending, "unsealed_legacy")
                self.legacy_pending = None
            self.keyed_seen = True
            if record_text:
                for table, rows in json.loads(record_text).items():
                    self.recorded.setdefault(table, {}).update({int(k): v for k, v in rows.items()})
        self.prev_hash = digest
        self.expected += 1
        return None

    def finish(self, head_seq: int, head_hash: str) -> AuditBreak | None:
        last = self.expected - 1
        if self.legacy_pending is not None:
            return AuditBreak(self.legacy_pending, "unsealed_legacy")
        if last != head_seq or self.prev_hash != head_hash:  # entries cut off the end, or added behind the head
            return AuditBreak(min(last, head_seq) + 1, "head_mismatch")
        return None

    def compare(self, current: dict[str, dict[int, Any]]) -> AuditBreak | None:
        """The first covered row whose current state differs from what the chain last recorded."""
        problems: list[tuple[str, int, AuditBreak]] = []
        for table in records.COVERED:
            recorded = self.recorded.get(table, {})
            now_rows = current.get(table, {})
            for row_id in sorted(recorded.keys() | now_rows.keys()):
                want, have = recorded.get(row_id), now_rows.get(row_id)
                if want is None and have is None:
                    continue
                if have is None:
                    problems.append((table, row_id, AuditBreak(0, "row_deleted", table, row_id)))
                elif want is None:
                    problems.append((table, row_id, AuditBreak(0, "row_unrecorded", table, row_id)))
                else:
                    diff = records.first_difference(want, have)
                    if diff is not None:
                        f, a, b = diff
                        problems.append((table, row_id, AuditBreak(0, "row_changed", table, row_id, f, a, b)))
            if problems:
                return problems[0][2]
        return None


def _entry_rows(s: Session, batch: int) -> Iterator[EntryRow]:
    last = 0
    cols = (
        AuditEntry.seq,
        AuditEntry.at,
        AuditEntry.actor,
        AuditEntry.action,
        AuditEntry.entity,
        AuditEntry.entity_id,
        AuditEntry.details,
        AuditEntry.prev_hash,
        AuditEntry.alg,
        AuditEntry.record,
        AuditEntry.hash,
    )
    while True:
        rows = s.execute(select(*cols).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)).all()
        if not rows:
            return
        for r in rows:
            yield tuple(r)  # type: ignore[misc]
        last = rows[-1][0]


def check_chain(
    ring: dict[str, bytes], entries: Iterable[EntryRow], head_seq: int, head_hash: str
) -> tuple[ChainChecker, AuditBreak | None]:
    checker = ChainChecker(ring)
    for e in entries:
        broken = checker.feed(e)
        if broken is not None:
            return checker, broken
    return checker, checker.finish(head_seq, head_hash)


def verify_audit(store: Store, *, batch: int = 5000, records_too: bool = True) -> AuditBreak | None:
    """Walk the whole chain, then compare the covered tables with it; the first problem, or None.

    Reads one snapshot: the head first, then the entries up to it, so entries appended meanwhile by
    other users are neither missed nor mistaken for tampering.
    """
    ring = keys.keyring("audit", store.url)
    with store.read(snapshot=True) as s:
        head = s.get(AuditHead, 1)
        if head is None:
            return AuditBreak(1, "head_mismatch")
        checker, broken = check_chain(ring, _entry_rows(s, batch), head.last_seq, head.last_hash)
        if broken is not None or not records_too:
            return broken
        return checker.compare(records.current_snapshots(s.connection()))


def head_of(store: Store) -> tuple[int, str]:
    with store.read(snapshot=True) as s:
        head = s.get(AuditHead, 1)
        return (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)


def hash_at(store: Store, seq: int) -> str | None:
    with store.read() as s:
        return s.execute(select(AuditEntry.hash).where(AuditEntry.seq == seq)).scalar_one_or_none()


# --- reading --------------------------------------------------------------------------------------
def separation_of_duties() -> bool:
    """三员分立: the account that manages users cannot read the audit log, and an auditor reads it."""
    from riskmodel.services import settings

    return settings.current().separation_of_duties


def require_audit_reader(actor: Actor) -> None:
    """Who may read and verify the whole log: auditors, and admins unless duties are separated."""
    if actor.is_system or actor.role == Role.AUDITOR:
        return
    if actor.role == Role.ADMIN and not separation_of_duties():
        return
    raise PermissionDenied("security.audit.readers_only", user=actor.username, role=actor.role)


def list_audit(
    store: Store,
    actor: Actor,
    *,
    entity: str | None = None,
    entity_id: Any = None,
    limit: int = 200,
    before_seq: int | None = None,
) -> list[AuditEntryView]:
    """Newest entries first. The whole log: auditors (and admins unless duties are separated); organizers
    and leaders read the trail of one entity (their assessments)."""
    if actor.role in (Role.ORGANIZER, Role.LEADER) and not actor.is_system:
        if entity is None or entity_id is None:
            raise PermissionDenied("security.audit.readers_only", user=actor.username, role=actor.role)
    else:
        require_audit_reader(actor)
    with store.read() as s:
        q = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if entity:
            q = q.where(AuditEntry.entity == entity)
        if entity_id is not None:
            q = q.where(AuditEntry.entity_id == str(entity_id))
        if before_seq is not None:
            q = q.where(AuditEntry.seq < before_seq)
        return [
            AuditEntryView(
                seq=e.seq,
                at=e.at,
                actor=e.actor,
                action=e.action,
                entity=e.entity,
                entity_id=e.entity_id,
                details=json.loads(e.details),
                hash=e.hash,
            )
            for e in s.execute(q).scalars()
        ]


def audit_count(store: Store) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


__all__ = [
    "Actor",
    "AuditBreak",
    "AuditEntryView",
    "GENESIS_HASH",
    "audit_count",
    "canonical_json",
    "cover",
    "list_audit",
    "record",
    "require_audit_reader",
    "require_role",
    "verify_audit",
]
