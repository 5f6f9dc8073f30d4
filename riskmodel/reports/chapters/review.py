"""五、专家评审意见: the meeting, each expert's written opinion, the group opinion, the 专家签名表.

Names are printed here because the filing requires the signed sheet; the Delphi feedback and the panel
table of 一（三） keep the anonymous codes (专家A, B, …), and nothing here links a name to a code."""

from __future__ import annotations

from riskmodel.reports.chapters._blocks import record_table
from riskmodel.reports.context import ReportContext, fmt_date
from riskmodel.reports.outline import Block, Heading, Para, val


def _tr(ctx: ReportContext, key: str, **params: object) -> str:
    return ctx.tr(f"evidence.report.{key}", **params)


def review_chapter(ctx: ReportContext) -> list[Block]:
    review = (getattr(ctx, "evidence", None) or {}).get("review")
    out: list[Block] = [Heading(_tr(ctx, "review.title"), 1)]
    if not review:
        return out + [Para(_tr(ctx, "review.none"), "note")]
    experts = review.get("experts") or []
    out.append(
        Para(
            _tr(
                ctx,
                "review.meeting",
                date=review["held_on"],
                place=review["place"],
                count=len(experts),
                leader=review["leader_name"],
            )
        )
    )
    out.append(Heading(_tr(ctx, "review.individual"), 2))
    for n, e in enumerate(experts, start=1):
        text = e.get("opinion") or _tr(ctx, "review.no_opinion")
        out.append(Para(_tr(ctx, "review.opinion", n=n, name=e["name"], field=val(e.get("field")), opinion=text)))
    out.append(Heading(_tr(ctx, "review.group"), 2))
    if review.get("group_opinion"):
        out.append(Para(review["group_opinion"]))
        out.append(
            Para(
                _tr(
                    ctx,
                    "review.confirmed",
                    leader=review["leader_name"],
                    date=fmt_date(review.get("group_opinion_at")),
                    confirmed=review.get("confirmed", 0),
                    count=len(experts),
                ),
                "note",
            )
        )
    else:
        out.append(Para(_tr(ctx, "review.no_group"), "note"))
    out.append(Heading(_tr(ctx, "review.sheet"), 2))
    rows = [
        [
            str(n),
            e["name"] + (_tr(ctx, "review.leader_mark") if e.get("is_leader") else ""),
            val(e.get("field")),
            val(e.get("organization")),
            (e.get("confirmed_at") or "")[:16].replace("T", " ") or _tr(ctx, "review.not_confirmed"),
            "",
        ]
        for n, e in enumerate(experts, start=1)
    ]
    out.append(
        record_table(
            _tr(ctx, "review.sheet_table"),
            [_tr(ctx, f"review.col.{k}") for k in ("no", "name", "field", "organization", "confirmed", "signature")],
            rows,
            [0.6, 1.6, 1.4, 2.4, 1.8, 1.6],
            note=_tr(ctx, "review.names_note"),
        )
    )
    return out
