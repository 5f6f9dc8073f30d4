"""The demo city's feeds (滨江市, synthetic): 15 months of 12345 work orders, 信访 and grid events.

Deterministic (one seeded generator): the same database every time. Every demo project gets a location
(区 / 街道 / 社区, coordinates) and keywords; records mention projects, places and categories with the
words real ones use, repeat callers call again, and two surges sit in the last 30 days:

- 南港区跨江大桥 (DEMO-08, approved): night-work noise, dust and traffic complaints around 江湾社区 — its
  告警 raises 建议重新评估 on the dashboard;
- 北川县 劳资纠纷 (unpaid wages after the textile mill's restructuring).

The files go through the real import (``services.feeds.import_feed``) in each source's column profile,
then the signals of the last day are computed and stored.
"""

from __future__ import annotations

import csv
import io
import logging
import random
import time
from datetime import date, datetime, timedelta
from typing import Any

from riskmodel.errors import ConfigurationError
from riskmodel.keys import key_for
from riskmodel.services import feeds
from riskmodel.services.context import Actor, at
from riskmodel.store.db import Store

log = logging.getLogger(__name__)
SEED = 20261130
START = date(2025, 9, 1)
END = date(2026, 11, 30)  # about 15 months; the signals are computed as of this day
SURGE_DAYS = 24  # the surges fill the last days of the window

