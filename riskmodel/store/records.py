"""Snapshots of the records the audit chain vouches for: verdicts, rating submissions, users, measures.

Each audit entry carries (in ``audit_log.record``) the snapshots of the covered rows its transaction
wrote, under the chain's HMAC. ``audit-verify`` then rebuilds the snapshot of every current row and
compares it with the latest one the chain recorded, so an edit, a deletion or an insertion made in SQL
is named (table, id, field) — the chain alone only proves the log itself is intact.

A snapshot is a small dict of plain JSON values (datetimes as ISO text). A user's password hash is
represented by its SHA-256 (a swapped hash is noticed, the hash itself is not copied into the log); a
submission's ratings by the SHA-256 of their canonical rows. The same pure functions serve the database
(``current_snapshots``), a backup being checked before restore (``snapshots_from_tables``) and the
migration that seals an existing database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

# table → columns kept in its snapshot (besides ``id``); the order is the order fields are compared in
COVERED: dict[str, tuple[str, ...]] = {
    "users": ("username", "role", "active", "password_hash"),
    "verdicts": (
        "assessment_id",
        "level",
        "residual_level",
        "verdict",
        "rationale",
        "computed_level",
        "computed_residual_level",
        "computed_verdict",
        "result_sha256",
        "deviation_reason",
        "signed_by_id",
        "signed_at",
    ),
    "submissions": ("assessment_id", "round_id", "user_id", "token", "source", "ratings_count", "submitted_at"),
    "measures": (
        "assessment_id",
        "factor",
        "measure",
        "phase",
        "deadline",
        "responsible",
        "assisting",
        "status",
        "created_at",
        "updated_at",
    ),
}
RATING_COLUMNS = (
    "id",
    "submission_id",
    "assessment_id",
    "round_id",
    "user_id",
    "indicator",
    "phase",
    "version",
    "score",
    "probability",
    "impact",
    "comment",
    "created_at",
)
Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot(table: str, row: Mapping[str, Any], ratings: Iterable[Mapping[str, Any]] = ()) -> Snapshot:
    """The snapshot of one row of a covered table (``ratings``: the rows of a submission)."""
    out: Snapshot = {}
    for column in COVERED[table]:
        value = _plain(row.get(column))
        if table == "users" and column == "password_hash":
            out["password_sha256"] = None if value is None else hashlib.sha256(str(value).encode()).hexdigest()
            continue
        if table == "users" and column == "active":
            value = bool(value)
        out[column] = value
    if table == "submissions":
        rows = sorted(([_plain(r.get(c)) for c in RATING_COLUMNS] for r in ratings), key=lambda r: r[0])
        out["ratings_sha256"] = _digest(rows)
    return out


def _rows(conn: Connection, table: str, ids: Iterable[int] | None) -> list[dict[str, Any]]:
    from riskmodel.store.models import Base

    t = Base.metadata.tables[table]
    present = set(_present_columns(conn, table))  # a migration seals before later columns exist
    q = select(*(t.c[c] for c in ("id", *COVERED[table]) if c in present)).order_by(t.c.id)
    if ids is not None:
        ids = sorted(set(ids))
        if not ids:
            return []
        q = q.where(t.c.id.in_(ids))
    return [dict(r._mapping) for r in conn.execute(q)]


def _present_columns(conn: Connection, table: str) -> list[str]:
    from sqlalchemy import inspect

    return [c["name"] for c in inspect(conn).get_columns(table)]


def _ratings_by_submission(conn: Connection, submission_ids: list[int] | None) -> dict[int, list[dict[str, Any]]]:
    from riskmodel.store.models import Base

    t = Base.metadata.tables["ratings"]
    q = select(*(t.c[c] for c in RATING_COLUMNS))
    if submission_ids is not None:
        if not submission_ids:
            return {}
        q = q.where(t.c.submission_id.in_(submission_ids))
    out: dict[int, list[dict[str, Any]]] = {}
    for r in conn.execute(q):
        out.setdefault(r.submission_id, []).append(dict(r._mapping))
    return out


def current_snapshots(
    conn: Connection, wanted: Mapping[str, Iterable[int]] | None = None
) -> dict[str, dict[int, Snapshot]]:
    """Snapshots of the rows now in the database: all covered rows, or only ``wanted`` {table: ids}."""
    out: dict[str, dict[int, Snapshot]] = {}
    for table in COVERED:
        ids = None if wanted is None else list(wanted.get(table, ()))
        if ids is not None and not ids:
            continue
        rows = _rows(conn, table, ids)
        ratings: dict[int, list[dict[str, Any]]] = {}
        if table == "submissions":
            ratings = _ratings_by_submission(conn, None if ids is None else [r["id"] for r in rows])
        out[table] = {r["id"]: snapshot(table, r, ratings.get(r["id"], ())) for r in rows}
    return out


def snapshots_from_tables(tables: Mapping[str, tuple[list[str], list[list[Any]]]]) -> dict[str, dict[int, Snapshot]]:
    """The same snapshots from a backup's tables ({name: (columns, rows)}; datetimes already ISO text)."""

    def dicts(name: str) -> list[dict[str, Any]]:
        columns, rows = tables.get(name, ([], []))
        return [dict(zip(columns, row)) for row in rows]

    ratings: dict[int, list[dict[str, Any]]] = {}
    for r in dicts("ratings"):
        ratings.setdefault(r["submission_id"], []).append(r)
    return {table: {r["id"]: snapshot(table, r, ratings.get(r["id"], ())) for r in dicts(table)} for table in COVERED}


def first_difference(expected: Snapshot, found: Snapshot) -> tuple[str, Any, Any] | None:
    """(field, recorded value, current value) of the first field that differs, or None."""
    for key in list(expected) + [k for k in found if k not in expected]:
        if expected.get(key) != found.get(key):
            return key, expected.get(key), found.get(key)
    return None
