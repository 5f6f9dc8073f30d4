"""Admin pages: users and roles, the questionnaire library (upload, inline validation, AHP), the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update

from riskmodel.errors import PermissionDenied
from riskmodel.questionnaire.loader import QUESTIONNAIRE_DIR
from riskmodel.services import audit, auth, questionnaires
from riskmodel.services.context import Actor
from riskmodel.store.models import AuditEntry
from riskmodel.ui import shell
from tests.store.tamper import insider
from tests.ui.conftest import assert_clean, texts

QUESTIONNAIRES = "riskmodel/ui/pages/admin_questionnaires.py"
AUDIT = "riskmodel/ui/pages/admin_audit.py"


def test_users_page_lists_accounts(ui):
    at = ui.login("t-admin")
    assert_clean(at)
    table = at.dataframe[0].value
    assert {"t-admin", "t-expert1", "t-leader"} <= set(table.iloc[:, 0])


def test_create_user_change_role_reset_password_deactivate(ui):
    at = ui.login("t-admin")
    at.text_input(key="users_new_username").input("new-expert")
    at.text_input(key="users_new_name").input("新专家")
    at.text_input(key="users_new_password").input("a long pass phrase 1")
    at.text_input(key="users_new_password2").input("a long pass phrase 1")
    at.button(key="users_create").click().run()
    assert_clean(at)
    assert auth.get_user(ui.store, "new-expert").role == "expert"
    assert auth.authenticate(ui.store, "new-expert", "a long pass phrase 1") is not None

    at.selectbox(key="users_manage_user.zh").set_value("new-expert")
    at.radio(key="users_manage_action.zh").set_value("role")
    at.selectbox(key="users_manage_role.zh").set_value("leader")
    at.button(key="users_manage_apply").click().run()
    assert_clean(at)
    assert auth.get_user(ui.store, "new-expert").role == "leader"

    at.selectbox(key="users_manage_user.zh").set_value("new-expert")
    at.radio(key="users_manage_action.zh").set_value("password")
    at.text_input(key="users_manage_password").input("another pass phrase")
    at.button(key="users_manage_apply").click().run()
    assert auth.authenticate(ui.store, "new-expert", "another pass phrase") is not None

    at.selectbox(key="users_manage_user.zh").set_value("new-expert")
    at.radio(key="users_manage_action.zh").set_value("deactivate")
    at.button(key="users_manage_apply").click().run()
    assert not auth.get_user(ui.store, "new-expert").active


def test_password_mismatch_and_bad_username_are_reported(ui):
    at = ui.login("t-admin")
    at.text_input(key="users_new_username").input("x")
    at.text_input(key="users_new_password").input("a long pass phrase 1")
    at.text_input(key="users_new_password2").input("a long pass phrase 2")
    at.button(key="users_create").click().run()
    assert any("不一致" in e.value for e in at.error)
    at.text_input(key="users_new_password2").input("a long pass phrase 1")
    at.button(key="users_create").click().run()
    assert_clean(at)
    assert at.error  # the store's message about the username


def test_admin_cannot_change_his_own_role(ui):
    at = ui.login("t-admin")
    at.selectbox(key="users_manage_user.zh").set_value("t-admin")
    at.radio(key="users_manage_action.zh").set_value("role")
    at.selectbox(key="users_manage_role.zh").set_value("expert")
    at.button(key="users_manage_apply").click().run()
    assert any("不能修改自己的角色" in e.value for e in at.error)
    assert auth.get_user(ui.store, "t-admin").role == "admin"


def _questionnaire_page(ui):
    at = ui.login("t-admin")
    at.switch_page(QUESTIONNAIRES).run()
    assert_clean(at)
    return at


def test_library_shows_questionnaires_with_weights(ui):
    at = _questionnaire_page(ui)
    page = texts(at)
    assert "重大决策社会稳定风险评估·四维度专家打分" in page
    assert "决策规则" in page


def test_upload_invalid_yaml_shows_problems_with_line_numbers(ui):
    at = _questionnaire_page(ui)
    text = (QUESTIONNAIRE_DIR / "four-dimension.yaml").read_text(encoding="utf-8")
    broken = text.replace("method: score", "method: scores", 1)
    line = next(i for i, text_line in enumerate(broken.splitlines(), 1) if text_line.startswith("method: scores"))
    at.file_uploader(key="admin_q_upload").upload("broken.yaml", broken.encode("utf-8"), "application/x-yaml").run()
    assert_clean(at)
    assert any("1 处问题" in e.value for e in at.error)
    problems = next(d.value for d in at.dataframe if "行号" in d.value.columns)
    assert line in list(problems["行号"])
    assert any(f">{line:4d} | method: scores" in c.value for c in at.code)


def test_upload_valid_yaml_registers_a_new_version(ui):
    at = _questionnaire_page(ui)
    text = (
        (QUESTIONNAIRE_DIR / "four-dimension.yaml").read_text(encoding="utf-8").replace("version: 1", "version: 2", 1)
    )
    at.file_uploader(key="admin_q_upload").upload("local.yaml", text.encode("utf-8"), "application/x-yaml").run()
    assert any("校验通过" in s.value for s in at.success)
    at.button(key="admin_q_register").click().run()
    assert_clean(at)
    versions = questionnaires.list_versions(ui.store, "four-dimension")
    assert any(v.version == 2 for v in versions)


def test_ahp_editor_computes_weights_and_warns_on_inconsistency(ui):
    at = _questionnaire_page(ui)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["一致性比率 CR"] == "0.0038"
    assert any("一致性可以接受" in s.value for s in at.success)
    editor = next(e for e in at.data_editor if e.key and e.key.startswith("admin_ahp_editor_"))
    # make 专业 far more important than 民意 while 民意 stays above 法律: inconsistent judgments
    at.session_state[editor.key] = {"edited_rows": {0: {"C3": "9", "C4": "9"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics["一致性比率 CR"]) >= 0.1
    assert any("不一致" in w.value for w in at.warning)


def test_ahp_editor_reports_a_bad_cell(ui):
    at = _questionnaire_page(ui)
    editor = next(e for e in at.data_editor if e.key and e.key.startswith("admin_ahp_editor_"))
    at.session_state[editor.key] = {"edited_rows": {0: {"C2": "abc"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    assert any("abc" in e.value for e in at.error)


def test_audit_log_verifies_and_detects_tampering(ui):
    at = ui.login("t-admin")
    at.switch_page(AUDIT).run()
    assert_clean(at)
    assert at.dataframe[0].value.shape[0] > 10
    at.button(key="audit_verify").click().run()
    assert any("审计日志完整" in s.value for s in at.success)
    with insider(ui.store) as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="mallory"))
    at.button(key="audit_verify").click().run()
    assert at.error, [e.value for e in at.error]
    assert any("第 3 条" in t.value for t in at.text), ([e.value for e in at.error], [t.value for t in at.text])


def test_a_verdict_edited_in_sql_is_named_on_the_audit_page_as_text(ui):
    at = ui.login("t-admin")
    at.switch_page(AUDIT).run()
    with insider(ui.store) as s:
        s.execute(text("UPDATE measures SET measure = '![x](http://evil.example/pixel.png)'"))
    at.button(key="audit_verify").click().run()
    assert_clean(at)
    [detail] = [t.value for t in at.text if "measures" in t.value]
    assert "evil.example" in detail and "被修改" in detail  # shown as plain text, not as an image
    assert not any("evil.example" in m.value for m in at.markdown)


def test_with_separation_of_duties_the_admin_has_no_audit_page_and_the_auditor_has(ui, monkeypatch):
    monkeypatch.setenv("RISKMODEL_SEPARATION_OF_DUTIES", "1")
    auth.create_user(
        ui.store, Actor.system(), "t-auditor", "", "auditor", password_hash=auth.hash_password(ui.password)
    )
    at = ui.login("t-admin")
    assert "admin_audit.py" not in {p.file for p in shell.pages_for("admin")}
    with pytest.raises(PermissionDenied):
        audit.list_audit(ui.store, auth.actor_for(ui.store, "t-admin"))
    at = ui.login("t-auditor")
    assert_clean(at)
    assert at.title[0].value == "审计日志"
    at.button(key="audit_verify").click().run()
    assert any("审计日志完整" in s.value for s in at.success)
    assert not any(p.file == "admin_users.py" for p in shell.pages_for("auditor"))
    with pytest.raises(PermissionDenied):  # and the admin cannot hand out or take back the auditor role
        auth.set_role(ui.store, auth.actor_for(ui.store, "t-admin"), "t-expert4", "auditor")
