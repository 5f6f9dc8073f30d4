"""Login lockout per account name (OWASP ASVS V2.2, 等保 login-failure handling).

After ``lockout_failures`` (5) failed tries of one account name within ``lockout_minutes`` (15), further
tries are refused without checking the password until the window has passed — whatever the browser
session, the app instance or the process (the tries live in ``login_attempts``). A success clears the
count. Names that do not exist are counted the same way, so the lockout message never tells whether an
account exists.

A try is written as ``pending`` *before* the password is checked and counts as a failure until it is
settled, so many parallel tries (fresh sessions, several instances) cannot slip past the limit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from riskmodel.services import settings
from riskmodel.services.context import now
from riskmodel.store import guard
from riskmodel.store.db import Store
from riskmodel.store.models import LoginAttempt

PENDING, OK, FAILED, PARTIAL = "pending", "ok", "failed", "partial"  # partial: password right, code due
KEEP = timedelta(days=1)


def account_key(username: str | None) -> str:
    """The name a try is counted under: trimmed, lower-cased, control characters removed, at most 64."""
    return guard.BAD_CHARS.sub("", (username or "").strip().lower())[:64]


@dataclass(frozen=True)
class Gate:
    """The outcome of asking to try: an attempt id to settle, or the seconds until the lockout ends."""

    attempt_id: int | None
    retry_after_s: int = 0

    @property
    def locked(self) -> bool:
        return self.attempt_id is None


def _counted(s: Session, account: str) -> list[LoginAttempt]:
    cfg = settings.current()
    since = now() - timedelta(minutes=cfg.lockout_minutes)
    rows = (
        s.execute(
            select(LoginAttempt)
            .where(LoginAttempt.account == account, LoginAttempt.at >= since)
            .order_by(LoginAttempt.at, LoginAttempt.id)
        )
        .scalars()
        .all()
    )
    counted: list[LoginAttempt] = []
    for row in rows:
        if row.outcome == OK:
            counted = []  # a success clears the failures before it
        else:
            counted.append(row)
    return counted


def begin(store: Store, username: str) -> Gate:
    """Ask to try a login for ``username``: a pending attempt, or refused while the account is locked."""
    account = account_key(username)
    cfg = settings.current()

    def _begin(s: Session) -> Gate:
        if store.dialect == "postgresql":  # serialise the tries of one name (SQLite writers are serial anyway)
            s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:a))"), {"a": "riskmodel-login:" + account})
        stamp = now()
        s.execute(delete(LoginAttempt).where(LoginAttempt.account == account, LoginAttempt.at < stamp - KEEP))
        if random.random() < 0.02:  # now and then, forget everybody's old tries
            s.execute(delete(LoginAttempt).where(LoginAttempt.at < stamp - KEEP))
        counted = _counted(s, account)
        if len(counted) >= cfg.lockout_failures:
            first = counted[-cfg.lockout_failures]
            ends = first.at + timedelta(minutes=cfg.lockout_minutes)
            return Gate(None, max(1, int((ends - stamp).total_seconds()) + 1))
        attempt = LoginAttempt(account=account, at=stamp, outcome=PENDING)
        s.add(attempt)
        s.flush()
        return Gate(attempt.id)

    return store.write(_begin)


def settle(s: Session, attempt_id: int, outcome: str) -> bool:
    """Record the outcome of an attempt (inside the caller's transaction); True when it locked the account."""
    attempt = s.get(LoginAttempt, attempt_id)
    if attempt is None:
        return False
    attempt.outcome = outcome
    s.flush()
    if outcome == OK:
        return False
    return len(_counted(s, attempt.account)) == settings.current().lockout_failures


def unlock(s: Session, username: str) -> int:
    """Forget the failed tries of an account (an administrator's decision); the number removed."""
    result = s.execute(
        delete(LoginAttempt).where(LoginAttempt.account == account_key(username), LoginAttempt.outcome != OK)
    )
    return int(getattr(result, "rowcount", 0) or 0)
