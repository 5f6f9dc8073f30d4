"""Demo evidence records (issue 10): 公示, consultations, survey detail, demands, parties, the review meeting
and 应急预案 for every demo assessment, so every demo report shows them. Synthetic, like the whole demo.

Called once from ``services/demo.py`` (the "area demo seeders" marker) after the projects are seeded. It
writes through the services' ``apply_*`` functions (the same validation and audit entries as the app),
with the state check off: most demo assessments are concluded already. The survey detail adds up to the
demo survey's counts; opposition is drawn toward the directly affected and the nearest ring. Experts'
opinions and confirmations are written as the experts themselves, at times after the review day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.model.workdays import count_workdays
from riskmodel.services import auth, evidence
from riskmodel.services import evidence_review as review
from riskmodel.services.assessments import questionnaire_of
from riskmodel.services.context import Actor, at
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Measure, PanelMember, Project, Result, Survey, User

SITE_LESS = ("重大政策", "价格调整", "企业改制")  # no site: no distance rings
THIRD_PARTY = ("DEMO-01", "DEMO-03", "DEMO-08", "DEMO-10")
FIRM = "滨江明衡社会风险评估咨询有限公司（演示）"
FIRM_REGISTRATION = "BJ-WP-2025-017"
COMMISSIONING = {
    "征地拆迁": "{region}人民政府",
    "重大工程": "{region}交通运输局",
    "环境敏感/邻避设施": "{region}城市管理局",
    "企业改制": "滨江市国有资产监督管理委员会",
    "重大政策": "滨江市发展和改革委员会",
    "价格调整": "滨江市发展和改革委员会",
    "大型活动": "滨江市文化广电旅游局",
}
DEMANDS: dict[str, list[tuple[str, str, int, str, str | None, str | None]]] = {
    # demand, raised by, people, handling, reason, measure
    "default": [
        ("提前、充分公开项目信息，回应群众关切", "周边居民", 46, "采纳", None, "设立信息公开专栏，每月通报进展"),
        ("施工期间控制噪声和扬尘", "沿线居民", 38, "采纳", None, "夜间禁止高噪声作业，设置围挡和喷淋"),
        (
            "给予受影响群众适当补偿",
            "受影响住户",
            27,
            "部分采纳",
            "按政策标准补偿，超出部分无依据",
            "按标准补偿并设立困难救助",
        ),
        ("取消或迁移项目", "部分居民", 12, "未采纳", "项目经规划和论证确定，选址符合规划，已采取减缓措施", None),
    ],
    "征地拆迁": [
        (
            "提高货币补偿标准，参照周边新房价格",
            "被征收户",
            214,
            "部分采纳",
            "补偿按评估价执行，另设搬迁奖励",
            "增设按期签约奖励和搬迁补助",
        ),
        ("就近安置，保留原社区邻里关系", "被征收户", 163, "采纳", None, "在片区内建设两处安置房，优先就近选房"),
        (
            "历史遗留违建给予补偿",
            "部分住户",
            58,
            "部分采纳",
            "依法认定后分类处理，违法建筑不予补偿",
            "困难家庭纳入保障房安置",
        ),
        ("租户搬迁给予过渡补助", "片区租户", 41, "未采纳", "租赁关系由租赁双方依约处理，征收补偿对象为产权人", None),
    ],
    "环境敏感/邻避设施": [
        ("公开排放数据，接受群众监督", "周边村民", 186, "采纳", None, "排放数据实时公开，设立群众监督员"),
        (
            "提高环境防护距离，远离村庄",
            "最近村庄村民",
            97,
            "部分采纳",
            "防护距离已按环评要求设置",
            "厂区外增设绿化隔离带",
        ),
        ("给予周边村庄生态补偿", "周边村委会", 64, "采纳", None, "设立周边生态补偿基金"),
        ("项目另行选址", "部分村民", 52, "未采纳", "选址经多方案比选并经规划许可，其他方案环境影响更大", None),
    ],
}
OPINIONS = [
    "报告资料较完整，风险识别覆盖 428 大纲各领域；建议补充{factor}的化解时限。",
    "同意报告的风险等级判断。{factor}是主要风险，措施具有针对性，应落实责任单位。",
    "民意调查覆盖基本达到要求，近距离圈层反对意见较集中，应加强入户沟通。",
    "应急预案分级明确，建议细化舆情应对口径并开展演练。",
    "评估程序合规，公示期符合要求；同意评估结论。",
]


def _moment(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute))


def _publicity_end(start: date, minimum: int) -> date:
    end = start + timedelta(days=minimum + 3)
    while count_workdays(start, end).days < minimum + 1:
        end += timedelta(days=1)
    return end


def _allocate(total: int, sizes: list[int], weights: list[float]) -> list[int]:
    """``total`` spread over groups in proportion to size × weight, capped by each group's size."""
    out = [0] * len(sizes)
    left = total
    cap = list(sizes)
    while left > 0 and any(cap):
        raw = [w * c for w, c in zip(weights, cap, strict=True)]
        s = sum(raw) or 1.0
        step = [min(cap[i], int(left * raw[i] / s)) for i in range(len(sizes))]
        if not any(step):
            i = max(range(len(sizes)), key=lambda k: raw[k] if cap[k] else -1)
            step[i] = 1
        for i, n in enumerate(step):
            out[i] += n
            cap[i] -= n
            left -= n
    return out


