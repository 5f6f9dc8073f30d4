"""Security: login attempts, session epoch and TOTP on users, the keyed audit chain, triggers refusing
changes to signed records, CHECK constraints on scores and counts (issue 13).

- ``users``: ``password_changed_at``, ``session_epoch`` (raised by a password reset or a deactivation: ends
  the user's other sessions on every instance), ``totp_secret`` and ``totp_last_step`` (a code is used once).
- ``audit_log``: ``alg`` (``sha256`` for the entries written so far, ``hmac-sha256:<key id>`` from now on)
  and ``record`` (snapshots of the covered rows an entry's transaction wrote).
- ``login_attempts``: the lockout window, in the database so it holds across sessions and instances.
- Append-only: UPDATE, DELETE (and on PostgreSQL TRUNCATE) of ``verdicts``, ``submissions``, ``ratings`` and
  ``audit_log`` are refused by triggers on both backends.
- Score ranges and counts: real CHECK constraints on PostgreSQL; on SQLite, which cannot add a CHECK to an
  existing table without rebuilding it (and rebuilding a referenced table is refused while foreign keys are
  on), the same conditions are enforced by BEFORE INSERT/UPDATE triggers that fail with the constraint's name.
- An existing audit chain is *sealed*, not rewritten: its entries keep their plain SHA-256 hashes (so what
  was written stays verifiable as written) and one keyed entry ``audit.seal`` is appended whose
  ``prev_hash`` is the old head and whose record snapshots every verdict, submission, user and measure of
  that moment. Verification accepts unkeyed entries only before a seal.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = ("verdicts", "submissions", "ratings", "audit_log")
LEVELS = "('低', '中', '高')"
VERDICTS = "('不予实施', '暂缓实施', '调整方案后实施', '实施')"


def _nonneg(col):
    return f"{{r}}{col} IS NULL OR {{r}}{col} >= 0"


# (table, constraint name, condition; {r} is the row prefix: "" in a CHECK, "NEW." in a SQLite trigger)
CHECKS = (
    ("ratings", "score_range", "{r}score IS NULL OR ({r}score >= 0 AND {r}score <= 100)"),
    ("ratings", "probability_range", "{r}probability IS NULL OR ({r}probability >= 1 AND {r}probability <= 20)"),
    ("ratings", "impact_range", "{r}impact IS NULL OR ({r}impact >= 1 AND {r}impact <= 20)"),
    ("ratings", "version_positive", "{r}version >= 1"),
    ("ratings", "phase_known", "{r}phase IN ('before', 'after')"),
    ("rating_drafts", "score_range", "{r}score IS NULL OR ({r}score >= 0 AND {r}score <= 100)"),
    ("rating_drafts", "probability_range", "{r}probability IS NULL OR ({r}probability >= 1 AND {r}probability <= 20)"),
    ("rating_drafts", "impact_range", "{r}impact IS NULL OR ({r}impact >= 1 AND {r}impact <= 20)"),
    ("submissions", "ratings_count_nonneg", "{r}ratings_count >= 0"),
    ("surveys", "support_nonneg", "{r}support >= 0"),
    ("surveys", "neutral_nonneg", "{r}neutral >= 0"),
    ("surveys", "oppose_nonneg", "{r}oppose >= 0"),
    ("surveys", "direct_nonneg", _nonneg("respondents_direct")),
    ("surveys", "indirect_nonneg", _nonneg("respondents_indirect")),
    ("surveys", "households_nonneg", _nonneg("households_covered")),
    ("projects", "investment_nonneg", _nonneg("investment_wan")),
    ("projects", "households_nonneg", _nonneg("affected_households")),
    ("assessments", "people_nonneg", _nonneg("group_event_people")),
    ("assessments", "draws_nonneg", _nonneg("uncertainty_draws")),
    ("rounds", "number_positive", "{r}number >= 1"),
    ("verdicts", "level_known", "{r}level IN " + LEVELS),
    ("verdicts", "residual_level_known", "{r}residual_level IN " + LEVELS),
    ("verdicts", "verdict_known", "{r}verdict IN " + VERDICTS),
    ("results", "experts_nonneg", "{r}experts_submitted >= 0"),
    ("results", "ratings_nonneg", "{r}ratings_count >= 0"),
    ("networks", "version_positive", "{r}version >= 1"),
    ("networks", "nodes_nonneg", "{r}nodes >= 0"),
    ("networks", "edges_nonneg", "{r}edges >= 0"),
    ("audit_log", "seq_positive", "{r}seq >= 1"),
    ("audit_head", "last_seq_nonneg", "{r}last_seq >= 0"),
)


def _tables_with_checks():
    out = {}
    for table, name, cond in CHECKS:
        out.setdefault(table, []).append((name, cond))
    return out


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name

    op.add_column("users", sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    op.add_column("users", sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.add_column("audit_log", sa.Column("alg", sa.String(length=40), nullable=False, server_default="sha256"))
    op.add_column("audit_log", sa.Column("record", sa.Text(), nullable=True))
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_account_at", "login_attempts", ["account", "at"])

    if dialect == "postgresql":
        op.execute(
            """
            CREATE OR REPLACE FUNCTION riskmodel_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'riskmodel: % on % refused: the table is append-only', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'P0001';
            END $$
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION riskmodel_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION riskmodel_append_only()"
            )
        for table, name, cond in CHECKS:
            op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, cond.format(r=""))
    else:
        for table in APPEND_ONLY:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_append_only_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'riskmodel: {event} on {table} refused: the table is append-only'); END"
                )
        for table, checks in _tables_with_checks().items():
            body = " ".join(
                f"SELECT RAISE(ABORT, 'CHECK constraint failed: ck_{table}_{name}') WHERE NOT ({cond.format(r='NEW.')});"
                for name, cond in checks
            )
            for event in ("INSERT", "UPDATE"):
                op.execute(f"CREATE TRIGGER ck_{table}_{event.lower()} BEFORE {event} ON {table} BEGIN {body} END")

    _seal(bind)


