"""Read models of the networks services: stored network versions, tracking after the verdict
(``ReassessmentFlag``) and the mobilisation evidence kept with an assessment."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from riskmodel.services.views.feeds import SignalView


@dataclass(frozen=True)
class NetworkVersionView:
    """One stored version of a project's network (without its data)."""

    id: int
    project_id: int
    version: int
    label: str | None
    sha256: str
    nodes: int
    edges: int
    created_at: str | None


@dataclass(frozen=True)
class ReassessmentFlag:
    """建议重新评估 of one project after its latest verdict: the network's new disputes
    (``services.network_tracking``) and a stored 告警 of the feeds (``services.feeds_tracking``), merged
    into one flag for the dashboard's column and the drill-down's notice.

    ``flag`` says whether to suggest re-assessing; ``reasons`` are the translated reasons of both areas.
    The network fields are zero (``network_version`` None) for a project flagged by the feeds only; the
    feed fields are empty for a project without a 告警 after its verdict."""

    project_id: int
    assessment_id: int
    verdict_date: date
    flag: bool
    reasons: tuple[str, ...] = ()
    network_version: int | None = None
    new_disputes: int = 0
    opposed_people: int = 0
    escalated: int = 0
    dispute_ids: tuple[str, ...] = ()
    feed_signals: tuple[SignalView, ...] = ()  # the 告警 after the verdict
    feed_record_ids: tuple[int, ...] = ()  # the records behind them (no repeats)
    feed_reason: str | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def top_feed_signal(self) -> SignalView | None:
        """The feeds' 告警 with the most records, if any."""
        return max(self.feed_signals, key=lambda s: s.count, default=None)

    def with_feeds(self, feed: ReassessmentFlag) -> ReassessmentFlag:
        """This (network) flag with the feeds' flag of the same project added: flagged, their reason last."""
        return replace(
            self,
            flag=True,
            reasons=self.reasons + feed.reasons,
            feed_signals=feed.feed_signals,
            feed_record_ids=feed.feed_record_ids,
            feed_reason=feed.feed_reason,
        )
