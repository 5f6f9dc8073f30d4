"""Accounts: passwords (argon2id via argon2-cffi), login with lockout and an optional second factor, roles.

- ``login`` never says whether the name or the password was wrong, and counts failed tries per account
  name in the database (``lockout``): 5 failures in 15 minutes lock the name, whatever the session or the
  app instance, and the lockout message is the same for names that do not exist. A hash made with weaker
  parameters is upgraded on the next successful login.
- Passwords follow ``passwords.check_password`` (12 characters, not a common password). The demo accounts
  (password ``demo``) are the one exception: the seeder stores their hash directly, in a demo database only,
  and the ``demo-`` prefix is reserved for them.
- Changing one's own password needs the old one; an administrator's reset and a deactivation raise the
  user's ``session_epoch``, which ends his other sessions on every instance (``session_user``).
- Admins can be required to use TOTP (RFC 6238, ``pyotp``) by ``RISKMODEL_ADMIN_TOTP``; an account that
  enrolled a second factor always needs it. A code is accepted once.
- 三员分立 (``RISKMODEL_SEPARATION_OF_DUTIES``): the accounts of auditors are managed on the command line
  only, never by an administrator in the app.
- Every login, failure, lockout, logout, password change and role change is an audit entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.domain import Role
from riskmodel.errors import DomainError, NotFoundError, PermissionDenied, ValidationError
from riskmodel.services import audit, lockout, settings
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.passwords import check_password
from riskmodel.services.views.auth import UserView
from riskmodel.store.db import Store
from riskmodel.store.models import ROLES, AuditHead, User

__all__ = [
    "Actor",
    "LoginResult",
    "LoginStatus",
    "ROLES",
    "SessionUser",
    "UserView",
    "authenticate",
    "change_own_password",
    "create_user",
    "get_user",
    "hash_password",
    "list_users",
    "login",
    "record_logout",
    "require_role",
    "set_active",
    "set_password",
    "set_role",
    "verify_password",
]

_hasher = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")
DEMO_PREFIX = "demo-"
ANONYMOUS = "anonymous"
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


def user_view(user: User) -> UserView:
    """The account's read model (never its password hash or TOTP secret)."""
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        field=user.field,
        organization=user.organization,
        active=bool(user.active),
        created_at=user.created_at.isoformat(),
        totp=user.totp_secret is not None,
    )


# --- login -------------------------------------------------------------------------------------------
class LoginStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"  # wrong name or password (never says which)
    LOCKED = "locked"
    SECOND_FACTOR = "second_factor"  # password right; a TOTP code is needed
    ENROL = "enrol"  # password right; this admin must set up a second factor first


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    actor: Actor | None = None
    epoch: int | None = None  # the user's session epoch at login (kept by the session)
    retry_after_s: int = 0  # while locked

    @property
    def ok(self) -> bool:
        return self.status == LoginStatus.OK


@dataclass(frozen=True)
class SessionUser:
    """What a session re-reads on every run: role and active flag fresh from the database."""

    id: int
    username: str
    role: str
    display_name: str
    active: bool
    session_epoch: int

    @property
    def actor(self) -> Actor:
        return Actor(username=self.username, role=self.role, user_id=self.id, display_name=self.display_name)


def _needs_second_factor(user: User) -> bool:
    return user.totp_secret is not None or (user.role == Role.ADMIN and settings.current().admin_totp)


def _settle(
    store: Store,
    attempt_id: int,
    user: User | None,
    ok: bool,
    action: str,
    account: str,
    *,
    partial: bool = False,
    **details,
) -> bool:
    """Settle a try and write its audit entry (and the lockout's) in one transaction; True when it locked.

    ``partial``: the password was right but a second factor is still due — the try keeps counting as a
    failure until the code settles it, so guessing codes cannot reset the count by re-entering the password.
    """

    def _write(s: Session) -> bool:
        outcome = lockout.PARTIAL if partial else (lockout.OK if ok else lockout.FAILED)
        locked = lockout.settle(s, attempt_id, outcome)
        who = Actor(username=user.username, role=user.role, user_id=user.id) if user and ok else None
        actor = who or Actor(username=ANONYMOUS, role="", user_id=None)
        audit.record(s, actor, action, "user", user.id if user and ok else None, account=account, **details)
        if locked:
            cfg = settings.current()
            audit.record(
                s,
                actor,
                "auth.lockout",
                "user",
                None,
                account=account,
                failures=cfg.lockout_failures,
                minutes=cfg.lockout_minutes,
            )
        return locked

    return store.write(_write)


