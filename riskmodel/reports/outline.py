"""The report's content as a list of blocks, following the NDRC 428 outline (发改办投资〔2013〕428号).

Word and PDF render the same blocks, so both documents always say the same thing. Every fixed string
comes from the ``report.*`` catalog; only user data (project, measures) and questionnaire text are
printed as entered. Table 1 and Table 2 have exactly the 428 columns.

The engine's result is read typed (``ctx.result`` is an ``AssessmentResult``). What the report concludes
follows one verdict — the issued one, else the one the decision rule proposes (marked as not issued):
the 应急预案和建议 are chosen by that verdict, never by the level alone, so a 不予实施 report never
recommends implementation (``conclusion_problems`` checks a rendered outline for that). Percentages
of a whole are rounded by largest remainder (``riskmodel.model.rounding``), so every column adds up
to 100 %; every phase table and figure says whether it is before (措施前) or after (措施后) measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskmodel.engine.result import DimensionResult, IndicatorResult, KendallResult, SurveyResult
from riskmodel.model.rounding import percent_texts
from riskmodel.reports import chapters  # issue 10: builders in reports/chapters/ (loaded on first use)
from riskmodel.reports.context import ReportContext, fmt_date

TABLE1_KEYS = ("no", "type", "stage", "factor", "probability", "impact", "degree", "remark")
TABLE2_KEYS = ("no", "stage", "factor", "measure", "deadline", "responsible", "assisting", "node")
FOUR_PROPERTIES = ("合法性", "合理性", "可行性", "可控性")
LEVELS = ("低", "中", "高")
# verdicts that do not let the project go ahead as it stands: their report recommends no implementation
HOLD_VERDICTS = ("不予实施", "暂缓实施")
# phrases that recommend implementation; a report whose verdict is in HOLD_VERDICTS must not use them
IMPLEMENT_PHRASES = {
    "zh": ("后实施", "可以实施", "可以按方案实施", "方可推进", "建议实施"),
    "en": ("may go ahead", "can be implemented", "implement after", "be implemented once", "recommend implementing"),
}


# --- blocks ------------------------------------------------------------------------------------
@dataclass
class Title:
    text: str
    subtitle_lines: list[str] = field(default_factory=list)
    mark: str | None = None  # e.g. 演示数据: shown on the cover and in every page header


@dataclass
class Heading:
    text: str
    level: int  # 1 = chapter (一、), 2 = section (（一）)


@dataclass
class Para:
    text: str
    style: str = "body"  # body | note


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    note: str | None = None
    kind: str = "data"  # data | table1 | table2 | facts | record (an evidence record, no phase)
    nowrap: tuple[int, ...] = (0,)  # columns sized to their longest cell (序号, codes)


@dataclass
class Image:
    png: bytes
    caption: str
    width_cm: float = 15.0


@dataclass
class Signature:
    lines: list[tuple[str, str]]


@dataclass
class PageBreak:
    pass


@dataclass
class Contents:
    """目录: a TOC field in Word, the bookmark outline (and a printed list) in the PDF."""

    title: str


Block = Title | Heading | Para | Table | Image | Signature | PageBreak | Contents


# --- formatting --------------------------------------------------------------------------------
def num(x: float | int | None, digits: int = 2) -> str:
    return "—" if x is None else f"{float(x):.{digits}f}"


def pct(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{100 * float(x):.{digits}f}%"


def pval(x: float | None) -> str:
    """A p-value with its relation sign: '= 0.0123', or '< 0.0001' below that."""
    if x is None:
        return "= —"
    return "< 0.0001" if float(x) < 0.0001 else f"= {float(x):.4f}"


def val(x: Any) -> str:
    return "—" if x is None or x == "" else str(x)


def _sep(ctx: ReportContext, zh: str = "、") -> str:
    return zh if ctx.lang == "zh" else ", " if zh == "、" else "; "


def _paren(ctx: ReportContext, text: str) -> str:
    return f"（{text}）" if ctx.lang == "zh" else f" ({text})"


def table1_headers(ctx: ReportContext) -> list[str]:
    return [ctx.tr(f"report.table1.{k}") for k in TABLE1_KEYS]


def table2_headers(ctx: ReportContext) -> list[str]:
    return [ctx.tr(f"report.table2.{k}") for k in TABLE2_KEYS]


def _digits(ctx: ReportContext) -> int:
    return 2 if ctx.questionnaire.method == "score" else 3


# --- the verdict the report follows --------------------------------------------------------------
def report_verdict(ctx: ReportContext) -> tuple[str | None, bool]:
    """The verdict the conclusions follow and whether it is issued (signed) or only proposed."""
    if ctx.verdict is not None:
        return ctx.verdict.verdict, True
    return ctx.result.verdict, False


def rule_verdict(ctx: ReportContext) -> str | None:
    """What the standard's decision rule gives for the levels the verdict states (or the computed ones)."""
    v = ctx.verdict
    if v is None:
        return ctx.result.verdict
    residual = v.residual_level or v.level
    try:
        return str(ctx.questionnaire.decision_rule.verdict(residual, v.level))
    except Exception:  # noqa: BLE001 — a level the rule does not know: fall back to the computed verdict
        return v.computed_verdict


def deviates(ctx: ReportContext) -> bool:
    """The issued verdict departs from the decision rule (then a 偏离说明 is required and printed)."""
    v = ctx.verdict
    if v is None:
        return False
    expected = rule_verdict(ctx)
    return expected is not None and expected != v.verdict


# --- the outline -------------------------------------------------------------------------------
def build_outline(ctx: ReportContext, charts: dict[str, bytes] | None = None) -> list[Block]:
    """All blocks of the report in order. ``charts``: PNGs by name (radar, factors, compare)."""
    charts = charts or {}
    blocks: list[Block] = [_title(ctx)]
    blocks.append(Contents(ctx.tr("report.contents")))
    blocks += _preparation_note(ctx)
    blocks += _chapter_basic(ctx)
    blocks += _chapter_content(ctx, charts)
    blocks += _chapter_conclusion(ctx)
    blocks += chapters.annex_blocks(ctx)  # 附件 (issue 10, reports/chapters/)
    return blocks


