"""Security settings of a deployment, read from the environment (the same on every app instance).

| variable | default | what |
|---|---|---|
| ``RISKMODEL_SESSION_IDLE_MINUTES`` | 30 | a session unused this long ends (automatic logout) |
| ``RISKMODEL_SESSION_MAX_HOURS`` | 12 | a session ends this long after login, however active |
| ``RISKMODEL_LOCKOUT_FAILURES`` | 5 | failed logins of one account name … |
| ``RISKMODEL_LOCKOUT_MINUTES`` | 15 | … within this window lock it for the rest of the window |
| ``RISKMODEL_ADMIN_TOTP`` | off | admins must use a second factor (TOTP, RFC 6238) |
| ``RISKMODEL_SEPARATION_OF_DUTIES`` | off | 三员分立: admins manage users but cannot read the audit log; auditors read it |
| ``RISKMODEL_DEMO`` | off | seed the demo portfolio into an empty configured database too |
| ``RISKMODEL_SETUP_TOKEN`` | — | when set, the first-run page asks for it before creating the first admin |

A malformed value is refused with the variable named (never silently replaced by the default).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from riskmodel.errors import ConfigurationError

_TRUE = {"1", "true", "yes", "on", "required"}
_FALSE = {"", "0", "false", "no", "off"}


@dataclass(frozen=True)
class SecuritySettings:
    session_idle_minutes: float = 30.0
    session_max_hours: float = 12.0
    lockout_failures: int = 5
    lockout_minutes: float = 15.0
    admin_totp: bool = False
    separation_of_duties: bool = False
    demo: bool = False
    setup_token: str | None = None


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigurationError("security.settings.bad_flag", variable=name, value=raw)


def _number(name: str, default: float, low: float, high: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # NaN fails too
        raise ConfigurationError("security.settings.bad_number", variable=name, value=raw, low=low, high=high)
    return value


def current() -> SecuritySettings:
    """The settings now in force (read on every call: cheap, and tests may change the environment)."""
    token = os.environ.get("RISKMODEL_SETUP_TOKEN", "").strip() or None
    return SecuritySettings(
        session_idle_minutes=_number("RISKMODEL_SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
        session_max_hours=_number("RISKMODEL_SESSION_MAX_HOURS", 12, 0.1, 24 * 30),
        lockout_failures=int(_number("RISKMODEL_LOCKOUT_FAILURES", 5, 1, 100)),
        lockout_minutes=_number("RISKMODEL_LOCKOUT_MINUTES", 15, 1, 24 * 60),
        admin_totp=_flag("RISKMODEL_ADMIN_TOTP"),
        separation_of_duties=_flag("RISKMODEL_SEPARATION_OF_DUTIES"),
        demo=_flag("RISKMODEL_DEMO"),
        setup_token=token,
    )
