"""Drive a route through the adapter the way the app does: the state goes through JSON between steps."""
import json
from pathlib import Path

from app import engine

WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"
ROUTE_FILES = sorted(WORKFLOWS.glob("*.bpmn"))


def load(name: str) -> engine.Route:
    """The route in workflows/<name>.bpmn."""
    return engine.load_route((WORKFLOWS / f"{name}.bpmn").read_bytes())


def stored(snapshot: engine.Snapshot) -> dict:
    """The state as the app gets it back from its database column."""
    return json.loads(json.dumps(snapshot.state))


def act(route: engine.Route, snapshot: engine.Snapshot, decision: str | None, step: str | None = None,
        **extra) -> engine.Snapshot:
    """Complete the one ready task (checking its step when given) with a decision, after a JSON round trip."""
    assert len(snapshot.ready_tasks) == 1, snapshot.ready_tasks
    task = snapshot.ready_tasks[0]
    if step is not None:
        assert task.step == step
    data = dict(extra, decision=decision, reason=f"{decision} at {task.step}") if decision else dict(extra)
    return engine.complete(route, stored(snapshot), task.engine_id, data)


def ready_steps(snapshot: engine.Snapshot) -> list[str]:
    return [t.step for t in snapshot.ready_tasks]
