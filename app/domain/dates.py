"""Dates as Indonesian letters write them, in Western Indonesian Time (WIB)."""
from datetime import datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember")


def tanggal(moment: datetime) -> str:
    """E.g. "25 November 2026", on the WIB calendar."""
    local = moment.astimezone(WIB)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}"


def waktu(moment: datetime) -> str:
    """E.g. "25 November 2026 15:30 WIB"."""
    local = moment.astimezone(WIB)
    return f"{tanggal(local)} {local:%H:%M} WIB"
