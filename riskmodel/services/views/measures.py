"""Read models of the measures service (防范化解措施, Table 2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from riskmodel.domain import MeasureStatus


@dataclass(frozen=True)
class MeasureView:
    id: int
    assessment_id: int
    factor: str
    measure: str
    phase: str | None
    deadline: str | None
    responsible: str | None
    assisting: str | None
    control_node: str | None  # 控制节点
    status: str
    created_at: str | None
    updated_at: str | None
    row_version: int

    @property
    def active(self) -> bool:
        """A cancelled measure is kept on record but not assessed."""
        return self.status != MeasureStatus.CANCELLED

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (report context, exports): the stored columns by name."""
        return asdict(self)
