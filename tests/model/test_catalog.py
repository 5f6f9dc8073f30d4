"""The engine.* message catalogs of the model: same keys and same {placeholders} in zh and en."""

from __future__ import annotations

import string
from pathlib import Path

from riskmodel import safe_yaml
from riskmodel.i18n import _flatten

I18N = Path(__file__).resolve().parents[2] / "riskmodel" / "i18n"


def _load(lang: str) -> dict[str, str]:
    data = safe_yaml.load_file(I18N / lang / "engine.yaml")
    return dict(_flatten(data))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_engine_catalog_parity():
    zh, en = _load("zh"), _load("en")
    assert set(zh) == set(en)
    assert all(k.startswith("engine.") for k in zh)
    for key in zh:
        assert _fields(zh[key]) == _fields(en[key]), key
