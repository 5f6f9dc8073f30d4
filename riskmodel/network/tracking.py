"""Tracking after the verdict (跟踪评估): when do new disputes suggest re-assessing (建议重新评估)?

A pure function of the network (its disputes and who is involved in them), the verdict date and a
configurable rule, so the dashboard, the CLI and tests agree. Counted as *new*: disputes opened
strictly after the verdict date. Opposed people involved: the head count of the distinct opposed
(attitude < 0) groups/persons tied by ``involved_in`` to a new dispute (either direction), plus the
recorded head count of new disputes that have no such actor tied to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from riskmodel.errors import ValidationError
from riskmodel.i18n import t
from riskmodel.network.model import Network


@dataclass(frozen=True)
class ReassessmentRule:
    """Thresholds (≥) that raise the flag; ``None`` switches a criterion off. Defaults are a starting point
    for the local standard to override."""

    min_new_disputes: int | None = 5
    min_opposed_people: int | None = 50
    escalated_triggers: bool = True  # any new dispute escalated (上行) raises the flag on its own
    include_resolved: bool = True  # count new disputes already resolved (已化解)

    def __post_init__(self) -> None:
        for name in ("min_new_disputes", "min_opposed_people"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise ValidationError("network.tracking.bad_rule", name=name, value=value)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ReassessmentRule:
        data = dict(data or {})
        allowed = {"min_new_disputes", "min_opposed_people", "escalated_triggers", "include_resolved"}
        unknown = set(data) - allowed
        if unknown:
            raise ValidationError("network.tracking.bad_rule", name=", ".join(sorted(unknown)), value="?")
        return cls(**data)


@dataclass(frozen=True)
class ReassessmentFlag:
    suggested: bool
    new_disputes: int
    opposed_people: int
    escalated: int
    dispute_ids: list[str] = field(default_factory=list)
    reasons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def messages(self, lang: str | None = None) -> list[str]:
        return [t(key, lang, **params) for key, params in self.reasons]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "suggested": self.suggested,
            "new_disputes": self.new_disputes,
            "opposed_people": self.opposed_people,
            "escalated": self.escalated,
            "dispute_ids": list(self.dispute_ids),
            "reasons": self.messages(lang),
        }


def reassessment_flag(
    network: Network, verdict_date: date, rule: ReassessmentRule = ReassessmentRule()
) -> ReassessmentFlag:
    """Whether disputes recorded after ``verdict_date`` pass the rule's thresholds."""
    new = [
        d
        for d in network.disputes
        if d.opened is not None and d.opened > verdict_date and (rule.include_resolved or d.status != "已化解")
    ]
    new_ids = {d.id for d in new}
    involved: dict[str, set[str]] = {d: set() for d in new_ids}
    for edge in network.edges:
        if edge.relation != "involved_in":
            continue
        for dispute, other in ((edge.target, edge.source), (edge.source, edge.target)):
            if dispute in new_ids:
                actor = network.node(other)
                if not actor.is_dispute and actor.attitude < 0:
                    involved[dispute].add(other)
    actors = set().union(*involved.values()) if involved else set()
    opposed = sum(network.node(a).people for a in actors)
    opposed += sum(d.people for d in new if not involved[d.id])
    escalated = sum(1 for d in new if d.status == "上行")

    reasons: list[tuple[str, dict[str, Any]]] = []
    if rule.min_new_disputes is not None and len(new) >= rule.min_new_disputes:
        reasons.append(("network.tracking.reason_count", {"count": len(new), "threshold": rule.min_new_disputes}))
    if rule.min_opposed_people is not None and opposed >= rule.min_opposed_people:
        reasons.append(("network.tracking.reason_people", {"people": opposed, "threshold": rule.min_opposed_people}))
    if rule.escalated_triggers and escalated:
        reasons.append(("network.tracking.reason_escalated", {"count": escalated}))
    return ReassessmentFlag(
        suggested=bool(reasons),
        new_disputes=len(new),
        opposed_people=int(opposed),
        escalated=escalated,
        dispute_ids=sorted(new_ids),
        reasons=reasons,
    )
