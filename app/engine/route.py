"""Loading an uploaded BPMN route: safety checks, parsing, and the list of its user task steps."""
import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any

from lxml.etree import LxmlError
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.specs.defaults import UserTask

from app.domain.errors import WorkflowError
from app.engine.safety import BPMN_NS, check_elements, parse_xml


@dataclass(frozen=True)
class StepInfo:
    """One user task of a route: who does it and whether it is a signing step."""

    step: str      # BPMN element id, e.g. "kades_sign"
    name: str      # BPMN element name, e.g. "Tandatangani surat (TTE)"
    lane: str      # lane name = role code, e.g. "kades"
    signing: bool  # marked with the layang_step=sign property


@dataclass(frozen=True, eq=False)
class Route:
    """A parsed, checked route: its process spec and its user task steps (happy path first)."""

    process_id: str
    steps: tuple[StepInfo, ...]
    sha256: str
    spec: Any = field(repr=False)
    subprocess_specs: dict = field(repr=False)

    def step(self, step_id: str) -> StepInfo | None:
        """The user task step with this BPMN id, if the route has one."""
        return next((s for s in self.steps if s.step == step_id), None)


def load_route(bpmn_xml: bytes) -> Route:
    """Parse and check a BPMN route; WorkflowError with a clear message when it is unsafe or unusable."""
    if isinstance(bpmn_xml, str):
        bpmn_xml = bpmn_xml.encode("utf-8")
    return _load(hashlib.sha256(bpmn_xml).hexdigest(), bpmn_xml)


@functools.lru_cache(maxsize=16)
def _load(sha256: str, bpmn_xml: bytes) -> Route:
    root = parse_xml(bpmn_xml)
    check_elements(root)
    executable = [p.get("id") for p in root.iter(f"{{{BPMN_NS}}}process") if p.get("isExecutable") == "true"]
    if len(executable) != 1:
        raise WorkflowError(f"A route must contain exactly one executable process; found {len(executable)}.")
    process_id = executable[0]
    try:
        parser = SpiffBpmnParser(validator=VALIDATOR)
        parser.add_bpmn_xml(root, filename=f"{process_id}.bpmn")
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
    except (SpiffWorkflowException, LxmlError, LookupError, ValueError, TypeError, AttributeError) as err:
        where = f" at element '{err.id}'" if getattr(err, "id", "") else ""
        line = f" (line {err.line_number})" if getattr(err, "line_number", "") else ""
        raise WorkflowError(f"The route is not valid BPMN{where}{line}: {err.args[0] if err.args else err!r}") from err
    steps = tuple(_step_info(ts) for ts in _user_tasks_in_order(spec))
    for info in steps:
        if not info.lane:
            raise WorkflowError(f"User task '{info.step}' is not in a lane; every user task needs a role lane.")
    return Route(process_id, steps, sha256, spec, subprocess_specs)


def _step_info(task_spec) -> StepInfo:
    # Signing steps carry <spiffworkflow:property name="layang_step" value="sign" />, which modelers keep.
    props = (getattr(task_spec, "extensions", None) or {}).get("properties", {})
    signing = props.get("layang_step") == "sign"
    return StepInfo(task_spec.bpmn_id, task_spec.bpmn_name or task_spec.bpmn_id, task_spec.lane or "", signing)


def _user_tasks_in_order(spec) -> list:
    """User tasks depth-first from the start, following each gateway's default flow first (the happy path)."""
    seen, found, stack = set(), [], [spec.start]
    while stack:
        ts = stack.pop()
        if ts.name in seen:
            continue
        seen.add(ts.name)
        if isinstance(ts, UserTask):
            found.append(ts)
        default = getattr(ts, "default_task_spec", None)  # only gateways have one
        stack.extend(reversed(sorted(ts.outputs, key=lambda out: out.name != default)))
    return found
