"""Timers: a step left open past its due date fires once, into the letter's history; a service
level's timer (services/service_levels.py) fires once, reminding or escalating (an escalation
cancels its step and the letter follows the escalation's flow in the route).

Several processes may try to fire the same timer (a stalled scheduler and the one that took over):
a conditional update lets exactly one of them do it.
"""

import logging
from datetime import datetime
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult

from app.bpmn.service_levels import ESCALATION
from app.domain.errors import WorkflowError
from app.domain.events import EventKind
from app.domain.notifications import WIB, Kind
from app.domain.roles import Role
from app.extensions import db
from app.models import Letter, Task, TaskState, Timer, User
from app.models.base import utcnow
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event
from app.services.internal.process import interrupt_step
from app.services.notifications import notify_user
from app.services.notifications.triggers import letter_facts, task_recipients

log = logging.getLogger(__name__)


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


def unfired_timers(
    after_id: int = 0, due_before: datetime | None = None
) -> list[tuple[int, datetime]]:
    """(id, due) of the timers still to fire, soonest first: all of them, or only those newer than
    `after_id` and those already due before `due_before`."""
    query = select(Timer.id, Timer.due_at).where(
        Timer.fired_at.is_(None), Timer.cancelled_at.is_(None)
    )
    if after_id:
        newer = Timer.id > after_id
        query = query.where(newer | (Timer.due_at < due_before) if due_before else newer)
    rows = db.session.execute(query.order_by(Timer.due_at)).all()
    return [(row.id, row.due_at) for row in rows]


def fire_timer(timer_id: int, now: datetime | None = None) -> bool:
    """Fire one timer if nobody has: remind or escalate, and write it into the letter's history."""
    now = now or utcnow()
    with committing():
        taken = db.session.execute(
            update(Timer)
            .where(Timer.id == timer_id, Timer.fired_at.is_(None), Timer.cancelled_at.is_(None))
            .values(fired_at=now)
        )
        if cast(CursorResult, taken).rowcount != 1:
            return False
        timer = db.session.get_one(Timer, timer_id)
        task = db.session.get_one(Task, timer.task_id)
        # Lock the letter before writing rows that point to it: on PostgreSQL those rows take a
        # shared lock on it, and two timers of one letter upgrading that lock would deadlock.
        db.session.execute(select(Letter.id).where(Letter.id == task.letter_id).with_for_update())
        if task.state != TaskState.OPEN:
            timer.cancelled_at, timer.fired_at = now, None  # the step is done: nothing to say
            return False
        letter = task.letter
        escalation = timer.kind == ESCALATION
        # The event is opened before the escalation changes anything: the cancelled step and the
        # process moved along the escalation's flow belong to it (event_writer.py).
        record_event(
            letter,
            EventKind.TIMER_FIRED,
            None,
            {
                "task_id": task.id,
                "step": task.step,
                "service_level": timer.boundary_id,
                "kind": timer.kind,
                "due_at": timer.due_at.isoformat(),
                "interrupted": escalation,
            },
        )
        if escalation:
            try:
                opened = interrupt_step(letter, timer.boundary_id)
            except WorkflowError as err:  # e.g. a letter moved to a route version without it
                log.warning("escalation %s of task %s not run: %s", timer.boundary_id, task.id, err)
                opened = [task]
            _escalate(task, letter, f"/tasks/{opened[0].id}" if opened else f"/letters/{letter.id}")
        else:
            _remind(task, letter, task_recipients(task, now), Kind.REMINDER, f"/tasks/{task.id}")
    return True


def _remind(task: Task, letter: Letter, users: list[User], kind: Kind, link: str) -> None:
    facts = letter_facts(
        letter, step=task.name, since=f"{task.created_at.astimezone(WIB):%d-%m-%Y %H:%M} WIB"
    )
    for user in users:
        notify_user(user, kind, facts, link, letter.id)


def _escalate(task: Task, letter: Letter, link: str) -> None:
    """To the Plt of the role when one is set; else a reminder to the desa operators."""
    deputies = [u for u in task_recipients(task) if u.role != task.role]
    if deputies:
        _remind(task, letter, deputies, Kind.ESCALATION, link)
        return
    operators = db.session.scalars(
        select(User).where(
            User.role == Role.OPERATOR_DESA, User.office_id == letter.desa_id, User.active
        )
    ).all()
    _remind(task, letter, list(operators), Kind.ESCALATION, link)
