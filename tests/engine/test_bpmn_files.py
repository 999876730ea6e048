"""The shipped routes are modeler-clean: a lane per role code, full DI, agreed decision flows."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from app.domain.roles import is_known_role
from tests.engine.helpers import ROUTE_FILES

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
FLOW_NODES = ["startEvent", "endEvent", "userTask", "exclusiveGateway"]
PROJECT = Path(__file__).resolve().parents[2]


def parse(path):
    return etree.parse(str(path)).getroot()


def ids(root, xpath):
    return {el.get("id") for el in root.xpath(xpath, namespaces=NS)}


def bounds(root, element_id):
    b = root.xpath(f"//bpmndi:BPMNShape[@bpmnElement='{element_id}']/dc:Bounds", namespaces=NS)[0]
    return [float(b.get(k)) for k in ("x", "y", "width", "height")]


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_route_has_one_participant_for_its_executable_process(path):
    root = parse(path)
    processes = root.xpath("bpmn:process", namespaces=NS)
    assert [(p.get("id"), p.get("isExecutable")) for p in processes] == [(path.stem, "true")]
    participants = root.xpath("bpmn:collaboration/bpmn:participant", namespaces=NS)
    assert [p.get("processRef") for p in participants] == [path.stem]


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_every_flow_node_lies_in_exactly_one_lane_named_by_a_role_code(path):
    root = parse(path)
    lanes = root.xpath("//bpmn:lane", namespaces=NS)
    assert lanes and all(is_known_role(lane.get("name")) for lane in lanes)
    refs = [r.text for r in root.xpath("//bpmn:flowNodeRef", namespaces=NS)]
    nodes = ids(root, " | ".join(f"//bpmn:{kind}" for kind in FLOW_NODES))
    assert sorted(refs) == sorted(nodes)


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_diagram_has_a_shape_for_every_node_and_lane_and_an_edge_for_every_flow(path):
    root = parse(path)
    shaped = ids(root, "//bpmn:*[@id]") & {
        s.get("bpmnElement") for s in root.xpath("//bpmndi:BPMNShape", namespaces=NS)
    }
    nodes = ids(root, " | ".join(f"//bpmn:{kind}" for kind in FLOW_NODES))
    assert nodes | ids(root, "//bpmn:lane | //bpmn:participant") <= shaped
    flows = ids(root, "//bpmn:sequenceFlow")
    edges = root.xpath("//bpmndi:BPMNEdge", namespaces=NS)
    assert {e.get("bpmnElement") for e in edges} == flows
    assert all(len(e.xpath("di:waypoint", namespaces=NS)) >= 2 for e in edges)


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_every_node_is_drawn_inside_its_lane(path):
    root = parse(path)
    for lane in root.xpath("//bpmn:lane", namespaces=NS):
        lx, ly, lw, lh = bounds(root, lane.get("id"))
        for ref in lane.xpath("bpmn:flowNodeRef", namespaces=NS):
            x, y, w, h = bounds(root, ref.text)
            assert lx <= x and x + w <= lx + lw and ly <= y and y + h <= ly + lh, ref.text


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_each_decision_gateway_defaults_to_approve_and_conditions_return_and_reject(path):
    root = parse(path)
    for gateway in root.xpath("//bpmn:exclusiveGateway", namespaces=NS):
        outgoing = root.xpath(
            f"//bpmn:sequenceFlow[@sourceRef='{gateway.get('id')}']", namespaces=NS
        )
        conditions = {
            f.get("id"): f.findtext("bpmn:conditionExpression", namespaces=NS) for f in outgoing
        }
        approve = gateway.get("default")
        assert approve and approve.endswith("_approve") and conditions.pop(approve) is None
        assert sorted(conditions.values()) == ['decision == "reject"', 'decision == "return"']


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_only_the_sign_tasks_are_marked_as_signing_steps(path):
    root = parse(path)
    marked = root.xpath(
        "//bpmn:userTask[bpmn:extensionElements/spiffworkflow:properties"
        "/spiffworkflow:property[@name='layang_step' and @value='sign']]/@id",
        namespaces=NS,
    )
    assert marked and all(step.endswith("_sign") for step in marked)
    assert set(marked) == ids(root, "//bpmn:userTask[contains(@id, '_sign')]")


def test_nothing_outside_the_engine_adapter_imports_spiffworkflow():
    # bench/spiff_alone.py measures SpiffWorkflow bare: the ceiling the benchmarks compare against.
    allowed = (
        PROJECT / "app" / "engine",
        PROJECT / "tests" / "engine",
        PROJECT / "bench" / "spiff_alone.py",
    )
    imports = re.compile(r"^\s*(from|import)\s+SpiffWorkflow\b", re.MULTILINE)
    scanned = [
        path
        for path in PROJECT.rglob("*.py")
        if ".venv" not in path.parts and not any(path.is_relative_to(a) for a in allowed)
    ]
    assert any(
        path.is_relative_to(PROJECT / "app" / "bpmn") for path in scanned
    )  # the document package too
    offenders = [
        str(path.relative_to(PROJECT))
        for path in scanned
        if imports.search(path.read_text(errors="replace"))
    ]
    assert offenders == []


def test_the_engine_adapter_imports_no_web_or_database_library():
    sources = "\n".join(p.read_text() for p in (PROJECT / "app" / "engine").glob("*.py"))
    for library in ("flask", "sqlalchemy"):
        assert (
            f"import {library}" not in sources.lower() and f"from {library}" not in sources.lower()
        )


def test_the_bpmn_document_package_imports_no_engine_web_or_database_library():
    sources = "\n".join(p.read_text() for p in (PROJECT / "app" / "bpmn").glob("*.py")).lower()
    assert sources
    for library in ("spiffworkflow", "flask", "sqlalchemy", "app.engine"):
        assert f"import {library}" not in sources and f"from {library}" not in sources
    assert "from app import engine" not in sources
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, app.bpmn; print(*sys.modules)"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [m for m in loaded if m.startswith(("SpiffWorkflow", "app.engine"))] == []
