"""Issue 9, path 1: a step the admin adds offers only the decisions its route handles."""

from tests.admin.helpers import save_and_deploy
from tests.e2e.journeys import act, inbox_task, walk_sktm
from tests.engine.helpers import WORKFLOWS
from tests.verify.helpers import code_of
from tests.web import login_web

KECAMATAN = (WORKFLOWS / "surat_desa_kecamatan.bpmn").read_text()
# "Catat di buku agenda" dragged between the camat's gateway and "Serahkan surat"; no gateway.
WITH_AGENDA = KECAMATAN.replace(
    '<bpmn:sequenceFlow id="camat_sign_approve" name="Setuju" sourceRef="camat_sign_decision" '
    'targetRef="handover" />',
    '<bpmn:sequenceFlow id="camat_sign_approve" name="Setuju" sourceRef="camat_sign_decision" '
    'targetRef="agenda" />'
    '<bpmn:userTask id="agenda" name="Catat di buku agenda" />'
    '<bpmn:sequenceFlow id="agenda_to_handover" sourceRef="agenda" targetRef="handover" />',
).replace(
    "<bpmn:flowNodeRef>kecamatan_check</bpmn:flowNodeRef>",
    "<bpmn:flowNodeRef>kecamatan_check</bpmn:flowNodeRef>"
    "<bpmn:flowNodeRef>agenda</bpmn:flowNodeRef>",
)


def test_an_added_plain_step_offers_only_approve_and_refuses_reject_and_return(app, api_as, sktm):
    save_and_deploy(api_as("admin.blora"), "surat_desa_kecamatan", WITH_AGENDA, "Buku agenda")
    letter = walk_sktm(api_as, sktm, until="handover")  # the camat signed: the agenda step waits
    kecamatan = api_as("operator.kec.japah")
    task = inbox_task(kecamatan, letter["id"], "agenda")

    detail = kecamatan.get(f"/tasks/{task['id']}").get_json()
    assert detail["decisions"] == ["approve"]
    assert detail["can_act"] is True and detail["data_editable"] is False
    for decision in ("reject", "return"):
        refused = kecamatan.post(
            f"/tasks/{task['id']}/complete", json={"decision": decision, "reason": "coba"}
        )
        assert refused.status_code == 422
        assert refused.get_json()["error"]["code"] == "decision_not_available"
    still = kecamatan.get(f"/letters/{letter['id']}").get_json()
    assert still["status"] == "in_progress"
    assert [t["step"] for t in still["open_tasks"]] == ["agenda"]

    web = app.test_client()
    login_web(web, "operator.kec.japah")
    form = web.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert 'value="approve"' in form
    assert 'value="reject"' not in form and 'value="return"' not in form
    assert "Tolak" not in form and "Kembalikan" not in form

    act(kecamatan, letter["id"], "agenda")
    done = act(api_as("operator.bogem"), letter["id"], "handover")
    assert done["status"] == "completed"
    assert [s["step"] for s in done["signatures"]] == ["kades_sign", "camat_sign"]
    verdict = app.test_client().get(f"/api/v1/verify/{code_of(done['verify_url'])}").get_json()
    assert verdict["valid"] is True


def test_a_signing_step_with_a_gateway_offers_all_three(api_as, sktm):
    letter = walk_sktm(api_as, sktm, until="kades_sign")
    kades = api_as("kades.bogem")
    task = inbox_task(kades, letter["id"], "kades_sign")
    assert kades.get(f"/tasks/{task['id']}").get_json()["decisions"] == [
        "approve",
        "return",
        "reject",
    ]
