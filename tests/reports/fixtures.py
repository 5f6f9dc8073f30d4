"""Assessment inputs for the export tests: a four-dimension scoring case and a probability–impact case."""

from __future__ import annotations

import random

from riskmodel.questionnaire import get_questionnaire, parse_questionnaire

INJECTION = '=HYPERLINK("http://example.com","x")'

EXPERTS = [
    {"id": "zhang.san", "field": "环境工程", "ca": 0.9, "cs": 0.8},
    {"id": "li.si", "field": "法律", "ca": 0.8, "cs": 0.9},
    {"id": "wang.wu", "field": "社会学", "ca": 0.7, "cs": 0.7},
    {"id": "zhao.liu", "field": "公安", "ca": 0.8, "cs": 0.6},
    {"id": "qian.qi", "field": "信访", "ca": 0.9, "cs": 0.9},
]


def score_assessment(seed: int = 3, draws: int = 200) -> dict:
    """A 邻避 waste-to-energy plant rated by five experts on the built-in four-dimension questionnaire."""
    q = get_questionnaire("four-dimension")
    rng = random.Random(seed)
    ratings = []
    base = {"PRO": 3, "LEG": 2, "PUB": 4, "STB": 3}
    for e in EXPERTS:
        for dim in q.dimensions:
            for ind in dim.indicators:
                b = max(1, min(5, base[dim.id] + rng.choice([-1, 0, 0, 1])))
                a = max(1, b - rng.choice([1, 1, 2]))
                ratings.append({"expert": e["id"], "indicator": ind.id, "phase": "before", "score": b})
                ratings.append({"expert": e["id"], "indicator": ind.id, "phase": "after", "score": a})
    ratings[0]["comment"] = INJECTION
    ratings[2]["comment"] = "+1 建议增加防护距离"
    ratings[4]["comment"] = "-2"
    ratings[6]["comment"] = "@SUM(A1)"
    ratings[8]["comment"] = "\tx"
    return {
        "project": {
            "name": "城东垃圾焚烧发电项目",
            "type": "环境敏感/邻避设施",
            "region": "某市城东区",
            "investment_wan": 120000,
            "affected_households": 860,
            "stage": "项目立项",
            "description": "日处理生活垃圾 1500 吨的焚烧发电厂，厂址距最近居民区约 1.2 公里。",
        },
        "questionnaire": "four-dimension",
        "experts": EXPERTS,
        "ratings": ratings,
        "survey": {
            "support": 412,
            "neutral": 133,
            "oppose": 155,
            "respondents_direct": 480,
            "respondents_indirect": 220,
            "households_covered": 700,
        },
        "measures": [
            {
                "factor": "PRO-03",
                "measure": "采用烟气超低排放工艺，安装在线监测并向社会实时公开数据",
                "phase": "施工期、运营期",
                "deadline": "投运前完成并持续公开",
                "responsible": "项目公司",
                "assisting": "市生态环境局",
                "status": "计划",
            },
            {
                "factor": "PUB-02",
                "measure": '=HYPERLINK("http://example.com","x")',
                "phase": "前期",
                "deadline": "开工前 3 个月",
                "responsible": "城东区政府",
                "assisting": "街道办",
                "status": "实施中",
            },
            {
                "factor": "群众对补偿标准的攀比",
                "measure": "统一补偿标准并公示，设立专项协调小组逐户沟通",
                "phase": None,
                "deadline": "征收公告后 30 日内",
                "responsible": "区征收办",
                "assisting": "司法所、村（居）委会",
                "status": "计划",
            },
        ],
        "group_event_people": 120,
        "uncertainty": {"draws": draws, "seed": 11},
    }


