"""The report context: every fact a report, spreadsheet or bundle prints.

Builders (docx, pdf, xlsx, csv, bundle) read only this, so they need no database. It is built either
from the database through the services (``riskmodel.reports.dbsource.build_context``, which imports
this module — never the other way round) or from an assessment file plus ``assess``
(``context_from_file``). Experts are anonymised here, once: every builder sees only panel codes (A, B, …
shown as 专家A / Expert A), never a user name or an expert id from the input.

The engine's result reaches the builders typed (``ReportContext.result`` is an ``AssessmentResult``);
``result_data`` is the same result as stored JSON (anonymised), which only the bundle writes out.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from riskmodel.engine.inputs import AssessmentInput
from riskmodel.engine.result import AssessmentResult
from riskmodel.i18n import t
from riskmodel.questionnaire import Questionnaire
from riskmodel.reports.bundle import canonical_sha256


@dataclass(frozen=True)
class PanelEntry:
    """One panel member, anonymised: ``code`` is A, B, …; Cr = (Ca + Cs) / 2 is the authority."""

    code: str
    field: str | None
    ca: float | None
    cs: float | None
    authority: float | None
    weight: float | None


@dataclass(frozen=True)
class RoundInfo:
    number: int
    status: str | None = None
    opened_at: str | None = None  # ISO text as the store gives it
    closed_at: str | None = None


@dataclass(frozen=True)
class RatingRow:
    """One submitted rating (all rounds, all versions that count or not) for the spreadsheet."""

    round: int
    expert: str  # panel code
    indicator: str
    phase: str
    score: float | None
    probability: int | None
    impact: int | None
    comment: str | None
    version: int = 1
    counted: bool = True
    submitted_at: str | None = None


@dataclass(frozen=True)
class VerdictInfo:
    """The signed conclusion (评估结论): may differ from the computed one, with the rationale."""

    level: str
    residual_level: str | None
    verdict: str
    rationale: str | None
    signer: str | None
    signed_at: str | None
    computed_level: str | None = None
    computed_residual_level: str | None = None
    computed_verdict: str | None = None
    deviation_reason: str | None = None  # 偏离说明 when the verdict departs from the decision rule
    result_sha256: str | None = None  # SHA-256 of the stored result the verdict was signed on


@dataclass
class ReportContext:
    """Everything an export prints. ``result`` is the engine's typed result (anonymised), ``result_data``
    its stored JSON; ``result_sha256`` the SHA-256 of the stored (not anonymised) result's canonical JSON,
    the same digest the verdict record keeps: ``result_sha256_source`` is ``verdict`` when the verdict was
    signed on this very result, else ``computed`` (no verdict, or it was signed on another result)."""

    lang: str
    project: dict[str, Any]
    assessment: dict[str, Any]
    questionnaire: Questionnaire
    questionnaire_text: str | None
    questionnaire_sha256: str | None
    panel: list[PanelEntry]
    rounds: list[RoundInfo]
    ratings: list[RatingRow]
    survey: dict[str, Any] | None  # counts and how it was done (method, source, recorded_at)
    result: AssessmentResult
    measures: list[dict[str, Any]]
    result_data: dict[str, Any] = field(default_factory=dict)
    result_sha256: str | None = None
    result_sha256_source: str = "computed"
    demo: bool = False  # seeded demo data: every page is marked 演示数据
    verdict: VerdictInfo | None = None
    network: dict[str, Any] | None = None
    input: AssessmentInput | None = None  # anonymised engine input (for the bundle)
    organizer: str | None = None  # 评估主体 (office or firm), when known
    evidence: dict[str, Any] | None = None  # the evidence record (services.evidence.evidence_dict; issue 10)
    open_round: dict[str, int] | None = None  # the round under way: number, submitted in it, eligible
    feeds: dict[str, list[str]] | None = None  # linked 12345/信访/grid records as sentences, per language (issue 12)
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    )

    def with_lang(self, lang: str) -> ReportContext:
        return dataclasses.replace(self, lang=lang)

    # --- display helpers shared by the builders ---------------------------------------------------
    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def expert_label(self, code: str) -> str:
        return t("report.expert_code", self.lang, code=code)

    def level_label(self, level: str | None) -> str:
        return "—" if not level else t(f"common.level.{level}", self.lang)

    def verdict_label(self, verdict: str | None) -> str:
        return "—" if not verdict else t(f"common.verdict.{verdict}", self.lang)

    def text(self, value) -> str:
        """A questionnaire ``Text`` (or None) in the report language."""
        return "" if value is None else value.get(self.lang)

    @property
    def title(self) -> str:
        return t("report.title", self.lang, project=self.project.get("name") or "")

    def indicator_name(self, indicator_id: str) -> str:
        ind = self._indicators().get(indicator_id)
        return ind.name.get(self.lang) if ind else indicator_id

    def _indicators(self) -> dict[str, Any]:
        return {ind.id: ind for ind in self.questionnaire.indicators()}


# --- anonymisation -------------------------------------------------------------------------------
def panel_code(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA (spreadsheet-column style), so any panel size gets a code."""
    code = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        code = chr(65 + rem) + code
    return code


