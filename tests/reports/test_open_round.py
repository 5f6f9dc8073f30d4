"""A report made while a round is open counts who submitted in that round (issue 9, finding 10: the
open-round report said "5/5 已提交" while round 2 was open and 3 experts had not submitted in it)."""

from __future__ import annotations

from riskmodel.reports.dbsource import build_context
from riskmodel.reports.outline import Para, build_outline
from riskmodel.services import assessments, ratings, rounds
from tests.store.conftest import _drop_cached_stores, make_setup, score_entries, sqlite_url, store  # noqa: F401


def test_a_report_during_round_2_says_how_many_submitted_in_round_2(store):  # noqa: F811
    setup = make_setup(store, experts=3)
    aid = setup.assessment_id
    q = assessments.questionnaire_of(store, aid)
    rounds.open_next_round(store, setup.organizer, aid)
    for expert in setup.experts:
        ratings.submit_ratings(store, expert, aid, score_entries(q, phases=("before",)))
    rounds.close_round(store, setup.organizer, aid)
    rounds.open_next_round(store, setup.organizer, aid)
    ratings.submit_ratings(store, setup.experts[0], aid, score_entries(q, phases=("before",)))

    ctx = build_context(None, aid, lang="zh", store=store)
    texts = [b.text for b in build_outline(ctx) if isinstance(b, Para)]
    line = ctx.tr("report.panel.open_round", number=2, submitted=1, eligible=3)
    assert line in texts
    english = [b.text for b in build_outline(ctx.with_lang("en")) if isinstance(b, Para)]
    assert ctx.with_lang("en").tr("report.panel.open_round", number=2, submitted=1, eligible=3) in english
