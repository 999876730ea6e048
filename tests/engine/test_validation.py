"""One failing route per validation rule: each finding names the element an admin has to fix."""

import pytest

from app import engine
from app.bpmn import Level
from tests.corpus import MIWG
from tests.engine.helpers import MINI_FLOWS, MINI_LANES, MINI_NODES, WORKFLOWS, mini_route

BASE = (WORKFLOWS / "surat_desa.bpmn").read_text()


def findings(xml) -> dict[str, set]:
    """rule -> element ids it names."""
    found: dict[str, set] = {}
    for finding in engine.validate(xml if isinstance(xml, bytes) else xml.encode()):
        assert finding.message and finding.level in Level
        found.setdefault(finding.rule, set()).add(finding.element_id)
    return found


def mini(nodes=MINI_NODES, flows=MINI_FLOWS, lanes=MINI_LANES, **kw) -> bytes:
    return mini_route(nodes, flows, lanes, **kw)


def replace_node(kind, node_id, attrs=None):
    return [(kind, node_id, attrs or {}) if n[1] == node_id else n for n in MINI_NODES]


def test_the_shipped_routes_and_the_mini_route_have_no_findings():
    assert engine.validate(BASE.encode()) == []
    assert engine.validate((WORKFLOWS / "surat_desa_kecamatan.bpmn").read_bytes()) == []
    assert engine.validate(mini()) == []


def test_a_user_task_in_a_lane_that_is_not_a_role_is_named():
    lanes = {
        "Kepala Desa": ["kades_sign", "sign_decision"],
        "operator_desa": ["start", "check", "done", "rejected"],
    }
    found = engine.validate(mini(lanes=lanes))
    assert [(f.rule, f.element_id) for f in found] == [("lane_role", "kades_sign")]
    assert "'Kepala Desa'" in found[0].message and "kades" in found[0].message


def test_a_user_task_outside_every_lane_is_named():
    lanes = {
        "operator_desa": ["start", "done", "rejected"],
        "kades": ["kades_sign", "sign_decision"],
    }
    assert findings(mini(lanes=lanes)) == {"lane_role": {"check"}}


def test_admin_and_auditor_lanes_are_not_task_roles():
    lanes = {
        "auditor": ["kades_sign", "sign_decision"],
        "operator_desa": ["start", "check", "done", "rejected"],
    }
    assert findings(mini(lanes=lanes)) == {"lane_role": {"kades_sign"}}


def test_a_signing_step_without_a_way_back_is_named():
    flows = [f for f in MINI_FLOWS if f[0] not in ("sign_return", "sign_reject")]
    nodes = [n for n in MINI_NODES if n[1] != "rejected"]
    found = findings(mini(nodes=nodes, flows=flows))
    assert found == {"sign_way_back": {"kades_sign"}}


def test_a_signing_step_whose_branches_never_return_or_reject_is_named():
    flows = [
        f
        if f[0] != "sign_return"
        else ("sign_return", "sign_decision", "check", 'decision == "later"')
        for f in MINI_FLOWS
        if f[0] != "sign_reject"
    ]
    nodes = [n for n in MINI_NODES if n[1] != "rejected"]
    assert findings(mini(nodes=nodes, flows=flows)) == {
        "sign_way_back": {"kades_sign"},
        "decision_value": {"sign_return"},  # "later" is no decision anyone can take
    }


def test_a_gateway_flow_that_is_neither_conditional_nor_default_is_named():
    nodes = replace_node("exclusiveGateway", "sign_decision")  # no default any more
    found = findings(mini(nodes=nodes))
    assert found["gateway_condition"] == {"sign_approve"} and set(found) <= {
        "gateway_condition",
        "engine_build",
    }


def test_a_gateway_whose_conditions_miss_a_decision_is_named():
    nodes = replace_node("exclusiveGateway", "sign_decision")
    flows = [
        f
        if f[0] != "sign_approve"
        else ("sign_approve", "sign_decision", "done", 'decision == "ok"')
        for f in MINI_FLOWS
    ]
    found = engine.validate(mini(nodes=nodes, flows=flows))
    assert sorted((f.rule, f.element_id) for f in found) == [
        ("decision_value", "sign_approve"),
        ("gateway_default", "sign_decision"),
    ]
    assert "'approve'" in next(f.message for f in found if f.rule == "gateway_default")


def test_a_gateway_whose_conditions_cover_every_decision_needs_no_default():
    nodes = replace_node("exclusiveGateway", "sign_decision")
    flows = [
        f
        if f[0] != "sign_approve"
        else ("sign_approve", "sign_decision", "done", 'decision == "approve"')
        for f in MINI_FLOWS
    ]
    assert engine.validate(mini(nodes=nodes, flows=flows)) == []


def test_a_default_flow_that_leaves_another_element_is_named():
    nodes = replace_node("exclusiveGateway", "sign_decision", {"default": "start_to_check"})
    assert findings(mini(nodes=nodes))["gateway_default"] == {"sign_decision"}