def anonymise(
    inp: AssessmentInput, result: dict[str, Any] | None
) -> tuple[AssessmentInput, dict[str, Any] | None, dict[str, str]]:
    """Replace expert ids by panel codes in the input and in a result computed from it.

    The engine keeps experts in input order and never sorts by id, so the anonymised input gives
    the same numbers; only the ids in ``panel.experts`` and ``outliers`` change.
    """
    mapping = {e.id: panel_code(i) for i, e in enumerate(inp.experts)}
    data = inp.model_dump(mode="json")
    for e in data["experts"]:
        e["id"] = mapping[e["id"]]
    for r in data["ratings"]:
        r["expert"] = mapping.get(r["expert"], r["expert"])
    anon_input = AssessmentInput.model_validate(data)
    if result is None:
        return anon_input, None, mapping
    out = dict(result)
    panel = dict(out.get("panel") or {})
    panel["experts"] = [{**e, "id": mapping.get(e["id"], e["id"])} for e in panel.get("experts", [])]
    out["panel"] = panel
    out["outliers"] = [{**o, "expert": mapping.get(o["expert"], o["expert"])} for o in out.get("outliers", [])]
    return anon_input, out, mapping


def _coefficient(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dict):
        vals = [float(v) for v in value.values()]
        return sum(vals) / len(vals) if vals else None
    return float(value)


