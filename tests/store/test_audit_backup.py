"""Hash-chained audit log and the backup/restore round trip, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from riskmodel.cli import main as cli
from riskmodel.errors import DomainError
from riskmodel.services import assessments, audit, auth, measures, ratings, rounds, surveys
from riskmodel.store.backup import backup, restore
from riskmodel.store.db import Store
from tests.store.conftest import make_setup, score_entries


def _small_history(store: Store) -> None:
    setup = make_setup(store)
    st, org, aid = store, setup.organizer, setup.assessment_id
    surveys.record_survey(st, org, aid, support=60, neutral=20, oppose=20)
    measures.add_measure(st, org, aid, factor="PUB-01", measure="入户宣传", status="实施中")
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    for e in setup.experts:
        ratings.submit_ratings(st, e, aid, score_entries(q, limit=5))
    ratings.save_draft(st, setup.experts[0], aid, [{"indicator": q.indicator_ids()[6], "score": 2, "comment": "草稿"}])
    rounds.close_round(st, org, aid)


def test_audit_chain_verifies_and_names_the_first_altered_entry(any_store):
    _small_history(any_store)
    assert audit.verify_audit(any_store) is None
    n = audit.audit_count(any_store)
    assert n > 10
    entries = audit.list_audit(any_store, audit.Actor.system(), limit=n)
    assert [e["seq"] for e in entries] == list(range(n, 0, -1))
    assert {"rating.submit", "round.open", "round.close", "survey.record", "user.create"} <= {
        e["action"] for e in entries
    }
    with any_store.transaction() as s:  # tamper behind the application's back
        s.execute(text("UPDATE audit_log SET details = :d WHERE seq = 7"), {"d": json.dumps({"forged": True})})
    broken = audit.verify_audit(any_store)
    assert (broken.seq, broken.reason) == (7, "hash_mismatch")


def test_audit_deletion_and_truncation_are_detected(store):
    _small_history(store)
    n = audit.audit_count(store)
    with store.transaction() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 5"))
    assert (audit.verify_audit(store).seq, audit.verify_audit(store).reason) == (5, "gap")
    with store.transaction() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq >= 5"))
    assert audit.verify_audit(store).reason == "head_mismatch"
    assert n > 5


def test_audit_verify_command(store, capsys):
    _small_history(store)
    assert cli(["--db", store.url, "audit-verify"]) == 0
    with store.transaction() as s:
        s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"))
    assert cli(["--db", store.url, "audit-verify"]) == 1
    err = capsys.readouterr().err
    assert "3" in err and ("第 3 条" in err or "entry 3" in err)


def test_backup_restore_round_trip_is_exact(any_url, tmp_path):
    source = Store(any_url)
    _small_history(source)
    first = tmp_path / "one.json"
    counts = backup(source, first)
    assert counts["ratings"] == 3 * 10 and counts["rating_drafts"] == 1 and counts["audit_log"] > 10
    target = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    restore(target, first)
    second = tmp_path / "two.json"
    backup(target, second)
    assert first.read_bytes() == second.read_bytes()
    assert audit.verify_audit(target) is None
    with pytest.raises(DomainError):  # only into an empty database
        restore(target, first)
    # the restored database keeps working: new rows get fresh ids, the chain continues
    auth.create_user(target, audit.Actor.system(), "newcomer", "pw12", "leader")
    assert audit.verify_audit(target) is None


def test_restore_into_postgres_resets_sequences(postgres_url, tmp_path):
    source = Store(f"sqlite:///{tmp_path / 'src.db'}")
    _small_history(source)
    path = tmp_path / "b.json"
    backup(source, path)
    pg = Store(postgres_url)
    restore(pg, path)
    again = tmp_path / "b2.json"
    backup(pg, again)
    assert path.read_bytes() == again.read_bytes()
    user = auth.create_user(pg, audit.Actor.system(), "after-restore", "pw12", "leader")
    assert user["id"] > 4  # the sequence moved past the restored ids
    assert audit.verify_audit(pg) is None


def test_backup_and_restore_commands(store, tmp_path, capsys):
    _small_history(store)
    out = tmp_path / "cli.json"
    assert cli(["--db", store.url, "backup", str(out)]) == 0
    target = f"sqlite:///{tmp_path / 'cli-restored.db'}"
    assert cli(["--db", target, "restore", str(out)]) == 0
    assert cli(["--db", target, "restore", str(out)]) == 1  # not empty any more
    assert cli(["--db", target, "restore", str(tmp_path / "missing.json")]) == 1
    capsys.readouterr()
