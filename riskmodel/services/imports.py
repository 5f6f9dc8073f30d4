"""Importing rating and survey files (CSV or XLSX), row by row, all or nothing.

Every bad row is reported with its row number (the header is row 1, as a spreadsheet shows it) and
the reason; nothing is stored unless the whole file is valid.

Ratings file — columns (English or the Chinese alias in brackets):
    indicator (指标), then score (评分) — or probability (概率) and impact (影响) as the
    questionnaire asks —, optional phase (阶段: before/after, 措施前/措施后; default before),
    optional comment (意见).
Survey file — either one row per respondent:
    attitude (态度: support/neutral/oppose, 支持/中立/反对), optional group (对象: direct/indirect,
    直接/间接), optional household (户号; distinct values = households covered), optional respondent (编号)
or a counts table with columns item (项目) and value (数值), items support, neutral, oppose,
respondents_direct, respondents_indirect, households_covered (or 支持, 中立, 反对, 直接受访, 间接受访, 覆盖户数).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from riskmodel import tabular
from riskmodel.engine.inputs import SurveyCounts
from riskmodel.errors import ValidationError
from riskmodel.model.survey import check_survey_counts
from riskmodel.services import ratings, surveys
from riskmodel.services._lookup import assessment_row
from riskmodel.services.assessments import questionnaire_of
from riskmodel.services.context import Actor
from riskmodel.services.validation import RowProblem, RowsInvalid, check_ratings
from riskmodel.services.views.ratings import SubmissionView
from riskmodel.services.views.surveys import SurveyView
from riskmodel.store.db import Store
from riskmodel.store.models import Project

RATING_ALIASES = {
    "指标": "indicator",
    "指标编号": "indicator",
    "评分": "score",
    "分值": "score",
    "概率": "probability",
    "风险概率": "probability",
    "影响": "impact",
    "影响程度": "impact",
    "阶段": "phase",
    "意见": "comment",
    "备注": "comment",
}
_DIGITS = re.compile(r"[0-9]+")
PHASE_ALIASES = {"措施前": "before", "措施后": "after", "before": "before", "after": "after"}
SURVEY_ALIASES = {
    "态度": "attitude",
    "对象": "group",
    "户号": "household",
    "编号": "respondent",
    "项目": "item",
    "数值": "value",
}
ATTITUDES = {
    "support": "support",
    "支持": "support",
    "neutral": "neutral",
    "中立": "neutral",
    "无所谓": "neutral",
    "oppose": "oppose",
    "反对": "oppose",
}
GROUPS = {
    "direct": "direct",
    "直接": "direct",
    "直接利益相关": "direct",
    "indirect": "indirect",
    "间接": "indirect",
    "间接利益相关": "indirect",
}
COUNT_ITEMS = {
    "support": "support",
    "支持": "support",
    "neutral": "neutral",
    "中立": "neutral",
    "oppose": "oppose",
    "反对": "oppose",
    "respondents_direct": "respondents_direct",
    "直接受访": "respondents_direct",
    "respondents_indirect": "respondents_indirect",
    "间接受访": "respondents_indirect",
    "households_covered": "households_covered",
    "覆盖户数": "households_covered",
}


def read_table(path: str | Path, data: bytes | None = None) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """Header and (row number, {column: value}) of the first sheet of an XLSX or a CSV file.

    Read through ``riskmodel.tabular`` (size, row, column and cell limits, zip-bomb check, XLSX dimensions
    reset, CSV as UTF-8 with or without BOM, UTF-16, or GB18030). Entirely empty rows are skipped.
    """
    path = Path(path)
    source = path.name or str(path)
    try:
        raw = data if data is not None else _read_limited(path)
    except OSError as exc:
        raise ValidationError("store.import.unreadable", file=source, reason=exc.strerror or str(exc)) from None
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".xls", ".csv", ".txt", "") and not tabular.is_xlsx(raw, source):
        raise ValidationError("store.import.bad_format", file=source, suffix=path.suffix)
    rows = tabular.read_rows(raw, source)
    if not rows:
        raise ValidationError("store.import.empty", file=source)
    header = [str(c or "").strip().lstrip("\ufeff") for c in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        cells = ["" if v is None else (v.strip() if isinstance(v, str) else v) for v in values]
        if all(c == "" for c in cells):
            continue
        out.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    return header, out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_limited(path: Path) -> bytes:
    """The file's bytes, refusing a file over the size limit before reading it into memory."""
    size = path.stat().st_size
    if size > tabular.MAX_FILE_BYTES:
        raise ValidationError(
            "security.files.too_large",
            file=path.name,
            mb=round(size / 2**20, 1),
            max_mb=tabular.MAX_FILE_BYTES // 2**20,
        )
    return path.read_bytes()