def split_attitudes(support: int, neutral: int, oppose: int, sizes: list[int], weights: list[float]) -> list[dict]:
    """Rows of (support, neutral, oppose) per group that add up to the totals and to each group's size."""
    opp = _allocate(oppose, sizes, weights)
    rest = [n - o for n, o in zip(sizes, opp, strict=True)]
    neu = _allocate(neutral, rest, [1.0] * len(sizes))
    return [{"support": n - o - u, "neutral": u, "oppose": o} for n, o, u in zip(sizes, opp, neu, strict=True)]


def _survey_fields(sv: Survey, rings: list[str], site: bool) -> dict[str, Any]:
    valid = sv.support + sv.neutral + sv.oppose
    direct = sv.respondents_direct if sv.respondents_direct and sv.respondents_direct <= valid else round(valid * 0.7)
    groups = split_attitudes(sv.support, sv.neutral, sv.oppose, [direct, valid - direct], [2.5, 1.0])
    out: dict[str, Any] = {
        "issued": round(valid * 1.08) + 5,
        "returned": round(valid * 1.03) + 2,
        "valid": valid,
        "aware": round(valid * 0.91),
        "groups": [{"key": k, **g} for k, g in zip(("direct", "indirect"), groups, strict=True)],
    }
    if site and rings:
        shares = [0.38, 0.3, 0.2, 0.12][: len(rings)]
        sizes = [int(valid * x / sum(shares)) for x in shares]
        sizes[0] += valid - sum(sizes)
        cells = split_attitudes(sv.support, sv.neutral, sv.oppose, sizes, [3.0, 1.5, 1.0, 0.6][: len(rings)])
        out["rings"] = [{"key": k, **c} for k, c in zip(rings, cells, strict=True)]
    return out


def _consultations(p: Project, start: date) -> list[dict[str, Any]]:
    place = f"{p.region}人民政府会议室"
    kinds = [
        ("现场踏勘", 3, place.replace("人民政府会议室", "项目现场"), {"政府部门": 4, "专业机构": 2, "专家学者": 2}),
        ("座谈会", 6, place, {"政府部门": 5, "社会组织": 2, "专业机构": 1, "专家学者": 2, "群众代表": 18}),
        ("入户走访", 9, f"{p.region}项目周边社区", {"政府部门": 6, "群众代表": 86}),
        ("舆情监测", 12, "网络平台（微博、本地论坛、12345 热线）", {"专业机构": 1}),
    ]
    if p.type in ("征地拆迁", "价格调整", "环境敏感/邻避设施"):
        kinds.append(("听证会", 14, place, {"政府部门": 3, "专家学者": 3, "群众代表": 21, "社会组织": 2}))
    opinions = {
        "现场踏勘": f"踏勘{p.name}现场及周边敏感点，核实受影响范围和周边居民分布。",
        "座谈会": "多数代表支持项目建设，关注补偿标准、施工影响和信息公开；少数代表要求进一步论证。",
        "入户走访": "走访受影响住户，多数表示理解支持，部分住户提出补偿和安置诉求，已逐户登记。",
        "舆情监测": "监测期内相关网络信息以中性为主，负面信息集中在施工影响和补偿问题，未发现炒作。",
        "听证会": "听证代表对方案的合法性和补偿标准充分发表意见，主要意见已纳入意见采纳情况表。",
    }
    return [
        {
            "kind": kind,
            "held_on": (start + timedelta(days=offset)).isoformat(),
            "place": where,
            "participants": people,
            "opinions": opinions[kind],
        }
        for kind, offset, where, people in kinds
    ]


def _factor_names(s: Session, q, aid: int) -> list[str]:
    names = {i.id: i.name.zh for i in q.indicators()}
    seen: list[str] = []
    for m in s.execute(select(Measure).where(Measure.assessment_id == aid).order_by(Measure.id)).scalars():
        label = names.get(m.factor, m.factor)
        if label not in seen:
            seen.append(label)
    return seen[:3] or [q.indicators()[0].name.zh]


def seed_demo_evidence(store: Store, spec: dict[str, Any]) -> int:
    """Write the evidence records of every demo assessment; returns how many assessments got them."""
    system = Actor.system()
    done = 0
    for p_spec in spec["projects"]:
        with store.read() as s:
            project = s.execute(select(Project).where(Project.code == p_spec["code"])).scalar_one_or_none()
            if project is None:
                continue
            a = (
                s.execute(select(Assessment).where(Assessment.project_id == project.id).order_by(Assessment.id.desc()))
                .scalars()
                .first()
            )
            if a is None:
                continue
            aid = a.id
            s.expunge(project)
        start: date = p_spec["start"]
        _seed_one(store, system, project, aid, start, p_spec)
        done += 1
    return done