def _title(ctx: ReportContext) -> Title:
    q = ctx.questionnaire
    lines = []
    if ctx.assessment.get("id") is not None:
        lines.append(ctx.tr("report.cover.assessment", id=ctx.assessment["id"], code=val(ctx.project.get("code"))))
    lines.append(ctx.tr("report.cover.questionnaire", name=ctx.text(q.name), version=q.version))
    if ctx.organizer:
        lines.append(ctx.tr("report.cover.organizer", organizer=ctx.organizer))
    lines += chapters.cover_lines(ctx)  # 委托单位 / 评估主体 / 编制单位 (issue 10)
    date = ctx.verdict.signed_at if ctx.verdict else ctx.generated_at
    lines.append(ctx.tr("report.cover.date", date=fmt_date(date)))
    if ctx.verdict is None:
        lines.append(ctx.tr("report.cover.draft"))
    return Title(ctx.title, lines, mark=ctx.tr("report.demo_mark") if ctx.demo else None)


def _preparation_note(ctx: ReportContext) -> list[Block]:
    """编制说明: who prepared the report, on what, and how its figures can be checked."""
    q = ctx.questionnaire
    out: list[Block] = [Heading(ctx.tr("report.preparation.title"), 1)]
    out.append(Para(ctx.tr("report.preparation.purpose", project=ctx.project.get("name") or "")))
    out.append(
        Para(
            ctx.tr("report.preparation.basis", name=ctx.text(q.name), version=q.version, standard=ctx.text(q.standard))
        )
    )
    out.append(Para(ctx.tr("report.preparation.data")))
    out.append(Para(ctx.tr("report.preparation.user_data"), "note"))
    if ctx.demo:
        out.append(Para(ctx.tr("report.demo_note"), "note"))
    return out


# 一、基本情况 ----------------------------------------------------------------------------------------
def _chapter_basic(ctx: ReportContext) -> list[Block]:
    p = ctx.project
    out: list[Block] = [Heading(ctx.tr("report.ch1.title"), 1), Heading(ctx.tr("report.ch1.project"), 2)]
    facts = [
        ("name", p.get("name")),
        ("code", p.get("code")),
        ("type", p.get("type")),
        ("region", p.get("region")),
        ("investment", None if p.get("investment_wan") is None else f"{p['investment_wan']:,.0f}"),
        ("households", p.get("affected_households")),
        ("stage", p.get("stage")),
        ("assessment_title", ctx.assessment.get("title")),
    ]
    out.append(
        Table(
            ctx.tr("report.ch1.project_table"),
            [ctx.tr("report.col.item"), ctx.tr("report.col.content")],
            [[ctx.tr(f"report.project.{k}"), val(v)] for k, v in facts],
            [1, 3],
            kind="facts",
        )
    )
    if p.get("description"):
        out.append(Para(p["description"]))
    out += _background(ctx)

    # （二）评估依据
    q = ctx.questionnaire
    r = ctx.result
    out.append(Heading(ctx.tr("report.ch1.basis"), 2))
    out.append(Para(ctx.tr("report.basis.policy")))
    out.append(
        Para(
            ctx.tr(
                "report.basis.questionnaire",
                name=ctx.text(q.name),
                id=q.id,
                version=q.version,
                method=ctx.tr(f"report.method.{q.method}"),
            )
        )
    )
    out.append(Para(ctx.tr("report.basis.standard", standard=ctx.text(q.standard))))
    out.append(Para(ctx.tr("report.basis.source", source=ctx.text(q.source))))
    out.append(
        Para(
            ctx.tr(
                "report.basis.thresholds",
                medium=f"{q.levels.medium:g}",
                high=f"{q.levels.high:g}",
                rule=ctx.text(q.decision_rule.name),
            )
        )
    )
    out.append(Para(_decision_rule_text(ctx)))
    if ctx.questionnaire_sha256:
        out.append(Para(ctx.tr("report.basis.sha", sha=ctx.questionnaire_sha256), "note"))
    crs = r.questionnaire.weights_cr
    if crs:
        worst = max(crs.values())
        out.append(Para(ctx.tr("report.basis.ahp", cr=num(worst, 3), table=q.ri_table), "note"))

    # （三）评估主体和参与人员
    out.append(Heading(ctx.tr("report.ch1.panel"), 2))
    if ctx.organizer:
        out.append(Para(ctx.tr("report.panel.organizer", organizer=ctx.organizer)))
    out += chapters.parties_blocks(ctx)  # parties and participants (issue 10)
    panel = r.panel
    out.append(
        Para(
            ctx.tr(
                "report.panel.summary",
                size=panel.size,
                submitted=panel.submitted,
                required=panel.required,
                weighting=ctx.tr(f"report.weighting.{panel.weighting}"),
            )
        )
    )
    if ctx.open_round:  # a report made during a round: who submitted in that round (issue 9, finding 10)
        out.append(Para(ctx.tr("report.panel.open_round", **ctx.open_round), "note"))
    if not panel.ok:
        out.append(Para(ctx.tr("report.panel.too_small", size=panel.size, required=panel.required), "note"))
    weights = percent_texts([e.weight for e in ctx.panel])
    rows = [
        [ctx.expert_label(e.code), val(e.field), num(e.ca), num(e.cs), num(e.authority, 3), w]
        for e, w in zip(ctx.panel, weights)
    ]
    out.append(
        Table(
            ctx.tr("report.panel.table"),
            [ctx.tr(f"report.panel.col.{k}") for k in ("code", "field", "ca", "cs", "authority", "weight")],
            rows,
            [1.2, 2, 1, 1, 1.2, 1.2],
        )
    )
    out.append(Para(ctx.tr("report.panel.anonymous"), "note"))

    # （四）评估过程和方法
    out.append(Heading(ctx.tr("report.ch1.process"), 2))
    for rd in ctx.rounds:
        if rd.opened_at or rd.closed_at:
            out.append(
                Para(
                    ctx.tr(
                        "report.process.round",
                        number=rd.number,
                        opened=fmt_date(rd.opened_at),
                        closed=fmt_date(rd.closed_at) if rd.closed_at else ctx.tr("report.process.open"),
                    )
                )
            )
    out.append(
        Para(ctx.tr("report.process.rounds", count=len(ctx.rounds), ratings=sum(1 for x in ctx.ratings if x.counted)))
    )
    survey = ctx.survey or {}
    if survey:
        out.append(
            Para(
                ctx.tr(
                    "report.process.survey",
                    method=val(survey.get("method")),
                    source=val(survey.get("source")),
                    date=fmt_date(survey.get("recorded_at")),
                )
            )
        )
    if ctx.verdict:
        out.append(
            Para(ctx.tr("report.process.verdict", date=fmt_date(ctx.verdict.signed_at), signer=val(ctx.verdict.signer)))
        )
    out.append(Para(ctx.tr(f"report.process.method_{q.method}")))
    out.append(Para(ctx.tr("report.process.method_common", cv=f"{q.consensus.cv_max:g}")))
    out.append(Para(uncertainty_basis_text(ctx)))
    out += _coverage(ctx, r.survey)
    return out


