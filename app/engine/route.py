"""A runnable route: SpiffWorkflow's spec of its one executable process and the list of its user
task steps."""

from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.specs.defaults import UserTask

from app.bpmn.decisions import offered_decisions
from app.bpmn.outline import outline
from app.domain.errors import WorkflowError


@dataclass(frozen=True)
class StepInfo:
    """One user task of a route: who does it and whether it is a signing step."""

    step: str  # BPMN element id, e.g. "kades_sign"
    name: str  # BPMN element name, e.g. "Tandatangani surat (TTE)"
    lane: str  # lane name = role code, e.g. "kades"
    signing: bool  # marked with the layang_step=sign property
    decisions: tuple[str, ...] = ("approve",)  # what its outgoing flows handle (approve always)


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

    def has_element(self, element_id: str) -> bool:
        """Whether the process has any task spec (user task, gateway, event) with this BPMN id."""
        return element_id in self.spec.task_specs


def build_route(root, process_id: str, sha256: str) -> Route:
    """Let SpiffWorkflow build the process (already schema-checked); WorkflowError naming the
    element if it can't."""
    try:
        parser = SpiffBpmnParser()
        parser.add_bpmn_xml(root, filename=f"{process_id}.bpmn")
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
    except Exception as err:
        element_id = getattr(err, "id", "") or None
        where = f" pada elemen '{element_id}'" if element_id else ""
        detail = err.args[0] if err.args else repr(err)
        raise WorkflowError(
            f"SpiffWorkflow tidak dapat membangun proses{where}: {detail}",
            fields={"element_id": element_id},
        ) from err
    doc = outline(root)
    steps = tuple(_step_info(ts, doc) for ts in _user_tasks_in_order(spec))
    return Route(process_id, steps, sha256, spec, subprocess_specs)


def _step_info(task_spec, doc) -> StepInfo:
    # Signing steps carry <spiffworkflow:property name="layang_step" value="sign" />, which modelers
    # keep.
    props = (getattr(task_spec, "extensions", None) or {}).get("properties", {})
    signing = props.get("layang_step") == "sign"
    return StepInfo(
        task_spec.bpmn_id,
        task_spec.bpmn_name or task_spec.bpmn_id,
        task_spec.lane or "",
        signing,
        offered_decisions(doc, task_spec.bpmn_id),
    )


def _user_tasks_in_order(spec) -> list:
    """User tasks depth-first from the start, following each gateway's default flow first (the happy
    path)."""
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
