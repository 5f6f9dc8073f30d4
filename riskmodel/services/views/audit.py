"""Read models of the audit service (entries of the hash-chained log)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditEntryView:
    """One entry of the audit log; ``details`` is the entry's recorded JSON object."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str | None
    details: Mapping[str, Any]
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "details": dict(self.details),
            "hash": self.hash,
        }