def panel_entries(inp: AssessmentInput, result: AssessmentResult) -> list[PanelEntry]:
    """Panel rows from an anonymised input and its result (authority and weight per expert)."""
    stats = {e.id: e for e in result.panel.experts}
    out = []
    for e in inp.experts:
        s = stats.get(e.id)
        out.append(
            PanelEntry(
                code=e.id,
                field=e.field,
                ca=_coefficient(e.ca),
                cs=_coefficient(e.cs),
                authority=None if s is None else s.authority,
                weight=None if s is None else s.weight,
            )
        )
    return out


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def builtin_questionnaire_text(qid: str, version: int | None = None) -> str | None:
    """The YAML text of a built-in questionnaire file (the given version, else the highest)."""
    from riskmodel.questionnaire import parse_questionnaire
    from riskmodel.questionnaire.loader import QUESTIONNAIRE_DIR

    best: tuple[int, str] | None = None
    for path in sorted(Path(QUESTIONNAIRE_DIR).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            q = parse_questionnaire(text, str(path))
        except Exception:  # noqa: BLE001 — a broken neighbour file is not this report's problem
            continue
        if q.id != qid or (version is not None and q.version != version):
            continue
        if best is None or q.version > best[0]:
            best = (q.version, text)
    return None if best is None else best[1]


# --- builders ------------------------------------------------------------------------------------
def context_from_input(
    inp: AssessmentInput,
    questionnaire: Questionnaire,
    *,
    lang: str = "zh",
    questionnaire_text: str | None = None,
    result: dict[str, Any] | AssessmentResult | None = None,
    draws: int | None = None,
    seed: int | None = None,
    **extra: Any,
) -> ReportContext:
    """A context from an engine input (runs ``assess`` unless ``result`` is given: the stored
    ``to_dict()`` or the typed result).

    Used for assessment files, bundles, the database source and tests; ``extra`` fills the other
    fields (verdict, network, rounds, organizer…).
    """
    from riskmodel.engine import assess

    if result is None:
        result = assess(inp, questionnaire, draws=draws, seed=seed)
    data = result.to_dict() if isinstance(result, AssessmentResult) else result
    anon, anon_data, _ = anonymise(inp, data)
    assert anon_data is not None
    typed = AssessmentResult.from_dict(anon_data)
    extra.setdefault("result_sha256", canonical_sha256(data))  # as services.assessments.result_sha256
    verdict = extra.get("verdict")
    if verdict is not None and verdict.result_sha256 == extra["result_sha256"]:
        extra.setdefault("result_sha256_source", "verdict")
    ratings = [
        RatingRow(
            round=1,
            expert=r.expert,
            indicator=r.indicator,
            phase=r.phase,
            score=r.score,
            probability=r.probability,
            impact=r.impact,
            comment=r.comment,
        )
        for r in anon.ratings
    ]
    survey = None if inp.survey is None else inp.survey.model_dump()
    p = inp.project
    project = {
        "name": p.name,
        "code": None,
        "type": p.type,
        "region": p.region,
        "investment_wan": p.investment_wan,
        "affected_households": p.affected_households,
        "stage": p.stage,
        "description": p.description,
    }
    kwargs: dict[str, Any] = dict(
        lang=lang,
        project=project,
        assessment={"id": None, "title": None, "state": None, "created_at": None},
        questionnaire=questionnaire,
        questionnaire_text=questionnaire_text,
        questionnaire_sha256=sha256_text(questionnaire_text) if questionnaire_text else None,
        panel=panel_entries(anon, typed),
        rounds=[RoundInfo(number=1)],
        ratings=ratings,
        survey=survey,
        result=typed,
        result_data=anon_data,
        measures=[m.model_dump() for m in inp.measures],
        input=anon,
    )
    kwargs.update(extra)
    return ReportContext(**kwargs)


def context_from_file(
    path: str | Path, *, lang: str = "zh", draws: int | None = None, seed: int | None = None
) -> ReportContext:
    """A context from an assessment file (YAML/JSON) or an export bundle, without a database."""
    from riskmodel.engine.inputs import load_assessment_file
    from riskmodel.questionnaire import get_questionnaire
    from riskmodel.reports.bundle import is_bundle, load_bundle_data

    if is_bundle(path):
        data = load_bundle_data(path)
        return context_from_bundle_data(data, lang=lang)
    inp = load_assessment_file(path)
    q = get_questionnaire(inp.questionnaire)
    text = builtin_questionnaire_text(q.id, q.version)
    return context_from_input(inp, q, lang=lang, questionnaire_text=text, draws=draws, seed=seed)


def context_from_bundle_data(data: dict[str, Any], *, lang: str = "zh") -> ReportContext:
    """A context from a parsed bundle: its stored result and facts, no recomputation."""
    from riskmodel.reports.bundle import bundle_parts

    inp, q, text = bundle_parts(data)
    facts = data.get("report") or {}
    extra: dict[str, Any] = {}
    if facts.get("verdict"):
        extra["verdict"] = VerdictInfo(**facts["verdict"])
    if facts.get("rounds"):
        extra["rounds"] = [RoundInfo(**r) for r in facts["rounds"]]
    if facts.get("ratings"):
        extra["ratings"] = [RatingRow(**r) for r in facts["ratings"]]
    for key in ("network", "organizer", "measures", "survey", "evidence", "feeds", "open_round"):
        if facts.get(key) is not None:
            extra[key] = facts[key]
    ctx = context_from_input(inp, q, lang=lang, questionnaire_text=text, result=data["result"], **extra)
    if facts.get("project"):
        ctx.project = {**ctx.project, **facts["project"]}
    if facts.get("assessment"):
        ctx.assessment = {**ctx.assessment, **facts["assessment"]}
    return ctx


def fmt_date(value: str | date | datetime | None) -> str:
    """ISO date part of a timestamp (reports print dates, not times)."""
    if value is None:
        return "—"
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]
