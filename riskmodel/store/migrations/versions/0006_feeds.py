"""Feeds: 12345 work orders, 信访, grid events, project links, signals (issue 12).

- ``projects`` gains a location (``district`` 区, ``street`` 街道, ``community`` 社区, optional
  ``longitude`` / ``latitude``) and ``keywords``, for linking records to projects.
- ``feed_records`` (de-identified 件次), ``feed_cases`` (件), ``feed_links``, ``feed_monthly`` (monthly
  pre-aggregates), ``feed_signals``, ``feed_samples`` (季核查 seeds), ``feed_imports``.
- On PostgreSQL ``feed_records`` is a declaratively partitioned table, ``PARTITION BY RANGE (month_key)``
  with a DEFAULT partition; the import adds a partition per month it meets
  (``feed_records_y2026m01 … FOR VALUES FROM (202601) TO (202602)``) when the role may create tables,
  else the rows land in the default partition. Its primary key and unique key include ``month_key``
  (PostgreSQL requires the partition key in them). SQLite: a plain table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PROJECT_COLUMNS = (
    ("district", sa.String(50)),
    ("street", sa.String(50)),
    ("community", sa.String(50)),
    ("longitude", sa.Float()),
    ("latitude", sa.Float()),
    ("keywords", sa.Text()),
)

RECORD_COLUMNS_PG = """
    id BIGINT NOT NULL,
    source VARCHAR(16) NOT NULL,
    record_no VARCHAR(64) NOT NULL,
    month_key INTEGER NOT NULL,
    received_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    accepted_at TIMESTAMP WITHOUT TIME ZONE,
    completed_at TIMESTAMP WITHOUT TIME ZONE,
    status VARCHAR(32),
    rating VARCHAR(8),
    channel VARCHAR(32),
    people_count INTEGER,
    purpose VARCHAR(8),
    category VARCHAR(32) NOT NULL,
    label VARCHAR(32),
    text TEXT NOT NULL,
    address TEXT,
    area VARCHAR(200),
    region VARCHAR(50),
    street VARCHAR(50),
    community VARCHAR(50),
    longitude DOUBLE PRECISION,
    latitude DOUBLE PRECISION,
    person_key VARCHAR(32),
    phone_hash VARCHAR(32),
    id_hash VARCHAR(32),
    name_hash VARCHAR(32),
    timely BOOLEAN NOT NULL,
    on_time BOOLEAN NOT NULL,
    completed BOOLEAN NOT NULL,
    resolved BOOLEAN NOT NULL,
    joint BOOLEAN NOT NULL,
    collective BOOLEAN NOT NULL,
    repeat BOOLEAN NOT NULL,
    case_id BIGINT NOT NULL,
    import_id INTEGER NOT NULL
"""


def _records_table() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE feed_records ("
            + RECORD_COLUMNS_PG
            + ", CONSTRAINT pk_feed_records PRIMARY KEY (id, month_key)"
            + ", CONSTRAINT uq_feed_records_source_no UNIQUE (source, record_no, month_key)"
            + ") PARTITION BY RANGE (month_key)"
        )
        op.execute("CREATE TABLE feed_records_default PARTITION OF feed_records DEFAULT")
        op.execute("CREATE INDEX ix_feed_records_received ON feed_records (received_at)")
        return
    op.create_table(
        "feed_records",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("record_no", sa.String(64), nullable=False),
        sa.Column("month_key", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime()),
        sa.Column("completed_at", sa.DateTime()),
        sa.Column("status", sa.String(32)),
        sa.Column("rating", sa.String(8)),
        sa.Column("channel", sa.String(32)),
        sa.Column("people_count", sa.Integer()),
        sa.Column("purpose", sa.String(8)),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("label", sa.String(32)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("address", sa.Text()),
        sa.Column("area", sa.String(200)),
        sa.Column("region", sa.String(50)),
        sa.Column("street", sa.String(50)),
        sa.Column("community", sa.String(50)),
        sa.Column("longitude", sa.Float()),
        sa.Column("latitude", sa.Float()),
        sa.Column("person_key", sa.String(32)),
        sa.Column("phone_hash", sa.String(32)),
        sa.Column("id_hash", sa.String(32)),
        sa.Column("name_hash", sa.String(32)),
        sa.Column("timely", sa.Boolean(), nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("joint", sa.Boolean(), nullable=False),
        sa.Column("collective", sa.Boolean(), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("case_id", sa.BigInteger(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.UniqueConstraint("source", "record_no", "month_key", name="uq_feed_records_source_no"),
    )
    op.create_index("ix_feed_records_received", "feed_records", ["received_at"])


def upgrade() -> None:
    for name, type_ in PROJECT_COLUMNS:
        op.add_column("projects", sa.Column(name, type_, nullable=True))
    op.create_table(
        "feed_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_feed_imports_created_by_id_users")),
    )
    _records_table()
    op.create_table(
        "feed_cases",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("region", sa.String(50)),
        sa.Column("street", sa.String(50)),
        sa.Column("community", sa.String(50)),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("sources", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_feed_cases_last", "feed_cases", ["last_at"])
    op.create_table(
        "feed_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "project_id",
            sa.Integer(),
            sa.ForeignKey("projects.id", name="fk_feed_links_project_id_projects"),
            nullable=False,
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("words", sa.String(400), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("month_key", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_feed_links_decided_by_id_users")),
        sa.Column("decided_at", sa.DateTime()),
        sa.UniqueConstraint("record_id", "project_id", name="uq_feed_links_record_project"),
    )
    op.create_index("ix_feed_links_project_status", "feed_links", ["project_id", "status"])
    op.create_table(
        "feed_monthly",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("month_key", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("region", sa.String(50), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        *[
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "records",
                "timely",
                "on_time",
                "completed",
                "rated",
                "satisfied",
                "unsatisfied",
                "joint",
                "collective",
                "repeat",
                "resolved",
            )
        ],
        sa.UniqueConstraint("month_key", "source", "region", "category", "project_id", name="uq_feed_monthly_group"),
    )
    op.create_table(
        "feed_signals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", name="fk_feed_signals_project_id_projects")),
        sa.Column("project_code", sa.String(40)),
        sa.Column("region", sa.String(50)),
        sa.Column("category", sa.String(32)),
        sa.Column("window", sa.String(21), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.Integer()),
        sa.Column("change", sa.Float()),
        sa.Column("level", sa.String(4), nullable=False),
        sa.Column("method", sa.String(40), nullable=False),
        sa.Column("record_ids", sa.JSON()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_feed_signals_as_of", "feed_signals", ["as_of"])
    op.create_table(
        "feed_samples",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("record_ids", sa.JSON()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_feed_samples_created_by_id_users")),
        sa.UniqueConstraint("period", name="uq_feed_samples_period"),
    )


def downgrade() -> None:
    for table in (
        "feed_samples",
        "feed_signals",
        "feed_monthly",
        "feed_links",
        "feed_cases",
        "feed_records",
        "feed_imports",
    ):
        op.drop_table(table)
    with op.batch_alter_table("projects") as batch:
        for name, _ in reversed(PROJECT_COLUMNS):
            batch.drop_column(name)
