"""The path a saved process has taken: how often each BPMN element and flow was passed, and where it
waits."""

import functools
from collections import Counter

from SpiffWorkflow.util.task import TaskState

from app.bpmn.outline import outline_of

_WAITING = {TaskState.WAITING, TaskState.READY, TaskState.STARTED}


@functools.lru_cache(maxsize=32)
def _shape(bpmn_xml: str) -> tuple[dict, dict]:
    """Element names by id, and sequence flow ids by (source, target), parsed once per document."""
    outline = outline_of(bpmn_xml.encode("utf-8"))
    names = {e.id: e.name or e.id for e in outline.elements.values() if e.kind != "sequenceFlow"}
    flows = {
        (e.source, e.target): e.id for e in outline.elements.values() if e.kind == "sequenceFlow"
    }
    return names, flows


def element_names(bpmn_xml: str) -> dict[str, str]:
    """Each element's name (or id when unnamed), by id."""
    return _shape(bpmn_xml)[0]


def path_taken(state: dict, bpmn_xml: str) -> dict:
    """Counts per element and flow of a saved process state (a Snapshot.state), and the elements it
    waits at."""
    names, flow_ids = _shape(bpmn_xml)
    tasks = state.get("tasks") or {}
    elements: Counter[str] = Counter()
    flows: Counter[str] = Counter()
    current: set[str] = set()
    for task in tasks.values():
        step = task.get("task_spec")
        if step not in names:
            continue  # the engine's own bookkeeping tasks (Start, End, joins)
        if task.get("state") == TaskState.COMPLETED:
            elements[step] += 1
            for child_id in task.get("children") or []:
                child = tasks.get(child_id) or {}
                if child.get("state") == TaskState.COMPLETED or child.get("state") in _WAITING:
                    flow = flow_ids.get((step, child.get("task_spec")))
                    if flow:
                        flows[flow] += 1
        elif task.get("state") in _WAITING:
            current.add(step)
    return {"elements": dict(elements), "flows": dict(flows), "current": sorted(current)}
