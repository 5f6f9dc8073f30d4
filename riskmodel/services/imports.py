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

import csv
import io
from pathlib import Path
from typing import Any

from riskmodel.errors import ValidationError
from riskmodel.services import ratings, surveys
from riskmodel.services.assessments import questionnaire_of
from riskmodel.services.context import Actor
from riskmodel.services.validation import RowProblem, RowsInvalid, check_ratings
from riskmodel.store.db import Store

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

    CSV is read as UTF-8 (with or without BOM) or, failing that, GB18030 (what Chinese Excel writes).
    Entirely empty rows are skipped.
    """
    path = Path(path)
    source = str(path)
    try:
        raw = data if data is not None else path.read_bytes()
    except OSError as exc:
        raise ValidationError("store.import.unreadable", file=source, reason=exc.strerror or str(exc)) from None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(raw, source)
    elif path.suffix.lower() in (".csv", ".txt", ""):
        rows = _csv_rows(raw, source)
    else:
        raise ValidationError("store.import.bad_format", file=source, suffix=path.suffix)
    if not rows:
        raise ValidationError("store.import.empty", file=source)
    header = [str(c or "").strip() for c in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        cells = ["" if v is None else (v.strip() if isinstance(v, str) else v) for v in values]
        if all(c == "" for c in cells):
            continue
        out.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    return header, out


def _csv_rows(raw: bytes, source: str) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValidationError("store.import.unreadable", file=source, reason="encoding")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(raw: bytes, source: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable workbook is the same user error
        raise ValidationError("store.import.unreadable", file=source, reason=type(exc).__name__) from None
    try:
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _normalise_header(header: list[str], aliases: dict[str, str], source: str) -> list[str]:
    names = [aliases.get(h, aliases.get(h.lower(), h.lower())) for h in header]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise RowsInvalid(source, [RowProblem(1, "store.rows.duplicate_column", {"column": name})])
        seen.add(name)
    return names


def parse_ratings_file(store: Store, assessment_id: int, path: str | Path, data: bytes | None = None) -> list[dict]:
    """Validated rating entries of a file for an assessment's questionnaire; RowsInvalid lists every bad row."""
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
) -> dict:
    """Validate a ratings file, then submit it for ``expert`` in the open round (one transaction)."""
    entries = parse_ratings_file(store, assessment_id, path, data)
    return ratings.submit_ratings(store, expert, assessment_id, entries, source="import", source_name=Path(path).name)


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(",", "")
    return int(text) if text.isdigit() else None


def parse_survey_file(path: str | Path, data: bytes | None = None) -> dict:
    """Survey counts from a respondents file or a counts table (see the module docstring)."""
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
                key = "store.rows.missing" if str(entry.get("value") or "").strip() == "" else "store.rows.bad_count"
                problems.append(RowProblem(number, key, {"column": "value", "value": entry.get("value")}))
                continue
            out[item] = value
        for needed in ("support", "oppose"):
            if needed not in first:
                problems.append(RowProblem(1, "store.rows.missing_item", {"item": needed}))
        if problems:
            raise RowsInvalid(source, problems)
        return {
            "support": out["support"],
            "neutral": out.get("neutral", 0),
            "oppose": out["oppose"],
            "respondents_direct": out.get("respondents_direct"),
            "respondents_indirect": out.get("respondents_indirect"),
            "households_covered": out.get("households_covered"),
        }
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
) -> dict:
    """Validate a survey file and record its counts for the assessment."""
    counts = parse_survey_file(path, data)
    return surveys.record_survey(
        store, actor, assessment_id, method=method, note=note, source=Path(path).name, **counts
    )