def _decision_rule_text(ctx: ReportContext) -> str:
    """The decision rule in words: residual level (and level before measures) → verdict."""
    parts = []
    for rule in ctx.questionnaire.decision_rule.rules:
        cond = ctx.tr("report.rule.residual", level=ctx.level_label(str(rule.residual)))
        if rule.before:
            cond += ctx.tr("report.rule.before", levels=_sep(ctx).join(ctx.level_label(str(b)) for b in rule.before))
        parts.append(ctx.tr("report.rule.item", condition=cond, verdict=ctx.verdict_label(str(rule.verdict))))
    return ctx.tr(
        "report.rule.intro", rule=ctx.text(ctx.questionnaire.decision_rule.name), items=_sep(ctx, "；").join(parts)
    )


def uncertainty_basis_text(ctx: ReportContext) -> str:
    """What the uncertainty analysis resampled, in words (issue 9: one expert is not a panel)."""
    r = ctx.result
    draws = r.uncertainty.draws
    if not draws or r.uncertainty_basis is None:
        return ctx.tr("report.uncertainty.basis_none")
    key = "basis_weights" if r.uncertainty_basis == "weights" else "basis_panel"
    return ctx.tr(f"report.uncertainty.{key}", draws=draws, size=r.panel.submitted)


def _background(ctx: ReportContext) -> list[Block]:
    """治安、群体性事件和信访背景: one crowd figure with its source, the network as labelled evidence."""
    out: list[Block] = [Para(ctx.tr("report.background.intro"))]
    out += crowd_blocks(ctx)
    if ctx.network:
        out += network_blocks(ctx, ctx.network, with_mobilisation=ctx.result.mobilisation is None)
    elif ctx.result.group_event is None and ctx.result.mobilisation is None:
        out.append(Para(ctx.tr("report.background.none"), "note"))
    return out


def crowd_blocks(ctx: ReportContext) -> list[Block]:
    """The crowd figure the level rule uses (the panel's estimate, with its source and level, before and
    after measures) and the network simulation beside it as evidence that sets no level."""
    out: list[Block] = []
    ge = ctx.result.group_event
    if ge is not None and ge.people is not None:
        out.append(
            Para(
                ctx.tr(
                    "report.crowd.figure",
                    people=ge.people,
                    source=ctx.tr(f"report.crowd.source_{ge.source}"),
                    level=ctx.level_label(ge.level),
                )
            )
        )
        if ge.people_after is not None:
            out.append(
                Para(ctx.tr("report.crowd.after", people=ge.people_after, level=ctx.level_label(ge.level_after)))
            )
        elif ctx.result.residual_level is not None:
            out.append(Para(ctx.tr("report.crowd.after_same", level=ctx.level_label(ge.level_after or ge.level))))
    else:
        out.append(Para(ctx.tr("report.crowd.missing"), "note"))
    m = ctx.result.mobilisation
    if m is not None:
        out.append(
            Para(
                ctx.tr(
                    "report.crowd.simulation",
                    people=num(m.expected_people, 0),
                    p100=pct(m.p_ge_100),
                    p200=pct(m.p_ge_200),
                    runs=val(m.runs),
                    level=ctx.level_label(m.level),
                )
            )
        )
        if m.divergent and m.ratio is not None:
            out.append(
                Para(
                    ctx.tr("report.crowd.divergent", ratio=f"{m.ratio:.1f}", factor=f"{m.divergence_factor:g}"),
                    "note",
                )
            )
    return out


def network_blocks(ctx: ReportContext, net: dict[str, Any], *, with_mobilisation: bool = True) -> list[Block]:
    """Sentences and a small table from the network summary (a dict: every part is optional)."""
    out: list[Block] = []
    if net.get("nodes") is not None:
        out.append(
            Para(
                ctx.tr(
                    "report.network.size",
                    nodes=net.get("nodes"),
                    edges=val(net.get("edges")),
                    people=val(net.get("people")),
                )
            )
        )
    comms = net.get("communities")
    if isinstance(comms, list) and comms:
        names = _sep(ctx, "；").join(val(c.get("label") or c.get("name") or c.get("id")) for c in comms[:5])
        out.append(Para(ctx.tr("report.network.communities", count=len(comms), names=names)))
    brokers = net.get("brokers")
    if isinstance(brokers, list) and brokers:
        out.append(
            Para(
                ctx.tr(
                    "report.network.brokers",
                    count=net.get("broker_count") or len(brokers),
                    names=_sep(ctx).join(val(x.get("label") or x.get("name") or x.get("id")) for x in brokers[:5]),
                )
            )
        )
    mob = net.get("mobilisation")
    if with_mobilisation and isinstance(mob, dict) and mob.get("expected_people") is not None:
        out.append(
            Para(
                ctx.tr(
                    "report.network.mobilisation",
                    people=num(mob.get("expected_people"), 0),
                    p100=pct(mob.get("p_ge_100")),
                    p200=pct(mob.get("p_ge_200")),
                )
            )
        )
    disputes = net.get("disputes")
    if isinstance(disputes, dict):
        rows = []
        for kind in ("by_channel", "by_status"):
            for key, count in (disputes.get(kind) or {}).items():
                rows.append([ctx.tr(f"report.network.{kind}"), val(key), val(count)])
        if rows:
            out.append(
                Table(
                    ctx.tr("report.network.disputes_table", total=val(disputes.get("total"))),
                    [
                        ctx.tr("report.network.col.kind"),
                        ctx.tr("report.network.col.value"),
                        ctx.tr("report.network.col.count"),
                    ],
                    rows,
                    [1.2, 2, 1],
                    nowrap=(),
                )
            )
    return out


