"""Backup to one JSON file and restore into an empty database — nothing lost, ids kept, nothing trusted.

The file is canonical (tables in foreign-key order, rows by primary key, sorted keys, fixed formatting),
so backing up a restored database gives a byte-identical file. It works across backends (SQLite ↔
PostgreSQL); PostgreSQL sequences are moved past the restored ids. Restoring does not add audit entries:
the restored log is the original chain.

The file is written with mode 0600 (it holds password hashes) and carries, besides the rows:
- ``key_id``: which audit key made its digests (``riskmodel.keys.key_id``);
- ``digests``: one HMAC-SHA256 per table over its canonical columns and rows, keyed with the audit key
  (kept outside the database), so an edited backup is refused without the key;
- ``chain_head``: the audit chain's last entry (seq and hash).

``restore`` checks everything before it writes anything and refuses with the first problem named: the
file's shape, every table present with exactly its columns, the key and each table's digest, each value's
type and the store's text rules, primary keys, foreign keys, the audit chain and the records it vouches
for (a flipped verdict, a changed role, a swapped password hash or a changed score is named even in a
backup whose digests were recomputed by someone holding the key), and the chain head. Only then is the
whole file loaded in one transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text, func, select, text

from riskmodel import keys
from riskmodel.errors import DomainError, ValidationError
from riskmodel.store import guard
from riskmodel.store.db import Store
from riskmodel.store.migrate import head_revision
from riskmodel.store.models import TABLE_ORDER, Base

FORMAT = "riskmodel-backup"
FORMAT_VERSION = 2
TRANSIENT_TABLES = ("login_attempts",)  # lockout state: not data, never backed up
BACKUP_TABLES = [name for name in TABLE_ORDER if name not in TRANSIENT_TABLES]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def table_digest(key: bytes, name: str, columns: list[str], rows: list[list[Any]]) -> str:
    """HMAC-SHA256 of one table's canonical text (its name, columns and rows, one row per line)."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    mac.update(_j([name, columns]).encode("utf-8"))
    for row in rows:
        mac.update(b"\n")
        mac.update(_j(row).encode("utf-8"))
    return mac.hexdigest()


def dump(store: Store) -> dict:
    """The whole database as a JSON-able dict, with the keyed digests and the chain head."""
    key = keys.key_for("audit", store.url)
    tables: dict[str, dict] = {}
    with store.read(snapshot=True) as s:
        for name in BACKUP_TABLES:
            table = Base.metadata.tables[name]
            columns = [c.name for c in table.columns]
            pk = list(table.primary_key.columns)
            rows = s.execute(select(table).order_by(*pk)).all()
            tables[name] = {"columns": columns, "rows": [[_encode(v) for v in row] for row in rows]}
    head_rows = tables["audit_head"]["rows"]
    head = dict(zip(tables["audit_head"]["columns"], head_rows[0])) if head_rows else {"last_seq": 0, "last_hash": ""}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": head_revision(),
        "key_id": keys.key_id(key),
        "chain_head": {"seq": head["last_seq"], "hash": head["last_hash"]},
        "digests": {n: table_digest(key, n, t["columns"], t["rows"]) for n, t in tables.items()},
        "tables": tables,
    }


def canonical_text(data: dict) -> str:
    """Canonical file text: one table row per line keeps diffs of two backups readable."""
    lines = [
        "{",
        f' "format": {json.dumps(data["format"])},',
        f' "format_version": {data["format_version"]},',
        f' "schema_revision": {json.dumps(data["schema_revision"])},',
        f' "key_id": {json.dumps(data["key_id"])},',
        f' "chain_head": {_j(data["chain_head"])},',
        f' "digests": {_j(data["digests"])},',
        ' "tables": {',
    ]
    names = list(data["tables"])
    for ti, name in enumerate(names):
        table = data["tables"][name]
        lines.append(f"  {json.dumps(name)}: {{")
        lines.append(f'   "columns": {_j(table["columns"])},')
        rows = table["rows"]
        if not rows:
            lines.append('   "rows": []')
        else:
            lines.append('   "rows": [')
            lines.extend(f"    {_j(row)}{',' if i < len(rows) - 1 else ''}" for i, row in enumerate(rows))
            lines.append("   ]")
        lines.append("  }" + ("," if ti < len(names) - 1 else ""))
    lines.extend([" }", "}", ""])
    return "\n".join(lines)


