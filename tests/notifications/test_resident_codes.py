"""A resident's one-time code travels through the outbox to a real HTTP WhatsApp gateway (the
Fonnte-style fake), once, and confirms the online request."""

import re

from tests.notifications.helpers import deliver
from tests.residents.helpers import request_form, submit


def test_a_residents_code_arrives_over_whatsapp_once_and_confirms_the_request(make_app, whatsapp):
    app = make_app(WHATSAPP_URL=whatsapp.send_url, WHATSAPP_TOKEN=whatsapp.token)
    client = app.test_client()
    catalogue = client.get("/api/v1/public/letter-types?desa=DS-BGM").get_json()
    assert catalogue["channels"] == [
        "whatsapp"
    ]  # e-mail is not configured here, Telegram not offered

    body = request_form(None, channel="whatsapp", address="085700001111")
    answer = submit(client, body)
    assert answer.status_code in (201, 202), answer.get_json()
    public_id = answer.get_json()["id"]
    assert whatsapp.sent == []  # queued with the request, sent by the outbox

    deliver(app)
    deliver(app)
    (message,) = whatsapp.sent
    assert message["target"] == "6285700001111"  # the number as the desa form normalised it
    code = re.search(r"\b(\d{6})\b", message["message"]).group(1)

    confirmed = client.post(f"/api/v1/public/requests/{public_id}/confirm", json={"otp": code})
    assert confirmed.status_code == 200, confirmed.get_json()
    assert confirmed.get_json()["tracking_code"]
