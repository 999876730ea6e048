"""A resident asks for a letter online: attachments checked, NIK + PIN, abuse refused."""

import io

from app.extensions import db
from app.models import RequestAttachment, ResidentRequest
from app.services.residents import attachments
from tests.residents import files
from tests.residents.helpers import NIK, issue_pin, request_form, submit, submitted_request
from tests.web import csrf_of, page


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_request_confirmed_with_the_desa_pin_gets_a_tracking_code(app, client):
    answer = submitted_request(app, client)
    assert answer["status"] == "submitted" and len(answer["tracking_code"]) == 10
    with app.app_context():
        row = db.session.scalar(db.select(ResidentRequest))
        assert (row.applicant_nik, row.desa.code, row.letter_type.code) == (NIK, "DS-BGM", "SKD")
        (ktp,) = row.attachments
        assert ktp.requirement == "ktp" and ktp.media_type == "image/jpeg"
        photo = attachments.content(ktp)
        assert photo.startswith(b"\xff\xd8") and b"PhoneMaker" not in photo  # EXIF is gone


def test_the_catalogue_lists_fields_and_requirements(client):
    answer = client.get("/api/v1/public/letter-types?desa=DS-BGM").get_json()
    skd = next(t for t in answer["items"] if t["code"] == "SKD")
    assert {"code": "ktp", "label": "KTP", "required": True} in skd["requirements"]
    assert [f["name"] for f in skd["fields"]][:2] == ["tempat_lahir", "tanggal_lahir"]
    assert client.get("/api/v1/public/letter-types?desa=NOPE").status_code == 404


def test_a_missing_required_attachment_is_named(app, client):
    response = submit(client, request_form(issue_pin(app), **{"files.ktp": None}))
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]["files.ktp"] == ["KTP wajib dilampirkan."]
    assert _count(app, ResidentRequest) == 0


def test_hostile_uploads_are_refused_and_nothing_is_kept(app, client):
    pin = issue_pin(app)
    for name, data in [
        ("ktp.jpg", files.executable()),
        ("ktp.jpg", files.html_named_jpg()),
        ("ktp.pdf", files.pdf_with_javascript()),
        ("ktp.png", files.bomb_png()),
        ("ktp.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024)),
    ]:
        body = request_form(pin, **{"files.ktp": (io.BytesIO(data), name)})
        response = submit(client, body)
        assert response.status_code == 400, (name, response.get_json())
        assert "files.ktp" in response.get_json()["error"]["fields"]
    assert _count(app, ResidentRequest) == 0 and _count(app, RequestAttachment) == 0


def test_the_honeypot_field_stops_bots(app, client):
    response = submit(client, request_form(issue_pin(app), situs_web="http://spam.example"))
    assert response.status_code == 400
    assert _count(app, ResidentRequest) == 0


def test_a_duplicate_request_is_refused_while_the_first_is_open(app, client):
    submitted_request(app, client)
    again = submit(client, request_form(issue_pin(app)))
    assert again.status_code == 409
    assert "masih diproses" in again.get_json()["error"]["message"]
    assert _count(app, ResidentRequest) == 1


def test_a_wrong_pin_is_refused_and_guessing_is_limited_per_nik(app, client):
    issue_pin(app)
    for _ in range(5):
        response = submit(client, request_form("000000"))
        assert response.status_code == 400
        assert response.get_json()["error"]["fields"] == {"pin": ["NIK atau PIN salah."]}
    locked = submit(client, request_form("000000"), address="10.9.9.9")  # another network too
    assert locked.status_code == 429
    assert _count(app, ResidentRequest) == 0


def test_requests_are_limited_per_address(app, client):
    pin = issue_pin(app)
    codes = [submit(client, request_form(pin, type="NOPE")).status_code for _ in range(11)]
    assert codes[:10] == [400] * 10 and codes[10] == 429


def test_without_a_channel_or_pins_the_desa_has_no_online_form_yet(app, client):
    html = page(client.get("/layanan/DS-BGM/SKD"))
    assert "belum aktif" in html and 'name="file_ktp"' not in html
    assert client.get("/api/v1/public/letter-types?desa=DS-BGM").get_json()["channels"] == []
    issue_pin(app)  # the desa chooses NIK + PIN by issuing PINs at its office
    assert client.get("/api/v1/public/letter-types?desa=DS-BGM").get_json()["channels"] == ["pin"]
    refused = submit(client, request_form("123456", **{"desa": "DS-JPH"}))  # Japah issued none
    assert refused.status_code == 400
    assert refused.get_json()["error"]["fields"]["channel"] == [
        "Cara konfirmasi ini tidak tersedia."
    ]


def test_the_phone_page_works_without_javascript_and_stays_small(app, client):
    issue_pin(app)
    catalogue = client.get("/layanan/DS-BGM")
    assert catalogue.status_code == 200 and "Surat Keterangan Domisili" in page(catalogue)
    form = client.get("/layanan/DS-BGM/SKD")
    html = page(form)
    assert form.status_code == 200 and "<script" not in html
    assert len(form.data) + len(client.get("/static/web/layang.css").data) < 200 * 1024
    assert 'name="file_ktp"' in html and 'name="situs_web"' in html
    embed = client.get("/layanan/DS-BGM/sematan")
    policy = embed.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'none'" in policy
    assert 'target="_blank"' in page(embed)


def test_the_web_form_with_a_pin_shows_the_tracking_code(app, client):
    pin = issue_pin(app)
    form = client.get("/layanan/DS-BGM/SKD")
    data = {
        "csrf_token": csrf_of(form),
        "applicant_nik": NIK,
        "applicant_name": "Sri Rahayu",
        "field_tempat_lahir": "Blora",
        "field_tanggal_lahir": "1985-07-15",
        "field_alamat": "RT 01 RW 03",
        "field_keperluan": "melamar pekerjaan",
        "channel": "pin",
        "pin": pin,
        "delivery": "pickup",
        "file_ktp": (io.BytesIO(files.ktp_photo()), "ktp.jpg"),
    }
    response = client.post("/layanan/DS-BGM/SKD", data=data, content_type="multipart/form-data")
    assert response.status_code == 201, page(response)[:2000]
    with app.app_context():
        code = db.session.scalar(db.select(ResidentRequest.tracking_code))
    assert "Permohonan diterima" in page(response) and code in page(response)


def test_a_bad_upload_on_the_web_form_is_named_beside_its_input(app, client):
    issue_pin(app)
    form = client.get("/layanan/DS-BGM/SKD")
    response = client.post(
        "/layanan/DS-BGM/SKD",
        data={
            "csrf_token": csrf_of(form),
            "applicant_nik": NIK,
            "applicant_name": "Sri Rahayu",
            "channel": "pin",
            "pin": "123456",
            "delivery": "download",
            "file_ktp": (io.BytesIO(files.executable()), "ktp.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = page(response)
    assert 'id="file_ktp-error"' in html and "Jenis berkas tidak didukung" in html
    assert _count(app, ResidentRequest) == 0
