"""The keyed audit chain and what it vouches for, on SQLite and PostgreSQL: the database refuses changes to
signed records, and what an insider changes behind the application's back is named by audit-verify."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from riskmodel import keys
from riskmodel.cli import main as cli
from riskmodel.services import assessments, audit, auth, measures, ratings, rounds, surveys, verdicts
from riskmodel.store.db import Store
from tests.store.conftest import make_setup, score_entries
from tests.store.tamper import insider, rechain


def small_history(store: Store, *, verdict: bool = False) -> int:
    """Users, a project, an assessment with a survey, a measure, a closed round of three experts (and a
    verdict); returns the assessment id."""
    setup = make_setup(store)
    st, org, aid = store, setup.organizer, setup.assessment_id
    surveys.record_survey(st, org, aid, support=60, neutral=20, oppose=20)
    measures.add_measure(st, org, aid, factor="PUB-01", measure="入户宣传", status="实施中")
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    for e in setup.experts:
        # a verdict needs a complete result (issue 9): every indicator rated then, five otherwise
        ratings.submit_ratings(st, e, aid, score_entries(q, limit=None if verdict else 5))
    ratings.save_draft(st, setup.experts[0], aid, [{"indicator": q.indicator_ids()[6], "score": 2, "comment": "草稿"}])
    rounds.close_round(st, org, aid)
    if verdict:
        assessments.begin_review(st, org, aid)
        verdicts.issue_verdict(st, org, aid, "风险可控")
    return aid


def test_audit_chain_verifies_and_names_the_first_altered_entry(any_store):
    small_history(any_store)
    assert audit.verify_audit(any_store) is None
    n = audit.audit_count(any_store)
    assert n > 10
    entries = audit.list_audit(any_store, audit.Actor.system(), limit=n)
    assert [e.seq for e in entries] == list(range(n, 0, -1))
    assert {"rating.submit", "round.open", "round.close", "survey.record", "user.create"} <= {e.action for e in entries}
    with insider(any_store) as s:
        s.execute(text("UPDATE audit_log SET details = :d WHERE seq = 7"), {"d": json.dumps({"forged": True})})
    broken = audit.verify_audit(any_store)
    assert (broken.seq, broken.reason) == (7, "hash_mismatch")


def test_audit_deletion_and_truncation_are_detected(store):
    small_history(store)
    n = audit.audit_count(store)
    with insider(store) as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 5"))
    assert (audit.verify_audit(store).seq, audit.verify_audit(store).reason) == (5, "gap")
    with insider(store) as s:
        s.execute(text("DELETE FROM audit_log WHERE seq >= 5"))
    assert audit.verify_audit(store).reason == "head_mismatch"
    assert n > 5


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE verdicts SET verdict = '实施'",
        "DELETE FROM verdicts",
        "UPDATE submissions SET ratings_count = 1",
        "DELETE FROM submissions",
        "UPDATE ratings SET score = 1",
        "DELETE FROM ratings",
        "UPDATE audit_log SET actor = 'mallory'",
        "DELETE FROM audit_log",
    ],
)
def test_the_database_refuses_to_change_signed_records(any_store, statement):
    small_history(any_store, verdict=True)
    with pytest.raises(DBAPIError) as exc, any_store.transaction() as s:
        s.execute(text(statement))
    assert "append-only" in str(exc.value.orig)
    assert audit.verify_audit(any_store) is None


def test_postgresql_refuses_truncate_of_signed_records(postgres_url):
    store = Store(postgres_url)
    small_history(store, verdict=True)
    for table in ("verdicts", "submissions", "ratings", "audit_log"):
        with pytest.raises(DBAPIError), store.transaction() as s:
            s.execute(text(f"TRUNCATE {table} CASCADE"))


@pytest.mark.parametrize(
    "edit, table, reason, field",
    [
        ("UPDATE verdicts SET verdict = '实施'", "verdicts", "row_changed", "verdict"),
        ("UPDATE verdicts SET rationale = '另一理由'", "verdicts", "row_changed", "rationale"),
        ("DELETE FROM verdicts", "verdicts", "row_deleted", None),
        ("UPDATE ratings SET score = 5 WHERE id = 3", "submissions", "row_changed", "ratings_sha256"),
        ("DELETE FROM ratings WHERE id = 4", "submissions", "row_changed", "ratings_sha256"),
        ("UPDATE users SET role = 'admin' WHERE username = 'ex1'", "users", "row_changed", "role"),
        (
            "UPDATE users SET password_hash = '$argon2id$v=19$m=65536,t=3,p=4$forged' WHERE username = 'boss'",
            "users",
            "row_changed",
            "password_sha256",
        ),
        ("UPDATE measures SET status = '已完成'", "measures", "row_changed", "status"),
    ],
)
def test_audit_verify_names_a_record_edited_in_sql(any_store, edit, table, reason, field):
    small_history(any_store, verdict=True)
    assert audit.verify_audit(any_store) is None
    with insider(any_store) as s:
        s.execute(text(edit))
    broken = audit.verify_audit(any_store)
    assert broken is not None and (broken.reason, broken.table, broken.field) == (reason, table, field)
    assert audit.verify_audit(any_store, records_too=False) is None  # the log itself is intact


def test_a_row_added_in_sql_is_named_as_unrecorded(store):
    small_history(store)
    with store.transaction() as s:
        s.execute(
            text(
                "INSERT INTO users (username, display_name, role, password_hash, active, created_at, session_epoch) "
                "VALUES ('mallory', 'm', 'admin', 'x', 1, '2026-01-01 00:00:00', 0)"
            )
        )
    broken = audit.verify_audit(store)
    assert (broken.reason, broken.table) == ("row_unrecorded", "users")


def test_a_rechained_forgery_without_the_key_is_detected(store):
    small_history(store, verdict=True)
    with insider(store) as s:
        s.execute(text("UPDATE verdicts SET verdict = '实施'"))
        s.execute(text("UPDATE audit_log SET details = replace(details, '暂缓实施', '实施')"))
    rechain(store, legacy=True)  # the old unkeyed algorithm: anyone could compute it
    assert audit.verify_audit(store).reason == "unsealed_legacy"
    rechain(store, key=b"a guessed key of the forger....")  # a key of his own: its id is not in the ring
    assert audit.verify_audit(store).reason == "unknown_key"
    with insider(store) as s:  # claim the real key's id without knowing the key
        s.execute(text("UPDATE audit_log SET alg = :a"), {"a": audit.hmac_alg(keys.key_for("audit", store.url))})
    assert audit.verify_audit(store).reason == "hash_mismatch"


def test_audit_verify_command_names_the_problem_in_the_users_language(store, capsys, monkeypatch):
    small_history(store, verdict=True)
    assert cli(["--db", store.url, "audit-verify"]) == 0
    assert "完整" in capsys.readouterr().out
    with insider(store) as s:
        s.execute(text("UPDATE verdicts SET verdict = '实施'"))
    assert cli(["--db", store.url, "audit-verify"]) == 1
    err = capsys.readouterr().err
    assert "verdicts" in err and "verdict" in err and "实施" in err and "被修改" in err
    monkeypatch.setenv("RISKMODEL_LANG", "en")
    assert cli(["--db", store.url, "audit-verify"]) == 1
    assert "changed in the database" in capsys.readouterr().err


def test_entries_made_under_a_rotated_key_still_verify(tmp_path, monkeypatch):
    monkeypatch.delenv("RISKMODEL_AUDIT_KEY", raising=False)
    store = Store(f"sqlite:///{tmp_path / 'rot.db'}")
    small_history(store)
    old, new = keys.rotate_key("audit", store.url)
    assert old != new
    auth.create_user(store, audit.Actor.system(), "after-rotation", "correct horse battery", "leader")
    assert audit.verify_audit(store) is None
    algs = [e for (e,) in store.engine.connect().execute(text("SELECT DISTINCT alg FROM audit_log"))]
    assert {f"hmac-sha256:{old}", f"hmac-sha256:{new}"} == set(algs)
    (tmp_path / "rot.db.audit.key.retired").unlink()  # the old key lost: its entries cannot be vouched for
    assert audit.verify_audit(store).reason == "unknown_key"


def test_rotating_a_key_from_the_environment_is_refused_with_advice(store):
    with pytest.raises(Exception) as exc:
        keys.rotate_key("audit", store.url)
    assert "RISKMODEL_AUDIT_KEY_RETIRED" in str(exc.value)