def _coverage(ctx: ReportContext, survey: SurveyResult | None) -> list[Block]:
    if survey is None or survey.coverage is None:
        return []
    cov = survey.coverage
    out: list[Block] = []
    for c in cov.checks:
        households = c.what == "households"
        actual = pct(c.actual) if households and c.actual is not None else val(c.actual)
        required = pct(c.required, 0) if households else val(c.required)
        out.append(
            Para(
                ctx.tr(
                    f"report.coverage.{c.what}",
                    actual=actual,
                    required=required,
                    ok=ctx.tr("report.coverage.ok" if c.ok else "report.coverage.short"),
                )
            )
        )
    if not cov.ok:
        out.append(Para(ctx.tr("report.coverage.warning"), "note"))
    return out


# 二、评估内容 ----------------------------------------------------------------------------------------
def _survey_blocks(ctx: ReportContext, s: SurveyResult, phase: str) -> list[Block]:
    rates = s.rates
    out: list[Block] = [
        Para(
            ctx.tr(
                f"report.survey.summary_{phase}",
                total=s.total,
                support=pct(rates["support"].rate),
                oppose=pct(rates["oppose"].rate),
                level=ctx.level_label(s.level),
            )
        )
    ]
    keys = ("support", "neutral", "oppose")
    shares = percent_texts([rates[k].rate for k in keys])
    rows = [
        [
            ctx.tr(f"report.survey.{k}"),
            str(rates[k].count),
            share,
            f"{pct(rates[k].low)} – {pct(rates[k].high)}",
        ]
        for k, share in zip(keys, shares)
    ]
    out.append(
        Table(
            ctx.tr(f"report.survey.table_{phase}"),
            [ctx.tr(f"report.survey.col.{k}") for k in ("attitude", "count", "rate", "interval")],
            rows,
            [1.5, 1, 1, 2],
            nowrap=(1, 2),
        )
    )
    return out


def _chapter_content(ctx: ReportContext, charts: dict[str, bytes]) -> list[Block]:
    r = ctx.result
    out: list[Block] = [Heading(ctx.tr("report.ch2.title"), 1), Heading(ctx.tr("report.ch2.survey"), 2)]
    if r.survey is not None:
        out += _survey_blocks(ctx, r.survey, "before")
        note = (ctx.survey or {}).get("note")
        if note:
            out.append(Para(ctx.tr("report.survey.note", note=note)))
    else:
        out.append(Para(ctx.tr("report.survey.none"), "note"))
    if r.survey_after is not None:
        out += _survey_blocks(ctx, r.survey_after, "after")
        out += _coverage(ctx, r.survey_after)
    out += chapters.survey_blocks(ctx)  # 公示, consultations, survey detail, 意见采纳情况表 (issue 10)
    feed_lines = (ctx.feeds or {}).get(ctx.lang) or []
    if feed_lines:  # 12345 / 信访 / grid records linked to the project (issue 12)
        out.append(Heading(ctx.tr("report.feeds.heading"), 3))
        out += [Para(line) for line in feed_lines]
    out.append(Para(ctx.tr("report.survey.adoption", count=len(ctx.measures))))

    # （二）风险识别和估计
    out.append(Heading(ctx.tr("report.ch2.risk"), 2))
    out.append(Para(ctx.tr("report.risk.intro", count=len(r.indicators), dims=len(r.dimensions))))
    out += _completeness(ctx)
    out.append(_dimension_table(ctx))
    if "radar" in charts:
        out.append(Image(charts["radar"], ctx.tr("report.chart.radar_caption"), 11.0))
    out.append(table1(ctx, "before"))
    if "factors" in charts:
        out.append(Image(charts["factors"], ctx.tr("report.chart.factor_caption"), 15.0))
    out += _consensus(ctx)

    # （三）防范化解措施
    out.append(Heading(ctx.tr("report.ch2.measures"), 2))
    if ctx.measures:
        out.append(Para(ctx.tr("report.measures.intro", count=len(ctx.measures))))
    else:
        out.append(Para(ctx.tr("report.measures.none"), "note"))
    out.append(table2(ctx))

    # （四）落实措施后的风险等级
    out.append(Heading(ctx.tr("report.ch2.residual"), 2))
    if r.residual_level:
        out.append(
            Para(
                ctx.tr(
                    "report.residual.summary",
                    index=num(r.residual_index, 3),
                    level=ctx.level_label(r.residual_level),
                    before=ctx.level_label(r.level),
                    before_index=num(r.index, 3),
                )
            )
        )
        out += rising_blocks(ctx)
        out.append(table1(ctx, "after"))
        out.append(table2(ctx, phase="after"))
        if "compare" in charts:
            out.append(Image(charts["compare"], ctx.tr("report.chart.compare_caption"), 15.0))
    else:
        out.append(Para(ctx.tr("report.residual.none"), "note"))
    return out


def _completeness(ctx: ReportContext) -> list[Block]:
    """Exclusions with their reasons, and what is still unrated (an incomplete result is provisional)."""
    r = ctx.result
    out: list[Block] = []
    for e in r.exclusions:
        phase = "after" if e.phase == "after" else "all"
        out.append(Para(ctx.tr(f"report.exclusion.{phase}", name=ctx.indicator_name(e.indicator), reason=e.reason)))
    if r.complete is False and r.missing_indicators:
        names = _sep(ctx).join(ctx.indicator_name(i) for i in r.missing_indicators)
        out.append(Para(ctx.tr("report.exclusion.missing", names=names), "note"))
        if r.level_provisional:
            out.append(
                Para(
                    ctx.tr(
                        "report.exclusion.provisional",
                        level=ctx.level_label(r.level),
                        upper=ctx.level_label(r.level_upper_bound),
                    ),
                    "note",
                )
            )
    return out


def rising_blocks(ctx: ReportContext) -> list[Block]:
    """Factors, dimensions and the index whose value is higher after measures than before: flagged."""
    rising = ctx.result.rising
    if rising is None or not (rising.index or rising.factors or rising.dimensions):
        return [Para(ctx.tr("report.rising.none"))]
    dims = {d.id: d for d in ctx.result.dimensions}
    items = [ctx.tr("report.rising.index")] if rising.index else []
    items += [_dim_name(ctx, dims[d]) if d in dims else d for d in rising.dimensions]
    items += [ctx.indicator_name(f) for f in rising.factors]
    return [Para(ctx.tr("report.rising.items", items=_sep(ctx).join(items)))]


