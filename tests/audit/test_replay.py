"""Replay after every event of real letters equals what was really saved at that moment."""

import hashlib
from datetime import datetime

from app import engine
from app.extensions import db
from app.models import Letter, LetterEvent
from app.services.internal import replay as replays
from app.services.internal.process import route_of
from tests.audit.helpers import Journey

KADES, OPERATOR = "kades.bogem", "operator.bogem"
KECAMATAN, CAMAT = "operator.kec.japah", "camat.japah"


def normal_sktm(app, api_as, sktm) -> Journey:
    j = Journey(app, api_as, sktm)
    j.claim(OPERATOR, "operator_check")
    j.unclaim(OPERATOR, "operator_check")
    j.claim(OPERATOR, "operator_check")
    j.act(OPERATOR, "operator_check")
    j.act(KADES, "kades_sign")
    j.act(KECAMATAN, "kecamatan_check")
    j.act(CAMAT, "camat_sign")
    j.act(OPERATOR, "handover")
    return j


def returned_sktm(app, api_as, sktm) -> Journey:
    """Returned at every level: data corrected, a signature voided by a return and made again."""
    j = Journey(app, api_as, sktm)
    j.act(OPERATOR, "operator_check", "return", reason="KTP pemohon buram")
    j.act(OPERATOR, "operator_revise", data={"fields": {"alamat": "RT 03 RW 01 Desa Bogem"}})
    j.act(OPERATOR, "operator_check")
    j.act(KADES, "kades_sign")  # signed and numbered
    j.act(KECAMATAN, "kecamatan_check", "return", reason="Keperluan kurang jelas")
    j.act(
        OPERATOR, "operator_check"
    )  # kades_sign opens again: its signature is voided, the number stays
    j.act(KADES, "kades_sign")
    j.act(KECAMATAN, "kecamatan_check", "return", reason="Penghasilan perlu dicek")
    j.act(
        OPERATOR, "operator_check", data={"fields": {"penghasilan": 850000}}
    )  # correction voids as well
    j.act(KADES, "kades_sign")
    j.act(KECAMATAN, "kecamatan_check")
    j.act(CAMAT, "camat_sign", "return", reason="Mohon dicek ulang")
    j.act(KECAMATAN, "kecamatan_check")
    j.act(CAMAT, "camat_sign")
    j.act(OPERATOR, "handover")
    return j


def rejected_skd(app, api_as, skd) -> Journey:
    j = Journey(app, api_as, skd)
    j.act(OPERATOR, "operator_check")
    j.act(KADES, "kades_sign", "reject", reason="Pemohon bukan warga desa")
    return j


def state_view(state: dict) -> dict:
    """A letter as GET /letters/{id} showed it after a call, or as a replay gives it."""
    return {
        "status": state["status"],
        "number": state["number"],
        "applicant": state["applicant"],
        "fields": state["fields"],
        "open_tasks": [
            (t["id"], t["step"], t["role"], t["office"], t["claimed_by"])
            for t in state["open_tasks"]
        ],
        "signatures": [
            (
                s["step"],
                s["signer"],
                s["certificate_fingerprint"],
                datetime.fromisoformat(s["signed_at"]),
            )
            for s in state["signatures"]
        ],
    }


def assert_replay_equals_saved_state(j: Journey) -> int:
    """Every event's replay is verified; where a call ended, it equals the saved letter and PDF."""
    with j.app.app_context():
        events = {e.seq: e for e in db.session.query(LetterEvent).filter_by(letter_id=j.letter_id)}
        letter = db.session.get(Letter, j.letter_id)
        total = len(events)
        for (
            seq,
            event,
        ) in events.items():  # the engine, restored at each moment, waits where the inbox does
            result = replays.replay(letter, seq)
            assert result.verified and result.event.state_hash == event.state_hash
            if seq in j.observed:
                process = replays.process_state_at(result.state)
                ready = (
                    engine.open_tasks(route_of(result.route_version), process) if process else ()
                )
                assert sorted(v.step for v in ready) == sorted(
                    t["step"] for t in result.open_tasks
                ), seq
        kinds = {seq: (e.kind, dict(e.data)) for seq, e in events.items()}
    assert set(j.observed) <= set(range(1, total + 1)) and total in j.observed
    for seq in range(1, total + 1):
        response = j.observer.get(f"/letters/{j.letter_id}/replay?event={seq}")
        assert response.status_code == 200, response.get_json()
        replay = response.get_json()
        assert replay["verified"] and replay["event"]["seq"] == seq and replay["problems"] == []
        assert replay["previous"] == (seq - 1 or None) and replay["next"] == (
            seq + 1 if seq < total else None
        )
        pdf = j.observer.get(replay["document"]["url"].removeprefix("/api/v1"))
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        pdf_sha256 = hashlib.sha256(pdf.data).hexdigest()
        kind, data = kinds[seq]
        if kind == "signed":
            assert pdf_sha256 == data["document_sha256_after"] == replay["document"]["sha256"]
        if seq in j.observed:
            saved = j.observed[seq]
            assert state_view(replay) == state_view(saved["letter"]), seq
            assert pdf_sha256 == saved["pdf_sha256"], seq
    return total


