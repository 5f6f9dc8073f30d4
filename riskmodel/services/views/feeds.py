"""Read models of the feeds area (issue 12)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RejectedRow:
    row: int
    column: str
    value: str
    problem: str  # the translated message


@dataclass(frozen=True)
class ImportResult:
    import_id: int | None
    source: str
    file_name: str
    rows: int  # data rows read
    stored: int
    duplicates: int  # already stored (or repeated in the file): skipped
    rejected: list[RejectedRow] = field(default_factory=list)
    cases: int = 0  # new 件
    links_auto: int = 0
    links_pending: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "source": self.source,
            "file": self.file_name,
            "rows": self.rows,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "rejected": len({r.row for r in self.rejected}),
            "cases": self.cases,
            "links_auto": self.links_auto,
            "links_pending": self.links_pending,
        }


@dataclass(frozen=True)
class PendingLink:
    link_id: int
    record_id: int
    project_id: int
    project_code: str
    project_name: str
    score: float
    words: str
    received_at: str
    category: str
    text: str
    region: str | None


@dataclass(frozen=True)
class RecordView:
    id: int
    source: str
    record_no: str
    received_at: str
    category: str
    purpose: str | None
    region: str | None
    community: str | None
    status: str | None
    text: str
    case_id: int


@dataclass(frozen=True)
class ProjectFeedSummary:
    """What the panel and the report see of the records linked to a project."""

    project_id: int
    project_code: str
    records: int
    cases: int
    pending: int
    categories: list[tuple[str, int]]
    monthly: list[tuple[str, int]]  # (YYYY-MM, records)
    samples: list[RecordView]
    signals: list[dict[str, Any]]
    metrics: dict[str, Any]
