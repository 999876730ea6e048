"""Due-date timers: a step left open past its due date fires once, into the letter's history."""

from datetime import datetime
from typing import cast

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from app.domain.events import EventKind
from app.extensions import db
from app.models import Task, TaskState
from app.models.base import utcnow
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event

CHECK_EVERY_MINUTES = 5


def fire_due_timers(now: datetime | None = None) -> int:
    """Record `timer_fired` for every open task past its due date that has not fired yet; how many
    fired."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Task.id)
        .where(Task.state == TaskState.OPEN, Task.due_at <= now, Task.overdue_at.is_(None))
        .order_by(Task.id)
    ).all()
    db.session.rollback()
    fired = 0
    for task_id in due:
        with committing():
            # Several app processes may run this timer: the conditional update lets exactly one fire
            # it.
            taken = cast(
                CursorResult,
                db.session.execute(
                    update(Task)
                    .where(
                        Task.id == task_id, Task.state == TaskState.OPEN, Task.overdue_at.is_(None)
                    )
                    .values(overdue_at=now)
                ),
            )
            if taken.rowcount != 1:
                continue
            task = db.session.get_one(Task, task_id)
            record_event(
                task.letter,
                EventKind.TIMER_FIRED,
                None,
                {
                    "task_id": task.id,
                    "step": task.step,
                    "role": task.role,
                    "due_at": task.due_at.isoformat() if task.due_at else None,
                },
            )
        fired += 1
    return fired


def start_scheduler(app: Flask):
    """Run the due-date timer every few minutes in this process (APScheduler), inside the app
    context."""
    from apscheduler.schedulers.background import BackgroundScheduler

    def tick():
        with app.app_context():
            fire_due_timers()

    scheduler = BackgroundScheduler(daemon=True)
    scheduler.add_job(
        tick,
        "interval",
        minutes=CHECK_EVERY_MINUTES,
        id="due-timers",
        coalesce=True,
        max_instances=1,
    )
    scheduler.start()
    return scheduler