def _dim_name(ctx: ReportContext, d: DimensionResult) -> str:
    return d.name_en if ctx.lang == "en" else d.name_zh


def _dimension_table(ctx: ReportContext) -> Table:
    digits = _digits(ctx)
    dims = ctx.result.dimensions
    weights = percent_texts([d.weight for d in dims])
    rows = []
    for d, w in zip(dims, weights):
        b, a = d.before, d.after
        rows.append(
            [
                _dim_name(ctx, d),
                w,
                num(None if b is None else b.score, digits),
                ctx.level_label(None if b is None else b.level),
                num(None if a is None else a.score, digits),
                ctx.level_label(None if a is None else a.level),
            ]
        )
    return Table(
        ctx.tr("report.risk.dim_table"),
        [
            ctx.tr(f"report.risk.dim_col.{k}")
            for k in ("dimension", "weight", "before", "before_level", "after", "after_level")
        ],
        rows,
        [2, 1, 1, 1.2, 1, 1.2],
        nowrap=(1, 2, 4),
    )


def _nearest_label(scale: Any, level: float | None, lang: str) -> str:
    if level is None or scale is None:
        return "—"
    idx = min(max(int(round(level)), 1), len(scale.levels))
    return (
        f"{scale.levels[idx - 1].label.get(lang)}（{level:.1f}）"
        if lang == "zh"
        else f"{scale.levels[idx - 1].label.get(lang)} ({level:.1f})"
    )


def _grade_label(ctx: ReportContext, grade: str | None) -> str | None:
    for g in ctx.questionnaire.risk_degree_grades:
        if g.id == grade:
            return str(g.label.get(ctx.lang))
    return None


def _score_label(ctx: ReportContext, mean: float | None) -> str:
    """Score method: the mean score and the nearest anchor of the scale (很低…很高)."""
    q = ctx.questionnaire
    if mean is None:
        return "—"
    label = ""
    if q.scale is not None:
        anchor = min(q.scale.anchors, key=lambda x: abs(x.value - mean))
        label = anchor.label.get(ctx.lang)
    return f"{mean:.2f}{_paren(ctx, label)}"


def score_step(ctx: ReportContext, mean: float | None) -> int | None:
    """Score method: the mean's position on the scale as one of five steps (1 = lowest … 5 = highest),
    the stated mapping Table 1 uses for 风险概率 and 影响程度 (``report.table1.note_score``)."""
    q = ctx.questionnaire
    if mean is None or q.scale is None:
        return None
    lo, hi = float(q.scale.min), float(q.scale.max)
    if hi <= lo:
        return None
    share = min(max((mean - lo) / (hi - lo), 0.0), 1.0)
    return min(int(share * 5) + 1, 5)


def factor_type(ctx: ReportContext, ind: IndicatorResult) -> str:
    """风险类型: the NDRC 428 area when the questionnaire names one, else the dimension."""
    if ind.area:
        return ctx.tr(f"report.area.{ind.area}")
    for d in ctx.questionnaire.dimensions:
        if d.id == ind.dimension:
            return str(d.name.get(ctx.lang))
    return val(ind.dimension)


def factor_stage(ctx: ReportContext, indicator_id: str) -> str:
    ind = ctx._indicators().get(indicator_id)
    return ind.stage.get(ctx.lang) if ind is not None and ind.stage is not None else "—"


def table1_rows(ctx: ReportContext, phase: str) -> list[list[str]]:
    """Rows of Table 1 主要风险因素及其风险程度表 for one phase (before/after measures)."""
    q = ctx.questionnaire
    pi = q.method == "probability_impact"
    excluded = {e.indicator for e in ctx.result.exclusions if e.phase is None}
    rows = []
    for n, ind in enumerate(ctx.result.indicators, start=1):
        after = ind.after
        mean = ind.mean if phase == "before" else (None if after is None else after.mean)
        if pi:
            probability = ind.probability if phase == "before" else (None if after is None else after.probability)
            impact = ind.impact if phase == "before" else (None if after is None else after.impact)
            grade_id = ind.grade if phase == "before" else (None if after is None else after.grade)
            prob = _nearest_label(q.probability_scale, probability, ctx.lang)
            imp = _nearest_label(q.impact_scale, impact, ctx.lang)
            grade = _grade_label(ctx, grade_id)
            degree = "—" if mean is None else f"{mean:.3f}" + (_paren(ctx, grade) if grade else "")
        else:
            step = score_step(ctx, mean)
            prob = "—" if step is None else ctx.tr(f"report.table1.prob_{step}")
            imp = "—" if step is None else ctx.tr(f"report.table1.impact_{step}")
            degree = _score_label(ctx, mean)
        remarks = []
        if ind.id in excluded:
            remarks.append(ctx.tr("report.table1.excluded"))
        elif mean is None:
            remarks.append(ctx.tr("report.table1.unrated" if phase == "before" else "report.table1.carried"))
        cv_flag = ind.cv_flag if phase == "before" else (after is not None and after.cv_flag)
        cv = ind.cv if phase == "before" else (None if after is None else after.cv)
        if cv_flag:
            remarks.append(ctx.tr("report.table1.cv_flag", cv=num(cv)))
        if phase == "after" and mean is not None and ind.mean is not None:
            rising = after is not None and after.rising
            key = "report.table1.rising" if rising else "report.table1.change"
            remarks.append(ctx.tr(key, before=f"{ind.mean:.{3 if pi else 2}f}"))
        rows.append(
            [
                str(n),
                factor_type(ctx, ind),
                factor_stage(ctx, ind.id),
                ctx.indicator_name(ind.id),
                prob,
                imp,
                degree,
                _sep(ctx, "；").join(remarks),
            ]
        )
    return rows