def _seed_one(store: Store, system: Actor, p: Project, aid: int, start: date, p_spec: dict[str, Any]) -> None:
    q = questionnaire_of(store, aid)
    minimum = q.evidence.publicity_min_working_days
    pub_start = start + timedelta(days=2)

    def _records(s: Session) -> list[str]:
        evidence.apply_publicity(
            s,
            system,
            aid,
            {
                "start_date": pub_start,
                "end_date": _publicity_end(pub_start, minimum),
                "channel": f"{p.region}人民政府网站、项目周边村（社区）公告栏",
                "content": f"{p.name}社会稳定风险评估公示，公开项目概况、主要风险和意见反馈渠道。",
            },
        )
        for c in _consultations(p, start):
            evidence.apply_consultation(s, system, aid, evidence.clean_consultation(c))
        sv = s.execute(select(Survey).where(Survey.assessment_id == aid).order_by(Survey.id.desc())).scalars().first()
        if sv is not None:
            fields = _survey_fields(sv, [r.id for r in q.evidence.rings], p.type not in SITE_LESS)
            evidence.apply_survey(s, system, aid, fields)
        for demand, who, people, handling, reason, measure in DEMANDS.get(p.type, DEMANDS["default"]):
            evidence.apply_demand(
                s,
                system,
                aid,
                evidence.clean_demand(
                    {
                        "demand": demand,
                        "raised_by": who,
                        "people": people,
                        "handling": handling,
                        "reason": reason,
                        "measure": measure,
                    }
                ),
            )
        third = p.code in THIRD_PARTY
        assessor = FIRM if third else "滨江市委政法委稳评办"
        evidence.apply_parties(
            s,
            system,
            aid,
            evidence.clean_parties(
                {
                    "commissioning_unit": COMMISSIONING.get(p.type, "{region}人民政府").format(region=p.region),
                    "assessor": assessor,
                    "assessor_third_party": third,
                    "assessor_registration": FIRM_REGISTRATION if third else None,
                    "compiler": assessor,
                    "note": f"{p.region}信访局、公安分局、属地街道（乡镇）参与调查和风险研判。",
                }
            ),
            None,
        )
        factors = _factor_names(s, q, aid)
        tpl = evidence.plan_template(q)
        for factor in factors:
            steps = list(tpl.steps)
            steps[1] = f"先期处置：属地干部到场，就{factor}相关诉求当面解释、劝导和疏导"
            evidence.apply_plan(
                s,
                system,
                aid,
                evidence.clean_plan(
                    {
                        **tpl.fields(),
                        "steps": steps,
                        "factor": factor,
                        "contacts": f"{p.region}稳评应急指挥部办公室 值班电话 0000-0000000（演示）",
                    }
                ),
                None,
                None,
            )
        return factors

    with at(_moment(start + timedelta(days=15))):
        factors = store.write(_records)
    _seed_review(store, system, aid, start, p_spec, factors)


def _seed_review(
    store: Store, system: Actor, aid: int, start: date, p_spec: dict[str, Any], factors: list[str]
) -> None:
    state = p_spec.get("final_state")
    held = start + timedelta(days=41)
    with store.read() as s:
        members = [
            u.username
            for u in s.execute(
                select(User)
                .join(PanelMember, PanelMember.user_id == User.id)
                .where(PanelMember.assessment_id == aid, PanelMember.has_conflict.is_(False))
                .order_by(PanelMember.id)
            ).scalars()
        ]
        result = s.get(Result, aid)
        level = (result.residual_level or result.level) if result else None
    if not members:
        return
    leader = members[0]
    experts = {name: auth.actor_for(store, name) for name in members}

    def _meeting(s: Session) -> None:
        review.apply_meeting(
            s, system, aid, {"held_on": held, "place": "滨江市社会稳定风险评估中心会议室", "leader": leader}
        )
        if state == "专家评分":  # the meeting is scheduled; opinions follow after the rounds
            return
        writers = members if state != "复核" else members[:-1]
        for k, name in enumerate(writers):
            with at(_moment(held, 10, 5 * k)):
                text = OPINIONS[k % len(OPINIONS)].format(factor=factors[0])
                review.apply_opinion(s, experts[name], aid, text)
        with at(_moment(held, 11, 30)):
            review.apply_group_opinion(
                s,
                experts[leader],
                aid,
                f"专家组审阅了评估报告，听取了评估主体汇报。专家组认为：评估程序符合规定，公示、座谈、问卷和走访等调查较充分，"
                f"风险识别全面；{'、'.join(factors)}为主要风险因素，所提措施具有可操作性。"
                f"同意落实措施后风险等级为{level or '—'}风险的评估结论。建议细化应急预案，加强措施落实跟踪。",
            )
        if state == "复核":  # the confirmations are left to the demo experts in the app
            return
        for k, name in enumerate(members):
            with at(_moment(held, 11, 45 + 2 * k)):
                review.apply_confirm(s, experts[name], aid)

    with at(_moment(held, 9)):
        store.write(_meeting)
