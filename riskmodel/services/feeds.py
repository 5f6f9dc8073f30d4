"""Feeds in the store: import (check, de-identify, classify, link, merge, store), metrics, signals, links.

``import_feed`` is all-or-nothing: every row is checked first; when any is invalid nothing is stored
unless ``skip_invalid`` (then the valid rows are stored and the rejected ones returned for the report).
Records already stored (same source and record number) are skipped, so re-importing the same or an
overlapping export adds nothing. The writing runs in one transaction; on PostgreSQL rows go in by
``COPY`` into the month partitions, on SQLite by ``executemany`` — both bypass the ORM for speed, and the
values were checked against the store's guard when the file was read.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Date as SADate
from sqlalchemy import and_, case, cast, delete, func, insert, literal, select, text
from sqlalchemy.orm import Session

from riskmodel.errors import ValidationError
from riskmodel.feeds import classify, reader
from riskmodel.feeds.config import FeedStandard, standard
from riskmodel.feeds.deid import Pseudonymizer
from riskmodel.feeds.linking import Linker, ProjectSite
from riskmodel.feeds.merge import CaseMerger, OpenCase
from riskmodel.feeds.metrics import Counts
from riskmodel.feeds.metrics import metrics as metric_dict
from riskmodel.feeds.profiles import Mapping, profile, resolve_header
from riskmodel.feeds.rows import Pipeline, RowError
from riskmodel.feeds.signals import ALARM, Signal, compute_signals, history_days
from riskmodel.i18n import t
from riskmodel.keys import key_for
from riskmodel.services import audit
from riskmodel.services._lookup import project_row
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.feeds import ImportResult, LinkCounts, PendingLink, RecordView, RejectedRow, SignalView
from riskmodel.store.db import Store
from riskmodel.store.models import (
    FeedCase,
    FeedImport,
    FeedLink,
    FeedMonthly,
    FeedRecord,
    FeedSignal,
    Project,
)

KEY_PURPOSE = "pseudonym"  # riskmodel.keys: the feeds' pseudonym key (HMAC of names, phones, ID numbers)
IMPORT_ROLES = ("organizer", "admin")
LINK_STATUSES = ("auto", "pending", "confirmed", "rejected")
COUNTED = ("auto", "confirmed")
Progress = Callable[[str, int, int], None]

RECORD_COLUMNS = (
    "id",
    "source",
    "record_no",
    "month_key",
    "received_at",
    "accepted_at",
    "completed_at",
    "status",
    "rating",
    "channel",
    "people_count",
    "purpose",
    "category",
    "text",
    "address",
    "area",
    "region",
    "street",
    "community",
    "longitude",
    "latitude",
    "person_key",
    "phone_hash",
    "id_hash",
    "name_hash",
    "timely",
    "on_time",
    "completed",
    "resolved",
    "joint",
    "collective",
    "repeat",
    "case_id",
    "import_id",
)
LINK_COLUMNS = ("record_id", "project_id", "score", "words", "status", "month_key", "received_at", "category")
SUM_FIELDS = ("timely", "on_time", "completed", "resolved", "joint", "collective", "repeat")


class ImportRefused(ValidationError):
    """Some rows are invalid and ``skip_invalid`` was not given: nothing was stored."""

    def __init__(self, file: str, errors: list[RowError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(
            "feeds.import.refused",
            file=file,
            count=len(errors),
            row=first.row,
            column=first.column,
            value=first.value,
            problem=t(first.key),
        )


def _noop(_stage: str, _done: int, _total: int) -> None:
    return None


def pseudonymizer(store: Store) -> Pseudonymizer:
    return Pseudonymizer(key_for(KEY_PURPOSE, store.url))


def _keywords(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    for sep in ("，", "、", ";", "；", "\n"):
        raw = raw.replace(sep, ",")
    return tuple(w.strip() for w in raw.split(",") if w.strip())


def project_sites(store: Store) -> list[ProjectSite]:
    with store.read() as s:
        rows = s.execute(select(Project)).scalars().all()
        return [
            ProjectSite(
                p.id,
                p.code,
                p.name,
                p.district or (p.region if p.region and p.region.endswith(("区", "县")) else None),  # type: ignore[attr-defined]
                p.street,  # type: ignore[attr-defined]
                p.community,  # type: ignore[attr-defined]
                p.longitude,  # type: ignore[attr-defined]
                p.latitude,  # type: ignore[attr-defined]
                _keywords(p.keywords),  # type: ignore[attr-defined]
            )
            for p in rows
        ]


def set_project_location(
    store: Store,
    actor: Actor,
    project: int | str,
    *,
    district: str | None = None,
    street: str | None = None,
    community: str | None = None,
    longitude: float | None = None,
    latitude: float | None = None,
    keywords: str | None = None,
) -> None:
    """Record a project's location (区 / 街道 / 社区, optional coordinates) and keywords for linking."""
    require_role(actor, "organizer", "admin")
    for name, value, low, high in (("longitude", longitude, -180, 180), ("latitude", latitude, -90, 90)):
        if value is not None and not low <= value <= high:
            raise ValidationError("feeds.location.bad_coordinate", field=name, value=value)

    def _set(s: Session) -> None:
        p = project_row(s, project, lock=True)
        p.district, p.street, p.community = district or None, street or None, community or None  # type: ignore[attr-defined]
        p.longitude, p.latitude = longitude, latitude  # type: ignore[attr-defined]
        p.keywords = keywords or None  # type: ignore[attr-defined]
        p.updated_at = now()
        audit.record(s, actor, "feeds.project_location", "project", p.id, district=district, street=street)

    store.write(_set)


