"""Dates as Indonesian letters write them, in Western Indonesian Time (WIB)."""

from datetime import date, datetime, time, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(moment: datetime) -> str:
    """E.g. "25 November 2026", on the WIB calendar."""
    local = moment.astimezone(WIB)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}"


def waktu(moment: datetime) -> str:
    """E.g. "25 November 2026 15:30 WIB"."""
    local = moment.astimezone(WIB)
    return f"{tanggal(local)} {local:%H:%M} WIB"


def tanggal_iso(value) -> str:
    """A stored date (YYYY-MM-DD) written the Indonesian way, e.g. "12 Januari 1990"; other text
    unchanged."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return tanggal(datetime.combine(day, time(12), tzinfo=WIB))