def _normalise_header(header: list[str], aliases: dict[str, str], source: str) -> list[str]:
    names = [aliases.get(h, aliases.get(h.lower(), h.lower())) for h in header]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise RowsInvalid(source, [RowProblem(1, "store.rows.duplicate_column", {"column": name})])
        seen.add(name)
    return names


def checked_header(
    header: list[str],
    aliases: dict[str, str],
    columns: tuple[str, ...] | list[str],
    required: tuple[str, ...] | list[str],
    source: str,
) -> list[str]:
    """The header's canonical names; missing required and unknown columns refused together (row 1),
    so a user fixes a spreadsheet's header in one go."""
    names = _normalise_header(header, aliases, source)
    missing = [c for c in required if c not in names]
    unknown = [h for h, n in zip(header, names, strict=False) if n not in columns and h]
    expected = ", ".join(columns)
    problems: list[RowProblem] = []
    if missing:
        problems.append(
            RowProblem(1, "store.rows.missing_columns", {"columns": ", ".join(missing), "expected": expected})
        )
    if unknown:
        problems.append(
            RowProblem(1, "store.rows.unknown_columns", {"columns": ", ".join(unknown), "expected": expected})
        )
    if problems:
        raise RowsInvalid(source, problems)
    return names


def parse_keyed_rows(
    path: str | Path,
    data: bytes | None,
    *,
    aliases: dict[str, str],
    columns: tuple[str, ...] | list[str],
    required: tuple[str, ...] | list[str],
    check_row: Callable[[dict[str, Any]], tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]],
    key: str,
) -> list[dict[str, Any]]:
    """Every row of a CSV/XLSX list keyed by ``key`` (a matter's code, an expert's username), checked by
    ``check_row``; a repeated key names the row it first appeared in. Nothing is returned unless every
    row is valid: ``RowsInvalid`` names each bad row and value."""
    source = Path(path).name
    header, rows = read_table(path, data)
    names = checked_header(header, aliases, columns, required, source)
    if not rows:
        raise ValidationError("store.import.empty", file=source)
    problems: list[RowProblem] = []
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        clean, found = check_row({names[i]: row.get(h) for i, h in enumerate(header)})
        problems += [RowProblem(number, k, params) for k, params in found]
        value = clean.get(key)
        if value:
            if value in seen:
                problems.append(
                    RowProblem(number, "register.rows.duplicate_code", {"value": value, "first": seen[value]})
                )
            else:
                seen[value] = number
        out.append(clean)
    if problems:
        raise capped(RowsInvalid(source, problems))
    return out


MAX_PROBLEMS = 100  # rows reported one by one; the rest are counted


def capped(exc: RowsInvalid) -> RowsInvalid:
    """The first ``MAX_PROBLEMS`` problems and one line counting the others (a report stays readable)."""
    total = len(exc.problems)
    if total <= MAX_PROBLEMS:
        return exc
    kept = list(exc.problems[:MAX_PROBLEMS])
    rest = exc.problems[MAX_PROBLEMS]
    kept.append(RowProblem(rest.row, "security.files.more_problems", {"more": total - MAX_PROBLEMS, "total": total}))
    out = RowsInvalid(exc.source, kept)
    out.params["count"] = total
    return out


def parse_ratings_file(store: Store, assessment_id: int, path: str | Path, data: bytes | None = None) -> list[dict]:
    """Validated rating entries of a file for an assessment's questionnaire; RowsInvalid lists the bad rows
    (the first 100, then a count)."""
    try:
        return _parse_ratings_file(store, assessment_id, path, data)
    except RowsInvalid as exc:
        raise capped(exc) from None


