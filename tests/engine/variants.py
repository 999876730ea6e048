"""Edited versions of surat_desa, as an admin would make them in the modeler (diagram unchanged)."""

from tests.engine.helpers import WORKFLOWS

V1 = (WORKFLOWS / "surat_desa.bpmn").read_text()

APPROVE_TO_KADES = (
    '<bpmn:sequenceFlow id="operator_check_approve" name="Setuju" '
    'sourceRef="operator_check_decision" targetRef="kades_sign" />'
)
SEKDES_LANE = (
    '<bpmn:lane id="lane_sekdes" name="sekdes">'
    "<bpmn:flowNodeRef>sekdes_check</bpmn:flowNodeRef></bpmn:lane>"
)
KADES_LANE = '<bpmn:lane id="lane_kades" name="kades">'


def with_sekdes_check() -> str:
    """A sekdes check between the operator's check and the kades' signature."""
    return V1.replace(
        APPROVE_TO_KADES,
        (
            '<bpmn:sequenceFlow id="operator_check_approve" name="Setuju" '
            'sourceRef="operator_check_decision" targetRef="sekdes_check" />\n'
            '<bpmn:userTask id="sekdes_check" name="Periksa oleh sekdes">'
            "<bpmn:incoming>operator_check_approve</bpmn:incoming>"
            "<bpmn:outgoing>sekdes_to_kades</bpmn:outgoing></bpmn:userTask>\n"
            '<bpmn:sequenceFlow id="sekdes_to_kades" '
            'sourceRef="sekdes_check" targetRef="kades_sign" />'
        ),
    ).replace(KADES_LANE, SEKDES_LANE + KADES_LANE)


def with_archive_after_handover() -> str:
    """An archiving step by the operator after the letter is handed over."""
    return V1.replace(
        '<bpmn:sequenceFlow id="handover_to_end" sourceRef="handover" targetRef="end_completed" />',
        '<bpmn:sequenceFlow id="handover_to_end" sourceRef="handover" targetRef="archive" />\n'
        '<bpmn:userTask id="archive" name="Arsipkan surat">'
        "<bpmn:incoming>handover_to_end</bpmn:incoming>"
        "<bpmn:outgoing>archive_to_end</bpmn:outgoing></bpmn:userTask>\n"
        '<bpmn:sequenceFlow id="archive_to_end" sourceRef="archive" targetRef="end_completed" />',
    ).replace(
        "<bpmn:flowNodeRef>handover</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>handover</bpmn:flowNodeRef><bpmn:flowNodeRef>archive</bpmn:flowNodeRef>",
    )


def without_operator_revise() -> str:
    """A return at the operator's check goes straight back to the check (no revision step)."""
    return (
        V1.replace(
            'sourceRef="operator_check_decision" targetRef="operator_revise">',
            'sourceRef="operator_check_decision" targetRef="operator_check">',
        )
        .replace(
            '<bpmn:userTask id="operator_revise" name="Perbaiki data pemohon">\n'
            "      <bpmn:incoming>operator_check_return</bpmn:incoming>\n"
            "      <bpmn:outgoing>operator_revise_to_operator_check</bpmn:outgoing>\n"
            "    </bpmn:userTask>",
            "",
        )
        .replace(
            '<bpmn:sequenceFlow id="operator_revise_to_operator_check" sourceRef="operator_revise" '
            'targetRef="operator_check" />',
            "",
        )
        .replace("<bpmn:flowNodeRef>operator_revise</bpmn:flowNodeRef>", "")
        .replace(
            "<bpmn:incoming>operator_revise_to_operator_check</bpmn:incoming>",
            "<bpmn:incoming>operator_check_return</bpmn:incoming>",
        )
    )


def kades_sign_in_sekdes_lane() -> str:
    """The signing step handed to the sekdes lane."""
    return V1.replace("<bpmn:flowNodeRef>kades_sign</bpmn:flowNodeRef>", "").replace(
        KADES_LANE,
        '<bpmn:lane id="lane_sekdes" name="sekdes"><bpmn:flowNodeRef>kades_sign</bpmn:flowNodeRef>'
        "</bpmn:lane>" + KADES_LANE,
    )
