"""The working rhythm (日研判、周会办、月通报、季核查) as document blocks, Word and PDF.

- ``daily`` (period YYYY-MM-DD): the signals of that day (computed and stored if not yet), the ones new
  since the previous stored run, by level, with the records behind each 告警.
- ``weekly`` (a day of the week, YYYY-MM-DD, or YYYY-Www): items for joint handling — the 告警 of the
  week's last day and the 件 with three or more 件次 or several channels — with the responsible unit (the
  区/街道 where it happens), the assisting unit (by category), a deadline (a week after the meeting) and
  the status since last week (新增 / 持续).
- ``monthly`` (YYYY-MM): the four rates and 化解率 by region and by 街道/乡镇, a ranking, the red / yellow /
  green list of areas needing 重点管理, charts.
- ``quarterly`` (YYYYQn): a random sample of the quarter's closed records for follow-up calls (回访); the
  seed is recorded (``feed_samples``) the first time, so the same sample comes out every time.
"""

from __future__ import annotations

import random
import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from riskmodel.errors import ValidationError
from riskmodel.feeds import documents
from riskmodel.feeds.metrics import Counts, rates, resolution_rate
from riskmodel.i18n import t
from riskmodel.reports.outline import Heading, Image, Para, Table, Title
from riskmodel.services import audit, feeds
from riskmodel.services.context import Actor, now
from riskmodel.services.views.feeds import SignalView
from riskmodel.store.db import Store
from riskmodel.store.models import FeedCase, FeedRecord, FeedSample, FeedSignal

KINDS = ("daily", "weekly", "monthly", "quarterly")
ASSISTING = {
    "环境污染": "生态环境局",
    "劳资纠纷": "人力资源和社会保障局",
    "征地拆迁": "自然资源和规划局",
    "企业改制": "国资委",
    "物业管理": "住房和城乡建设局",
    "房屋宅基地": "住房和城乡建设局",
    "交通出行": "交通运输局",
    "教育": "教育局",
    "医疗纠纷": "卫生健康委",
    "消费维权": "市场监督管理局",
    "涉法涉诉": "政法委",
}
SAMPLE_SIZE = 50


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def _tr(key: str, lang: str | None, **kw: Any) -> str:
    return t(f"feeds.bulletin.{key}", lang, **kw)


def _day(period: str) -> date:
    try:
        return date.fromisoformat(period)
    except ValueError:
        raise ValidationError("feeds.bulletin.bad_period", kind="daily/weekly", value=period) from None


def _signals_for(store: Store, actor: Actor, day: date) -> list[SignalView]:
    rows = feeds.stored_signals(store, day.isoformat())
    if not rows:
        feeds.run_signals(store, actor, day)
        rows = feeds.stored_signals(store, day.isoformat())
    return rows


def _previous_run(store: Store, day: date) -> list[SignalView]:
    with store.read() as s:
        prev = s.execute(select(func.max(FeedSignal.as_of)).where(FeedSignal.as_of < day.isoformat())).scalar()
    return feeds.stored_signals(store, prev) if prev else []


def _key(sig: SignalView) -> tuple[str | None, str | None, str | None]:
    return (sig.project_code, sig.region, sig.category)


def _signal_rows(sigs: list[SignalView], lang: str | None) -> list[list[str]]:
    return [
        [
            s.level,
            s.project_code or "—",
            s.region or "—",
            s.category or _tr("all", lang),
            str(s.count),
            "—" if s.baseline is None else str(s.baseline),
            "—" if s.change is None else f"{s.change:+.0%}",
            s.method,
        ]
        for s in sigs
    ]


def _signal_headers(lang: str | None) -> list[str]:
    return [
        _tr(f"col.{c}", lang)
        for c in ("level", "project", "region", "category", "count", "baseline", "change", "method")
    ]


def daily_blocks(store: Store, actor: Actor, period: str, lang: str | None) -> list[Any]:
    day = _day(period)
    current = _signals_for(store, actor, day)
    before = {(_key(s), s.level) for s in _previous_run(store, day)}
    new = [s for s in current if (_key(s), s.level) not in before and s.level in ("告警", "异常")]
    blocks: list[Any] = [
        Title(
            _tr("daily.title", lang),
            [_tr("daily.subtitle", lang, day=day.isoformat(), new=len(new), total=len(current))],
        )
    ]
    for level in ("告警", "异常"):
        items = [s for s in new if s.level == level]
        blocks.append(Heading(_tr("daily.level", lang, level=level, count=len(items)), 1))
        if not items:
            blocks.append(Para(_tr("none", lang)))
            continue
        blocks.append(
            Table(
                _tr("daily.table", lang, level=level),
                _signal_headers(lang),
                _signal_rows(items, lang),
                [1, 1.2, 1, 1.2, 0.8, 0.8, 0.8, 1.4],
            )
        )
        if level == "告警":
            for s in items[:10]:
                records = feeds.record_views(store, list(s.record_ids[:5]))
                label = s.project_code or f"{s.region or '—'}·{s.category or _tr('all', lang)}"
                blocks.append(Heading(_tr("daily.behind", lang, label=label), 2))
                for r in records:
                    blocks.append(
                        Para(f"{r.received_at[:16]} {r.record_no} · {r.region or '—'} · {r.category}：{r.text[:120]}")
                    )
    blocks.append(Para(_tr("daily.note", lang), "note"))
    return blocks


