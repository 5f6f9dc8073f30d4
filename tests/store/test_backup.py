"""Backups: private files with keyed digests, byte-exact round trips (SQLite → PostgreSQL too), and a restore
that checks everything before writing anything — each mutation an insider could make to a backup file is
refused with the first problem named, and the target database stays empty."""

from __future__ import annotations

import json
import os
import stat

import pytest

from riskmodel import keys
from riskmodel.cli import main as cli
from riskmodel.errors import DomainError, ValidationError
from riskmodel.services import audit, auth
from riskmodel.store.backup import backup, check_backup, is_empty, restore, table_digest
from riskmodel.store.db import Store
from tests.store.test_audit_backup import small_history

STRONG = "correct horse battery"


def test_backup_restore_round_trip_is_exact(any_url, tmp_path):
    source = Store(any_url)
    small_history(source, verdict=True)
    first = tmp_path / "one.json"
    counts = backup(source, first)
    assert counts["ratings"] == 3 * 48 and counts["rating_drafts"] == 1 and counts["audit_log"] > 10
    assert "login_attempts" not in counts  # lockout state is not data
    target = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    restore(target, first)
    second = tmp_path / "two.json"
    backup(target, second)
    assert first.read_bytes() == second.read_bytes()
    assert audit.verify_audit(target) is None
    with pytest.raises(DomainError):  # only into an empty database
        restore(target, first)
    # the restored database keeps working: new rows get fresh ids, the chain continues
    auth.create_user(target, audit.Actor.system(), "newcomer", STRONG, "leader")
    assert audit.verify_audit(target) is None


def test_a_sqlite_backup_moves_to_postgresql_byte_for_byte(postgres_url, tmp_path):
    source = Store(f"sqlite:///{tmp_path / 'src.db'}")
    small_history(source, verdict=True)
    path = tmp_path / "b.json"
    backup(source, path)
    pg = Store(postgres_url)
    restore(pg, path)
    again = tmp_path / "b2.json"
    backup(pg, again)
    assert path.read_bytes() == again.read_bytes()
    user = auth.create_user(pg, audit.Actor.system(), "after-restore", STRONG, "leader")
    assert user.id > 4  # the sequence moved past the restored ids
    assert audit.verify_audit(pg) is None


