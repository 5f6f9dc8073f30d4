from __future__ import annotations

from datetime import date

import pytest

from riskmodel.errors import ValidationError
from riskmodel.network.model import Edge, Network, Node
from riskmodel.network.tracking import ReassessmentRule, reassessment_flag

from .conftest import person


def dispute(i: str, opened: date, people: int = 2, status: str = "调处中") -> Node:
    return Node(
        i,
        f"纠纷{i}",
        "dispute",
        people=people,
        attitude=-1,
        grievance=0.5,
        influence=0.3,
        channel="12345",
        status=status,
        opened=opened,
    )


def net_with(disputes, links=()) -> Network:
    actors = (person("v", kind="group", people=80, attitude=-2.0), person("s", kind="group", people=40, attitude=1.0))
    return Network(actors + tuple(disputes), tuple(Edge(a, d, "involved_in", 1.0) for a, d in links))


VERDICT = date(2024, 6, 30)


def test_counts_only_disputes_after_the_verdict():
    disputes = [dispute("old", date(2024, 6, 30))] + [dispute(f"n{i}", date(2024, 7, i + 1)) for i in range(4)]
    flag = reassessment_flag(net_with(disputes), VERDICT, ReassessmentRule(min_new_disputes=5, min_opposed_people=None))
    assert flag.new_disputes == 4 and not flag.suggested and "old" not in flag.dispute_ids
    flag = reassessment_flag(net_with(disputes), VERDICT, ReassessmentRule(min_new_disputes=4, min_opposed_people=None))
    assert flag.suggested and "4" in flag.messages("zh")[0]


def test_opposed_people_involved():
    disputes = [dispute("n1", date(2024, 8, 1), people=3), dispute("n2", date(2024, 8, 2), people=7)]
    # n1 involves the opposed village (80) and a supportive group (not counted); n2 has no actor: its own 7
    net = net_with(disputes, links=[("v", "n1"), ("s", "n1")])
    flag = reassessment_flag(net, VERDICT, ReassessmentRule(min_new_disputes=None, min_opposed_people=87))
    assert flag.opposed_people == 87 and flag.suggested
    flag = reassessment_flag(net, VERDICT, ReassessmentRule(min_new_disputes=None, min_opposed_people=88))
    assert not flag.suggested


def test_escalation_and_resolved_options():
    disputes = [dispute("n1", date(2024, 8, 1), status="上行"), dispute("n2", date(2024, 8, 1), status="已化解")]
    net = net_with(disputes)
    assert reassessment_flag(net, VERDICT, ReassessmentRule()).suggested
    quiet = ReassessmentRule(escalated_triggers=False, min_new_disputes=2, include_resolved=False)
    flag = reassessment_flag(net, VERDICT, quiet)
    assert flag.new_disputes == 1 and not flag.suggested
    assert flag.to_dict()["suggested"] is False


def test_rule_validation():
    with pytest.raises(ValidationError):
        ReassessmentRule(min_new_disputes=0)
    with pytest.raises(ValidationError):
        ReassessmentRule.from_dict({"unknown": 1})
    assert ReassessmentRule.from_dict({"min_new_disputes": 3}).min_new_disputes == 3
