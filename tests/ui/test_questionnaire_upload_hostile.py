"""指标体系库 upload of hostile questionnaires (issue 13, findings 1 and 9): the page uses the questionnaire
parser, which reads through the safe YAML loader — a 200 KB file of ``[`` (which crashed the server
through libyaml's recursion) and a file with a duplicate key get a message with the line, and nothing is
registered."""

from __future__ import annotations

from riskmodel.services import questionnaires
from tests.ui.conftest import assert_clean

QUESTIONNAIRES = "riskmodel/ui/pages/admin_questionnaires.py"


def upload(ui, name: str, data: bytes):
    at = ui.login("t-admin")
    at.switch_page(QUESTIONNAIRES).run()
    assert_clean(at)
    at.file_uploader(key="admin_q_upload").upload(name, data, "application/x-yaml").run()
    assert_clean(at)
    return at


def problems_table(at):
    return next(d.value for d in at.dataframe if "行号" in d.value.columns)


def test_a_deeply_nested_upload_gets_a_message_not_a_crash(ui):
    before = questionnaires.list_versions(ui.store, "minimal")
    at = upload(ui, "nested.yaml", b"[" * 200_000)
    assert any("1 处问题" in e.value for e in at.error)
    table = problems_table(at)
    assert list(table["行号"]) == [1]
    assert "嵌套超过 20 层" in table.iloc[0, 2]
    assert all(b.key != "admin_q_register" for b in at.button)
    assert questionnaires.list_versions(ui.store, "minimal") == before


def test_a_duplicate_key_is_named_with_both_lines(ui):
    text = "id: dup\nversion: 1\nversion: 2\n"
    at = upload(ui, "dup.yaml", text.encode("utf-8"))
    table = problems_table(at)
    assert list(table["行号"]) == [3]
    assert "version 出现两次（第 2 行和第 3 行）" in table.iloc[0, 2]
    assert any(">   3 | version: 2" in c.value for c in at.code)
