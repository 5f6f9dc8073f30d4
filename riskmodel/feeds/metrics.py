"""Metrics of a set of records (definitions as the README prints them).

- ``records``: 件次, the records;
- ``people``: distinct persons (pseudonyms) of the records that do not state a head count, plus the
  信访人数 of those that do (人次);
- ``repeat``: 重件 — records whose person had an earlier record of the same category;
- ``joint`` / ``collective``: 联名 (a 联名信 or a joint demand) and 集体 (信访人数 ≥ 5, or 集体访) records;
- ``timely_acceptance_rate`` = records accepted within the source's acceptance limit (24 h by default)
  of receipt / all records of the period;
- ``on_time_completion_rate`` = records completed within the source's completion limit (15 days by
  default) of acceptance / all records of the period;
- ``satisfaction_rate`` = (满意 + 基本满意) / (满意 + 基本满意 + 不满意);
- ``rating_rate`` = rated records / completed records.

A rate whose denominator is 0 is ``None``. ``Counts`` adds up like the monthly pre-aggregates do, so the
same ``rates`` function serves records, aggregates and SQL sums. The metrics of a set of records, as the
services hand them out and the CLI prints them, are ``services.views.feeds.FeedMetrics`` (keys ``METRIC_KEYS``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

METRIC_KEYS = (
    "records",
    "people",
    "repeat",
    "joint",
    "collective",
    "timely_acceptance_rate",
    "on_time_completion_rate",
    "satisfaction_rate",
    "rating_rate",
)
SATISFIED = ("满意", "基本满意")
UNSATISFIED = "不满意"


@dataclass
class Counts:
    records: int = 0
    timely: int = 0
    on_time: int = 0
    completed: int = 0
    rated: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    joint: int = 0
    collective: int = 0
    repeat: int = 0
    resolved: int = 0

    def add(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def ratio(num: int | float, den: int | float) -> float | None:
    return None if not den else round(num / den, 4)


@dataclass(frozen=True)
class Rates:
    """The four rates of a set of records (``None`` where the denominator is 0), by the definitions above."""

    timely_acceptance_rate: float | None
    on_time_completion_rate: float | None
    satisfaction_rate: float | None
    rating_rate: float | None

    def values(self) -> tuple[float | None, ...]:
        """The rates in ``METRIC_KEYS`` order."""
        return (self.timely_acceptance_rate, self.on_time_completion_rate, self.satisfaction_rate, self.rating_rate)


def rates(c: Counts) -> Rates:
    return Rates(
        timely_acceptance_rate=ratio(c.timely, c.records),
        on_time_completion_rate=ratio(c.on_time, c.records),
        satisfaction_rate=ratio(c.satisfied, c.satisfied + c.unsatisfied),
        rating_rate=ratio(c.rated, c.completed),
    )


def resolution_rate(c: Counts) -> float | None:
    """化解率: records completed without a 不满意 rating / all records."""
    return ratio(c.resolved, c.records)


def count_records(records: list[dict[str, Any]]) -> tuple[Counts, int]:
    """(Counts, people) of records in the pipeline's form (``rows.Record`` dicts), by the definitions."""
    c = Counts()
    persons: set[str] = set()
    headcount = 0
    for r in records:
        c.records += 1
        c.timely += bool(r["timely"])
        c.on_time += bool(r["on_time"])
        c.completed += bool(r["completed"])
        c.rated += r["rating"] is not None
        c.satisfied += r["rating"] in SATISFIED
        c.unsatisfied += r["rating"] == UNSATISFIED
        c.joint += bool(r["joint"])
        c.collective += bool(r["collective"])
        c.repeat += bool(r["repeat"])
        c.resolved += bool(r["resolved"])
        if r.get("people_count"):
            headcount += int(r["people_count"])
        elif r.get("person_key"):
            persons.add(r["person_key"])
    return c, len(persons) + headcount
