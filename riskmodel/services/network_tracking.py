"""Tracking after the verdict across the portfolio: which projects get 建议重新评估 (suggest re-assessment).

For every project with an issued verdict, the latest verdict's signing date and the project's latest
stored network go through ``riskmodel.network.tracking.reassessment_flag``: disputes opened after the
verdict raise the flag when their count or the opposed people involved pass the rule.

The rule is configurable (defaults of ``ReassessmentRule``: ≥ 5 new disputes, or ≥ 50 opposed people
involved, or any escalated (上行) new dispute):

* ``RISKMODEL_REASSESS_RULE`` — JSON object with any of ``min_new_disputes``, ``min_opposed_people``
  (null switches a criterion off), ``escalated_triggers``, ``include_resolved``;
* or the two shortcuts ``RISKMODEL_REASSESS_MIN_DISPUTES`` and ``RISKMODEL_REASSESS_MIN_PEOPLE``
  (an integer, or ``off``).

``reassessment_flags(store)`` returns ``{project id: ReassessmentFlag}`` (``services/views/networks.py``);
``services.dashboard`` adds the feeds' 告警 to the same flags.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from riskmodel.errors import ValidationError
from riskmodel.network.tracking import ReassessmentRule, reassessment_flag
from riskmodel.services.network_analysis import project_network
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, NetworkVersion, Verdict

RULE_ENV = "RISKMODEL_REASSESS_RULE"
MIN_DISPUTES_ENV = "RISKMODEL_REASSESS_MIN_DISPUTES"
MIN_PEOPLE_ENV = "RISKMODEL_REASSESS_MIN_PEOPLE"


def _threshold(raw: str, name: str) -> int | None:
    if raw.strip().lower() in ("off", "none", "null", ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError("network.tracking.bad_rule", name=name, value=raw) from None


def rule_from_env(environ: Mapping[str, str] | None = None) -> ReassessmentRule:
    """The configured rule (see the module docstring); the defaults when nothing is set."""
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    if env.get(RULE_ENV):
        try:
            data = json.loads(env[RULE_ENV])
        except json.JSONDecodeError:
            raise ValidationError("network.tracking.bad_rule", name=RULE_ENV, value=env[RULE_ENV]) from None
        if not isinstance(data, dict):
            raise ValidationError("network.tracking.bad_rule", name=RULE_ENV, value=env[RULE_ENV])
    if env.get(MIN_DISPUTES_ENV) is not None:
        data["min_new_disputes"] = _threshold(env[MIN_DISPUTES_ENV], MIN_DISPUTES_ENV)
    if env.get(MIN_PEOPLE_ENV) is not None:
        data["min_opposed_people"] = _threshold(env[MIN_PEOPLE_ENV], MIN_PEOPLE_ENV)
    return ReassessmentRule.from_dict(data)


def _latest_verdicts(store: Store) -> dict[int, tuple[int, Any]]:
    """{project id: (assessment id, signed_at)} of the latest verdict per project that has a network."""
    with store.read() as s:
        with_network = set(s.execute(select(NetworkVersion.project_id).distinct()).scalars())
        rows = s.execute(
            select(Assessment.project_id, Assessment.id, Verdict.signed_at)
            .join(Verdict, Verdict.assessment_id == Assessment.id)
            .order_by(Verdict.signed_at)
        ).all()
    latest: dict[int, tuple[int, Any]] = {}
    for project_id, assessment_id, signed_at in rows:
        if project_id in with_network:
            latest[project_id] = (assessment_id, signed_at)
    return latest


def reassessment_flags(
    store: Store, rule: ReassessmentRule | None = None, lang: str | None = None
) -> dict[int, ReassessmentFlag]:
    """{project id: flag} with the new disputes, opposed people, escalations and the reasons.

    Only projects with both an issued verdict and a stored network appear; ``flag`` says whether to
    suggest re-assessing. The network read is the project's latest stored version.
    """
    rule = rule or rule_from_env()
    flags: dict[int, ReassessmentFlag] = {}
    for project_id, (assessment_id, signed_at) in _latest_verdicts(store).items():
        stored = project_network(store, project_id)
        if stored is None:
            continue
        verdict_day = signed_at.date()
        result = reassessment_flag(stored.network, verdict_day, rule)
        flags[project_id] = ReassessmentFlag(
            project_id=project_id,
            assessment_id=assessment_id,
            verdict_date=verdict_day,
            flag=result.suggested,
            reasons=tuple(result.messages(lang)),
            network_version=stored.version,
            new_disputes=result.new_disputes,
            opposed_people=result.opposed_people,
            escalated=result.escalated,
            dispute_ids=tuple(result.dispute_ids),
        )
    return flags
