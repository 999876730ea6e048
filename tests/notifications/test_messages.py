"""What officials are told along a letter's route: the return with its reason, the finished letter
for the operator who created it; and each official's own choice of channels and quiet hours."""

from sqlalchemy import select

from app.extensions import db
from app.models import NotificationSetting, User
from tests.conftest import PASSPHRASE
from tests.notifications.helpers import api_for, open_task
from tests.web import csrf_of, login_web, page


def _checked(client, skd):
    operator = api_for(client, "operator.bogem")
    letter = operator.post("/letters", json=skd).get_json()
    check = open_task(operator, letter["id"], "operator_check")
    operator.post(f"/tasks/{check['id']}/complete", json={"decision": "approve"})
    return operator, letter


def test_a_returned_letter_tells_the_operator_why(app, skd):
    client = app.test_client()
    operator, letter = _checked(client, skd)
    kades = api_for(client, "kades.bogem")
    task = open_task(kades, letter["id"], "kades_sign")
    returned = kades.post(
        f"/tasks/{task['id']}/complete",
        json={"decision": "return", "reason": "Alamat belum lengkap"},
    )
    assert returned.status_code == 200
    items = operator.get("/notifications?unread=1").get_json()["items"]
    assert [i["kind"] for i in items] == ["returned"]
    assert "dikembalikan" in items[0]["text"] and "Alamat belum lengkap" in items[0]["text"]
    assert items[0]["link"] == f"/tasks/{open_task(operator, letter['id'], 'operator_check')['id']}"
    assert kades.get("/notifications?unread=1").get_json()["total"] == 1  # only the first task


def test_the_creating_operator_hears_when_the_letter_is_signed_and_finished(app, skd):
    client = app.test_client()
    operator, letter = _checked(client, skd)
    kades = api_for(client, "kades.bogem")
    task = open_task(kades, letter["id"], "kades_sign")
    signed = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": PASSPHRASE}
    ).get_json()
    items = operator.get("/notifications").get_json()["items"]
    assert [i["kind"] for i in items] == ["finished"]
    assert signed["number"] and signed["number"] in items[0]["text"]
    handover = open_task(operator, letter["id"], "handover")
    assert items[0]["link"] == f"/tasks/{handover['id']}"


def test_an_official_chooses_channels_addresses_and_quiet_hours(make_app, smtp_sink, whatsapp):
    app = make_app(
        SMTP_URL=smtp_sink.url, WHATSAPP_URL=whatsapp.send_url, WHATSAPP_TOKEN=whatsapp.token
    )
    client = app.test_client()
    login_web(client, "kades.bogem")
    form = client.get("/notifications/settings")
    shown = page(form)
    assert 'value="email"' in shown and 'value="whatsapp"' in shown
    assert 'value="telegram"' not in shown  # not configured here: not offered
    bad = client.post(
        "/notifications/settings",
        data={"csrf_token": csrf_of(form), "channels": ["whatsapp"], "quiet_from": "21:00"},
    )
    assert "Isi jam mulai dan jam selesai" in page(bad)
    saved = client.post(
        "/notifications/settings",
        data={
            "csrf_token": csrf_of(form),
            "channels": ["whatsapp"],
            "email": "pak.kades@contoh.test",
            "whatsapp": "081234567890",
            "quiet_from": "21:00",
            "quiet_until": "06:00",
        },
        follow_redirects=True,
    )
    assert "Pengaturan notifikasi disimpan." in page(saved)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "kades.bogem"))
        settings = db.session.get(NotificationSetting, user.id)
        assert (settings.channels, settings.email, settings.whatsapp) == (
            ["whatsapp"],
            "pak.kades@contoh.test",
            "081234567890",
        )
        assert (settings.quiet_from, settings.quiet_until) == ("21:00", "06:00")
