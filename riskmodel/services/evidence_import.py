"""Importing long lists of the evidence record from CSV/XLSX: consultation records and the demands list.

Files are read through ``riskmodel.tabular`` (hostile-file limits, GB18030 from Excel). Headers may be
Chinese or English (``COLUMNS``). Every row is checked before anything is stored; with any problem the
import fails listing each one by row (the header is row 1), and nothing is stored. A clean file is stored
in one transaction, each row audited.

Consultations: 类型, 日期, 地点, one column per participant category (政府部门 … 群众代表, counts), 主要意见.
Demands: 诉求, 提出者, 人数, 采纳情况, 理由, 措施.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from riskmodel.errors import RiskModelError, ValidationError
from riskmodel.i18n import t
from riskmodel.services.context import Actor
from riskmodel.services.evidence import (
    PARTICIPANT_CATEGORIES,
    _write,
    apply_consultation,
    apply_demand,
    clean_consultation,
    clean_demand,
)
from riskmodel.store.db import Store
from riskmodel.tabular import read_rows

# field → accepted headers (first: the Chinese header written in templates)
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "consultations": {
        "kind": ("类型", "kind"),
        "held_on": ("日期", "date", "held_on"),
        "place": ("地点", "place"),
        **{c: (c,) for c in PARTICIPANT_CATEGORIES},
        "opinions": ("主要意见", "opinions"),
    },
    "demands": {
        "demand": ("诉求", "demand"),
        "raised_by": ("提出者", "raised_by"),
        "people": ("人数", "people"),
        "handling": ("采纳情况", "handling"),
        "reason": ("理由", "未采纳理由", "reason"),
        "measure": ("措施", "对应措施", "measure"),
    },
}
REQUIRED = {
    "consultations": ("kind", "held_on", "place", "opinions"),
    "demands": ("demand", "raised_by", "people", "handling"),
}


class ImportFailed(ValidationError):
    """The import found problems; ``problems`` holds (row, message key, params) and the message lists them."""

    def __init__(self, file: str, problems: list[tuple[int, RiskModelError]]) -> None:
        self.problems = problems
        super().__init__("evidence.import.failed", file=file, count=len(problems))

    def message(self, lang: str | None = None) -> str:
        head = t(self.key, lang, **self.params)
        lines = [
            t("evidence.import.at_row", lang, row=row, message=err.message(lang)) for row, err in self.problems[:50]
        ]
        return "\n".join([head, *lines])


def _records(what: str, rows: list[list[Any]], name: str) -> list[tuple[int, dict[str, Any]]]:
    if what not in COLUMNS:
        raise ValidationError("evidence.import.bad_what", what=what, allowed=", ".join(COLUMNS))
    if not rows:
        raise ValidationError("evidence.import.no_rows")
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    lookup = {alias: field for field, aliases in COLUMNS[what].items() for alias in aliases}
    index: dict[str, int] = {}
    problems: list[tuple[int, RiskModelError]] = []
    for k, h in enumerate(header):
        if not h:
            continue
        if h not in lookup:
            allowed = "、".join(a[0] for a in COLUMNS[what].values())
            problems.append((1, ValidationError("evidence.import.unknown_column", column=h, allowed=allowed)))
            continue
        index[lookup[h]] = k
    for field in REQUIRED[what]:
        if field not in index:
            column = COLUMNS[what][field][0]
            problems.append((1, ValidationError("evidence.import.missing_column", column=column)))
    if problems:
        raise ImportFailed(name, problems)
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        out.append((number, {f: (row[k] if k < len(row) else None) for f, k in index.items()}))
    if not out:
        raise ValidationError("evidence.import.no_rows")
    return out


def _clean(what: str, record: dict[str, Any]) -> dict[str, Any]:
    if what == "consultations":
        participants = {c: record.pop(c) for c in PARTICIPANT_CATEGORIES if record.get(c) not in (None, "")}
        for c in PARTICIPANT_CATEGORIES:
            record.pop(c, None)
        return clean_consultation({**record, "participants": participants})
    return clean_demand(record)


def import_records(
    store: Store, actor: Actor, assessment_id: int, what: str, data: bytes, name: str, *, sheet: str | None = None
) -> int:
    """Import ``what`` (consultations | demands) from a CSV/XLSX file; returns the number of rows stored."""
    records = _records(what, read_rows(data, name, sheet=sheet), name)
    cleaned: list[dict[str, Any]] = []
    problems: list[tuple[int, RiskModelError]] = []
    for number, record in records:
        try:
            cleaned.append(_clean(what, record))
        except RiskModelError as exc:
            problems.append((number, exc))
    if problems:
        raise ImportFailed(name, problems)
    apply: Callable[[Session, Actor, int, dict[str, Any]], int] = (
        apply_consultation if what == "consultations" else apply_demand
    )

    def _store(s: Session) -> int:
        for clean in cleaned:
            apply(s, actor, assessment_id, clean)
        return len(cleaned)

    return _write(store, actor, assessment_id, _store)
