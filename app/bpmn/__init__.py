"""Reading BPMN documents safely as plain data: parsing without DTDs or entities, the outline,
Layang's route rules, findings and diffs. Imports no SpiffWorkflow, Flask or SQLAlchemy; app/engine/
builds on it."""

from app.bpmn.diff import RouteDiff, diff_routes
from app.bpmn.findings import Finding, Level, blocking
from app.bpmn.outline import Outline, outline_of

__all__ = ["Finding", "Level", "Outline", "RouteDiff", "blocking", "diff_routes", "outline_of"]