# project code → (区, 街道, 社区, longitude, latitude, keywords)
LOCATIONS: dict[str, tuple[str, str, str, float, float, str]] = {
    "DEMO-01": ("东湖区", "老城街道", "老城社区", 118.781, 32.062, "棚户区,房屋征收,棚改,征收补偿"),
    "DEMO-02": ("西岭区", "西岭街道", "枫岭社区", 118.702, 32.041, "快速路,高架,快速路二期"),
    "DEMO-03": ("南港区", "港口街道", "渔港村", 118.842, 31.982, "焚烧厂,垃圾焚烧,焚烧发电"),
    "DEMO-04": ("北川县", "城关镇", "纺机社区", 118.601, 32.201, "纺织厂,改制,国有纺织厂"),
    "DEMO-05": ("滨江市", "", "", 118.760, 32.050, "户籍制度,落户,户籍改革"),
    "DEMO-06": ("滨江市", "", "", 118.760, 32.050, "阶梯水价,水价,水费"),
    "DEMO-07": ("南港区", "滨江街道", "江滨社区", 118.822, 31.995, "马拉松,封路,赛事"),
    "DEMO-08": ("南港区", "滨江街道", "江湾社区", 118.831, 31.990, "跨江大桥,大桥,接线工程,桥梁施工"),
    "DEMO-09": ("西岭区", "高铁街道", "高新社区", 118.690, 32.020, "高铁站,高铁片区,征地"),
    "DEMO-10": ("东湖区", "和平街道", "电苑社区", 118.790, 32.070, "变电站,220千伏,电磁辐射"),
    "DEMO-11": ("北川县", "城关镇", "红星村", 118.610, 32.210, "公交票价,城乡公交,票价"),
    "DEMO-12": ("南港区", "滨江街道", "江滨社区", 118.825, 31.993, "音乐节,草莓音乐节"),
    "DEMO-13": ("滨江市", "", "", 118.760, 32.050, "公交集团,混合所有制,公交改革"),
}
PLACES: dict[str, list[tuple[str, list[str]]]] = {
    "东湖区": [("老城街道", ["老城社区", "鼓楼社区"]), ("和平街道", ["电苑社区", "幸福社区"])],
    "西岭区": [("西岭街道", ["枫岭社区", "枫林社区"]), ("高铁街道", ["高新社区", "新桥村"])],
    "南港区": [("滨江街道", ["江湾社区", "江滨社区"]), ("港口街道", ["渔港村", "海港社区"])],
    "北川县": [("城关镇", ["纺机社区", "红星村"]), ("青山乡", ["青山村", "石桥村"])],
}
DISTRICT_WEIGHTS = {"东湖区": 0.32, "西岭区": 0.26, "南港区": 0.27, "北川县": 0.15}
TEMPLATES: dict[str, list[str]] = {
    "物业管理": [
        "{place}小区物业费上涨，服务却没有改善，要求物业公司说明",
        "{place}电梯经常故障，物业不维修",
        "{place}冬季供暖不热，物业推诿",
    ],
    "交通出行": [
        "{place}路口红绿灯时间太短，行人过马路危险",
        "{place}道路破损严重，坑洼积水",
        "{place}公交班次太少，等车时间太长",
    ],
    "环境污染": [
        "{place}附近饭店油烟扰民，夜间噪音大",
        "{place}工地扬尘严重，要求洒水降尘",
        "{place}河道有异味，疑似排污",
    ],
    "劳资纠纷": [
        "在{place}某公司工作，被拖欠工资三个月，要求解决",
        "{place}工地农民工讨薪，老板失联",
        "公司未签劳动合同，未缴社保",
    ],
    "消费维权": ["{place}健身房预付卡商家跑路，要求退款", "在{place}培训机构报名后要求退费被拒", "{place}商家虚假宣传"],
    "邻里纠纷": ["{place}楼上漏水到我家，邻居不配合维修", "{place}邻居在楼道堆放杂物，存在消防隐患"],
    "教育": ["{place}孩子入学学位紧张，希望增加学位", "{place}幼儿园收费过高"],
    "医疗纠纷": ["在{place}医院就诊后病情加重，怀疑误诊", "{place}医保报销流程复杂"],
    "房屋宅基地": ["{place}新房交房后发现房屋漏水，开发商不处理", "{place}房产证迟迟办不下来"],
    "征地拆迁": ["{place}征收补偿标准偏低，要求提高补偿款", "{place}安置房迟迟没有交付"],
}
PROJECT_TEXTS: dict[str, list[str]] = {
    "DEMO-01": ["{place}棚户区房屋征收补偿款太低，要求重新评估", "棚改征收安置房位置太远，希望就近安置"],
    "DEMO-02": ["快速路二期施工封路，{place}居民出行不便", "快速路高架离小区太近，担心噪音"],
    "DEMO-03": ["反对在{place}附近建垃圾焚烧厂，担心二噁英污染", "焚烧发电厂选址离村庄太近"],
    "DEMO-04": ["纺织厂改制职工安置方案不公平，买断工龄补偿太低", "纺织厂改制后拖欠工资，要求解决"],
    "DEMO-06": ["阶梯水价调整后水费上涨，低收入家庭负担重"],
    "DEMO-08": ["跨江大桥施工夜间噪音扰民，{place}居民无法休息", "大桥接线工程工地扬尘严重，{place}窗户不敢开"],
    "DEMO-09": ["高铁站片区征地补偿标准不统一", "{place}征地后社保没有落实"],
    "DEMO-10": ["担心变电站电磁辐射影响健康，反对在{place}建设", "220千伏变电站离学校太近"],
    "DEMO-11": ["城乡公交票价上涨，{place}老人进城看病负担加重"],
}
SURGE_08 = [
    "跨江大桥施工夜间噪音扰民，凌晨还在打桩，{place}居民无法休息",
    "大桥接线工程夜间施工，渣土车噪音大，{place}多次投诉无果",
    "跨江大桥工地扬尘严重，{place}小区窗户不敢开，要求停工整改",
    "跨江大桥施工围挡占道，{place}交通拥堵，孩子上学不便",
    "大桥施工导致{place}房屋墙体开裂，要求鉴定赔偿",
]
SURGE_BC = ["纺织厂改制后被拖欠工资半年，{place}职工要求发放", "城关镇某工厂拖欠农民工工资，集体讨薪"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国平刚桂兰"


class _People:
    """Callers: a few call often (repeat callers), most once or twice."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng = rng
        self.people = [
            (
                rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
                f"{rng.randint(320100, 320199)}{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                f"{rng.randint(100, 999)}{rng.choice('0123456789X')}",
            )
            for _ in range(n)
        ]

    def pick(self) -> tuple[str, str, str]:
        # a Pareto-like draw: low indices (the frequent callers) come up far more often
        i = min(int(self.rng.paretovariate(1.1)) - 1, len(self.people) - 1)
        if self.rng.random() < 0.6:
            i = self.rng.randrange(len(self.people))
        return self.people[i]


def _place(rng: random.Random, district: str | None = None) -> tuple[str, str, str]:
    district = district or rng.choices(list(DISTRICT_WEIGHTS), weights=list(DISTRICT_WEIGHTS.values()))[0]
    street, communities = rng.choice(PLACES[district])
    return district, street, rng.choice(communities)


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _handling(rng: random.Random, received: datetime, end: datetime) -> tuple[datetime, datetime | None, str, str]:
    accepted = received + timedelta(hours=rng.choice((0.5, 1, 2, 4, 8, 20, 30, 50)))
    finish = accepted + timedelta(days=rng.choice((1, 2, 3, 5, 8, 12, 14, 18, 25)))
    completed: datetime | None = None if finish > end else finish
    status = "已办结" if completed else "办理中"
    rating = rng.choices(("满意", "基本满意", "不满意", "未回访"), weights=(55, 25, 10, 10))[0] if completed else ""
    return accepted, completed, status, rating


def generate(seed: int = SEED, start: date = START, end: date = END, scale: float = 1.0) -> dict[str, bytes]:
    """The three export files (UTF-8 CSV in the default column profiles): {source: bytes}."""
    rng = random.Random(seed)
    people = _People(rng, 9000)
    end_dt = datetime.combine(end, datetime.max.time()).replace(microsecond=0)
    out = {s: io.StringIO() for s in ("12345", "petition", "grid")}
    writers = {s: csv.writer(out[s]) for s in out}
    from riskmodel.feeds.profiles import PROFILES

    for source, w in writers.items():
        w.writerow(PROFILES[source].names)
    counters = {"12345": 0, "petition": 0, "grid": 0}
    surge_start = end - timedelta(days=SURGE_DAYS - 1)
    day = start
    while day <= end:
        weekday = day.weekday() < 5
        base = (52 if weekday else 34) * scale
        n = max(0, int(rng.gauss(base, base**0.5)))
        for _ in range(n):
            _record(rng, people, writers, counters, day, end_dt, None)
        if day >= surge_start:
            for _ in range(rng.randint(3, 6)):
                _record(rng, people, writers, counters, day, end_dt, ("DEMO-08", SURGE_08))
            for _ in range(rng.randint(1, 3)):
                _record(rng, people, writers, counters, day, end_dt, ("北川县", SURGE_BC))
        day += timedelta(days=1)
    return {s: buf.getvalue().encode("utf-8") for s, buf in out.items()}


def _record(
    rng: random.Random,
    people: _People,
    writers: dict[str, Any],
    counters: dict[str, int],
    day: date,
    end: datetime,
    surge: tuple[str, list[str]] | None,
) -> None:
    received = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randint(7 * 60, 22 * 60))
    if surge is not None and surge[0] in LOCATIONS:
        d, s, c = LOCATIONS[surge[0]][:3]
        text = rng.choice(surge[1])
        category = ""
    elif surge is not None:
        d, s, c = _place(rng, surge[0])
        text, category = rng.choice(surge[1]), "劳动保障"
    elif rng.random() < 0.06:
        code = rng.choice(list(PROJECT_TEXTS))
        d, s, c = LOCATIONS[code][:3] if LOCATIONS[code][1] else _place(rng)
        text, category = rng.choice(PROJECT_TEXTS[code]), ""
    else:
        d, s, c = _place(rng)
        category = rng.choice(list(TEMPLATES))
        text = rng.choice(TEMPLATES[category])
    place = rng.choice((c, s + c, c))
    text = text.format(place=place)
    name, phone, idno = people.pick()
    if rng.random() < 0.08:
        text += f"，联系电话{phone}"
    source = rng.choices(("12345", "petition", "grid"), weights=(72, 10, 18))[0]
    counters[source] += 1
    n = counters[source]
    accepted, completed, status, rating = _handling(rng, received, end)
    address = f"{d}{s}{c}{rng.randint(1, 60)}栋" if s else f"{d}{rng.randint(1, 300)}号"
    if source == "12345":
        kind = category if category else rng.choice(("投诉", "求助", "建议", "咨询", "举报"))
        writers[source].writerow(
            [
                f"GD{received:%Y%m%d}{n:06d}",
                _fmt(received),
                phone,
                name,
                text,
                address,
                d,
                kind,
                _fmt(accepted),
                _fmt(completed) if completed else "",
                status,
                rating,
            ]
        )
    elif source == "petition":
        form = rng.choices(("来信", "来访", "网上信访", "联名信", "集体访"), weights=(30, 30, 30, 5, 5))[0]
        count = rng.randint(5, 30) if form == "集体访" else (rng.randint(2, 12) if form == "联名信" else 1)
        purpose = rng.choices(("求决", "意见建议", "揭发控告", "申诉"), weights=(70, 15, 8, 7))[0]
        sat = {"未回访": ""}.get(rating, rating)
        writers[source].writerow(
            [
                f"XF{received:%Y}{n:07d}",
                received.strftime("%Y/%m/%d"),
                form,
                count,
                purpose,
                text,
                f"{d}{s}",
                name,
                idno,
                phone,
                status,
                accepted.strftime("%Y/%m/%d"),
                completed.strftime("%Y/%m/%d") if completed else "",
                sat,
            ]
        )
    else:
        writers[source].writerow(
            [
                f"WG{n:08d}",
                _fmt(received),
                f"{d}/{s}/{c}/第{rng.randint(1, 9)}网格",
                category or "矛盾纠纷",
                text,
                address,
                "已处置" if completed else "处置中",
                _fmt(completed) if completed else "",
            ]
        )


def seed_demo_feeds(store: Store, *, scale: float = 1.0) -> dict[str, Any]:
    """Locations and keywords on the demo projects, the generated feeds imported, the signals stored.

    Skipped (with a warning) when the database has no pseudonym key (PostgreSQL or in-memory SQLite
    without ``RISKMODEL_PSEUDONYM_KEY``): feeds are never stored without de-identification."""
    system = Actor.system()
    try:
        key_for(feeds.KEY_PURPOSE, store.url)
    except ConfigurationError as exc:
        log.warning("demo feeds skipped: %s", exc)
        return {"skipped": str(exc)}
    started = time.perf_counter()
    with at(datetime.combine(END, datetime.min.time()) + timedelta(hours=20)):
        for code, (district, street, community, lon, lat, keywords) in LOCATIONS.items():
            try:
                feeds.set_project_location(
                    store,
                    system,
                    code,
                    district=district if district.endswith(("区", "县")) else None,
                    street=street or None,
                    community=community or None,
                    longitude=lon,
                    latitude=lat,
                    keywords=keywords,
                )
            except LookupError:
                continue
        summary: dict[str, Any] = {}
        for source, data in generate(scale=scale).items():
            result = feeds.import_feed(store, system, data, f"demo-{source}.csv", source, signals=False)
            summary[source] = result.stored
        found = feeds.run_signals(store, system, END)
    summary["signals"] = len(found)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary
