"""The only place in Layang that talks to SpiffWorkflow: check and load a route, start, advance and move a process."""
from app.engine.diff import RouteDiff, diff_routes
from app.engine.findings import Finding, Level, blocking
from app.engine.migration import migrate, migration_blockers
from app.engine.outline import Outline, outline_of
from app.engine.process import Snapshot, TaskView, complete, open_tasks, start
from app.engine.route import Route, StepInfo
from app.engine.trail import element_names, path_taken
from app.engine.validation import TASK_ROLES, load_route, validate

__all__ = ["Finding", "Level", "Outline", "Route", "RouteDiff", "Snapshot", "StepInfo", "TASK_ROLES", "TaskView",
           "blocking", "complete", "diff_routes", "element_names", "path_taken", "load_route", "migrate", "migration_blockers", "open_tasks",
           "outline_of", "start", "validate"]
