"""The password policy (OWASP ASVS V2.1): long enough, not a common password, not the account's name.

- at least ``MIN_LENGTH`` (12) characters, at most ``MAX_LENGTH`` (so hashing cannot be made slow on purpose);
- not in the list shipped in ``riskmodel/data/common-passwords.txt`` (its header names the source), also
  after removing leading and trailing digits and symbols ("password1234" is "password");
- at least 5 different characters ("aaaaaaaaaaaa", "121212121212" are refused);
- not containing the username.

Composition rules (a digit, a capital…) are deliberately not required (ASVS 2.1.9). Every refusal is a
``ValidationError`` whose message says what to change, in the user's language.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from riskmodel.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_DISTINCT = 5
COMMON_FILE = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt"
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def check_password(password: str, username: str | None = None) -> None:
    """Raise ``ValidationError`` unless ``password`` meets the policy."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise ValidationError("security.password.too_short", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise ValidationError("security.password.too_long", max=MAX_LENGTH)
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or _EDGES.sub("", lowered) in common:
        raise ValidationError("security.password.common")
    if len(set(password)) < MIN_DISTINCT:
        raise ValidationError("security.password.too_simple", distinct=MIN_DISTINCT)
    name = (username or "").strip().lower()
    if len(name) >= 3 and name in lowered:
        raise ValidationError("security.password.contains_username")
