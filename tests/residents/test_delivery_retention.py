"""Delivery of the signed letter to the resident; attachments deleted after the retention period."""

import io
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from app.domain.notifications import WIB
from app.extensions import db
from app.models import Letter, LetterEvent, PrivateBlob, RequestAttachment, ThrottleCounter, User
from app.models.base import utcnow
from app.services import integrity, jobs
from app.services import scheduler as scheduler_module
from app.services.internal import throttle
from app.services.internal.blobs import get_blob
from app.services.residents import desk, limits, retention
from tests.e2e.journeys import act
from tests.residents.helpers import NIK, SKD_FIELDS, request_row, submitted_request, track


def _started_letter(app, client, **overrides) -> tuple[str, int]:
    """A confirmed online SKD started by operator.bogem: (tracking code, letter id)."""
    answer = submitted_request(app, client, **overrides)
    row = request_row(app, answer["tracking_code"])
    with app.app_context():
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        letter = desk.start_route(operator, row.id, {}, SKD_FIELDS)
        return answer["tracking_code"], letter.id


def _finish(api_as, letter_id: int) -> None:
    operator = api_as("operator.bogem")
    act(operator, letter_id, "operator_check")
    act(api_as("kades.bogem"), letter_id, "kades_sign")
    act(operator, letter_id, "handover")


def test_the_downloaded_letter_is_the_signed_pdf_and_verifies(app, client, api_as):
    code, letter_id = _started_letter(app, client)
    nik4 = NIK[-4:]
    assert client.get(f"/lacak/unduh?kode={code}&nik4={nik4}").status_code == 404  # not yet
    _finish(api_as, letter_id)
    tracked = track(client, code, nik4).get_json()
    assert tracked["label"] == "Selesai — siap diunduh"
    download = client.get(tracked["download_url"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    with app.app_context():
        signed = get_blob(db.session.get(Letter, letter_id).signed_pdf_sha256)
    assert download.data == signed
    verified = client.post(
        "/api/v1/verify",
        data={"file": (io.BytesIO(download.data), "surat.pdf")},
        content_type="multipart/form-data",
    ).get_json()
    assert verified["valid"] is True and verified["issued_by_this_system"] is True
    assert client.get(f"/lacak/unduh?kode={code}&nik4=0000").status_code == 404


def test_a_pick_up_letter_is_not_downloadable(app, client, api_as):
    code, letter_id = _started_letter(app, client, delivery="pickup")
    _finish(api_as, letter_id)
    tracked = track(client, code, NIK[-4:]).get_json()
    assert tracked["label"] == "Selesai — siap diambil di balai desa"
    assert tracked["download_url"] is None
    assert client.get(f"/lacak/unduh?kode={code}&nik4={NIK[-4:]}").status_code == 404


def test_attachments_are_deleted_after_the_retention_period_as_an_audit_event(app, client, api_as):
    _, letter_id = _started_letter(app, client)
    _finish(api_as, letter_id)
    days = app.config["ATTACHMENT_RETENTION_DAYS"]
    with app.app_context():
        assert retention.purge_expired_attachments(utcnow() + timedelta(days=days - 1)) == 0
        assert retention.purge_expired_attachments(utcnow() + timedelta(days=days, hours=1)) == 1
        attachment = db.session.scalar(db.select(RequestAttachment))
        assert attachment.removed_why == "retention"
        assert db.session.get(PrivateBlob, attachment.sha256) is None  # the bytes are gone
        last = db.session.scalar(
            db.select(LetterEvent)
            .where(LetterEvent.letter_id == letter_id)
            .order_by(LetterEvent.seq.desc())
        )
        assert last.kind == "attachments_deleted"
        assert last.data["retention_days"] == days
        assert last.data["attachments"][0]["sha256"] == attachment.sha256
        assert integrity.verify_all().problems == []
        assert retention.purge_expired_attachments(utcnow() + timedelta(days=days + 5)) == 0


def _counters() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(ThrottleCounter))


def test_the_daily_command_purges_and_forgets_old_rate_counters(app, client):
    with app.app_context():
        throttle.hit(limits.TRACK_BY_ADDRESS, "10.7.7.7")
        retention.nightly_cleanup(utcnow() + timedelta(days=1))
        assert _counters() == 1
    result = app.test_cli_runner().invoke(args=["purge-attachments"])
    assert result.exit_code == 0 and "0 lampiran dihapus (masa simpan 30 hari)" in result.output
    with app.app_context():
        retention.nightly_cleanup(utcnow() + timedelta(days=3))
        assert _counters() == 0


def test_the_cleanup_keeps_a_lock_that_has_not_ended(app):
    long_lock = throttle.Rule("uji", 1, 60, "Coba lagi dalam {minutes} menit.", lock=5 * 86400)
    with app.app_context():
        assert throttle.hit(long_lock, "kades.bogem")
        retention.nightly_cleanup(utcnow() + timedelta(days=3))
        assert _counters() == 1
        retention.nightly_cleanup(utcnow() + timedelta(days=8))
        assert _counters() == 0


def test_the_scheduler_purges_residents_files_every_night(app):
    scheduler = BackgroundScheduler(timezone="Asia/Jakarta")
    scheduler.start(paused=True)
    try:
        scheduler_module._app = app  # what start_scheduler sets in the leading process
        jobs.install(scheduler)
        due = scheduler.get_job("resident-files").next_run_time.astimezone(WIB)
        assert (due.hour, due.minute) == (2, 30)
    finally:
        scheduler.shutdown(wait=False)
