"""Every online request's history is a hash chain `flask audit verify` checks, also when it never
became a letter (refused, abandoned): a changed event or a request changed without one is found."""

import json
from datetime import timedelta

from sqlalchemy import text

from app.domain.events import apply_patch, link_hash, state_hash
from app.extensions import db
from app.models import AuditRead, RequestEvent, ResidentRequest, User
from app.models.base import utcnow
from app.services import integrity
from app.services.internal.event_writer import event_content
from app.services.residents import desk, history, retention
from tests.audit.test_integrity import tamper, verify
from tests.residents.helpers import NIK, SKD_FIELDS, request_row, submitted_request
from tests.web import login_web, page


def _rejected(app, client) -> int:
    """A confirmed request the Bogem operator refused; its id."""
    row = request_row(app, submitted_request(app, client)["tracking_code"])
    with app.app_context():
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        desk.reject_request(operator, row.id, "Bukan warga Desa Bogem.", "10.9.9.9")
    return row.id


def test_a_refused_requests_history_is_a_chain_that_verifies(app, client):
    request_id = _rejected(app, client)
    with app.app_context():
        chain = history.events_of(request_id)
        assert [e.kind for e in chain] == ["submitted", "confirmed", "rejected"]
        assert chain[2].data == {"reason": "Bukan warga Desa Bogem."}
        assert chain[2].role == "operator_desa" and chain[2].client_address == "10.9.9.9"
        assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "1 permohonan online (3 peristiwa)" in result.output
    auditor = app.test_client()
    login_web(auditor, "auditor.blora")
    shown = page(auditor.get(f"/permohonan-online/{request_id}"))
    assert "Rantai hash utuh." in shown and "Ditolak: Bukan warga Desa Bogem." in shown


def test_a_changed_event_of_a_refused_request_fails_verify(app, client):
    request_id = _rejected(app, client)
    with app.app_context():
        event_id = history.events_of(request_id)[2].id
        tamper(
            "UPDATE request_events SET data = :data, kind = kind WHERE id = :id",
            {"id": event_id, "data": json.dumps({"reason": "Warga asli Desa Bogem."})},
        )
        db.session.commit()
    auditor = app.test_client()
    login_web(auditor, "auditor.blora")
    assert "RUSAK: permohonan online" in page(auditor.get(f"/permohonan-online/{request_id}"))
    result = verify(app)
    assert result.exit_code == 1
    assert (
        f"RUSAK: permohonan online #{request_id}, peristiwa ke-3, id peristiwa {event_id}: "
        "isi peristiwa telah diubah" in result.output
    )


def test_a_request_changed_without_an_event_or_with_an_event_removed_fails_verify(app, client):
    request_id = _rejected(app, client)
    with app.app_context():
        db.session.execute(
            text("UPDATE resident_requests SET reason = 'Data tidak lengkap.' WHERE id = :id"),
            {"id": request_id},
        )
        db.session.commit()
    changed = verify(app)
    assert changed.exit_code == 1
    assert f"RUSAK: permohonan online #{request_id}, peristiwa ke-3" in changed.output
    assert "data permohonan di basis data berbeda dengan riwayatnya" in changed.output
    with app.app_context():
        tamper("DELETE FROM request_events WHERE request_id = :id AND seq = 2", {"id": request_id})
        db.session.commit()
    removed = verify(app)
    assert removed.exit_code == 1 and "ada peristiwa hilang atau disisipkan" in removed.output


def test_deleting_an_abandoned_requests_files_is_in_its_chain(app, client):
    row = request_row(app, submitted_request(app, client)["tracking_code"])
    with app.app_context():
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        desk.reject_request(operator, row.id, "Berkas tidak terbaca.")
        later = utcnow() + timedelta(days=app.config["ATTACHMENT_RETENTION_DAYS"] + 1)
        assert retention.purge_expired_attachments(later) == 1
        last = history.events_of(row.id)[-1]
        assert (
            last.kind == "attachments_deleted"
            and last.state_patch["attachments"][0]["removed_why"] == "retention"
        )
    assert verify(app).exit_code == 0


