"""Sessions (OWASP ASVS V3): idle and absolute timeouts, ends by a password reset or a deactivation on
another session (the epoch in the database), one's own password change keeping the current session."""

from __future__ import annotations

import pytest

from riskmodel.services import audit, auth
from riskmodel.services.context import Actor
from riskmodel.ui import session
from tests.ui.conftest import assert_clean

ADMIN = "t-admin"


@pytest.fixture
def clock(monkeypatch):
    """Move the sessions' clock: ``clock.advance(seconds)``."""

    class Clock:
        offset = 0.0

        def advance(self, seconds: float) -> None:
            self.offset += seconds

    c = Clock()
    real = session.clock
    monkeypatch.setattr(session, "clock", lambda: real() + c.offset)
    return c


def _on_login_page(at) -> bool:
    return any(w.key == "login_username" for w in at.text_input) and session.SESSION_KEY not in at.session_state


def test_an_idle_session_ends_after_30_minutes_and_says_why(ui, clock):
    at = ui.login("t-leader")
    clock.advance(29 * 60)
    at.run()
    assert not _on_login_page(at)  # activity within the window keeps it alive …
    clock.advance(29 * 60)
    at.run()
    assert not _on_login_page(at)  # … measured from the last run
    clock.advance(31 * 60)
    at.run()
    assert_clean(at)
    assert _on_login_page(at)
    assert any("长时间没有操作" in i.value for i in at.info)
    last = audit.list_audit(ui.store, Actor.system(), limit=1)[0]
    assert (last.action, last.details) == ("auth.logout", {"reason": "idle"})


def test_a_session_ends_after_12_hours_however_active(ui, clock):
    at = ui.login("t-leader")
    for _ in range(25):
        clock.advance(29 * 60)
        at.run()
    assert _on_login_page(at)
    assert any("最长时限" in i.value for i in at.info)


def test_timeouts_are_configurable(ui, clock, monkeypatch):
    monkeypatch.setenv("RISKMODEL_SESSION_IDLE_MINUTES", "5")
    at = ui.login("t-leader")
    clock.advance(6 * 60)
    at.run()
    assert _on_login_page(at)


def test_a_password_reset_ends_the_users_other_sessions(ui):
    expert = ui.login("t-expert1")
    other_browser = ui.login("t-expert1")
    auth.set_password(ui.store, auth.actor_for(ui.store, ADMIN), "t-expert1", "reset by the admin")
    for at in (expert, other_browser):
        at.run()
        assert _on_login_page(at)
        assert any("会话已结束" in i.value for i in at.info)


def test_a_deactivation_ends_the_session_at_its_next_run(ui):
    at = ui.login("t-expert2")
    auth.set_active(ui.store, auth.actor_for(ui.store, ADMIN), "t-expert2", False)
    at.run()
    assert _on_login_page(at)


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(ui):
    here = ui.login("t-leader")
    elsewhere = ui.login("t-leader")
    here.switch_page("riskmodel/ui/pages/account.py").run()
    assert_clean(here)
    here.text_input(key="account_old").input(ui.password)
    here.text_input(key="account_new").input("a new long phrase")
    here.text_input(key="account_new2").input("a new long phrase")
    here.button(key="account_change").click().run()
    assert_clean(here)
    assert any("密码已修改" in s.value for s in here.success)
    here.run()
    assert not _on_login_page(here)
    elsewhere.run()
    assert _on_login_page(elsewhere)
    assert auth.login(ui.store, "t-leader", "a new long phrase").ok


def test_ones_own_password_change_needs_the_right_old_password(ui):
    at = ui.login("t-leader")
    at.switch_page("riskmodel/ui/pages/account.py").run()
    at.text_input(key="account_old").input("not the password")
    at.text_input(key="account_new").input("a new long phrase")
    at.text_input(key="account_new2").input("a new long phrase")
    at.button(key="account_change").click().run()
    assert any("原密码不正确" in e.value for e in at.error)
    at.text_input(key="account_old").input(ui.password)
    at.text_input(key="account_new").input("short")
    at.text_input(key="account_new2").input("short")
    at.button(key="account_change").click().run()
    assert any("12" in e.value for e in at.error)
    assert auth.login(ui.store, "t-leader", ui.password).ok


def test_logout_is_in_the_audit_trail(ui):
    at = ui.login("t-organizer")
    at.button(key="shell_logout").click().run()
    last = audit.list_audit(ui.store, Actor.system(), limit=1)[0]
    assert (last.action, last.actor, last.details) == ("auth.logout", "t-organizer", {"reason": "logout"})
