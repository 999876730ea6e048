"""The ceiling: SpiffWorkflow alone runs the one-approval route in memory, no Layang around it.

Each lifecycle: start, run to the user task, serialize (spec included, as SpiffWorkflow stores it
by default) to JSON, deserialize, complete the task, run to the end, serialize again.
(The one bench file allowed to import SpiffWorkflow outside app/engine/: it measures it bare.)
"""

import json
import time
from pathlib import Path

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def lifecycles_per_second(bpmn: Path, seconds: float = 3.0) -> tuple[float, float]:
    """One-approval lifecycles SpiffWorkflow completes per second of wall time, and per second of
    this process's CPU time."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(bpmn))
    spec = parser.get_spec("persetujuan_satu")
    done, stop = 0, time.monotonic() + seconds
    start, cpu = time.perf_counter(), time.process_time()
    while time.monotonic() < stop:
        workflow = BpmnWorkflow(spec)
        workflow.do_engine_steps()
        saved = json.dumps(SERIALIZER.to_dict(workflow))
        workflow = SERIALIZER.from_dict(json.loads(saved))
        (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
        task.data["decision"] = "approve"
        task.run()
        workflow.do_engine_steps()
        assert workflow.is_completed()
        json.dumps(SERIALIZER.to_dict(workflow))
        done += 1
    return done / (time.perf_counter() - start), done / (time.process_time() - cpu)
