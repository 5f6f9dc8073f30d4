"""Accounts (OWASP ASVS V2): the password policy, lockout per account in the database, the old password for
one's own change, TOTP for admins by a setting, 三员分立, and every account event in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from riskmodel.errors import DomainError, PermissionDenied, ValidationError
from riskmodel.services import audit, auth, bootstrap
from riskmodel.services.auth import LoginStatus
from riskmodel.services.context import Actor, at, now
from riskmodel.services.passwords import check_password

SYSTEM = Actor.system()
GOOD = "correct horse battery"


def _user(store, name="alice", role="leader", password=GOOD):
    auth.create_user(store, SYSTEM, name, password, role)
    return auth.actor_for(store, name)


def _actions(store) -> list[str]:
    return [e.action for e in reversed(audit.list_audit(store, SYSTEM, limit=1000))]


@pytest.mark.parametrize(
    "password, key",
    [
        ("pw12", "security.password.too_short"),
        ("elevenchars", "security.password.too_short"),
        ("password1234", "security.password.common"),  # "password" with digits after it
        ("qwertyuiop123", "security.password.common"),
        ("woaini1314520", "security.password.common"),
        ("aaaaaaaaaaaaaaa", "security.password.too_simple"),
        ("121212121212", "security.password.too_simple"),
        ("my alice password", "security.password.contains_username"),
        ("x" * 300, "security.password.too_long"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, key):
    with pytest.raises(ValidationError) as exc:
        check_password(password, "alice")
    assert exc.value.key == key


def test_the_shipped_list_of_common_passwords_states_its_source():
    from riskmodel.services.passwords import COMMON_FILE, common_passwords

    head = COMMON_FILE.read_text(encoding="utf-8").splitlines()[:6]
    assert any("zxcvbn" in line and "MIT" in line for line in head)
    assert len(common_passwords()) > 30_000 and "123456" in common_passwords()


def test_a_good_passphrase_is_accepted_everywhere(store):
    check_password(GOOD, "alice")
    assert _user(store).username == "alice"
    with pytest.raises(ValidationError):
        auth.create_user(store, SYSTEM, "bob", "short", "leader")


def test_five_failures_lock_the_account_for_everyone_and_the_message_hides_whether_it_exists(store):
    _user(store)
    for _ in range(4):
        assert auth.login(store, "alice", "wrong password!!").status == LoginStatus.FAILED
    assert auth.login(store, "alice", "wrong password!!").status == LoginStatus.LOCKED  # the 5th locks
    locked = auth.login(store, "alice", GOOD)  # even the right password, from any session
    assert locked.status == LoginStatus.LOCKED and 0 < locked.retry_after_s <= 15 * 60
    for _ in range(5):  # a name that does not exist behaves the same
        last = auth.login(store, "nobody", "whatever password")
    assert last.status == LoginStatus.LOCKED
    assert {"auth.login_failed", "auth.lockout"} <= set(_actions(store))
    assert audit.verify_audit(store) is None


def test_the_lockout_ends_after_the_window_and_a_success_clears_the_count(store):
    _user(store)
    start = now()
    with at(start):
        for _ in range(5):
            auth.login(store, "alice", "wrong password!!")
        assert auth.login(store, "alice", GOOD).status == LoginStatus.LOCKED
    with at(start + timedelta(minutes=16)):
        assert auth.login(store, "alice", GOOD).ok
        for _ in range(4):
            auth.login(store, "alice", "wrong password!!")
        assert auth.login(store, "alice", GOOD).ok  # 4 failures after a success: not locked


def test_the_lockout_window_is_configurable_and_an_admin_can_lift_it(store, monkeypatch):
    monkeypatch.setenv("RISKMODEL_LOCKOUT_FAILURES", "2")
    _user(store)
    auth.login(store, "alice", "wrong password!!")
    assert auth.login(store, "alice", "wrong password!!").status == LoginStatus.LOCKED
    assert auth.unlock_account(store, SYSTEM, "alice") == 2
    assert auth.login(store, "alice", GOOD).ok
    monkeypatch.setenv("RISKMODEL_LOCKOUT_FAILURES", "lots")
    with pytest.raises(Exception) as exc:
        auth.login(store, "alice", GOOD)
    assert "RISKMODEL_LOCKOUT_FAILURES" in str(exc.value)


def test_logins_and_logouts_are_in_the_audit_trail(store):
    alice = _user(store)
    assert auth.login(store, "alice", GOOD).ok
    auth.record_logout(store, alice, "idle")
    entries = audit.list_audit(store, SYSTEM, limit=3)
    assert [e.action for e in entries[:2]] == ["auth.logout", "auth.login"]
    assert entries[0].details == {"reason": "idle"} and entries[1].actor == "alice"


def test_changing_ones_own_password_needs_the_old_one_and_ends_the_other_sessions(store):
    alice = _user(store)
    before = auth.session_user(store, "alice").session_epoch
    with pytest.raises(DomainError):
        auth.set_password(store, alice, "alice", "a brand new phrase")  # the admin's reset is not for oneself
    with pytest.raises(ValidationError) as exc:
        auth.change_own_password(store, alice, "not my password", "a brand new phrase")
    assert exc.value.key == "security.password.old_wrong"
    with pytest.raises(ValidationError):
        auth.change_own_password(store, alice, GOOD, "short")
    epoch = auth.change_own_password(store, alice, GOOD, "a brand new phrase")
    assert epoch == before + 1 == auth.session_user(store, "alice").session_epoch
    assert auth.login(store, "alice", "a brand new phrase").ok and not auth.login(store, "alice", GOOD).ok
    assert {"user.password_change", "auth.password_change_failed"} <= set(_actions(store))


def test_a_reset_or_deactivation_raises_the_session_epoch(store):
    _user(store)
    admin = _user(store, "root", "admin")
    e0 = auth.session_user(store, "alice").session_epoch
    auth.set_password(store, admin, "alice", "reset by the admin")
    auth.set_active(store, admin, "alice", False)
    assert auth.session_user(store, "alice").session_epoch == e0 + 2
    assert not auth.login(store, "alice", "reset by the admin").ok  # deactivated


def test_role_changes_are_audited_and_not_of_oneself(store):
    _user(store)
    admin = _user(store, "root", "admin")
    auth.set_role(store, admin, "alice", "organizer")
    with pytest.raises(DomainError):
        auth.set_role(store, admin, "root", "leader")
    [entry] = [e for e in audit.list_audit(store, SYSTEM) if e.action == "user.role"]
    assert entry.details == {"username": "alice", "before": "leader", "after": "organizer"}


def test_admins_can_be_required_to_use_totp(store, monkeypatch):
    monkeypatch.setenv("RISKMODEL_ADMIN_TOTP", "1")
    _user(store, "root", "admin")
    first = auth.login(store, "root", GOOD)
    assert first.status == LoginStatus.ENROL
    secret = auth.new_totp_secret()
    assert auth.complete_second_factor(store, first.actor.user_id, "000000", secret=secret).status == LoginStatus.FAILED
    code = pyotp.TOTP(secret).now()
    done = auth.complete_second_factor(store, first.actor.user_id, code, secret=secret)
    assert done.ok
    again = auth.login(store, "root", GOOD)
    assert again.status == LoginStatus.SECOND_FACTOR  # from now on the code is needed
    assert auth.complete_second_factor(store, again.actor.user_id, code).status == LoginStatus.FAILED  # used once
    assert auth.authenticate(store, "root", GOOD) is None  # a password alone is not a login any more
    _user(store)  # other roles are not asked
    assert auth.login(store, "alice", GOOD).ok
    assert "user.totp_enrol" in _actions(store)


def test_guessing_codes_cannot_reset_the_lockout_by_reentering_the_password(store, monkeypatch):
    monkeypatch.setenv("RISKMODEL_ADMIN_TOTP", "1")
    admin = _user(store, "root", "admin")
    secret = auth.new_totp_secret()
    auth.enrol_second_factor(store, admin, secret, pyotp.TOTP(secret).now())
    statuses = []
    for _ in range(3):
        result = auth.login(store, "root", GOOD)
        statuses.append(result.status)
        if result.status == LoginStatus.SECOND_FACTOR:
            statuses.append(auth.complete_second_factor(store, admin.user_id, "123456").status)
    assert LoginStatus.LOCKED in statuses


def test_with_separation_of_duties_admins_do_not_touch_auditors_nor_read_the_log(store, monkeypatch):
    monkeypatch.setenv("RISKMODEL_SEPARATION_OF_DUTIES", "on")
    admin = _user(store, "root", "admin")
    with pytest.raises(PermissionDenied):
        auth.create_user(store, admin, "eve", GOOD, "auditor")
    auditor = _user(store, "eve", "auditor")  # the command line (system) may
    with pytest.raises(PermissionDenied):
        auth.set_password(store, admin, "eve", "another long phrase")
    with pytest.raises(PermissionDenied):
        audit.list_audit(store, admin)
    assert audit.list_audit(store, auditor)
    with pytest.raises(PermissionDenied):
        auth.create_user(store, auditor, "mallory", GOOD, "admin")  # and the auditor manages nobody
    monkeypatch.setenv("RISKMODEL_SEPARATION_OF_DUTIES", "off")
    assert audit.list_audit(store, admin)


def test_the_demo_prefix_is_reserved_for_the_seeder(store):
    admin = _user(store, "root", "admin")
    with pytest.raises(ValidationError):
        auth.create_user(store, admin, "demo-boss", GOOD, "leader")


def test_the_first_admin_is_made_once_and_under_the_policy(store, monkeypatch):
    with pytest.raises(ValidationError):
        bootstrap.create_first_admin(store, "chief", "demo")
    monkeypatch.setenv("RISKMODEL_SETUP_TOKEN", "let me in please")
    with pytest.raises(ValidationError) as exc:
        bootstrap.create_first_admin(store, "chief", GOOD, setup_token="guess")
    assert exc.value.key == "security.first_run.bad_token"
    actor = bootstrap.create_first_admin(store, "chief", GOOD, setup_token="let me in please")
    assert actor.role == "admin"
    with pytest.raises(DomainError):
        bootstrap.create_first_admin(store, "second", GOOD, setup_token="let me in please")
    assert [e.actor for e in reversed(audit.list_audit(store, SYSTEM))] == ["setup", "chief"]
