"""Backup to one JSON file and restore into an empty database — nothing lost, ids kept.

The file is canonical (tables in foreign-key order, rows by primary key, sorted keys, fixed
formatting), so backing up a restored database gives a byte-identical file. It works across
backends (SQLite ↔ PostgreSQL); PostgreSQL sequences are moved past the restored ids. Restoring does
not add audit entries: the restored log is the original chain, and ``audit-verify`` checks it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, DateTime, Integer, func, select, text

from riskmodel.errors import DomainError, ValidationError
from riskmodel.store.db import Store
from riskmodel.store.migrate import head_revision
from riskmodel.store.models import TABLE_ORDER, Base

FORMAT = "riskmodel-backup"
FORMAT_VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def dump(store: Store) -> dict:
    """The whole database as a JSON-able dict."""
    tables: dict[str, dict] = {}
    with store.read(snapshot=True) as s:
        for name in TABLE_ORDER:
            table = Base.metadata.tables[name]
            columns = [c.name for c in table.columns]
            pk = list(table.primary_key.columns)
            rows = s.execute(select(table).order_by(*pk)).all()
            tables[name] = {"columns": columns, "rows": [[_encode(v) for v in row] for row in rows]}
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_revision": head_revision(), "tables": tables}


def canonical_text(data: dict) -> str:
    """Canonical file text: one table row per line keeps diffs of two backups readable."""
    lines = [
        "{",
        f' "format": {json.dumps(data["format"])},',
        f' "format_version": {data["format_version"]},',
        f' "schema_revision": {json.dumps(data["schema_revision"])},',
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


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def backup(store: Store, path: str | Path) -> dict:
    """Write the backup file; return counts per table."""
    data = dump(store)
    Path(path).write_text(canonical_text(data), encoding="utf-8")
    return {name: len(t["rows"]) for name, t in data["tables"].items()}


def is_empty(store: Store) -> bool:
    """No user data yet (the audit head may only hold the genesis state)."""
    with store.read(snapshot=True) as s:
        for name in TABLE_ORDER:
            table = Base.metadata.tables[name]
            if name == "audit_head":
                row = s.execute(select(table.c.last_seq)).scalar()
                if row not in (None, 0):
                    return False
                continue
            if s.execute(select(func.count()).select_from(table)).scalar_one():
                return False
    return True


def _decode(table, columns: list[str], row: list[Any]) -> dict:
    out = {}
    for name, value in zip(columns, row):
        col = table.c[name]
        if value is not None and isinstance(col.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(col.type, Boolean):
            value = bool(value)
        out[name] = value
    return out


def restore(store: Store, path: str | Path) -> dict:
    """Load a backup into an empty database (refused otherwise); return counts per table."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("store.backup.unreadable", file=str(path), reason=str(exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("store.backup.not_a_backup", file=str(path))
    if data.get("schema_revision") != head_revision():
        raise ValidationError(
            "store.backup.schema_mismatch", file=str(path), found=data.get("schema_revision"), expected=head_revision()
        )
    tables = data.get("tables") or {}
    unknown = set(tables) - set(TABLE_ORDER)
    if unknown:
        raise ValidationError("store.backup.unknown_tables", file=str(path), tables=", ".join(sorted(unknown)))
    if not is_empty(store):
        raise DomainError("store.backup.not_empty")
    counts: dict[str, int] = {}
    with store.transaction() as s:
        for name in TABLE_ORDER:
            table = Base.metadata.tables[name]
            content = tables.get(name) or {"columns": [c.name for c in table.columns], "rows": []}
            columns = content["columns"]
            missing = [c for c in columns if c not in table.c]
            if missing:
                raise ValidationError(
                    "store.backup.unknown_columns", file=str(path), table=name, columns=", ".join(missing)
                )
            rows = [_decode(table, columns, r) for r in content["rows"]]
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
