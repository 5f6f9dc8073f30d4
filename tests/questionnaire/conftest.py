"""Shared fixtures: a small valid questionnaire as text, so broken variants can be made by editing lines."""

from __future__ import annotations

import pytest

# Two dimensions; the second has three indicators, so `dimensions[1].indicators[2]` exists.
MINIMAL = """\
id: minimal
version: 1
name: {zh: 最小问卷, en: Minimal questionnaire}
source: {zh: 测试, en: Test}
standard: {zh: 测试标准, en: Test standard}
method: score
scale:
  min: 1
  max: 5
  anchors:
    - {value: 1, label: {zh: 很低, en: Very low}}
    - {value: 2, label: {zh: 较低, en: Low}}
    - {value: 3, label: {zh: 中等, en: Medium}}
    - {value: 4, label: {zh: 较高, en: High}}
    - {value: 5, label: {zh: 很高, en: Very high}}
weights:
  method: ahp
  matrix:
    - [1, "1/2"]
    - [2, 1]
dimensions:
  - id: A
    name: {zh: 甲, en: A}
    weights: {method: equal}
    indicators:
      - id: A-01
        name: {zh: 指标一, en: Indicator one}
        guidance: {zh: 说明, en: Guidance}
      - id: A-02
        name: {zh: 指标二, en: Indicator two}
        guidance: {zh: 说明, en: Guidance}
  - id: B
    name: {zh: 乙, en: B}
    weights:
      method: ahp
      matrix:
        - [1, 2, 3]
        - ["1/2", 1, 2]
        - ["1/3", "1/2", 1]
    indicators:
      - id: B-01
        name: {zh: 指标三, en: Indicator three}
        guidance: {zh: 说明, en: Guidance}
      - id: B-02
        name: {zh: 指标四, en: Indicator four}
        guidance: {zh: 说明, en: Guidance}
      - id: B-03
        name: {zh: 指标五, en: Indicator five}
        guidance: {zh: 说明, en: Guidance}
        area: 媒体舆论导向
levels: {medium: 2.5, high: 3.5}
decision_rule:
  name: {zh: 规则, en: Rule}
  rules:
    - {residual: 高, verdict: 不予实施}
    - {residual: 中, verdict: 暂缓实施}
    - {residual: 低, before: [中, 高], verdict: 调整方案后实施}
    - {residual: 低, verdict: 实施}
fce:
  grades:
    - {id: low, label: {zh: 低, en: Low}, value: 1}
    - {id: high, label: {zh: 高, en: High}, value: 5}
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the `occurrence`-th line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} times"
    return hits[occurrence - 1]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


@pytest.fixture
def english(monkeypatch):
    """Messages in English, so assertions can read them (the catalog default is Chinese)."""
    monkeypatch.setenv("RISKMODEL_LANG", "en")