# --- import ---------------------------------------------------------------------------------------
def read_checked(
    data: bytes,
    file_name: str,
    source: str,
    mapping: Mapping | None,
    pipeline_for: Callable[[dict[str, int]], Pipeline],
    progress: Progress,
) -> tuple[list[tuple[dict[str, Any], Any, list[Any]]], list[RowError], int]:
    """(records with place and links, row errors, data rows) of a file; nothing stored."""
    total = reader.count_lines(data)
    rows = reader.iter_rows(data, file_name)
    header: list[Any] | None = None
    header_row = 0
    for header_row, raw in enumerate(rows, start=1):  # noqa: B007 — the header's row number is kept
        if any(v not in (None, "") for v in raw):
            header = raw
            break
    if header is None:
        raise ValidationError("feeds.import.empty", file=file_name)
    pipeline = pipeline_for(resolve_header(header, source, mapping, file_name))
    workers = _workers(total)
    if workers > 1:
        return _read_parallel(pipeline, rows, header_row, total, workers, progress)
    out: list[tuple[dict[str, Any], Any, list[Any]]] = []
    errors: list[RowError] = []
    data_rows = 0
    step = max(total // 50, 1000)
    for number, raw in enumerate(rows, start=header_row + 1):
        if not any(v not in (None, "") for v in raw):
            continue
        data_rows += 1
        checked = pipeline.check_row(raw, number)
        if isinstance(checked, list):
            errors.extend(checked)
        else:
            out.append(pipeline.record(checked))
        if data_rows % step == 0:
            progress("read", data_rows, total)
    progress("read", data_rows, data_rows)
    return out, errors, data_rows


# --- parallel checking of large files ------------------------------------------------------------------
ENV_WORKERS = "RISKMODEL_FEEDS_WORKERS"
PARALLEL_MIN_ROWS = 200_000  # smaller files (every XLSX, what the app usually gets) stay in-process
CHUNK_ROWS = 20_000
_WORKER_PIPELINE: Pipeline | None = None


def _workers(total: int) -> int:
    """Processes that check rows: ``RISKMODEL_FEEDS_WORKERS`` (1: none), else the cores, for large files only."""
    import multiprocessing
    import os

    if total < PARALLEL_MIN_ROWS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    configured = os.environ.get(ENV_WORKERS)
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            return 1
    return min(os.cpu_count() or 1, 4)


def _check_chunk(job: tuple[int, list[tuple[int, list[Any]]]]) -> tuple[int, list[Any], list[RowError]]:
    """In a worker (forked: the pipeline is inherited, never pickled): check and prepare one chunk."""
    index, rows = job
    pipeline = _WORKER_PIPELINE
    assert pipeline is not None
    out: list[Any] = []
    errors: list[RowError] = []
    for number, raw in rows:
        checked = pipeline.check_row(raw, number)
        if isinstance(checked, list):
            errors.extend(checked)
        else:
            out.append(pipeline.record(checked))
    return index, out, errors


def _read_parallel(
    pipeline: Pipeline, rows: Any, header_row: int, total: int, workers: int, progress: Progress
) -> tuple[list[tuple[dict[str, Any], Any, list[Any]]], list[RowError], int]:
    """Rows checked in ``workers`` forked processes, chunk by chunk, results in file order.

    Workers only compute (no database, no files); they end with ``os._exit`` (multiprocessing's fork
    start), so nothing they inherited — an open database connection included — is closed or flushed by them.
    """
    import multiprocessing

    global _WORKER_PIPELINE
    _WORKER_PIPELINE = pipeline

    def chunks() -> Any:
        batch: list[tuple[int, list[Any]]] = []
        index = 0
        for number, raw in enumerate(rows, start=header_row + 1):
            if not any(v not in (None, "") for v in raw):
                continue
            batch.append((number, raw))
            if len(batch) >= CHUNK_ROWS:
                yield index, batch
                index, batch = index + 1, []
        if batch:
            yield index, batch

    results: dict[int, tuple[list[Any], list[RowError]]] = {}
    data_rows = 0
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for index, out, errors in pool.imap_unordered(_check_chunk, chunks()):
                results[index] = (out, errors)
                data_rows += len(out) + len({e.row for e in errors})
                progress("read", data_rows, total)
    finally:
        _WORKER_PIPELINE = None
    records: list[Any] = []
    all_errors: list[RowError] = []
    for index in sorted(results):
        records.extend(results[index][0])
        all_errors.extend(results[index][1])
    progress("read", data_rows, data_rows)
    return records, all_errors, data_rows


def import_feed(
    store: Store,
    actor: Actor,
    data: bytes,
    file_name: str,
    source: str,
    *,
    mapping: Mapping | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    signals: bool = True,
    feed_standard: FeedStandard | None = None,
) -> ImportResult:
    """Check, de-identify, classify, link, merge and store an export (see the module docstring)."""
    require_role(actor, *IMPORT_ROLES)
    started = time.perf_counter()
    progress = progress or _noop
    prof = profile(source)
    std = feed_standard or standard()
    pseudo = pseudonymizer(store)
    rules = classify.classifier()
    linker = Linker(project_sites(store), std.links)
    records, errors, data_rows = read_checked(
        data, file_name, source, mapping, lambda index: Pipeline(prof, index, pseudo, rules, linker, std), progress
    )
    if errors and not skip_invalid:
        raise ImportRefused(file_name, errors)
    if not records and not errors:
        raise ValidationError("feeds.import.no_rows", file=file_name)
    # the same record twice in one file: the first counts
    seen: set[str] = set()
    unique: list[tuple[dict[str, Any], Any, list[Any]]] = []
    for item in records:
        no = item[0]["record_no"]
        if no not in seen:
            seen.add(no)
            unique.append(item)
    in_file_dupes = len(records) - len(unique)
    unique.sort(key=lambda item: item[0]["received_at"])
    digest = hashlib.sha256(data).hexdigest()

    def _store(s: Session) -> ImportResult:
        return _write(
            s, store, actor, source, file_name, digest, data_rows, unique, in_file_dupes, errors, std, progress
        )

    result = store.write(_store, deadline_s=600)
    if signals and result.stored:
        run_signals(store, actor)
    return ImportResult(**{**result.__dict__, "seconds": time.perf_counter() - started})


def _lock_imports(s: Session, dialect: str) -> None:
    if dialect == "postgresql":  # one import at a time: ids are allocated here
        s.execute(text("LOCK TABLE feed_imports IN EXCLUSIVE MODE"))


def _write(
    s: Session,
    store: Store,
    actor: Actor,
    source: str,
    file_name: str,
    digest: str,
    data_rows: int,
    items: list[tuple[dict[str, Any], Any, list[Any]]],
    in_file_dupes: int,
    errors: list[RowError],
    std: FeedStandard,
    progress: Progress,
) -> ImportResult:
    dialect = store.dialect
    _lock_imports(s, dialect)
    existing = set(s.execute(select(FeedRecord.record_no).where(FeedRecord.source == source)).scalars())
    fresh = [it for it in items if it[0]["record_no"] not in existing]
    duplicates = in_file_dupes + len(items) - len(fresh)
    row = FeedImport(
        source=source,
        file_name=file_name[:255],
        sha256=digest,
        rows=data_rows,
        stored=len(fresh),
        duplicates=duplicates,
        rejected=len({e.row for e in errors}),
        created_at=now(),
        created_by_id=actor.user_id,
    )
    s.add(row)
    s.flush()
    next_record = (s.execute(select(func.max(FeedRecord.id))).scalar() or 0) + 1
    next_case = (s.execute(select(func.max(FeedCase.id))).scalar() or 0) + 1
    merger = CaseMerger(std.merge, next_case)
    repeat_seen: set[tuple[str | None, str]] = set()
    updated_cases: dict[int, OpenCase] = {}
    if fresh:
        first = fresh[0][0]["received_at"]
        _seed_cases(s, merger, first - timedelta(days=std.merge.window_days), updated_cases)
        persons = {it[0]["person_key"] for it in fresh if it[0]["person_key"]}
        if existing and persons:
            for person, category in s.execute(
                select(FeedRecord.person_key, FeedRecord.category).where(FeedRecord.person_key.is_not(None)).distinct()
            ):
                if person in persons:
                    repeat_seen.add((person, category))
    record_rows: list[tuple] = []
    link_rows: list[tuple] = []
    case_sources: dict[int, set[str]] = {}
    case_info: dict[int, dict[str, Any]] = {}
    auto = pending = 0
    months: set[int] = set()
    as_text = _sqlite_time if dialect == "sqlite" else None
    step = max(len(fresh) // 50, 1000)
    for n, (rec, place, links) in enumerate(fresh, start=1):
        rid = next_record
        next_record += 1
        person = rec["person_key"]
        block = (place.community or place.street or place.district or "", rec["category"])
        received = rec["received_at"]
        case_id, is_new = merger.assign(block, received, rec["text"], person)
        if is_new:
            case_info[case_id] = {
                "region": place.district,
                "street": place.street,
                "community": place.community,
                "category": rec["category"],
                "first_at": rec["received_at"],
                "text": rec["text"],
            }
        case_sources.setdefault(case_id, set()).add(source)
        repeat = False
        if person:
            key = (person, rec["category"])
            repeat = key in repeat_seen
            repeat_seen.add(key)
        rec["repeat"] = repeat
        rec["id"], rec["case_id"], rec["import_id"] = rid, case_id, row.id
        months.add(rec["month_key"])
        if as_text:
            rec["received_at"], rec["accepted_at"], rec["completed_at"] = (
                as_text(rec["received_at"]),
                as_text(rec["accepted_at"]),
                as_text(rec["completed_at"]),
            )
        record_rows.append(tuple([rec[c] for c in RECORD_COLUMNS]))
        for link in links:
            status = "auto" if link.auto else "pending"
            auto += link.auto
            pending += not link.auto
            link_rows.append(
                (
                    rid,
                    link.project_id,
                    link.score,
                    "、".join(link.words)[:400],
                    status,
                    rec["month_key"],
                    as_text(received) if as_text else received,
                    rec["category"],
                )
            )
        if n % step == 0:
            progress("link", n, len(fresh))
    progress("link", len(fresh), len(fresh))
    progress("store", 0, len(record_rows))
    _bulk(s, dialect, "feed_records", RECORD_COLUMNS, record_rows, months)
    progress("store", len(record_rows), len(record_rows))
    _bulk(s, dialect, "feed_links", LINK_COLUMNS, link_rows)
    _write_cases(s, dialect, source, merger, case_info, case_sources, updated_cases)
    refresh_monthly(s, months)
    audit.record(
        s,
        actor,
        "feeds.import",
        "feed_import",
        row.id,
        source=source,
        file=file_name,
        sha256=digest,
        rows=data_rows,
        stored=len(fresh),
        duplicates=duplicates,
        rejected=row.rejected,
    )
    rejected = [RejectedRow(e.row, e.column, e.value, t(e.key)) for e in errors]
    return ImportResult(
        row.id, source, file_name, data_rows, len(fresh), duplicates, rejected, len(case_info), auto, pending
    )


def _seed_cases(s: Session, merger: CaseMerger, since: datetime, updated: dict[int, OpenCase]) -> None:
    for c in s.execute(select(FeedCase).where(FeedCase.last_at >= since).order_by(FeedCase.last_at)).scalars():
        case = OpenCase(c.id, c.last_at, c.text, c.first_at, set(), c.records)
        merger.seed((c.community or c.street or c.region or "", c.category), case)
        updated[c.id] = case


def _write_cases(
    s: Session,
    dialect: str,
    source: str,
    merger: CaseMerger,
    info: dict[int, dict[str, Any]],
    sources: dict[int, set[str]],
    updated: dict[int, OpenCase],
) -> None:
    rows = []
    for case_id, meta in info.items():
        case = merger.new_cases[case_id]
        rows.append(
            (
                case_id,
                source,
                meta["region"],
                meta["street"],
                meta["community"],
                meta["category"],
                _sqlite_time(meta["first_at"]) if dialect == "sqlite" else meta["first_at"],
                _sqlite_time(case.last_at) if dialect == "sqlite" else case.last_at,
                case.records,
                ",".join(sorted(sources.get(case_id, {source}))),
                meta["text"],
            )
        )
    cols = (
        "id",
        "source",
        "region",
        "street",
        "community",
        "category",
        "first_at",
        "last_at",
        "records",
        "sources",
        "text",
    )
    _bulk(s, dialect, "feed_cases", cols, rows)
    for case_id, case in updated.items():
        if case_id in sources:
            old = s.get(FeedCase, case_id)
            if old is not None:
                old.records = case.records
                old.last_at = case.last_at
                old.sources = ",".join(sorted(set(old.sources.split(",")) | sources[case_id]))


def _sqlite_time(v: datetime | None) -> str | None:
    """SQLAlchemy's SQLite text form of a datetime (microseconds always written, so text compares as time)."""
    if v is None:
        return None
    text = str(v)
    return text if len(text) > 19 else text + ".000000"


def _ensure_partitions(s: Session, months: set[int]) -> None:
    """One partition per month on PostgreSQL when the role may create tables (else the default one)."""
    have = set(
        s.execute(
            text(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'feed_records'"
            )
        ).scalars()
    )
    for month in sorted(months):
        name = f"feed_records_y{month // 100}m{month % 100:02d}"
        if name in have:
            continue
        upper = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
        try:
            with s.begin_nested():
                s.execute(text(f"CREATE TABLE {name} PARTITION OF feed_records FOR VALUES FROM ({month}) TO ({upper})"))
        except Exception:  # noqa: BLE001 — no CREATE right, or the default partition holds that month: keep it there
            continue


def _bulk(
    s: Session, dialect: str, table: str, columns: tuple[str, ...], rows: list[tuple], months: set[int] | None = None
) -> None:
    if not rows:
        return
    conn = s.connection()
    if dialect == "postgresql":
        if months:
            _ensure_partitions(s, months)
        raw = conn.connection.driver_connection
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
            for r in rows:
                copy.write_row(r)
        return
    placeholders = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    batch = 50_000
    for start in range(0, len(rows), batch):
        conn.exec_driver_sql(sql, rows[start : start + batch])


def _sum(col: Any) -> Any:
    return func.sum(case((col, 1), else_=0))


def _count_columns(r: Any) -> list[Any]:
    return [
        func.count(),
        _sum(r.timely),
        _sum(r.on_time),
        _sum(r.completed),
        func.sum(case((r.rating.is_not(None), 1), else_=0)),
        func.sum(case((r.rating.in_(("满意", "基本满意")), 1), else_=0)),
        func.sum(case((r.rating == "不满意", 1), else_=0)),
        _sum(r.joint),
        _sum(r.collective),
        _sum(r.repeat),
        _sum(r.resolved),
    ]


AGG_COLUMNS = (
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


def refresh_monthly(s: Session, months: set[int]) -> None:
    """Rebuild the monthly pre-aggregates of ``months`` from the records and the counted links."""
    if not months:
        return
    keys = sorted(months)
    s.execute(delete(FeedMonthly).where(FeedMonthly.month_key.in_(keys)))
    r = FeedRecord.__table__.c
    region = func.coalesce(r.region, "")
    base = (
        select(r.month_key, r.source, region, r.category, literal(0), *_count_columns(r))
        .where(r.month_key.in_(keys))
        .group_by(r.month_key, r.source, region, r.category)
    )
    target = ("month_key", "source", "region", "category", "project_id", *AGG_COLUMNS)
    s.execute(insert(FeedMonthly).from_select(target, base))
    link = FeedLink.__table__.c
    by_project = (
        select(r.month_key, r.source, region, r.category, link.project_id, *_count_columns(r))
        .select_from(FeedRecord.__table__.join(FeedLink.__table__, link.record_id == r.id))
        .where(r.month_key.in_(keys), link.status.in_(COUNTED), link.month_key.in_(keys))
        .group_by(r.month_key, r.source, region, r.category, link.project_id)
    )
    s.execute(insert(FeedMonthly).from_select(target, by_project))


# --- metrics --------------------------------------------------------------------------------------
def month_key_of(period: str) -> int:
    try:
        day = datetime.strptime(period + "-01", "%Y-%m-%d")
    except ValueError:
        raise ValidationError("feeds.metrics.bad_period", value=period) from None
    return day.year * 100 + day.month


def feed_metrics(
    store: Store, *, period: str | None = None, region: str | None = None, project: str | None = None
) -> dict[str, Any]:
    """The metric keys of ``riskmodel.feeds.metrics`` over the records of a month, region and project."""
    r = FeedRecord.__table__.c
    conditions = []
    if period:
        conditions.append(r.month_key == month_key_of(period))
    if region:
        conditions.append(r.region == region)
    with store.read() as s:
        source = FeedRecord.__table__
        if project:
            p = project_row(s, project)
            link = FeedLink.__table__.c
            source = source.join(
                FeedLink.__table__, and_(link.record_id == r.id, link.project_id == p.id, link.status.in_(COUNTED))
            )
        sums = s.execute(select(*_count_columns(r)).select_from(source).where(*conditions)).one()
        people = s.execute(
            select(
                func.count(func.distinct(case((r.people_count.is_(None), r.person_key), else_=None))),
                func.coalesce(func.sum(r.people_count), 0),
            )
            .select_from(source)
            .where(*conditions)
        ).one()
    c = Counts(*[int(v or 0) for v in sums])
    return metric_dict(c, int(people[0] or 0) + int(people[1] or 0))


def monthly_counts(
    store: Store, *, months: list[int] | None = None, by: tuple[str, ...] = ("month_key",), project_rows: bool = False
) -> list[tuple[tuple[Any, ...], Counts]]:
    """Pre-aggregated counts grouped by ``by`` (columns of ``feed_monthly``): [(key, Counts)]."""
    m = FeedMonthly.__table__.c
    cols = [m[name] for name in by]
    q = select(*cols, *[func.sum(m[c]) for c in AGG_COLUMNS]).group_by(*cols)
    q = q.where(m.project_id != 0) if project_rows else q.where(m.project_id == 0)
    if months:
        q = q.where(m.month_key.in_(months))
    with store.read() as s:
        rows = s.execute(q).all()
    return [(tuple(row[: len(by)]), Counts(*[int(v or 0) for v in row[len(by) :]])) for row in rows]


# --- signals --------------------------------------------------------------------------------------
def _day_expr(store: Store, column: Any) -> Any:
    return func.date(column) if store.dialect == "sqlite" else cast(column, SADate)


def _as_day(value: Any) -> date:
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    return date.fromisoformat(str(value)[:10])


def data_range(store: Store) -> tuple[date | None, date | None]:
    with store.read() as s:
        lo, hi = s.execute(select(func.min(FeedRecord.received_at), func.max(FeedRecord.received_at))).one()
    return (None if lo is None else _as_day(lo), None if hi is None else _as_day(hi))


def default_as_of(store: Store) -> date:
    """Today, or the last day with records when the data ends earlier."""
    today = now().date()
    _lo, hi = data_range(store)
    return min(today, hi) if hi is not None else today


def signals(store: Store, as_of: date | None = None, *, keep_normal: bool = False) -> list[Signal]:
    """Signals of every project, region × category and project × category on ``as_of``."""
    std = standard().signals
    as_of = as_of or default_as_of(store)
    span = history_days(std) + std.window_days * 3
    start = as_of - timedelta(days=span - 1)
    lo_dt = datetime.combine(start, datetime.min.time())
    hi_dt = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    r = FeedRecord.__table__.c
    link = FeedLink.__table__.c
    day_r = _day_expr(store, r.received_at)
    day_l = _day_expr(store, link.received_at)
    with store.read() as s:
        data_start = s.execute(select(func.min(r.received_at))).scalar()
        regional = s.execute(
            select(day_r, r.region, r.category, func.count())
            .where(r.received_at >= lo_dt, r.received_at < hi_dt)
            .group_by(day_r, r.region, r.category)
        ).all()
        projects = s.execute(
            select(day_l, link.project_id, link.category, func.count())
            .where(link.received_at >= lo_dt, link.received_at < hi_dt, link.status.in_(COUNTED))
            .group_by(day_l, link.project_id, link.category)
        ).all()
        codes = dict(s.execute(select(Project.id, Project.code)).all())
        regions_of = {p.project_id: p.district for p in project_sites(store)}
    index: dict[tuple[Any, ...], int] = {}
    cells: list[tuple[int, int, int]] = []

    def add(key: tuple[Any, ...], day: Any, n: int) -> None:
        g = index.setdefault(key, len(index))
        cells.append((g, (_as_day(day) - start).days, n))

    for day, region, category, n in regional:
        add((None, region, category), day, n)
    for day, pid, category, n in projects:
        code = codes.get(pid)
        add((code, regions_of.get(pid), category), day, n)
        add((code, regions_of.get(pid), None), day, n)
    daily = np.zeros((len(index), span))
    for g, d, n in cells:
        if 0 <= d < span:
            daily[g, d] += n
    groups = list(index)
    return compute_signals(
        groups, daily, as_of, None if data_start is None else _as_day(data_start), std, keep_normal=keep_normal
    )


def run_signals(store: Store, actor: Actor, as_of: date | None = None) -> list[Signal]:
    """Compute and store the signals of ``as_of`` (replacing an earlier run of the same day)."""
    as_of = as_of or default_as_of(store)
    found = signals(store, as_of)
    w = standard().signals.window_days
    lo = datetime.combine(as_of - timedelta(days=w - 1), datetime.min.time())
    hi = datetime.combine(as_of + timedelta(days=1), datetime.min.time())

    def _save(s: Session) -> None:
        s.execute(delete(FeedSignal).where(FeedSignal.as_of == as_of.isoformat()))
        ids = dict(s.execute(select(Project.code, Project.id)).all())
        r = FeedRecord.__table__.c
        link = FeedLink.__table__.c
        for sig in found:
            q = select(r.id).where(r.received_at >= lo, r.received_at < hi)
            if sig.project is not None:
                q = (
                    select(link.record_id)
                    .where(
                        link.project_id == ids.get(sig.project),
                        link.status.in_(COUNTED),
                        link.received_at >= lo,
                        link.received_at < hi,
                    )
                    .order_by(link.received_at.desc())
                )
                if sig.category is not None:
                    q = q.where(link.category == sig.category)
            else:
                q = q.where(r.region == sig.region if sig.region is not None else r.region.is_(None))
                q = q.where(r.category == sig.category).order_by(r.received_at.desc())
            record_ids = [int(x) for x in s.execute(q.limit(50)).scalars()]
            s.add(
                FeedSignal(
                    as_of=as_of.isoformat(),
                    project_id=ids.get(sig.project) if sig.project else None,
                    project_code=sig.project,
                    region=sig.region,
                    category=sig.category,
                    window=sig.window,
                    count=sig.count,
                    baseline=sig.baseline,
                    change=sig.change,
                    level=sig.level,
                    method=sig.method,
                    record_ids=record_ids,
                    created_at=now(),
                )
            )
        audit.record(
            s,
            actor,
            "feeds.signals",
            "feed_signals",
            as_of.isoformat(),
            alarms=sum(1 for x in found if x.level == ALARM),
            total=len(found),
        )

    store.write(_save)
    return found


def stored_signal_days(store: Store) -> list[str]:
    with store.read() as s:
        return list(s.execute(select(FeedSignal.as_of).distinct().order_by(FeedSignal.as_of.desc())).scalars())


def signal_view(row: FeedSignal) -> SignalView:
    """A stored signal as its read model."""
    return SignalView(
        project_code=row.project_code,
        region=row.region,
        category=row.category,
        window=row.window,
        count=row.count,
        baseline=row.baseline,
        change=row.change,
        level=row.level,
        method=row.method,
        id=row.id,
        as_of=row.as_of,
        project_id=row.project_id,
        record_ids=tuple(int(x) for x in row.record_ids or ()),
    )


def stored_signals(store: Store, as_of: str | None = None) -> list[SignalView]:
    """The stored signals of a run (the latest when ``as_of`` is None), in the run's order."""
    with store.read() as s:
        day = as_of or s.execute(select(func.max(FeedSignal.as_of))).scalar()
        if day is None:
            return []
        rows = s.execute(select(FeedSignal).where(FeedSignal.as_of == day).order_by(FeedSignal.id)).scalars()
        return [signal_view(r) for r in rows]


# --- records and links ------------------------------------------------------------------------------
def record_views(store: Store, ids: list[int]) -> list[RecordView]:
    if not ids:
        return []
    with store.read() as s:
        rows = s.execute(
            select(FeedRecord).where(FeedRecord.id.in_(ids)).order_by(FeedRecord.received_at.desc())
        ).scalars()
        return [
            RecordView(
                r.id,
                r.source,
                r.record_no,
                r.received_at.isoformat(" ", "minutes"),
                r.category,
                r.purpose,
                r.region,
                r.community,
                r.status,
                r.text,
                r.case_id,
            )
            for r in rows
        ]


def pending_links(store: Store, *, project: str | None = None, limit: int = 200) -> list[PendingLink]:
    with store.read() as s:
        q = (
            select(FeedLink, Project.code, Project.name, FeedRecord.text, FeedRecord.region)
            .join(Project, Project.id == FeedLink.project_id)
            .join(FeedRecord, FeedRecord.id == FeedLink.record_id)
            .where(FeedLink.status == "pending")
            .order_by(FeedLink.score.desc(), FeedLink.id)
            .limit(limit)
        )
        if project:
            q = q.where(Project.id == project_row(s, project).id)
        return [
            PendingLink(
                link.id,
                link.record_id,
                link.project_id,
                code,
                name,
                link.score,
                link.words,
                link.received_at.isoformat(" ", "minutes"),
                link.category,
                body,
                region,
            )
            for link, code, name, body, region in s.execute(q).all()
        ]


def decide_links(store: Store, actor: Actor, link_ids: list[int], confirm: bool) -> int:
    """Confirm or reject links waiting for confirmation; the monthly aggregates follow."""
    require_role(actor, "organizer", "admin")
    status = "confirmed" if confirm else "rejected"

    def _decide(s: Session) -> int:
        rows = (
            s.execute(select(FeedLink).where(FeedLink.id.in_(link_ids), FeedLink.status == "pending")).scalars().all()
        )
        months = set()
        for link in rows:
            link.status = status
            link.decided_by_id = actor.user_id
            link.decided_at = now()
            months.add(link.month_key)
        s.flush()
        refresh_monthly(s, months)
        audit.record(s, actor, "feeds.links", "feed_links", None, status=status, ids=[r.id for r in rows])
        return len(rows)

    return store.write(_decide)


def link_counts(store: Store) -> LinkCounts:
    """How many links are in each status (``LINK_STATUSES``)."""
    with store.read() as s:
        found = {k: int(v) for k, v in s.execute(select(FeedLink.status, func.count()).group_by(FeedLink.status)).all()}
    return LinkCounts(**{k: found.get(k, 0) for k in LINK_STATUSES})


def record_count(store: Store) -> int:
    with store.read() as s:
        return int(s.execute(select(func.count()).select_from(FeedRecord)).scalar() or 0)
