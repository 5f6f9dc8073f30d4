"""Small service functions the Streamlit app needs beyond the core services (no Streamlit here).

Kept apart so the UI never runs SQL itself: start-up seeding, demo-account listing, and a few
read-only summaries built on the store's repositories and the other service modules.
"""
from __future__ import annotations

import logging

from sqlalchemy import func, select

from riskmodel.store.db import Store
from riskmodel.store.models import User

log = logging.getLogger(__name__)

DEMO_PREFIX = "demo-"


def _demo_module():
    try:
        from riskmodel.services import demo
    except ImportError:  # the seeder has not landed (or was removed): start on an empty database
        return None
    return demo


def demo_password() -> str | None:
    """The demo accounts' shared password (shown on the login page of a demo database only)."""
    demo = _demo_module()
    return getattr(demo, "DEMO_PASSWORD", None) if demo else None


def user_count(store: Store) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(User)).scalar_one()


def seed_demo_if_empty(store: Store) -> bool:
    """Seed the demo portfolio when the database has no user at all; True when it did."""
    if user_count(store) > 0:
        return False
    demo = _demo_module()
    if demo is None:
        log.warning("empty database and no demo seeder available")
        return False
    seed = getattr(demo, "seed_demo", None) or getattr(demo, "seed")
    log.info("empty database %s: seeding the demo portfolio", store)
    seed(store)
    return True


def has_demo_data(store: Store) -> bool:
    """True when the database holds the demo accounts (what the seeder writes)."""
    with store.read() as s:
        return s.execute(select(User.id).where(User.username.like(f"{DEMO_PREFIX}%")).limit(1)).first() is not None


def demo_accounts(store: Store) -> list[dict]:
    """The active demo accounts (username, role, display name) shown on the login page of a demo database."""
    with store.read() as s:
        rows = s.execute(select(User).where(User.username.like(f"{DEMO_PREFIX}%"), User.active.is_(True))
                         .order_by(User.role, User.username)).scalars().all()
        return [{"username": u.username, "role": u.role, "display_name": u.display_name} for u in rows]


# --- expert self-assessment (Ca/Cs per dimension) ------------------------------------------------
def set_self_assessment(store: Store, actor, assessment_id: int, ca: dict[str, float], cs: dict[str, float]) -> dict:
    """An expert's own 判断依据 (Ca) and 熟悉程度 (Cs) per dimension, given with his ratings in the open round.

    The organizer sets the starting values on the panel; the expert's self-assessment replaces them for
    his membership (both stay in the audit log). Refused without an open round or outside the panel.
    """
    from riskmodel.errors import DomainError, PermissionDenied
    from riskmodel.services import audit
    from riskmodel.services._lookup import assessment_row, membership, open_round
    from riskmodel.services.assessments import mark_stale
    from riskmodel.services.panels import _check_coefficient, _dimensions

    if actor.role != "expert" or actor.user_id is None:
        raise PermissionDenied("store.rating.experts_only", user=actor.username, role=actor.role)

    def _set(s) -> dict:
        a = assessment_row(s, assessment_id, lock=True)
        r = open_round(s, a.id)
        if r is None:
            raise DomainError("store.rating.no_open_round", id=a.id)
        m = membership(s, a.id, actor.user_id)
        if m is None:
            raise DomainError("store.rating.not_on_panel", user=actor.username, id=a.id)
        if m.has_conflict:
            raise DomainError("store.rating.conflict", user=actor.username, id=a.id)
        dims = _dimensions(s, a)
        new_ca = _check_coefficient(dict(ca), dims, "Ca")
        new_cs = _check_coefficient(dict(cs), dims, "Cs")
        if new_ca == m.ca and new_cs == m.cs:
            return {"ca": m.ca, "cs": m.cs, "changed": False}
        m.ca, m.cs = new_ca, new_cs
        s.flush()
        mark_stale(s, a.id)
        audit.record(s, actor, "panel.self_assessment", "assessment", a.id, expert=actor.username, round=r.number,
                     ca=new_ca, cs=new_cs)
        return {"ca": new_ca, "cs": new_cs, "changed": True}

    return store.write(_set)


def my_membership(store: Store, actor, assessment_id: int) -> dict | None:
    """The expert's own panel entry (field, Ca, Cs, conflict declaration) or None."""
    from riskmodel.services._lookup import assessment_row, membership

    with store.read() as s:
        a = assessment_row(s, assessment_id)
        m = membership(s, a.id, actor.user_id)
        if m is None:
            return None
        return {"field": m.field, "ca": m.ca, "cs": m.cs, "has_conflict": m.has_conflict,
                "conflict_statement": m.conflict_statement}


def expert_overview(store: Store, actor) -> list[dict]:
    """The expert's assessments with his progress in the current round (for 'my assessments')."""
    from riskmodel.services import assessments, ratings

    out = []
    for a in assessments.list_assessments(store, actor):
        q = assessments.questionnaire_of(store, a["id"])
        mine = ratings.my_ratings(store, actor, a["id"])
        current = mine["round"]
        submitted_now = [r for r in mine["submitted"] if current is not None and r["round"] == current]
        out.append({**a, "questionnaire_obj": q, "indicators": len(q.indicator_ids()),
                    "round_open": mine["round_open"], "round_number": current,
                    "submitted_in_round": len({(r["indicator"], r["phase"]) for r in submitted_now}),
                    "drafts": len(mine["drafts"]), "submitted_total": len(mine["submitted"])})
    return out
