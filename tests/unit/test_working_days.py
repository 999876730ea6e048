"""Service levels count working days: weekends, Indonesian public holidays and cuti bersama are
skipped; quiet hours and backoff follow the clock of WIB."""

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest

from app.domain.notifications import after_quiet_hours, retry_delay
from app.domain.working_days import WIB, Duration, add_working_time, parse_duration

NON_WORKING = set(holidays.Indonesia(years=2026).keys()) | {date(2026, 12, 24)}  # + cuti bersama


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def test_one_working_day_from_friday_is_monday():
    due = add_working_time(wib(2026, 11, 27, 10, 0), parse_duration("P1D"), NON_WORKING)
    assert due.astimezone(WIB) == wib(2026, 11, 30, 10, 0)


def test_christmas_holiday_and_cuti_bersama_are_skipped():
    # Wed 23 Dec + 2 working days: Thu 24 (cuti bersama), Fri 25 (Christmas), weekend -> Tue 29.
    due = add_working_time(wib(2026, 12, 23, 9, 30), parse_duration("P2D"), NON_WORKING)
    assert due.astimezone(WIB) == wib(2026, 12, 29, 9, 30)
    without_cuti = set(holidays.Indonesia(years=2026).keys())
    due = add_working_time(wib(2026, 12, 23, 9, 30), parse_duration("P2D"), without_cuti)
    assert due.astimezone(WIB) == wib(2026, 12, 28, 9, 30)


def test_independence_day_monday_is_skipped():
    # Fri 14 Aug 2026 + 1 working day: Mon 17 Aug is Hari Kemerdekaan -> Tue 18 Aug.
    due = add_working_time(wib(2026, 8, 14, 8, 0), parse_duration("P1D"), NON_WORKING)
    assert due.astimezone(WIB).date() == date(2026, 8, 18)


def test_durations_with_hours_and_weeks():
    assert parse_duration("P1W") == Duration(5, timedelta(0))
    assert parse_duration("P1DT4H") == Duration(1, timedelta(hours=4))
    start = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert add_working_time(start, parse_duration("PT30M"), NON_WORKING) == start + timedelta(
        minutes=30
    )


@pytest.mark.parametrize("text", ["P1M", "P1Y", "1D", "P", "PT", "P1DT", "R3/P1D", "", "P-1D"])
def test_durations_that_are_not_working_time_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_quiet_hours_across_midnight_hold_until_morning():
    late = wib(2026, 12, 1, 22, 30).astimezone(UTC)
    assert after_quiet_hours(late, time(21), time(6)) == wib(2026, 12, 2, 6, 0).astimezone(UTC)
    early = wib(2026, 12, 2, 5, 0).astimezone(UTC)
    assert after_quiet_hours(early, time(21), time(6)) == wib(2026, 12, 2, 6, 0).astimezone(UTC)
    noon = wib(2026, 12, 2, 12, 0).astimezone(UTC)
    assert after_quiet_hours(noon, time(21), time(6)) == noon
    assert after_quiet_hours(noon, None, None) == noon


def test_retries_back_off_exponentially_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert retry_delay(20) == timedelta(hours=1)
