"""The questionnaire area's messages exist in both languages with the same {placeholders}."""

from __future__ import annotations

import string
from pathlib import Path

from riskmodel import safe_yaml
from riskmodel.i18n import _flatten

CATALOGS = Path(__file__).resolve().parents[2] / "riskmodel" / "i18n"


def _load(lang: str) -> dict[str, str]:
    data = safe_yaml.load_file(CATALOGS / lang / "questionnaire.yaml")
    return dict(_flatten(data))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_and_placeholders():
    zh, en = _load("zh"), _load("en")
    assert set(zh) == set(en)
    assert all(key.startswith("questionnaire.") for key in zh)
    for key in zh:
        assert _fields(zh[key]) == _fields(en[key]), key