def _week_of(period: str) -> date:
    m = re.fullmatch(r"(\d{4})-W(\d{2})", period)
    if m:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
    d = _day(period)
    return d + timedelta(days=6 - d.weekday())


def _week_items(store: Store, actor: Actor, end: date, lang: str | None) -> list[dict[str, Any]]:
    start = end - timedelta(days=6)
    items: list[dict[str, Any]] = []
    for s in _signals_for(store, actor, end):
        if s.level != "告警":
            continue
        items.append(
            {
                "key": ("signal",) + _key(s),
                "item": _tr(
                    "weekly.signal_item",
                    lang,
                    label=s.project_code or s.region or "—",
                    category=s.category or _tr("all", lang),
                    count=s.count,
                ),
                "region": s.region,
                "category": s.category,
            }
        )
    lo = datetime.combine(start, datetime.min.time())
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time())
    with store.read() as sess:
        cases = (
            sess.execute(
                select(FeedCase)
                .where(
                    FeedCase.last_at >= lo,
                    FeedCase.last_at < hi,
                    (FeedCase.records >= 3) | FeedCase.sources.contains(","),
                )
                .order_by(FeedCase.records.desc())
                .limit(30)
            )
            .scalars()
            .all()
        )
        for c in cases:
            items.append(
                {
                    "key": ("case", c.id),
                    "item": _tr("weekly.case_item", lang, records=c.records, text=c.text[:60]),
                    "region": c.region,
                    "street": c.street,
                    "category": c.category,
                }
            )
    return items


def weekly_blocks(store: Store, actor: Actor, period: str, lang: str | None) -> list[Any]:
    end = min(_week_of(period), feeds.default_as_of(store))  # a week still running ends with its data
    items = _week_items(store, actor, end, lang)
    last = {i["key"] for i in _week_items(store, actor, end - timedelta(days=7), lang)}
    deadline = (end + timedelta(days=7)).isoformat()
    rows = []
    for n, i in enumerate(items, start=1):
        responsible = (i.get("street") and f"{i['region'] or ''}{i['street']}") or (i["region"] or _tr("city", lang))
        rows.append(
            [
                str(n),
                i["item"],
                _tr("weekly.responsible", lang, place=responsible),
                ASSISTING.get(i["category"] or "", _tr("weekly.other_units", lang)),
                deadline,
                _tr("weekly.continuing", lang) if i["key"] in last else _tr("weekly.new", lang),
            ]
        )
    iso = end.isocalendar()
    return [
        Title(
            _tr("weekly.title", lang),
            [
                _tr(
                    "weekly.subtitle",
                    lang,
                    week=f"{iso.year}-W{iso.week:02d}",
                    start=(end - timedelta(days=6)).isoformat(),
                    end=end.isoformat(),
                    count=len(rows),
                )
            ],
        ),
        Heading(_tr("weekly.agenda", lang), 1),
        Table(
            _tr("weekly.table", lang),
            [_tr(f"weekly.col.{c}", lang) for c in ("num", "item", "responsible", "assisting", "deadline", "status")],
            rows,
            [0.4, 3, 1.4, 1.4, 1, 0.7],
        )
        if rows
        else Para(_tr("none", lang)),
        Para(_tr("weekly.note", lang), "note"),
    ]


