"""A new task reaches the official in the app and by e-mail through a real SMTP server; a channel
outage delays messages but loses and repeats none; quiet hours hold messages back."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.domain.notifications import Kind
from app.extensions import db
from app.models import OutboxMessage, User
from app.services import notifications
from tests.conftest import PASSWORD
from tests.notifications.helpers import api_for, deliver, open_task
from tests.web import csrf_of, login_web, page


def _checked_skd(client, skd):
    operator = api_for(client, "operator.bogem")
    letter = operator.post("/letters", json=skd).get_json()
    task = open_task(operator, letter["id"], "operator_check")
    assert (
        operator.post(f"/tasks/{task['id']}/complete", json={"decision": "approve"}).status_code
        == 200
    )
    return operator, letter


def test_checked_skd_mails_the_kades_a_link_to_the_signing_task(channel_app, smtp_sink, skd):
    client = channel_app.test_client()
    operator, letter = _checked_skd(client, skd)
    kades = api_for(client, "kades.bogem")
    task = open_task(kades, letter["id"], "kades_sign")

    unread = kades.get("/notifications?unread=1").get_json()
    assert unread["total"] == 1
    assert unread["items"][0]["link"] == f"/tasks/{task['id']}"
    assert "Sri Rahayu" in unread["items"][0]["text"]

    assert deliver(channel_app)["sent"] >= 1
    mails = smtp_sink.to("kades.bogem@layang.test")
    assert len(mails) == 1
    assert f"http://layang.test/tasks/{task['id']}" in mails[0].get_content()
    assert mails[0]["Subject"] == "Tugas baru di Layang"
    # The operator's own actions created their tasks: nothing for them.
    assert operator.get("/notifications").get_json()["total"] == 0
    assert smtp_sink.to("operator.bogem@layang.test") == []


def test_smtp_down_then_up_delivers_every_mail_exactly_once(channel_app, smtp_sink, skd):
    client = channel_app.test_client()
    smtp_sink.stop()
    for _ in range(3):
        _checked_skd(client, skd)
    now = datetime.now(UTC)
    assert deliver(channel_app, now) == {"sent": 0, "retry": 3, "failed": 0}
    assert deliver(channel_app, now + timedelta(seconds=2))["sent"] == 0  # backing off
    assert deliver(channel_app, now + timedelta(seconds=6)) == {"sent": 0, "retry": 3, "failed": 0}

    smtp_sink.start()
    assert deliver(channel_app, now + timedelta(seconds=30))["sent"] == 3
    assert deliver(channel_app, now + timedelta(hours=2))["sent"] == 0
    ids = [m["Message-ID"] for m in smtp_sink.messages]
    assert len(ids) == 3 and len(set(ids)) == 3
    with channel_app.app_context():
        rows = db.session.scalars(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {"sent"} and {r.attempts for r in rows} == {3}


def test_a_message_is_given_up_after_the_last_try_and_listed_for_the_admin(
    channel_app, smtp_sink, skd
):
    client = channel_app.test_client()
    smtp_sink.stop()
    _checked_skd(client, skd)
    moment = datetime.now(UTC)
    for _ in range(12):
        deliver(channel_app, moment)
        moment += timedelta(hours=2)
    with channel_app.app_context():
        admin_user = db.session.scalar(select(User).where(User.username == "admin.blora"))
        failed = notifications.list_failed_messages(admin_user)
        assert [(m.address, m.attempts) for m in failed] == [("kades.bogem@layang.test", 12)]
        failed_id = failed[0].id
    login_web(client, "admin.blora")
    shown = page(client.get("/admin/notifications/failed"))
    assert "kades.bogem@layang.test" in shown and "12 kali dicoba" in shown

    smtp_sink.start()
    with channel_app.app_context():
        notifications.retry_failed_message(admin_user, failed_id)
    assert deliver(channel_app, moment)["sent"] == 1
    assert len(smtp_sink.to("kades.bogem@layang.test")) == 1


def test_quiet_hours_hold_external_messages_until_they_end(channel_app, smtp_sink, skd):
    client = channel_app.test_client()
    kades = api_for(client, "kades.bogem")
    with channel_app.app_context():
        user = db.session.scalar(select(User).where(User.username == "kades.bogem"))
        notifications.save_settings(
            user, ["email"], "kades.bogem@layang.test", "", "21:00", "06:00"
        )
    # 22:30 WIB = 15:30 UTC: inside the kades' quiet hours.
    late_evening = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
    with channel_app.app_context():
        user = db.session.scalar(select(User).where(User.username == "kades.bogem"))
        notifications.notify_user(
            user, Kind.DIGEST, {"count": 2}, "/tasks/bulk-sign", now=late_evening
        )
        db.session.commit()
    assert (
        kades.get("/notifications?unread=1").get_json()["total"] == 1
    )  # the bell shows it at once
    assert deliver(channel_app, late_evening + timedelta(hours=1))["sent"] == 0
    assert deliver(channel_app, datetime(2026, 12, 1, 22, 59, tzinfo=UTC))["sent"] == 0  # 05:59 WIB
    assert deliver(channel_app, datetime(2026, 12, 1, 23, 0, tzinfo=UTC))["sent"] == 1  # 06:00 WIB
    assert "2 surat menunggu tanda tangan Anda" in smtp_sink.messages[0].get_content()


def test_bell_counts_unread_and_reading_opens_the_task(channel_app, skd):
    client = channel_app.test_client()
    _checked_skd(client, skd)
    kades = api_for(client, "kades.bogem")
    item = kades.get("/notifications?unread=1").get_json()["items"][0]

    operator = api_for(client, "operator.bogem")
    assert operator.post(f"/notifications/{item['id']}/read").status_code == 404  # not theirs

    login_web(client, "kades.bogem")
    inbox = client.get("/")
    assert "data-unread>1</span>" in inbox.get_data(as_text=True)
    listing = client.get("/notifications")
    assert "Tugas baru" in page(listing) and "belum dibaca" in page(listing)
    opened = client.post(
        f"/notifications/{item['id']}/read", data={"csrf_token": csrf_of(listing), "open": "1"}
    )
    assert opened.status_code == 302 and opened.headers["Location"] == item["link"]
    assert "data-unread>0</span>" in client.get("/").get_data(as_text=True)
    read = kades.get("/notifications").get_json()["items"][0]
    assert read["read_at"] is not None
    assert kades.get("/notifications?unread=1").get_json()["total"] == 0
    assert kades.post(f"/notifications/{item['id']}/read").status_code == 200


def test_deep_link_asks_to_sign_in_first_then_opens_the_task(channel_app, smtp_sink, skd):
    client = channel_app.test_client()
    _checked_skd(client, skd)
    deliver(channel_app)
    body = smtp_sink.to("kades.bogem@layang.test")[0].get_content()
    path = body.split("http://layang.test", 1)[1].split()[0]
    fresh = channel_app.test_client()
    response = fresh.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "next=" in response.headers["Location"]
    login_url = response.headers["Location"]
    form = fresh.get(login_url)
    landed = fresh.post(
        login_url,
        data={"csrf_token": csrf_of(form), "username": "kades.bogem", "password": PASSWORD},
        follow_redirects=True,
    )
    assert landed.request.path == path
    assert "Sri Rahayu" in page(landed)


def test_notification_list_refuses_bad_input_in_the_api_error_format(channel_app):
    kades = api_for(channel_app.test_client(), "kades.bogem")
    for query in ("?unread=perhaps", "?limit=0", "?cursor=abc"):
        response = kades.get(f"/notifications{query}")
        assert response.status_code == 400, query
        assert set(response.get_json()["error"]) >= {"code", "message", "fields"}
    assert channel_app.test_client().get("/api/v1/notifications").status_code == 401
