"""Reserve, sign, record: what a failed, slow or abandoned BSrE signing leaves behind
(services/internal/signing_lease.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Task, User
from app.services import inbox, integrity
from app.services.internal.database import committing
from app.services.internal.signing_lease import reserve_signing
from tests.backends.conftest import BSRE_PASSPHRASE, api_for
from tests.e2e.journeys import act, kades_task


def _history(api, letter_id: int) -> list[dict]:
    history = api("operator.bogem").get(f"/letters/{letter_id}/history").get_json()
    assert history["chain_intact"], history["problems"]
    return history["events"]


def _sign(kades, task: dict):
    return kades.post(
        f"/tasks/{task['id']}/complete",
        json={"decision": "approve", "passphrase": BSRE_PASSPHRASE},
    )


@pytest.mark.parametrize("failure", ["odd_reply", "too_slow"])
def test_a_failed_bsre_call_hands_its_unused_number_back_and_the_history_says_so(
    bsre, bsre_app, skd, failure
):
    app = bsre_app(BSRE_TIMEOUT=1)
    api = api_for(app)
    kades, letter, task = kades_task(api, skd)
    if failure == "odd_reply":
        bsre.odd_reply = {"status": "OK"}  # no signed PDF in the answer
    else:
        bsre.delay = 2.5  # beyond the timeout
    refused = _sign(kades, task)
    assert refused.status_code == 422, refused.get_json()
    events = _history(api, letter["id"])
    started, released = events[-2:]
    assert (started["kind"], released["kind"]) == ("signing_started", "signing_released")
    assert started["data"]["number_reserved"] and started["data"]["number"].split("/")[1] == "001"
    assert released["data"]["reason"] == "signing_failed"
    assert released["data"]["number_handed_back"] == started["data"]["number"]
    assert kades.get(f"/letters/{letter['id']}").get_json()["number"] is None

    bsre.odd_reply, bsre.delay = None, 0.0
    signed = act(kades, letter["id"], "kades_sign", passphrase=BSRE_PASSPHRASE)
    assert signed["number"] == started["data"]["number"]  # the sequence has no hole
    with app.app_context():
        assert integrity.verify_all().ok


def test_an_abandoned_signing_holds_its_step_until_its_lease_runs_out_and_keeps_its_number(
    bsre, bsre_app, skd
):
    app = bsre_app(SIGNING_LEASE_SECONDS=600)
    api = api_for(app)
    kades, first, first_task = kades_task(api, skd)
    *_, second_task = kades_task(api, skd)
    with app.app_context():  # a process reserves the first letter's signing, then dies
        signer = db.session.scalar(select(User).where(User.username == "kades.bogem"))
        with committing():
            reserve_signing(db.session.get(Task, first_task["id"]), signer, prints_heading=False)

    held = _sign(kades, first_task)
    assert held.status_code == 409
    assert "sedang ditandatangani" in held.get_json()["error"]["message"]
    assert _sign(kades, second_task).get_json()["number"].split("/")[1] == "002"

    app.config["SIGNING_LEASE_SECONDS"] = 0  # the dead process' lease has run out
    signed = _sign(kades, first_task)
    assert signed.status_code == 200, signed.get_json()
    assert signed.get_json()["number"].split("/")[1] == "001"  # kept: 002 was taken after it
    kinds = [(e["kind"], e["actor"]) for e in _history(api, first["id"])]
    assert kinds[-6:-2] == [
        ("signing_started", "kades.bogem"),
        ("signing_released", None),
        ("signing_started", "kades.bogem"),
        ("signed", "kades.bogem"),
    ]
    with app.app_context():
        assert integrity.verify_all().ok


def test_the_scheduler_frees_an_abandoned_signing_once_its_lease_has_run_out(bsre, bsre_app, skd):
    app = bsre_app(SIGNING_LEASE_SECONDS=600)
    api = api_for(app)
    kades, letter, task = kades_task(api, skd)
    with app.app_context():  # a process reserves the signing, then dies
        signer = db.session.scalar(select(User).where(User.username == "kades.bogem"))
        with committing():
            reserve_signing(db.session.get(Task, task["id"]), signer, prints_heading=False)
        assert inbox.release_abandoned_signings() == 0  # still within its lease

        app.config["SIGNING_LEASE_SECONDS"] = 0  # the lease has run out; nobody tried again
        assert inbox.release_abandoned_signings() == 1
        assert db.session.get(Task, task["id"]).signing_token is None
        assert inbox.release_abandoned_signings() == 0  # released once

    released = _history(api, letter["id"])[-1]
    assert (released["kind"], released["actor"]) == ("signing_released", None)
    assert released["data"]["reason"] == "lease_expired"
    assert released["data"]["number_handed_back"]  # never signed and still the last one taken
    signed = _sign(kades, task)
    assert signed.status_code == 200, signed.get_json()
    assert signed.get_json()["number"].split("/")[1] == "001"
    with app.app_context():
        assert integrity.verify_all().ok
