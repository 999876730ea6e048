"""Uploaded routes are untrusted: anything that could run code or read files is refused at load."""

import pytest

from app import engine
from app.domain.errors import WorkflowError
from app.engine.scripts import SafeEnvironment
from tests.engine.helpers import WORKFLOWS

BASE = (WORKFLOWS / "surat_desa.bpmn").read_text()
HANDOVER = '<bpmn:userTask id="handover" name="Serahkan surat kepada pemohon">'


def refused(xml: str, match: str) -> None:
    with pytest.raises(WorkflowError, match=match):
        engine.load_route(xml.encode())


def test_the_shipped_route_loads_and_is_cached_by_content():
    assert engine.load_route(BASE.encode()) is engine.load_route(BASE.encode())


def test_a_script_task_is_refused_naming_its_id():
    xml = BASE.replace(
        HANDOVER,
        '<bpmn:scriptTask id="run_os"><bpmn:script>import os</bpmn:script>'
        "</bpmn:scriptTask>\n" + HANDOVER,
    )
    refused(xml, "'run_os' \\(scriptTask\\)")


@pytest.mark.parametrize(
    "element", ["serviceTask", "callActivity", "subProcess", "businessRuleTask"]
)
def test_elements_that_call_out_are_refused(element):
    refused(
        BASE.replace(HANDOVER, f'<bpmn:{element} id="outside" />\n' + HANDOVER),
        f"'outside' \\({element}\\)",
    )


def test_a_timer_event_is_refused():
    timer = (
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="wait_timer">'
        '<bpmn:timeDuration>"PT1H"</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>'
    )
    refused(BASE.replace(HANDOVER, timer + HANDOVER), "'wait'")


@pytest.mark.parametrize("script", ["preScript", "postScript"])
def test_spiff_pre_and_post_scripts_are_refused(script):
    ext = (
        f"<bpmn:extensionElements><spiffworkflow:{script}>import os</spiffworkflow:{script}>"
        "</bpmn:extensionElements>"
    )
    refused(BASE.replace(HANDOVER, HANDOVER + ext), f"'handover' memuat spiffworkflow:{script}")


@pytest.mark.parametrize(
    "condition",
    [
        '__import__("os").system("true")',
        "().__class__",
        "decision.__class__",
        "len(decision) > 0",
        "[x for x in decision]",
        "_secret == 1",
        "decision[0] == 'r'",
        "decision = 'x'",
    ],
)
def test_a_condition_that_does_more_than_compare_data_is_refused_with_the_flow_id(condition):
    xml = BASE.replace('decision == "return"', condition.replace("<", "&lt;"), 1)
    refused(xml, "operator_check_return")


def test_conditions_that_only_compare_data_are_accepted():
    xml = BASE.replace('decision == "return"', 'decision in ["return"] and not urgent', 1)
    assert engine.load_route(xml.encode()).process_id == "surat_desa"


def test_the_script_environment_evaluates_with_simpleeval_and_never_executes():
    env = SafeEnvironment()
    assert env.evaluate('decision == "reject"', {"decision": "reject"}) is True
    with pytest.raises(WorkflowError):
        env.evaluate("().__class__.__bases__", {})
    with pytest.raises(WorkflowError):
        env.execute("import os", {})


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol4;</bpmn:definitions>"""


@pytest.mark.parametrize(
    "xml",
    [
        BILLION_LAUGHS,
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>',
        '<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>',
        BASE.replace(
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0"?>\n<!DOCTYPE definitions>',
        ),
    ],
)
def test_documents_with_a_doctype_are_refused(xml):
    refused(xml, "DOCTYPE")


def test_malformed_xml_is_refused():
    refused("<bpmn:definitions", "not well-formed")


def test_every_finding_travels_with_the_error():
    """load_route refuses with the first finding as message and all, with element ids, as fields."""
    xml = BASE.replace(
        '<bpmn:lane id="lane_kades" name="kades">', '<bpmn:lane id="lane_kades" name="Kepala Desa">'
    )
    with pytest.raises(WorkflowError) as refusal:
        engine.load_route(xml.encode())
    assert {f["element_id"] for f in refusal.value.fields["findings"]} == {"kades_sign"}


def test_a_user_task_outside_every_lane_is_refused():
    """Lanes give tasks to roles; a task in no lane could never reach an inbox."""
    refused(
        BASE.replace("<bpmn:flowNodeRef>handover</bpmn:flowNodeRef>", ""),
        "'handover' .* tidak berada di lajur",
    )


def test_a_file_without_exactly_one_executable_process_is_refused():
    refused(
        BASE.replace('isExecutable="true"', 'isExecutable="false"'),
        "tepat satu proses yang dapat dijalankan",
    )


def test_a_flow_to_a_missing_element_is_refused():
    refused(
        BASE.replace('targetRef="handover"', 'targetRef="nowhere"'),
        "'kades_sign_approve' menunjuk elemen 'nowhere'",
    )


def test_a_route_that_breaks_the_bpmn_schema_is_refused():
    refused(
        BASE.replace("<bpmn:incoming>", "<bpmn:nonsense />\n      <bpmn:incoming>", 1), "nonsense"
    )
