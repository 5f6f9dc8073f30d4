"""The shared vocabulary of the tool: levels, verdicts, workflow states, roles and statuses.

One home for every enumerated value a service, a page, a report or a test compares against, so a
literal such as ``"已取消"`` or ``"跟踪"`` is written once. The enums are ``StrEnum``: their values are
the strings stored in the database and printed in files (``Level.HIGH == "高"``), so typed code and
stored rows compare directly and JSON output stays plain text.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """风险等级 (NDRC 发改投资〔2012〕2492号 art. 4), ordered low → high."""

    LOW = "低"
    MEDIUM = "中"
    HIGH = "高"

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)


_LEVEL_ORDER = (Level.LOW, Level.MEDIUM, Level.HIGH)


class Verdict(StrEnum):
    """评估结论, from the strictest to the most permissive."""

    REJECT = "不予实施"
    POSTPONE = "暂缓实施"
    ADJUST = "调整方案后实施"
    IMPLEMENT = "实施"


class State(StrEnum):
    """Workflow states of an assessment: 草稿 → 专家评分 → 复核 → 已出结论 → 跟踪."""

    DRAFT = "草稿"
    SCORING = "专家评分"
    REVIEW = "复核"
    CONCLUDED = "已出结论"
    TRACKING = "跟踪"


class Role(StrEnum):
    """Account roles. ``reviewer`` = 备案审查 at the 稳评 office; ``auditor`` reads the audit log (三员分立)."""

    ADMIN = "admin"
    ORGANIZER = "organizer"
    EXPERT = "expert"
    LEADER = "leader"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Phase(StrEnum):
    """措施前 / 措施后: ratings, surveys and crowd estimates before or after mitigation measures."""

    BEFORE = "before"
    AFTER = "after"


class MeasureStatus(StrEnum):
    PLANNED = "计划"
    IN_PROGRESS = "实施中"
    DONE = "已完成"
    CANCELLED = "已取消"


class SignalLevel(StrEnum):
    """Level of a feeds signal (``riskmodel.feeds.signals``): 告警 above the alarm change (or a sudden
    surge), 异常 above the abnormal change, 正常 otherwise."""

    ALARM = "告警"
    ABNORMAL = "异常"
    NORMAL = "正常"


LEVELS: tuple[str, ...] = tuple(level.value for level in _LEVEL_ORDER)
VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)
STATES: tuple[str, ...] = tuple(s.value for s in State)
ROLES: tuple[str, ...] = tuple(r.value for r in Role)
ROUND_STATUSES: tuple[str, ...] = tuple(s.value for s in RoundStatus)
MEASURE_STATUSES: tuple[str, ...] = tuple(s.value for s in MeasureStatus)
SIGNAL_LEVELS: tuple[str, ...] = tuple(s.value for s in SignalLevel)