def _parse_ratings_file(store: Store, assessment_id: int, path: str | Path, data: bytes | None) -> list[dict]:
    source = Path(path).name
    header, rows = read_table(path, data)
    q = questionnaire_of(store, assessment_id)
    names = _normalise_header(header, RATING_ALIASES, source)
    value_cols = ["score"] if q.method == "score" else ["probability", "impact"]
    allowed = {"indicator", "phase", "comment", *value_cols}
    problems: list[RowProblem] = []
    missing = [c for c in ("indicator", *value_cols) if c not in names]
    if missing:
        problems.append(
            RowProblem(
                1,
                "store.rows.missing_columns",
                {"columns": ", ".join(missing), "expected": ", ".join(["indicator", *value_cols])},
            )
        )
    unknown = [h for h, n in zip(header, names) if n not in allowed and h]
    if unknown:
        problems.append(
            RowProblem(
                1, "store.rows.unknown_columns", {"columns": ", ".join(unknown), "expected": ", ".join(sorted(allowed))}
            )
        )
    if problems:
        raise RowsInvalid(source, problems)
    if not rows:
        raise ValidationError("store.import.empty", file=source)
    entries = []
    for _number, row in rows:
        entry = {names[i]: row.get(h) for i, h in enumerate(header)}
        phase = str(entry.get("phase") or "").strip()
        entry["phase"] = PHASE_ALIASES.get(phase, PHASE_ALIASES.get(phase.lower(), phase)) or "before"
        entries.append(entry)
    clean, problems = check_ratings(q, entries, rows=[n for n, _ in rows])
    if problems:
        raise RowsInvalid(source, problems)
    return clean


def import_ratings(
    store: Store, expert: Actor, assessment_id: int, path: str | Path, data: bytes | None = None
) -> SubmissionView:
    """Validate a ratings file, then submit it for ``expert`` in the open round (one transaction)."""
    entries = parse_ratings_file(store, assessment_id, path, data)
    return ratings.submit_ratings(store, expert, assessment_id, entries, source="import", source_name=Path(path).name)


MAX_COUNT = 10**9  # more people than live in China: a typing error, not a survey


