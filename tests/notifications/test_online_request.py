"""The desa operator learns of a resident's online request when it is confirmed (not before), in
the app and by e-mail through the outbox, with a link to the request on their desk."""

import re

from tests.notifications.helpers import api_for, deliver
from tests.residents.helpers import request_form, request_row, submit
from tests.web import login_web, page


def test_a_confirmed_online_request_tells_the_desa_operator_with_a_link_to_it(
    channel_app, smtp_sink, whatsapp
):
    client = channel_app.test_client()
    body = request_form(None, channel="whatsapp", address="0812 3456 7890")
    pending = submit(client, body).get_json()
    operator = api_for(client, "operator.bogem")
    assert operator.get("/notifications").get_json()["total"] == 0  # unconfirmed: nothing yet

    deliver(channel_app)
    (code_message,) = [m["message"] for m in whatsapp.sent if m["target"] == "6281234567890"]
    otp = re.search(r"\b(\d{6})\b", code_message).group(1)
    confirmed = client.post(f"/api/v1/public/requests/{pending['id']}/confirm", json={"otp": otp})
    assert confirmed.status_code == 200
    row = request_row(channel_app, confirmed.get_json()["tracking_code"])

    (item,) = operator.get("/notifications?unread=1").get_json()["items"]
    assert item["kind"] == "online_request"
    assert item["text"] == "Permohonan online baru: Surat Keterangan Domisili a.n. Sri Rahayu."
    assert item["link"] == f"/permohonan-online/{row.id}"
    # Only the desa's operators: not its kades, not another desa's operator.
    assert api_for(client, "kades.bogem").get("/notifications").get_json()["total"] == 0
    assert api_for(client, "operator.kutukan").get("/notifications").get_json()["total"] == 0

    deliver(channel_app)
    (mail,) = smtp_sink.to("operator.bogem@layang.test")
    assert mail["Subject"] == "Permohonan online baru"
    assert f"http://layang.test/permohonan-online/{row.id}" in mail.get_content()

    login_web(client, "operator.bogem")
    desk = page(client.get(item["link"]))
    assert "Sri Rahayu" in desk and "melamar pekerjaan" in desk