def table1(ctx: ReportContext, phase: str) -> Table:
    note = ctx.tr("report.table1.note_score" if ctx.questionnaire.method == "score" else "report.table1.note_pi")
    return Table(
        ctx.tr(f"report.table1.caption_{phase}"),
        table1_headers(ctx),
        table1_rows(ctx, phase),
        [0.5, 1.3, 1.2, 2.0, 1.2, 1.2, 1.7, 1.5] if ctx.lang == "zh" else [0.45, 1.6, 1.6, 1.9, 1.3, 1.15, 1.35, 1.2],
        note=note,
        kind="table1",
    )


def _measure_factor(ctx: ReportContext, m: dict[str, Any]) -> tuple[str, bool]:
    factor = m.get("factor") or ""
    return factor, factor in ctx._indicators()


def table2_rows(ctx: ReportContext, phase: str = "before") -> list[list[str]]:
    """Rows of Table 2 防范化解措施汇总表; a factor given as an indicator id is shown by name. After
    measures (经评估) the 控制节点 column carries each measure's status as well."""
    rows = []
    for n, m in enumerate(ctx.measures, start=1):
        factor, known = _measure_factor(ctx, m)
        stage = m.get("phase") or (factor_stage(ctx, factor) if known else "—")
        node = val(m.get("control_node") or m.get("node"))
        if phase == "after" and m.get("status"):
            status = _status_label(ctx, str(m["status"]))
            node = f"{node}{_paren(ctx, status)}" if node != "—" else status
        rows.append(
            [
                str(n),
                val(stage),
                ctx.indicator_name(factor) if known else val(factor),
                val(m.get("measure")),
                val(m.get("deadline")),
                val(m.get("responsible")),
                val(m.get("assisting")),
                node,
            ]
        )
    return rows


def _status_label(ctx: ReportContext, status: str) -> str:
    """A measure's status (计划, 实施中, 已完成, 已取消) in the report language."""
    from riskmodel.domain import MeasureStatus

    known = {s.value for s in MeasureStatus}
    return ctx.tr(f"store.measure_status.{status}") if status in known else status


def table2(ctx: ReportContext, phase: str = "before") -> Table:
    return Table(
        ctx.tr("report.table2.caption" if phase == "before" else "report.table2.caption_after"),
        table2_headers(ctx),
        table2_rows(ctx, phase),
        [0.5, 1.2, 1.5, 3.0, 1.5, 1.2, 1.2, 1.2],
        note=ctx.tr("report.table2.note"),
        kind="table2",
    )


def _kendall_text(ctx: ReportContext, k: KendallResult, phase: str) -> str:
    return ctx.tr(
        f"report.consensus.kendall_{phase}",
        w=num(k.w, 3),
        chi2=num(k.chi2, 2),
        df=k.df,
        p=pval(k.p),
        m=k.m,
        verdict=ctx.tr("report.consensus.significant" if k.significant else "report.consensus.not_significant"),
    )


def _consensus(ctx: ReportContext) -> list[Block]:
    r = ctx.result
    out: list[Block] = [Para(ctx.tr("report.consensus.title"))]
    if r.kendall is not None:
        out.append(Para(_kendall_text(ctx, r.kendall, "before")))
        if r.kendall.left_out:
            out.append(Para(ctx.tr("report.consensus.left_out", count=r.kendall.left_out, n=val(r.kendall.n)), "note"))
    else:
        out.append(Para(ctx.tr("report.consensus.no_kendall"), "note"))
    if r.kendall_after is not None:
        out.append(Para(_kendall_text(ctx, r.kendall_after, "after")))
    inds = r.indicators
    flagged = [i for i in inds if i.cv_flag]
    cv_max = ctx.questionnaire.consensus.cv_max
    if flagged:
        out.append(
            Para(
                ctx.tr(
                    "report.consensus.cv_flags",
                    count=len(flagged),
                    cv=f"{cv_max:g}",
                    names=_sep(ctx).join(ctx.indicator_name(i.id) for i in flagged),
                )
            )
        )
    else:
        out.append(Para(ctx.tr("report.consensus.cv_ok", cv=f"{cv_max:g}")))
    far = [o for o in r.outliers if o.far]
    if far:
        out.append(
            Para(ctx.tr("report.consensus.outliers", names=_sep(ctx).join(ctx.expert_label(o.expert) for o in far)))
        )
    digits = _digits(ctx)
    rows = [
        [
            str(n),
            ctx.indicator_name(i.id),
            str(i.n),
            num(i.mean, digits),
            num(i.median, digits),
            num(i.iqr, digits),
            num(i.cv),
            ctx.tr("report.consensus.weak" if i.cv_flag else "report.consensus.good"),
        ]
        for n, i in enumerate(inds, start=1)
    ]
    out.append(
        Table(
            ctx.tr("report.consensus.table"),
            [
                ctx.tr(f"report.consensus.col.{c}")
                for c in ("no", "factor", "n", "mean", "median", "iqr", "cv", "agreement")
            ],
            rows,
            [0.5, 3, 0.6, 0.9, 0.9, 0.9, 0.8, 1.1],
            nowrap=(0, 2, 3, 4, 5, 6),
        )
    )
    return out


# 三、评估结论 ----------------------------------------------------------------------------------------
def main_factors(ctx: ReportContext, limit: int | None = None) -> list[IndicatorResult]:
    """The 主要风险因素 the engine chose by the standard's rule (``main_factor_rule``); for a result
    stored before that rule existed, the highest weighted contributions at or above 中 before measures."""
    r = ctx.result
    by_id = {i.id: i for i in r.indicators}
    if r.main_factor_rule is not None:
        picked = [by_id[f] for f in r.main_factors if f in by_id]
    else:
        rated = [i for i in r.indicators if i.mean is not None]
        medium = ctx.questionnaire.levels.medium
        notable = [i for i in rated if (i.mean or 0) >= medium] or rated
        picked = sorted(notable, key=lambda i: -((i.mean or 0) * i.weight))[:5]
    return picked if limit is None else picked[:limit]


def _main_factor_rule_text(ctx: ReportContext) -> str:
    rule = ctx.result.main_factor_rule
    if rule is None:
        return ctx.tr("report.factors.rule_legacy", level=ctx.level_label("中"))
    return ctx.tr(
        "report.factors.rule",
        level=ctx.level_label(rule.min_level),
        order=ctx.tr(f"report.factors.order_{rule.order}"),
        max=rule.max_count,
        min=rule.min_count,
    )