def test_a_script_task_is_named():
    nodes = [*MINI_NODES, ("scriptTask", "run_os")]
    flows = [
        *MINI_FLOWS[:1],
        ("check_to_script", "check", "run_os"),
        ("script_to_sign", "run_os", "kades_sign"),
        *MINI_FLOWS[2:],
    ]
    lanes = dict(MINI_LANES, operator_desa=MINI_LANES["operator_desa"] + ["run_os"])
    assert findings(
        mini(nodes=nodes, flows=[f for f in flows if f[0] != "check_to_sign"], lanes=lanes)
    ) == {"element_not_allowed": {"run_os"}}


def test_an_event_with_a_timer_is_named_by_the_event_not_its_definition():
    xml = BASE.replace(
        "<bpmn:outgoing>submitted_to_operator_check</bpmn:outgoing>",
        "<bpmn:outgoing>submitted_to_operator_check</bpmn:outgoing>"
        '<bpmn:timerEventDefinition id="every_hour" />',
    )
    found = findings(xml)
    assert found["element_not_allowed"] == {"submitted"} and set(found) <= {
        "element_not_allowed",
        "engine_build",
    }


def test_a_spiff_script_extension_is_named():
    xml = BASE.replace(
        '<bpmn:userTask id="handover" name="Serahkan surat kepada pemohon">',
        '<bpmn:userTask id="handover" name="Serahkan surat kepada pemohon"><bpmn:extensionElements>'
        "<spiffworkflow:preScript>import os</spiffworkflow:preScript></bpmn:extensionElements>",
    )
    assert findings(xml) == {"extension_not_allowed": {"handover"}}


def test_an_expression_outside_the_allow_list_is_named_by_its_flow():
    flows = [
        f
        if f[0] != "sign_reject"
        else ("sign_reject", "sign_decision", "rejected", '__import__("os")')
        for f in MINI_FLOWS
    ]
    assert findings(mini(flows=flows)) == {"expression_not_allowed": {"sign_reject"}}


def test_a_route_without_a_start_event_is_named_by_its_process():
    nodes = [n for n in MINI_NODES if n[1] != "start"]
    flows = [f for f in MINI_FLOWS if f[0] != "start_to_check"]
    found = findings(mini(nodes=nodes, flows=flows))
    assert found["start_event"] == {"mini"}


def test_a_route_without_an_end_event_is_named_by_its_process():
    nodes = [n for n in MINI_NODES if n[0] != "endEvent"] + [
        ("userTask", "done"),
        ("userTask", "rejected"),
    ]
    found = findings(mini(nodes=nodes))
    assert found["end_event"] == {"mini"}


def test_a_task_nobody_reaches_and_one_that_leads_nowhere_are_named():
    nodes = [*MINI_NODES, ("userTask", "archive")]
    lanes = dict(MINI_LANES, operator_desa=MINI_LANES["operator_desa"] + ["archive"])
    found = engine.validate(mini(nodes=nodes, lanes=lanes))
    assert {(f.rule, f.element_id) for f in found} == {("disconnected", "archive")}
    assert "tidak pernah dicapai" in found[0].message


def test_a_document_without_exactly_one_executable_process_is_named():
    assert findings(mini(executable=False)) == {"process_count": {"mini"}}


def test_a_task_without_a_name_is_only_a_warning():
    nodes = replace_node("userTask", "check", {"name": ""})
    found = engine.validate(mini(nodes=nodes))
    assert [(f.rule, f.element_id, f.level) for f in found] == [
        ("task_name", "check", Level.WARNING)
    ]
    assert engine.load_route(mini(nodes=nodes)).step("check")


def test_a_schema_breach_is_fatal_and_named_by_the_nearest_element():
    xml = BASE.replace("<bpmn:incoming>", "<bpmn:nonsense />\n      <bpmn:incoming>", 1)
    found = engine.validate(xml.encode())
    assert [(f.rule, f.element_id, f.level) for f in found] == [
        ("bpmn_schema", "operator_check", Level.FATAL)
    ]


def test_a_document_that_is_not_bpmn_is_fatal():
    found = engine.validate(b"<html><body>hello</body></html>")
    assert [(f.rule, f.element_id, f.level) for f in found] == [("not_bpmn", None, Level.FATAL)]


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><bpmn:definitions '
        b'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol3;</bpmn:definitions>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>',
        b"<bpmn:definitions",
        b"<x>" + b" " * 2_000_001 + b"</x>",
    ],
    ids=["billion-laughs", "xxe", "malformed", "too-large"],
)
def test_unsafe_or_broken_xml_is_a_fatal_finding_on_the_document(xml):
    found = engine.validate(xml)
    assert [(f.rule, f.element_id, f.level) for f in found] == [("xml_safety", None, Level.FATAL)]
    assert "root:" not in found[0].message  # never echoes a file's content


def test_what_spiffworkflow_cannot_build_is_named():
    path = MIWG / "bpmnio-camunda-modeler-C.5.0-export.bpmn"
    found = engine.validate(path.read_bytes())
    build = [f for f in found if f.rule == "engine_build"]
    assert [f.element_id for f in build] == [
        "Activity_1nw3l11"
    ] and "dataOutputAssociation" in build[0].message
