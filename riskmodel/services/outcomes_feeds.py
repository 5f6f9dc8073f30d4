"""The one adapter between 后评估 and the feeds area: counts of a project's linked records in a period.

The feeds area (``riskmodel/feeds/``, ``services/feeds*.py``) links 12345 work orders, 信访 and grid
records to projects and raises 告警 signals. The realised-level record rules need three numbers per
project and tracking period: 件次 (linked records), 重件 (repeated complaints) and signals. Until the
feeds area provides them this returns ``FeedCounts(available=False)`` and the record rules are not
applied (the incidents entered by hand still are); this function is the only place to change.
"""

from __future__ import annotations

import importlib
from datetime import date

from sqlalchemy.orm import Session

from riskmodel.services.views.outcomes import FeedCounts


def feed_counts(s: Session, project_id: int, start: date, end: date) -> FeedCounts:
    """件次, 重件 and 告警 of the records linked to ``project_id`` from ``start`` (inclusive) to ``end``."""
    try:
        feeds = importlib.import_module("riskmodel.services.feeds")
    except ImportError:
        return FeedCounts()
    counter = getattr(feeds, "project_record_counts", None)
    if counter is None:
        return FeedCounts()
    found = counter(s, project_id, start, end)
    if found is None:
        return FeedCounts()
    return FeedCounts(
        records=int(found.get("records", 0)),
        repeat=int(found.get("repeat", 0)),
        signals=int(found.get("signals", 0)),
        available=True,
    )
