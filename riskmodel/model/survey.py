"""Survey evidence (问卷调查): support / neutral / opposition rates with Wilson score intervals.

The Wilson interval (Wilson 1927) keeps sensible bounds for small samples and rates near 0 or 1, where
the normal (Wald) interval collapses or leaves [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from riskmodel.errors import ValidationError
from riskmodel.model._checks import as_float, check_finite, first, fmt, pos

__all__ = ["COUNT_FIELDS", "MAX_COUNT", "SurveyRates", "check_survey_counts", "survey_rates", "wilson_interval"]

_P = "engine.survey"
Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True, eq=False)
class SurveyRates:
    """``n`` respondents; ``support``/``neutral``/``oppose`` rates; ``*_ci`` = (low, high) Wilson intervals.
    Scalars for scalar counts, arrays (same shape) otherwise; NaN where n = 0."""

    n: Any
    support: Any
    neutral: Any
    oppose: Any
    support_ci: tuple[Any, Any]
    neutral_ci: tuple[Any, Any]
    oppose_ci: tuple[Any, Any]


def wilson_interval(k: Any, n: Any, z: float = Z95) -> tuple[Any, Any]:
    """Wilson score interval for k successes out of n (broadcasting); (nan, nan) where n = 0.

    ``(p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)``, clipped to [0, 1]. Counts must be finite,
    ≥ 0 and k ≤ n (ValidationError naming the index).
    """
    kk = _counts(k, "k")
    nn = _counts(n, "n")
    try:
        kk, nn = np.broadcast_arrays(kk, nn)
    except ValueError:
        raise ValidationError(f"{_P}.shape_mismatch", k=str(np.shape(kk)), n=str(np.shape(nn))) from None
    over = kk > nn
    if over.any():
        idx = first(over)
        raise ValidationError(f"{_P}.k_gt_n", index=pos(idx) or "1", k=fmt(kk[idx]), n=fmt(nn[idx]))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = kk / nn
        z2n = z * z / nn
        denom = 1.0 + z2n
        center = (p + z2n / 2.0) / denom
        half = z * np.sqrt(p * (1.0 - p) / nn + z2n / (4.0 * nn)) / denom
    # the bounds are exactly 0 at k = 0 and 1 at k = n; pin them against rounding
    low = np.where(nn > 0, np.where(kk == 0, 0.0, np.clip(center - half, 0.0, 1.0)), np.nan)
    high = np.where(nn > 0, np.where(kk == nn, 1.0, np.clip(center + half, 0.0, 1.0)), np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def survey_rates(support: Any, neutral: Any, oppose: Any, z: float = Z95) -> SurveyRates:
    """Rates of the three answers among all respondents (n = support + neutral + oppose) with Wilson
    intervals; broadcasting over arrays (e.g. one entry per village or respondent group)."""
    s, u, o = (_counts(x, name) for x, name in ((support, "support"), (neutral, "neutral"), (oppose, "oppose")))
    try:
        s, u, o = np.broadcast_arrays(s, u, o)
    except ValueError:
        raise ValidationError(f"{_P}.shape_mismatch", k=str(np.shape(s)), n=f"{np.shape(u)}, {np.shape(o)}") from None
    n = s + u + o

    def rate(x: np.ndarray) -> Any:
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(n > 0, x / n, np.nan)
        return float(r) if r.ndim == 0 else r

    return SurveyRates(
        n=float(n) if n.ndim == 0 else n,
        support=rate(s),
        neutral=rate(u),
        oppose=rate(o),
        support_ci=wilson_interval(s, n, z),
        neutral_ci=wilson_interval(u, n, z),
        oppose_ci=wilson_interval(o, n, z),
    )


def _counts(x: Any, name: str) -> np.ndarray:
    a = as_float(x, _P)
    check_finite(a, _P)
    bad = a < 0
    if bad.any():
        idx = first(bad)
        raise ValidationError(f"{_P}.negative", name=name, index=pos(idx) or "1", value=fmt(a[idx]))
    return a


# --- plausibility of survey counts ------------------------------------------------------------------
MAX_COUNT = 1_000_000_000
"""Largest count accepted for people, households or answers: far above any real case, far below overflow."""

COUNT_FIELDS = ("support", "neutral", "oppose", "respondents_direct", "respondents_indirect", "households_covered")


def check_survey_counts(
    counts: Mapping[str, Any], affected_households: int | None = None, *, where: str = "survey"
) -> None:
    """Refuse survey counts that cannot be true together, naming the field (``{where}.{field}``).

    The one check for the assessment file, the survey import and the app's survey form: every count is a
    whole number in 0 … ``MAX_COUNT``; there is at least one answer (support + neutral + oppose); direct
    respondents, indirect respondents and the two together are at most the answers (a respondent is
    counted once, as directly or as indirectly affected); covered households are at most the project's
    affected households (when both are known; a covered household may have given no valid answer); any
    ``*_rate`` or ``*_share`` value lies in 0 … 1. Raises ``ValidationError`` (``engine.survey.*``).
    """
    values: dict[str, int] = {}
    for name in COUNT_FIELDS:
        raw = counts.get(name)
        if raw is None:
            continue
        number = _whole(raw)
        if number is None or not 0 <= number <= MAX_COUNT:
            raise ValidationError(f"{_P}.count_invalid", field=f"{where}.{name}", value=fmt(raw), max=MAX_COUNT)
        values[name] = number
    for name, raw in counts.items():
        if name.endswith(("_rate", "_share")) and raw is not None:
            rate = _real(raw)
            if rate is None or not 0.0 <= rate <= 1.0:
                raise ValidationError(f"{_P}.rate_range", field=f"{where}.{name}", value=fmt(raw))
    answers = sum(values.get(k, 0) for k in ("support", "neutral", "oppose"))
    if answers == 0:
        raise ValidationError(f"{_P}.empty", field=where)
    for name in ("respondents_direct", "respondents_indirect"):
        if values.get(name, 0) > answers:
            raise ValidationError(f"{_P}.exceeds_answers", field=f"{where}.{name}", value=values[name], answers=answers)
    direct, indirect = values.get("respondents_direct"), values.get("respondents_indirect")
    if direct is not None and indirect is not None and direct + indirect > answers:
        raise ValidationError(f"{_P}.respondents_sum", field=where, direct=direct, indirect=indirect, answers=answers)
    covered = values.get("households_covered")
    if covered is not None and affected_households is not None and covered > affected_households:
        raise ValidationError(
            f"{_P}.households_exceed_affected",
            field=f"{where}.households_covered",
            value=covered,
            affected=affected_households,
        )


def _whole(value: Any) -> int | None:
    """An integer count (also an integral float such as 12.0); None for anything else (bool, text, 1.5)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    return None


def _real(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
