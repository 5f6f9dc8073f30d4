"""Shared contexts and rendered files for the export tests (built once per session: charts and PDFs cost)."""

from __future__ import annotations

import pytest

from riskmodel.engine.inputs import parse_assessment
from riskmodel.questionnaire import get_questionnaire
from riskmodel.reports.context import builtin_questionnaire_text, context_from_input
from tests.reports.fixtures import PI_YAML, pi_assessment, pi_questionnaire, score_assessment


@pytest.fixture(scope="session")
def score_ctx():
    inp = parse_assessment(score_assessment())
    q = get_questionnaire("four-dimension")
    return context_from_input(inp, q, questionnaire_text=builtin_questionnaire_text(q.id, q.version))


@pytest.fixture(scope="session")
def pi_ctx():
    return context_from_input(parse_assessment(pi_assessment()), pi_questionnaire(), questionnaire_text=PI_YAML)


@pytest.fixture(scope="session")
def score_charts(score_ctx):
    from riskmodel.reports.charts import all_charts

    return all_charts(score_ctx)


@pytest.fixture(scope="session")
def score_docx(score_ctx, score_charts):
    from riskmodel.reports.docx import render_docx

    return render_docx(score_ctx, score_charts)


@pytest.fixture(scope="session")
def score_pdf(score_ctx, score_charts):
    from riskmodel.reports.pdf import render_pdf

    return render_pdf(score_ctx, score_charts)


@pytest.fixture(scope="session")
def score_xlsx(score_ctx):
    from riskmodel.reports.xlsx import render_xlsx

    return render_xlsx(score_ctx)


# The seeded demo portfolio (read-only), shared by the report tests that print what the demo recorded.
@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    from riskmodel.services.demo import seed_demo
    from riskmodel.store.db import Store

    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("reports-demo") / "demo.db"))
    seed_demo(store)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def demo_ids(demo_store):
    from riskmodel.services.portfolio import portfolio

    # the demo's 草稿 without a panel (ready for a register draw) has nothing to report yet
    return [r["assessment_id"] for r in portfolio(demo_store, {"latest_only": False}) if r.get("state") != "草稿"]
