"""Checking ratings against a questionnaire, row by row, so every bad row can be reported at once."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from riskmodel.errors import ValidationError
from riskmodel.i18n import t
from riskmodel.questionnaire import Questionnaire


@dataclass(frozen=True)
class RowProblem:
    """One bad row: ``row`` is the number a person sees (file line, or 1-based form row)."""

    row: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return t("store.rows.row", lang, row=self.row, reason=t(self.key, lang, **self.params))


class RowsInvalid(ValidationError):
    """A file or form with bad rows; ``problems`` lists each one (nothing was stored)."""

    def __init__(self, source: str, problems: list[RowProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("store.rows.invalid", source=source, count=len(problems))

    def message(self, lang: str | None = None) -> str:
        head = t(self.key, lang, **self.params)
        return head + "\n" + "\n".join("  - " + p.message(lang) for p in self.problems)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def check_ratings(
    q: Questionnaire, entries: Iterable[dict], *, rows: list[int] | None = None, require_values: bool = True
) -> tuple[list[dict], list[RowProblem]]:
    """Normalise rating entries and list the problems of each.

    Entries are dicts with ``indicator``, optional ``phase`` (before/after, default before), ``score``
    or ``probability`` + ``impact`` as the questionnaire asks, optional ``comment``. Returns the clean
    entries (only meaningful when there are no problems) and the problems, each with its row number.
    """
    known = set(q.indicator_ids())
    clean: list[dict] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(entries):
        row = rows[i] if rows is not None else i + 1
        bad = False
        indicator = str(entry.get("indicator") or "").strip()
        phase = str(entry.get("phase") or "before").strip().lower() or "before"
        if not indicator:
            problems.append(RowProblem(row, "store.rows.missing", {"column": "indicator"}))
            bad = True
        elif indicator not in known:
            problems.append(RowProblem(row, "store.rows.unknown_indicator", {"indicator": indicator}))
            bad = True
        if phase not in ("before", "after"):
            problems.append(RowProblem(row, "store.rows.bad_phase", {"phase": phase}))
            bad = True
        elif phase not in q.phases:
            problems.append(
                RowProblem(row, "store.rows.phase_not_offered", {"phase": phase, "phases": ", ".join(q.phases)})
            )
            bad = True
        if indicator and phase:
            key = (indicator, phase)
            if key in seen:
                problems.append(
                    RowProblem(
                        row, "store.rows.duplicate", {"indicator": indicator, "phase": phase, "first": seen[key]}
                    )
                )
                bad = True
            else:
                seen[key] = row
        out: dict[str, Any] = {
            "indicator": indicator,
            "phase": phase,
            "score": None,
            "probability": None,
            "impact": None,
            "comment": (str(entry["comment"]).strip() or None) if entry.get("comment") not in (None, "") else None,
        }
        if out["comment"] and len(out["comment"]) > 4000:
            problems.append(RowProblem(row, "store.rows.comment_too_long", {"max": 4000}))
            bad = True
        if q.method == "score":
            assert q.scale is not None
            value = _number(entry.get("score"))
            if value is None:
                if require_values:
                    problems.append(RowProblem(row, "store.rows.missing", {"column": "score"}))
                    bad = True
            elif math.isnan(value) or math.isinf(value):
                problems.append(
                    RowProblem(row, "store.rows.not_a_number", {"column": "score", "value": entry.get("score")})
                )
                bad = True
            elif not q.scale.min <= value <= q.scale.max:
                problems.append(
                    RowProblem(
                        row,
                        "store.rows.out_of_range",
                        {"column": "score", "value": entry.get("score"), "min": q.scale.min, "max": q.scale.max},
                    )
                )
                bad = True
            else:
                out["score"] = value
        else:
            for column, scale in (("probability", q.probability_scale), ("impact", q.impact_scale)):
                assert scale is not None
                top = len(scale.levels)
                value = _number(entry.get(column))
                if value is None:
                    if require_values:
                        problems.append(RowProblem(row, "store.rows.missing", {"column": column}))
                        bad = True
                elif math.isnan(value) or math.isinf(value):
                    problems.append(
                        RowProblem(row, "store.rows.not_a_number", {"column": column, "value": entry.get(column)})
                    )
                    bad = True
                elif value != int(value) or not 1 <= value <= top:
                    problems.append(
                        RowProblem(
                            row,
                            "store.rows.out_of_range",
                            {"column": column, "value": entry.get(column), "min": 1, "max": top},
                        )
                    )
                    bad = True
                else:
                    out[column] = int(value)
        if not bad:
            clean.append(out)
    return clean, problems
