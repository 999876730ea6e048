"""Confirming with a one-time code over WhatsApp (a fake Fonnte-style gateway on 127.0.0.1), and the
messages the resident gets when the desa asks for a fix and when the letter is finished."""

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import PrivateBlob, User
from app.models.base import utcnow
from app.services.notifications import deliver_due
from app.services.residents import desk, retention
from app.services.residents import requests as online
from tests.e2e.journeys import act
from tests.fakes.channels import FakeWhatsApp
from tests.residents.helpers import NIK, SKD_FIELDS, request_form, request_row, submit, track


@pytest.fixture
def whatsapp():
    gateway = FakeWhatsApp().start()
    yield gateway
    gateway.stop()


@pytest.fixture
def app(make_app, whatsapp):
    return make_app(WHATSAPP_URL=whatsapp.send_url, WHATSAPP_TOKEN=whatsapp.token)


def _messages(app, whatsapp) -> list[str]:
    with app.app_context():
        deliver_due()
    return [m["message"] for m in whatsapp.sent if m["target"] == "6281234567890"]


def _by_whatsapp(client, **overrides):
    body = request_form(None, channel="whatsapp", address="0812 3456 7890", **overrides)
    return submit(client, body)


def test_the_code_sent_by_whatsapp_confirms_the_request(app, client, whatsapp):
    assert (
        "whatsapp" in client.get("/api/v1/public/letter-types?desa=DS-BGM").get_json()["channels"]
    )
    answer = _by_whatsapp(client)
    assert answer.status_code == 201, answer.get_json()
    pending = answer.get_json()
    assert pending["status"] == "unconfirmed" and pending["tracking_code"] is None
    (text,) = _messages(app, whatsapp)
    code = re.search(r"\b(\d{6})\b", text).group(1)
    wrong = client.post(f"/api/v1/public/requests/{pending['id']}/confirm", json={"otp": "000000"})
    assert wrong.status_code == 400 and "Sisa percobaan: 4" in wrong.get_json()["error"]["message"]
    right = client.post(f"/api/v1/public/requests/{pending['id']}/confirm", json={"otp": code})
    assert right.status_code == 200
    tracking_code = right.get_json()["tracking_code"]
    assert track(client, tracking_code, NIK[-4:]).get_json()["status"] == "received"


def test_an_unconfirmed_request_is_not_in_the_inbox_and_five_wrong_codes_end_it(app, client):
    pending = _by_whatsapp(client).get_json()
    for _ in range(5):
        client.post(f"/api/v1/public/requests/{pending['id']}/confirm", json={"otp": "000000"})
    too_late = client.post(f"/api/v1/public/requests/{pending['id']}/confirm", json={"otp": "1"})
    assert too_late.status_code == 422
    with app.app_context():
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        assert desk.list_online_requests(operator) == []


def test_codes_to_one_phone_are_limited(app, client):
    codes = [_by_whatsapp(client).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]


def test_the_resident_is_messaged_for_a_fix_and_when_the_letter_is_ready(
    app, client, whatsapp, api_as
):
    pending = _by_whatsapp(client).get_json()
    code = re.search(r"\b(\d{6})\b", _messages(app, whatsapp)[-1]).group(1)
    confirmed = client.post(f"/api/v1/public/requests/{pending['id']}/confirm", json={"otp": code})
    tracking_code = confirmed.get_json()["tracking_code"]
    row = request_row(app, tracking_code)
    with app.app_context():
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        desk.ask_fix(operator, row.id, "Tanggal lahir tidak sesuai KTP.")
    fix_message = _messages(app, whatsapp)[-1]
    assert "Tanggal lahir tidak sesuai KTP." in fix_message
    assert f"/lacak?kode={tracking_code}" in fix_message
    with app.app_context():
        online.resubmit_request(tracking_code, NIK[-4:], SKD_FIELDS, {}, "10.5.5.5")
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        letter = desk.start_route(operator, row.id, {}, SKD_FIELDS)
        letter_id = letter.id
    bogem = api_as("operator.bogem")
    act(bogem, letter_id, "operator_check")
    act(api_as("kades.bogem"), letter_id, "kades_sign")
    act(bogem, letter_id, "handover")
    ready = _messages(app, whatsapp)[-1]
    assert "sudah selesai" in ready and f"/lacak?kode={tracking_code}" in ready
    assert NIK not in ready and "Sri" not in ready  # a message says nothing personal


def test_a_lost_code_can_be_asked_again_and_unconfirmed_files_go_after_a_day(app, client):
    first = _by_whatsapp(client)
    again = _by_whatsapp(client)  # the code never came: the resident sends the form again
    assert first.status_code == again.status_code == 201
    with app.app_context():
        assert retention.purge_expired_attachments(utcnow() + timedelta(hours=23)) == 0
        assert retention.purge_expired_attachments(utcnow() + timedelta(days=1, hours=1)) == 2
        assert db.session.scalar(db.select(db.func.count()).select_from(PrivateBlob)) == 0
