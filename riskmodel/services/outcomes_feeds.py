"""The one adapter between 后评估 and the feeds area: counts of a project's linked records in a period.

The feeds area (``riskmodel/feeds/``, ``services/feeds*.py``, tables ``feed_links``, ``feed_records``,
``feed_signals``) links 12345 work orders, 信访 and grid records to projects and raises 告警 signals. The
realised-level record rules need three numbers per project and tracking period:

- ``records`` (件次): links of the project that are not rejected (``auto`` / ``pending`` / ``confirmed``)
  whose record arrived in the period;
- ``repeat`` (重件): those whose record is a repeat complaint;
- ``signals`` (告警): distinct 告警 windows raised on the project that start in the period.

Where the feeds tables do not exist (the feeds area not installed) this returns
``FeedCounts(available=False)`` and the record rules are not applied — the incidents entered by hand still
are. This function is the only place that knows the feeds area's tables.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.services.views.outcomes import FeedCounts
from riskmodel.store import models

COUNTED_LINKS = ("auto", "pending", "confirmed")
ALARM = "告警"


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def feed_counts(s: Session, project_id: int, start: date, end: date) -> FeedCounts:
    """件次, 重件 and 告警 of the records linked to ``project_id`` from ``start`` (inclusive) to ``end``."""
    link = getattr(models, "FeedLink", None)
    record = getattr(models, "FeedRecord", None)
    signal = getattr(models, "FeedSignal", None)
    if link is None or record is None or signal is None:
        return FeedCounts()
    lo, hi = _midnight(start), _midnight(end)
    base = select(func.count()).where(
        link.project_id == project_id,
        link.status.in_(COUNTED_LINKS),
        link.received_at >= lo,
        link.received_at < hi,
    )
    records = int(s.execute(base.select_from(link)).scalar() or 0)
    repeat = int(
        s.execute(
            base.select_from(link).join(record, record.id == link.record_id).where(record.repeat.is_(True))
        ).scalar()
        or 0
    )
    windows = s.execute(
        select(signal.window).where(signal.project_id == project_id, signal.level == ALARM).distinct()
    ).scalars()
    signals = 0
    for window in windows:
        try:
            first = date.fromisoformat(str(window).split("/")[0])
        except ValueError:
            continue
        signals += start <= first < end
    return FeedCounts(records=records, repeat=repeat, signals=signals, available=True)
