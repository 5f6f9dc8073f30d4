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


# the JSON keys the CLI, the report and the exports have always printed (contracts read from outside)
ASSESSMENT_KEYS = [
    "id",
    "project_id",
    "project_code",
    "project_name",
    "title",
    "state",
    "questionnaire",
    "round",
    "rounds",
    "group_event_people",
    "group_event_people_after",
    "uncertainty_draws",
    "uncertainty_seed",
    "panel_override",
    "panel_override_reason",
    "created_at",
    "updated_at",
    "row_version",
]
VERDICT_KEYS = [
    "assessment_id",
    "level",
    "residual_level",
    "verdict",
    "rationale",
    "computed_level",
    "computed_residual_level",
    "computed_verdict",
    "result_sha256",
    "deviation_reason",
    "signed_by",
    "signed_by_name",
    "signed_at",
]
LISTED_ASSESSMENT_KEYS = [
    "id",
    "title",
    "state",
    "questionnaire",
    "level",
    "residual_level",
    "verdict",
    "proposed_verdict",
    "verdict_issued",
    "created_at",
]


def test_one_assessment_through_the_workflow_is_typed_and_its_json_keeps_its_keys(store):
    import json

    from riskmodel.domain import Level, RoundStatus, State
    from riskmodel.services.views.assessments import AssessmentView
    from riskmodel.services.views.projects import ProjectListing
    from riskmodel.services.views.verdicts import VerdictView
    from tests.services.chain_setup import rated

    setup = rated(store, before=2, after=1)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    a = assessments.get_assessment(st, aid)
    assert isinstance(a, AssessmentView) and a.state is State.REVIEW
    assert a.round is not None and a.round.status is RoundStatus.CLOSED and a.rounds == (a.round,)
    assert list(a.to_dict()) == ASSESSMENT_KEYS and json.dumps(a.to_dict(), ensure_ascii=False)
    assert a.to_dict()["round"] == {
        "number": 1,
        "status": "closed",
        **{k: a.to_dict()["round"][k] for k in ("opened_at", "closed_at")},
    }
    v = verdicts.issue_verdict(st, org, aid, "理由")
    assert isinstance(v, VerdictView) and isinstance(v.level, Level) and v == verdicts.get_verdict(st, aid)
    assert list(v.to_dict()) == VERDICT_KEYS and v.to_dict()["level"] == v.level.value and not v.departs
    listed = projects.list_projects(st)
    assert all(isinstance(p, ProjectListing) for p in listed)
    (mine,) = [p for p in listed if p.id == setup.project.id]
    assert list(mine.to_dict()) == [*projects.get_project(st, mine.id).to_dict(), "assessments"]
    (row,) = mine.assessments
    assert list(row.to_dict()) == LISTED_ASSESSMENT_KEYS and row.verdict == v.verdict and row.verdict_issued
    assert row.to_dict()["questionnaire"] == {"id": "four-dimension", "version": a.questionnaire.version, "revision": 1}
    tracked = assessments.start_tracking(st, org, aid)
    assert (
        tracked.state is State.TRACKING and tracked.to_dict()["state"] == "跟踪"
    )  # the JSON form keeps the Chinese value
