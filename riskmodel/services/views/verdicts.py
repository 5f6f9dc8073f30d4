"""Read models of the verdicts service (评估结论)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskmodel.domain import Level, Verdict


def _value(x: Level | Verdict | None) -> str | None:
    return None if x is None else x.value


@dataclass(frozen=True)
class VerdictView:
    """The signed verdict with the engine's levels and verdict beside it (``computed_*``), the written
    justification of a departure (``deviation_reason``) and the digest of the result it was signed on."""

    assessment_id: int
    level: Level
    residual_level: Level
    verdict: Verdict
    rationale: str
    computed_level: Level | None
    computed_residual_level: Level | None
    computed_verdict: Verdict | None
    result_sha256: str | None
    deviation_reason: str | None
    signed_by: str | None  # username
    signed_by_name: str | None
    signed_at: str | None

    @property
    def signer(self) -> str | None:
        """Who signed, as printed: the display name, else the username."""
        return self.signed_by_name or self.signed_by

    @property
    def departs(self) -> bool:
        """The verdict or a level differs from the engine's."""
        return (self.level, self.residual_level, self.verdict) != (
            self.computed_level,
            self.computed_residual_level,
            self.computed_verdict,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the keys the verdict always had."""
        return {
            "assessment_id": self.assessment_id,
            "level": self.level.value,
            "residual_level": self.residual_level.value,
            "verdict": self.verdict.value,
            "rationale": self.rationale,
            "computed_level": _value(self.computed_level),
            "computed_residual_level": _value(self.computed_residual_level),
            "computed_verdict": _value(self.computed_verdict),
            "result_sha256": self.result_sha256,
            "deviation_reason": self.deviation_reason,
            "signed_by": self.signed_by,
            "signed_by_name": self.signed_by_name,
            "signed_at": self.signed_at,
        }