def test_the_backup_file_is_private_and_carries_digests_and_the_chain_head(store, tmp_path):
    small_history(store)
    path = tmp_path / "b.json"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o644)
    backup(store, path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["chain_head"] == dict(zip(("seq", "hash"), audit.head_of(store)))
    assert set(data["digests"]) == set(data["tables"])
    assert data["key_id"] == keys.key_id(keys.key_for("audit", store.url))


def _redigest(data: dict) -> None:
    """What someone holding the audit key does after editing a backup: recompute the digests."""
    key = bytes.fromhex(os.environ["RISKMODEL_AUDIT_KEY"])
    for name, table in data["tables"].items():
        data["digests"][name] = table_digest(key, name, table["columns"], table["rows"])


def _cell(data: dict, table: str, column: str, row: int = 0):
    t = data["tables"][table]
    return t["rows"][row], t["columns"].index(column)


def _flip_verdict(data):
    row, i = _cell(data, "verdicts", "verdict")
    row[i] = "实施" if row[i] != "实施" else "不予实施"


def _change_role(data):
    row, i = _cell(data, "users", "role", 2)
    row[i] = "admin"


def _swap_password_hash(data):
    row, i = _cell(data, "users", "password_hash", 1)
    row[i] = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$forgedforgedforgedforgedforgedforgedfor"


def _score_99(data):
    row, i = _cell(data, "ratings", "score")
    row[i] = 99.0


def _drop_table(data):
    del data["tables"]["verdicts"]


def _dangling_foreign_key(data):
    row, i = _cell(data, "ratings", "submission_id")
    row[i] = 999


def _duplicate_row(data):
    rows = data["tables"]["measures"]["rows"]
    rows.append(list(rows[0]))


MUTATIONS = {
    "flipped verdict": (_flip_verdict, "security.backup.digest", "security.backup.chain"),
    "changed role": (_change_role, "security.backup.digest", "security.backup.chain"),
    "swapped password hash": (_swap_password_hash, "security.backup.digest", "security.backup.chain"),
    "score of 99": (_score_99, "security.backup.digest", "security.backup.chain"),
    "table missing": (_drop_table, "security.backup.missing_table", "security.backup.missing_table"),
    "dangling foreign key": (_dangling_foreign_key, "security.backup.digest", "security.backup.foreign_key"),
    "duplicate row": (_duplicate_row, "security.backup.digest", "security.backup.duplicate_key"),
}


@pytest.fixture(scope="module")
def clean_backup(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("backup-source")
    source = Store(f"sqlite:///{tmp / 'source.db'}")
    small_history(source, verdict=True)
    path = tmp / "clean.json"
    backup(source, path)
    source.dispose()
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("redigested", [False, True], ids=["edited", "edited-and-redigested"])
@pytest.mark.parametrize("name", list(MUTATIONS))
def test_restore_refuses_a_mutated_backup_and_writes_nothing(clean_backup, tmp_path, name, redigested):
    mutate, key_plain, key_redigested = MUTATIONS[name]
    data = json.loads(json.dumps(clean_backup))
    mutate(data)
    if redigested:
        _redigest(data)
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    with pytest.raises(ValidationError) as exc:
        restore(target, path)
    assert exc.value.key == (key_redigested if redigested else key_plain)
    assert str(path) in exc.value.message("en")
    assert is_empty(target)


def test_a_redigested_edit_is_named_by_table_row_and_field(clean_backup, tmp_path):
    data = json.loads(json.dumps(clean_backup))
    _change_role(data)
    _redigest(data)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        check_backup(Store(f"sqlite:///{tmp_path / 't.db'}"), path)
    message = exc.value.message("en")
    assert "users" in message and "role" in message and "admin" in message


def test_a_backup_made_with_another_key_names_the_key(store, tmp_path, monkeypatch):
    small_history(store)
    path = tmp_path / "b.json"
    backup(store, path)
    monkeypatch.setenv("RISKMODEL_AUDIT_KEY", "3c" * 32)
    with pytest.raises(ValidationError) as exc:
        restore(Store(f"sqlite:///{tmp_path / 'other.db'}"), path)
    assert exc.value.key == "security.backup.unknown_key"
    assert "RISKMODEL_AUDIT_KEY" in exc.value.message("en")


def test_a_nul_byte_stored_by_old_sqlite_code_is_refused_before_postgresql_sees_it(any_url, tmp_path):
    """Found 7: SQLite stored a NUL that PostgreSQL refuses; the backup then could not move."""
    source = Store(f"sqlite:///{tmp_path / 'src.db'}")
    small_history(source)
    path = tmp_path / "b.json"
    backup(source, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    row, i = _cell(data, "projects", "description")
    row[i] = "含\x00空字符"
    _redigest(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = Store(any_url)
    with pytest.raises(ValidationError) as exc:
        restore(target, path)
    message = exc.value.message("en")
    assert "projects" in message and "description" in message and "U+0000" in message
    assert is_empty(target)


MALFORMED = {
    "not json": b'{"format": "riskmodel-backup", "tables": {',
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe",
    "a list": b"[1, 2, 3]",
    "tables not a dict": None,
    "row of wrong length": None,
    "text in an integer column": None,
    "bad date": None,
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
}


def _malformed(clean: dict, name: str) -> bytes:
    if MALFORMED[name] is not None:
        return MALFORMED[name]
    data = json.loads(json.dumps(clean))
    if name == "tables not a dict":
        data["tables"] = ["users"]
    elif name == "row of wrong length":
        data["tables"]["users"]["rows"][0].pop()
    elif name == "text in an integer column":
        row, i = _cell(data, "ratings", "version")
        row[i] = "one"
        _redigest(data)
    elif name == "bad date":
        row, i = _cell(data, "users", "created_at")
        row[i] = "yesterday"
        _redigest(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_backup_is_one_message_and_exit_1_never_a_traceback(clean_backup, tmp_path, capsys, name):
    path = tmp_path / "bad.json"
    path.write_bytes(_malformed(clean_backup, name))
    assert cli(["--db", f"sqlite:///{tmp_path / 't.db'}", "restore", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and str(path) in err
    assert "参考编号" not in err  # a named problem, not an unexpected error


def test_backup_and_restore_commands(store, tmp_path, capsys):
    small_history(store)
    out = tmp_path / "cli.json"
    assert cli(["--db", store.url, "backup", str(out)]) == 0
    target = f"sqlite:///{tmp_path / 'cli-restored.db'}"
    assert cli(["--db", target, "restore", str(out)]) == 0
    assert cli(["--db", target, "restore", str(out)]) == 1  # not empty any more
    assert cli(["--db", target, "restore", str(tmp_path / "missing.json")]) == 1
    capsys.readouterr()
