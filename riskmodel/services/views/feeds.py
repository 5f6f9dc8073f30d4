"""Read models of the feeds area (issue 12).

``SignalView`` is one stored (or just computed) signal; its ``to_dict`` is the one place the CLI's
``feeds signals --json`` entry is produced (the keys are a contract checked from outside).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskmodel.feeds.signals import Signal


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
class SignalView:
    """One signal of a ``feeds signals`` run: a project's (or a region's) count in the window against
    its baseline. ``id``, ``as_of``, ``project_id`` and ``record_ids`` (up to 50 records behind it) are
    known once the run is stored."""

    project_code: str | None
    region: str | None
    category: str | None  # None: all categories
    window: str  # YYYY-MM-DD/YYYY-MM-DD
    count: int
    baseline: int | None
    change: float | None
    level: str  # 告警, 异常 or 正常 (riskmodel.feeds.signals)
    method: str
    id: int | None = None
    as_of: str | None = None
    project_id: int | None = None
    record_ids: tuple[int, ...] = ()

    @property
    def window_start(self) -> date:
        return date.fromisoformat(self.window.split("/")[0])

    def to_dict(self) -> dict[str, Any]:
        """The CLI's ``feeds signals --json`` entry (exactly ``riskmodel.feeds.signals.SIGNAL_KEYS``)."""
        return {
            "project": self.project_code,
            "region": self.region,
            "category": self.category,
            "window": self.window,
            "count": self.count,
            "baseline": self.baseline,
            "change": self.change,
            "level": self.level,
            "method": self.method,
        }

    @classmethod
    def from_signal(cls, sig: Signal) -> SignalView:
        """A computed (not yet stored) signal."""
        return cls(
            sig.project,
            sig.region,
            sig.category,
            sig.window,
            sig.count,
            sig.baseline,
            sig.change,
            sig.level,
            sig.method,
        )


@dataclass(frozen=True)
class LinkCounts:
    """How many record–project links are in each status."""

    auto: int = 0
    pending: int = 0
    confirmed: int = 0
    rejected: int = 0

    @property
    def counted(self) -> int:
        """Links the metrics count (automatic and confirmed)."""
        return self.auto + self.confirmed


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
    signals: list[SignalView]  # the project's latest stored signals, newest run first
    metrics: dict[str, Any]
