"""Sending a process back to an earlier step: a change voiding a signature reopens that step."""

from SpiffWorkflow.util.task import TaskState

from app.domain.errors import WorkflowError
from app.engine.process import Snapshot, _engine_errors, _restore, _snapshot
from app.engine.route import Route


def rewind(route: Route, state: dict, step: str) -> Snapshot:
    """The process moved back to the last completed run of `step`, reopened."""
    workflow = _restore(route, state)
    done = [t for t in workflow.get_tasks(state=TaskState.COMPLETED) if t.task_spec.name == step]
    if route.step(step) is None or not done:
        raise WorkflowError(f"Langkah '{step}' belum pernah dilalui surat ini.")
    latest = max(done, key=lambda t: t.last_state_change)
    with _engine_errors(f"Surat tidak dapat dikembalikan ke langkah '{step}'"):
        workflow.reset_from_task_id(latest.id)
        workflow.do_engine_steps()
    snapshot = _snapshot(route, workflow)
    if step not in {t.step for t in snapshot.ready_tasks}:
        raise WorkflowError(f"Langkah '{step}' tidak terbuka kembali.")
    return snapshot
