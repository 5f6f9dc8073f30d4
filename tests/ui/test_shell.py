"""The shell: start-up on an empty database, login, session, language switch, role navigation, errors."""

from __future__ import annotations

import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from riskmodel.errors import DomainError
from riskmodel.services import auth, bootstrap, ratings
from riskmodel.services.context import Actor
from riskmodel.store import db
from riskmodel.ui import oidc, session, shell
from tests.ui.conftest import APP, REPO_ROOT, TIMEOUT, assert_clean, shown, texts


def test_login_page_is_chinese_by_default(ui):
    at = ui.start()
    assert_clean(at)
    assert at.title[0].value == "稳评工作台"
    assert at.text_input(key="login_username").label == "用户名"
    assert shell.SESSION_KEY not in at.session_state
    # the scenario database has no demo accounts: no banner, no demo account list
    assert not any("演示数据" in i.value for i in at.info)


def test_wrong_password_is_refused(ui):
    at = ui.login("t-expert1", "wrong-password")
    assert any("用户名或密码不正确" in e.value for e in at.error)
    assert shell.SESSION_KEY not in at.session_state
    assert at.text_input(key="login_username")  # still on the login page


def test_deactivated_account_cannot_log_in(ui):
    auth.set_active(ui.store, Actor.system(), "t-expert2", False)
    at = ui.login("t-expert2")
    assert any("用户名或密码不正确" in e.value for e in at.error)


@pytest.mark.parametrize(
    "username, title",
    [
        ("t-expert1", "我的评估"),
        ("t-organizer", "项目与评估"),
        ("t-admin", "用户与角色"),
    ],
)
def test_each_role_lands_on_its_start_page(ui, username, title):
    at = ui.login(username)
    assert_clean(at)
    assert at.title[0].value == title
    assert at.button(key="shell_logout")


def test_pages_by_role_come_from_the_registry():
    expert = [p.file for p in shell.pages_for("expert")]
    assert expert[:2] == ["expert_home.py", "expert_rating.py"]
    assert not any(f.startswith(("organizer_", "admin_", "leader_")) for f in expert)
    admin = [p.file for p in shell.pages_for("admin")]
    assert admin[:3] == ["admin_users.py", "admin_questionnaires.py", "admin_audit.py"] and "account.py" in admin
    assert {"admin_experts.py", "admin_assessors.py"} <= set(admin)  # the register area's (issue 11)
    assert [p.file for p in shell.pages_for("reviewer")][0] == "reviewer_filing.py"
    assert [p.file for p in shell.pages_for("auditor")] == ["admin_audit.py", "account.py"]
    organizer = {p.file for p in shell.pages_for("organizer")}
    assert {"organizer_projects.py", "organizer_assessment.py"} <= organizer
    # registry entries of other areas are present and appear once their file exists
    files = {p.file for p in shell.PAGE_REGISTRY}
    assert {"leader_dashboard.py", "leader_assessment.py", "network_view.py"} <= files
    for spec in shell.PAGE_REGISTRY:
        assert (spec in shell.pages_for(spec.roles[0])) == spec.exists()


def test_demo_database_shows_banner_and_demo_accounts(demo_ui):
    at = demo_ui.start()
    assert_clean(at)
    assert any("演示数据" in i.value for i in at.info)
    table = at.dataframe[0].value
    assert "demo-expert1" in set(table.iloc[:, 0])
    assert any("demo" in c.value for c in at.caption)


def _seeding_spy(monkeypatch) -> list[str]:
    calls: list[str] = []
    demo = bootstrap._demo_module()
    monkeypatch.setattr(demo, "seed_demo", lambda store, if_empty=False: calls.append(store.url))
    return calls