def login(store: Store, username: str, password: str) -> LoginResult:
    """Check a name and password (lockout first). ``OK`` comes with the actor and his session epoch."""
    account = lockout.account_key(username)
    gate = lockout.begin(store, account)
    if gate.locked:
        return LoginResult(LoginStatus.LOCKED, retry_after_s=gate.retry_after_s)
    assert gate.attempt_id is not None
    name = (username or "").strip()
    with store.read() as s:
        user = s.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if user is not None:
            s.expunge(user)
    if user is None or not user.active:
        verify_password(_dummy_hash(), password or "")
        locked = _settle(store, gate.attempt_id, None, False, "auth.login_failed", account)
        return LoginResult(LoginStatus.LOCKED if locked else LoginStatus.FAILED)
    if not verify_password(user.password_hash, password or ""):
        locked = _settle(store, gate.attempt_id, user, False, "auth.login_failed", account)
        return LoginResult(LoginStatus.LOCKED if locked else LoginStatus.FAILED)
    if _needs_second_factor(user):
        # the password was right, but the login is not complete: the try stays a failure until the code
        _settle(store, gate.attempt_id, user, True, "auth.password_ok", account, partial=True)
        status = LoginStatus.SECOND_FACTOR if user.totp_secret else LoginStatus.ENROL
        return LoginResult(status, actor_of(user), user.session_epoch)
    if _hasher.check_needs_rehash(user.password_hash):
        _rehash(store, user.id, password)
    _settle(store, gate.attempt_id, user, True, "auth.login", account)
    return LoginResult(LoginStatus.OK, actor_of(user), user.session_epoch)


def _rehash(store: Store, user_id: int, password: str) -> None:
    new_hash = hash_password(password)

    def _write(s: Session) -> None:
        u = s.get(User, user_id)
        if u is not None:
            u.password_hash = new_hash
            audit.record(s, actor_of(u), "user.rehash", "user", u.id, username=u.username)

    store.write(_write)


def authenticate(store: Store, username: str, password: str) -> Actor | None:
    """The user's Actor when the login succeeds completely (lockout, password, no second factor due)."""
    result = login(store, username, password)
    return result.actor if result.ok else None


def _totp_step(secret: str, code: str) -> int | None:
    """The time step ``code`` belongs to (±1 step of clock drift), or None."""
    code = (code or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now())
    for step in (current, current - 1, current + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def complete_second_factor(store: Store, user_id: int, code: str, *, secret: str | None = None) -> LoginResult:
    """Finish a login with a TOTP code (``secret``: confirm an enrolment with a newly shown secret)."""
    with store.read() as s:
        user = s.get(User, user_id)
        if user is not None:
            s.expunge(user)
    if user is None or not user.active:
        return LoginResult(LoginStatus.FAILED)
    account = lockout.account_key(user.username)
    gate = lockout.begin(store, account)
    if gate.locked:
        return LoginResult(LoginStatus.LOCKED, retry_after_s=gate.retry_after_s)
    assert gate.attempt_id is not None
    use = secret or user.totp_secret
    step = _totp_step(use, code) if use else None
    if step is None or (secret is None and user.totp_last_step is not None and step <= user.totp_last_step):
        locked = _settle(store, gate.attempt_id, user, False, "auth.second_factor_failed", account)
        return LoginResult(LoginStatus.LOCKED if locked else LoginStatus.FAILED)

    attempt_id = gate.attempt_id

    def _write(s: Session) -> int:
        u = s.get(User, user_id)
        assert u is not None
        lockout.settle(s, attempt_id, lockout.OK)
        if secret is not None:
            u.totp_secret = secret
            audit.record(s, actor_of(u), "user.totp_enrol", "user", u.id, username=u.username)
        u.totp_last_step = step
        audit.record(s, actor_of(u), "auth.login", "user", u.id, account=account, second_factor=True)
        return u.session_epoch

    epoch = store.write(_write)
    return LoginResult(LoginStatus.OK, actor_of(user), epoch)


def enrol_second_factor(store: Store, actor: Actor, secret: str, code: str) -> None:
    """Turn on TOTP for one's own account, once a code of the new secret proves the app has it."""
    if actor.user_id is None:
        raise PermissionDenied("store.auth.forbidden", user=actor.username, role=actor.role, needed="user")
    step = _totp_step(secret, code)
    if step is None:
        raise ValidationError("security.totp.wrong")

    def _write(s: Session) -> None:
        u = s.get(User, actor.user_id, with_for_update=True)
        assert u is not None
        u.totp_secret = secret
        u.totp_last_step = step
        audit.record(s, actor, "user.totp_enrol", "user", u.id, username=u.username)

    store.write(_write)


def has_second_factor(store: Store, actor: Actor) -> bool:
    with store.read() as s:
        u = s.get(User, actor.user_id) if actor.user_id is not None else None
        return bool(u is not None and u.totp_secret)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="稳评工作台")


