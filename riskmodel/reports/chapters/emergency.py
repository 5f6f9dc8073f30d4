"""四、应急预案: one section per main risk factor — organisation, response levels with their triggers,
handling steps, resources, contacts — as recorded (started from the standard's template)."""

from __future__ import annotations

from riskmodel.reports.chapters._blocks import record_table
from riskmodel.reports.context import ReportContext
from riskmodel.reports.outline import Block, Heading, Para

CN_NUMBERS = "一二三四五六七八九十"


def _tr(ctx: ReportContext, key: str, **params: object) -> str:
    return ctx.tr(f"evidence.report.{key}", **params)


def _section(ctx: ReportContext, n: int) -> str:
    if ctx.lang == "zh" and n <= len(CN_NUMBERS):
        return f"（{CN_NUMBERS[n - 1]}）"
    return f"{n}. "


def emergency_chapter(ctx: ReportContext) -> list[Block]:
    plans = (getattr(ctx, "evidence", None) or {}).get("plans") or []
    out: list[Block] = [Heading(_tr(ctx, "plans.title"), 1)]
    if not plans:
        return out + [Para(_tr(ctx, "plans.none"), "note")]
    out.append(Para(_tr(ctx, "plans.intro", count=len(plans))))
    for n, p in enumerate(plans, start=1):
        out.append(Heading(_section(ctx, n) + _tr(ctx, "plans.section", factor=p["factor"]), 2))
        out.append(Para(_tr(ctx, "plans.command", command=p["command"], members=p["members"])))
        out.append(
            record_table(
                _tr(ctx, "plans.levels_table", factor=p["factor"]),
                [_tr(ctx, "plans.col.level"), _tr(ctx, "plans.col.trigger")],
                [[lv.get("level", ""), lv.get("trigger", "")] for lv in p.get("levels") or []],
                [1.4, 4],
            )
        )
        sep = "；" if ctx.lang == "zh" else "; "
        steps = sep.join(f"{k}. {s}" for k, s in enumerate(p.get("steps") or [], start=1))
        out.append(Para(_tr(ctx, "plans.steps", steps=steps)))
        out.append(Para(_tr(ctx, "plans.resources", resources=p["resources"])))
        out.append(Para(_tr(ctx, "plans.contacts", contacts=p["contacts"])))
    return out
