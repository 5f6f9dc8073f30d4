"""The report's content as a list of blocks, following the NDRC 428 outline (发改办投资〔2013〕428号).

Word and PDF render the same blocks, so both documents always say the same thing. Every fixed string
comes from the ``report.*`` catalog; only user data (project, measures) and questionnaire text are
printed as entered. Table 1 and Table 2 have exactly the 428 columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskmodel.reports import chapters  # issue 10: builders in reports/chapters/ (loaded on first use)
from riskmodel.reports.context import ReportContext, fmt_date

TABLE1_KEYS = ("no", "type", "stage", "factor", "probability", "impact", "degree", "remark")
TABLE2_KEYS = ("no", "stage", "factor", "measure", "deadline", "responsible", "assisting")
FOUR_PROPERTIES = ("合法性", "合理性", "可行性", "可控性")


# --- blocks ------------------------------------------------------------------------------------
@dataclass
class Title:
    text: str
    subtitle_lines: list[str] = field(default_factory=list)


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
    kind: str = "data"  # data | table1 | table2 | facts


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


Block = Title | Heading | Para | Table | Image | Signature | PageBreak


# --- formatting --------------------------------------------------------------------------------
def num(x: Any, digits: int = 2) -> str:
    return "—" if x is None else f"{float(x):.{digits}f}"


def pct(x: Any, digits: int = 1) -> str:
    return "—" if x is None else f"{100 * float(x):.{digits}f}%"


def pval(x: Any) -> str:
    """A p-value with its relation sign: '= 0.0123', or '< 0.0001' below that."""
    if x is None:
        return "= —"
    return "< 0.0001" if float(x) < 0.0001 else f"= {float(x):.4f}"


def val(x: Any) -> str:
    return "—" if x is None or x == "" else str(x)


def table1_headers(ctx: ReportContext) -> list[str]:
    return [ctx.tr(f"report.table1.{k}") for k in TABLE1_KEYS]


def table2_headers(ctx: ReportContext) -> list[str]:
    return [ctx.tr(f"report.table2.{k}") for k in TABLE2_KEYS]


# --- the outline -------------------------------------------------------------------------------
def build_outline(ctx: ReportContext, charts: dict[str, bytes] | None = None) -> list[Block]:
    """All blocks of the report in order. ``charts``: PNGs by name (radar, factors, compare)."""
    charts = charts or {}
    blocks: list[Block] = [_title(ctx)]
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
    return Title(ctx.title, lines)


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
    if ctx.questionnaire_sha256:
        out.append(Para(ctx.tr("report.basis.sha", sha=ctx.questionnaire_sha256), "note"))
    crs = (r.get("questionnaire") or {}).get("weights_cr") or {}
    if crs:
        worst = max(crs.values())
        out.append(Para(ctx.tr("report.basis.ahp", cr=num(worst, 3), table=q.ri_table), "note"))

    # （三）评估主体和参与人员
    out.append(Heading(ctx.tr("report.ch1.panel"), 2))
    if ctx.organizer:
        out.append(Para(ctx.tr("report.panel.organizer", organizer=ctx.organizer)))
    out += chapters.parties_blocks(ctx)  # parties and participants (issue 10)
    panel = r.get("panel") or {}
    out.append(
        Para(
            ctx.tr(
                "report.panel.summary",
                size=panel.get("size", len(ctx.panel)),
                submitted=panel.get("submitted", "—"),
                required=panel.get("required", "—"),
                weighting=ctx.tr(f"report.weighting.{panel.get('weighting', 'authority')}"),
            )
        )
    )
    if panel and not panel.get("ok", True):
        out.append(
            Para(ctx.tr("report.panel.too_small", size=panel.get("size"), required=panel.get("required")), "note")
        )
    rows = [
        [ctx.expert_label(e.code), val(e.field), num(e.ca), num(e.cs), num(e.authority, 3), pct(e.weight)]
        for e in ctx.panel
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
    s = ctx.survey or {}
    if s:
        out.append(
            Para(
                ctx.tr(
                    "report.process.survey",
                    method=val(s.get("method")),
                    source=val(s.get("source")),
                    date=fmt_date(s.get("recorded_at")),
                )
            )
        )
    if ctx.verdict:
        out.append(
            Para(ctx.tr("report.process.verdict", date=fmt_date(ctx.verdict.signed_at), signer=val(ctx.verdict.signer)))
        )
    out.append(Para(ctx.tr(f"report.process.method_{q.method}")))
    out.append(
        Para(
            ctx.tr(
                "report.process.method_common",
                cv=f"{q.consensus.cv_max:g}",
                draws=(r.get("uncertainty") or {}).get("draws") or 0,
            )
        )
    )
    out += _coverage(ctx)
    return out


def _background(ctx: ReportContext) -> list[Block]:
    """治安、群体性事件和信访背景: the stakeholder network and dispute records when available."""
    out: list[Block] = [Para(ctx.tr("report.background.intro"))]
    ge = ctx.result.get("group_event")
    net = ctx.network
    if not net and not ge:
        out.append(Para(ctx.tr("report.background.none"), "note"))
        return out
    if ge:
        out.append(
            Para(
                ctx.tr("report.background.group_event", people=ge.get("people"), level=ctx.level_label(ge.get("level")))
            )
        )
    if net:
        out += network_blocks(ctx, net)
    return out


def network_blocks(ctx: ReportContext, net: dict[str, Any]) -> list[Block]:
    """Sentences and a small table from the network summary; every part is optional."""
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
        sep = "；" if ctx.lang == "zh" else "; "
        names = sep.join(val(c.get("label") or c.get("name") or c.get("id")) for c in comms[:5])
        out.append(Para(ctx.tr("report.network.communities", count=len(comms), names=names)))
    brokers = net.get("brokers")
    if isinstance(brokers, list) and brokers:
        sep = "、" if ctx.lang == "zh" else ", "
        out.append(
            Para(
                ctx.tr(
                    "report.network.brokers",
                    count=net.get("broker_count") or len(brokers),
                    names=sep.join(val(b.get("label") or b.get("name") or b.get("id")) for b in brokers[:5]),
                )
            )
        )
    mob = net.get("mobilisation")
    if isinstance(mob, dict) and mob.get("expected_people") is not None:
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
            for k, v in (disputes.get(kind) or {}).items():
                rows.append([ctx.tr(f"report.network.{kind}"), val(k), val(v)])
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
                )
            )
    return out


def _coverage(ctx: ReportContext) -> list[Block]:
    s = ctx.result.get("survey")
    if not s or not s.get("coverage"):
        return []
    cov = s["coverage"]
    out: list[Block] = []
    for c in cov.get("checks", []):
        actual = pct(c["actual"]) if c["what"] == "households" and c.get("actual") is not None else val(c.get("actual"))
        required = pct(c["required"], 0) if c["what"] == "households" else val(c.get("required"))
        out.append(
            Para(
                ctx.tr(
                    f"report.coverage.{c['what']}",
                    actual=actual,
                    required=required,
                    ok=ctx.tr("report.coverage.ok" if c.get("ok") else "report.coverage.short"),
                )
            )
        )
    if not cov.get("ok", True):
        out.append(Para(ctx.tr("report.coverage.warning"), "note"))
    return out


# 二、评估内容 ----------------------------------------------------------------------------------------
def _chapter_content(ctx: ReportContext, charts: dict[str, bytes]) -> list[Block]:
    r = ctx.result
    out: list[Block] = [Heading(ctx.tr("report.ch2.title"), 1), Heading(ctx.tr("report.ch2.survey"), 2)]
    s = r.get("survey")
    if s:
        rates = s["rates"]
        out.append(
            Para(
                ctx.tr(
                    "report.survey.summary",
                    total=s["total"],
                    support=pct(rates["support"]["rate"]),
                    oppose=pct(rates["oppose"]["rate"]),
                    level=ctx.level_label(s.get("level")),
                )
            )
        )
        rows = [
            [
                ctx.tr(f"report.survey.{k}"),
                str(rates[k]["count"]),
                pct(rates[k]["rate"]),
                f"{pct(rates[k]['low'])} – {pct(rates[k]['high'])}",
            ]
            for k in ("support", "neutral", "oppose")
        ]
        out.append(
            Table(
                ctx.tr("report.survey.table"),
                [ctx.tr(f"report.survey.col.{k}") for k in ("attitude", "count", "rate", "interval")],
                rows,
                [1.5, 1, 1, 2],
            )
        )
        note = (ctx.survey or {}).get("note")
        if note:
            out.append(Para(ctx.tr("report.survey.note", note=note)))
    else:
        out.append(Para(ctx.tr("report.survey.none"), "note"))
    out += chapters.survey_blocks(ctx)  # 公示, consultations, survey detail, 意见采纳情况表 (issue 10)
    out.append(Para(ctx.tr("report.survey.adoption", count=len(ctx.measures))))

    # （二）风险识别和估计
    out.append(Heading(ctx.tr("report.ch2.risk"), 2))
    out.append(Para(ctx.tr("report.risk.intro", count=len(r.get("indicators", [])), dims=len(r.get("dimensions", [])))))
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
    if r.get("residual_level"):
        out.append(
            Para(
                ctx.tr(
                    "report.residual.summary",
                    index=num(r.get("residual_index"), 3),
                    level=ctx.level_label(r["residual_level"]),
                    before=ctx.level_label(r["level"]),
                    before_index=num(r.get("index"), 3),
                )
            )
        )
        out.append(table1(ctx, "after"))
        if "compare" in charts:
            out.append(Image(charts["compare"], ctx.tr("report.chart.compare_caption"), 15.0))
    else:
        out.append(Para(ctx.tr("report.residual.none"), "note"))
    return out


def _dimension_table(ctx: ReportContext) -> Table:
    digits = 2 if ctx.questionnaire.method == "score" else 3
    rows = []
    for d in ctx.result.get("dimensions", []):
        b, a = d.get("before") or {}, d.get("after") or {}
        rows.append(
            [
                d["name_en"] if ctx.lang == "en" else d["name_zh"],
                pct(d.get("weight")),
                num(b.get("score"), digits),
                ctx.level_label(b.get("level")),
                num(a.get("score"), digits),
                ctx.level_label(a.get("level")),
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
    )


def _nearest_label(scale, level: float | None, lang: str) -> str:
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
            return g.label.get(ctx.lang)
    return None


def _score_label(ctx: ReportContext, mean: float | None) -> str:
    """Score method: the mean score and the nearest anchor of the scale (很低…很高)."""
    q = ctx.questionnaire
    if mean is None:
        return "—"
    label = ""
    if q.scale is not None:
        anchor = min(q.scale.anchors, key=lambda a: abs(a.value - mean))
        label = anchor.label.get(ctx.lang)
    return f"{mean:.2f}（{label}）" if ctx.lang == "zh" else f"{mean:.2f} ({label})"


def factor_type(ctx: ReportContext, ind: dict[str, Any]) -> str:
    """风险类型: the NDRC 428 area when the questionnaire names one, else the dimension."""
    if ind.get("area"):
        return ctx.tr(f"report.area.{ind['area']}")
    for d in ctx.questionnaire.dimensions:
        if d.id == ind.get("dimension"):
            return d.name.get(ctx.lang)
    return val(ind.get("dimension"))


def factor_stage(ctx: ReportContext, indicator_id: str) -> str:
    ind = ctx._indicators().get(indicator_id)
    return ind.stage.get(ctx.lang) if ind is not None and ind.stage is not None else "—"


def table1_rows(ctx: ReportContext, phase: str) -> list[list[str]]:
    """Rows of Table 1 主要风险因素及其风险程度表 for one phase (before/after measures)."""
    q = ctx.questionnaire
    pi = q.method == "probability_impact"
    rows = []
    for n, ind in enumerate(ctx.result.get("indicators", []), start=1):
        stats = ind if phase == "before" else (ind.get("after") or {})
        mean = stats.get("mean")
        if pi:
            prob = _nearest_label(q.probability_scale, stats.get("probability"), ctx.lang)
            imp = _nearest_label(q.impact_scale, stats.get("impact"), ctx.lang)
            grade = _grade_label(ctx, stats.get("grade"))
            degree = (
                "—"
                if mean is None
                else (
                    f"{mean:.3f}" + (f"（{grade}）" if ctx.lang == "zh" else f" ({grade})") if grade else f"{mean:.3f}"
                )
            )
        else:
            prob = imp = "—"
            degree = _score_label(ctx, mean)
        remarks = []
        if mean is None:
            remarks.append(ctx.tr("report.table1.unrated" if phase == "before" else "report.table1.carried"))
        if stats.get("cv_flag"):
            remarks.append(ctx.tr("report.table1.cv_flag", cv=num(stats.get("cv"))))
        if phase == "after" and mean is not None and ind.get("mean") is not None:
            remarks.append(ctx.tr("report.table1.change", before=f"{ind['mean']:.{3 if pi else 2}f}"))
        rows.append(
            [
                str(n),
                factor_type(ctx, ind),
                factor_stage(ctx, ind["id"]),
                ctx.indicator_name(ind["id"]),
                prob,
                imp,
                degree,
                "；".join(remarks) if ctx.lang == "zh" else "; ".join(remarks),
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


def table2_rows(ctx: ReportContext) -> list[list[str]]:
    """Rows of Table 2 防范化解措施汇总表; a factor given as an indicator id is shown by name."""
    rows = []
    for n, m in enumerate(ctx.measures, start=1):
        factor = m.get("factor") or ""
        known = factor in ctx._indicators()
        stage = m.get("phase") or (factor_stage(ctx, factor) if known else "—")
        rows.append(
            [
                str(n),
                val(stage),
                ctx.indicator_name(factor) if known else val(factor),
                val(m.get("measure")),
                val(m.get("deadline")),
                val(m.get("responsible")),
                val(m.get("assisting")),
            ]
        )
    return rows


def table2(ctx: ReportContext) -> Table:
    return Table(
        ctx.tr("report.table2.caption"),
        table2_headers(ctx),
        table2_rows(ctx),
        [0.5, 1.3, 1.6, 3.2, 1.6, 1.3, 1.3],
        kind="table2",
    )


def _consensus(ctx: ReportContext) -> list[Block]:
    r = ctx.result
    out: list[Block] = [Para(ctx.tr("report.consensus.title"))]
    k = r.get("kendall")
    if k:
        out.append(
            Para(
                ctx.tr(
                    "report.consensus.kendall",
                    w=num(k["w"], 3),
                    chi2=num(k["chi2"], 2),
                    df=k["df"],
                    p=pval(k["p"]),
                    m=k["m"],
                    verdict=ctx.tr(
                        "report.consensus.significant" if k.get("significant") else "report.consensus.not_significant"
                    ),
                )
            )
        )
    else:
        out.append(Para(ctx.tr("report.consensus.no_kendall"), "note"))
    ka = r.get("kendall_after")
    if ka:
        out.append(Para(ctx.tr("report.consensus.kendall_after", w=num(ka["w"], 3), p=pval(ka["p"]))))
    inds = r.get("indicators", [])
    flagged = [i for i in inds if i.get("cv_flag")]
    cv_max = ctx.questionnaire.consensus.cv_max
    if flagged:
        sep = "、" if ctx.lang == "zh" else ", "
        out.append(
            Para(
                ctx.tr(
                    "report.consensus.cv_flags",
                    count=len(flagged),
                    cv=f"{cv_max:g}",
                    names=sep.join(ctx.indicator_name(i["id"]) for i in flagged),
                )
            )
        )
    else:
        out.append(Para(ctx.tr("report.consensus.cv_ok", cv=f"{cv_max:g}")))
    far = [o for o in r.get("outliers", []) if o.get("far")]
    if far:
        sep = "、" if ctx.lang == "zh" else ", "
        out.append(
            Para(ctx.tr("report.consensus.outliers", names=sep.join(ctx.expert_label(o["expert"]) for o in far)))
        )
    digits = 2 if ctx.questionnaire.method == "score" else 3
    rows = [
        [
            str(n),
            ctx.indicator_name(i["id"]),
            str(i.get("n", "—")),
            num(i.get("mean"), digits),
            num(i.get("median"), digits),
            num(i.get("iqr"), digits),
            num(i.get("cv")),
            ctx.tr("report.consensus.weak" if i.get("cv_flag") else "report.consensus.good"),
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
        )
    )
    return out


# 三、评估结论 ----------------------------------------------------------------------------------------
def main_factors(ctx: ReportContext, limit: int = 5) -> list[dict[str, Any]]:
    """Factors that drive the risk: the highest weighted contributions before measures."""
    inds = [i for i in ctx.result.get("indicators", []) if i.get("mean") is not None]
    medium = ctx.questionnaire.levels.medium
    notable = [i for i in inds if i["mean"] >= medium] or inds
    return sorted(notable, key=lambda i: -(i["mean"] * i.get("weight", 0)))[:limit]


def _chapter_conclusion(ctx: ReportContext) -> list[Block]:
    r = ctx.result
    q = ctx.questionnaire
    out: list[Block] = [Heading(ctx.tr("report.ch3.title"), 1), Heading(ctx.tr("report.ch3.factors"), 2)]
    factors = main_factors(ctx)
    digits = 2 if q.method == "score" else 3
    for n, i in enumerate(factors, start=1):
        after = (i.get("after") or {}).get("mean")
        out.append(
            Para(
                ctx.tr(
                    "report.factors.item",
                    n=n,
                    name=ctx.indicator_name(i["id"]),
                    type=factor_type(ctx, i),
                    before=num(i["mean"], digits),
                    after=num(after, digits),
                )
            )
        )

    # （二）四性结论 / 各维度结论
    dims = r.get("dimensions", [])
    four = bool(dims) and all(d.get("name_zh") in FOUR_PROPERTIES for d in dims)
    out.append(Heading(ctx.tr("report.ch3.properties" if four else "report.ch3.dimensions"), 2))
    for d in dims:
        b, a = d.get("before") or {}, d.get("after") or {}
        level = a.get("level") or b.get("level")
        key = d.get("conclusion_key") or f"report.property.{level}" if level else "report.property.none"
        out.append(
            Para(
                ctx.tr(
                    "report.property.item",
                    name=d["name_en"] if ctx.lang == "en" else d["name_zh"],
                    before=ctx.level_label(b.get("level")),
                    after=ctx.level_label(a.get("level")),
                    conclusion=d.get("conclusion") or ctx.tr(key),
                )
            )
        )

    # （三）风险等级和评估结论
    out.append(Heading(ctx.tr("report.ch3.level"), 2))
    sep = "、" if ctx.lang == "zh" else ", "
    out.append(
        Para(
            ctx.tr(
                "report.level.before",
                level=ctx.level_label(r["level"]),
                index=num(r.get("index"), 3),
                drivers=sep.join(ctx.tr(f"report.driver.{d}") for d in r.get("level_drivers", [])),
            )
        )
    )
    if r.get("residual_level"):
        out.append(
            Para(
                ctx.tr(
                    "report.level.after",
                    level=ctx.level_label(r["residual_level"]),
                    index=num(r.get("residual_index"), 3),
                )
            )
        )
    out.append(Para(ctx.tr("report.level.definition_" + (r.get("residual_level") or r["level"]))))
    out += _probabilities(ctx)
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
        if v.computed_verdict and (
            v.computed_verdict != v.verdict
            or (v.computed_residual_level and v.computed_residual_level != v.residual_level)
        ):
            out.append(
                Para(
                    ctx.tr(
                        "report.verdict.override",
                        verdict=ctx.verdict_label(v.computed_verdict),
                        level=ctx.level_label(v.computed_residual_level),
                    ),
                    "note",
                )
            )
    elif r.get("verdict"):
        out.append(
            Para(
                ctx.tr(
                    "report.verdict.computed",
                    verdict=ctx.verdict_label(r["verdict"]),
                    rule=ctx.text(q.decision_rule.name),
                )
            )
        )
    else:
        out.append(Para(ctx.tr("report.verdict.none"), "note"))

    # （四）主要措施
    out.append(Heading(ctx.tr("report.ch3.measures"), 2))
    if ctx.measures:
        for n, m in enumerate(ctx.measures[:8], start=1):
            factor = m.get("factor") or ""
            name = ctx.indicator_name(factor) if factor in ctx._indicators() else factor
            out.append(
                Para(
                    ctx.tr(
                        "report.measures.item",
                        n=n,
                        factor=val(name),
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


def _probabilities(ctx: ReportContext) -> list[Block]:
    r = ctx.result
    probs = r.get("level_probabilities") or {}
    if not any(v is not None for v in probs.values()):
        return [Para(ctx.tr("report.uncertainty.none"), "note")]
    draws = (r.get("uncertainty") or {}).get("draws")
    out: list[Block] = [Para(ctx.tr("report.uncertainty.intro", draws=draws))]
    res = r.get("residual_level_probabilities") or {}
    rows = [[ctx.level_label(lv), pct(probs.get(lv)), pct(res.get(lv)) if res else "—"] for lv in ("低", "中", "高")]
    out.append(
        Table(
            ctx.tr("report.uncertainty.table"),
            [ctx.tr(f"report.uncertainty.col.{c}") for c in ("level", "before", "after")],
            rows,
            [1.5, 1.5, 1.5],
        )
    )
    vp = r.get("verdict_probabilities") or {}
    if vp:
        sep = "；" if ctx.lang == "zh" else "; "
        out.append(
            Para(
                ctx.tr(
                    "report.uncertainty.verdicts",
                    values=sep.join(f"{ctx.verdict_label(k)} {pct(v)}" for k, v in vp.items() if v),
                )
            )
        )
    if r.get("index_interval"):
        lo, hi = r["index_interval"][:2]
        out.append(Para(ctx.tr("report.uncertainty.interval", low=num(lo, 3), high=num(hi, 3))))
    return out


def recommendations(ctx: ReportContext) -> list[str]:
    """应急预案和建议: derived from the level, the factors, the survey, the panel and the network."""
    r = ctx.result
    level = r.get("residual_level") or r["level"]
    out = [ctx.tr(f"report.recommend.level_{level}")]
    sep = "、" if ctx.lang == "zh" else ", "
    factors = main_factors(ctx, 3)
    if factors:
        out.append(ctx.tr("report.recommend.factors", names=sep.join(ctx.indicator_name(i["id"]) for i in factors)))
    ge = r.get("group_event")
    mob = (ctx.network or {}).get("mobilisation") or {}
    if (ge and ge.get("level") in ("中", "高")) or (mob.get("p_ge_100") or 0) >= 0.1:
        out.append(ctx.tr("report.recommend.group_event"))
    s = r.get("survey")
    if s and s.get("coverage") and not s["coverage"].get("ok", True):
        out.append(ctx.tr("report.recommend.coverage"))
    if s and s.get("level") in ("中", "高"):
        out.append(ctx.tr("report.recommend.opposition", oppose=pct(s["rates"]["oppose"]["rate"])))
    k = r.get("kendall")
    if any(i.get("cv_flag") for i in r.get("indicators", [])) or (k and not k.get("significant")):
        out.append(ctx.tr("report.recommend.consensus"))
    if not r.get("residual_level"):
        out.append(ctx.tr("report.recommend.after_ratings"))
    out.append(ctx.tr("report.recommend.tracking"))
    return out


def _signature(ctx: ReportContext) -> Signature:
    v = ctx.verdict
    return Signature(
        [
            (ctx.tr("report.signature.organizer"), ctx.organizer or ""),
            (ctx.tr("report.signature.signer"), (v.signer or "") if v else ""),
            (ctx.tr("report.signature.date"), fmt_date(v.signed_at) if v else ""),
        ]
    )
