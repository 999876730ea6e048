"""Drive a route through the adapter as the app does: the state goes through JSON between steps."""

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


def act(
    route: engine.Route,
    snapshot: engine.Snapshot,
    decision: str | None,
    step: str | None = None,
    **extra,
) -> engine.Snapshot:
    """Complete the one ready task (check its step if given) with a decision after a JSON trip."""
    assert len(snapshot.ready_tasks) == 1, snapshot.ready_tasks
    task = snapshot.ready_tasks[0]
    if step is not None:
        assert task.step == step
    data = (
        dict(extra, decision=decision, reason=f"{decision} at {task.step}")
        if decision
        else dict(extra)
    )
    return engine.complete(route, stored(snapshot), task.engine_id, data)


def ready_steps(snapshot: engine.Snapshot) -> list[str]:
    return [t.step for t in snapshot.ready_tasks]


def mini_route(
    nodes: list,
    flows: list,
    lanes: dict | None = None,
    process_id: str = "mini",
    executable: bool = True,
) -> bytes:
    """A small route document for rule tests.

    nodes: (kind, id) or (kind, id, {"name": .., "default": .., "sign": True}); flows: (id, source,
    target) or (id, source, target, condition); lanes: {lane name: [node ids]}; no diagram, the
    engine needs none.
    """
    lanes = {"operator_desa": [n[1] for n in nodes]} if lanes is None else lanes
    lane_xml = "".join(
        f'<bpmn:lane id="lane_{i}" name="{name}">'
        + "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in refs)
        + "</bpmn:lane>"
        for i, (name, refs) in enumerate(lanes.items())
    )
    node_xml = []
    for kind, node_id, *rest in nodes:
        attrs = rest[0] if rest else {}
        sign = (
            (
                "<bpmn:extensionElements><spiffworkflow:properties>"
                '<spiffworkflow:property name="layang_step" value="sign" />'
                "</spiffworkflow:properties></bpmn:extensionElements>"
            )
            if attrs.get("sign")
            else ""
        )
        default = f' default="{attrs["default"]}"' if attrs.get("default") else ""
        name = attrs.get("name", node_id.replace("_", " "))
        node_xml.append(f'<bpmn:{kind} id="{node_id}" name="{name}"{default}>{sign}</bpmn:{kind}>')
    flow_xml = []
    for flow_id, source, target, *condition in flows:
        body = (
            (
                f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition[0]}'
                "</bpmn:conditionExpression>"
            )
            if condition
            else ""
        )
        flow_xml.append(
            f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">'
            f"{body}</bpmn:sequenceFlow>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
        'id="defs" targetNamespace="t">'
        f'<bpmn:process id="{process_id}" isExecutable="{str(executable).lower()}">'
        + (f'<bpmn:laneSet id="lanes">{lane_xml}</bpmn:laneSet>' if lane_xml else "")
        + "".join(node_xml)
        + "".join(flow_xml)
        + "</bpmn:process></bpmn:definitions>"
    ).encode()


# A valid two-step route: check, then sign with return and reject; the rule tests start from it.
MINI_NODES = [
    ("startEvent", "start"),
    ("userTask", "check"),
    ("userTask", "kades_sign", {"sign": True}),
    ("exclusiveGateway", "sign_decision", {"default": "sign_approve"}),
    ("endEvent", "done"),
    ("endEvent", "rejected"),
]
MINI_FLOWS = [
    ("start_to_check", "start", "check"),
    ("check_to_sign", "check", "kades_sign"),
    ("sign_to_decision", "kades_sign", "sign_decision"),
    ("sign_approve", "sign_decision", "done"),
    ("sign_return", "sign_decision", "check", 'decision == "return"'),
    ("sign_reject", "sign_decision", "rejected", 'decision == "reject"'),
]
MINI_LANES = {
    "operator_desa": ["start", "check", "done", "rejected"],
    "kades": ["kades_sign", "sign_decision"],
}
