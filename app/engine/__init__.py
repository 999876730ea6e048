"""The only place in Layang that talks to SpiffWorkflow: check and load a route, start, advance and
move a process.

Reading a BPMN document as plain data (outline, rules, findings, diffs) lives in app/bpmn/.
"""

from app.engine.migration import migrate, migration_blockers
from app.engine.process import Snapshot, TaskView, complete, escalate, open_tasks, start
from app.engine.rewind import rewind
from app.engine.route import Route, StepInfo
from app.engine.trail import element_names, path_taken
from app.engine.validation import load_route, validate

__all__ = [
    "Route",
    "Snapshot",
    "StepInfo",
    "TaskView",
    "complete",
    "element_names",
    "escalate",
    "load_route",
    "migrate",
    "migration_blockers",
    "open_tasks",
    "path_taken",
    "rewind",
    "start",
    "validate",
]
