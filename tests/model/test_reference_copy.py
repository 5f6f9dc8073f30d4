"""The copy of the published reference cases kept with the tests is the shared file, unchanged.

A clean checkout (CI) has no ``../shared`` beside it, so the copy is held to the SHA-256 the shared file had
when it was copied; where the shared file is present, it is held to the same digest, so the copy and the
shared file cannot drift apart without this test failing — and the test never skips.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared/reference/mcda-cases.json"
COPY = Path(__file__).with_name("data") / "mcda-cases.json"
# sha256 of ../shared/reference/mcda-cases.json, read when the copy was made
PUBLISHED_SHA256 = "80ebadf9bc3f50f2782df515ead9d051fc9d20e64382e40708d5a2cd93161389"


def test_the_kept_copy_is_the_published_reference_file_byte_for_byte():
    assert hashlib.sha256(COPY.read_bytes()).hexdigest() == PUBLISHED_SHA256
    if SHARED.exists():
        assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == PUBLISHED_SHA256
