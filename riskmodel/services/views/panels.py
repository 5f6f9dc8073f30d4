"""Read models of the panels service (专家组)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class PanelMemberView:
    """One expert on an assessment's panel, with his coefficients (a number, or one per dimension)."""

    username: str
    display_name: str | None
    field: str | None
    ca: Any  # float or {dimension id: float}
    cs: Any
    has_conflict: bool
    conflict_statement: str | None
    conflict_declared_at: str | None
    added_at: str | None

    def coefficient(self, which: str, dimension: str, default: float = 1.0) -> float:
        """Ca or Cs of one dimension (a per-dimension value, else the '*' one, else the single number)."""
        value = self.ca if which == "ca" else self.cs
        if isinstance(value, dict):
            value = value.get(dimension, value.get("*", default))
        return float(default if value is None else value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (CLI, exports)."""
        return asdict(self)


@dataclass(frozen=True)
class PanelStatus:
    """The panel against the standard's size rule: size, eligible (no conflict), required, override."""

    size: int
    eligible: int
    required: int
    meets_rule: bool
    override: bool
    override_reason: str | None
    ok: bool


@dataclass(frozen=True)
class SelfAssessment:
    """An expert's own Ca and Cs as now kept on his membership; ``changed`` False when they were already so."""

    ca: Any  # float or {dimension id: float}
    cs: Any
    changed: bool
