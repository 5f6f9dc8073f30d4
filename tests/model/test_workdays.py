"""Working days of a 公示 period, with the Chinese public holidays and make-up working days."""

from __future__ import annotations

from datetime import date

import pytest

from riskmodel.errors import ValidationError
from riskmodel.model.workdays import count_workdays, is_workday


def test_a_plain_week_has_five_working_days():
    c = count_workdays(date(2026, 6, 1), date(2026, 6, 7))
    assert (c.days, c.calendar_days, c.holidays_known) == (5, 7, True)


def test_the_national_day_holiday_2026_is_not_counted():
    # 国庆 2026: 1–7 October off; Saturday 10 October is a make-up working day
    c = count_workdays(date(2026, 9, 28), date(2026, 10, 11))
    assert c.days == 3 + 3  # 28–30 September, 8–10 October
    assert is_workday(date(2026, 10, 10)) == (True, True)
    assert is_workday(date(2026, 10, 5)) == (False, True)


def test_a_seven_working_day_publicity_over_national_day_needs_more_than_two_weeks():
    assert count_workdays(date(2026, 9, 28), date(2026, 10, 12)).days == 7


def test_a_year_beyond_the_holiday_calendar_counts_monday_to_friday_and_says_so():
    c = count_workdays(date(2099, 3, 2), date(2099, 3, 8))
    assert (c.days, c.holidays_known) == (5, False)


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValidationError):
        count_workdays(date(2026, 6, 7), date(2026, 6, 1))
