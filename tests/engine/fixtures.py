"""Small questionnaires written for the engine tests, independent of the built-in files."""

from __future__ import annotations

from riskmodel.questionnaire import parse_questionnaire

SCORE_YAML = """
id: test-score
version: 1
name: {zh: 测试问卷, en: Test questionnaire}
source: {zh: 单元测试, en: unit tests}
standard: {zh: 测试标准, en: test standard}
method: score
scale:
  min: 1
  max: 5
  anchors:
    - {value: 1, label: {zh: 很低, en: very low}}
    - {value: 2, label: {zh: 较低, en: low}}
    - {value: 3, label: {zh: 中等, en: medium}}
    - {value: 4, label: {zh: 较高, en: high}}
    - {value: 5, label: {zh: 很高, en: very high}}
weights: {method: direct, values: [0.4, 0.6]}
dimensions:
  - id: A
    name: {zh: 甲, en: A}
    weights: {method: direct, values: [0.5, 0.5]}
    indicators:
      - {id: A1, name: {zh: 甲一, en: A one}, guidance: {zh: 说明, en: guide}}
      - {id: A2, name: {zh: 甲二, en: A two}, guidance: {zh: 说明, en: guide}}
  - id: B
    name: {zh: 乙, en: B}
    weights: {method: direct, values: [0.25, 0.75]}
    indicators:
      - {id: B1, name: {zh: 乙一, en: B one}, guidance: {zh: 说明, en: guide}}
      - {id: B2, name: {zh: 乙二, en: B two}, guidance: {zh: 说明, en: guide}}
levels: {medium: 2.5, high: 3.5}
decision_rule:
  name: {zh: 测试规则, en: test rule}
  rules:
    - {residual: 高, verdict: 不予实施}
    - {residual: 中, verdict: 暂缓实施}
    - {residual: 低, before: [中, 高], verdict: 调整方案后实施}
    - {residual: 低, verdict: 实施}
panel_rule: {min_size: 3, larger: [{min_size: 5, min_investment_wan: 100000}]}
survey_rules:
  - {project_type: 重大政策, min_direct: 200, min_indirect: 100}
  - {project_type: 征地拆迁, household_coverage: 1.0}
opposition_bands:
  - {min_share: 0.5, strict: true, level: 高}
  - {min_share: 0.2, level: 中}
group_event_thresholds:
  - {min_people: 200, level: 高}
  - {min_people: 100, level: 中}
fce:
  grade_by: max_membership
  grades:
    - {id: g1, label: {zh: 很低, en: very low}, value: 1}
    - {id: g2, label: {zh: 较低, en: low}, value: 2}
    - {id: g3, label: {zh: 中等, en: medium}, value: 3}
    - {id: g4, label: {zh: 较高, en: high}, value: 4}
    - {id: g5, label: {zh: 很高, en: very high}, value: 5}
uncertainty: {draws: 500, seed: 7}
"""

PI_YAML = """
id: test-pi
version: 1
name: {zh: 概率影响测试, en: PI test}
source: {zh: 单元测试, en: unit tests}
standard: {zh: 测试标准, en: test standard}
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
  - id: L
    name: {zh: 合法性, en: Legality}
    weights: {method: equal}
    indicators:
      - {id: F1, area: 政策规划和审批程序, name: {zh: 因素一, en: F one}, guidance: {zh: 说明, en: guide}}
      - {id: F2, area: 土地房屋征收方案, name: {zh: 因素二, en: F two}, guidance: {zh: 说明, en: guide}}
      - {id: F3, area: 媒体舆论导向, name: {zh: 因素三, en: F three}, guidance: {zh: 说明, en: guide}}
levels: {medium: 0.18, high: 0.36}
risk_degree_grades:
  - {id: tiny, label: {zh: 微小, en: tiny}, lower: 0}
  - {id: small, label: {zh: 较小, en: small}, lower: 0.05}
  - {id: moderate, label: {zh: 一般, en: moderate}, lower: 0.18}
  - {id: large, label: {zh: 较大, en: large}, lower: 0.36}
  - {id: severe, label: {zh: 重大, en: severe}, lower: 0.64}
factor_count_rules:
  - {grade: severe, count: 1, level: 高}
  - {grade: large, count: 2, level: 高}
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
"""


def score_questionnaire():
    return parse_questionnaire(SCORE_YAML, "test-score.yaml")


def pi_questionnaire():
    return parse_questionnaire(PI_YAML, "test-pi.yaml")


def score_input(scores: dict[str, list[float]], after: dict[str, list[float]] | None = None, **extra) -> dict:
    """scores: expert id → [A1, A2, B1, B2]."""
    ids = ["A1", "A2", "B1", "B2"]
    ratings = [{"expert": e, "indicator": i, "score": s} for e, row in scores.items() for i, s in zip(ids, row)]
    for e, row in (after or {}).items():
        ratings += [{"expert": e, "indicator": i, "phase": "after", "score": s} for i, s in zip(ids, row)]
    experts = extra.pop("experts", [{"id": e} for e in scores])
    return {
        "project": {"name": "测试项目", **extra.pop("project", {})},
        "questionnaire": "test-score",
        "experts": experts,
        "ratings": ratings,
        "uncertainty": {"draws": 0},
        **extra,
    }
