"""Helpers for the model tests: the shared reference cases and a checker for catalog-keyed errors.

The reference file lives beside the repository (``<repo>/../shared/reference/mcda-cases.json``), as in
a clean checkout with ``shared/`` next to it (or beside a folder above a worktree); where there is none,
the copy in ``tests/model/data/`` is used, so the published cases are checked on every checkout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from riskmodel.errors import ValidationError
from riskmodel.i18n import has


def _find_reference() -> Path:
    """``shared/reference/mcda-cases.json`` beside the checkout (CI) or beside a folder above it (a
    worktree under ``<root>/wt/<name>`` with ``<root>/shared``)."""
    repo = Path(__file__).resolve().parents[2]
    for folder in repo.parents:
        candidate = folder / "shared/reference/mcda-cases.json"
        if candidate.exists():
            return candidate
    return Path(__file__).with_name("data") / "mcda-cases.json"  # a copy kept with the tests


REFERENCE = _find_reference()


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def reference() -> dict[str, Any]:
    if not REFERENCE.exists():
        pytest.skip(f"reference cases not found at {REFERENCE}")
    return _load()


def case(case_id: str) -> dict[str, Any]:
    return {c["id"]: c for c in reference()["cases"]}[case_id]


def pairwise_matrix(pairs: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """AHPy-style ``{"a>b": "5/2"}`` pairs → (elements in first-seen order, complete matrix of rational
    strings with reciprocals filled in)."""
    elements: list[str] = []
    for key in pairs:
        for e in key.split(">"):
            if e not in elements:
                elements.append(e)
    n = len(elements)
    a = [["1"] * n for _ in range(n)]
    for key, value in pairs.items():
        x, y = key.split(">")
        i, j, f = elements.index(x), elements.index(y), Fraction(value)
        a[i][j], a[j][i] = str(f), str(1 / f)
    return elements, a


def expect_error(
    key: str, fn: Callable[..., Any], *args: Any, zh: tuple[str, ...] = (), en: tuple[str, ...] = (), **kwargs: Any
) -> ValidationError:
    """``fn(*args, **kwargs)`` raises ValidationError ``key``, whose message exists in both catalogs and
    contains the given fragments (e.g. the 1-based cell position) in each language."""
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    exc = info.value
    assert isinstance(exc, ValueError)
    assert exc.key == key, f"expected {key}, got {exc.key}: {exc.message('en')}"
    for lang, parts in (("zh", zh), ("en", en)):
        assert has(key, lang), f"{key} missing from the {lang} catalog"
        message = exc.message(lang)
        assert "{" not in message, f"unfilled placeholder in {message!r}"
        for part in parts:
            assert part in message, f"{part!r} not in {message!r}"
    return exc
