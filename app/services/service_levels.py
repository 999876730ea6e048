"""Service levels: when a task opens, one timer per service level of its step in the route, due
after the level's working days (weekends, public holidays and cuti bersama skipped).

The timers are rows written with the task, in its transaction; services/timers.py fires them.
"""

import functools
from datetime import date, datetime

import holidays

from app.bpmn.service_levels import service_levels
from app.domain.working_days import add_working_time, parse_duration
from app.extensions import db
from app.models import Letter, Task, Timer
from app.models.base import utcnow
from app.services.cuti_bersama import days_of


def non_working_days(years: range, kabupaten_id: int | None) -> set[date]:
    """Indonesian public holidays of those years and the kabupaten's cuti bersama days."""
    return set(_public_holidays(tuple(years))) | days_of(kabupaten_id)


@functools.lru_cache(maxsize=8)
def _public_holidays(years: tuple[int, ...]) -> frozenset[date]:
    return frozenset(holidays.Indonesia(years=years).keys())


def deadline(start: datetime, duration: str, kabupaten_id: int | None) -> datetime:
    """When a service level of `duration` (ISO 8601, working days) started at `start` in the
    kabupaten runs out."""
    parsed = parse_duration(duration)
    years = range(start.year, start.year + 2 + parsed.working_days // 200)
    return add_working_time(start, parsed, non_working_days(years, kabupaten_id))


def schedule_task_timers(task: Task, letter: Letter) -> list[Timer]:
    """Add the timers of the task's service levels, in the caller's transaction."""
    levels = service_levels(letter.route_version.bpmn_xml).get(task.step, [])
    start = task.created_at or utcnow()
    timers = [
        Timer(
            task_id=task.id,
            kind=level.kind,
            boundary_id=level.boundary_id,
            due_at=deadline(start, level.duration, letter.kabupaten_id),
            data={"duration": level.duration},
        )
        for level in levels
    ]
    db.session.add_all(timers)
    return timers
