"""Issue 9, path 3: only the letter's own desa operator changes its data, on the operator's own
steps; a change that voids a signature sends the letter back to that signer; nothing finishes
unsigned."""

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.models import Signature
from tests.admin.helpers import save_and_deploy
from tests.e2e.journeys import act, create, inbox_task, walk_sktm
from tests.trust.chain_routes import ChainRoute, Step
from tests.verify.helpers import code_of
from tests.web import login_web

RENAMED = {"applicant": {"name": "Budi Santoso Wibowo"}}


def returned_by_camat(api_as, sktm) -> dict:
    """A SKTM signed by the kades, checked at the kecamatan, and returned by the camat."""
    letter = walk_sktm(api_as, sktm, until="camat_sign")
    return act(api_as("camat.japah"), letter["id"], "camat_sign", "return", reason="Nama salah")


def verdict(app, letter: dict) -> dict:
    return app.test_client().get(f"/api/v1/verify/{code_of(letter['verify_url'])}").get_json()


def test_the_kecamatan_operator_cannot_change_the_applicants_data(app, api_as, sktm):
    letter = returned_by_camat(api_as, sktm)
    kecamatan = api_as("operator.kec.japah")
    task = inbox_task(kecamatan, letter["id"], "kecamatan_check")
    assert kecamatan.get(f"/tasks/{task['id']}").get_json()["data_editable"] is False

    refused = kecamatan.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "data": RENAMED}
    )
    assert refused.status_code == 400
    after = kecamatan.get(f"/letters/{letter['id']}").get_json()
    assert after["applicant"]["name"] == "Budi Santoso"
    assert [s["step"] for s in after["signatures"]] == ["kades_sign"]
    assert [t["step"] for t in after["open_tasks"]] == ["kecamatan_check"]


def test_an_admin_correction_sends_the_letter_back_to_the_kades_who_signs_again(app, api_as, sktm):
    letter = returned_by_camat(api_as, sktm)
    admin = api_as("admin.blora")
    no_reason = admin.post(f"/letters/{letter['id']}/corrections", json={"data": RENAMED})
    assert no_reason.status_code == 400
    fixed = admin.post(
        f"/letters/{letter['id']}/corrections",
        json={"data": RENAMED, "reason": "Nama sesuai KTP"},
    )
    assert fixed.status_code == 200, fixed.get_json()
    fixed = fixed.get_json()
    assert fixed["signatures"] == []
    assert [t["step"] for t in fixed["open_tasks"]] == ["kades_sign"]
    assert verdict(app, fixed)["valid"] is False

    act(api_as("kades.bogem"), letter["id"], "kades_sign")
    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")
    act(api_as("camat.japah"), letter["id"], "camat_sign")
    done = act(api_as("operator.bogem"), letter["id"], "handover")
    assert done["status"] == "completed" and done["applicant"]["name"] == "Budi Santoso Wibowo"
    assert [s["step"] for s in done["signatures"]] == ["kades_sign", "camat_sign"]
    assert verdict(app, done)["valid"] is True


def test_the_desa_operator_corrects_after_a_return_and_the_kades_signs_again(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm, until="kecamatan_check")
    act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check", "return", reason="Nama")
    operator = api_as("operator.bogem")
    task = inbox_task(operator, letter["id"], "operator_check")
    assert operator.get(f"/tasks/{task['id']}").get_json()["data_editable"] is True
    corrected = act(operator, letter["id"], "operator_check", data=RENAMED)
    assert corrected["signatures"] == []
    assert [t["step"] for t in corrected["open_tasks"]] == ["kades_sign"]


def test_the_desa_operator_cannot_change_a_signed_letter_at_handover(api_as, sktm):
    letter = walk_sktm(api_as, sktm, until="handover")
    operator = api_as("operator.bogem")
    task = inbox_task(operator, letter["id"], "handover")
    refused = operator.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "data": RENAMED}
    )
    assert refused.status_code == 400
    assert len(operator.get(f"/letters/{letter['id']}").get_json()["signatures"]) == 2


def test_a_letter_missing_a_signature_is_not_completed_and_is_flagged(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm, until="handover")
    with app.app_context():  # the state the old code left behind: a voided kades signature
        kades = db.session.scalar(
            db.select(Signature).where(
                Signature.letter_id == letter["id"], Signature.step == "kades_sign"
            )
        )
        kades.voided_at = datetime.now(UTC)
        db.session.commit()
    operator = api_as("operator.bogem")
    task = inbox_task(operator, letter["id"], "handover")
    refused = operator.post(f"/tasks/{task['id']}/complete", json={"decision": "approve"})
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "signatures_incomplete"
    assert error["fields"]["missing_steps"] == ["kades_sign"]
    after = operator.get(f"/letters/{letter['id']}").get_json()
    assert after["status"] == "in_progress"
    assert verdict(app, after)["valid"] is False
    history = api_as("admin.blora").get(f"/letters/{letter['id']}/history").get_json()
    flagged = [e for e in history["events"] if e["kind"] == "completion_refused"]
    assert len(flagged) == 1 and flagged[0]["data"]["missing_steps"] == ["kades_sign"]


def test_a_sekdes_acting_as_plt_sees_the_task_link_on_the_letter_page(app, api_as, skd):
    letter = walk_sktm(api_as, skd, until="kades_sign")
    ends = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    kades = api_as("kades.bogem")
    assert kades.post("/delegations", json={"to": "sekdes.bogem", "ends_at": ends}).status_code
    task = inbox_task(api_as("sekdes.bogem"), letter["id"], "kades_sign")
    web = app.test_client()
    login_web(web, "sekdes.bogem")
    page = web.get(f"/letters/{letter['id']}").get_data(as_text=True)
    assert f'href="/tasks/{task["id"]}"' in page


def test_a_correction_after_the_kades_step_still_goes_back_to_the_kades(app, api_as, skd):
    """Route: check, kades signs, desa check, camat signs (returning to the desa check). The desa's
    correction after the camat's return would otherwise go straight on to the camat."""
    route = ChainRoute(
        (
            Step("operator_desa", False),
            Step("kades", True, 0, True),
            Step("operator_desa", False),
            Step("camat", True, 2, True),
        )
    )
    save_and_deploy(api_as("admin.blora"), "surat_desa", route.bpmn(), "Desa periksa ulang")
    operator, kades, camat = api_as("operator.bogem"), api_as("kades.bogem"), api_as("camat.japah")
    letter = create(operator, skd)
    act(operator, letter["id"], "check_0")
    act(kades, letter["id"], "sign_1")
    act(operator, letter["id"], "check_2")
    act(camat, letter["id"], "sign_3", "return", reason="Alamat keliru")
    corrected = act(operator, letter["id"], "check_2", data={"fields": {"alamat": "RT 9"}})
    assert corrected["signatures"] == []
    assert [t["step"] for t in corrected["open_tasks"]] == ["sign_1"]
    act(kades, letter["id"], "sign_1")
    act(operator, letter["id"], "check_2")
    done = act(camat, letter["id"], "sign_3")
    assert done["status"] == "completed" and done["fields"]["alamat"] == "RT 9"
    assert [s["step"] for s in done["signatures"]] == ["sign_1", "sign_3"]
    assert verdict(app, done)["valid"] is True
