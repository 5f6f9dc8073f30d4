"""The network catalog: same keys and placeholders in zh and en; every key the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from riskmodel import safe_yaml

ROOT = Path(__file__).resolve().parents[2]


def _flat(data, prefix=""):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value)


def _load(lang: str) -> dict[str, str]:
    return dict(_flat(safe_yaml.load_file(ROOT / "riskmodel" / "i18n" / lang / "network.yaml")))


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_parity():
    zh, en = _load("zh"), _load("en")
    assert set(zh) == set(en)
    assert all(k.startswith("network.") for k in zh)
    assert {k: _fields(v) for k, v in zh.items()} == {k: _fields(v) for k, v in en.items()}


def test_keys_used_in_code_exist():
    zh = _load("zh")
    sources = list((ROOT / "riskmodel" / "network").glob("*.py")) + [ROOT / "riskmodel" / "commands" / "network.py"]
    used = set()
    for path in sources:
        used |= set(re.findall(r"\"(network\.[a-z_]+\.[a-z_0-9]+)\"", path.read_text("utf-8")))
    assert used, "no keys found"
    assert used - set(zh) == set()
