"""Role gating: no role reaches another role's page — not through the navigation, not by URL, not by
running the page file with a session of the wrong role, not by editing session keys."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from riskmodel.services.auth import actor_for
from riskmodel.ui import session, shell
from tests.ui.conftest import REPO_ROOT, TIMEOUT, assert_clean

USERS = {"admin": "t-admin", "organizer": "t-organizer", "expert": "t-expert1", "leader": "t-leader"}
OWN_PAGES = [p for p in shell.PAGE_REGISTRY if p.file.startswith(("expert_", "organizer_", "admin_"))]
ALL_PAGES = [p for p in shell.PAGE_REGISTRY if p.exists()]


def _forbidden_pairs():
    for spec in ALL_PAGES:
        for role in USERS:
            if role not in spec.roles:
                yield role, spec


@pytest.mark.parametrize("role", list(USERS))
def test_pages_of_other_roles_are_not_registered(ui, role):
    """Opening another role's page by URL/switch_page fails: it is not in the role's navigation."""
    at = ui.login(USERS[role])
    assert_clean(at)
    forbidden = [spec for r, spec in _forbidden_pairs() if r == role]
    assert forbidden
    for spec in forbidden:
        with pytest.raises(ValueError):
            at.switch_page(spec.app_relative)


@pytest.mark.parametrize(
    "role, spec", [(r, s) for r, s in _forbidden_pairs() if s in OWN_PAGES], ids=lambda v: getattr(v, "url_path", v)
)
def test_page_refuses_a_session_of_another_role(ui, role, spec):
    """Defence in depth: the page itself re-reads the role from the database and stops."""
    actor = actor_for(ui.store, USERS[role])
    token = session.registry().open(ui.store.url, actor, 0)
    at = AppTest.from_file(str(REPO_ROOT / spec.app_relative), default_timeout=TIMEOUT)
    at.session_state[shell.SESSION_KEY] = token
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["无权访问此页面或执行此操作。"]
    assert not at.button and not at.text_input and not at.dataframe


@pytest.mark.parametrize("spec", OWN_PAGES, ids=lambda s: s.url_path)
def test_page_without_login_asks_to_log_in(ui, spec):
    at = AppTest.from_file(str(REPO_ROOT / spec.app_relative), default_timeout=TIMEOUT)
    at.session_state["role"] = spec.roles[0]  # a forged role key grants nothing
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["请先登录。"]
    assert not at.button


@pytest.mark.parametrize("role", list(USERS))
def test_each_role_can_open_each_of_its_pages(ui, role):
    at = ui.login(USERS[role])
    for spec in shell.pages_for(role):
        at.switch_page(spec.app_relative).run()
        assert_clean(at)
        assert "无权访问" not in " ".join(e.value for e in at.error), spec.file


def test_organizer_actions_are_refused_for_an_expert_session(ui):
    """Even if an expert's session ran organizer code, the services refuse the action."""
    from riskmodel.errors import PermissionDenied
    from riskmodel.services import rounds
    from riskmodel.services.auth import actor_for

    with pytest.raises(PermissionDenied):
        rounds.open_next_round(ui.store, actor_for(ui.store, "t-expert1"), ui.ids["E"])
