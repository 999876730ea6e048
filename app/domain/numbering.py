"""Letter numbers from the kabupaten's template, by default
{classification}/{seq:03d}/{office_code}/{roman_month}/{year}."""

import re
from datetime import date
from string import Formatter

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

DEFAULT_NUMBER_FORMAT = "{classification}/{seq:03d}/{office_code}/{roman_month}/{year}"
# What a template may use; the sequence restarts every year per office, so a number is unique only
# with the office code and the year in it.
NUMBER_PLACEHOLDERS = ("classification", "seq", "office_code", "roman_month", "month", "year")
REQUIRED_PLACEHOLDERS = ("seq", "office_code", "year")
MAX_NUMBER_LENGTH = 60  # the letters.number column
MAX_TEMPLATE_LENGTH = 120
_SPEC = re.compile(r"^(0?[1-9]d?)?$")  # e.g. "03d": zero-padded widths only, never a huge one


def roman_month(month: int) -> str:
    """The month 1..12 in Roman numerals, as letter numbers write it."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1..12")  # _ROMAN[-1] would answer XII for 0
    return _ROMAN[month - 1]


def format_letter_number(
    classification: str,
    sequence: int,
    office_code: str,
    issued: date,
    template: str | None = None,
) -> str:
    """The official letter number, e.g. 470/012/DS-BGM/II/2026 with the default template."""
    return (template or DEFAULT_NUMBER_FORMAT).format(
        classification=classification,
        seq=sequence,
        office_code=office_code,
        roman_month=roman_month(issued.month),
        month=f"{issued.month:02d}",
        year=issued.year,
    )


def number_format_problem(template: str) -> str | None:
    """Why `template` cannot number letters, in Bahasa Indonesia, or None when it can."""
    if not template or len(template) > MAX_TEMPLATE_LENGTH:
        return f"Templat wajib diisi, paling banyak {MAX_TEMPLATE_LENGTH} karakter."
    try:
        parts = list(Formatter().parse(template))
    except ValueError:
        return "Templat tidak dapat dibaca: periksa pasangan kurung kurawal { }."
    names = [name for _, name, _, _ in parts if name is not None]
    unknown = sorted({n for n in names if n not in NUMBER_PLACEHOLDERS})
    if unknown:
        return (
            f"Penanda tidak dikenal: {', '.join('{' + n + '}' for n in unknown)}. "
            f"Yang tersedia: {', '.join('{' + n + '}' for n in NUMBER_PLACEHOLDERS)}."
        )
    if any(spec and not _SPEC.match(spec) for _, name, spec, _ in parts if name is not None):
        return "Format penanda tidak sah (contoh yang benar: {seq:03d})."
    missing = [n for n in REQUIRED_PLACEHOLDERS if n not in names]
    if missing:
        return f"Templat wajib memuat {', '.join('{' + n + '}' for n in missing)}."
    try:
        sample = format_letter_number(
            "400.12.2.1", 999, "DS-ABCDEFGHIJ", date(2026, 12, 31), template
        )
    except (ValueError, TypeError, KeyError, IndexError):
        return "Format penanda tidak sah (contoh yang benar: {seq:03d})."
    if len(sample) > MAX_NUMBER_LENGTH:
        return f"Nomor surat yang dihasilkan lebih dari {MAX_NUMBER_LENGTH} karakter."
    return None
