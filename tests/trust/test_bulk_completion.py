"""Bulk signing obeys the completion rule exactly as signing one letter does: a letter missing a
signature is not finished, is flagged for the admin, and its row in the batch says it failed."""

from datetime import UTC, datetime

from app.extensions import db
from app.models import Signature
from tests.admin.helpers import save_and_deploy
from tests.conftest import PASSPHRASE
from tests.e2e.journeys import act, create, inbox_task
from tests.trust.chain_routes import ChainRoute, Step

# The camat's signature is the route's last step: signing it finishes the letter.
KADES_THEN_CAMAT = ChainRoute(
    (Step("operator_desa", False), Step("kades", True, 0, True), Step("camat", True, 0, True))
)


def test_bulk_signing_refuses_to_finish_a_letter_missing_a_signature_and_flags_it(app, api_as, skd):
    save_and_deploy(api_as("admin.blora"), "surat_desa", KADES_THEN_CAMAT.bpmn(), "Camat akhir")
    operator, kades, camat = api_as("operator.bogem"), api_as("kades.bogem"), api_as("camat.japah")
    damaged, sound = create(operator, skd), create(operator, skd)
    for letter in (damaged, sound):
        act(operator, letter["id"], "check_0")
        act(kades, letter["id"], "sign_1")
    with app.app_context():  # the state old code could leave behind: a voided kades signature
        signature = db.session.scalar(
            db.select(Signature).where(Signature.letter_id == damaged["id"])
        )
        signature.voided_at = datetime.now(UTC)
        db.session.commit()
    tasks = [inbox_task(camat, letter["id"], "sign_2")["id"] for letter in (damaged, sound)]

    response = camat.post("/tasks/bulk-sign", json={"task_ids": tasks, "passphrase": PASSPHRASE})
    assert response.status_code == 200, response.get_json()
    refused, signed = response.get_json()["results"]
    assert refused["ok"] is False and refused["error"]["code"] == "signatures_incomplete"
    assert signed["ok"] is True

    assert operator.get(f"/letters/{damaged['id']}").get_json()["status"] == "in_progress"
    assert operator.get(f"/letters/{sound['id']}").get_json()["status"] == "completed"
    history = api_as("admin.blora").get(f"/letters/{damaged['id']}/history").get_json()
    flagged = [e for e in history["events"] if e["kind"] == "completion_refused"]
    assert len(flagged) == 1 and flagged[0]["data"]["missing_steps"] == ["sign_1"]
    assert inbox_task(camat, damaged["id"], "sign_2")["id"] == tasks[0]  # still waiting
