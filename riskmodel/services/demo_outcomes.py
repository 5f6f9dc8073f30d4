"""Demo 后评估: tracking periods and realised outcomes of the implemented demo projects.

Written through the ordinary services at their own dates (the clock frozen per step), so the demo has
the audit trail a real office would. The mix gives the back-test and the expert scores something to
show: DEMO-04, DEMO-05, DEMO-07 and DEMO-08 turn out as forecast (低; DEMO-04 with a 集体上访 of 60
people, below the thresholds), DEMO-02 worse (forecast 低, a 集体上访 of
130 people → 中), DEMO-01 better (forecast 中, implemented after its measures; only a small 诉讼复议 →
低); DEMO-10 (decision recorded after the adjusted route was published) and DEMO-12 are still tracked.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from riskmodel.services import outcomes
from riskmodel.services.context import Actor, at
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Project

# code → (decision to implement recorded by the organizer: day and note, or None for the verdict's
# implicit period; incidents: (day, kind, people, place, source, evidence))
DEMO_OUTCOMES: dict[str, dict[str, Any]] = {
    "DEMO-01": {
        "decision": (date(2026, 1, 15), "防范化解措施落实完毕，经复核决定实施（暂缓实施后实施）"),
        "incidents": [
            (date(2026, 3, 2), "诉讼复议", 3, "东湖区老城片区", "区司法局", "行政复议申请书（补偿标准）"),
            (date(2026, 5, 18), "负面舆情", 0, "本地论坛", "网信办舆情日报", "帖子截图 3 张，阅读量约 2 千"),
        ],
    },
    "DEMO-02": {
        "decision": None,
        "incidents": [
            (date(2026, 2, 9), "负面舆情", 0, "短视频平台", "网信办舆情日报", "施工噪声视频，转发 800 余次"),
            (date(2026, 3, 10), "集体上访", 130, "西岭区信访局", "区信访局", "来访登记表，沿线两个小区居民"),
            (date(2026, 4, 21), "诉讼复议", 6, "西岭区", "区法院", "噪声污染侵权诉讼立案通知书"),
        ],
    },
    "DEMO-04": {
        "decision": None,
        "incidents": [
            (date(2026, 3, 16), "集体上访", 60, "北川县信访局", "县信访局", "改制职工安置诉求，已按方案答复"),
        ],
    },
    "DEMO-05": {
        "decision": None,
        "incidents": [
            (date(2026, 3, 20), "负面舆情", 0, "微博", "网信办舆情日报", "落户条件解读争议，已发布政策问答"),
            (date(2026, 5, 6), "诉讼复议", 2, "滨江市", "市司法局", "行政复议申请 2 件"),
        ],
    },
    "DEMO-07": {"decision": None, "incidents": []},
    "DEMO-08": {
        "decision": None,
        "incidents": [
            (date(2026, 7, 14), "集体上访", 40, "南港区信访局", "区信访局", "接线工程拆迁户来访，诉求已答复"),
        ],
    },
    "DEMO-10": {
        "decision": (date(2026, 8, 20), "线路调整和电磁环境公示完成后决定实施"),
        "incidents": [
            (date(2026, 10, 8), "集体上访", 60, "东湖区信访局", "区信访局", "周边小区业主来访登记"),
        ],
    },
    "DEMO-12": {"decision": None, "incidents": []},
}


def _moment(day: date, hours: int = 2) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(hours=hours)


def seed(store: Store, organizer: Actor) -> dict[str, int]:
    """Record the demo tracking periods and incidents; returns the counts written."""
    written = {"tracking": 0, "incidents": 0}
    with store.read() as s:
        ids = dict(
            s.execute(select(Project.code, Assessment.id).join(Assessment, Assessment.project_id == Project.id)).all()
        )
    for code, spec in DEMO_OUTCOMES.items():
        aid = ids.get(code)
        if aid is None:
            continue
        if spec["decision"] is not None:
            day, note = spec["decision"]
            with at(_moment(day)):
                outcomes.record_tracking(store, organizer, aid, decided_on=day, note=note)
            written["tracking"] += 1
        for day, kind, people, place, source, evidence in spec["incidents"]:
            with at(_moment(day + timedelta(days=1))):
                outcomes.add_incident(
                    store,
                    organizer,
                    aid,
                    kind=kind,
                    occurred_on=day,
                    people=people,
                    place=place,
                    source=source,
                    evidence=evidence,
                )
            written["incidents"] += 1
    return written
