"""The evidence record in the report: cover lines, 一（三） parties, 二（一） 调查及意见采纳 (公示, consultations,
the survey by group and by distance ring, 意见采纳情况表), and the back matter (应急预案, 专家评审意见 with the
专家签名表, 附件). Fixed text comes from the ``evidence.report.*`` catalog; records are printed as entered."""

from __future__ import annotations

from typing import Any

from riskmodel.reports.chapters._blocks import record_table
from riskmodel.reports.context import ReportContext
from riskmodel.reports.outline import Block, Heading, Para, Table, pct, val

HANDLINGS = ("采纳", "部分采纳", "未采纳")
CATEGORIES = ("政府部门", "社会组织", "专业机构", "专家学者", "群众代表")


def _ev(ctx: ReportContext) -> dict[str, Any]:
    return getattr(ctx, "evidence", None) or {}


def _tr(ctx: ReportContext, key: str, **params: Any) -> str:
    return ctx.tr(f"evidence.report.{key}", **params)


def _sep(ctx: ReportContext) -> str:
    return "、" if ctx.lang == "zh" else ", "


def _ci(ci: Any) -> str:
    """A Wilson interval as ``47.4–56.4%`` (one percent sign: the table stays narrow)."""
    if not ci or ci[0] is None:
        return "—"
    return f"{100 * float(ci[0]):.1f}–{pct(ci[1])}"


def _cat(ctx: ReportContext, category: str) -> str:
    return _tr(ctx, f"category.{category}")


def _participants(ctx: ReportContext, participants: dict[str, int]) -> str:
    parts = [f"{_cat(ctx, c)} {participants[c]}" for c in CATEGORIES if participants.get(c)]
    total = sum(participants.values())
    return _tr(ctx, "participants_cell", parts=_sep(ctx).join(parts) or "—", total=total)


# --- the cover -------------------------------------------------------------------------------------------
def cover_lines(ctx: ReportContext) -> list[str]:
    """委托单位 / 评估主体 / 编制单位 lines of the cover (none when no parties are recorded). The outline's
    own 评估主体 line (``ctx.organizer``) is not repeated; a third party's registration number is added."""
    pa = _ev(ctx).get("parties")
    if not pa:
        return []
    lines = [_tr(ctx, "cover.commissioning", name=pa["commissioning_unit"])]
    registration = val(pa.get("assessor_registration"))
    if pa["assessor"] != ctx.organizer:
        name = pa["assessor"]
        if pa.get("assessor_third_party"):
            name = _tr(ctx, "third_party", name=name, registration=registration)
        lines.append(_tr(ctx, "cover.assessor", name=name))
    elif pa.get("assessor_third_party"):
        lines.append(_tr(ctx, "cover.registration", registration=registration))
    lines.append(_tr(ctx, "cover.compiler", name=pa["compiler"]))
    return lines


# --- 一（三） 评估主体和参与人员 ------------------------------------------------------------------------------
def parties_blocks(ctx: ReportContext) -> list[Block]:
    ev = _ev(ctx)
    pa = ev.get("parties")
    out: list[Block] = []
    if pa:
        third = (
            _tr(ctx, "parties.third_party", registration=val(pa.get("assessor_registration")))
            if pa.get("assessor_third_party")
            else ""
        )
        out.append(
            Para(
                _tr(
                    ctx,
                    "parties.text",
                    commissioning=pa["commissioning_unit"],
                    assessor=pa["assessor"],
                    third=third,
                    compiler=pa["compiler"],
                )
            )
        )
        if pa.get("note"):
            out.append(Para(_tr(ctx, "parties.note", note=pa["note"])))
    else:
        out.append(Para(_tr(ctx, "parties.none"), "note"))
    cons = ev.get("consultations") or []
    if cons:
        totals = {c: sum(int((x.get("participants") or {}).get(c, 0)) for x in cons) for c in CATEGORIES}
        rows = [[_cat(ctx, c), str(totals[c])] for c in CATEGORIES]
        rows.append([_tr(ctx, "total"), str(sum(totals.values()))])
        out.append(
            record_table(
                _tr(ctx, "parties.table", sessions=len(cons)),
                [_tr(ctx, "col.category"), _tr(ctx, "col.people")],
                rows,
                [2, 1],
            )
        )
    review = ev.get("review")
    if review and review.get("experts"):
        names = _sep(ctx).join(e["name"] for e in review["experts"])
        out.append(
            Para(_tr(ctx, "parties.review", count=len(review["experts"]), leader=review["leader_name"], names=names))
        )
    return out


# --- 二（一） 调查及意见采纳 ----------------------------------------------------------------------------------
def survey_blocks(ctx: ReportContext) -> list[Block]:
    ev = _ev(ctx)
    out: list[Block] = []
    out += _publicity(ctx, ev.get("publicity") or [], ev.get("min_working_days"))
    out += _consultations(ctx, ev.get("consultations") or [])
    out += _survey_detail(ctx, ev.get("survey"))
    out += _demands(ctx, ev.get("demands") or [])
    return out


def _publicity(ctx: ReportContext, pubs: list[dict[str, Any]], minimum: Any) -> list[Block]:
    out: list[Block] = [Heading(_tr(ctx, "publicity.title"), 3)]
    if not pubs:
        return out + [Para(_tr(ctx, "publicity.none"), "note")]
    rows = [
        [str(n), p["channel"], p["start_date"], p["end_date"], str(p["working_days"])]
        for n, p in enumerate(pubs, start=1)
    ]
    out.append(
        record_table(
            _tr(ctx, "publicity.table"),
            [_tr(ctx, f"publicity.col.{k}") for k in ("no", "channel", "start", "end", "days")],
            rows,
            [0.6, 2.4, 1.3, 1.3, 1],
        )
    )
    best = max(p["working_days"] for p in pubs)
    out.append(Para(_tr(ctx, "publicity.check", days=best, min=val(minimum))))
    if any(not p.get("holidays_known", True) for p in pubs):
        out.append(Para(_tr(ctx, "publicity.holidays_unknown"), "note"))
    for p in pubs:
        if p.get("content"):
            out.append(Para(_tr(ctx, "publicity.content", channel=p["channel"], content=p["content"])))
    return out


def _consultations(ctx: ReportContext, cons: list[dict[str, Any]]) -> list[Block]:
    out: list[Block] = [Heading(_tr(ctx, "consult.title"), 3)]
    if not cons:
        return out + [Para(_tr(ctx, "consult.none"), "note")]
    kinds: dict[str, int] = {}
    for c in cons:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    summary = _sep(ctx).join(f"{_tr(ctx, f'kind.{k}')} {n}" for k, n in kinds.items())
    out.append(Para(_tr(ctx, "consult.summary", count=len(cons), kinds=summary)))
    rows = [
        [
            str(n),
            _tr(ctx, f"kind.{c['kind']}"),
            c["held_on"],
            c["place"],
            _participants(ctx, c.get("participants") or {}),
            c["opinions"],
        ]
        for n, c in enumerate(cons, start=1)
    ]
    out.append(
        record_table(
            _tr(ctx, "consult.table"),
            [_tr(ctx, f"consult.col.{k}") for k in ("no", "kind", "date", "place", "participants", "opinions")],
            rows,
            [0.6, 1.1, 1.3, 1.6, 2.2, 3.6],
        )
    )
    return out


def _attitude_table(ctx: ReportContext, caption: str, first: str, rows_in: list[dict[str, Any]], ring: bool) -> Table:
    """Counts, the support rate and the opposition rate with its Wilson interval, per group or ring."""
    rows = []
    for r in rows_in:
        label = r["label_en"] if ctx.lang == "en" else r["label_zh"]
        oppose = _tr(ctx, "survey.rate_ci", rate=pct(r["oppose_rate"]), ci=_ci(r["oppose_ci"]))
        row = [label, str(r["respondents"]), str(r["support"]), str(r["neutral"]), str(r["oppose"])]
        row += [pct(r["support_rate"]), oppose]
        if ring:
            minimum = r.get("min_respondents")
            if minimum is None:
                row.append("—")
            else:
                row.append(
                    _tr(ctx, "survey.coverage_ok" if r.get("coverage_ok") else "survey.coverage_short", min=minimum)
                )
        rows.append(row)
    keys = ["respondents", "support", "neutral", "oppose", "support_rate", "oppose_rate"]
    headers = [first] + [_tr(ctx, f"survey.col.{k}") for k in keys]
    widths = [1.3, 0.9, 0.8, 0.8, 0.8, 1.0, 2.3]
    if ring:
        headers.append(_tr(ctx, "survey.col.coverage"))
        widths.append(1.3)
    return record_table(caption, headers, rows, widths, note=_tr(ctx, "survey.wilson_note"))


