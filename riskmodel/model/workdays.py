"""Working days (工作日) between two dates, with the Chinese public holidays and make-up working days.

The State Council's yearly holiday notice moves working days around (调休): a Saturday can be a working
day and a Thursday a holiday. ``chinesecalendar`` (PyPI, maintained each year after the notice) carries
those calendars; for a year it does not cover yet, the count falls back to Monday–Friday and says so
(``holidays_known`` is False), so a 公示 in such a year is checked but flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped]

from riskmodel.errors import ValidationError

__all__ = ["WorkdayCount", "count_workdays", "is_workday"]


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """``days`` working days from ``start`` to ``end`` (both included); ``calendar_days`` all days;
    ``holidays_known`` False when part of the span lies outside the holiday calendar."""

    start: date
    end: date
    days: int
    calendar_days: int
    holidays_known: bool


def is_workday(day: date) -> tuple[bool, bool]:
    """(working day?, known from the holiday calendar?) — Monday–Friday when the year is not covered."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def count_workdays(start: date, end: date) -> WorkdayCount:
    """Working days of the span ``start`` … ``end`` inclusive (a 公示 period). ``end`` before ``start``
    is refused naming both dates."""
    if end < start:
        raise ValidationError("evidence.publicity.end_before_start", start=start.isoformat(), end=end.isoformat())
    days = 0
    known = True
    span = (end - start).days + 1
    for k in range(span):
        work, ok = is_workday(start + timedelta(days=k))
        days += work
        known = known and ok
    return WorkdayCount(start=start, end=end, days=days, calendar_days=span, holidays_known=known)
