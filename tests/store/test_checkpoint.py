"""Signed checkpoints catch what an insider holding the audit key can still do: cut the tail or re-chain it;
and databases made before the chain was keyed still verify after the migration that sealed them."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from riskmodel.cli import main as cli
from riskmodel.errors import ValidationError
from riskmodel.services import audit, auth, checkpoint
from riskmodel.services.context import Actor
from riskmodel.store.db import Store
from riskmodel.store.migrate import alembic_config
from tests.store.tamper import insider, rechain
from tests.store.test_audit_backup import small_history


def test_a_checkpoint_is_signed_and_verifies_against_the_chain(store, tmp_path, capsys):
    small_history(store)
    path = tmp_path / "cp.json"
    assert cli(["--db", store.url, "audit-checkpoint", "-o", str(path)]) == 0
    out = capsys.readouterr().out
    cp = checkpoint.read_checkpoint(path)
    assert cp.key_id in out and str(cp.seq) in out
    assert cp.seq == audit.head_of(store)[0] - 1  # the checkpoint itself was noted in the chain afterwards
    assert cli(["--db", store.url, "audit-verify", "--checkpoint", str(path)]) == 0
    assert checkpoint.check_against(store, cp) is None


def test_a_rechained_tail_passes_the_chain_but_not_the_checkpoint(any_store, tmp_path, capsys, monkeypatch):
    if any_store.dialect == "postgresql":
        monkeypatch.setenv("RISKMODEL_CHECKPOINT_KEY", "7c" * 32)
    small_history(any_store, verdict=True)
    path = tmp_path / "cp.json"
    cp = checkpoint.make_checkpoint(any_store, path)
    with insider(any_store) as s:  # someone with the key edits the verdict and its entry, and re-chains
        was = s.execute(text("SELECT verdict FROM verdicts")).scalar_one()
        forged = "实施" if was != "实施" else "不予实施"
        s.execute(text("UPDATE verdicts SET verdict = :v"), {"v": forged})
        seq = s.execute(text("SELECT seq FROM audit_log WHERE action = 'verdict.issue'")).scalar_one()
        for column in ("details", "record"):
            s.execute(
                text(f"UPDATE audit_log SET {column} = replace({column}, :a, :b) WHERE seq = :q"),
                {"a": f'"verdict":"{was}"', "b": f'"verdict":"{forged}"', "q": seq},
            )
    rechain(any_store, seq)
    assert audit.verify_audit(any_store) is None  # the forgery is consistent with the key …
    broken = checkpoint.check_against(any_store, checkpoint.read_checkpoint(path))
    assert (broken.seq, broken.reason) == (cp.seq, "checkpoint_rechained")  # … but not with the checkpoint
    assert cli(["--db", any_store.url, "audit-verify", "--checkpoint", str(path)]) == 1
    assert "重链" in capsys.readouterr().err


def test_a_cut_tail_is_caught_by_the_checkpoint(store, tmp_path, capsys):
    small_history(store)
    path = tmp_path / "cp.json"
    cp = checkpoint.make_checkpoint(store, path)
    with insider(store) as s:
        s.execute(text("DELETE FROM audit_log WHERE seq >= :q"), {"q": cp.seq - 3})
        s.execute(text("DELETE FROM ratings"))
        s.execute(text("DELETE FROM submissions"))
        s.execute(text("DELETE FROM rating_drafts"))
    rechain(store)
    with insider(store) as s:  # drop the records of the removed entries too, so the rest is consistent
        for seq, record in s.execute(text("SELECT seq, record FROM audit_log WHERE record IS NOT NULL")).all():
            kept = {k: v for k, v in json.loads(record).items() if k != "submissions"}
            s.execute(
                text("UPDATE audit_log SET record = :r WHERE seq = :q"),
                {"r": audit.canonical_json(kept) if kept else None, "q": seq},
            )
    rechain(store)
    assert audit.verify_audit(store) is None
    assert cli(["--db", store.url, "audit-verify", "--checkpoint", str(path)]) == 1
    assert "截断" in capsys.readouterr().err


def test_a_forged_or_foreign_checkpoint_is_refused(store, tmp_path):
    small_history(store)
    path = tmp_path / "cp.json"
    cp = checkpoint.make_checkpoint(store, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["checkpoint"]["seq"] = 1
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        checkpoint.read_checkpoint(forged)
    assert exc.value.key == "security.checkpoint.bad_signature"
    with pytest.raises(ValidationError) as exc:
        checkpoint.read_checkpoint(path, public_key="00" * 32)
    assert exc.value.key == "security.checkpoint.other_key"
    assert checkpoint.read_checkpoint(path, public_key=cp.key_id).seq == cp.seq
    (tmp_path / "garbage.json").write_text("{not json", encoding="utf-8")
    assert cli(["--db", store.url, "audit-verify", "--checkpoint", str(tmp_path / "garbage.json")]) == 1


def _database_at_revision_0001(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()


def test_a_database_made_before_the_chain_was_keyed_is_sealed_and_still_verifies(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _database_at_revision_0001(url)
    engine = create_engine(url)
    prev = audit.GENESIS_HASH
    with engine.begin() as conn:  # what the old code wrote: users and an unkeyed chain
        for i, (name, role) in enumerate((("old-admin", "admin"), ("old-expert", "expert")), start=1):
            conn.execute(
                text(
                    "INSERT INTO users (id, username, display_name, role, password_hash, active, created_at) "
                    "VALUES (:i, :u, :u, :r, 'h', 1, '2025-01-01 00:00:00')"
                ),
                {"i": i, "u": name, "r": role},
            )
            details = audit.canonical_json({"username": name, "role": role})
            at = f"2025-01-01T00:00:0{i}.000000"
            digest = audit.legacy_entry_hash(i, at, "system", "user.create", "user", str(i), details, prev)
            conn.execute(
                text(
                    "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, details, prev_hash, hash) "
                    "VALUES (:s, :a, 'system', 'user.create', 'user', :e, :d, :p, :h)"
                ),
                {"s": i, "a": at, "e": str(i), "d": details, "p": prev, "h": digest},
            )
            prev = digest
        conn.execute(text("UPDATE audit_head SET last_seq = 2, last_hash = :h"), {"h": prev})
    engine.dispose()
    store = Store(url)  # migrates to head: seals the old chain
    assert audit.verify_audit(store) is None
    seal = audit.list_audit(store, Actor.system(), limit=1)[0]
    assert seal.action == "audit.seal" and seal.details == {"legacy_entries": 2, "legacy_head": prev}
    auth.create_user(store, Actor.system(), "new-leader", "correct horse battery", "leader")
    assert audit.verify_audit(store) is None
    with store.transaction() as s:  # the seal vouches for the rows of its moment
        s.execute(text("UPDATE users SET role = 'admin' WHERE username = 'old-expert'"))
    assert audit.verify_audit(store).reason == "row_changed"
    with insider(store) as s:
        s.execute(text("UPDATE users SET role = 'expert' WHERE username = 'old-expert'"))
        s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"))  # an old entry altered
    assert (audit.verify_audit(store).seq, audit.verify_audit(store).reason) == (1, "hash_mismatch")