def _survey_detail(ctx: ReportContext, sv: dict[str, Any] | None) -> list[Block]:
    out: list[Block] = [Heading(_tr(ctx, "survey.title"), 3)]
    if not sv:
        return out + [Para(_tr(ctx, "survey.none"), "note")]
    aware = sv.get("aware")
    rows = [
        [_tr(ctx, "survey.issued"), str(sv["issued"]), "—"],
        [_tr(ctx, "survey.returned"), str(sv["returned"]), pct(sv.get("return_rate"))],
        [_tr(ctx, "survey.valid"), str(sv["valid"]), pct(sv.get("valid_rate"))],
        [_tr(ctx, "survey.aware"), val(aware), pct(sv.get("aware_rate"))],
    ]
    out.append(
        record_table(
            _tr(ctx, "survey.overview_table"),
            [_tr(ctx, "survey.col.item"), _tr(ctx, "survey.col.count"), _tr(ctx, "survey.col.rate")],
            rows,
            [2, 1, 1],
        )
    )
    groups = sv.get("groups") or []
    if groups:
        out.append(_attitude_table(ctx, _tr(ctx, "survey.group_table"), _tr(ctx, "survey.col.group"), groups, False))
    rings = sv.get("rings") or []
    if rings:
        out.append(_attitude_table(ctx, _tr(ctx, "survey.ring_table"), _tr(ctx, "survey.col.ring"), rings, True))
        total = sum(r["respondents"] for r in rings)
        overall = sum(r["oppose"] for r in rings) / total if total else None
        worst = max(
            (r for r in rings if r.get("oppose_rate") is not None), key=lambda r: r["oppose_rate"], default=None
        )
        if worst is not None and overall is not None and worst["oppose_rate"] > overall:
            out.append(
                Para(
                    _tr(
                        ctx,
                        "survey.near",
                        ring=worst["label_en"] if ctx.lang == "en" else worst["label_zh"],
                        rate=pct(worst["oppose_rate"]),
                        ci=_ci(worst["oppose_ci"]),
                        overall=pct(overall),
                    )
                )
            )
        short = [r for r in rings if r.get("coverage_ok") is False]
        if short:
            names = _sep(ctx).join(r["label_en"] if ctx.lang == "en" else r["label_zh"] for r in short)
            out.append(Para(_tr(ctx, "survey.coverage_warning", rings=names), "note"))
    return out


def _demands(ctx: ReportContext, demands: list[dict[str, Any]]) -> list[Block]:
    out: list[Block] = [Heading(_tr(ctx, "demands.title"), 3)]
    if not demands:
        return out + [Para(_tr(ctx, "demands.none"), "note")]
    counts = {h: sum(1 for d in demands if d["handling"] == h) for h in HANDLINGS}
    out.append(
        Para(
            _tr(
                ctx,
                "demands.summary",
                count=len(demands),
                people=sum(int(d["people"]) for d in demands),
                adopted=counts["采纳"],
                partly=counts["部分采纳"],
                rejected=counts["未采纳"],
            )
        )
    )
    rows = []
    for n, d in enumerate(demands, start=1):
        if d["handling"] == "未采纳":
            how = _tr(ctx, "demands.reason", reason=val(d.get("reason")))
        else:
            how = _tr(ctx, "demands.measure", measure=val(d.get("measure")))
            if d.get("reason"):
                how += _tr(ctx, "demands.reason_also", reason=d["reason"])
        rows.append([str(n), d["demand"], d["raised_by"], str(d["people"]), _tr(ctx, f"handling.{d['handling']}"), how])
    out.append(
        record_table(
            _tr(ctx, "demands.table"),
            [_tr(ctx, f"demands.col.{k}") for k in ("no", "demand", "raised_by", "people", "handling", "how")],
            rows,
            [0.6, 2.8, 1.6, 0.8, 1.1, 3.4],
        )
    )
    return out


# --- 三（五） and the back matter --------------------------------------------------------------------------
def emergency_pointer(ctx: ReportContext) -> list[Block]:
    """One sentence in 三（五） pointing to the 应急预案 chapter (or saying none is recorded)."""
    plans = _ev(ctx).get("plans") or []
    if not plans:
        return [Para(_tr(ctx, "plans.none"), "note")]
    return [Para(_tr(ctx, "plans.pointer", count=len(plans), factors=_sep(ctx).join(p["factor"] for p in plans)))]


def back_matter(ctx: ReportContext) -> list[Block]:
    """四、应急预案 and 五、专家评审意见 (with the 专家签名表), before the report's signature."""
    from riskmodel.reports.chapters.emergency import emergency_chapter
    from riskmodel.reports.chapters.review import review_chapter

    return emergency_chapter(ctx) + review_chapter(ctx)


def annex_blocks(ctx: ReportContext) -> list[Block]:
    """附件 (after the signature): what was recorded and where the report includes it."""
    ev = _ev(ctx)
    review = ev.get("review") or {}
    items = [
        ("publicity", bool(ev.get("publicity"))),
        ("questionnaire", bool(ev.get("survey"))),
        ("minutes", bool(ev.get("consultations"))),
        ("signatures", bool(review.get("experts"))),
        ("adoption", bool(ev.get("demands"))),
        ("measures", bool(ctx.measures)),
        ("plans", bool(ev.get("plans"))),
    ]
    rows = [
        [
            str(n),
            _tr(ctx, f"annex.{k}"),
            _tr(ctx, f"annex.{k}_where"),
            _tr(ctx, "annex.included" if ok else "annex.missing"),
        ]
        for n, (k, ok) in enumerate(items, start=1)
    ]
    return [
        Heading(_tr(ctx, "annex.title"), 1),
        record_table(
            _tr(ctx, "annex.table"),
            [_tr(ctx, f"annex.col.{k}") for k in ("no", "item", "where", "status")],
            rows,
            [0.6, 2.4, 3, 1.2],
        ),
    ]
