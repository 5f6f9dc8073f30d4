"""Regenerate the example assessment files (deterministic). Run: python data/examples/make_examples.py

Each expert's rating = the case's profile for the indicator + a small personal deviation, so the
files look like a real panel's (agreement with some spread) and end in different levels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).parent


def panel(rng, fields):
    return [
        {
            "id": f"专家{chr(65 + k)}",
            "field": f,
            "ca": round(float(rng.uniform(0.6, 1.0)), 2),
            "cs": round(float(rng.uniform(0.5, 1.0)), 2),
        }
        for k, f in enumerate(fields)
    ]


def waste_to_energy() -> dict:
    rng = np.random.default_rng(2024)
    experts = panel(rng, ["环境工程", "法律", "社会学", "公共安全", "城市规划"])
    # before measures: a 邻避 facility near villages → strong public-opinion and stability risk
    before = {
        "PRO-01": 4,
        "PRO-02": 2,
        "PRO-03": 4,
        "PRO-04": 3,
        "PRO-05": 2,
        "PRO-06": 3,
        "LEG-01": 3,
        "LEG-02": 2,
        "LEG-03": 3,
        "LEG-04": 3,
        "LEG-05": 4,
        "LEG-06": 3,
        "PUB-01": 4,
        "PUB-02": 5,
        "PUB-03": 4,
        "PUB-04": 4,
        "PUB-05": 4,
        "PUB-06": 5,
        "STB-01": 4,
        "STB-02": 3,
        "STB-03": 3,
        "STB-04": 4,
        "STB-05": 4,
        "STB-06": 3,
    }
    # after measures (re-rated by the panel): most risks fall, opposition stays substantial
    after = {k: max(1, v - (1 if k.startswith(("PUB", "STB")) else 1 if v >= 4 else 0)) for k, v in before.items()}
    after.update({"PUB-02": 4, "PUB-06": 4, "STB-01": 3})
    ratings = []
    for e in experts:
        for k, v in before.items():
            ratings.append(
                {"expert": e["id"], "indicator": k, "score": int(np.clip(v + rng.choice([-1, 0, 0, 0, 1]), 1, 5))}
            )
        for k, v in after.items():
            ratings.append(
                {
                    "expert": e["id"],
                    "indicator": k,
                    "phase": "after",
                    "score": int(np.clip(v + rng.choice([-1, 0, 0, 0, 1]), 1, 5)),
                }
            )
    ratings[5]["comment"] = "厂址距最近村庄约 1.2 公里，低于群众心理预期，需补充大气扩散模拟。"
    return {
        "project": {
            "name": "东郊垃圾焚烧发电项目",
            "type": "环境敏感/邻避设施",
            "region": "江北区",
            "investment_wan": 120000,
            "affected_households": 3200,
            "stage": "项目立项",
            "description": "日处理生活垃圾 1500 吨，配套 2×30MW 发电机组，厂址 3 公里内有 4 个行政村、1 所小学。",
        },
        "questionnaire": "four-dimension",
        "experts": experts,
        "ratings": ratings,
        "survey": {
            "support": 188,
            "neutral": 97,
            "oppose": 215,
            "respondents_direct": 390,
            "respondents_indirect": 110,
            "households_covered": 380,
        },
        "group_event_people": 150,
        # the network simulation of the stakeholder network (python -m riskmodel network simulate …):
        # evidence shown beside the panel's estimate; here it differs by more than the standard's factor
        "mobilisation": {"expected_people": 420.0, "p_ge_100": 0.97, "p_ge_200": 0.81, "runs": 2000},
        "measures": [
            {
                "factor": "PUB-02",
                "measure": "开展入户走访和专场说明会，公开环评全本与排放在线监测数据",
                "phase": "项目前期",
                "deadline": "开工前 3 个月内完成，覆盖 3 公里内全部住户",
                "responsible": "区城管局",
                "assisting": "各街道办事处",
            },
            {
                "factor": "PRO-03",
                "measure": "烟气排放执行欧盟 2010 标准，设置公众开放日和环境监督员",
                "phase": "运营期",
                "deadline": "投运后持续执行",
                "responsible": "项目公司",
                "assisting": "市生态环境局",
            },
            {
                "factor": "STB-01",
                "measure": "制定群体性事件应急预案，建立网格员每日排查和信访联席机制",
                "phase": "建设期",
                "deadline": "开工前建立，每月研判",
                "responsible": "区委政法委",
                "assisting": "公安分局、信访局",
            },
        ],
        "uncertainty": {"draws": 5000, "seed": 20241101},
    }


def land_acquisition() -> dict:
    rng = np.random.default_rng(7)
    experts = panel(rng, ["土地管理", "法律", "社会学"])
    # P, I levels (1..5) before measures; after measures the panel re-rates
    before = {
        "LGL-01": (2, 3),
        "LGL-02": (2, 3),
        "LGL-03": (2, 2),
        "LGL-04": (3, 3),
        "LGL-05": (2, 2),
        "RAT-01": (3, 4),
        "RAT-02": (3, 3),
        "RAT-03": (2, 3),
        "RAT-04": (3, 3),
        "RAT-05": (2, 2),
        "RAT-06": (2, 2),
        "FEA-01": (2, 2),
        "FEA-02": (2, 3),
        "FEA-03": (2, 2),
        "FEA-04": (1, 2),
        "FEA-05": (2, 2),
        "CTL-01": (3, 3),
        "CTL-02": (2, 3),
        "CTL-03": (2, 2),
        "CTL-04": (2, 3),
        "CTL-05": (2, 2),
        "CTL-06": (2, 2),
        "CTL-07": (2, 2),
    }
    after = {k: (max(1, p - 1), i - (1 if i >= 3 else 0)) for k, (p, i) in before.items()}
    ratings = []
    for e in experts:
        for phase, table in (("before", before), ("after", after)):
            for k, (p, i) in table.items():
                ratings.append(
                    {
                        "expert": e["id"],
                        "indicator": k,
                        "phase": phase,
                        "probability": int(np.clip(p + rng.choice([-1, 0, 0, 0, 0, 1]), 1, 5)),
                        "impact": int(np.clip(i + rng.choice([0, 0, 0, 1]), 1, 5)),
                    }
                )
    return {
        "project": {
            "name": "城南片区旧村改造征地拆迁项目",
            "type": "征地拆迁",
            "region": "城南区",
            "investment_wan": 46000,
            "affected_households": 186,
            "stage": "项目立项",
            "description": "征收集体土地 320 亩，拆迁农户 186 户，采用货币补偿与产权调换相结合的安置方式。",
        },
        "questionnaire": "four-properties",
        "experts": experts,
        "ratings": ratings,
        "survey": {"support": 142, "neutral": 25, "oppose": 19, "respondents_direct": 186, "households_covered": 186},
        "measures": [
            {
                "factor": "RAT-01",
                "measure": "补偿标准按区片综合地价上浮 10%，公开评估机构选定过程",
                "phase": "征收阶段",
                "deadline": "补偿方案公告前完成",
                "responsible": "区征收办",
                "assisting": "区自然资源局",
            },
            {
                "factor": "CTL-01",
                "measure": "设立现场接访点，重点户一户一策、包联到人",
                "phase": "征收阶段",
                "deadline": "征收启动至签约完成",
                "responsible": "街道办事处",
                "assisting": "区信访局",
            },
        ],
        "uncertainty": {"draws": 5000, "seed": 20241102},
    }


def main() -> None:
    header = "# 示例评估文件（由 make_examples.py 生成）。运行：python -m riskmodel assess {name} --json\n"
    for name, data in (("waste-to-energy.yaml", waste_to_energy()), ("land-acquisition.yaml", land_acquisition())):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
        (HERE / name).write_text(header.format(name=f"data/examples/{name}") + text, encoding="utf-8")


if __name__ == "__main__":
    main()
