"""Coverage figures of the register (应评尽评) per year, department and region, and the gate's list.

One query per year — a row per matter (any linked assessment with a signed verdict, any accepted filing),
grouped by department × region — then sums in Python — the command, the dashboard and
the portfolio export all read these figures, so they agree.

- required: matters of the year; assessed: linked to an assessment with a signed verdict; filed: linked to
  an assessment whose filing was accepted (予以备案); decided_without_assessment: decisions flagged 未评先决;
- coverage_rate (应评尽评率) = assessed / required; filing_rate (备案率) = filed / assessed (None when the
  denominator is 0), rounded to 4 places;
- decisions: counts of 不予实施 (否决), 暂缓实施, 调整方案后实施 (调整方案) and 实施.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, select

from riskmodel.services.views.register import ACCEPTED, DECISIONS, Coverage, CoverageRow, GateEntry
from riskmodel.store.db import Store
from riskmodel.store.models import AuditHead, Filing, RegisterLink, RegisterMatter, Verdict


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else round(num / den, 4)


class _Acc:
    __slots__ = ("required", "assessed", "filed", "without", "departs", "decisions")

    def __init__(self) -> None:
        self.required = self.assessed = self.filed = self.without = self.departs = 0
        self.decisions = dict.fromkeys(DECISIONS, 0)

    def add(self, row: tuple) -> None:
        self.required += row[2]
        self.assessed += row[3] or 0
        self.filed += row[4] or 0
        self.without += row[5] or 0
        self.departs += row[6] or 0
        for i, d in enumerate(DECISIONS):
            self.decisions[d] += row[7 + i] or 0

    def row(self, name: str) -> CoverageRow:
        return CoverageRow(
            name=name,
            required=self.required,
            assessed=self.assessed,
            filed=self.filed,
            decided_without_assessment=self.without,
            coverage_rate=_rate(self.assessed, self.required),
            filing_rate=_rate(self.filed, self.assessed),
            decision_departs=self.departs,
            decisions=dict(self.decisions),
        )


def _per_matter(year: int) -> Any:
    """One row per matter of the year with its flags and whether any linked assessment has a signed verdict
    or an accepted filing (left joins through the links, grouped by the matter: on SQLite a walk of the
    covering index ``ix_register_matters_year_cover`` with index lookups, hash joins on PostgreSQL)."""
    link, m = RegisterLink, RegisterMatter
    return (
        select(
            m.id,
            m.department,
            m.region,
            m.decision,
            m.decided_without_assessment.label("without"),
            m.decision_departs.label("departs"),
            func.max(case((Verdict.id.is_not(None), 1), else_=0)).label("assessed"),
            func.max(case((Filing.id.is_not(None), 1), else_=0)).label("filed"),
        )
        .select_from(m)
        .outerjoin(link, link.matter_id == m.id)
        .outerjoin(Verdict, Verdict.assessment_id == link.assessment_id)
        .outerjoin(Filing, and_(Filing.assessment_id == link.assessment_id, Filing.state == ACCEPTED))
        .where(m.year == int(year))
        .group_by(m.id)
        .subquery()
    )


def coverage(store: Store, year: int) -> Coverage:
    """The figures of one year (all its matters), by department and by region."""
    pm = _per_matter(year)

    def one(cond: Any) -> Any:
        return func.sum(case((cond, 1), else_=0))

    q = select(
        pm.c.department,
        pm.c.region,
        func.count(),
        func.sum(pm.c.assessed),
        func.sum(pm.c.filed),
        func.sum(cast(pm.c.without, Integer)),
        func.sum(cast(pm.c.departs, Integer)),
        *[one(pm.c.decision == d) for d in DECISIONS],
    ).group_by(pm.c.department, pm.c.region)
    total = _Acc()
    by_department: dict[str, _Acc] = defaultdict(_Acc)
    by_region: dict[str, _Acc] = defaultdict(_Acc)
    with store.read() as s:
        for row in s.execute(q):
            total.add(row)
            by_department[row[0]].add(row)
            by_region[row[1]].add(row)
    return Coverage(
        year=int(year),
        total=total.row(str(year)),
        by_department=tuple(by_department[k].row(k) for k in sorted(by_department)),
        by_region=tuple(by_region[k].row(k) for k in sorted(by_region)),
    )


def gate_entries(store: Store, year: int, *, limit: int = 200) -> list[GateEntry]:
    """Matters of the year flagged at the gate, 未评先决 first, then decisions departing from the verdict."""
    from riskmodel.services.register import filed_verdict

    m = RegisterMatter
    with store.read() as s:
        rows = list(
            s.execute(
                select(m)
                .where(m.year == int(year), (m.decided_without_assessment.is_(True)) | (m.decision_departs.is_(True)))
                .order_by(m.decided_without_assessment.desc(), m.decision_date.desc(), m.code)
                .limit(limit)
            ).scalars()
        )
        return [
            GateEntry(
                code=r.code,
                title=r.title,
                department=r.department,
                region=r.region,
                decision=r.decision,
                decision_date=r.decision_date,
                flag="decided_without_assessment" if r.decided_without_assessment else "decision_departs",
                filed_verdict=filed_verdict(s, r.id),
            )
            for r in rows
        ]


def register_version(store: Store) -> int:
    """The audit chain's head: every register, link, decision, filing and verdict write moves it."""
    with store.read() as s:
        return int(s.execute(select(AuditHead.last_seq).where(AuditHead.id == 1)).scalar_one_or_none() or 0)
