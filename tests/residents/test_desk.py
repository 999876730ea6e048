"""At the desa: online requests in the inbox, attachments only for the desa and the auditor,
start / ask for a fix / reject, and the request's history in the letter's audit chain."""

import io

from app.extensions import db
from app.models import LetterEvent, ResidentRequest
from app.services import integrity
from app.services.residents import history
from tests.residents import files
from tests.residents.helpers import NIK, request_row, submitted_request, track
from tests.web import csrf_of, login_web, page


def _attachment_id(app, code: str) -> int:
    with app.app_context():
        row = db.session.scalar(
            db.select(ResidentRequest).where(ResidentRequest.tracking_code == code)
        )
        return next(a.id for a in row.attachments if a.removed_at is None)


def test_the_request_waits_in_the_operators_inbox_with_its_attachment(app, client):
    answer = submitted_request(app, client)
    login_web(client, "operator.bogem")
    inbox = page(client.get("/"))
    assert "Permohonan online" in inbox
    listing = page(client.get("/permohonan-online"))
    assert "Permohonan online: Surat Keterangan Domisili" in listing and "Sri Rahayu" in listing
    row = request_row(app, answer["tracking_code"])
    detail = page(client.get(f"/permohonan-online/{row.id}"))
    attachment = _attachment_id(app, answer["tracking_code"])
    assert f"/lampiran/{attachment}" in detail and "melamar pekerjaan" in detail
    image = client.get(f"/lampiran/{attachment}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"


def test_attachments_are_hidden_from_other_offices_and_the_public(app, client):
    answer = submitted_request(app, client)
    row = request_row(app, answer["tracking_code"])
    attachment = _attachment_id(app, answer["tracking_code"])
    assert client.get(f"/lampiran/{attachment}").status_code in (302, 401)  # the public: sign in
    for outsider in ("operator.kutukan", "operator.kec.japah", "camat.japah", "admin.blora"):
        browser = app.test_client()
        login_web(browser, outsider)
        assert browser.get(f"/lampiran/{attachment}").status_code == 404, outsider
        assert browser.get(f"/permohonan-online/{row.id}").status_code == 404, outsider
    for insider in ("kades.bogem", "auditor.blora"):
        browser = app.test_client()
        login_web(browser, insider)
        assert browser.get(f"/lampiran/{attachment}").status_code == 200, insider


def test_a_fix_request_reaches_the_resident_and_the_same_request_continues(app, client):
    answer = submitted_request(app, client)
    code, nik4 = answer["tracking_code"], NIK[-4:]
    row = request_row(app, code)
    old_attachment = _attachment_id(app, code)
    login_web(client, "operator.bogem")
    detail = client.get(f"/permohonan-online/{row.id}")
    client.post(
        f"/permohonan-online/{row.id}/perbaikan",
        data={"csrf_token": csrf_of(detail), "reason": "Foto KTP buram, mohon foto ulang."},
    )
    tracked = track(client, code, nik4).get_json()
    assert tracked["status"] == "needs_fix" and tracked["reason"].startswith("Foto KTP buram")
    # The resident opens the fix form from the tracking page and sends a new photo.
    lacak = client.get(f"/lacak?kode={code}")
    fix = client.post(
        "/lacak/perbaiki", data={"csrf_token": csrf_of(lacak), "kode": code, "nik4": nik4}
    )
    assert fix.status_code == 200 and "Foto KTP buram" in page(fix)
    assert "Sri Rahayu" not in page(fix) and NIK not in page(fix)  # masked
    sent = client.post(
        "/lacak/perbaiki",
        data={
            "csrf_token": csrf_of(fix),
            "kode": code,
            "nik4": nik4,
            "kirim": "1",
            "field_tempat_lahir": "Blora",
            "field_tanggal_lahir": "1985-07-15",
            "field_alamat": "RT 01 RW 03 Desa Bogem",
            "field_keperluan": "melamar pekerjaan di pabrik",
            "file_ktp": (io.BytesIO(files.ktp_photo(800, 500)), "ktp-baru.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 200 and "Perbaikan terkirim" in page(sent)
    after = request_row(app, code)
    assert after.id == row.id and after.status == "submitted"
    assert after.fields["keperluan"] == "melamar pekerjaan di pabrik"
    assert client.get(f"/lampiran/{old_attachment}").status_code == 404  # replaced and deleted
    assert _attachment_id(app, code) != old_attachment


def test_starting_the_route_keeps_the_request_history_in_the_letters_audit_chain(app, client):
    answer = submitted_request(app, client)
    row = request_row(app, answer["tracking_code"])
    login_web(client, "operator.bogem")
    detail = client.get(f"/permohonan-online/{row.id}")
    started = client.post(
        f"/permohonan-online/{row.id}/mulai",
        data={
            "csrf_token": csrf_of(detail),
            "applicant_nik": NIK,
            "applicant_name": "Sri Rahayu",
            "field_tempat_lahir": "Blora",
            "field_tanggal_lahir": "1985-07-15",
            "field_alamat": "RT 01 RW 03 Desa Bogem (diperbaiki operator)",
            "field_keperluan": "melamar pekerjaan",
        },
        follow_redirects=True,
    )
    assert started.status_code == 200 and answer["tracking_code"] in page(started)
    row = request_row(app, answer["tracking_code"])
    assert row.status == "started" and row.letter_id
    with app.app_context():
        first = db.session.scalar(
            db.select(LetterEvent).where(
                LetterEvent.letter_id == row.letter_id, LetterEvent.seq == 1
            )
        )
        online = first.data["online_request"]
        chain = history.events_of(row.id)
        assert [e.kind for e in chain] == ["submitted", "confirmed", "started"]
        # the letter's first event names the request chain's head it started from
        assert online["history_head"] == {"seq": 2, "hash": chain[1].hash}
        assert chain[2].data == {"letter_id": row.letter_id}
        assert online["attachments"][0]["requirement"] == "ktp"
        assert first.data["fields"]["alamat"].endswith("(diperbaiki operator)")
        assert integrity.verify_all().problems == []
    kades = app.test_client()
    login_web(kades, "kades.bogem")
    letter_page = page(kades.get(f"/letters/{row.letter_id}"))
    assert "Permohonan online · lampiran" in letter_page and "/lampiran/" in letter_page
    tracked = track(client, answer["tracking_code"], NIK[-4:]).get_json()
    assert [s["label"] for s in tracked["steps"]] == [
        "Permohonan diterima",
        "Diperiksa di kantor desa",
    ]


def test_a_rejected_request_tells_the_resident_why(app, client):
    answer = submitted_request(app, client)
    row = request_row(app, answer["tracking_code"])
    login_web(client, "operator.bogem")
    detail = client.get(f"/permohonan-online/{row.id}")
    client.post(
        f"/permohonan-online/{row.id}/tolak",
        data={"csrf_token": csrf_of(detail), "reason": "Bukan warga Desa Bogem."},
    )
    tracked = track(client, answer["tracking_code"], NIK[-4:]).get_json()
    assert tracked["status"] == "rejected" and tracked["reason"] == "Bukan warga Desa Bogem."
    assert "Permohonan online: " not in page(client.get("/permohonan-online"))
