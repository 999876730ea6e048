"""Tamper evidence: hash chains, `flask audit verify`, daily digests; no code changes an event."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import Executable, delete, select, text, update

from app.domain.dates import WIB
from app.domain.events import link_hash
from app.extensions import db
from app.models import AuditDigest, LetterEvent
from app.models.base import utcnow
from app.models.event import AppendOnlyViolation
from app.services import integrity
from app.services.internal.database import committing
from app.services.internal.event_writer import event_content
from tests.e2e.journeys import walk_sktm


def verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def event_at(app, letter_id: int, seq: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(LetterEvent.id).where(LetterEvent.letter_id == letter_id, LetterEvent.seq == seq)
        )


def tamper(statement: str | Executable, params: dict | None = None) -> None:
    """Change audit rows behind the app's back, as someone with the database's own powers could.

    PostgreSQL refuses UPDATE and DELETE on them by trigger; a superuser can switch triggers off for
    the session, and the hash chains must catch what such a person does. `statement` is SQL text or
    a Core statement on a table (not on a model, which the app refuses)."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    if not isinstance(statement, str):
        db.session.execute(statement, params)
        return
    if postgresql:
        statement = statement.replace("replace(data,", "replace(data::text,").replace(
            "replace(data::text, 'kades_sign', 'kades_sigN')",
            "replace(data::text, 'kades_sign', 'kades_sigN')::json",
        )
        statement = statement.replace("SET data = :data,", "SET data = CAST(:data AS json),")
    db.session.execute(text(statement), params)


def test_verify_passes_on_untouched_letters(app, api_as, sktm, skd):
    walk_sktm(api_as, sktm)
    api_as("operator.bogem").post("/letters", json=skd)
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert (
        "Diperiksa: 2 surat, 17 peristiwa" in result.output and "Jejak audit utuh." in result.output
    )


