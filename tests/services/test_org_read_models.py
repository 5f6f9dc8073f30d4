"""The organizer's services hand pages typed read models, never bare dicts (issue 14, item 1)."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from riskmodel.engine.result import SurveyCoverage
from riskmodel.services import (
    assessments,
    evidence,
    imports,
    measures,
    panels,
    projects,
    questionnaires,
    ratings,
    rounds,
    surveys,
    verdicts,
)

TYPED = [
    (assessments, "create_assessment"),
    (assessments, "update_assessment"),
    (assessments, "get_assessment"),
    (assessments, "list_assessments"),
    (assessments, "begin_review"),
    (assessments, "start_tracking"),
    (assessments, "reassess"),
    (projects, "create_project"),
    (projects, "update_project"),
    (projects, "get_project"),
    (projects, "list_projects"),
    (projects, "projects_of"),
    (verdicts, "issue_verdict"),
    (verdicts, "get_verdict"),
    (verdicts, "requirements"),
    (surveys, "record_survey"),
    (surveys, "latest_survey"),
    (surveys, "survey_history"),
    (imports, "import_survey"),
    (questionnaires, "register_text"),
    (questionnaires, "list_versions"),
    (questionnaires, "survey_coverage"),
    (ratings, "submit_ratings"),
    (imports, "import_ratings"),
    (ratings, "my_ratings"),
    (ratings, "group_feedback"),
    (ratings, "ratings_table"),
    (ratings, "my_progress"),
    (evidence, "plan_template"),
    (rounds, "open_next_round"),
    (rounds, "close_round"),
    (measures, "add_measure"),
    (measures, "update_measure"),
    (measures, "list_measures"),
    (rounds, "list_rounds"),
    (panels, "add_member"),
    (panels, "update_member"),
    (panels, "declare_conflict"),
    (panels, "list_panel"),
    (panels, "check_panel"),
    (panels, "record_panel_override"),
    (panels, "set_self_assessment"),
    (panels, "my_membership"),
]


def _is_read_model(tp) -> bool:
    """A frozen dataclass — or the engine's own result type (``SurveyCoverage``: one type for the coverage
    check, stored or previewed)."""
    if tp is SurveyCoverage:
        return True
    return dataclasses.is_dataclass(tp) and tp.__dataclass_params__.frozen


@pytest.mark.parametrize(("module", "name"), TYPED, ids=[f"{m.__name__.rsplit('.', 1)[-1]}.{n}" for m, n in TYPED])
def test_the_functions_pages_read_return_frozen_read_models(module, name):
    returned = typing.get_type_hints(getattr(module, name))["return"]
    origin, args = typing.get_origin(returned), typing.get_args(returned)
    if origin is list or origin is tuple:
        returned = args[0]
    elif args:  # X | None
        returned = next(a for a in args if a is not type(None))
    assert returned is not dict and _is_read_model(returned), f"{name} returns {returned}"
