"""Who is acting, and what time it is — passed into every service call.

``Actor`` is what ``auth.authenticate`` returns and what the UI keeps in its session. The clock can
be frozen (``at(...)``) so the demo seeder can write a portfolio that spans a year of history.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from riskmodel.errors import PermissionDenied

_now_override: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("riskmodel_now", default=None)


def now() -> datetime:
    """Naive UTC now (microseconds kept), or the frozen time of ``at(...)``."""
    frozen = _now_override.get()
    if frozen is not None:
        return frozen
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Run service calls as if it were ``moment`` (naive UTC)."""
    token = _now_override.set(moment.replace(tzinfo=None))
    try:
        yield
    finally:
        _now_override.reset(token)


@dataclass(frozen=True)
class Actor:
    """The user behind a call. ``user_id`` is None only for the system actor (CLI maintenance, seeding)."""

    username: str
    role: str
    user_id: int | None = None
    display_name: str | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(username="system", role="admin", user_id=None, display_name="system")

    @property
    def is_system(self) -> bool:
        return self.user_id is None


def require_role(actor: Actor, *roles: str) -> None:
    """Raise PermissionDenied unless the actor has one of ``roles`` (the system actor always passes)."""
    if actor.is_system or actor.role in roles:
        return
    raise PermissionDenied("store.auth.forbidden", user=actor.username, role=actor.role, needed="/".join(roles))
