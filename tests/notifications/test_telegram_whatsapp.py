"""Telegram (linked by a one-time /start code) and WhatsApp (a Fonnte-style gateway) over real HTTP
to local fakes of those services; each message once, also across a gateway outage."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services import notifications
from app.services.notifications.telegram import link_telegram_chats
from tests.notifications.helpers import api_for, deliver, open_task
from tests.web import csrf_of, login_web, page


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _check_new_skd(client, skd) -> int:
    operator = api_for(client, "operator.bogem")
    letter = operator.post("/letters", json=skd).get_json()
    task = open_task(operator, letter["id"], "operator_check")
    operator.post(f"/tasks/{task['id']}/complete", json={"decision": "approve"})
    return letter["id"]


def test_kades_links_telegram_with_a_one_time_code_and_gets_tasks_there(channel_app, telegram, skd):
    client = channel_app.test_client()
    login_web(client, "kades.bogem")
    settings_page = client.get("/notifications/settings")
    shown = page(
        client.post(
            "/notifications/telegram-code",
            data={"csrf_token": csrf_of(settings_page)},
            follow_redirects=True,
        )
    )
    code = shown.split("/start ", 1)[1].split("<", 1)[0].strip()
    assert len(code) >= 12

    telegram.user_says(555001, "/start wrong-code")
    telegram.user_says(555002, f"/start {code}")
    with channel_app.app_context():
        assert link_telegram_chats() == 1
        assert link_telegram_chats() == 0  # the code works once; updates are confirmed
    assert "sudah terhubung" in page(client.get("/notifications/settings"))

    letter_id = _check_new_skd(client, skd)
    deliver(channel_app)
    to_kades = [m for m in telegram.sent if m["chat_id"] == "555002"]
    assert "terhubung" in to_kades[0]["text"]
    assert (
        "Tugas baru" in to_kades[1]["text"] and "http://layang.test/tasks/" in to_kades[1]["text"]
    )
    assert not [m for m in telegram.sent if m["chat_id"] == "555001"]
    assert letter_id


def test_whatsapp_gateway_gets_fonnte_requests_and_an_outage_repeats_nothing(
    channel_app, whatsapp, skd
):
    client = channel_app.test_client()
    with channel_app.app_context():
        notifications.save_settings(
            _user("kades.bogem"), ["whatsapp"], None, "081234567890", None, None
        )
    whatsapp.down = True
    _check_new_skd(client, skd)
    _check_new_skd(client, skd)
    now = datetime.now(UTC)
    assert deliver(channel_app, now)["retry"] == 2
    whatsapp.down = False
    assert deliver(channel_app, now + timedelta(seconds=10))["sent"] == 2
    assert deliver(channel_app, now + timedelta(hours=1))["sent"] == 0
    assert [m["target"] for m in whatsapp.sent] == ["081234567890", "081234567890"]
    assert all(m["countryCode"] == "62" and "Tugas baru" in m["message"] for m in whatsapp.sent)
    keys = [m["idempotency_key"] for m in whatsapp.sent]
    assert len(set(keys)) == 2


def test_a_gateway_refusing_the_token_is_retried_not_lost(make_app, whatsapp, skd):
    app = make_app(WHATSAPP_URL=whatsapp.send_url, WHATSAPP_TOKEN="wrong-token")
    with app.app_context():
        notifications.save_settings(
            _user("kades.bogem"), ["whatsapp"], None, "081234567890", None, None
        )
    _check_new_skd(app.test_client(), skd)
    assert deliver(app) == {"sent": 0, "retry": 1, "failed": 0}
    with app.app_context():
        from app.models import OutboxMessage

        row = db.session.scalar(select(OutboxMessage))
        assert row.status == "pending" and "invalid token" in row.last_error


def test_send_to_address_queues_once_per_key_and_refuses_a_channel_that_is_off(make_app, whatsapp):
    app = make_app(WHATSAPP_URL=whatsapp.send_url, WHATSAPP_TOKEN=whatsapp.token)
    with app.app_context():
        for _ in range(2):
            notifications.send_to_address(
                "whatsapp", "085700001111", "Kode Anda: 123456", "otp-request-7"
            )
            db.session.commit()
        try:
            notifications.send_to_address("email", "warga@contoh.test", "x", "otp-8")
            raise AssertionError("e-mail is not configured here")
        except notifications.InvalidInput as error:
            assert error.fields == {"channel": ["Saluran tidak aktif."]}
    deliver(app)
    deliver(app, datetime.now(UTC) + timedelta(minutes=5))
    assert [(m["target"], m["message"]) for m in whatsapp.sent] == [
        ("085700001111", "Kode Anda: 123456")
    ]