PI_YAML = """
id: test-pi-report
version: 2
name: {zh: 重大项目风险因素概率影响评估（测试）, en: Probability-impact test}
source: {zh: 报告测试用指标体系, en: report test questionnaire}
standard: {zh: 测试评判标准, en: test standard}
method: probability_impact
probability_scale:
  levels:
    - {level: 1, value: 0.1, label: {zh: 很低, en: very low}}
    - {level: 2, value: 0.3, label: {zh: 较低, en: low}}
    - {level: 3, value: 0.5, label: {zh: 中等, en: medium}}
    - {level: 4, value: 0.7, label: {zh: 较高, en: high}}
    - {level: 5, value: 0.9, label: {zh: 很高, en: very high}}
impact_scale:
  levels:
    - {level: 1, value: 0.1, label: {zh: 可忽略, en: negligible}}
    - {level: 2, value: 0.3, label: {zh: 较小, en: minor}}
    - {level: 3, value: 0.5, label: {zh: 中等, en: moderate}}
    - {level: 4, value: 0.7, label: {zh: 较大, en: major}}
    - {level: 5, value: 0.9, label: {zh: 严重, en: severe}}
weights: {method: equal}
dimensions:
  - id: LEGALITY
    name: {zh: 合法性, en: Legality}
    weights: {method: equal}
    indicators:
      - {id: F1, area: 政策规划和审批程序, stage: {zh: 前期, en: Preparation}, name: {zh: 审批程序不完备, en: Incomplete approvals}, guidance: {zh: 说明, en: guide}}
      - {id: F2, area: 土地房屋征收方案, stage: {zh: 征收阶段, en: Expropriation}, name: {zh: 补偿标准争议, en: Compensation disputes}, guidance: {zh: 说明, en: guide}}
  - id: REASON
    name: {zh: 合理性, en: Reasonableness}
    weights: {method: equal}
    indicators:
      - {id: F3, area: 当地经济社会影响, name: {zh: 群体间利益失衡, en: Imbalance between groups}, guidance: {zh: 说明, en: guide}}
  - id: FEAS
    name: {zh: 可行性, en: Feasibility}
    weights: {method: equal}
    indicators:
      - {id: F4, area: 技术和经济方案, stage: {zh: 施工期, en: Construction}, name: {zh: 资金不到位, en: Funding gaps}, guidance: {zh: 说明, en: guide}}
  - id: CTRL
    name: {zh: 可控性, en: Controllability}
    weights: {method: equal}
    indicators:
      - {id: F5, area: 媒体舆论导向, name: {zh: 负面舆情炒作, en: Negative online hype}, guidance: {zh: 说明, en: guide}}
levels: {medium: 0.18, high: 0.36}
risk_degree_grades:
  - {id: tiny, label: {zh: 微小, en: tiny}, lower: 0}
  - {id: small, label: {zh: 较小, en: small}, lower: 0.05}
  - {id: moderate, label: {zh: 一般, en: moderate}, lower: 0.18}
  - {id: large, label: {zh: 较大, en: large}, lower: 0.36}
  - {id: severe, label: {zh: 重大, en: severe}, lower: 0.64}
factor_count_rules:
  - {grade: severe, count: 1, level: 高}
  - {grade: large, count: 1, level: 中}
decision_rule:
  name: {zh: 测试规则, en: test rule}
  rules:
    - {residual: 高, verdict: 不予实施}
    - {residual: 中, verdict: 暂缓实施}
    - {residual: 低, before: [中, 高], verdict: 调整方案后实施}
    - {residual: 低, verdict: 实施}
fce:
  grade_by: thresholds
  grades:
    - {id: tiny, label: {zh: 微小, en: tiny}, value: 0.025, upper: 0.05}
    - {id: small, label: {zh: 较小, en: small}, value: 0.115, upper: 0.18}
    - {id: moderate, label: {zh: 一般, en: moderate}, value: 0.27, upper: 0.36}
    - {id: large, label: {zh: 较大, en: large}, value: 0.5, upper: 0.64}
    - {id: severe, label: {zh: 重大, en: severe}, value: 0.82}
uncertainty: {draws: 100, seed: 5}
"""


def pi_questionnaire():
    return parse_questionnaire(PI_YAML, "test-pi-report.yaml")


def pi_assessment() -> dict:
    rows = {
        "A": [(4, 3), (3, 4), (2, 2), (3, 3), (4, 4)],
        "B": [(3, 3), (4, 4), (2, 3), (2, 3), (3, 4)],
        "C": [(4, 4), (3, 3), (3, 2), (3, 2), (4, 3)],
    }
    ratings = []
    for e, pairs in rows.items():
        for k, (p, i) in enumerate(pairs, start=1):
            ratings.append({"expert": e, "indicator": f"F{k}", "probability": p, "impact": i})
            ratings.append(
                {
                    "expert": e,
                    "indicator": f"F{k}",
                    "phase": "after",
                    "probability": max(1, p - 2),
                    "impact": max(1, i - 1),
                }
            )
    return {
        "project": {"name": "某区旧城改造征收项目", "type": "征地拆迁"},
        "questionnaire": "test-pi-report",
        "experts": [{"id": e} for e in rows],
        "ratings": ratings,
        "measures": [
            {"factor": "F2", "measure": "补偿方案听证并公示", "deadline": "征收决定前", "responsible": "区政府"}
        ],
    }
