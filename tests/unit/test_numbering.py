"""Letter numbers: classification/sequence/office/Roman month/year."""

from datetime import date

import pytest

from app.domain.numbering import format_letter_number, roman_month


def test_each_month_is_written_in_roman_numerals():
    assert [roman_month(m) for m in range(1, 13)] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ]  # fmt: skip


@pytest.mark.parametrize("month", [0, 13, -1])
def test_a_month_outside_the_year_is_refused(month):
    with pytest.raises(ValueError):
        roman_month(month)


def test_a_number_pads_the_sequence_to_three_digits_and_dates_it_by_month_and_year():
    assert format_letter_number("470", 12, "DS-BGM", date(2026, 2, 3)) == "470/012/DS-BGM/II/2026"
    assert (
        format_letter_number("400", 1, "KEC-JPH", date(2026, 12, 31)) == "400/001/KEC-JPH/XII/2026"
    )


def test_a_sequence_past_999_keeps_all_its_digits():
    assert format_letter_number("470", 1234, "DS-BGM", date(2027, 1, 1)) == "470/1234/DS-BGM/I/2027"
