"""Signed checkpoints of the audit chain head, kept outside the database by an auditor.

The keyed chain stops anyone *without* the audit key from forging history. Someone who holds the key
and can write the database (a server administrator) could still cut the tail off or re-chain it; a
checkpoint taken earlier and kept elsewhere catches both: ``audit-verify --checkpoint FILE`` requires the
entry the checkpoint names to be in the chain with the hash it had.

File (JSON): ``{"checkpoint": {format, version, database, seq, hash, alg, made_at, public_key, key_id},
"signature": hex}``; the signature is Ed25519 (``cryptography``) over the canonical JSON of
``checkpoint``. The signing key is a seed from outside the database — ``RISKMODEL_CHECKPOINT_KEY``, the key
directory, or a file beside the SQLite file (``riskmodel.keys``, purpose ``checkpoint``) — or a key file
the auditor gives (``--signing-key``). The file carries the public key; an auditor records its id
(printed when the checkpoint is made) and passes ``--public-key`` when verifying elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from riskmodel import keys
from riskmodel.errors import ConfigurationError, ValidationError
from riskmodel.services import audit
from riskmodel.services.context import Actor, now
from riskmodel.store.db import Store, redact

FORMAT = "riskmodel-audit-checkpoint"
VERSION = 1


@dataclass(frozen=True)
class Checkpoint:
    database: str
    seq: int
    hash: str
    alg: str | None
    made_at: str
    public_key: str  # hex of the raw Ed25519 public key
    key_id: str
    format: str = FORMAT
    version: int = VERSION

    def body(self) -> dict[str, Any]:
        return asdict(self)


def _signing_key(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"riskmodel-checkpoint:" + seed).digest())


def _public_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def public_key_id(public_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


def read_seed(path: str | Path) -> bytes:
    """A signing seed from a key file (hex, as ``riskmodel.keys`` writes them)."""
    try:
        raw = Path(path).read_text(encoding="ascii").strip()
        seed = bytes.fromhex(raw)
    except (OSError, UnicodeDecodeError, ValueError):
        raise ValidationError("security.checkpoint.bad_key_file", file=str(path)) from None
    if len(seed) < 16:
        raise ValidationError("security.checkpoint.bad_key_file", file=str(path))
    return seed


def local_public_key(store: Store) -> str | None:
    """The public key of this deployment's checkpoint key, or None when none is configured."""
    try:
        return _public_hex(_signing_key(keys.key_for("checkpoint", store.url)))
    except ConfigurationError:
        return None


def make_checkpoint(store: Store, path: str | Path, *, seed: bytes | None = None) -> Checkpoint:
    """Sign the current chain head and write it to ``path``; the checkpoint is also noted in the chain."""
    broken = audit.verify_audit(store)
    if broken is not None:
        raise ValidationError("security.checkpoint.chain_broken", seq=broken.seq)
    key = _signing_key(seed if seed is not None else keys.key_for("checkpoint", store.url))
    seq, digest = audit.head_of(store)
    with store.read() as s:
        from riskmodel.store.models import AuditEntry

        entry = s.get(AuditEntry, seq) if seq else None
        alg = entry.alg if entry else None
    public = _public_hex(key)
    cp = Checkpoint(
        database=redact(store.url),
        seq=seq,
        hash=digest,
        alg=alg,
        made_at=now().isoformat(timespec="seconds") + "Z",
        public_key=public,
        key_id=public_key_id(public),
    )
    signature = key.sign(audit.canonical_json(cp.body()).encode("utf-8")).hex()
    text = json.dumps({"checkpoint": cp.body(), "signature": signature}, ensure_ascii=False, indent=1, sort_keys=True)
    try:
        Path(path).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise ValidationError(
            "security.checkpoint.unwritable", file=str(path), reason=exc.strerror or str(exc)
        ) from None

    def _note(s) -> None:
        audit.record(s, Actor.system(), "audit.checkpoint", "audit", seq, hash=digest, key_id=cp.key_id)

    store.write(_note)
    return cp


def read_checkpoint(path: str | Path, *, public_key: str | None = None) -> Checkpoint:
    """The checkpoint in ``path`` after checking its signature (against ``public_key`` when given)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        body, signature = data["checkpoint"], bytes.fromhex(data["signature"])
        cp = Checkpoint(**body)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        raise ValidationError("security.checkpoint.unreadable", file=str(path)) from None
    if cp.format != FORMAT or cp.version != VERSION:
        raise ValidationError("security.checkpoint.unreadable", file=str(path))
    if public_key is not None and public_key.strip().lower() not in (cp.public_key, cp.key_id):
        raise ValidationError("security.checkpoint.other_key", file=str(path), key_id=cp.key_id)
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(cp.public_key)).verify(
            signature, audit.canonical_json(cp.body()).encode("utf-8")
        )
    except (InvalidSignature, ValueError):
        raise ValidationError("security.checkpoint.bad_signature", file=str(path)) from None
    return cp


def check_against(store: Store, cp: Checkpoint) -> audit.AuditBreak | None:
    """A cut tail (the entry is gone) or a re-chained one (its hash changed) since the checkpoint."""
    found = audit.hash_at(store, cp.seq) if cp.seq else audit.GENESIS_HASH
    if cp.seq == 0:
        return None
    if found is None:
        return audit.AuditBreak(cp.seq, "checkpoint_cut")
    if found != cp.hash:
        return audit.AuditBreak(cp.seq, "checkpoint_rechained")
    return None
