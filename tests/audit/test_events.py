"""Every change to a letter is an event with its actor, role, office, time and client address."""

import hashlib
import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.domain.events import EventKind
from app.extensions import db
from app.models import Letter, LetterEvent, User
from app.services import integrity
from app.services.internal.blobs import get_blob
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event
from tests.audit.helpers import Journey

KADES, OPERATOR, KECAMATAN = "kades.bogem", "operator.bogem", "operator.kec.japah"


def events_of(j: Journey) -> list[dict]:
    return j.observer.get(f"/letters/{j.letter_id}/history").get_json()["events"]


def test_each_event_kind_with_a_producer_is_recorded_with_its_details(app, api_as, sktm):
    j = Journey(app, api_as, sktm)
    j.claim(OPERATOR, "operator_check")
    j.unclaim(OPERATOR, "operator_check")
    j.act(OPERATOR, "operator_check", data={"applicant": {"name": "Budi Santosa"}})
    signed_letter = j.act(KADES, "kades_sign")
    j.act(KECAMATAN, "kecamatan_check", "return", reason="Alamat kurang lengkap")
    j.act(OPERATOR, "operator_check", "reject", reason="Pemohon tidak hadir")
    events = events_of(j)
    by_kind = {}
    for event in events:
        by_kind.setdefault(event["kind"], []).append(event)
    assert set(by_kind) == {
        "created",
        "task_created",
        "claimed",
        "unclaimed",
        "data_changed",
        "completed",
        "signing_started",
        "signed",
        "returned",
        "rejected",
    }
    now = datetime.now(UTC)
    for event in events:  # who, in which role and office, when, from where
        assert (
            event["actor"]
            and event["role"]
            and event["office"]
            and event["client_address"] == "127.0.0.1"
        )
        assert now - timedelta(minutes=5) < datetime.fromisoformat(event["at"]) <= now
        assert len(event["hash"]) == 64 and len(event["state_hash"]) == 64
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(events))

    created = by_kind["created"][0]
    assert (created["actor"], created["role"], created["office"]) == (
        "operator.bogem",
        "operator_desa",
        "DS-BGM",
    )
    assert (
        created["data"]["type"] == "SKTM"
        and created["data"]["applicant"]["nik"] == "3316011201900001"
    )
    opened = [e["data"]["step"] for e in by_kind["task_created"]]
    assert opened == ["operator_check", "kades_sign", "kecamatan_check", "operator_check"]
    assert by_kind["task_created"][2]["data"]["office"] == "KEC-JPH"
    assert by_kind["task_created"][2]["actor"] == "kades.bogem"  # caused by the kades' completion
    assert (
        by_kind["claimed"][0]["data"]["step"]
        == by_kind["unclaimed"][0]["data"]["step"]
        == "operator_check"
    )
    changed = by_kind["data_changed"][0]
    assert changed["data"]["changed"] == {"applicant.name": "Budi Santosa"}
    assert changed["data"]["before"] == {"applicant.name": "Budi Santoso"}
    approve = by_kind["completed"][0]
    assert approve["data"]["decision"] == "approve" and approve["data"]["changed_fields"] == [
        "applicant.name"
    ]
    started, signed = by_kind["signing_started"][0], by_kind["signed"][0]
    assert started["seq"] < signed["seq"] and started["actor"] == "kades.bogem"
    assert (
        started["data"]["number_reserved"] and started["data"]["number"] == signed_letter["number"]
    )
    assert (signed["actor"], signed["role"]) == ("kades.bogem", "kades")
    assert signed["data"]["number"] == signed_letter["number"]
    assert (
        signed["data"]["certificate_fingerprint"]
        == signed_letter["signatures"][0]["certificate_fingerprint"]
    )
    with app.app_context():
        pdf_sha256 = db.session.scalar(
            select(Letter.signed_pdf_sha256).where(Letter.id == j.letter_id)
        )
        pdf_after = hashlib.sha256(get_blob(pdf_sha256)).hexdigest()
    assert signed["data"]["document_sha256_before"] != signed["data"]["document_sha256_after"]
    assert pdf_after == signed["data"]["document_sha256_after"]  # the PDF as that signature left it
    returned = by_kind["returned"][0]
    assert (returned["actor"], returned["data"]["reason"], returned["data"]["step"]) == (
        "operator.kec.japah",
        "Alamat kurang lengkap",
        "kecamatan_check",
    )
    assert "status" in returned["state_patch"]
    rejected = by_kind["rejected"][0]
    assert (
        rejected["data"]["reason"] == "Pemohon tidak hadir"
        and rejected["state_patch"]["status"] == "rejected"
    )


def test_kinds_without_a_producer_yet_can_be_recorded_and_keep_chain_and_replay(app, api_as, skd):
    """migrated comes from route administration; the others: test_timer_delegation_correction."""
    j = Journey(app, api_as, skd)
    with app.app_context():
        letter = db.session.get(Letter, j.letter_id)
        admin = db.session.scalar(select(User).where(User.username == "admin.blora"))
        with committing():
            for kind in (EventKind.TIMER_FIRED, EventKind.DELEGATED, EventKind.ADMIN_CORRECTION):
                record_event(letter, kind, admin, {"note": kind.value}, "10.0.0.9")
        kinds = db.session.scalars(
            select(LetterEvent.kind)
            .where(LetterEvent.letter_id == j.letter_id)
            .order_by(LetterEvent.seq)
        ).all()
        assert kinds[-3:] == ["timer_fired", "delegated", "admin_correction"]
        assert integrity.verify_all().ok
    replay = j.observer.get(f"/letters/{j.letter_id}/replay").get_json()
    assert replay["verified"] and replay["event"]["kind"] == "admin_correction"
    assert (
        replay["event"]["client_address"] == "10.0.0.9"
        and replay["event"]["actor"] == "admin.blora"
    )


def test_an_unknown_kind_is_refused(app, api_as, skd):
    j = Journey(app, api_as, skd)
    with app.app_context():
        letter = db.session.get(Letter, j.letter_id)
        try:
            record_event(letter, "renamed", None)
        except ValueError:
            pass
        else:
            raise AssertionError("an unknown event kind was accepted")
        db.session.rollback()


def test_a_plt_signature_records_who_signed_and_in_which_role(app, api_as, skd):
    j = Journey(app, api_as, skd)
    j.act(OPERATOR, "operator_check")
    soon = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    assert (
        j.api_as(KADES)
        .post("/delegations", json={"to": "sekdes.bogem", "ends_at": soon})
        .status_code
        == 201
    )
    j.act("sekdes.bogem", "kades_sign")
    signed, completed = [e for e in events_of(j) if e["kind"] in ("signed", "completed")][-2:]
    for event in (signed, completed):
        assert (event["actor"], event["role"], event["data"]["acting_role"]) == (
            "sekdes.bogem",
            "sekdes",
            "kades",
        )
    assert events_of(j)[2]["data"]["acting_role"] is None  # the operator acted in her own role
    final = j.observer.get(f"/letters/{j.letter_id}/replay").get_json()
    assert final["verified"] and final["signatures"][0]["position"] == "Plt. Kepala Desa Bogem"
