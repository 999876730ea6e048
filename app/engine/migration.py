"""Moving a running process to a newer version of its route, keeping every completed step.

SpiffWorkflow 3.2 aligns the saved task tree with the new spec by BPMN id (bpmn.util.diff):
completed tasks keep their history, open user tasks stay open with the same ids, and what lies ahead
is predicted again from the new spec.
"""

import json

from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from app.domain.errors import WorkflowError
from app.engine.process import SERIALIZER, Snapshot, _engine_errors, _restore, _snapshot
from app.engine.route import Route

_HISTORY = TaskState.COMPLETED | TaskState.ERROR | TaskState.CANCELLED
_CURRENT = TaskState.READY | TaskState.WAITING | TaskState.STARTED


def migration_blockers(old: Route, state: dict, new: Route) -> list[str]:
    """Why a saved process cannot move to the new route version (an empty list: it can)."""
    return _blockers(old, _restore(old, state), new)


def migrate(old: Route, state: dict, new: Route) -> Snapshot:
    """The saved process moved onto the new route version, at the same open steps."""
    workflow = _restore(old, state)
    reasons = _blockers(old, workflow, new)
    if reasons:
        raise WorkflowError(reasons[0], fields={"reasons": reasons})
    before = sorted(t.step for t in _snapshot(old, workflow).ready_tasks)
    with _engine_errors("Proses tidak dapat dipindahkan ke versi baru"):
        top, _subprocesses = diff_workflow(
            SERIALIZER.registry, workflow, new.spec, new.subprocess_specs
        )
        migrate_workflow(top, workflow, new.spec)
        workflow.subprocess_specs = dict(new.subprocess_specs)
        workflow.do_engine_steps()
    snapshot = _snapshot(new, workflow)
    if sorted(t.step for t in snapshot.ready_tasks) != before:
        raise WorkflowError(
            "Pemindahan akan mengubah langkah surat yang sedang terbuka; surat tetap pada versinya."
        )
    _restore(
        new, json.loads(json.dumps(snapshot.state))
    )  # the moved state must read back on the new version
    return snapshot


def _blockers(old: Route, workflow, new: Route) -> list[str]:
    reasons = []
    for task in workflow.get_tasks(state=_CURRENT):
        reasons += _current_step_blockers(old, new, task.task_spec.name)
    passed = {t.task_spec.name for t in workflow.get_tasks(state=_HISTORY)}
    for name in sorted(passed):
        if not new.has_element(name):
            step = old.step(name)
            label = step.name if step else name
            reasons.append(
                f"Riwayat surat melewati '{name}' ({label}) yang tidak ada lagi pada versi baru."
            )
    return reasons


def _current_step_blockers(old: Route, new: Route, name: str) -> list[str]:
    before, after = old.step(name), new.step(name)
    if not new.has_element(name):
        return [f"Langkah saat ini '{name}' dihapus pada versi baru."]
    if before is None:
        return []  # an engine-internal wait (e.g. a join); it exists in the new version
    if after is None:
        return [
            f"Langkah saat ini '{name}' bukan lagi tugas pengguna pada versi baru "
            "(jenisnya berubah)."
        ]
    if after.lane != before.lane:
        return [f"Langkah saat ini '{name}' pindah lajur dari '{before.lane}' ke '{after.lane}'."]
    if after.signing != before.signing:
        return [f"Langkah saat ini '{name}' berubah sifat tanda tangannya (TTE)."]
    return []