def test_one_byte_changed_in_an_event_fails_verify_naming_that_event(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    target = event_at(app, letter["id"], 5)
    with app.app_context():
        before = db.session.execute(
            text("SELECT CAST(data AS TEXT) FROM letter_events WHERE id = :id"), {"id": target}
        ).scalar()
        tamper(
            "UPDATE letter_events SET data = replace(data, 'kades_sign', 'kades_sigN') "
            "WHERE id = :id",
            {"id": target},
        )
        db.session.commit()
        after = db.session.execute(
            text("SELECT CAST(data AS TEXT) FROM letter_events WHERE id = :id"), {"id": target}
        ).scalar()
    assert (
        len(before) == len(after) and sum(a != b for a, b in zip(before, after, strict=True)) == 1
    )
    result = verify(app)
    assert result.exit_code == 1
    assert (
        f"RUSAK: surat #{letter['id']}, peristiwa ke-5, id peristiwa {target}: "
        "isi peristiwa telah diubah" in result.output
    )


def test_a_deleted_event_breaks_the_chain_at_the_next_one(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    with app.app_context():
        tamper("DELETE FROM letter_events WHERE id = :id", {"id": event_at(app, letter["id"], 7)})
        db.session.commit()
    result = verify(app)
    assert result.exit_code == 1
    eighth = event_at(app, letter["id"], 8)
    assert (
        f"RUSAK: surat #{letter['id']}, peristiwa ke-8, id peristiwa {eighth}: "
        "nomor urut 8, seharusnya 7" in result.output
    )


def test_a_letter_changed_without_an_event_fails_verify(app, api_as, sktm):
    letter = walk_sktm(api_as, sktm)
    with app.app_context():
        db.session.execute(
            text("UPDATE letters SET applicant_name = 'Budi Santosa' WHERE id = :id"),
            {"id": letter["id"]},
        )
        db.session.commit()
    result = verify(app)
    assert result.exit_code == 1 and "berbeda dengan riwayatnya" in result.output
    assert f"RUSAK: surat #{letter['id']}, peristiwa ke-15" in result.output


def test_a_rewritten_chain_is_caught_by_the_daily_digest(app, api_as, sktm):
    """Editing an event and recomputing later hashes still cannot match the closed day's digest."""
    letter = walk_sktm(api_as, sktm)
    tomorrow = utcnow() + timedelta(days=1)
    with app.app_context():
        written = integrity.write_digests(now=tomorrow)
        assert [(len(d.heads), d.events_count) for d in written] == [(1, 15)]
        day = written[0].day.isoformat()
        assert integrity.write_digests(now=tomorrow) == []  # a day is closed once
        events = db.session.scalars(
            select(LetterEvent)
            .where(LetterEvent.letter_id == letter["id"])
            .order_by(LetterEvent.seq)
        ).all()
        prev, forged = events[0].prev_hash, {}
        for event in events:
            content = event_content(event)
            if event.seq == 3:
                content["data"] = {**content["data"], "reason": "dipalsukan"}
            forged[event.id] = (content["data"], prev, link_hash(content, prev))
            prev = forged[event.id][2]
        db.session.rollback()
        for event_id, (data, prev_hash, hash_) in forged.items():
            tamper(
                "UPDATE letter_events SET data = :data, prev_hash = :prev, hash = :hash "
                "WHERE id = :id",
                {"data": json.dumps(data), "prev": prev_hash, "hash": hash_, "id": event_id},
            )
        db.session.commit()
        report = integrity.verify_all()
    assert [p.message.split(" (")[0] for p in report.problems] == [
        f"peristiwa hari itu tidak cocok dengan digest {day}"
    ]
    assert report.problems[0].letter_id == letter["id"] and report.problems[0].seq == 15


def test_digest_command_refuses_a_day_that_has_not_ended(app):
    today = (
        utcnow().astimezone(WIB).strftime("%Y-%m-%d")
    )  # digests are per WIB day, not per UTC day
    result = app.test_cli_runner().invoke(args=["audit", "digest", "--day", today])
    assert result.exit_code != 0 and "belum berakhir" in result.output
    assert app.test_cli_runner().invoke(args=["audit", "digest"]).exit_code == 0


def test_the_app_has_no_way_to_update_or_delete_an_event(app, api_as, skd):
    api_as("operator.bogem").post("/letters", json=skd)
    with app.app_context():
        event = db.session.scalars(select(LetterEvent)).first()
        event.data = {"forged": True}
        with pytest.raises(AppendOnlyViolation):
            db.session.flush()
        db.session.rollback()
        for statement in (
            update(LetterEvent).values(kind="x"),
            delete(LetterEvent),
            update(AuditDigest).values(hash="x"),
        ):
            with pytest.raises(AppendOnlyViolation):
                db.session.execute(statement)
            db.session.rollback()
        with pytest.raises(AppendOnlyViolation), committing():
            db.session.delete(db.session.scalars(select(LetterEvent)).first())
        assert db.session.scalar(select(LetterEvent.kind).where(LetterEvent.seq == 1)) == "created"


def test_a_failed_action_leaves_no_event(app, api_as, sktm):
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = operator.post("/letters", json=sktm).get_json()
    task = next(
        t for t in operator.get("/tasks").get_json()["items"] if t["letter_id"] == letter["id"]
    )
    operator.post(f"/tasks/{task['id']}/complete", json={"decision": "approve"})
    sign = next(
        t for t in kades.get("/tasks").get_json()["items"] if t["letter_id"] == letter["id"]
    )
    before = len(
        api_as("auditor.blora").get(f"/letters/{letter['id']}/history").get_json()["events"]
    )
    wrong = kades.post(
        f"/tasks/{sign['id']}/complete", json={"decision": "approve", "passphrase": "salah"}
    )
    assert wrong.status_code == 422
    assert (
        len(api_as("auditor.blora").get(f"/letters/{letter['id']}/history").get_json()["events"])
        == before
    )
    assert verify(app).exit_code == 0
