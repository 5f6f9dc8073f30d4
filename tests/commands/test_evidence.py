"""``python -m riskmodel evidence import|show|check`` on a small database."""

from __future__ import annotations

import json

from riskmodel.cli import main
from riskmodel.store.db import Store
from tests.services.test_evidence_import import CONSULTATIONS
from tests.store.conftest import make_setup


def test_import_show_and_check_from_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RISKMODEL_LANG", "zh")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(url)
    setup = make_setup(store)
    store.dispose()
    f = tmp_path / "c.csv"
    f.write_text(CONSULTATIONS, encoding="utf-8")
    a = str(setup.assessment_id)
    assert main(["--db", url, "evidence", "import", "--assessment", a, "consultations", str(f)]) == 0
    assert "已导入 2 条调查记录" in capsys.readouterr().out
    assert main(["--db", url, "evidence", "show", "--assessment", a, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [c["kind"] for c in shown["consultations"]] == ["座谈会", "入户走访"]
    assert main(["--db", url, "evidence", "check", "--assessment", a]) == 1  # no 公示, no review yet
    out = capsys.readouterr().out
    assert "[缺项] 公示期" in out and "[符合] 座谈、听证、走访等调查记录 2 条" in out
