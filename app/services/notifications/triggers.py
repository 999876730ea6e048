"""What a letter's events tell whom, and which timers they start: called by the event writer as each
event is sealed, inside the transaction that made the change, so a notification (or a service-level
timer) exists exactly when its cause does."""

from datetime import datetime

from sqlalchemy import select

from app.domain.events import EventKind
from app.domain.notifications import Kind
from app.domain.roles import Role
from app.domain.status import DecisionKind, LetterStatus
from app.extensions import db
from app.models import Delegation, Letter, LetterEvent, Task, User
from app.models.base import utcnow
from app.models.resident import ResidentRequest
from app.services.notifications import notify_user
from app.services.service_levels import schedule_task_timers


def after_event(event: LetterEvent, letter: Letter) -> None:
    """Write the notifications an event causes (a new task, a return, a finished letter)."""
    if event.kind == EventKind.TASK_CREATED and event.data.get("task_id"):
        task = db.session.get(Task, event.data["task_id"])
        if task is not None:
            _task_opened(task, letter, event.actor_id)
            schedule_task_timers(task, letter)
    elif (
        event.kind == EventKind.COMPLETED
        and letter.status == LetterStatus.COMPLETED
        and letter.created_by_id != event.actor_id
    ):
        _finished(letter, letter.created_by)


def online_request_confirmed(request: ResidentRequest) -> None:
    """Tell the desa's operators that a resident's confirmed request waits on their desk (in the
    caller's transaction). The resident who confirmed it is not an official: nobody is left out."""
    db.session.flush()  # the request needs its id for the link
    operators = db.session.scalars(
        select(User).where(
            User.role == Role.OPERATOR_DESA,
            User.office_id == request.desa_id,
            User.active.is_(True),
        )
    ).all()
    facts = {"letter_type": request.letter_type.name, "applicant": request.applicant_name}
    for user in operators:
        notify_user(user, Kind.ONLINE_REQUEST, facts, f"/permohonan-online/{request.id}")


def letter_facts(letter: Letter, **more) -> dict:
    """The words a message about this letter uses."""
    return {"letter_type": letter.letter_type.name, "applicant": letter.applicant_name, **more}


def task_recipients(task: Task, now: datetime | None = None) -> list[User]:
    """Who may act on a task now: holders of its role in its office, and their Plt."""
    now = now or utcnow()
    holders = db.session.scalars(
        select(User).where(
            User.role == task.role, User.office_id == task.office_id, User.active.is_(True)
        )
    ).all()
    deputies = db.session.scalars(
        select(User)
        .join(Delegation, Delegation.to_user_id == User.id)
        .where(
            Delegation.role == task.role,
            User.office_id == task.office_id,
            User.active.is_(True),
            Delegation.revoked_at.is_(None),
            Delegation.starts_at <= now,
            Delegation.ends_at > now,
        )
    ).all()
    return list({user.id: user for user in [*holders, *deputies]}.values())


def _task_opened(task: Task, letter: Letter, actor_id: int | None) -> None:
    returned_reason = _return_reason(letter) if letter.status == LetterStatus.RETURNED else None
    for user in task_recipients(task):
        if user.id == actor_id:
            continue  # nobody is told about a task their own action created
        link = f"/tasks/{task.id}"
        if returned_reason is not None:
            facts = letter_facts(letter, reason=returned_reason)
            notify_user(user, Kind.RETURNED, facts, link, letter.id)
        elif user.id == letter.created_by_id and letter.number and not task.signing:
            _finished(letter, user, link)
        else:
            notify_user(user, Kind.NEW_TASK, letter_facts(letter, step=task.name), link, letter.id)


def _finished(letter: Letter, user: User, link: str | None = None) -> None:
    facts = letter_facts(letter, number=letter.number)
    notify_user(user, Kind.FINISHED, facts, link or f"/letters/{letter.id}", letter.id)


def _return_reason(letter: Letter) -> str:
    reason = db.session.scalar(
        select(Task.reason)
        .where(Task.letter_id == letter.id, Task.decision == DecisionKind.RETURN)
        .order_by(Task.completed_at.desc(), Task.id.desc())
        .limit(1)
    )
    return reason or "-"
