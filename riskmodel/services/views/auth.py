"""Read models of the accounts service. A ``UserView`` never carries the password hash or the TOTP
secret: ``totp`` only says whether a second factor is enrolled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskmodel.domain import Role


@dataclass(frozen=True, slots=True)
class UserView:
    """One account as the pages, the CLI and the reports see it."""

    id: int
    username: str
    display_name: str
    role: Role
    field: str | None
    organization: str | None
    active: bool
    created_at: str
    totp: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``store users list --json``): the keys it always had."""
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.value,
            "field": self.field,
            "organization": self.organization,
            "active": self.active,
            "created_at": self.created_at,
            "totp": self.totp,
        }
