"""The figures of the annual 稳评成效 document for one year (what ``reports/annual.py`` lays out).

- assessments concluded in the year (verdict signed in it) by verdict and by residual level;
- what was prevented: the 不予实施 (否决), 暂缓实施 and 调整方案后实施 counts, with the projects;
- implemented projects whose tracking period overlaps the year: forecast residual level against the
  realised level (as forecast / worse / better, or still being tracked);
- the panel's calibration: the back-test over every case complete by the end of the year (or today).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from riskmodel.services.backtest import cases_in, figures
from riskmodel.services.context import now
from riskmodel.services.outcomes import LEVEL_RANK, outcome_in
from riskmodel.services.views.outcomes import CaseView, ReliabilityBinView
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Project, Result, Verdict

VERDICT_ORDER = ("不予实施", "暂缓实施", "调整方案后实施", "实施")


@dataclass(frozen=True)
class ConcludedRow:
    assessment: int
    project_code: str
    project_name: str
    project_type: str
    region: str
    level: str
    residual_level: str
    verdict: str
    signed_on: date


@dataclass(frozen=True)
class TrackedRow:
    assessment: int
    project_code: str
    project_name: str
    verdict: str
    forecast: str | None  # the stored residual level
    realised: str | None
    complete: bool
    ends_on: date
    rule: str | None

    @property
    def comparison(self) -> str:
        """as_forecast / worse / better / running (the catalog key under ``outcomes.annual.cmp``)."""
        if not self.complete or self.realised is None or self.forecast is None:
            return "running"
        diff = LEVEL_RANK[self.realised] - LEVEL_RANK[self.forecast]
        return "as_forecast" if diff == 0 else ("worse" if diff > 0 else "better")


@dataclass(frozen=True)
class AnnualView:
    year: int
    as_of: date
    concluded: tuple[ConcludedRow, ...]
    by_verdict: dict[str, int]
    by_residual_level: dict[str, int]
    tracked: tuple[TrackedRow, ...]
    cases: tuple[CaseView, ...]
    brier: float | None
    hit_rate: float | None
    confusion: tuple[tuple[int, int, int], ...]
    reliability: tuple[ReliabilityBinView, ...]

    @property
    def prevented(self) -> dict[str, int]:
        return {v: self.by_verdict.get(v, 0) for v in ("不予实施", "暂缓实施", "调整方案后实施")}


def annual_summary(store: Store, year: int) -> AnnualView:
    """Everything the annual document shows for ``year`` (figures as of its end, or today if earlier)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    as_of = min(last, now().date())
    with store.read() as s:
        rows = s.execute(
            select(Verdict, Assessment, Project)
            .join(Assessment, Assessment.id == Verdict.assessment_id)
            .join(Project, Project.id == Assessment.project_id)
            .order_by(Verdict.signed_at, Assessment.id)
        ).all()
        concluded = tuple(
            ConcludedRow(
                a.id, p.code, p.name, p.type, p.region, v.level, v.residual_level, v.verdict, v.signed_at.date()
            )
            for v, a, p in rows
            if first <= v.signed_at.date() <= last
        )
        tracked: list[TrackedRow] = []
        for v, a, p in rows:
            out = outcome_in(s, a.id, today=as_of)
            if out.tracking is None or out.tracking.decided_on > last or out.tracking.ends_on < first:
                continue
            result = s.get(Result, a.id)
            forecast = result.residual_level if result is not None else None
            tracked.append(
                TrackedRow(
                    a.id, p.code, p.name, v.verdict, forecast, out.realised_level, out.tracking.complete,
                    out.tracking.ends_on, out.rule.text() if out.rule else None,
                )
            )  # fmt: skip
        cases, _without = cases_in(s, today=as_of)
    f = figures(cases)
    by_verdict = {k: sum(1 for c in concluded if c.verdict == k) for k in VERDICT_ORDER}
    by_level = {k: sum(1 for c in concluded if c.residual_level == k) for k in ("高", "中", "低")}
    return AnnualView(
        year=year,
        as_of=as_of,
        concluded=concluded,
        by_verdict=by_verdict,
        by_residual_level=by_level,
        tracked=tuple(tracked),
        cases=tuple(cases),
        brier=f["brier"],  # type: ignore[arg-type]
        hit_rate=f["hit_rate"],  # type: ignore[arg-type]
        confusion=f["confusion"],  # type: ignore[arg-type]
        reliability=f["reliability"],  # type: ignore[arg-type]
    )
