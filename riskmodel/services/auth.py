"""Users, passwords (argon2id via argon2-cffi) and roles: admin, organizer, expert, leader.

``authenticate`` returns an ``Actor`` or None and never says whether the user or the password was
wrong. A hash made with weaker parameters is upgraded on the next successful login.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, ValidationError
from riskmodel.services import audit
from riskmodel.services.context import Actor, now, require_role
from riskmodel.store.db import Store
from riskmodel.store.models import ROLES, User

__all__ = [
    "Actor",
    "authenticate",
    "require_role",
    "create_user",
    "set_password",
    "set_active",
    "list_users",
    "get_user",
    "hash_password",
    "verify_password",
    "ROLES",
]

_hasher = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")
_dummy: list[str] = []


def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so timing does not reveal which
    usernames exist (made on first use: hashing is deliberately slow)."""
    if not _dummy:
        _dummy.append(_hasher.hash("not-a-real-password"))
    return _dummy[0]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def actor_of(user: User) -> Actor:
    return Actor(username=user.username, role=user.role, user_id=user.id, display_name=user.display_name)


def user_dict(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "field": user.field,
        "organization": user.organization,
        "active": user.active,
        "created_at": user.created_at.isoformat(),
    }


def authenticate(store: Store, username: str, password: str) -> Actor | None:
    """The user's Actor when the password matches an active account, else None (login failed)."""
    with store.read() as s:
        user = s.execute(select(User).where(User.username == (username or "").strip())).scalar_one_or_none()
        if user is None or not user.active:
            verify_password(_dummy_hash(), password or "")
            return None
        if not verify_password(user.password_hash, password or ""):
            return None
        actor = actor_of(user)
        needs_rehash = _hasher.check_needs_rehash(user.password_hash)
    if needs_rehash:
        new_hash = hash_password(password)

        def _rehash(s: Session) -> None:
            u = s.get(User, actor.user_id)
            if u is not None:
                u.password_hash = new_hash

        store.write(_rehash)
    return actor


def _validate(username: str, role: str, password: str | None) -> None:
    if not _USERNAME.match(username or ""):
        raise ValidationError("store.user.bad_username", username=username)
    if role not in ROLES:
        raise ValidationError("store.user.bad_role", role=role, roles=", ".join(ROLES))
    if password is not None and len(password) < 4:
        raise ValidationError("store.user.short_password")


def create_user(
    store: Store,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    *,
    display_name: str | None = None,
    field: str | None = None,
    organization: str | None = None,
    password_hash: str | None = None,
) -> dict:
    """Add an account (admins only). ``password_hash`` lets the seeder reuse one hash for many users."""
    require_role(actor, "admin")
    username = (username or "").strip()
    _validate(username, role, None if password_hash else password)
    digest = password_hash or hash_password(password)

    def _create(s: Session) -> dict:
        if s.execute(select(User.id).where(User.username == username)).first():
            raise DomainError("store.user.exists", username=username)
        user = User(
            username=username,
            display_name=display_name or username,
            role=role,
            password_hash=digest,
            field=field,
            organization=organization,
            active=True,
            created_at=now(),
        )
        s.add(user)
        s.flush()
        audit.record(s, actor, "user.create", "user", user.id, username=username, role=role)
        return user_dict(user)

    return store.write(_create)


def set_password(store: Store, actor: Actor, username: str, new_password: str) -> None:
    """Admins reset anyone's password; a user may change his own."""
    if actor.username != username:
        require_role(actor, "admin")
    _validate(username, "admin", new_password)
    digest = hash_password(new_password)

    def _set(s: Session) -> None:
        user = _user_by_name(s, username)
        user.password_hash = digest
        audit.record(s, actor, "user.password", "user", user.id, username=username)

    store.write(_set)


def set_active(store: Store, actor: Actor, username: str, active: bool) -> None:
    require_role(actor, "admin")

    def _set(s: Session) -> None:
        user = _user_by_name(s, username)
        user.active = bool(active)
        audit.record(s, actor, "user.activate" if active else "user.deactivate", "user", user.id, username=username)

    store.write(_set)


def list_users(store: Store, actor: Actor, role: str | None = None) -> list[dict]:
    require_role(actor, "admin", "organizer")
    with store.read() as s:
        q = select(User).order_by(User.username)
        if role:
            q = q.where(User.role == role)
        return [user_dict(u) for u in s.execute(q).scalars()]


def get_user(store: Store, username: str) -> dict:
    with store.read() as s:
        return user_dict(_user_by_name(s, username))


def _user_by_name(s: Session, username: str) -> User:
    user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFoundError("store.user.not_found", username=username)
    return user


def actor_for(store: Store, username: str) -> Actor:
    """The Actor of an existing user (the command line acts on behalf of a named user)."""
    with store.read() as s:
        user = _user_by_name(s, username)
        if not user.active:
            raise DomainError("store.user.inactive", username=username)
        return actor_of(user)
