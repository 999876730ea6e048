"""Issue 9, path 5: routes that used to deploy and then broke letters are refused."""

import pytest

from tests.admin.helpers import route_id, upload
from tests.admin.test_web_admin import modeler_config
from tests.engine.variants import V1
from tests.web import login_web

# surat_desa with the kades' return spinning between two gateways: nobody is ever asked again.
GATEWAY_LOOP = V1.replace(
    'sourceRef="kades_sign_decision" targetRef="operator_check">',
    'sourceRef="kades_sign_decision" targetRef="spin">',
).replace(
    '<bpmn:endEvent id="end_completed"',
    '<bpmn:exclusiveGateway id="spin" default="spin_back" />'
    '<bpmn:sequenceFlow id="spin_back" sourceRef="spin" targetRef="kades_sign_decision" />'
    '<bpmn:endEvent id="end_completed"',
)
# A condition naming something no letter type of the route declares.
UNDEFINED_NAME = V1.replace('decision == "return"', 'keputusan == "return"', 1)
# "Selesai" straight after the operator's check: a letter could finish without the kades' signature.
UNSIGNED_SHORTCUT = V1.replace(
    'sourceRef="operator_check_decision" targetRef="kades_sign"',
    'sourceRef="operator_check_decision" targetRef="handover"',
)
# Rejecting at the kades' step leads on to the handover instead of ending the letter.
REJECT_MOVES_ON = V1.replace(
    'sourceRef="kades_sign_decision" targetRef="end_rejected_kades_sign"',
    'sourceRef="kades_sign_decision" targetRef="handover"',
)
# A decision nobody can take.
ODD_DECISION = V1.replace('decision == "return"', 'decision == "revisi"', 1)


@pytest.mark.parametrize(
    "xml, rule",
    [
        (GATEWAY_LOOP, "loop_without_task"),
        (UNDEFINED_NAME, "condition_names"),
        (UNSIGNED_SHORTCUT, "unsigned_path"),
        (REJECT_MOVES_ON, "reject_ends"),
        (ODD_DECISION, "decision_value"),
    ],
)
def test_a_route_that_would_break_letters_is_kept_as_draft_and_never_deployed(api_as, xml, rule):
    admin = api_as("admin.blora")
    rid = route_id(admin, "surat_desa")
    saved = upload(admin, f"/routes/{rid}/versions", xml, "Versi rusak")
    assert saved.status_code == 201, saved.get_json()
    version = saved.get_json()
    assert version["deployable"] is False
    assert rule in {f["rule"] for f in version["findings"]}
    deployed = admin.post(f"/routes/{rid}/deploy", json={"version_id": version["id"]})
    assert deployed.status_code == 422
    assert deployed.get_json()["error"]["code"] and "surat_desa" in str(
        admin.get("/routes").get_json()
    )
    current = next(r for r in admin.get("/routes").get_json()["items"] if r["id"] == rid)
    assert current["deployed_version"]["id"] != version["id"]


def test_a_condition_may_read_the_fields_of_the_routes_letter_types(api_as):
    admin = api_as("admin.blora")
    rid = route_id(admin, "surat_desa")
    # SKD and SKU both run on surat_desa and both declare "keperluan".
    xml = V1.replace('decision == "return"', 'decision == "return" and keperluan != ""', 1)
    version = upload(admin, f"/routes/{rid}/versions", xml, "Syarat memakai isian").get_json()
    assert version["deployable"], version["findings"]


@pytest.mark.parametrize(
    "xml, rule",
    [
        (GATEWAY_LOOP, "loop_without_task"),
        (UNDEFINED_NAME, "condition_names"),
        (UNSIGNED_SHORTCUT, "unsigned_path"),
        (REJECT_MOVES_ON, "reject_ends"),
        (ODD_DECISION, "decision_value"),
    ],
)
def test_the_check_refuses_what_deploy_refuses(app, api_as, xml, rule):
    """The modeler's "Periksa" (API and web) applies the rules saving and deploying apply."""
    admin = api_as("admin.blora")
    rid = route_id(admin, "surat_desa")
    for path in ("/routes/validate", f"/routes/validate?route_id={rid}"):
        checked = upload(admin, path, xml)
        assert checked.status_code == 200, checked.get_json()
        assert checked.get_json()["deployable"] is False
        assert rule in {f["rule"] for f in checked.get_json()["findings"]}
    web = app.test_client()
    login_web(web, "admin.blora")
    config = modeler_config(web, rid, route_version_id(admin, rid))
    checked = web.post(
        config["validateUrl"], json={"bpmn_xml": xml}, headers={"X-CSRFToken": config["csrfToken"]}
    ).get_json()
    assert checked["deployable"] is False and rule in {f["rule"] for f in checked["findings"]}


def test_the_check_lets_a_condition_read_the_routes_letter_type_fields(api_as):
    admin = api_as("admin.blora")
    xml = V1.replace('decision == "return"', 'decision == "return" and keperluan != ""', 1)
    checked = upload(admin, "/routes/validate", xml).get_json()
    assert checked == {"deployable": True, "findings": []}
    # SKTM's route reads different fields: checked as that route, "keperluan" may not be named.
    other = route_id(admin, "surat_desa_kecamatan")
    as_other = upload(admin, f"/routes/validate?route_id={other}", xml).get_json()
    assert "condition_names" in {f["rule"] for f in as_other["findings"]}


def route_version_id(admin, rid: int) -> int:
    return admin.get(f"/routes/{rid}/versions").get_json()["items"][0]["id"]