def test_replay_of_a_normal_letter_equals_the_saved_state_at_every_event(app, api_as, sktm):
    j = normal_sktm(app, api_as, sktm)
    assert assert_replay_equals_saved_state(j) == 18  # two signings, each started then signed


def test_replay_of_a_returned_letter_equals_the_saved_state_at_every_event(app, api_as, sktm):
    j = returned_sktm(app, api_as, sktm)
    assert assert_replay_equals_saved_state(j) == 41
    history = j.observer.get(f"/letters/{j.letter_id}/history").get_json()
    kinds = [e["kind"] for e in history["events"]]
    assert (
        kinds.count("returned") == 4
        and kinds.count("data_changed") == 2
        and kinds.count("signed") == 4
    )
    # The diagram of the route version it ran on, and the path taken, counted per element and flow.
    final = j.observer.get(f"/letters/{j.letter_id}/replay").get_json()
    assert final["route_version"]["route"] == "surat_desa_kecamatan"
    assert "<bpmn:definitions" in final["route_version"]["bpmn_xml"]
    elements, flows = final["path"]["elements"], final["path"]["flows"]
    assert (
        elements["submitted"] == 1
        and elements["end_completed"] == 1
        and final["path"]["current"] == []
    )
    assert (
        elements["operator_check"] == 4
        and elements["kades_sign"] == 3
        and elements["camat_sign"] == 2
    )
    assert flows["kecamatan_check_return"] == 2 and flows["camat_sign_return"] == 1
    assert flows["operator_check_return"] == 1 and flows["operator_revise_to_operator_check"] == 1
    first = j.observer.get(f"/letters/{j.letter_id}/replay?event=1").get_json()
    assert first["path"]["current"] == ["operator_check"] and first["open_tasks"] == []
    assert first["document"]["kind"] == "draft" and first["number"] is None


def test_replay_of_a_rejected_letter_equals_the_saved_state_at_every_event(app, api_as, skd):
    j = rejected_skd(app, api_as, skd)
    assert_replay_equals_saved_state(j)
    last = j.observer.get(f"/letters/{j.letter_id}/replay").get_json()
    assert last["status"] == "rejected" and last["open_tasks"] == []
    assert (
        last["path"]["elements"].get("end_rejected_kades_sign") == 1
        and last["path"]["current"] == []
    )


def test_replay_refuses_an_event_that_does_not_exist_and_letters_out_of_scope(app, api_as, sktm):
    j = Journey(app, api_as, sktm)
    assert j.observer.get(f"/letters/{j.letter_id}/replay?event=99").status_code == 400
    assert j.observer.get(f"/letters/{j.letter_id}/replay?event=0").status_code == 400
    assert api_as("operator.kutukan").get(f"/letters/{j.letter_id}/replay").status_code == 404
    assert (
        api_as("operator.kec.randublatung").get(f"/letters/{j.letter_id}/history").status_code
        == 404
    )
    assert (
        api_as("operator.kec.japah").get(f"/letters/{j.letter_id}/replay?event=1").status_code
        == 200
    )


def test_replay_of_migrated_letters_equals_the_saved_state_at_every_event(app, api_as, skd):
    """Letters moved to a new route version mid-way: each moment replays on its version."""
    from tests.admin.helpers import route_id, save_and_deploy
    from tests.engine import variants

    admin = api_as("admin.blora")
    at_check = Journey(app, api_as, skd)
    signed = Journey(app, api_as, skd)
    signed.act(OPERATOR, "operator_check")
    signed.act(KADES, "kades_sign")
    v2 = save_and_deploy(admin, "surat_desa", variants.with_sekdes_check(), "Sekdes memeriksa dulu")
    moved = signed.post(
        "admin.blora", f"/routes/{route_id(admin, 'surat_desa')}/migrate", {"dry_run": False}
    )
    assert {i["letter_id"] for i in moved["items"] if i["migrated"]} == {
        at_check.letter_id,
        signed.letter_id,
    }
    at_check.observe()
    at_check.act(OPERATOR, "operator_check")
    at_check.act("sekdes.bogem", "sekdes_check")  # the step the new version added
    at_check.act(KADES, "kades_sign")
    at_check.act(OPERATOR, "handover")
    signed.act(OPERATOR, "handover")
    for j in (at_check, signed):
        assert_replay_equals_saved_state(j)
        history = j.observer.get(f"/letters/{j.letter_id}/history").get_json()["events"]
        migrated = next(e for e in history if e["kind"] == "migrated")
        before = j.observer.get(
            f"/letters/{j.letter_id}/replay?event={migrated['seq'] - 1}"
        ).get_json()
        after = j.observer.get(f"/letters/{j.letter_id}/replay?event={migrated['seq']}").get_json()
        assert before["route_version"]["number"] == 1 and after["route_version"]["id"] == v2["id"]
        assert migrated["actor"] == "admin.blora" and migrated["data"]["to_version"] == v2["number"]
    final = at_check.observer.get(f"/letters/{at_check.letter_id}/replay").get_json()
    assert final["status"] == "completed" and final["path"]["elements"]["sekdes_check"] == 1
