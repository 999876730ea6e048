"""Letter numbers: {classification}/{sequence:03d}/{office code}/{month in Roman}/{year}."""

from datetime import date

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman_month(month: int) -> str:
    """The month 1..12 in Roman numerals, as letter numbers write it."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1..12")  # _ROMAN[-1] would answer XII for 0
    return _ROMAN[month - 1]


def format_letter_number(classification: str, sequence: int, office_code: str, issued: date) -> str:
    """The official letter number, e.g. 470/012/DS-BGM/II/2026."""
    return (
        f"{classification}/{sequence:03d}/{office_code}/{roman_month(issued.month)}/{issued.year}"
    )
