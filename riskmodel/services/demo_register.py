"""Demo data of the register area (issue 11), seeded after the demo portfolio (``services/demo.py``).

- a 2026 register of 40 matters of 滨江市 across departments and regions; the 13 demo assessments are
  linked to their matters, and one more matter has a new project whose assessment is in 草稿 with no
  panel yet, ready for a draw (老旧小区加装电梯补助政策);
- decisions: in line with the filed verdict, one departing from it, and 未评先决 (decided with no filed
  assessment: matters never assessed, and one assessed but never filed);
- an expert library of 61 experts (demo-expert1…5 linked to their accounts) over the three categories; on
  the draft, demo-expert1 declared a conflict and one expert works for the applying department (recused);
- three assessment firms (one expired); the DEMO-08 bridge was assessed by a registered firm;
- filings in every state: accepted (予以备案, with numbers and receipts), returned (退回补正), pending
  (待审查), and one returned then resubmitted with its 修改说明, all reviewed by ``demo-reviewer``.

Everything goes through the services at fixed dates, so the audit trail reads as a real year would.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from sqlalchemy import select

from riskmodel.services import assessments, assessors, auth, experts, filing, projects, register
from riskmodel.services.context import Actor, at
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Project, Verdict

DEPARTMENTS = {
    "征地拆迁": "{region}人民政府",
    "重大工程": "滨江市交通运输局",
    "环境敏感/邻避设施": "滨江市城市管理局",
    "企业改制": "滨江市国资委",
    "重大政策": "滨江市发改委",
    "价格调整": "滨江市发改委",
    "大型活动": "滨江市文广旅体局",
}
KIND = {"大型活动": "重大活动", "重大工程": "重大项目", "征地拆迁": "重大项目", "环境敏感/邻避设施": "重大项目"}
REGIONS = ("滨江市", "东湖区", "西岭区", "南港区", "北川县")
EXTRA = [  # title, kind, checkpoint, department, region
    ("滨江市老旧小区加装电梯补助政策", "重大决策", "政策出台", "滨江市住建局", "滨江市"),
    ("东湖区滨湖绿道二期工程", "重大项目", "项目立项", "东湖区人民政府", "东湖区"),
    ("西岭区农贸市场搬迁改造", "重大项目", "项目立项", "西岭区人民政府", "西岭区"),
    ("南港区港口物流园用地收储", "重大项目", "项目立项", "滨江市自然资源局", "南港区"),
    ("北川县城乡供水一体化工程", "重大项目", "项目立项", "北川县人民政府", "北川县"),
    ("滨江市网约车管理实施细则", "重大决策", "政策出台", "滨江市交通运输局", "滨江市"),
    ("滨江市停车收费标准调整", "重大决策", "政策出台", "滨江市发改委", "滨江市"),
    ("滨江市医疗服务价格调整", "重大决策", "政策出台", "滨江市医保局", "滨江市"),
    ("东湖区学区划片调整", "重大决策", "政策出台", "滨江市教育局", "东湖区"),
    ("西岭区工业园区污水处理厂扩建", "重大项目", "项目立项", "滨江市生态环境局", "西岭区"),
    ("南港区垃圾中转站新建", "重大项目", "项目立项", "滨江市城市管理局", "南港区"),
    ("北川县乡镇卫生院整合", "重大决策", "政策出台", "滨江市卫健委", "北川县"),
    ("滨江市国有林场改革方案", "重大决策", "政策出台", "滨江市自然资源局", "滨江市"),
    ("东湖区城中村改造（三期）", "重大项目", "项目立项", "东湖区人民政府", "东湖区"),
    ("滨江国际龙舟赛", "重大活动", "政策出台", "滨江市文广旅体局", "南港区"),
    ("西岭区地铁 3 号线站点征收", "重大项目", "项目立项", "滨江市交通运输局", "西岭区"),
    ("滨江市最低工资标准调整", "重大决策", "政策出台", "滨江市人社局", "滨江市"),
    ("北川县光伏电站建设", "重大项目", "项目立项", "北川县人民政府", "北川县"),
    ("南港区渔港搬迁", "重大项目", "项目立项", "南港区人民政府", "南港区"),
    ("滨江市殡葬改革实施意见", "重大决策", "政策出台", "滨江市民政局", "滨江市"),
    ("东湖区商业综合体建设", "重大项目", "项目立项", "东湖区人民政府", "东湖区"),
    ("西岭区职业教育园区建设", "重大项目", "项目立项", "滨江市教育局", "西岭区"),
    ("滨江市出租车运价调整", "重大决策", "政策出台", "滨江市发改委", "滨江市"),
    ("北川县易地扶贫搬迁后续安置", "其他", "政策出台", "北川县人民政府", "北川县"),
    ("南港区海上风电配套工程", "重大项目", "项目立项", "滨江市发改委", "南港区"),
    ("滨江市户外广告设置规划", "其他", "政策出台", "滨江市城市管理局", "滨江市"),
    ("东湖区夜间经济示范街区", "重大活动", "政策出台", "东湖区人民政府", "东湖区"),
]
DECIDED_WITHOUT = {
    2: ("实施", 120),
    6: ("实施", 150),
    13: ("暂缓实施", 200),
    17: ("调整方案后实施", 230),
}  # EXTRA index
SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
FIELDS = {
    "社科研究": ["法律", "社会学", "经济学", "公共管理", "心理学", "新闻传播"],
    "工程技术": ["土木工程", "环境工程", "交通工程", "给排水", "电力", "规划"],
    "综合管理": ["信访", "公共安全", "应急管理", "基层治理", "财政", "国土"],
}
ORGS = {
    "社科研究": ["滨江大学", "滨江市社会科学院", "滨江市委党校", "滨江市律师协会", "江南财经学院"],
    "工程技术": [
        "滨江市建筑设计研究院",
        "滨江市环境科学研究所",
        "滨江市交通规划设计院",
        "滨江理工大学",
        "滨江电力设计院",
    ],
    "综合管理": ["滨江市信访局", "滨江市公安局", "滨江市应急管理局", "滨江市司法局", "滨江市财政局"],
}
TITLES = ("教授", "研究员", "高级工程师", "副教授", "正高级经济师", "律师", "主任")
FIRMS = [
    ("江南社会风险评估有限公司", "91320100MA1W00001", 38, "滨政法稳评〔2025〕01号", "2025-01-01", "2027-12-31"),
    ("滨江公信咨询有限公司", "91320100MA1W00002", 21, "滨政法稳评〔2025〕02号", "2025-03-01", "2027-02-28"),
    ("北川县宏远工程咨询有限公司", "91320100MA1W00003", 9, "滨政法稳评〔2023〕07号", "2023-06-01", "2025-05-31"),
]


def _code(first17: str) -> str:
    return first17 + assessors.check_digit(first17)


def seed(store: Store) -> dict[str, int]:
    """Seed the register, library, firms and filings into the demo database (after the portfolio)."""
    system = Actor.system()
    organizer = auth.actor_for(store, "demo-organizer")
    reviewer = auth.actor_for(store, "demo-reviewer")
    with store.read() as s:
        rows = s.execute(
            select(Project.code, Project.name, Project.type, Project.region, Project.stage, Assessment.id)
            .join(Assessment, Assessment.project_id == Project.id)
            .order_by(Project.code)
        ).all()
        signed = dict(s.execute(select(Verdict.assessment_id, Verdict.signed_at)).all())
    start = datetime(2026, 1, 5, 1, 30)
    with at(start):
        for name, code17, staff, reg, valid_from, valid_until in FIRMS:
            assessors.register_assessor(
                store,
                system,
                name=name,
                credit_code=_code(code17),
                staff=staff,
                registration_number=reg,
                valid_from=valid_from,
                valid_until=valid_until,
            )
        assessors.add_record(
            store, system, _code(FIRMS[2][1]), "misconduct", "2024 年报告抄袭他项目风险识别内容，通报批评"
        )
        _library(store, system)
    matter_of: dict[int, str] = {}
    for i, (code, name, ptype, region, stage, aid) in enumerate(rows, start=1):
        mcode = f"BJ-2026-{i:03d}"
        fields = {
            "code": mcode,
            "title": name,
            "kind": KIND.get(ptype, "重大决策"),
            "checkpoint": stage,
            "department": DEPARTMENTS.get(ptype, "滨江市发改委").format(region=region),
            "region": region,
            "year": 2026,
            "planned_decision_date": f"2026-{(i % 11) + 2:02d}-15",
            "track": "普通",
        }
        with at(start + timedelta(days=i)):
            register.save_matter(store, organizer, fields)
            firm = _code(FIRMS[0][1]) if code == "DEMO-08" else None
            register.link_assessment(store, organizer, mcode, aid, assessor_code=firm)
        matter_of[aid] = mcode
    extra = [
        {
            "code": f"BJ-2026-{len(rows) + j + 1:03d}",
            "title": title,
            "kind": kind,
            "checkpoint": checkpoint,
            "department": department,
            "region": region,
            "year": 2026,
            "planned_decision_date": f"2026-{(j % 10) + 3:02d}-{(j % 20) + 1:02d}",
            "track": "简易" if j % 5 == 4 else "普通",
        }
        for j, (title, kind, checkpoint, department, region) in enumerate(EXTRA)
    ]
    with at(start + timedelta(days=20)):
        register.import_matters(store, organizer, "demo-register-2026.csv", data=_csv(register.COLUMNS, extra))
    # the draft, ready for a draw: a new project of the first extra matter
    with at(datetime(2026, 11, 20, 1, 30)):
        p = projects.create_project(
            store,
            organizer,
            name=EXTRA[0][0],
            type="重大政策",
            region="滨江市",
            stage="政策出台",
            investment_wan=8000,
            affected_households=12000,
            description="对老旧小区既有住宅加装电梯给予财政补助，涉及业主意见协调。",
            code="DEMO-14",
        )
        draft = assessments.create_assessment(store, organizer, p.id, "four-dimension")
        register.link_assessment(store, organizer, f"BJ-2026-{len(rows) + 1:03d}", draft.id)
        # recusal to see before the draw: a declared conflict, and an expert of the applying department
        experts.declare_conflict(store, organizer, "demo-expert1", draft.id, "曾为该政策草案出具法律意见")
        experts.save_expert(
            store,
            system,
            {
                "username": "bjzj061",
                "name": "韦工",
                "category": "工程技术",
                "field": "建筑设备",
                "organisation": "滨江市住建局",
                "title": "高级工程师",
                "years": 14,
                "available": True,
            },
        )
    by_code = {code: aid for code, _n, _t, _r, _s, aid in rows}
    plan = {  # project code → filing story, decision
        "DEMO-01": ("accept", "暂缓实施"),
        "DEMO-02": ("accept", "实施"),  # departs from 调整方案后实施
        "DEMO-03": ("accept", "不予实施"),
        "DEMO-05": ("accept", "实施"),
        "DEMO-07": ("accept", "实施"),
        "DEMO-08": ("accept", None),
        "DEMO-04": ("return", None),
        "DEMO-06": ("resubmit", None),
        "DEMO-09": ("pending", None),
        "DEMO-10": (None, "暂缓实施"),  # assessed, never filed: 未评先决
    }
    counts = {"filings": 0, "decisions": 0}
    for code, (story, decision) in plan.items():
        found = by_code.get(code)
        if found is None or found not in signed:
            continue
        aid = int(found)
        day = signed[aid] + timedelta(days=3)
        if story:
            with at(day):
                filing.submit(store, organizer, aid)
            counts["filings"] += 1
        if story in ("accept", "return", "resubmit"):
            with at(day + timedelta(days=5)):
                if story == "accept":
                    filing.decide(store, reviewer, aid, accept=True, reason="材料齐全，程序规范。")
                else:
                    filing.decide(store, reviewer, aid, accept=False, reason="缺少公示情况说明和应急预案附件，请补正。")
        if story == "resubmit":
            with at(day + timedelta(days=12)):
                filing.submit(store, organizer, aid, note="已补充公示照片、公示期间意见汇总和应急预案。")
            counts["filings"] += 1
        if decision:
            when = max(day + timedelta(days=20), datetime(2026, 1, 12, 1, 30))
            with at(when):
                register.decide(store, organizer, matter_of[aid], decision, when.date())
            counts["decisions"] += 1
    for j, (decision, offset) in DECIDED_WITHOUT.items():
        when = start + timedelta(days=offset)
        with at(when):
            register.decide(store, organizer, f"BJ-2026-{len(rows) + j + 1:03d}", decision, when.date())
        counts["decisions"] += 1
    return {"matters": len(rows) + len(EXTRA), **counts}


def _csv(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _library(store: Store, system: Actor) -> None:
    """60 experts in one import: demo-expert1…5 (their accounts' names and organisations) and 55 more."""
    rows = []
    for i in range(1, 6):
        u = auth.get_user(store, f"demo-expert{i}")
        rows.append(
            {
                "username": u.username,
                "name": u.display_name,
                "category": {1: "社科研究", 2: "工程技术", 3: "工程技术", 4: "社科研究", 5: "综合管理"}[i],
                "field": u.field or "",
                "organisation": u.organization or "滨江市",
                "title": ("律师", "高级工程师", "研究员", "教授", "警务专家")[i - 1],
                "years": 10 + i * 2,
                "available": "是",
            }
        )
    cats = list(FIELDS)
    for n in range(6, 61):
        category = cats[n % 3]
        rows.append(
            {
                "username": f"bjzj{n:03d}",
                "name": SURNAMES[n % len(SURNAMES)]
                + GIVEN[(n * 7) % len(GIVEN)]
                + ("" if n % 2 else GIVEN[n % len(GIVEN)]),
                "category": category,
                "field": FIELDS[category][n % 6],
                "organisation": ORGS[category][(n // 3) % 5],
                "title": TITLES[n % len(TITLES)],
                "years": 5 + (n * 3) % 25,
                "available": "否" if n % 13 == 0 else "是",
            }
        )
    experts.import_experts(store, system, "demo-experts.csv", data=_csv(experts.COLUMNS, rows))
