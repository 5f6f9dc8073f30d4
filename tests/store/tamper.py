"""What a privileged insider does behind the application's back: SQL edits with the append-only triggers
out of the way (a database owner can drop them), and a re-chained audit log (someone who also holds the
audit key). The tamper tests use these to show what still catches it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from riskmodel import keys
from riskmodel.services import audit
from riskmodel.store.db import Store

APPEND_ONLY = ("verdicts", "submissions", "ratings", "audit_log")


@contextmanager
def insider(store: Store) -> Iterator[Session]:
    """A transaction in which the append-only triggers no longer stand in the way."""
    with store.transaction() as s:
        if store.dialect == "postgresql":
            for table in APPEND_ONLY:
                s.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        else:
            for table in APPEND_ONLY:
                for event in ("update", "delete"):
                    s.execute(text(f"DROP TRIGGER IF EXISTS trg_{table}_append_only_{event}"))
        yield s


def rechain(store: Store, from_seq: int = 1, *, key: bytes | None = None, legacy: bool = False) -> None:
    """Recompute every hash from ``from_seq`` on, as a forger would after editing entries: with the real key
    (an insider holding it), another key, or the old unkeyed SHA-256 (``legacy``)."""
    with insider(store) as s:
        rows = s.execute(
            text(
                "SELECT seq, at, actor, action, entity, entity_id, details, prev_hash, alg, record FROM audit_log "
                "ORDER BY seq"
            )
        ).all()
        prev = audit.GENESIS_HASH
        for r in rows:
            if r.seq < from_seq:
                prev = s.execute(text("SELECT hash FROM audit_log WHERE seq = :q"), {"q": r.seq}).scalar_one()
                continue
            if legacy:
                alg, record = audit.ALG_LEGACY, None
                digest = audit.legacy_entry_hash(r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.details, prev)
            else:
                k = key if key is not None else keys.key_for("audit", store.url)
                alg, record = audit.hmac_alg(k), r.record
                digest = audit.keyed_entry_hash(
                    k, r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.details, prev, alg=alg, record=record
                )
            s.execute(
                text("UPDATE audit_log SET prev_hash = :p, hash = :h, alg = :a, record = :r WHERE seq = :q"),
                {"p": prev, "h": digest, "a": alg, "r": record, "q": r.seq},
            )
            prev = digest
        last = rows[-1].seq if rows else 0
        s.execute(text("UPDATE audit_head SET last_seq = :q, last_hash = :h WHERE id = 1"), {"q": last, "h": prev})