def _month(period: str) -> tuple[int, date, date]:
    key = feeds.month_key_of(period)
    first = date(key // 100, key % 100, 1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return key, first, nxt


def _rate_row(name: str, c: Counts) -> list[str]:
    r = rates(c)
    return [
        name,
        str(c.records),
        _pct(r["timely_acceptance_rate"]),
        _pct(r["on_time_completion_rate"]),
        _pct(r["satisfaction_rate"]),
        _pct(r["rating_rate"]),
        _pct(resolution_rate(c)),
    ]


def _score(c: Counts) -> float:
    vals = [v for v in rates(c).values() if v is not None] + [resolution_rate(c) or 0.0]
    return sum(vals) / len(vals) if vals else 0.0


def monthly_blocks(store: Store, period: str, lang: str | None) -> list[Any]:
    key, first, nxt = _month(period)
    prev_key = (first - timedelta(days=1)).year * 100 + (first - timedelta(days=1)).month
    by_region: dict[str, Counts] = {}
    prev_region: dict[str, Counts] = {}
    for (month, region), c in feeds.monthly_counts(store, months=[key, prev_key], by=("month_key", "region")):
        target = by_region if month == key else prev_region
        target.setdefault(region or _tr("unknown", lang), Counts()).add(c)
    total = Counts()
    for c in by_region.values():
        total.add(c)
    r = FeedRecord.__table__.c
    lo = datetime.combine(first, datetime.min.time())
    hi = datetime.combine(nxt, datetime.min.time())
    with store.read() as s:
        units = s.execute(
            select(r.region, r.street, *feeds._count_columns(r))
            .where(r.received_at >= lo, r.received_at < hi)
            .group_by(r.region, r.street)
        ).all()
        alarms = s.execute(
            select(FeedSignal.region, FeedSignal.level).where(
                FeedSignal.as_of >= first.isoformat(), FeedSignal.as_of < nxt.isoformat()
            )
        ).all()
    unit_counts = {
        f"{u[0] or ''}{u[1] or ''}" or _tr("unknown", lang): Counts(*[int(v or 0) for v in u[2:]]) for u in units
    }
    levels: dict[str, set[str]] = {}
    for region, level in alarms:
        levels.setdefault(region or "", set()).add(level)
    ranked = sorted(by_region.items(), key=lambda kv: -_score(kv[1]))
    headers = [
        _tr(f"monthly.col.{c}", lang)
        for c in ("area", "records", "timely", "on_time", "satisfaction", "rating", "resolution")
    ]
    rag_rows = []
    for region, c in sorted(by_region.items()):
        prev = prev_region.get(region)
        rise = prev is not None and prev.records > 0 and c.records / prev.records - 1 > 0.10
        sat = rates(c)["satisfaction_rate"]
        if "告警" in levels.get(region, set()) or (sat is not None and sat < 0.8):
            colour = _tr("monthly.red", lang)
        elif "异常" in levels.get(region, set()) or rise:
            colour = _tr("monthly.yellow", lang)
        else:
            colour = _tr("monthly.green", lang)
        change = "—" if not prev or not prev.records else f"{c.records / prev.records - 1:+.0%}"
        rag_rows.append([region, colour, str(c.records), change, _pct(sat)])
    regions = [name for name, _ in ranked]
    blocks: list[Any] = [
        Title(_tr("monthly.title", lang), [_tr("monthly.subtitle", lang, period=period, records=total.records)]),
        Heading(_tr("monthly.overall", lang), 1),
        Table(
            _tr("monthly.rates_table", lang),
            headers,
            [_rate_row(_tr("monthly.total", lang), total)],
            [1.4, 1, 1, 1, 1, 1, 1],
        ),
        Heading(_tr("monthly.by_region", lang), 1),
        Table(
            _tr("monthly.ranking", lang),
            [_tr("monthly.col.rank", lang)] + headers,
            [[str(i)] + _rate_row(name, c) for i, (name, c) in enumerate(ranked, start=1)],
            [0.5, 1.4, 1, 1, 1, 1, 1, 1],
        ),
        Heading(_tr("monthly.by_unit", lang), 1),
        Table(
            _tr("monthly.units_table", lang),
            headers,
            [_rate_row(name, c) for name, c in sorted(unit_counts.items(), key=lambda kv: -kv[1].records)[:30]],
            [1.8, 1, 1, 1, 1, 1, 1],
        ),
        Heading(_tr("monthly.rag", lang), 1),
        Table(
            _tr("monthly.rag_table", lang),
            [_tr(f"monthly.col.{c}", lang) for c in ("area", "colour", "records", "change", "satisfaction")],
            rag_rows,
            [1.4, 1, 1, 1, 1],
        ),
        Para(_tr("monthly.rag_rule", lang), "note"),
    ]
    if regions:
        blocks.append(
            Image(
                documents.bar_chart(
                    regions, [float(by_region[n].records) for n in regions], _tr("monthly.chart_records", lang)
                ),
                _tr("monthly.chart_records", lang),
            )
        )
        blocks.append(
            Image(
                documents.bar_chart(
                    regions,
                    [rates(by_region[n])["satisfaction_rate"] or 0.0 for n in regions],
                    _tr("monthly.chart_satisfaction", lang),
                    percent=True,
                ),
                _tr("monthly.chart_satisfaction", lang),
            )
        )
    trend = sorted((m, c.records) for (m,), c in feeds.monthly_counts(store, by=("month_key",)) if m <= key)[-13:]
    if trend:
        blocks.append(
            Image(
                documents.line_chart(
                    [f"{m // 100}-{m % 100:02d}" for m, _ in trend],
                    [float(n) for _, n in trend],
                    _tr("monthly.chart_trend", lang),
                ),
                _tr("monthly.chart_trend", lang),
            )
        )
    blocks.append(Para(_tr("monthly.definitions", lang), "note"))
    return blocks


def _quarter(period: str) -> tuple[date, date]:
    m = re.fullmatch(r"(\d{4})Q([1-4])", period.upper())
    if not m:
        raise ValidationError("feeds.bulletin.bad_period", kind="quarterly", value=period)
    year, q = int(m.group(1)), int(m.group(2))
    first = date(year, 3 * q - 2, 1)
    nxt = date(year + (q == 4), (3 * q) % 12 + 1, 1)
    return first, nxt


def quarterly_sample(store: Store, actor: Actor, period: str, size: int = SAMPLE_SIZE) -> tuple[int, int, list[int]]:
    """(seed, population, record ids): the quarter's closed records sampled with the recorded seed."""
    first, nxt = _quarter(period)
    period = period.upper()
    lo, hi = datetime.combine(first, datetime.min.time()), datetime.combine(nxt, datetime.min.time())
    with store.read() as s:
        population = sorted(
            int(x)
            for x in s.execute(
                select(FeedRecord.id).where(
                    FeedRecord.received_at >= lo, FeedRecord.received_at < hi, FeedRecord.completed
                )
            ).scalars()
        )
        stored = s.execute(select(FeedSample).where(FeedSample.period == period)).scalar_one_or_none()
        seed = None if stored is None else int(stored.seed)
    if seed is None:
        seed = secrets.randbits(48)
    picked = sorted(random.Random(seed).sample(population, min(size, len(population))))
    if stored is None:

        def _save(sess: Any) -> None:
            if sess.execute(select(FeedSample).where(FeedSample.period == period)).scalar_one_or_none() is None:
                sess.add(
                    FeedSample(
                        period=period,
                        seed=seed,
                        size=len(picked),
                        population=len(population),
                        record_ids=picked,
                        created_at=now(),
                        created_by_id=actor.user_id,
                    )
                )
                sess.flush()
                audit.record(sess, actor, "feeds.sample", "feed_sample", period, seed=seed, size=len(picked))

        store.write(_save)
    return seed, len(population), picked


def quarterly_blocks(store: Store, actor: Actor, period: str, lang: str | None) -> list[Any]:
    seed, population, ids = quarterly_sample(store, actor, period)
    records = sorted(feeds.record_views(store, ids), key=lambda r: r.received_at)
    rows = [
        [str(i), r.record_no, r.source, r.received_at[:10], r.region or "—", r.category, r.text[:60], ""]
        for i, r in enumerate(records, start=1)
    ]
    return [
        Title(
            _tr("quarterly.title", lang),
            [_tr("quarterly.subtitle", lang, period=period.upper(), population=population, size=len(rows), seed=seed)],
        ),
        Heading(_tr("quarterly.sample", lang), 1),
        Table(
            _tr("quarterly.table", lang),
            [
                _tr(f"quarterly.col.{c}", lang)
                for c in ("num", "record", "source", "date", "region", "category", "text", "result")
            ],
            rows,
            [0.4, 1.4, 0.7, 1, 0.8, 0.9, 3, 1],
        )
        if rows
        else Para(_tr("none", lang)),
        Para(_tr("quarterly.note", lang, seed=seed), "note"),
    ]


def bulletin_blocks(store: Store, actor: Actor, kind: str, period: str, lang: str | None = None) -> list[Any]:
    if kind == "daily":
        return daily_blocks(store, actor, period, lang)
    if kind == "weekly":
        return weekly_blocks(store, actor, period, lang)
    if kind == "monthly":
        return monthly_blocks(store, period, lang)
    if kind == "quarterly":
        return quarterly_blocks(store, actor, period, lang)
    raise ValidationError("feeds.bulletin.bad_kind", kind=kind, allowed=", ".join(KINDS))


def render_bulletin(store: Store, actor: Actor, kind: str, period: str, fmt: str, lang: str | None = None) -> bytes:
    blocks = bulletin_blocks(store, actor, kind, period, lang)
    if fmt == "docx":
        return documents.render_docx(blocks)
    if fmt == "pdf":
        return documents.render_pdf(blocks, blocks[0].text if blocks else kind)
    raise ValidationError("feeds.bulletin.bad_format", format=fmt)
