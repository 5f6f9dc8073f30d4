"""Integrity under load: 50 experts submitting 40 ratings each at the same moment from separate
processes, and a writer killed (SIGKILL) in the middle of its transaction — on SQLite and PostgreSQL.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time

import pytest
from sqlalchemy import func, select

from riskmodel.services import assessments, audit, auth, panels, projects, ratings, rounds
from riskmodel.services.context import Actor
from riskmodel.store.db import Store, forget_stores
from riskmodel.store.models import Rating, Submission
from tests.store.conftest import password_hash

EXPERTS = 50
INDICATORS = 20  # × before/after = 40 ratings per submission
CTX = mp.get_context("fork")  # children inherit the imported modules: 50 processes start in a second


def prepare(url: str, experts: int) -> tuple[Store, int, list[dict]]:
    """An assessment in an open round with ``experts`` panel members, and the entries each submits.

    A warm-up submission in another assessment compiles every statement of the submission path in
    this process; the forked writers inherit the store (with fresh connections), as app workers would
    be warm — so the test measures contention, not 50 cold starts on two cores.
    """
    store = Store(url)
    system = Actor.system()
    digest = password_hash()
    auth.create_user(store, system, "org", "", "organizer", password_hash=digest)
    org = auth.actor_for(store, "org")
    p = projects.create_project(store, org, name="并发测试", type="重大工程", region="东湖区", stage="项目立项")
    aid = assessments.create_assessment(store, org, p.id, "four-dimension").id
    warm = assessments.create_assessment(store, org, p.id, "four-dimension").id
    for i in range(experts):
        auth.create_user(store, system, f"e{i:03d}", "", "expert", password_hash=digest)
        panels.add_member(store, org, aid, f"e{i:03d}", has_conflict=False)
    for i in range(3):
        auth.create_user(store, system, f"warm{i}", "", "expert", password_hash=digest)
        panels.add_member(store, org, warm, f"warm{i}", has_conflict=False)
    rounds.open_next_round(store, org, aid)
    rounds.open_next_round(store, org, warm)
    q = assessments.questionnaire_of(store, aid)
    entries = [
        {"indicator": ind, "phase": ph, "score": 1 + (k % 5), "comment": f"c{k}"}
        for k, ind in enumerate(q.indicator_ids()[:INDICATORS])
        for ph in ("before", "after")
    ]
    ratings.submit_ratings(store, auth.actor_for(store, "warm0"), warm, entries, token="warm-up")
    store.engine.dispose()
    return store, aid, entries


def _inherit(store: Store) -> Store:
    """In a forked child: keep the parent's engine (and its statement cache), never its connections."""
    store.engine.dispose(close=False)
    return store


def _submit_worker(store, aid, username, entries, barrier, results):
    store = _inherit(store)
    actor = auth.actor_for(store, username)
    barrier.wait()
    started = time.perf_counter()
    try:
        out = ratings.submit_ratings(store, actor, aid, entries, token=f"{username}-form")
        results.put((username, "ok", out.submission_id, time.perf_counter() - started))
    except BaseException as exc:  # noqa: BLE001 — report anything to the parent
        results.put((username, "error", f"{type(exc).__name__}: {exc}", time.perf_counter() - started))
    finally:
        store.dispose()


def _victim_worker(store, aid, username, entries, inside):
    """Submits, but stops for good inside the transaction after the ratings are written."""
    store = _inherit(store)
    actor = auth.actor_for(store, username)

    def stuck(session, *args, **kwargs):
        session.flush()
        inside.set()
        time.sleep(600)

    audit.record = stuck  # called last in the submission transaction
    ratings.submit_ratings(store, actor, aid, entries)


def _counts(store: Store, aid: int) -> tuple[int, int, list[tuple[str, int]]]:
    from riskmodel.store.models import User

    with store.read() as s:
        subs = s.execute(
            select(func.count()).select_from(Submission).where(Submission.assessment_id == aid)
        ).scalar_one()
        total = s.execute(select(func.count()).select_from(Rating).where(Rating.assessment_id == aid)).scalar_one()
        per_user = s.execute(
            select(User.username, func.count(Rating.id))
            .join(User, Rating.user_id == User.id)
            .where(Rating.assessment_id == aid)
            .group_by(User.username)
            .order_by(User.username)
        ).all()
    return subs, total, [tuple(r) for r in per_user]


def _run_storm(store: Store, aid: int, entries: list[dict], names: list[str]) -> list[tuple]:
    barrier = CTX.Barrier(len(names))
    results = CTX.Queue()
    procs = [CTX.Process(target=_submit_worker, args=(store, aid, n, entries, barrier, results)) for n in names]
    for p in procs:
        p.start()
    out = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return out


@pytest.mark.slow
def test_fifty_experts_submit_at_the_same_moment(any_url):
    forget_stores()
    store, aid, entries = prepare(any_url, EXPERTS)
    names = [f"e{i:03d}" for i in range(EXPERTS)]
    out = _run_storm(store, aid, entries, names)
    errors = [r for r in out if r[1] != "ok"]
    assert not errors, errors[:3]
    assert not any("locked" in str(r[2]).lower() for r in out)
    assert len({r[2] for r in out}) == EXPERTS  # one submission each
    subs, total, per_user = _counts(store, aid)
    assert (subs, total) == (EXPERTS, EXPERTS * 2 * INDICATORS)
    assert per_user == [(n, 2 * INDICATORS) for n in names]
    assert audit.verify_audit(store) is None
    inp, _q, meta = assessments.assessment_input(store, aid)
    assert (meta["experts_submitted"], meta["ratings_count"]) == (EXPERTS, EXPERTS * 2 * INDICATORS)
    store.dispose()


@pytest.mark.slow
def test_killed_writer_leaves_no_partial_submission(any_url):
    forget_stores()
    store, aid, entries = prepare(any_url, 6)
    inside = CTX.Event()
    victim = CTX.Process(target=_victim_worker, args=(store, aid, "e000", entries, inside))
    victim.start()
    assert inside.wait(60), "the victim never reached the middle of its transaction"
    # others start while the victim holds its transaction open, then it is killed
    barrier = CTX.Barrier(5)
    results = CTX.Queue()
    names = [f"e{i:03d}" for i in range(1, 6)]
    procs = [CTX.Process(target=_submit_worker, args=(store, aid, n, entries, barrier, results)) for n in names]
    for p in procs:
        p.start()
    time.sleep(0.5)
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(30)
    assert victim.exitcode == -signal.SIGKILL
    out = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(60)
    assert all(r[1] == "ok" for r in out), out
    subs, total, per_user = _counts(store, aid)
    assert subs == 5 and total == 5 * 2 * INDICATORS
    assert "e000" not in dict(per_user)  # nothing of the killed submission survived
    assert audit.verify_audit(store) is None
    victim_actor = auth.actor_for(store, "e000")  # and the victim can simply submit again
    assert ratings.submit_ratings(store, victim_actor, aid, entries).ratings == 2 * INDICATORS
    store.dispose()
