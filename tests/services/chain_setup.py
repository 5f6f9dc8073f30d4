"""An assessment of the four-dimension questionnaire rated to order, for the verdict-chain tests."""

from __future__ import annotations

from riskmodel.services import assessments, panels, ratings, rounds
from tests.store.conftest import Setup, make_setup, score_entries

DRAWS = 200  # few uncertainty draws keep the tests quick


def rated(
    store, *, experts: int = 3, before: int = 4, after: int = 1, skip: tuple[str, ...] = (), people: int | None = None
) -> Setup:
    """Every expert rates every indicator ``before`` / ``after`` (except ``skip``), one round, in review."""
    setup = make_setup(store, experts=experts)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    assessments.update_assessment(st, org, aid, uncertainty_draws=DRAWS, uncertainty_seed=1, group_event_people=people)
    q = assessments.questionnaire_of(st, aid)
    if experts < 3:
        panels.record_panel_override(st, org, aid, "小型专家组（测试）")
    rounds.open_next_round(st, org, aid)
    for expert in setup.experts:
        entries = [
            e
            for e in score_entries(q, lambda _i, _ind, ph: before if ph == "before" else after)
            if e["indicator"] not in skip
        ]
        ratings.submit_ratings(st, expert, aid, entries)
    rounds.close_round(st, org, aid)
    assessments.begin_review(st, org, aid)
    return setup