def test_a_configured_empty_database_opens_the_first_run_page_and_no_demo(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("RISKMODEL_DATABASE_URL", url)
    monkeypatch.delenv("RISKMODEL_DEMO", raising=False)
    calls = _seeding_spy(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert_clean(at)
    assert calls == []  # a configured database never gets the demo accounts
    keys = {w.key for w in at.text_input}
    assert "first_run_username" in keys and "login_username" not in keys
    assert not any(i.value == shell.tr("ui.shell.demo_banner") for i in at.info)


def test_the_embedded_default_database_is_seeded_on_first_start(tmp_path, monkeypatch):
    monkeypatch.delenv("RISKMODEL_DATABASE_URL", raising=False)
    monkeypatch.delenv("RISKMODEL_DEMO", raising=False)
    monkeypatch.setattr(db, "DEFAULT_SQLITE_PATH", tmp_path / "riskmodel.db")  # the README's first command
    calls = _seeding_spy(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert_clean(at)
    assert calls == [db.resolve_url()]  # migrated database, seeding asked for once
    at.run()
    assert calls == [db.resolve_url()]  # cached per database URL


def test_the_demo_is_seeded_into_a_configured_database_only_when_asked(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'asked.db'}"
    monkeypatch.setenv("RISKMODEL_DATABASE_URL", url)
    monkeypatch.setenv("RISKMODEL_DEMO", "1")
    calls = _seeding_spy(monkeypatch)
    AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert calls == [url]


def test_language_switch_is_kept_for_the_session(ui):
    at = ui.login("t-expert1")
    at.radio(key=shell.LANG_SWITCH_KEY).set_value("en").run()
    assert_clean(at)
    assert at.title[0].value == "My assessments"
    assert "Sign out" in texts(at)
    at.switch_page("riskmodel/ui/pages/expert_rating.py").run()
    assert at.title[0].value == "Rating form"
    at.run()
    assert at.session_state["lang"] == "en"


def test_language_switch_on_the_login_page(ui):
    at = ui.start()
    at.radio(key=shell.LANG_SWITCH_KEY).set_value("en").run()
    assert at.text_input(key="login_username").label == "Username"
    at.text_input(key="login_username").input("t-organizer")
    at.text_input(key="login_password").input(ui.password)
    at.button(key="login_submit").click().run()
    assert at.title[0].value == "Projects and assessments"


def test_logout_returns_to_login(ui):
    at = ui.login("t-organizer")
    token = at.session_state[shell.SESSION_KEY]
    at.button(key="shell_logout").click().run()
    assert at.text_input(key="login_username")
    assert session.registry().get(token) is None


def test_tampered_session_state_grants_nothing(ui):
    at = ui.login("t-expert1")
    at.session_state["role"] = "admin"
    at.session_state["user_id"] = 1
    at.session_state["username"] = "t-admin"
    at.run()
    assert at.title[0].value == "我的评估"
    with pytest.raises(ValueError):
        at.switch_page("riskmodel/ui/pages/admin_users.py")
    at.session_state[shell.SESSION_KEY] = "forged-token"
    at.run()
    assert at.text_input(key="login_username")  # back to the login page


def test_role_is_read_from_the_database_on_every_run(ui):
    at = ui.login("t-expert1")
    auth.set_role(ui.store, auth.actor_for(ui.store, "t-admin"), "t-expert1", "organizer")
    at.run()
    assert at.title[0].value == "项目与评估"
    auth.set_active(ui.store, Actor.system(), "t-expert1", False)
    at.run()
    assert at.text_input(key="login_username")


def test_unexpected_error_shows_a_reference_not_a_traceback(ui, monkeypatch, caplog):
    def boom(*_a, **_k):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(ratings, "expert_overview", boom)
    at = ui.login("t-expert1")
    assert not at.exception
    [err] = [e.value for e in at.error]
    assert "参考编号" in err and "secret" not in err
    assert "secret internal detail" in caplog.text


def test_domain_error_shows_its_message_in_the_session_language(ui, monkeypatch):
    def refuse(*_a, **_k):
        raise DomainError("store.rating.no_open_round", id=1)

    monkeypatch.setattr(ratings, "expert_overview", refuse)
    at = ui.login("t-expert1", lang="en")
    assert not at.exception
    assert at.error and all("参考" not in e.value for e in at.error)
    en = DomainError("store.rating.no_open_round", id=1).message("en")
    assert en in [shown(e.value) for e in at.error]


def test_streamlit_config_hides_error_details():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_oidc_buttons_appear_only_when_configured(ui, monkeypatch):
    at = ui.start()
    assert not [b for b in at.button if b.key.startswith("login_oidc_")]
    monkeypatch.setattr(oidc, "configured", lambda: True)
    monkeypatch.setattr(oidc, "providers", lambda: ["gov-idp"])
    monkeypatch.setattr(oidc, "logged_in", lambda: False)
    at = ui.start()
    assert at.button(key="login_oidc_0").label == "使用 gov-idp 登录"


def test_oidc_login_maps_to_the_local_account_and_its_role(ui, monkeypatch):
    monkeypatch.setattr(oidc, "configured", lambda: True)
    monkeypatch.setattr(oidc, "logged_in", lambda: True)
    monkeypatch.setattr(oidc, "identity", lambda: ["t-organizer"])
    at = ui.start()
    assert_clean(at)
    assert at.title[0].value == "项目与评估"
    monkeypatch.setattr(oidc, "identity", lambda: ["stranger@example.org"])
    at = ui.start()
    assert any("没有对应的本地账号" in w.value and "stranger@example.org" in w.value for w in at.warning)
    assert shell.SESSION_KEY not in at.session_state


def test_the_server_listens_on_this_machine_only_unless_configured():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"
    assert config["server"]["enableXsrfProtection"] is True