def _count(value: Any) -> int | None:
    """A whole number of people (ASCII digits, thousands commas allowed), or None; absurd sizes → None.

    ``str.isdigit`` would accept "1130²" (a superscript two) and ``int`` then fail: only 0-9 count.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int):
        return value if 0 <= value <= MAX_COUNT else None
    text = str(value).strip().replace(",", "")
    if not _DIGITS.fullmatch(text) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= MAX_COUNT else None


def parse_survey_file(path: str | Path, data: bytes | None = None) -> SurveyCounts:
    """Survey counts from a respondents file or a counts table (see the module docstring)."""
    try:
        return SurveyCounts(**_parse_survey_file(path, data))
    except RowsInvalid as exc:
        raise capped(exc) from None


def _parse_survey_file(path: str | Path, data: bytes | None) -> dict:
    source = Path(path).name
    header, rows = read_table(path, data)
    names = _normalise_header(header, SURVEY_ALIASES, source)
    problems: list[RowProblem] = []
    if "attitude" in names:
        allowed = {"attitude", "group", "household", "respondent"}
        unknown = [h for h, n in zip(header, names) if n not in allowed and h]
        if unknown:
            raise RowsInvalid(
                source,
                [
                    RowProblem(
                        1,
                        "store.rows.unknown_columns",
                        {"columns": ", ".join(unknown), "expected": ", ".join(sorted(allowed))},
                    )
                ],
            )
        counts = {"support": 0, "neutral": 0, "oppose": 0}
        direct = indirect = 0
        households: set[str] = set()
        respondents: dict[str, int] = {}
        for number, row in rows:
            entry = {names[i]: row.get(h) for i, h in enumerate(header)}
            attitude = ATTITUDES.get(str(entry.get("attitude") or "").strip().lower())
            if attitude is None:
                key = (
                    "store.rows.missing" if not str(entry.get("attitude") or "").strip() else "store.rows.bad_attitude"
                )
                problems.append(RowProblem(number, key, {"column": "attitude", "value": entry.get("attitude")}))
            else:
                counts[attitude] += 1
            if "group" in names:
                group = GROUPS.get(str(entry.get("group") or "").strip().lower())
                if group is None:
                    problems.append(RowProblem(number, "store.rows.bad_group", {"value": entry.get("group")}))
                elif group == "direct":
                    direct += 1
                else:
                    indirect += 1
            rid = str(entry.get("respondent") or "").strip()
            if rid:
                if rid in respondents:
                    problems.append(
                        RowProblem(
                            number, "store.rows.duplicate_respondent", {"respondent": rid, "first": respondents[rid]}
                        )
                    )
                else:
                    respondents[rid] = number
            household = str(entry.get("household") or "").strip()
            if household:
                households.add(household)
        if problems:
            raise RowsInvalid(source, problems)
        if not rows:
            raise ValidationError("store.import.empty", file=source)
        return {
            **counts,
            "respondents_direct": direct if "group" in names else None,
            "respondents_indirect": indirect if "group" in names else None,
            "households_covered": len(households) if "household" in names else None,
        }
    if {"item", "value"} <= set(names):
        unknown = [h for h, n in zip(header, names) if n not in ("item", "value") and h]
        if unknown:
            raise RowsInvalid(
                source,
                [
                    RowProblem(
                        1, "store.rows.unknown_columns", {"columns": ", ".join(unknown), "expected": "item, value"}
                    )
                ],
            )
        out: dict[str, int | None] = {}
        first: dict[str, int] = {}
        for number, row in rows:
            entry = {names[i]: row.get(h) for i, h in enumerate(header)}
            raw_item = str(entry.get("item") or "").strip()
            item = COUNT_ITEMS.get(raw_item, COUNT_ITEMS.get(raw_item.lower()))
            if item is None:
                problems.append(
                    RowProblem(
                        number, "store.rows.bad_item", {"item": raw_item, "items": ", ".join(surveys.COUNT_FIELDS)}
                    )
                )
                continue
            if item in first:
                problems.append(RowProblem(number, "store.rows.duplicate_item", {"item": item, "first": first[item]}))
                continue
            first[item] = number
            value = _count(entry.get("value"))
            if value is None:
                raw = str(entry.get("value") or "").strip()
                key = "store.rows.missing" if raw == "" else "store.rows.bad_count"
                if _DIGITS.fullmatch(raw.replace(",", "")):
                    key = "security.files.count_too_large"
                problems.append(RowProblem(number, key, {"column": "value", "value": raw[:40], "max": MAX_COUNT}))
                continue
            out[item] = value
        for needed in ("support", "oppose"):
            if needed not in first:
                problems.append(RowProblem(1, "store.rows.missing_item", {"item": needed}))
        if problems:
            raise RowsInvalid(source, problems)
        parsed = {
            "support": out["support"],
            "neutral": out.get("neutral", 0),
            "oppose": out["oppose"],
            "respondents_direct": out.get("respondents_direct"),
            "respondents_indirect": out.get("respondents_indirect"),
            "households_covered": out.get("households_covered"),
        }
        # counts that cannot be true together are refused naming the item (the affected households are
        # checked when the counts are recorded for a project: ``surveys.record_survey``)
        check_survey_counts(parsed, None, where=source)
        return parsed
    raise RowsInvalid(source, [RowProblem(1, "store.rows.survey_columns", {"columns": ", ".join(header)})])


def import_survey(
    store: Store,
    actor: Actor,
    assessment_id: int,
    path: str | Path,
    data: bytes | None = None,
    *,
    method: str | None = None,
    note: str | None = None,
    phase: str = "before",
) -> SurveyView:
    """Validate a survey file and record its counts for the assessment (``phase`` ``after``: 措施后)."""
    counts = parse_survey_file(path, data)
    with store.read() as s:  # name the file when the counts do not fit the project (nothing stored yet)
        project = s.get(Project, assessment_row(s, assessment_id).project_id)
        check_survey_counts(
            counts.model_dump(), project.affected_households if project else None, where=Path(path).name
        )
    return surveys.record_survey(
        store,
        actor,
        assessment_id,
        support=counts.support,
        neutral=counts.neutral,
        oppose=counts.oppose,
        respondents_direct=counts.respondents_direct,
        respondents_indirect=counts.respondents_indirect,
        households_covered=counts.households_covered,
        method=method,
        note=note,
        source=Path(path).name,
        phase=phase,
    )
