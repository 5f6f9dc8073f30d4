"""The rates match their published definitions, on hand-made records (pure function and SQL alike)."""

from __future__ import annotations

from riskmodel.services import feeds
from tests.feeds.conftest import SYSTEM, csv_bytes, work_order


def _rows() -> list[list[str]]:
    return [
        # accepted within 24 h, completed within 15 days of acceptance, 满意
        work_order(
            "A",
            "2026-10-01 08:00:00",
            accepted_at="2026-10-01 09:00:00",
            completed_at="2026-10-05 09:00:00",
            status="已办结",
            rating="满意",
        ),
        # accepted after 30 h, completed after 20 days, 不满意
        work_order(
            "B",
            "2026-10-02 08:00:00",
            accepted_at="2026-10-03 14:00:00",
            completed_at="2026-10-23 14:00:00",
            status="已办结",
            rating="不满意",
            phone="13900000000",
        ),
        # accepted in time, completed in time, not rated
        work_order(
            "C",
            "2026-10-03 08:00:00",
            accepted_at="2026-10-03 10:00:00",
            completed_at="2026-10-10 10:00:00",
            status="已办结",
            rating="未回访",
            phone="13500000000",
        ),
        # never accepted nor completed; the same person as A on the same category → 重件
        work_order("D", "2026-10-04 08:00:00", accepted_at="", completed_at="", status="办理中"),
        # 基本满意, another month
        work_order(
            "E",
            "2026-11-01 08:00:00",
            accepted_at="2026-11-01 09:00:00",
            completed_at="2026-11-02 09:00:00",
            status="已办结",
            rating="基本满意",
            phone="13700000000",
        ),
    ]


def test_rates_of_a_month_follow_the_definitions(store):
    feeds.import_feed(store, SYSTEM, csv_bytes(_rows()), "m.csv", "12345")
    m = feeds.feed_metrics(store, period="2026-10")
    assert m.records == 4
    assert m.timely_acceptance_rate == round(2 / 4, 4)  # A, C within 24 h; B late; D never
    assert m.on_time_completion_rate == round(2 / 4, 4)  # A, C; B took 20 days; D open
    assert m.satisfaction_rate == round(1 / 2, 4)  # 满意 / (满意 + 基本满意 + 不满意)
    assert m.rating_rate == round(2 / 3, 4)  # rated A, B of completed A, B, C
    assert m.people == 3 and m.repeat == 1


def test_all_records_without_a_period_and_basic_satisfied_counts_as_satisfied(store):
    feeds.import_feed(store, SYSTEM, csv_bytes(_rows()), "m.csv", "12345")
    m = feeds.feed_metrics(store)
    assert m.records == 5
    assert m.satisfaction_rate == round(2 / 3, 4)
    assert m.rating_rate == round(3 / 4, 4)


def test_the_monthly_pre_aggregates_give_the_same_counts(store):
    feeds.import_feed(store, SYSTEM, csv_bytes(_rows()), "m.csv", "12345")
    by_month = {k[0]: c for k, c in feeds.monthly_counts(store, by=("month_key",))}
    assert by_month[202610].records == 4 and by_month[202610].timely == 2 and by_month[202610].rated == 2
    assert by_month[202611].satisfied == 1


def test_petition_head_counts_are_counted_as_people_and_collective_visits_flagged(store):
    rows = [
        [
            "X1",
            "2026/10/01",
            "集体访",
            "12",
            "求决",
            "拖欠工资集体讨薪",
            "北川县城关镇",
            "王五",
            "",
            "",
            "已办结",
            "2026/10/01",
            "2026/10/08",
            "满意",
        ],
        [
            "X2",
            "2026/10/02",
            "联名信",
            "3",
            "意见建议",
            "建议增加公交班次",
            "北川县城关镇",
            "赵六",
            "",
            "13600000000",
            "办理中",
            "2026/10/05",
            "",
            "",
        ],
    ]
    feeds.import_feed(store, SYSTEM, csv_bytes(rows, "petition"), "p.csv", "petition")
    m = feeds.feed_metrics(store)
    assert m.people == 15 and m.collective == 1 and m.joint == 1
