"""Values refused by the store on every backend alike, whatever table or code path writes them.

SQLite stores a NUL byte, a lone surrogate or a 64-bit integer that PostgreSQL refuses (and a SQLite
backup holding one could then never move to PostgreSQL); SQLite turns NaN into NULL where PostgreSQL
keeps it. So every INSERT and UPDATE is checked before it reaches the database — one listener on the
engine (``before_cursor_execute``) sees the parameters of ORM flushes, bulk inserts and Core statements
of every table, including tables other areas add later — and a bad value is refused with the table and
the field named:

- text: NUL and the other C0 control characters except tab, line feed and carriage return, DEL, the C1
  controls (U+0080–U+009F) and lone surrogates;
- integers outside PostgreSQL's ``integer`` (32-bit) range in ``Integer`` columns (``BigInteger`` columns
  allow 64 bits);
- floats that are NaN or infinite.

JSON columns are checked inside (keys and values). Backups are checked with the same function before
anything is restored (``check_value``).
"""

from __future__ import annotations

import math
import re
from typing import Any

from sqlalchemy import BigInteger, Integer, event
from sqlalchemy.engine import Engine

from riskmodel.errors import ValidationError

BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)


def bad_char(text: str) -> str | None:
    """The first refused character of ``text`` as ``U+XXXX``, or None."""
    found = BAD_CHARS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def _deep_bad_char(value: Any) -> str | None:
    if isinstance(value, str):
        return bad_char(value)
    if isinstance(value, dict):
        for k, v in value.items():
            found = _deep_bad_char(k) or _deep_bad_char(v)
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for v in value:
            found = _deep_bad_char(v)
            if found:
                return found
    return None


def check_value(table: str, field: str, value: Any, column_type: Any = None) -> None:
    """Raise ``ValidationError`` naming ``table.field`` when ``value`` would differ between backends."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, (str, dict, list, tuple)):
        found = _deep_bad_char(value)
        if found:
            raise ValidationError("security.store.control_char", table=table, field=field, char=found)
        return
    if isinstance(value, int):
        small = isinstance(column_type, Integer) and not isinstance(column_type, BigInteger)
        low, high = INT32 if small else INT64
        if not low <= value <= high:
            raise ValidationError("security.store.int_range", table=table, field=field, low=low, high=high)
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError("security.store.not_finite", table=table, field=field, value=str(value))


def _columns(statement: Any) -> tuple[str, dict[str, Any]]:
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None) or "?"
    columns = getattr(table, "c", None)
    types = {c.key: c.type for c in columns} if columns is not None else {}
    return name, types


def _before_cursor_execute(conn, cursor, statement, parameters, context, executemany) -> None:
    if context is None or getattr(context, "compiled", None) is None:
        return
    if not (context.isinsert or context.isupdate):
        return
    table, types = _columns(context.compiled.statement)
    for params in context.compiled_parameters or ():
        for key, value in params.items():
            if value is None or isinstance(value, bool):
                continue
            column_type = types.get(key)
            check_value(table, key, value, column_type)


def install(engine: Engine) -> None:
    """Check the values of every INSERT and UPDATE sent through ``engine``."""
    if not event.contains(engine, "before_cursor_execute", _before_cursor_execute):
        event.listen(engine, "before_cursor_execute", _before_cursor_execute)
