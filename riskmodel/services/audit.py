"""Append-only audit log with a hash chain (每一条记录带上一条的哈希).

Each entry stores ``hash = sha256(canonical JSON of {seq, at, actor, action, entity, entity_id,
details, prev_hash})`` where ``prev_hash`` is the previous entry's hash (``0``×64 for the first).
Changing, removing or reordering any entry breaks the chain from that point, and ``verify_audit``
names the first broken entry. Appends lock the single ``audit_head`` row, so concurrent writers on
PostgreSQL cannot fork the chain (SQLite writers are serialised by ``BEGIN IMMEDIATE`` anyway).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.services.context import Actor, now, require_role
from riskmodel.store.db import Store
from riskmodel.store.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """The one text form used for hashing and backups: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(
    seq: int, at: str, actor: str, action: str, entity: str, entity_id: str | None, details: str, prev_hash: str
) -> str:
    payload = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "details": details,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def record(
    session: Session, actor: Actor, action: str, entity: str, entity_id: Any = None, **details: Any
) -> AuditEntry:
    """Append one entry inside the caller's transaction (call it last: it holds the head lock)."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    seq = head.last_seq + 1
    at = now().isoformat(timespec="microseconds")
    text = canonical_json(details)
    eid = None if entity_id is None else str(entity_id)
    digest = entry_hash(seq, at, actor.username, action, entity, eid, text, head.last_hash)
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
    )
    session.add(entry)
    head.last_seq = seq
    head.last_hash = digest
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditBreak:
    """The first entry where the chain does not hold, and why."""

    seq: int
    reason: str  # hash_mismatch / prev_mismatch / gap / head_mismatch

    def as_dict(self) -> dict:
        return asdict(self)


def verify_audit(store: Store, *, batch: int = 5000) -> AuditBreak | None:
    """Walk the whole chain; return the first broken entry, or None when the log is intact.

    Reads one snapshot: the head first, then the entries up to it, so entries appended meanwhile by
    other users are neither missed nor mistaken for tampering.
    """
    prev_hash = GENESIS_HASH
    expected = 1
    with store.read(snapshot=True) as s:
        head = s.get(AuditHead, 1)
        if head is None:
            return AuditBreak(1, "head_mismatch")
        last_seq, last_hash = head.last_seq, head.last_hash
        last = 0
        while True:
            rows = (
                s.execute(select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch))
                .scalars()
                .all()
            )
            if not rows:
                break
            for e in rows:
                if e.seq != expected:
                    return AuditBreak(expected, "gap")
                if e.prev_hash != prev_hash:
                    return AuditBreak(e.seq, "prev_mismatch")
                if entry_hash(e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.details, e.prev_hash) != e.hash:
                    return AuditBreak(e.seq, "hash_mismatch")
                prev_hash = e.hash
                expected += 1
                last = e.seq
            s.expunge_all()
    if last != last_seq or prev_hash != last_hash:  # entries cut off the end, or added behind the head's back
        return AuditBreak(min(last, last_seq) + 1, "head_mismatch")
    return None


def list_audit(
    store: Store,
    actor: Actor,
    *,
    entity: str | None = None,
    entity_id: Any = None,
    limit: int = 200,
    before_seq: int | None = None,
) -> list[dict]:
    """Newest entries first (admins and organizers; an organizer reads the trail of his work)."""
    require_role(actor, "admin", "organizer", "leader")
    with store.read() as s:
        q = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if entity:
            q = q.where(AuditEntry.entity == entity)
        if entity_id is not None:
            q = q.where(AuditEntry.entity_id == str(entity_id))
        if before_seq is not None:
            q = q.where(AuditEntry.seq < before_seq)
        return [
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "details": json.loads(e.details),
                "hash": e.hash,
            }
            for e in s.execute(q).scalars()
        ]


def audit_count(store: Store) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
