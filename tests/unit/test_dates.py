"""Dates as Indonesian letters write them, on the WIB (UTC+7) calendar."""

from datetime import UTC, date, datetime

import pytest

from app.domain.dates import WIB, tanggal, tanggal_iso, waktu


def test_a_date_is_written_with_the_indonesian_month_name():
    assert tanggal(datetime(2026, 8, 17, 10, 0, tzinfo=WIB)) == "17 Agustus 2026"


def test_a_utc_evening_is_already_the_next_day_in_wib():
    assert tanggal(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == "1 Januari 2027"
    assert waktu(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == "1 Januari 2027 00:30 WIB"


def test_a_time_is_written_with_hours_and_minutes_in_wib():
    assert waktu(datetime(2026, 11, 25, 8, 5, tzinfo=UTC)) == "25 November 2026 15:05 WIB"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("1990-01-12", "12 Januari 1990"),
        (date(2000, 2, 29), "29 Februari 2000"),
        ("2026-05-01", "1 Mei 2026"),
    ],
)
def test_a_stored_date_is_shown_the_indonesian_way(stored, shown):
    assert tanggal_iso(stored) == shown


@pytest.mark.parametrize("text", ["Blora", "12-01-1990", "2026-02-30", ""])
def test_text_that_is_not_an_iso_date_is_shown_unchanged(text):
    assert tanggal_iso(text) == text
