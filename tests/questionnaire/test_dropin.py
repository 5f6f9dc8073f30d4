"""A third questionnaire is added by dropping a file into the questionnaire directory."""

from __future__ import annotations

import json
import shutil

import pytest

from riskmodel.cli import main
from riskmodel.errors import NotFoundError
from riskmodel.questionnaire import (
    QUESTIONNAIRE_DIR,
    QuestionnaireError,
    builtin_questionnaires,
    get_questionnaire,
    loader,
)

from .conftest import MINIMAL, edit


@pytest.fixture
def qdir(tmp_path, monkeypatch):
    """A private copy of questionnaires/ that the loader reads instead of the real one."""
    target = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRE_DIR, target)
    monkeypatch.setattr(loader, "QUESTIONNAIRE_DIR", target)
    builtin_questionnaires.cache_clear()
    yield target
    builtin_questionnaires.cache_clear()


def test_dropped_file_is_picked_up(qdir, capsys):
    text = (qdir / "four-dimension.yaml").read_text(encoding="utf-8")
    text = edit(text, "\nid: four-dimension\n", "\nid: my-city\n")
    (qdir / "my-city.yaml").write_text(text, encoding="utf-8")
    found = builtin_questionnaires()
    assert {"four-dimension", "four-properties", "ndrc-investment", "my-city"} <= set(found)
    assert get_questionnaire("my-city").indicator_ids() == get_questionnaire("four-dimension").indicator_ids()
    assert main(["questionnaires", "--json"]) == 0
    assert "my-city" in {item["id"] for item in json.loads(capsys.readouterr().out)}


def test_minimal_file_is_selectable(qdir):
    (qdir / "minimal.yaml").write_text(MINIMAL, encoding="utf-8")
    assert get_questionnaire("minimal").name.en == "Minimal questionnaire"


def test_latest_version_wins(qdir):
    (qdir / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (qdir / "b.yaml").write_text(edit(MINIMAL, "version: 1", "version: 2"), encoding="utf-8")
    assert get_questionnaire("minimal").version == 2


def test_unknown_id(qdir):
    with pytest.raises(NotFoundError):
        get_questionnaire("no-such-questionnaire")


def test_broken_dropped_file_is_reported(qdir, capsys, monkeypatch):
    monkeypatch.setenv("RISKMODEL_LANG", "en")
    (qdir / "broken.yaml").write_text(edit(MINIMAL, "area: 媒体舆论导向", "area: 舆情"), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as info:
        builtin_questionnaires()
    assert info.value.source.endswith("broken.yaml")
    assert main(["questionnaires"]) == 1
    assert "broken.yaml" in capsys.readouterr().err