def write_private(path: str | Path, content: str) -> None:
    """Write ``content`` to ``path`` readable by its owner only (0600), atomically."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.chmod(tmp, 0o600)  # whatever the umask
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def backup(store: Store, path: str | Path) -> dict:
    """Write the backup file (mode 0600); return counts per table."""
    data = dump(store)
    try:
        write_private(path, canonical_text(data))
    except OSError as exc:
        raise ValidationError("security.backup.unwritable", file=str(path), reason=exc.strerror or str(exc)) from None
    return {name: len(t["rows"]) for name, t in data["tables"].items()}


def is_empty(store: Store) -> bool:
    """No user data yet (the audit head may only hold the genesis state; lockout rows do not count)."""
    with store.read(snapshot=True) as s:
        for name in BACKUP_TABLES:
            table = Base.metadata.tables[name]
            if name == "audit_head":
                row = s.execute(select(table.c.last_seq)).scalar()
                if row not in (None, 0):
                    return False
                continue
            if s.execute(select(func.count()).select_from(table)).scalar_one():
                return False
    return True


# --- checking a backup before restore ---------------------------------------------------------------
class _Refused(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params


def _load(path: str | Path) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _Refused("store.backup.unreadable", reason=exc.strerror or str(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _Refused("security.backup.not_utf8", position=exc.start) from None
    except json.JSONDecodeError as exc:
        raise _Refused("security.backup.bad_json", line=exc.lineno, column=exc.colno, reason=exc.msg) from None
    except RecursionError:
        raise _Refused("security.backup.bad_json", line="?", column="?", reason="nesting") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Refused("store.backup.not_a_backup")
    if data.get("format_version") != FORMAT_VERSION:
        raise _Refused("security.backup.format_version", found=data.get("format_version"), expected=FORMAT_VERSION)
    if data.get("schema_revision") != head_revision():
        raise _Refused("store.backup.schema_mismatch", found=data.get("schema_revision"), expected=head_revision())
    return data


def _check_shape(data: dict) -> dict[str, tuple[list[str], list[list[Any]]]]:
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise _Refused("security.backup.bad_field", field="tables")
    unknown = sorted(set(tables) - set(BACKUP_TABLES))
    if unknown:
        raise _Refused("store.backup.unknown_tables", tables=", ".join(map(str, unknown)))
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for name in BACKUP_TABLES:
        content = tables.get(name)
        if content is None:
            raise _Refused("security.backup.missing_table", table=name)
        if not isinstance(content, dict) or not isinstance(content.get("rows"), list):
            raise _Refused("security.backup.bad_table", table=name)
        columns = content.get("columns")
        expected = [c.name for c in Base.metadata.tables[name].columns]
        if columns != expected:
            columns = columns if isinstance(columns, list) else []
            missing = [c for c in expected if c not in columns]
            extra = [str(c) for c in columns if c not in expected]
            if extra:
                raise _Refused("store.backup.unknown_columns", table=name, columns=", ".join(extra))
            raise _Refused("security.backup.missing_columns", table=name, columns=", ".join(missing) or "order")
        for i, row in enumerate(content["rows"], start=1):
            if not isinstance(row, list) or len(row) != len(expected):
                raise _Refused("security.backup.bad_row", table=name, row=i, expected=len(expected))
        out[name] = (columns, content["rows"])
    return out


def _check_digests(data: dict, tables: dict, ring: dict[str, bytes]) -> None:
    kid = data.get("key_id")
    key = ring.get(kid) if isinstance(kid, str) else None
    if key is None:
        raise _Refused("security.backup.unknown_key", key_id=kid, known=", ".join(sorted(ring)))
    digests = data.get("digests")
    if not isinstance(digests, dict):
        raise _Refused("security.backup.bad_field", field="digests")
    for name in BACKUP_TABLES:
        columns, rows = tables[name]
        want = digests.get(name)
        if not isinstance(want, str) or not hmac.compare_digest(want, table_digest(key, name, columns, rows)):
            raise _Refused("security.backup.digest", table=name)


def _typed(table: str, column, value: Any, row: int) -> Any:
    """The value as the column expects it, or _Refused naming table, row and column."""
    where = {"table": table, "row": row, "column": column.name}
    if value is None:
        if not column.nullable and not column.primary_key:
            raise _Refused("security.backup.null", **where)
        return None
    kind = column.type
    ok = True
    if isinstance(kind, Boolean):
        ok = isinstance(value, bool) or value in (0, 1)
        value = bool(value) if ok else value
    elif isinstance(kind, Integer):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(kind, Float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(kind, DateTime):
        try:
            value = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            value = None
        ok = value is not None
    elif isinstance(kind, (String, Text)):
        ok = isinstance(value, str)
        length = getattr(kind, "length", None)
        if ok and length and len(value) > length:
            raise _Refused("security.backup.too_long", length=length, **where)
    if not ok:
        raise _Refused("security.backup.bad_value", kind=type(kind).__name__, **where)
    try:
        guard.check_value(table, column.name, value, kind)
    except ValidationError as exc:
        raise _Refused("security.backup.at_row", row=row, reason=exc.message()) from None
    return value


def _check_values(tables: dict) -> dict[str, list[dict[str, Any]]]:
    decoded: dict[str, list[dict[str, Any]]] = {}
    keysets: dict[str, set] = {}
    for name in BACKUP_TABLES:
        table = Base.metadata.tables[name]
        columns, rows = tables[name]
        cols = [table.c[c] for c in columns]
        pk = [c.name for c in table.primary_key.columns]
        seen: set = set()
        out = []
        for i, row in enumerate(rows, start=1):
            item = {c.name: _typed(name, c, v, i) for c, v in zip(cols, row)}
            key = tuple(item[p] for p in pk)
            if key in seen:
                raise _Refused("security.backup.duplicate_key", table=name, row=i, pk=", ".join(map(str, key)))
            seen.add(key)
            out.append(item)
        decoded[name] = out
        keysets[name] = {k[0] for k in seen} if len(pk) == 1 else set()
    for name in BACKUP_TABLES:
        table = Base.metadata.tables[name]
        for fk in table.foreign_keys:
            target = fk.column.table.name
            for i, item in enumerate(decoded[name], start=1):
                value = item[fk.parent.name]
                if value is not None and value not in keysets.get(target, set()):
                    raise _Refused(
                        "security.backup.foreign_key",
                        table=name,
                        row=i,
                        column=fk.parent.name,
                        target=target,
                        value=value,
                    )
    return decoded


def _check_chain(data: dict, tables: dict, ring: dict[str, bytes]) -> None:
    from riskmodel.services.audit import check_chain
    from riskmodel.store import records

    columns, rows = tables["audit_log"]
    order = ["seq", "at", "actor", "action", "entity", "entity_id", "details", "prev_hash", "alg", "record", "hash"]
    idx = [columns.index(c) for c in order]
    entries = [tuple(row[i] for i in idx) for row in rows]
    head_columns, head_rows = tables["audit_head"]
    head = dict(zip(head_columns, head_rows[0])) if head_rows else {"last_seq": 0, "last_hash": "0" * 64}
    stated = data.get("chain_head") or {}
    if stated.get("seq") != head["last_seq"] or stated.get("hash") != head["last_hash"]:
        raise _Refused("security.backup.chain_head")
    checker, broken = check_chain(ring, entries, head["last_seq"], head["last_hash"])  # type: ignore[arg-type]
    if broken is None:
        broken = checker.compare(records.snapshots_from_tables(tables))
    if broken is not None:
        from riskmodel.i18n import t

        reason = t(f"security.audit.reason.{broken.reason}", **broken.params())
        raise _Refused("security.backup.chain", reason=reason)


def check_backup(store: Store, path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Every check ``restore`` makes, without writing; the decoded rows per table, or ValidationError."""
    try:
        data = _load(path)
        tables = _check_shape(data)
        ring = keys.keyring("audit", store.url)
        _check_digests(data, tables, ring)
        decoded = _check_values(tables)
        _check_chain(data, tables, ring)
    except _Refused as exc:
        raise ValidationError(exc.key, file=str(path), **exc.params) from None
    return decoded


def restore(store: Store, path: str | Path) -> dict:
    """Load a checked backup into an empty database (refused otherwise); return counts per table."""
    decoded = check_backup(store, path)
    if not is_empty(store):
        raise DomainError("store.backup.not_empty")
    counts: dict[str, int] = {}
    with store.transaction() as s:
        for name in BACKUP_TABLES:
            table = Base.metadata.tables[name]
            rows = decoded[name]
            if name == "audit_head":
                s.execute(table.delete())
            for start in range(0, len(rows), 1000):
                s.execute(table.insert(), rows[start : start + 1000])
            counts[name] = len(rows)
        if store.dialect == "postgresql":
            _reset_sequences(s)
    return counts


def _reset_sequences(s) -> None:
    """Move each serial sequence past the restored ids, so new rows do not collide."""
    for name in TABLE_ORDER:
        table = Base.metadata.tables[name]
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        seq = s.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": name, "c": pk[0].name}).scalar()
        if seq:
            s.execute(
                text(f'SELECT setval(:seq, COALESCE((SELECT MAX("{pk[0].name}") FROM "{name}"), 0) + 1, false)'),
                {"seq": seq},
            )