def _factor_analysis(ctx: ReportContext, n: int, ind: IndicatorResult) -> str:
    """A short analysis of one main factor: type and stage, before → after, agreement, its measures."""
    digits = _digits(ctx)
    after = ind.after
    after_mean = None if after is None else after.mean
    measures = [m for m in ctx.measures if _measure_factor(ctx, m)[0] == ind.id]
    if after is not None and after.rising:
        change = ctx.tr("report.factors.rising")
    elif after_mean is None:
        change = ctx.tr("report.factors.not_rerated")
    else:
        change = ctx.tr("report.factors.lowered")
    parts = [
        ctx.tr(
            "report.factors.item",
            n=n,
            name=ctx.indicator_name(ind.id),
            type=factor_type(ctx, ind),
            stage=factor_stage(ctx, ind.id),
            before=num(ind.mean, digits),
            after=num(after_mean, digits),
            change=change,
        )
    ]
    parts.append(ctx.tr("report.factors.agreement_weak" if ind.cv_flag else "report.factors.agreement_ok"))
    if measures:
        parts.append(ctx.tr("report.factors.measures", count=len(measures), first=val(measures[0].get("measure"))))
    else:
        parts.append(ctx.tr("report.factors.no_measures"))
    return "".join(parts) if ctx.lang == "zh" else " ".join(parts)


def _chapter_conclusion(ctx: ReportContext) -> list[Block]:
    r = ctx.result
    out: list[Block] = [Heading(ctx.tr("report.ch3.title"), 1), Heading(ctx.tr("report.ch3.factors"), 2)]
    out.append(Para(_main_factor_rule_text(ctx)))
    factors = main_factors(ctx)
    if not factors:
        out.append(Para(ctx.tr("report.factors.none")))
    for n, ind in enumerate(factors, start=1):
        out.append(Para(_factor_analysis(ctx, n, ind)))

    # （二）四性结论 / 各维度结论
    dims = r.dimensions
    four = bool(dims) and all(d.name_zh in FOUR_PROPERTIES for d in dims)
    out.append(Heading(ctx.tr("report.ch3.properties" if four else "report.ch3.dimensions"), 2))
    for d in dims:
        b, a = d.before, d.after
        level = (a.level if a is not None else None) or (b.level if b is not None else None)
        out.append(
            Para(
                ctx.tr(
                    "report.property.item",
                    name=_dim_name(ctx, d),
                    before=ctx.level_label(None if b is None else b.level),
                    after=ctx.level_label(None if a is None else a.level),
                    conclusion=ctx.tr(f"report.property.{level}" if level else "report.property.none"),
                )
            )
        )

    # （三）风险等级和评估结论
    out.append(Heading(ctx.tr("report.ch3.level"), 2))
    out.append(
        Para(
            ctx.tr(
                "report.level.before",
                level=ctx.level_label(r.level),
                index=num(r.index, 3),
                index_100=num(r.index_100, 1),
                drivers=_sep(ctx).join(ctx.tr(f"report.driver.{x}") for x in r.level_drivers),
            )
        )
    )
    if r.residual_level:
        out.append(
            Para(
                ctx.tr(
                    "report.level.after",
                    level=ctx.level_label(r.residual_level),
                    index=num(r.residual_index, 3),
                    index_100=num(r.residual_index_100, 1),
                    drivers=_sep(ctx).join(ctx.tr(f"report.driver.{x}") for x in r.residual_level_drivers) or "—",
                )
            )
        )
    out.append(Para(ctx.tr("report.level.definition_" + (r.residual_level or r.level))))
    out += _probabilities(ctx)
    out += _verdict_blocks(ctx)

    # （四）主要措施
    out.append(Heading(ctx.tr("report.ch3.measures"), 2))
    if ctx.measures:
        for n, m in enumerate(ctx.measures[:8], start=1):
            factor, known = _measure_factor(ctx, m)
            out.append(
                Para(
                    ctx.tr(
                        "report.measures.item",
                        n=n,
                        factor=val(ctx.indicator_name(factor) if known else factor),
                        measure=val(m.get("measure")),
                        responsible=val(m.get("responsible")),
                    )
                )
            )
        if len(ctx.measures) > 8:
            out.append(Para(ctx.tr("report.measures.more", count=len(ctx.measures) - 8)))
    else:
        out.append(Para(ctx.tr("report.measures.none"), "note"))

    # （五）应急预案和建议
    out.append(Heading(ctx.tr("report.ch3.emergency"), 2))
    for text in recommendations(ctx):
        out.append(Para(text))
    out += chapters.emergency_pointer(ctx)  # issue 10
    out += chapters.back_matter(ctx)  # 四、应急预案 and 五、专家评审意见 with the 专家签名表 (issue 10)

    out.append(_signature(ctx))
    return out


def _verdict_blocks(ctx: ReportContext) -> list[Block]:
    """The issued verdict (or the proposal), the 偏离说明 when it departs from the rule, and the result's
    SHA-256 so anyone can check the report and the verdict came from the same computation."""
    r = ctx.result
    q = ctx.questionnaire
    out: list[Block] = []
    v = ctx.verdict
    if v is not None:
        out.append(
            Para(
                ctx.tr(
                    "report.verdict.signed",
                    verdict=ctx.verdict_label(v.verdict),
                    level=ctx.level_label(v.residual_level or v.level),
                )
            )
        )
        if v.rationale:
            out.append(Para(ctx.tr("report.verdict.rationale", rationale=v.rationale)))
        if deviates(ctx):
            out.append(
                Para(
                    ctx.tr(
                        "report.verdict.override",
                        verdict=ctx.verdict_label(rule_verdict(ctx)),
                        level=ctx.level_label(v.residual_level or v.level),
                        rule=ctx.text(q.decision_rule.name),
                    ),
                    "note",
                )
            )
            if v.deviation_reason:
                out.append(Para(ctx.tr("report.verdict.deviation", reason=v.deviation_reason)))
            else:
                out.append(Para(ctx.tr("report.verdict.deviation_missing"), "note"))
        elif v.computed_residual_level and v.computed_residual_level != v.residual_level:
            out.append(
                Para(ctx.tr("report.verdict.level_differs", level=ctx.level_label(v.computed_residual_level)), "note")
            )
    elif r.verdict:
        out.append(
            Para(
                ctx.tr(
                    "report.verdict.computed",
                    verdict=ctx.verdict_label(r.verdict),
                    rule=ctx.text(q.decision_rule.name),
                )
            )
        )
    else:
        out.append(Para(ctx.tr("report.verdict.none"), "note"))
    signed_sha = None if v is None else v.result_sha256
    if signed_sha and ctx.result_sha256 and signed_sha != ctx.result_sha256:
        # the verdict was signed on another computation than the one this report prints: say so, both digests
        out.append(Para(ctx.tr("report.verdict.sha_mismatch", signed=signed_sha, sha=ctx.result_sha256), "note"))
    elif ctx.result_sha256:
        out.append(Para(ctx.tr(f"report.verdict.sha_{ctx.result_sha256_source}", sha=ctx.result_sha256), "note"))
    return out


