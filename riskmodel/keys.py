"""Secret keys that live outside the database: the audit chain's HMAC key, the feeds' pseudonym key.

A key kept in the same database as the data it protects protects nothing against someone who can
edit that database, so every key comes from outside it, in this order:

1. the environment variable ``RISKMODEL_<PURPOSE>_KEY`` (64 hex digits = 32 bytes; a deployment
   secret — required for PostgreSQL and several app instances, which must all share it);
2. a key file ``RISKMODEL_KEY_DIR/<purpose>.key`` when ``RISKMODEL_KEY_DIR`` is set;
3. for a SQLite file database: a key file beside it, ``<database file>.<purpose>.key``, created with
   mode 0600 on first use (the embedded default needs no setup).

A database without any of these (PostgreSQL, or in-memory SQLite) and no key configured is refused
with a message saying which variable to set.

Rotation: a key is named by its id (``key_id``: 16 hex digits of a hash of the key, never the key). Keys
taken out of use stay readable as *retired* keys — ``RISKMODEL_<PURPOSE>_KEY_RETIRED`` (comma-separated
hex) and the file ``<key file>.retired`` (one hex key per line) — so records made under them still verify
(``keyring``). ``rotate_key`` does this for a key file: the current key moves to the retired file and a
new one is written.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from pathlib import Path

from sqlalchemy.engine import make_url

from riskmodel.errors import ConfigurationError

PURPOSES = ("audit", "pseudonym", "checkpoint")  # checkpoint: the Ed25519 seed that signs audit checkpoints
KEY_BYTES = 32
ENV_KEY_DIR = "RISKMODEL_KEY_DIR"
_lock = threading.Lock()


def env_name(purpose: str) -> str:
    return f"RISKMODEL_{purpose.upper()}_KEY"


def key_path(purpose: str, db_url: str) -> Path | None:
    """Where the key file of ``purpose`` lives for this database (None: only the environment can give it)."""
    directory = os.environ.get(ENV_KEY_DIR)
    if directory:
        return Path(directory) / f"{purpose}.key"
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db_file = Path(url.database)
        return db_file.with_name(f"{db_file.name}.{purpose}.key")
    return None


def _parse(text: str, source: str) -> bytes:
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        raise ConfigurationError("common.keys.malformed", source=source) from None
    if len(raw) < 16:
        raise ConfigurationError("common.keys.too_short", source=source)
    return raw


def key_for(purpose: str, db_url: str) -> bytes:
    """The secret key of ``purpose`` for the database at ``db_url`` (created on first use where allowed)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown key purpose {purpose!r}")
    env = os.environ.get(env_name(purpose))
    if env:
        return _parse(env, env_name(purpose))
    path = key_path(purpose, db_url)
    if path is None:
        raise ConfigurationError("common.keys.missing", variable=env_name(purpose), dir_variable=ENV_KEY_DIR)
    with _lock:
        if not path.exists():
            _create(path)
    return _parse(path.read_text(encoding="ascii"), str(path))


def _create(path: Path) -> None:
    """Write a new random key atomically (complete file or none; another process may win the race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(KEY_BYTES) + "\n")
    try:
        os.link(tmp, path)  # fails if the key appeared meanwhile: the first one stays
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def key_id(key: bytes) -> str:
    """A public name of ``key`` (16 hex digits); says which key was used without revealing it."""
    return hashlib.sha256(b"riskmodel-key-id:" + key).hexdigest()[:16]


def retired_keys(purpose: str, db_url: str) -> list[bytes]:
    """Keys of ``purpose`` taken out of use (environment and ``<key file>.retired``), oldest first."""
    out: list[bytes] = []
    env = os.environ.get(env_name(purpose) + "_RETIRED")
    if env:
        out.extend(_parse(part, env_name(purpose) + "_RETIRED") for part in env.split(",") if part.strip())
    path = key_path(purpose, db_url)
    if path is not None:
        retired = path.with_name(path.name + ".retired")
        if retired.exists():
            lines = retired.read_text(encoding="ascii").splitlines()
            out.extend(_parse(line, str(retired)) for line in lines if line.strip())
    return out


def keyring(purpose: str, db_url: str) -> dict[str, bytes]:
    """Every key of ``purpose`` that records may have been made with, by ``key_id`` (current key included)."""
    ring = {key_id(k): k for k in retired_keys(purpose, db_url)}
    current = key_for(purpose, db_url)
    ring[key_id(current)] = current
    return ring


def rotate_key(purpose: str, db_url: str) -> tuple[str, str]:
    """Replace the key *file* of ``purpose`` by a new key, keeping the old one as retired; (old id, new id).

    Refused when the key comes from the environment (rotate it there: set the new key and add the old
    one to ``RISKMODEL_<PURPOSE>_KEY_RETIRED`` on every instance).
    """
    if os.environ.get(env_name(purpose)):
        raise ConfigurationError("common.keys.rotate_env", variable=env_name(purpose))
    old = key_for(purpose, db_url)
    path = key_path(purpose, db_url)
    assert path is not None  # key_for raised otherwise
    retired = path.with_name(path.name + ".retired")
    with _lock:
        fd = os.open(retired, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="ascii") as fh:
            fh.write(old.hex() + "\n")
        new = secrets.token_hex(KEY_BYTES)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(new + "\n")
        os.replace(tmp, path)
    return key_id(old), key_id(bytes.fromhex(new))
