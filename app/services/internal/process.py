"""Running a letter's route: load its BPMN version, start it, and mirror its open tasks into the
inbox."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app import engine
from app.domain.errors import WorkflowError
from app.domain.events import EventKind
from app.domain.roles import ROLE_LEVEL, Role, is_known_role
from app.extensions import db
from app.models import Letter, RouteVersion, Task, TaskState
from app.models.base import utcnow
from app.services.internal.event_writer import record_event
from app.services.internal.scope import task_office_for


def route_of(version: RouteVersion) -> engine.Route:
    """The parsed route of a stored BPMN version (the engine caches by content)."""
    return engine.load_route(version.bpmn_xml.encode())


def start_process(letter: Letter) -> None:
    """Start the letter's route and open its first tasks."""
    snapshot = engine.start(route_of(letter.route_version), {})
    apply_snapshot(letter, snapshot)


def run_step(letter: Letter, task: Task, data: dict) -> engine.Snapshot:
    """Complete the engine task behind an inbox task; the caller mirrors it with apply_snapshot.

    The route's conditions may read the letter's declared fields (unset ones as None)."""
    fields = {f["name"]: letter.fields.get(f["name"]) for f in letter.letter_type.fields}
    return engine.complete(
        route_of(letter.route_version), letter.process_state, task.engine_id, {**fields, **data}
    )


def rewound(letter: Letter, state: dict, step: str) -> engine.Snapshot:
    """The process `state` sent back to `step` (a voided signer's), which is open again."""
    return engine.rewind(route_of(letter.route_version), state, step)


def reopen_step(letter: Letter, step: str) -> list[Task]:
    """Send the letter back to `step` (the first voided signer's), open again; later steps close."""
    return apply_snapshot(letter, rewound(letter, letter.process_state, step))


def interrupt_step(letter: Letter, boundary_id: str) -> list[Task]:
    """Run out an escalation timer: the engine cancels its step and follows the escalation's flow;
    the inbox follows (the old row is cancelled, the new steps open). Returns the new tasks."""
    route = route_of(letter.route_version)
    return apply_snapshot(letter, engine.escalate(route, letter.process_state, boundary_id))


def apply_snapshot(letter: Letter, snapshot: engine.Snapshot) -> list[Task]:
    """Save the process state and rewrite the letter's open inbox rows from it; return new tasks."""
    letter.process_state = snapshot.state
    letter.serializer_version = snapshot.serializer_version
    ready = {t.engine_id: t for t in snapshot.ready_tasks}
    open_rows = db.session.scalars(
        select(Task).where(Task.letter_id == letter.id, Task.state == TaskState.OPEN)
    ).all()
    for row in open_rows:
        if row.engine_id not in ready:
            row.state = TaskState.CANCELLED
            row.completed_at = utcnow()
    known = {row.engine_id for row in open_rows}
    created = []
    for view in snapshot.ready_tasks:
        if view.engine_id in known:
            continue
        if not is_known_role(view.lane):
            raise WorkflowError(
                f"Langkah '{view.step}' berada di lajur '{view.lane}' yang bukan peran."
            )
        office = task_office_for(ROLE_LEVEL[Role(view.lane)], letter.desa)
        event = record_event(
            letter,
            EventKind.TASK_CREATED,
            None,
            {  # opened first: the new row belongs to it
                "step": view.step,
                "name": view.name,
                "role": view.lane,
                "office": office.code,
            },
        )
        task = Task(
            letter_id=letter.id,
            engine_id=view.engine_id,
            step=view.step,
            name=view.name,
            role=view.lane,
            office_id=office.id,
            signing=view.signing,
            due_at=utcnow() + timedelta(days=current_app.config["TASK_DUE_DAYS"]),
        )
        db.session.add(task)
        db.session.flush()
        event.data["task_id"] = task.id
        created.append(task)
    return created
