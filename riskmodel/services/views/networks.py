"""Read models of the networks services: stored network versions, tracking after the verdict
(``ReassessmentFlag``) and the mobilisation evidence kept with an assessment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

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


@dataclass(frozen=True)
class MobilisationEvidence:
    """The mobilisation simulation's result kept as evidence (动员模拟): expected people mobilised and the
    chance of 100+ / 200+ people, with the runs, seed, model and parameters that reproduce it."""

    expected_people: float
    p_ge_100: float
    p_ge_200: float
    runs: int | None = None
    seed: int | None = None
    percentiles: Mapping[str, float] = field(default_factory=dict)
    level_probabilities: Mapping[str, float] = field(default_factory=dict)
    model: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> MobilisationEvidence:
        return cls(
            expected_people=float(data.get("expected_people") or 0.0),
            p_ge_100=float(data.get("p_ge_100") or 0.0),
            p_ge_200=float(data.get("p_ge_200") or 0.0),
            runs=data.get("runs"),
            seed=data.get("seed"),
            percentiles=dict(data.get("percentiles") or {}),
            level_probabilities=dict(data.get("level_probabilities") or {}),
            model=data.get("model"),
            params=dict(data.get("params") or {}),
        )


@dataclass(frozen=True)
class OppositionCoalition:
    """One of the main opposition coalitions (a community of the network with opposed people)."""

    community: int
    opposed_people: int
    opposed_share: float
    people: int = 0
    members: int = 0
    open_disputes: int = 0
    mean_attitude: float | None = None
    leaders: tuple[str, ...] = ()

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> OppositionCoalition:
        return cls(
            community=int(data["community"]),
            opposed_people=int(data.get("opposed_people") or 0),
            opposed_share=float(data.get("opposed_share") or 0.0),
            people=int(data.get("people") or 0),
            members=int(data.get("members") or 0),
            open_disputes=int(data.get("open_disputes") or 0),
            mean_attitude=data.get("mean_attitude"),
            leaders=tuple(data.get("leaders") or ()),
        )


@dataclass(frozen=True)
class NetworkEvidence:
    """The mobilisation evidence of an assessment's project network, as the panel and the leader see it.

    ``stored``: kept with the assessment (an audit entry ``network.evidence``, ``recorded_at`` /
    ``recorded_by``), else computed now and not saved; ``outdated``: the project's network has a newer
    version than the one the stored evidence was computed on. The stored JSON itself is written by
    ``services.network_analysis`` (its keys are part of the assessment's input digest) and read back
    through ``from_payload``, which also reads entries written before every field was kept."""

    network_version: int | None
    network_sha256: str | None
    as_of: str | None
    nodes: int | None
    people: int | None
    opposed_people: int | None
    open_disputes: int | None
    mobilisation: MobilisationEvidence
    seeds: int = 0
    opposition: tuple[OppositionCoalition, ...] = ()
    stored: bool = False
    outdated: bool = False
    recorded_at: str | None = None
    recorded_by: str | None = None

    @property
    def main_opposition(self) -> OppositionCoalition | None:
        return self.opposition[0] if self.opposition else None

    @classmethod
    def from_payload(
        cls,
        payload: Mapping[str, Any],
        *,
        stored: bool,
        outdated: bool = False,
        recorded_at: str | None = None,
        recorded_by: str | None = None,
    ) -> NetworkEvidence:
        return cls(
            network_version=payload.get("network_version"),
            network_sha256=payload.get("network_sha256"),
            as_of=payload.get("as_of"),
            nodes=payload.get("nodes"),
            people=payload.get("people"),
            opposed_people=payload.get("opposed_people"),
            open_disputes=payload.get("open_disputes"),
            mobilisation=MobilisationEvidence.from_payload(payload.get("mobilisation") or {}),
            seeds=int(payload.get("seeds") or 0),
            opposition=tuple(OppositionCoalition.from_payload(o) for o in payload.get("opposition") or ()),
            stored=stored,
            outdated=outdated,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
        )
