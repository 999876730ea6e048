"""The 07:00 WIB digest for signers ("N surat menunggu tanda tangan Anda", linking to bulk
signing) and the warning about a signing certificate that ends within 30 days: once each."""

from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from app.domain.working_days import WIB
from app.extensions import db
from app.models import Notification, SignerCertificate, User
from app.services import jobs
from app.services import scheduler as scheduler_module
from app.services.notifications.daily import send_morning_digest, warn_expiring_certificates
from tests.notifications.helpers import api_for, deliver, open_task


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _notes(username: str, kind: str) -> list[Notification]:
    return db.session.scalars(
        select(Notification).where(
            Notification.user_id == _user(username).id, Notification.kind == kind
        )
    ).all()


def test_morning_digest_counts_waiting_signatures_once_a_day(channel_app, smtp_sink, skd):
    client = channel_app.test_client()
    operator = api_for(client, "operator.bogem")
    for _ in range(3):
        letter = operator.post("/letters", json=skd).get_json()
        check = open_task(operator, letter["id"], "operator_check")
        operator.post(f"/tasks/{check['id']}/complete", json={"decision": "approve"})
    seven = datetime(2026, 12, 2, 7, 0, tzinfo=WIB).astimezone(UTC)
    with channel_app.app_context():
        assert send_morning_digest(seven) == 1  # only kades.bogem has letters to sign
        assert send_morning_digest(seven + timedelta(hours=3)) == 0  # same WIB day
        digest = _notes("kades.bogem", "digest")
        assert [(n.text, n.link) for n in digest] == [
            ("3 surat menunggu tanda tangan Anda.", "/tasks/bulk-sign")
        ]
        assert _notes("camat.japah", "digest") == []
        assert send_morning_digest(seven + timedelta(days=1)) == 1  # the next morning again
    deliver(channel_app, seven + timedelta(days=1, minutes=1))
    bodies = [m.get_content() for m in smtp_sink.to("kades.bogem@layang.test")]
    assert any(
        "3 surat menunggu tanda tangan Anda" in b and "http://layang.test/tasks/bulk-sign" in b
        for b in bodies
    )


def test_digest_runs_at_seven_wib_in_the_scheduler(app):
    scheduler = BackgroundScheduler(timezone="Asia/Jakarta")
    scheduler.start(paused=True)
    try:
        scheduler_module._app = app  # what start_scheduler sets in the leading process
        jobs.install(scheduler)
        due = scheduler.get_job("morning-digest").next_run_time.astimezone(WIB)
        assert (due.hour, due.minute) == (7, 0)
    finally:
        scheduler.shutdown(wait=False)


def test_a_certificate_ending_within_30_days_is_warned_once(app):
    now = datetime.now(UTC)
    with app.app_context():
        kades = _user("kades.bogem")
        certificate = db.session.scalar(
            select(SignerCertificate).where(SignerCertificate.user_id == kades.id)
        )
        certificate.not_after = now + timedelta(days=20)
        db.session.commit()
        assert warn_expiring_certificates(now) == 1
        assert warn_expiring_certificates(now + timedelta(days=1)) == 0
        (warning,) = _notes("kades.bogem", "certificate_expiring")
        ends = (now + timedelta(days=20)).astimezone(WIB)
        assert f"berakhir pada {ends:%d-%m-%Y}" in warning.text
        assert _notes("camat.japah", "certificate_expiring") == []
