"""Letters signed through the `bsre` backend against the fake BSrE server, via the JSON API."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.extensions import db
from app.models import User
from signing import slot_box, validate_pdf
from tests.backends.conftest import BSRE_PASSPHRASE, CAMAT_NIK, KADES_NIK, api_for
from tests.e2e.journeys import act, create, inbox_task, kades_task
from tests.fakes.bsre import FakeBsre


@pytest.fixture(autouse=True)
def all_logs(caplog):
    """Capture every log record of every logger, to show that no passphrase reaches the logs."""
    caplog.set_level(logging.DEBUG)
    yield caplog
    assert BSRE_PASSPHRASE not in caplog.text
    for record in caplog.records:
        assert BSRE_PASSPHRASE not in repr(record.__dict__)


def _refused(api, letter: dict, task: dict, passphrase: str = BSRE_PASSPHRASE) -> dict:
    """The kades tries to sign; assert it is refused (422) and changes nothing; the error body."""
    kades = api("kades.bogem")
    before = kades.get(f"/letters/{letter['id']}").get_json()
    pdf_before = kades.get(f"/letters/{letter['id']}/pdf").data
    response = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": passphrase}
    )
    assert response.status_code == 422, response.get_json()
    assert kades.get(f"/letters/{letter['id']}").get_json() == before
    assert kades.get(f"/letters/{letter['id']}/pdf").data == pdf_before
    assert before["number"] is None and before["signatures"] == []
    assert inbox_task(kades, letter["id"], "kades_sign")["id"] == task["id"]  # the task stays open
    return response.get_json()["error"]


def _signs_with_first_number(api, letter: dict) -> None:
    """The failed attempt used no number: signing now gives sequence 001."""
    signed = act(api("kades.bogem"), letter["id"], "kades_sign", passphrase=BSRE_PASSPHRASE)
    assert signed["number"].split("/")[1] == "001"


def test_sktm_signed_by_kades_and_camat_through_bsre_validates_against_the_bsre_ca(
    bsre, bsre_app, sktm, tmp_path
):
    app = bsre_app()
    api = api_for(app)
    operator, kades = api("operator.bogem"), api("kades.bogem")
    kecamatan, camat = api("operator.kec.japah"), api("camat.japah")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign", passphrase=BSRE_PASSPHRASE)
    act(kecamatan, letter["id"], "kecamatan_check")
    act(camat, letter["id"], "camat_sign", passphrase=BSRE_PASSPHRASE)
    done = act(operator, letter["id"], "handover")
    assert done["status"] == "completed" and done["number"].split("/")[1] == "001"

    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    checks = validate_pdf(pdf, [Path(bsre.ca_path).read_bytes()])
    assert [c.signer_name for c in checks] == ["Sutrisno", "Drs. Hadi Purnomo"]
    assert all(c.valid and c.trusted and c.intact for c in checks), checks
    assert checks[-1].covers_document and checks[-1].modification_level == "NONE"
    # What the letter records is the certificate BSrE signed with.
    expected = [bsre.accounts[n].key.certificate_fingerprint for n in (KADES_NIK, CAMAT_NIK)]
    assert [s["certificate_fingerprint"] for s in done["signatures"]] == expected
    assert [c.certificate_fingerprint for c in checks] == expected
    # Not trusted against the local test CA alone: BSrE's root must be configured.
    local_only = validate_pdf(pdf, [Path(app.config["TRUST_ROOTS"][0]).read_bytes()])
    assert not any(c.trusted for c in local_only)

    # Layang sent each slot's box on the last page, visible, with the verify URL for BSrE's QR.
    sent = bsre.sign_requests
    assert [r["nik"] for r in sent] == [KADES_NIK, CAMAT_NIK]
    for request, slot in zip(sent, (0, 1), strict=True):
        _, (x1, y1, x2, y2) = slot_box(slot)
        assert (
            request["tampilan"] == "visible"
            and request["image"] == "false"
            and request["page"] == "1"
        )
        assert (request["xAxis"], request["yAxis"]) == (str(round(x1)), str(round(y1)))
        assert (request["width"], request["height"]) == (str(round(x2 - x1)), str(round(y2 - y1)))
    # Each signature's QR carries its own revision's code; the last one is the letter's address.
    links = [r["linkQR"] for r in sent]
    assert len(set(links)) == 2 and links[-1] == done["verify_url"]
    assert all(link.startswith(f"{app.config['PUBLIC_BASE_URL']}/v/") for link in links)


def test_wrong_bsre_passphrase_is_bad_passphrase_and_uses_no_number(bsre, bsre_app, skd, all_logs):
    api = api_for(bsre_app())
    _, letter, task = kades_task(api, skd)
    error = _refused(api, letter, task, passphrase="bukan-passphrase-ini")
    assert error["code"] == "bad_passphrase" and "Passphrase salah" in error["message"]
    assert (
        "BSrE refused to sign for NIK ************0001" in all_logs.text
    )  # logged, without the passphrase
    assert "bukan-passphrase-ini" not in all_logs.text
    _signs_with_first_number(api, letter)


@pytest.mark.parametrize(
    "status, words",
    [
        ("NOT_REGISTERED", "NIK penandatangan tidak terdaftar di BSrE"),
        ("EXPIRED", "sudah kedaluwarsa"),
        ("REVOKE", "telah dicabut"),
        ("SUSPEND", "tidak aktif"),
    ],
)
def test_unusable_bsre_certificate_is_refused_with_a_clear_message(
    bsre, bsre_app, skd, status, words
):
    api = api_for(bsre_app())
    _, letter, task = kades_task(api, skd)
    if status == "NOT_REGISTERED":
        del bsre.accounts[KADES_NIK]
    else:
        bsre.accounts[KADES_NIK].status = status
    error = _refused(api, letter, task)
    assert error["code"] == "certificate_unusable"
    assert (
        error["message"].startswith("Sertifikat elektronik tidak dapat dipakai")
        and words in error["message"]
    )
    assert bsre.sign_requests == []  # refused at the status check, before the letter was sent


def test_slow_bsre_times_out_and_leaves_the_letter_unchanged(bsre, bsre_app, skd):
    api = api_for(bsre_app(BSRE_TIMEOUT=0.5))
    _, letter, task = kades_task(api, skd)
    bsre.delay = 1.5
    error = _refused(api, letter, task)
    assert error["code"] == "signing_failed"
    assert (
        "Layanan BSrE tidak dapat dihubungi" in error["message"] and "0.5 detik" in error["message"]
    )
    assert "coba lagi" in error["message"]
    bsre.delay = 0
    _signs_with_first_number(api, letter)


def test_bsre_server_error_leaves_the_letter_unchanged(bsre, bsre_app, skd):
    api = api_for(bsre_app())
    _, letter, task = kades_task(api, skd)
    bsre.broken = True
    error = _refused(api, letter, task)
    assert error["code"] == "signing_failed"
    assert (
        "Layanan BSrE tidak dapat dihubungi" in error["message"] and "HTTP 500" in error["message"]
    )


def test_bsre_down_is_a_clear_message_and_changes_nothing(bsre, bsre_app, skd):
    stopped = FakeBsre().start()
    stopped.stop()  # nothing listens on its port any more
    api = api_for(bsre_app(BSRE_URL=stopped.url))
    _, letter, task = kades_task(api, skd)
    error = _refused(api, letter, task)
    assert error["code"] == "signing_failed"
    assert error["message"].startswith("Layanan BSrE tidak dapat dihubungi (koneksi ditolak)")


def test_wrong_client_credentials_say_so_without_blaming_the_official(bsre, bsre_app, skd):
    api = api_for(bsre_app(BSRE_CLIENT_SECRET="salah"))
    _, letter, task = kades_task(api, skd)
    error = _refused(api, letter, task)
    assert error["code"] == "signing_failed" and "kredensial aplikasi" in error["message"]


def test_official_without_nik_cannot_sign_through_bsre(bsre, bsre_app, skd):
    app = bsre_app()
    api = api_for(app)
    _, letter, task = kades_task(api, skd)
    with app.app_context():
        db.session.execute(db.update(User).where(User.username == "kades.bogem").values(nik=None))
        db.session.commit()
    error = _refused(api, letter, task)
    assert (
        error["code"] == "certificate_unusable"
        and "NIK penandatangan belum terdaftar" in error["message"]
    )


def test_bulk_sign_with_wrong_bsre_passphrase_asks_bsre_once_and_signs_nothing(bsre, bsre_app, skd):
    api = api_for(bsre_app())
    tasks = [kades_task(api, skd)[2]["id"] for _ in range(3)]
    kades = api("kades.bogem")
    response = kades.post("/tasks/bulk-sign", json={"task_ids": tasks, "passphrase": "keliru"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "bad_passphrase"
    assert (
        len(bsre.sign_requests) == 1
    )  # a wrong passphrase is not retried: BSrE may lock the account
    assert kades.get("/tasks/count").get_json() == {"total": 3}


def test_bulk_sign_through_bsre_signs_every_letter(bsre, bsre_app, skd):
    api = api_for(bsre_app())
    tasks = [kades_task(api, skd)[2]["id"] for _ in range(3)]
    kades = api("kades.bogem")
    results = kades.post(
        "/tasks/bulk-sign", json={"task_ids": tasks, "passphrase": BSRE_PASSPHRASE}
    ).get_json()
    assert [r["ok"] for r in results["results"]] == [True, True, True], results
    assert len(bsre.sign_requests) == 3
