"""End-to-end journeys in headless chromium: an expert rates on a phone and submits, the leader sees
the updated assessment, the language switch, and a screenshot of every page per role."""

from __future__ import annotations

import re

from riskmodel.services import assessments, ratings
from riskmodel.services.auth import actor_for
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.store import get_store
from riskmodel.ui import shell
from tests.ui.e2e.conftest import choose, click, login, nav, shot, wait_idle


def _open_assessment_of(db_url: str, username: str) -> AssessmentView:
    store = get_store(db_url)
    expert = actor_for(store, username)
    for a in assessments.list_assessments(store, expert):
        if a.round and a.round.status == "open":
            return a
    raise AssertionError(f"{username} has no open round in the demo data")


def test_expert_rates_on_a_phone_and_the_leader_sees_it(app_server, phone, desktop, screenshots):
    base, db_url = app_server
    a = _open_assessment_of(db_url, "demo-expert1")
    aid, rnd = a.id, a.round.number
    q = assessments.questionnaire_of(get_store(db_url), aid)
    indicator = q.indicator_ids()[0]
    before = ratings.my_ratings(get_store(db_url), actor_for(get_store(db_url), "demo-expert1"), aid)

    page = phone
    login(page, base, "demo-expert1")
    assert page.get_by_role("heading", name="我的评估").is_visible()
    assert page.get_by_text("演示数据").first.is_visible()
    shot(page, screenshots, "expert-home-phone")
    # nothing wider than the phone: no horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 2

    click(page, f".st-key-expert_rate_{aid} button")
    page.get_by_role("heading", name="评分表").wait_for()
    shot(page, screenshots, "expert-rating-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 2

    field = "score" if q.method == "score" else "probability"
    group = page.locator(f".st-key-rate_{aid}_{rnd}_before_{indicator}_{field}")
    group.scroll_into_view_if_needed()
    group.get_by_text("4", exact=True).click()
    if q.method != "score":
        page.locator(f".st-key-rate_{aid}_{rnd}_before_{indicator}_impact").get_by_text("4", exact=True).click()
    assert group.locator("input[type=radio]").nth(3).is_checked()
    shot(page, screenshots, "expert-rated-phone")
    click(page, ".st-key-rating_submit button")
    page.locator(".st-key-rating_confirm_box").wait_for()
    shot(page, screenshots, "expert-confirm-phone")
    click(page, ".st-key-rating_confirm_yes button")
    page.get_by_text(re.compile(r"已提交第 \d+ 轮评分 \d+ 项")).wait_for()
    shot(page, screenshots, "expert-submitted-phone")

    after = ratings.my_ratings(get_store(db_url), actor_for(get_store(db_url), "demo-expert1"), aid)
    assert len(after.submitted) >= len(before.submitted)
    latest = [r for r in after.submitted if r.indicator == indicator and r.round == rnd and r.phase == "before"]
    assert latest and (latest[0].score == 4 or latest[0].probability == 4)

    page = desktop
    submitted_at = max(r.at or "" for r in latest)[:16].replace("T", " ")
    login(page, base, "demo-leader")
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    page.locator(".st-key-leader_recent").wait_for()
    shot(page, screenshots, "leader-dashboard")
    # the drill-down of the rated assessment shows a result computed after the submission
    nav(page, "leader_assessment")
    choose(page, "leader_detail_select", f"#{aid}")
    page.get_by_role("heading", name=a.project_name).wait_for()
    computed = page.get_by_text(re.compile(r"计算时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}")).first.inner_text()
    stamp = re.search(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})", computed).group(1)
    assert stamp >= submitted_at, (stamp, submitted_at)
    assert not page.get_by_text("下列结果可能不是最新的").count()
    shot(page, screenshots, "leader-assessment")


def test_language_switch_changes_the_page_to_english(app_server, desktop, screenshots):
    base, _ = app_server
    page = desktop
    page.goto(base)
    wait_idle(page)
    assert page.get_by_role("heading", name="稳评工作台").is_visible()
    shot(page, screenshots, "login-zh")
    page.locator(f".st-key-{shell.LANG_SWITCH_KEY}").get_by_text("English").click()
    wait_idle(page)
    page.get_by_role("heading", name="Stability Risk Workbench").wait_for()
    assert page.locator(".st-key-login_username").get_by_text("Username").is_visible()
    shot(page, screenshots, "login-en")
    page.locator(".st-key-login_username input").fill("demo-organizer")
    page.locator(".st-key-login_password input").fill("demo")
    click(page, ".st-key-login_submit button")
    page.get_by_role("heading", name="Projects and assessments").wait_for()
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "项目列表" not in body and "新建项目" not in body
    shot(page, screenshots, "organizer-projects-en")


PAGES = {
    "demo-organizer": ["organizer_projects", "organizer_assessment", "network_view"],
    "demo-admin": ["admin_users", "admin_questionnaires", "admin_audit"],
    "demo-leader": ["leader_dashboard", "leader_assessment", "network_view"],
    "demo-expert2": ["expert_home", "expert_rating"],
}


def test_every_page_renders_without_error(app_server, desktop, screenshots):
    base, _ = app_server
    page = desktop
    for username, urls in PAGES.items():
        login(page, base, username)  # a fresh page load starts a fresh session
        for url in urls:
            if not shell.spec_of(f"{url}.py").exists():
                continue
            nav(page, url)
            page.locator('[data-testid="stMain"] h1').first.wait_for()
            main = page.locator('[data-testid="stMain"]').inner_text()
            assert "参考编号" not in main and "Traceback" not in main, (username, url)
            assert "无权访问" not in main, (username, url)
            assert not page.locator('[data-testid="stException"]').count(), (username, url)
            shot(page, screenshots, f"{username.removeprefix('demo-')}-{url}")
