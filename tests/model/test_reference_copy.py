"""The copy of the published reference cases kept with the tests is the shared file, unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared/reference/mcda-cases.json"
COPY = Path(__file__).with_name("data") / "mcda-cases.json"


def test_the_kept_copy_equals_the_shared_reference_file():
    if not SHARED.exists():
        pytest.skip(f"no shared reference file beside this checkout ({SHARED}); the copy is used")
    assert COPY.read_bytes() == SHARED.read_bytes()
