"""Message catalogs (Simplified Chinese default, English switch) for the UI, CLI, reports and errors.

Catalogs live in ``riskmodel/i18n/<lang>/*.yaml``; each file holds flat dotted keys of one area
(``engine.*``, ``store.*``, ``network.*``, ``report.*``, ``ui.*``). Files are merged per language; a key
defined twice is an error so areas cannot silently override each other.
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from riskmodel import safe_yaml

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
_HERE = Path(__file__).parent


def default_language() -> str:
    """Language of the command line and of ``str(error)``: ``RISKMODEL_LANG`` or Chinese."""
    lang = os.environ.get("RISKMODEL_LANG", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its area files."""
    merged: dict[str, str] = {}
    for path in sorted((_HERE / lang).glob("*.yaml")):
        try:
            data = safe_yaml.load_file(path) or {}
        except safe_yaml.YamlError as exc:  # plain text: these are the catalogs
            raise RuntimeError(f"i18n catalog {path}: {exc.plain()}") from None
        for key, value in _flatten(data):
            if key in merged:
                raise RuntimeError(f"i18n key {key!r} defined twice ({path.name})")
            merged[key] = str(value)
    return merged


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, full + ".")
        else:
            yield full, value


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """Translate ``key`` into ``lang`` (default: ``default_language()``), filling ``{name}`` fields.

    Falls back to Chinese, then to the key itself, so a missing entry is visible but never crashes.
    """
    lang = lang or default_language()
    text = catalog(lang).get(key)
    if text is None:  # an entry may be empty on purpose (a blank table cell): only a missing one falls back
        text = catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        text = key
    if params:
        return string.Formatter().vformat(text, (), _Missing(params))
    return text


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    return key in catalog(lang)
