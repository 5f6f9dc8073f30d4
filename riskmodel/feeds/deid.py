"""De-identification at import (PIPL): names, phone numbers and ID numbers become keyed hashes.

``Pseudonymizer`` replaces each with HMAC-SHA256 under a key kept outside the database
(``riskmodel.keys.key_for("pseudonym", db_url)``), cut to 32 hex digits: the same person gives the same
pseudonym, so repeat callers and 人次 stay countable, but nobody holding the database alone can reverse
or test a guess. Values are normalised first (a phone's +86 prefix and separators, an ID's lower-case x,
spaces in a name). ``mask_text`` removes phone and ID patterns from free text, and the record's own
name where it appears in its text (kept as the surname + 某).
"""

from __future__ import annotations

import hashlib
import hmac
import re

PHONE_OR_ID = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"(?P<id>[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]|[1-9]\d{14})"
    r"|(?P<mobile>(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2})"
    r"|(?P<landline>0\d{2,3}-?\d{7,8})"
    r")(?![0-9A-Za-z])"
)
MASKS = {"id": "〔证件号〕", "mobile": "〔手机号〕", "landline": "〔电话〕"}
_LONG_DIGITS = re.compile(r"\d{7}")  # every phone or ID pattern has a run of 7 digits
_DIGITS = re.compile(r"\D")


def normalise_phone(value: str) -> str:
    digits = _DIGITS.sub("", value)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def normalise_id(value: str) -> str:
    return value.strip().upper()


def normalise_name(value: str) -> str:
    return "".join(value.split())


def _mask(match: re.Match[str]) -> str:
    return MASKS[match.lastgroup or "id"]


def mask_text(text: str, name: str | None = None) -> str:
    """``text`` without phone numbers, ID numbers and (when given) the person's own name."""
    if not text:
        return text
    out = PHONE_OR_ID.sub(_mask, text) if _LONG_DIGITS.search(text) else text
    if name:
        name = normalise_name(name)
        if len(name) >= 2 and name in out:
            out = out.replace(name, name[0] + "某")
    return out


class Pseudonymizer:
    """Keyed hashes of personal values; equal inputs (after normalisation) give equal pseudonyms."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("pseudonym key too short")
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    def hash(self, kind: str, value: str | None) -> str | None:
        if value is None:
            return None
        if kind == "phone":
            norm = normalise_phone(value)
        elif kind == "id":
            norm = normalise_id(value)
        else:
            norm = normalise_name(value)
        if not norm:
            return None
        cache_key = (kind, norm)
        found = self._cache.get(cache_key)
        if found is None:
            found = hmac.new(self._key, f"{kind}:{norm}".encode(), hashlib.sha256).hexdigest()[:32]
            if len(self._cache) < 2_000_000:
                self._cache[cache_key] = found
        return found

    def person_key(self, *, id_number: str | None, phone: str | None, name: str | None) -> str | None:
        """One pseudonym per person: the ID number's when given, else the phone's, else the name's."""
        return self.hash("id", id_number) or self.hash("phone", phone) or self.hash("name", name)
