"""Feeds in tracking and in the assessment: 建议重新评估 from a 告警, and the linked records as evidence.

- ``feed_flags``: a project whose latest verdict was signed before the window of a stored 告警 on it (the
  latest ``feeds signals`` run) gets 建议重新评估, with the records behind the signal;
  ``merge_feed_flags`` merges these into the network area's flags — one ``ReassessmentFlag`` per project
  (``services/views/networks.py``; ``services.dashboard.reassessment_flags`` calls it), so the dashboard's
  one column shows both.
- ``project_feed_summary``: counts, categories, the monthly trend, sample texts and signals of the records
  linked to a project — what the panel sees next to the 民意 and 综合维稳 indicators.
- ``report_paragraphs``: the same summarised as sentences for the report's 风险调查 chapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from riskmodel.i18n import t
from riskmodel.services import feeds
from riskmodel.services._lookup import project_row
from riskmodel.services.views.feeds import ProjectFeedSummary, SignalView
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, FeedLink, FeedRecord, FeedSignal, Verdict

ALARM = "告警"


def _latest_verdicts(store: Store) -> dict[int, tuple[int, Any]]:
    with store.read() as s:
        rows = s.execute(
            select(Assessment.project_id, Assessment.id, Verdict.signed_at)
            .join(Verdict, Verdict.assessment_id == Assessment.id)
            .order_by(Verdict.signed_at)
        ).all()
    return {pid: (aid, signed) for pid, aid, signed in rows}


def feed_flags(store: Store, lang: str | None = None) -> dict[int, ReassessmentFlag]:
    """{project id: flag} of projects with a 告警 after their verdict (see the module docstring)."""
    with store.read() as s:
        day = s.execute(select(func.max(FeedSignal.as_of))).scalar()
        if day is None:
            return {}
        alarms = [
            feeds.signal_view(x)
            for x in s.execute(
                select(FeedSignal).where(
                    FeedSignal.as_of == day, FeedSignal.level == ALARM, FeedSignal.project_id.is_not(None)
                )
            ).scalars()
        ]
    verdicts = _latest_verdicts(store)
    found: dict[int, list[SignalView]] = {}
    for sig in alarms:
        pid = int(sig.project_id or 0)
        if pid in verdicts and sig.window_start > verdicts[pid][1].date():
            found.setdefault(pid, []).append(sig)
    out: dict[int, ReassessmentFlag] = {}
    for pid, sigs in found.items():
        assessment_id, signed_at = verdicts[pid]
        top = max(sigs, key=lambda x: x.count)
        reason = t(
            "feeds.tracking.reason",
            lang,
            count=top.count,
            baseline="—" if top.baseline is None else top.baseline,
            window=top.window,
        )
        out[pid] = ReassessmentFlag(
            project_id=pid,
            assessment_id=assessment_id,
            verdict_date=signed_at.date(),
            flag=True,
            reasons=(reason,),
            feed_signals=tuple(sigs),
            feed_record_ids=tuple(dict.fromkeys(rid for sig in sigs for rid in sig.record_ids)),
            feed_reason=reason,
        )
    return out


def merge_feed_flags(
    store: Store, flags: Mapping[int, ReassessmentFlag], lang: str | None = None
) -> dict[int, ReassessmentFlag]:
    """The network area's flags with the feeds' 建议重新评估 added (one flag per project)."""
    merged = dict(flags)
    try:
        extra = feed_flags(store, lang)
    except Exception:  # noqa: BLE001 — the dashboard must render even when the feeds tables are unreadable
        return merged
    for pid, feed in extra.items():
        merged[pid] = merged[pid].with_feeds(feed) if pid in merged else feed
    return merged


def project_feed_summary(store: Store, project: int | str, *, samples: int = 5) -> ProjectFeedSummary:
    """Counts, categories, monthly trend, sample texts and signals of the records linked to a project."""
    with store.read() as s:
        p = project_row(s, project)
        link = FeedLink.__table__.c
        counted = (link.project_id == p.id, link.status.in_(feeds.COUNTED))
        records = int(s.execute(select(func.count()).where(*counted)).scalar() or 0)
        pending = int(
            s.execute(select(func.count()).where(link.project_id == p.id, link.status == "pending")).scalar() or 0
        )
        cats = s.execute(
            select(link.category, func.count()).where(*counted).group_by(link.category).order_by(func.count().desc())
        ).all()
        monthly = s.execute(select(link.month_key, func.count()).where(*counted).group_by(link.month_key)).all()
        sample_ids = list(
            s.execute(select(link.record_id).where(*counted).order_by(link.received_at.desc()).limit(samples)).scalars()
        )
        r = FeedRecord.__table__.c
        cases = int(
            s.execute(
                select(func.count(func.distinct(r.case_id)))
                .select_from(FeedRecord.__table__.join(FeedLink.__table__, link.record_id == r.id))
                .where(*counted)
            ).scalar()
            or 0
        )
        signals = [
            feeds.signal_view(x)
            for x in s.execute(
                select(FeedSignal).where(FeedSignal.project_id == p.id).order_by(FeedSignal.as_of.desc()).limit(10)
            ).scalars()
        ]
        code, pid = p.code, p.id
    return ProjectFeedSummary(
        pid,
        code,
        records,
        cases,
        pending,
        [(str(c), int(n)) for c, n in cats],
        sorted((f"{m // 100}-{m % 100:02d}", int(n)) for m, n in monthly),
        feeds.record_views(store, sample_ids),
        signals,
        feeds.feed_metrics(store, project=code),
    )


def report_paragraphs(store: Store, project: int | str, lang: str | None = None) -> list[str]:
    """The linked records as sentences for the report's 风险调查 (empty when none are linked)."""
    summary = project_feed_summary(store, project, samples=3)
    if not summary.records:
        return []
    top = (
        "、".join(f"{c} {n}" for c, n in summary.categories[:4])
        if lang != "en"
        else ", ".join(f"{c} {n}" for c, n in summary.categories[:4])
    )
    m = summary.metrics
    out = [
        t(
            "feeds.report_text.overview",
            lang,
            records=summary.records,
            cases=summary.cases,
            people=m["people"],
            categories=top,
            first=summary.monthly[0][0] if summary.monthly else "—",
            last=summary.monthly[-1][0] if summary.monthly else "—",
        )
    ]
    alarms = [x for x in summary.signals if x.level == ALARM]
    if alarms:
        a = alarms[0]
        out.append(t("feeds.report_text.alarm", lang, as_of=a.as_of, count=a.count, baseline=a.baseline or 0))
    for sample in summary.samples:
        out.append(t("feeds.report_text.sample", lang, date=sample.received_at[:10], text=sample.text[:120]))
    return out
