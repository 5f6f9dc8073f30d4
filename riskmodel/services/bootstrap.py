"""First start of a database: the demo portfolio (only where it belongs) or the first administrator.

No default accounts outside the demo: the demo portfolio — with its accounts whose password is ``demo`` —
is seeded into an empty database only when

- it is the embedded default database of the README's first command (neither ``RISKMODEL_DATABASE_URL``
  nor ``--db`` given: ``data/riskmodel.db``), or
- it is asked for: ``python -m riskmodel seed-demo``, or ``RISKMODEL_DEMO=1``.

Any other empty database (a configured SQLite file or PostgreSQL) starts with the first-run page, which
creates the first administrator under the password policy (and asks for ``RISKMODEL_SETUP_TOKEN`` when
that is set), and no demo.
"""

from __future__ import annotations

import hmac
import logging
import os
from dataclasses import dataclass

from sqlalchemy import select

from riskmodel.domain import Role
from riskmodel.errors import DomainError, ValidationError
from riskmodel.services import auth, settings
from riskmodel.services.auth import DEMO_PREFIX, user_count
from riskmodel.services.context import Actor
from riskmodel.store.db import ENV_URL, Store, resolve_url
from riskmodel.store.models import User

log = logging.getLogger(__name__)
SETUP_ACTOR = Actor(username="setup", role=Role.ADMIN, user_id=None, display_name="first-run setup")

__all__ = [
    "DemoAccount",
    "create_first_admin",
    "demo_accounts",
    "demo_allowed",
    "demo_password",
    "has_demo_data",
    "needs_first_admin",
    "seed_demo",
    "seed_demo_if_allowed",
    "user_count",
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    display_name: str


def _demo_module():
    from riskmodel.services import demo  # imported late: the seeder pulls in the demo data readers

    return demo


def demo_password() -> str | None:
    """The demo accounts' shared password (shown on the login page of a demo database only)."""
    demo = _demo_module()
    return getattr(demo, "DEMO_PASSWORD", None) if demo else None


def is_embedded_default(url: str, *, db_arg: str | None = None) -> bool:
    """True for the README's first command: no ``--db``, no ``RISKMODEL_DATABASE_URL``, the repo's SQLite file."""
    if db_arg or os.environ.get(ENV_URL):
        return False
    return resolve_url(url) == resolve_url(None)


def demo_allowed(url: str, *, db_arg: str | None = None) -> bool:
    """May an empty database at ``url`` be seeded with the demo on first start?"""
    return settings.current().demo or is_embedded_default(url, db_arg=db_arg)


def seed_demo(store: Store, *, if_empty: bool = False) -> dict | None:
    """Seed the demo portfolio (``seed-demo``); None when ``if_empty`` and the database holds data."""
    demo = _demo_module()
    if demo is None:
        raise DomainError("security.demo.unavailable")
    return demo.seed_demo(store, if_empty=if_empty)


def seed_demo_if_allowed(store: Store) -> bool:
    """First start: seed the demo when the database is empty and the demo belongs there; True when it did."""
    if user_count(store) > 0 or not demo_allowed(store.url):
        return False
    demo = _demo_module()
    if demo is None:
        log.warning("empty database and no demo seeder available")
        return False
    log.info("empty embedded database %s: seeding the demo portfolio", store)
    return demo.seed_demo(store, if_empty=True) is not None


def has_demo_data(store: Store) -> bool:
    """True when the database holds the demo accounts (the ``demo-`` prefix is reserved for them)."""
    with store.read() as s:
        return s.execute(select(User.id).where(User.username.like(f"{DEMO_PREFIX}%")).limit(1)).first() is not None


def demo_accounts(store: Store) -> list[DemoAccount]:
    """The active demo accounts shown on the login page of a demo database."""
    with store.read() as s:
        rows = (
            s.execute(
                select(User)
                .where(User.username.like(f"{DEMO_PREFIX}%"), User.active.is_(True))
                .order_by(User.role, User.username)
            )
            .scalars()
            .all()
        )
        return [DemoAccount(u.username, u.role, u.display_name) for u in rows]


def needs_first_admin(store: Store) -> bool:
    """An empty database that will not get the demo: the app shows the first-run page."""
    return user_count(store) == 0


def create_first_admin(
    store: Store, username: str, password: str, *, display_name: str | None = None, setup_token: str | None = None
) -> Actor:
    """Create the first administrator of an empty database (refused once any account exists)."""
    expected = settings.current().setup_token
    if expected is not None and not hmac.compare_digest(expected.encode(), (setup_token or "").strip().encode()):
        raise ValidationError("security.first_run.bad_token")
    if (username or "").strip().lower().startswith(DEMO_PREFIX):
        raise ValidationError("security.user.demo_prefix", prefix=DEMO_PREFIX)
    auth.create_user(store, SETUP_ACTOR, username, password, Role.ADMIN, display_name=display_name, only_if_empty=True)
    actor = auth.actor_for(store, (username or "").strip())
    auth.record_login(store, actor, "first_run")
    return actor