def _probabilities(ctx: ReportContext) -> list[Block]:
    r = ctx.result
    probs = r.level_probabilities
    if not any(x is not None for x in probs.values()):
        return [Para(ctx.tr("report.uncertainty.none"), "note")]
    out: list[Block] = [Para(ctx.tr("report.uncertainty.intro", draws=r.uncertainty.draws))]
    out.append(Para(uncertainty_basis_text(ctx), "note"))
    res = r.residual_level_probabilities or {}
    before = percent_texts([probs.get(lv) for lv in LEVELS])
    after = percent_texts([res.get(lv) for lv in LEVELS]) if res else ["—"] * len(LEVELS)
    rows = [[ctx.level_label(lv), b, a] for lv, b, a in zip(LEVELS, before, after)]
    out.append(
        Table(
            ctx.tr("report.uncertainty.table"),
            [ctx.tr(f"report.uncertainty.col.{c}") for c in ("level", "before", "after")],
            rows,
            [1.5, 1.5, 1.5],
        )
    )
    vp = r.verdict_probabilities or {}
    if vp:
        names = list(vp)
        texts = percent_texts([vp[k] for k in names])
        values = _sep(ctx, "；").join(
            f"{ctx.verdict_label(k)} {text}" for k, text in zip(names, texts) if float(text.rstrip("%")) > 0
        )
        out.append(Para(ctx.tr("report.uncertainty.verdicts", values=values)))
    if r.index_interval:
        lo, hi = r.index_interval[:2]
        out.append(Para(ctx.tr("report.uncertainty.interval", low=num(lo, 3), high=num(hi, 3))))
    return out


def recommendations(ctx: ReportContext) -> list[str]:
    """应急预案和建议: chosen by the verdict the report follows (issued, else proposed), then the
    emergency plan by the level after measures, the main factors, the crowd figure, the survey and panel."""
    r = ctx.result
    verdict, _issued = report_verdict(ctx)
    level = r.residual_level or r.level
    out = []
    if verdict:
        out.append(ctx.tr(f"report.recommend.verdict.{verdict}"))
    out.append(ctx.tr(f"report.recommend.plan_{level}"))
    factors = main_factors(ctx, 3)
    if factors:
        out.append(ctx.tr("report.recommend.factors", names=_sep(ctx).join(ctx.indicator_name(i.id) for i in factors)))
    ge = r.group_event
    crowd_level = None if ge is None else (ge.level_after or ge.level)
    if crowd_level in ("中", "高"):
        out.append(ctx.tr("report.recommend.group_event"))
    m = r.mobilisation
    if m is not None and m.divergent:
        out.append(ctx.tr("report.recommend.crowd_divergent"))
    s = r.survey_after or r.survey
    if s is not None and s.coverage is not None and not s.coverage.ok:
        out.append(ctx.tr("report.recommend.coverage"))
    if s is not None and s.level in ("中", "高"):
        out.append(ctx.tr("report.recommend.opposition", oppose=pct(s.rates["oppose"].rate)))
    k = r.kendall
    if any(i.cv_flag for i in r.indicators) or (k is not None and not k.significant):
        out.append(ctx.tr("report.recommend.consensus"))
    if r.rising is not None and (r.rising.index or r.rising.factors):
        out.append(ctx.tr("report.recommend.rising"))
    if not r.residual_level:
        out.append(ctx.tr("report.recommend.after_ratings"))
    out.append(ctx.tr("report.recommend.tracking_hold" if verdict in HOLD_VERDICTS else "report.recommend.tracking"))
    return out


def conclusion_problems(ctx: ReportContext, blocks: list[Block]) -> list[str]:
    """Sentences of chapter 三 that contradict the verdict the report follows (empty when none).

    Checked: the verdict is stated; no advice of another verdict appears; a 不予实施 / 暂缓实施 report
    never recommends implementation. Notes (which may quote the rule's other verdict) are not advice.
    """
    verdict, _issued = report_verdict(ctx)
    texts: list[str] = []
    seen = False
    for b in blocks:
        if isinstance(b, Heading) and b.level == 1:
            seen = b.text == ctx.tr("report.ch3.title")
        elif seen and isinstance(b, Para) and b.style != "note":
            texts.append(b.text)
    problems: list[str] = []
    if verdict is None:
        return problems
    label = ctx.verdict_label(verdict)
    if not any(label in t for t in texts):
        problems.append(f"verdict {label} is not stated")
    from riskmodel.domain import VERDICTS

    for other in VERDICTS:
        advice = ctx.tr(f"report.recommend.verdict.{other}")
        if other != verdict and any(advice in t for t in texts):
            problems.append(f"advice of {other} in a {verdict} report")
    if verdict in HOLD_VERDICTS:
        labels = sorted((ctx.verdict_label(x) for x in VERDICTS), key=len, reverse=True)
        for t in texts:
            bare = t
            for name in labels:  # a verdict quoted by name (probabilities, the rule) is not advice
                bare = bare.replace(name, "")
            for phrase in IMPLEMENT_PHRASES.get(ctx.lang, ()):
                if phrase in bare:
                    problems.append(f"{phrase!r} in a {verdict} report: {t}")
    return problems


def _signature(ctx: ReportContext) -> Signature:
    v = ctx.verdict
    return Signature(
        [
            (ctx.tr("report.signature.organizer"), ctx.organizer or ""),
            (ctx.tr("report.signature.signer"), (v.signer or "") if v else ""),
            (ctx.tr("report.signature.date"), fmt_date(v.signed_at) if v else ""),
        ]
    )