def _seal(bind) -> None:
    """Seal the unkeyed entries written so far with one keyed entry that snapshots the covered rows."""
    from riskmodel import keys
    from riskmodel.services.audit import SEAL_ACTION, canonical_json, hmac_alg, keyed_entry_hash
    from riskmodel.services.context import now
    from riskmodel.store import records

    head = sa.table("audit_head", sa.column("id"), sa.column("last_seq"), sa.column("last_hash"))
    row = bind.execute(sa.select(head.c.last_seq, head.c.last_hash).where(head.c.id == 1)).first()
    last_seq, last_hash = (row[0], row[1]) if row else (0, "0" * 64)
    snapshots = records.current_snapshots(bind)
    if last_seq == 0 and not any(snapshots.values()):
        return  # a new database: nothing to seal
    key = keys.key_for("audit", bind.engine.url.render_as_string(hide_password=False))
    alg = hmac_alg(key)
    record = canonical_json({t: {str(i): s for i, s in rows.items()} for t, rows in snapshots.items()})
    seq = last_seq + 1
    at = now().isoformat(timespec="microseconds")
    details = canonical_json({"legacy_entries": last_seq, "legacy_head": last_hash})
    digest = keyed_entry_hash(
        key, seq, at, "system", SEAL_ACTION, "audit", None, details, last_hash, alg=alg, record=record
    )
    log = sa.table(
        "audit_log",
        *(
            sa.column(c)
            for c in (
                "seq",
                "at",
                "actor",
                "action",
                "entity",
                "entity_id",
                "details",
                "prev_hash",
                "hash",
                "alg",
                "record",
            )
        ),
    )
    bind.execute(
        log.insert().values(
            seq=seq,
            at=at,
            actor="system",
            action=SEAL_ACTION,
            entity="audit",
            entity_id=None,
            details=details,
            prev_hash=last_hash,
            hash=digest,
            alg=alg,
            record=record,
        )
    )
    if row:
        bind.execute(head.update().where(head.c.id == 1).values(last_seq=seq, last_hash=digest))
    else:
        bind.execute(head.insert().values(id=1, last_seq=seq, last_hash=digest))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS riskmodel_append_only()")
        for table, name, _cond in CHECKS:
            op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
    else:
        for table in APPEND_ONLY:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only_{event}")
        for table in _tables_with_checks():
            for event in ("insert", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS ck_{table}_{event}")
    op.drop_index("ix_login_attempts_account_at", table_name="login_attempts")
    op.drop_table("login_attempts")
    with op.batch_alter_table("audit_log") as b:
        b.drop_column("record")
        b.drop_column("alg")
    with op.batch_alter_table("users") as b:
        b.drop_column("totp_last_step")
        b.drop_column("totp_secret")
        b.drop_column("session_epoch")
        b.drop_column("password_changed_at")
