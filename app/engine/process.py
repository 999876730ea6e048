"""Running a letter's process: start it, complete its user tasks, and snapshot it without the
spec."""

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import UUID

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from app.domain.errors import WorkflowError
from app.engine.route import Route
from app.engine.scripts import SafeEnvironment

log = logging.getLogger(__name__)

SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
SCRIPT_ENGINE = PythonScriptEngine(environment=SafeEnvironment())
VERSION_KEY = (
    SERIALIZER.VERSION_KEY
)  # "serializer_version": kept inside the state too, checked on restore


@dataclass(frozen=True)
class TaskView:
    """A READY user task as the app sees it."""

    engine_id: str  # SpiffWorkflow task id (str of UUID)
    step: str  # BPMN element id, e.g. "kades_sign"
    name: str  # BPMN element name, e.g. "Tandatangani surat (TTE)"
    lane: str  # lane name = role code, e.g. "kades"
    signing: bool  # marked as signing step


@dataclass(frozen=True)
class Snapshot:
    """A process after a step: state to store (JSON, no spec) and the user tasks now open."""

    state: dict
    serializer_version: str
    completed: bool
    ready_tasks: tuple[TaskView, ...]


def start(route: Route, data: dict) -> Snapshot:
    """Start a new process instance and run to the first user tasks."""
    workflow = BpmnWorkflow(route.spec, route.subprocess_specs, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.data.update(_plain(data))
    with _engine_errors("Proses surat tidak dapat dimulai"):
        workflow.do_engine_steps()
    return _snapshot(route, workflow)


def complete(route: Route, state: dict, engine_id: str, data: dict) -> Snapshot:
    """Restore the saved process, complete the ready user task `engine_id` with `data`, run on, and
    snapshot."""
    workflow = _restore(route, state)
    task = _ready_user_task(route, workflow, engine_id)
    task.data.update(_plain(data))
    with _engine_errors(f"Langkah '{task.task_spec.bpmn_id}' tidak dapat diselesaikan"):
        task.run()
        workflow.do_engine_steps()
    return _snapshot(route, workflow)


def escalate(route: Route, state: dict, boundary_id: str) -> Snapshot:
    """Restore the saved process and run out the escalation timer `boundary_id` of an open step:
    the engine cancels that step and follows the escalation's flow. WorkflowError when the process
    is not waiting on it (the step is no longer open)."""
    workflow = _restore(route, state)
    waiting = [
        t for t in workflow.get_tasks(state=TaskState.WAITING) if t.task_spec.bpmn_id == boundary_id
    ]
    if not waiting:
        raise WorkflowError(f"Proses tidak sedang menunggu batas waktu '{boundary_id}'.")
    with _engine_errors(f"Eskalasi '{boundary_id}' tidak dapat dijalankan"):
        # The route gives each escalation a signal of its own (app/bpmn/service_levels.py).
        workflow.send_event(BpmnEvent(waiting[0].task_spec.event_definition))
        workflow.do_engine_steps()
    return _snapshot(route, workflow)


def open_tasks(route: Route, state: dict) -> tuple[TaskView, ...]:
    """The READY user tasks of a saved process."""
    return _ready_views(route, _restore(route, state))


def _plain(data: dict) -> dict:
    """A deep copy of the task data, refused unless it is plain JSON (the state must stay JSON)."""
    try:
        return json.loads(json.dumps(data or {}))
    except (TypeError, ValueError) as err:
        log.info("task data is not plain JSON: %s", err)
        raise WorkflowError("Data tugas harus berupa data JSON biasa.") from err


def _snapshot(route: Route, workflow: BpmnWorkflow) -> Snapshot:
    state = SERIALIZER.to_dict(workflow)
    del state["spec"], state["subprocess_specs"]  # stored once per route version, not per letter
    state[VERSION_KEY] = SERIALIZER.VERSION
    return Snapshot(
        state, SERIALIZER.VERSION, workflow.is_completed(), _ready_views(route, workflow)
    )


def _restore(route: Route, state: dict) -> BpmnWorkflow:
    version = state.get(VERSION_KEY) if isinstance(state, dict) else None
    if version != SERIALIZER.VERSION:
        log.error("process state version %r, engine reads %r", version, SERIALIZER.VERSION)
        raise WorkflowError(
            "Keadaan proses tersimpan dibuat oleh versi mesin lain; hubungi admin kabupaten."
        )
    dct = json.loads(json.dumps(state))  # a private copy: restoring pops keys from nested dicts
    del dct[VERSION_KEY]
    # The registry passes objects it does not know through unchanged, so the route's parsed spec
    # goes straight back in instead of being serialized into every letter's state.
    dct["spec"], dct["subprocess_specs"] = route.spec, dict(route.subprocess_specs)
    try:
        dct["tasks"] = _parents_first(dct["tasks"], dct["root"])
        workflow = SERIALIZER.from_dict(dct)
    except (SpiffWorkflowException, KeyError, TypeError, ValueError, AttributeError) as err:
        log.error("process state could not be restored: %r", err)
        raise WorkflowError(
            "Keadaan proses tersimpan tidak dapat dipulihkan; hubungi admin kabupaten."
        ) from err
    workflow.script_engine = SCRIPT_ENGINE
    return workflow


def _parents_first(tasks: dict, root: str) -> dict:
    """Order tasks root-first: a task's data is stored as a delta on its parent's, so the parent
    must be restored before it (a JSONB column does not keep the original key order)."""
    ordered, queue = {}, [root]
    while queue:
        task_id = queue.pop(0)
        if task_id in tasks and task_id not in ordered:
            ordered[task_id] = tasks[task_id]
            queue.extend(tasks[task_id]["children"])
    if len(ordered) != len(tasks):
        raise ValueError("the task tree is not connected to its root")
    return ordered


def _ready_user_task(route: Route, workflow: BpmnWorkflow, engine_id: str):
    try:
        task = workflow.get_task_from_id(UUID(str(engine_id)))
    except (ValueError, SpiffWorkflowException):
        raise WorkflowError("Langkah ini tidak ada dalam proses surat.") from None
    if task.state != TaskState.READY or route.step(task.task_spec.name) is None:
        log.info("task %s (%s) is %s", engine_id, task.task_spec.name, task.state)
        raise WorkflowError(f"Langkah '{task.task_spec.name}' tidak sedang terbuka.")
    return task


def _ready_views(route: Route, workflow: BpmnWorkflow) -> tuple[TaskView, ...]:
    ready = [
        (t, route.step(t.task_spec.name))
        for t in workflow.get_tasks(state=TaskState.READY, manual=True)
    ]
    return tuple(
        TaskView(str(t.id), i.step, i.name, i.lane, i.signing) for t, i in ready if i is not None
    )


@contextmanager
def _engine_errors(action: str):
    """Turn engine exceptions into WorkflowError with a message a person can act on."""
    try:
        yield
    except WorkflowError:
        raise
    except SpiffWorkflowException as err:
        spec = getattr(err, "task_spec", None)
        where = f" at '{spec.bpmn_id or spec.name}'" if spec is not None else ""
        cause = err.__context__  # Spiff wraps e.g. simpleeval's NameNotDefined without chaining it
        # The engine's own words are English internals: they go to the log, not to the user.
        log.warning("%s%s: %s (%r)", action, where, err.args[0] if err.args else err, cause)
        where = where.replace(" at ", " pada ")
        raise WorkflowError(
            f"{action}{where}: rute tidak dapat dijalankan dengan data ini. "
            "Periksa kondisi pada rute atau hubungi admin kabupaten."
        ) from err
