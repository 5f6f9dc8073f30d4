"""The portfolio query: flat rows, filters, and one SQL statement however many projects there are."""

from __future__ import annotations

from sqlalchemy import event

from riskmodel.services import assessments, projects, ratings, rounds, verdicts
from riskmodel.services.portfolio import COLUMNS, PortfolioFilter, portfolio, portfolio_entries, portfolio_frame
from riskmodel.services.views.dashboard import PortfolioEntry
from tests.services.chain_setup import rated
from tests.store.conftest import make_setup, score_entries


def _statements(store, fn):
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        return fn(), seen
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_rows_filters_and_a_single_query(store):
    setup = make_setup(store)
    st, org, aid = store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    for e in setup.experts:
        ratings.submit_ratings(st, e, aid, score_entries(q, lambda i, ind, ph: 4 if ph == "before" else 2))
    rounds.close_round(st, org, aid)
    assessments.begin_review(st, org, aid)
    v = verdicts.issue_verdict(st, org, aid, "结论")
    for i in range(5):
        p = projects.create_project(st, org, name=f"项目{i}", type="大型活动", region="西岭区", stage="政策出台")
        assessments.create_assessment(st, org, p.id, "four-dimension")
    rows, statements = _statements(st, lambda: portfolio(st))
    assert len(rows) == 6 and [s for s in statements if s.startswith("SELECT")] == statements[-1:]
    top = rows[0]
    assert (top["level"], top["residual_level"], top["verdict"], top["verdict_issued"]) == (
        v.level,
        v.residual_level,
        v.verdict,
        True,
    )
    assert set(top["dimension_scores"]) == {"PRO", "LEG", "PUB", "STB"} and top["dim.PUB"] > top["dim.PUB.after"]
    assert [r["project"] for r in portfolio(st, PortfolioFilter(regions=("西岭区",)))] == [f"项目{i}" for i in range(5)]
    assert len(portfolio(st, {"types": ("征地拆迁",)})) == 1
    assert len(portfolio(st, PortfolioFilter(levels=(v.residual_level,)))) == 1
    assert len(portfolio(st, PortfolioFilter(verdicts=(v.verdict,), text="测试"))) == 1
    assert len(portfolio(st, PortfolioFilter(states=("草稿",)))) == 5
    newer = assessments.reassess(st, org, aid)
    assert [r["assessment_id"] for r in portfolio(st, PortfolioFilter(text="测试"))] == [newer.id]
    assert len(portfolio(st, PortfolioFilter(text="测试", latest_only=False))) == 2
    frame = portfolio_frame(st, {"latest_only": False})
    assert {"project", "region", "level", "verdict", "dim.PUB"} <= set(frame.columns) and len(frame) == 7


def test_the_json_rows_are_the_typed_rows_to_dict(store):
    """The CLI's portfolio --json and the export print PortfolioEntry.to_dict: COLUMNS, then dim.<id>."""
    st = rated(store, before=4, after=2).store
    (entry,) = portfolio_entries(st)
    (row,) = portfolio(st)
    assert row == entry.to_dict() and tuple(row)[: len(COLUMNS)] == COLUMNS
    assert set(tuple(row)[len(COLUMNS) :]) == {f"dim.{d}{s}" for d in entry.dimension_scores for s in ("", ".after")}
    assert row["dim.PUB"] == entry.dimension("PUB") and row["created_at"] == entry.created_at.isoformat()


def test_portfolio_rows_carry_the_0_to_100_index_beside_the_raw_index_and_its_unit(store):
    """Issue 9, finding 11: the index column mixed 1–5 scores and P × I without a unit."""
    setup = make_setup(store)
    st, org, aid = store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    for e in setup.experts:
        ratings.submit_ratings(st, e, aid, score_entries(q, lambda i, ind, ph: 4 if ph == "before" else 2))
    rounds.close_round(st, org, aid)
    assessments.begin_review(st, org, aid)
    (row,) = portfolio_entries(st)
    view = assessments.get_result(st, aid)
    assert isinstance(row, PortfolioEntry) and row.index == view.index and row.index_unit == "score"
    assert (row.index_min, row.index_max) == (1.0, 5.0)
    assert row.index == view.index and row.index_100 == view.result.index_100
    assert row.index_100 == 100 * (row.index - 1) / 4  # the score mapping: (x − min) / (max − min)
    assert row.residual_index_100 is not None and 0 <= row.residual_index_100 < row.index_100 <= 100
    frame = portfolio_frame(st)
    assert {"index_100", "residual_index_100", "index_unit"} <= set(frame.columns)
