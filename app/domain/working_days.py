"""Service-level arithmetic: ISO 8601 durations counted in working days (WIB).

Plain Python. A duration's days (`P1D`, `P2W` = 10 working days) move the deadline to the same clock
time on a later working day, skipping Saturdays, Sundays and the given non-working dates (public
holidays, the kabupaten's cuti bersama); hours and minutes (`PT4H`) are then added as elapsed time.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")

_DURATION = re.compile(
    r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


@dataclass(frozen=True)
class Duration:
    """A service level: whole working days, then elapsed time."""

    working_days: int
    elapsed: timedelta


def parse_duration(text: str) -> Duration:
    """'P1D' -> 1 working day; 'P1DT4H' -> 1 working day and 4 hours; ValueError when not ISO 8601
    or when it uses years or months (their length in working days is not defined)."""
    match = _DURATION.match((text or "").strip())
    if not match or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        raise ValueError(f"not an ISO 8601 duration in days, hours or minutes: {text!r}")
    parts = {k: int(v or 0) for k, v in match.groupdict().items()}
    elapsed = timedelta(hours=parts["hours"], minutes=parts["minutes"], seconds=parts["seconds"])
    return Duration(parts["weeks"] * 5 + parts["days"], elapsed)


def is_working_day(day: date, non_working: Collection[date]) -> bool:
    """Monday to Friday, and not a holiday or cuti bersama."""
    return day.weekday() < 5 and day not in non_working


def add_working_time(
    start: datetime, duration: Duration, non_working: Collection[date]
) -> datetime:
    """The deadline `duration` after `start` (UTC), counting days as working days in WIB."""
    local = start.astimezone(WIB)
    day = local.date()
    remaining = duration.working_days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, non_working):
            remaining -= 1
    moved = datetime.combine(day, local.timetz()).astimezone(UTC)
    return moved + duration.elapsed