def test_a_refused_requests_whole_chain_rewritten_consistently_is_caught_by_the_daily_digest(
    app, client
):
    """The reason of a refusal forged in the event, its state and the request row, every later
    hash recomputed: the chain holds and matches the row, but not the closed day's digest."""
    request_id = _rejected(app, client)
    tomorrow = utcnow() + timedelta(days=1)
    with app.app_context():
        written = integrity.write_digests(now=tomorrow)
        chain = history.events_of(request_id)
        assert [d.requests for d in written] == [
            {"heads": [[request_id, 3, chain[-1].hash]], "events_count": 3}
        ]
        day = written[0].day.isoformat()
        forged, state, prev = {}, {}, chain[0].prev_hash
        for event in chain:
            content = event_content(event)
            data, patch = (
                json.loads(json.dumps(part).replace("Bukan warga Desa Bogem.", "Data palsu."))
                for part in (event.data, event.state_patch)
            )
            state = apply_patch(state, patch)
            content.update(data=data, state_patch=patch, state_hash=state_hash(state))
            forged[event.id] = {
                "data": data,
                "state_patch": patch,
                "state_hash": content["state_hash"],
                "prev_hash": prev,
                "hash": link_hash(content, prev),
            }
            prev = forged[event.id]["hash"]
        db.session.rollback()
        events = RequestEvent.__table__
        for event_id, values in forged.items():
            tamper(events.update().where(events.c.id == event_id).values(**values))
        requests = ResidentRequest.__table__
        tamper(requests.update().where(requests.c.id == request_id).values(reason="Data palsu."))
        db.session.commit()
        report = integrity.verify_all()
    assert [(p.message.split(" (")[0], p.request_id, p.seq) for p in report.problems] == [
        (f"peristiwa hari itu tidak cocok dengan digest {day}", request_id, 3)
    ]
    result = verify(app)
    assert result.exit_code == 1
    assert f"RUSAK: permohonan online #{request_id}, peristiwa ke-3: peristiwa hari itu" in (
        result.output
    )


def _last_read(app) -> AuditRead:
    with app.app_context():
        return db.session.scalar(db.select(AuditRead).order_by(AuditRead.id.desc()).limit(1))


def test_opening_a_requests_history_is_written_to_the_read_log_like_a_letters(app, client):
    request_id = _rejected(app, client)
    auditor = app.test_client()
    login_web(auditor, "auditor.blora")
    opened = auditor.get(
        f"/permohonan-online/{request_id}", environ_base={"REMOTE_ADDR": "10.7.7.7"}
    )
    assert "Rantai hash utuh." in page(opened)
    read = _last_read(app)
    assert (read.action, read.role, read.letter_id, read.client_address) == (
        "request_history",
        "auditor",
        None,
        "10.7.7.7",
    )
    assert read.detail == {"request_id": request_id, "events": 3}

    # once the request is a letter, the read is the letter's too: its audit page lists it
    started = request_row(
        app, submitted_request(app, client, nik="3316015507850003")["tracking_code"]
    )
    with app.app_context():
        operator = db.session.scalar(db.select(User).where(User.username == "operator.bogem"))
        letter_id = desk.start_route(
            operator, started.id, {"nik": NIK, "name": "Sri Rahayu"}, dict(SKD_FIELDS)
        ).id
    official = app.test_client()
    login_web(official, "kades.bogem")
    assert "Rantai hash utuh." in page(official.get(f"/permohonan-online/{started.id}"))
    read = _last_read(app)
    assert (read.action, read.role, read.letter_id, read.detail) == (
        "request_history",
        "kades",
        letter_id,
        {"request_id": started.id, "events": 3},
    )
    audit_page = page(auditor.get(f"/audit/letters/{letter_id}"))
    assert "request_history" in audit_page
    result = verify(app)  # the read log is a hash chain: the new reads are links of it
    assert result.exit_code == 0, result.output
