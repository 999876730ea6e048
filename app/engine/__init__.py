"""The only place in Layang that talks to SpiffWorkflow: load a route, start and advance a process."""
from app.engine.process import Snapshot, TaskView, complete, open_tasks, start
from app.engine.route import Route, StepInfo, load_route

__all__ = ["Route", "Snapshot", "StepInfo", "TaskView", "complete", "load_route", "open_tasks", "start"]