def record_login(store: Store, actor: Actor, method: str) -> None:
    """Note a login that did not go through ``login`` (single sign-on, the first-run page)."""

    def _write(s: Session) -> None:
        audit.record(s, actor, "auth.login", "user", actor.user_id, method=method)

    store.write(_write)


def record_logout(store: Store, actor: Actor, reason: str = "logout") -> None:
    """Note the end of a session in the audit trail (``reason``: logout, idle, expired, ended)."""

    def _write(s: Session) -> None:
        audit.record(s, actor, "auth.logout", "user", actor.user_id, reason=reason)

    store.write(_write)


def session_user(store: Store, username: str) -> SessionUser | None:
    with store.read() as s:
        u = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if u is None:
            return None
        return SessionUser(u.id, u.username, u.role, u.display_name, bool(u.active), int(u.session_epoch or 0))


# --- accounts -------------------------------------------------------------------------------------------
def _check_username(username: str, actor: Actor) -> None:
    if not _USERNAME.match(username or ""):
        raise ValidationError("store.user.bad_username", username=username)
    if username.lower().startswith(DEMO_PREFIX) and not actor.is_system:
        raise ValidationError("security.user.demo_prefix", prefix=DEMO_PREFIX)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError("store.user.bad_role", role=role, roles=", ".join(ROLES))


def _require_user_manager(actor: Actor, *roles_touched: str) -> None:
    """Admins manage accounts; with 三员分立 the auditors' accounts only on the command line."""
    require_role(actor, Role.ADMIN)
    if actor.is_system:
        return
    if settings.current().separation_of_duties and Role.AUDITOR in roles_touched:
        raise PermissionDenied("security.user.auditor_by_cli", user=actor.username)


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
    only_if_empty: bool = False,
) -> UserView:
    """Add an account (admins). ``password_hash`` (seeder and tests only, never from a form) skips the policy;
    ``only_if_empty`` refuses unless the database has no account yet (the first-run page)."""
    username = (username or "").strip()
    _check_username(username, actor)
    _check_role(role)
    _require_user_manager(actor, role)
    if password_hash is None:
        check_password(password, username)
    digest = password_hash or hash_password(password)

    def _create(s: Session) -> UserView:
        if only_if_empty:
            s.execute(select(AuditHead.id).where(AuditHead.id == 1).with_for_update())  # one first admin only
            if s.execute(select(func.count()).select_from(User)).scalar_one():
                raise DomainError("security.first_run.done")
        if s.execute(select(User.id).where(User.username == username)).first():
            raise DomainError("store.user.exists", username=username)
        stamp = now()
        user = User(
            username=username,
            display_name=display_name or username,
            role=role,
            password_hash=digest,
            field=field,
            organization=organization,
            active=True,
            created_at=stamp,
            password_changed_at=stamp,
            session_epoch=0,
        )
        s.add(user)
        s.flush()
        audit.record(s, actor, "user.create", "user", user.id, username=username, role=role)
        return user_view(user)

    return store.write(_create)


def set_password(store: Store, actor: Actor, username: str, new_password: str) -> None:
    """An administrator resets someone else's password; the user's sessions end (all instances).

    One's own password is changed with ``change_own_password`` (the old one is needed).
    """
    if actor.username == username and not actor.is_system:
        raise DomainError("security.password.own_needs_old")
    with store.read() as s:
        target_role = _user_by_name(s, username).role
    _require_user_manager(actor, target_role)
    check_password(new_password, username)
    digest = hash_password(new_password)

    def _set(s: Session) -> None:
        user = _user_by_name(s, username, lock=True)
        user.password_hash = digest
        user.password_changed_at = now()
        user.session_epoch = int(user.session_epoch or 0) + 1
        lockout.unlock(s, username)
        audit.record(s, actor, "user.password_reset", "user", user.id, username=username)

    store.write(_set)


