"""The feeds' standard: time limits per source, signal levels, linking and merging thresholds.

Defaults below; a deployment overrides any of them with a YAML file named by ``RISKMODEL_FEEDS_STANDARD``
(same keys, read with ``riskmodel.safe_yaml``), e.g.::

    limits:
      petition: {acceptance_hours: 360, completion_days: 60}   # 信访条例: 15 days to accept, 60 to finish
    signals: {min_count: 20}
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from riskmodel import safe_yaml
from riskmodel.errors import ValidationError

ENV_STANDARD = "RISKMODEL_FEEDS_STANDARD"


class SourceLimits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    acceptance_hours: float = Field(24.0, gt=0)  # 及时受理: accepted within this many hours of receipt
    completion_days: float = Field(15.0, gt=0)  # 按期办结: completed within this many days of acceptance


class SignalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    window_days: int = Field(30, ge=1, le=366)
    abnormal_change: float = Field(0.10, ge=0)  # 异常: 同比 or 环比 above this
    alarm_change: float = Field(0.20, ge=0)  # 告警: above this
    min_count: int = Field(20, ge=1)  # a level needs at least this many records in the window
    significance: float = Field(
        0.05, gt=0, le=1
    )  # a change-based level must pass the Poisson-rate test at this level (1: off)
    poisson_alpha: float = Field(0.001, gt=0, lt=1)  # surge test (exact Poisson-rate test) below this → 告警


class LinkSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    auto_threshold: float = Field(0.6, gt=0, le=2)  # links at or above: automatic
    candidate_threshold: float = Field(0.3, gt=0, le=2)  # at or above (and below auto): wait for confirmation
    near_km: float = Field(1.0, gt=0)
    radius_km: float = Field(3.0, gt=0)


class MergeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    window_days: float = Field(7.0, ge=0)
    similarity: float = Field(80.0, ge=0, le=100)  # rapidfuzz ratio for the same demand
    same_person_similarity: float = Field(55.0, ge=0, le=100)


class FeedStandard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    limits: dict[str, SourceLimits] = Field(
        default_factory=lambda: {s: SourceLimits() for s in ("12345", "petition", "grid")}
    )
    signals: SignalSettings = SignalSettings()
    links: LinkSettings = LinkSettings()
    merge: MergeSettings = MergeSettings()

    def limit(self, source: str) -> SourceLimits:
        return self.limits.get(source) or SourceLimits()


def parse_standard(data: Any, name: str = ENV_STANDARD) -> FeedStandard:
    if data is None:
        return FeedStandard()
    if not isinstance(data, dict):
        raise ValidationError("feeds.standard.bad", file=name, reason="mapping expected")
    merged = dict(data)
    if "limits" in merged and isinstance(merged["limits"], dict):
        merged["limits"] = {**{s: {} for s in ("12345", "petition", "grid")}, **merged["limits"]}
    try:
        return FeedStandard.model_validate(merged)
    except PydanticError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ValidationError("feeds.standard.bad", file=name, reason=f"{where}: {first.get('msg')}") from None


@lru_cache(maxsize=4)
def _load(path: str) -> FeedStandard:
    return parse_standard(safe_yaml.load_file(path), path)


def standard() -> FeedStandard:
    """The configured standard (``RISKMODEL_FEEDS_STANDARD``) or the defaults."""
    path = os.environ.get(ENV_STANDARD)
    return _load(path) if path else FeedStandard()
