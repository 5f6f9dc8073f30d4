"""The dashboard service hands pages typed read models, never bare dicts (issue 14, item 1)."""

from __future__ import annotations

import typing

import pytest

from riskmodel.services import dashboard, portfolio
from riskmodel.services.views.dashboard import (
    AssessmentDetail,
    DataVersion,
    PortfolioEntry,
    PortfolioRow,
    QuestionnaireMeta,
)


@pytest.mark.parametrize("name", ["version_info", "questionnaire_meta", "assessment_detail", "portfolio_rows"])
def test_the_functions_pages_read_return_typed_models(name):
    returned = typing.get_type_hints(getattr(dashboard, name))["return"]
    origin, args = typing.get_origin(returned), typing.get_args(returned)
    assert returned is not dict, name
    if origin is dict:  # a mapping is fine when its values are read models
        assert args[1] is QuestionnaireMeta, f"{name} returns {returned}"
    if origin is list:
        assert args[0] is PortfolioRow, f"{name} returns {returned}"


def test_the_generic_portfolio_has_typed_rows_and_dicts_only_from_them():
    assert typing.get_type_hints(portfolio.portfolio_entries)["return"] == list[PortfolioEntry]
    assert typing.get_type_hints(PortfolioEntry.to_dict)["return"] == dict[str, typing.Any]


def test_the_leader_pages_read_the_typed_portfolio_not_the_generic_dicts():
    import re
    from pathlib import Path

    ui = Path(dashboard.__file__).resolve().parents[1] / "ui"
    uses = re.compile(r"services\.portfolio\b|from riskmodel\.services import [^\n]*\bportfolio\b")
    readers = [p.name for p in ui.rglob("*.py") if uses.search(p.read_text(encoding="utf-8"))]
    assert readers == []  # pages read dashboard.portfolio_rows (PortfolioRow); portfolio() is the CLI's and export's


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from bench.bench_dashboard import seed_portfolio
    from riskmodel.store.db import Store

    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("dash-views") / "d.db"))
    seed_portfolio(store, 4, templates=4)
    yield store
    store.dispose()


def test_the_leader_detail_and_version_are_typed(demo_store):
    from riskmodel.services.auth import actor_for

    leader = actor_for(demo_store, "bench-leader")
    info = dashboard.version_info(demo_store)
    assert isinstance(info, DataVersion) and info.version and info.stale >= 0
    first = demo_store.read
    with first() as s:
        from sqlalchemy import select

        from riskmodel.store.models import Verdict

        aid = s.execute(select(Verdict.assessment_id).order_by(Verdict.id)).scalars().first()
    d = dashboard.assessment_detail(demo_store, leader, aid)
    assert isinstance(d, AssessmentDetail)
    assert d.verdict is not None and d.result_view is not None
    assert d.result == d.result_view.result_dict()  # one stored result, read once
    rows = dashboard.portfolio_rows(demo_store, leader)
    assert rows and all(isinstance(r, PortfolioRow) for r in rows)
    row = next(r for r in rows if r.assessment_id == aid)
    assert row.verdict == d.verdict.verdict and row.level_shown == d.verdict.residual_level  # one source
    meta = dashboard.questionnaire_meta(demo_store, [1])
    assert all(isinstance(m, QuestionnaireMeta) and m.dimensions for m in meta.values())