def change_own_password(store: Store, actor: Actor, old_password: str, new_password: str) -> int:
    """Change one's own password: the old one is checked (a wrong one counts as a failed login).

    Returns the new session epoch: the caller's session continues, every other session of his ends.
    """
    if actor.user_id is None:
        raise PermissionDenied("store.auth.forbidden", user=actor.username, role=actor.role, needed="user")
    check_password(new_password, actor.username)
    account = lockout.account_key(actor.username)
    gate = lockout.begin(store, account)
    if gate.locked:
        raise DomainError("security.login.locked", minutes=max(1, round(gate.retry_after_s / 60)))
    assert gate.attempt_id is not None
    with store.read() as s:
        current = s.get(User, actor.user_id)
        old_hash = current.password_hash if current is not None else None
    if old_hash is None or not verify_password(old_hash, old_password or ""):
        _settle(store, gate.attempt_id, None, False, "auth.password_change_failed", account)
        raise ValidationError("security.password.old_wrong")
    attempt_id = gate.attempt_id
    if verify_password(old_hash, new_password):

        def _same(s: Session) -> None:
            lockout.settle(s, attempt_id, lockout.OK)

        store.write(_same)
        raise ValidationError("security.password.same")
    digest = hash_password(new_password)

    def _set(s: Session) -> int:
        lockout.settle(s, attempt_id, lockout.OK)
        user = s.get(User, actor.user_id, with_for_update=True)
        assert user is not None
        user.password_hash = digest
        user.password_changed_at = now()
        user.session_epoch = int(user.session_epoch or 0) + 1
        audit.record(s, actor, "user.password_change", "user", user.id, username=user.username)
        return user.session_epoch

    return store.write(_set)


def set_active(store: Store, actor: Actor, username: str, active: bool) -> None:
    """(De)activate an account (admins; not one's own); a deactivation ends the user's sessions."""
    if actor.username == username and not actor.is_system:
        raise DomainError("ui.admin_users.own_account")
    with store.read() as s:
        target_role = _user_by_name(s, username).role
    _require_user_manager(actor, target_role)

    def _set(s: Session) -> None:
        user = _user_by_name(s, username, lock=True)
        user.active = bool(active)
        if not active:
            user.session_epoch = int(user.session_epoch or 0) + 1
        audit.record(s, actor, "user.activate" if active else "user.deactivate", "user", user.id, username=username)

    store.write(_set)


def set_role(store: Store, actor: Actor, username: str, role: str) -> UserView:
    """Change a user's role (admins; not one's own, so the last admin cannot lock himself out)."""
    _check_role(role)
    if username == actor.username and not actor.is_system:
        raise DomainError("ui.admin_users.own_role")
    with store.read() as s:
        before_role = _user_by_name(s, username).role
    _require_user_manager(actor, role, before_role)

    def _set(s: Session) -> UserView:
        user = _user_by_name(s, username, lock=True)
        before = user.role
        user.role = role
        s.flush()
        audit.record(s, actor, "user.role", "user", user.id, username=username, before=before, after=role)
        return user_view(user)

    return store.write(_set)


def reset_second_factor(store: Store, actor: Actor, username: str) -> None:
    """Remove an account's TOTP secret (a lost phone); he enrols again at the next login if required."""
    with store.read() as s:
        target_role = _user_by_name(s, username).role
    _require_user_manager(actor, target_role)

    def _set(s: Session) -> None:
        user = _user_by_name(s, username, lock=True)
        user.totp_secret = None
        user.totp_last_step = None
        user.session_epoch = int(user.session_epoch or 0) + 1
        audit.record(s, actor, "user.totp_reset", "user", user.id, username=username)

    store.write(_set)


def unlock_account(store: Store, actor: Actor, username: str) -> int:
    """Forget an account name's failed tries before the window ends (admins)."""
    require_role(actor, Role.ADMIN)

    def _set(s: Session) -> int:
        removed = lockout.unlock(s, username)
        audit.record(s, actor, "auth.unlock", "user", None, account=lockout.account_key(username), removed=removed)
        return removed

    return store.write(_set)


def list_users(store: Store, actor: Actor, role: str | None = None) -> list[UserView]:
    require_role(actor, Role.ADMIN, Role.ORGANIZER)
    with store.read() as s:
        q = select(User).order_by(User.username)
        if role:
            q = q.where(User.role == role)
        return [user_view(u) for u in s.execute(q).scalars()]


def user_count(store: Store) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(User)).scalar_one()


def get_user(store: Store, username: str) -> UserView:
    with store.read() as s:
        return user_view(_user_by_name(s, username))


def _user_by_name(s: Session, username: str, *, lock: bool = False) -> User:
    q = select(User).where(User.username == username)
    if lock:
        q = q.with_for_update()
    user = s.execute(q).scalar_one_or_none()
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
