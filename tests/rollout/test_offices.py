"""Offices: Blora's real map, scoping, editing, letterheads with a live preview, number format."""

import base64

from tests.conftest import SKD
from tests.e2e.journeys import act, create
from tests.rollout.helpers import office_id, pdf_words
from tests.web import csrf_of, login_web, page

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_the_demo_map_is_blora_with_16_kecamatan_and_295_desa(api_as):
    admin = api_as("admin.blora")
    kecamatan = admin.get("/offices?kind=kecamatan").get_json()["items"]
    assert len(kecamatan) == 16
    assert {"Japah", "Randublatung", "Cepu", "Blora"} <= {k["name"] for k in kecamatan}
    everything = admin.get("/offices").get_json()["items"]
    assert sum(o["kind"] in ("desa", "kelurahan") for o in everything) == 295
    by_code = {o["code"]: o for o in everything}
    assert by_code["DS-BGM"]["name"] == "Bogem"
    assert by_code["DS-BGM"]["parent_id"] == by_code["KEC-JPH"]["id"]
    assert by_code["DS-KTK"]["parent_id"] == by_code["KEC-RDB"]["id"]


def test_offices_are_scoped(api_as):
    operator = api_as("operator.bogem")
    assert [o["code"] for o in operator.get("/offices").get_json()["items"]] == ["DS-BGM"]
    kecamatan = api_as("operator.kec.japah").get("/offices").get_json()["items"]
    assert len(kecamatan) == 19 and {o["code"] for o in kecamatan} >= {"KEC-JPH", "DS-BGM"}
    kutukan = office_id(api_as("admin.blora"), "DS-KTK")
    assert operator.get(f"/offices/{kutukan}").status_code == 404
    assert operator.patch(f"/offices/{kutukan}", json={"name": "X"}).status_code == 403


def test_admin_creates_a_desa_with_a_derived_but_editable_code(api_as):
    admin = api_as("admin.blora")
    japah = office_id(admin, "KEC-JPH")
    made = admin.post("/offices", json={"kind": "desa", "name": "Wonoharjo", "parent_id": japah})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["code"] == "DS-WHR"
    renamed = admin.patch(f"/offices/{made.get_json()['id']}", json={"code": "DS-WHRJ"})
    assert renamed.get_json()["code"] == "DS-WHRJ"
    clash = admin.patch(f"/offices/{made.get_json()['id']}", json={"code": "DS-BGM"})
    assert clash.status_code == 400
    assert clash.get_json()["error"]["fields"]["code"] == ["Kode kantor sudah dipakai kantor lain."]
    bad = admin.post("/offices", json={"kind": "desa", "name": "X", "parent_id": 999999})
    assert bad.status_code == 400 and "parent_id" in bad.get_json()["error"]["fields"]


def test_letterhead_contacts_and_logo_are_printed_on_letters(api_as, app):
    admin = api_as("admin.blora")
    bogem = office_id(admin, "DS-BGM")
    saved = admin.patch(
        f"/offices/{bogem}",
        json={
            "letterhead": {
                "phone": "(0296) 123456",
                "email": "desa.bogem@blorakab.go.id",
                "website": "bogem.desa.id",
            }
        },
    )
    assert saved.status_code == 200
    logo = admin.client.put(
        f"/api/v1/offices/{office_id(admin, 'KAB-BLA')}/logo",
        data={"file": (__import__("io").BytesIO(PNG), "logo.png")},
        headers={"Authorization": f"Bearer {admin.token}"},
        content_type="multipart/form-data",
    )
    assert logo.status_code == 200 and logo.get_json()["letterhead"]["logo"] is True
    operator = api_as("operator.bogem")
    letter = create(operator, SKD)
    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    words = pdf_words(pdf)
    assert "Telepon (0296) 123456 - Pos-el desa.bogem@blorakab.go.id - Laman bogem.desa.id" in words
    assert b"/Subtype /Image" in pdf
    not_image = admin.client.put(
        f"/api/v1/offices/{bogem}/logo",
        data={"file": (__import__("io").BytesIO(b"<svg/>"), "x.svg")},
        headers={"Authorization": f"Bearer {admin.token}"},
        content_type="multipart/form-data",
    )
    assert not_image.status_code == 400


def test_number_format_is_a_kabupaten_template(api_as, skd):
    admin = api_as("admin.blora")
    kabupaten = office_id(admin, "KAB-BLA")
    bad = admin.patch(f"/offices/{kabupaten}", json={"number_format": "{seq}/{year}"})
    assert bad.status_code == 400
    assert bad.get_json()["error"]["fields"]["number_format"] == [
        "Templat wajib memuat {office_code}."
    ]
    good = admin.patch(
        f"/offices/{kabupaten}",
        json={"number_format": "{office_code}/{classification}/{seq:04d}/{year}"},
    )
    assert good.status_code == 200
    operator = api_as("operator.bogem")
    letter = create(operator, skd)
    act(operator, letter["id"], "operator_check")
    signed = act(api_as("kades.bogem"), letter["id"], "kades_sign")
    assert signed["number"].startswith("DS-BGM/400.12.2.1/0001/")


def test_web_office_page_shows_a_live_letterhead_preview(app, client):
    login_web(client, "admin.blora")
    listing = client.get("/admin/offices")
    assert listing.status_code == 200 and "Kecamatan Japah" in page(listing)
    with app.app_context():
        from app.extensions import db
        from app.models import Office

        bogem = db.session.query(Office).filter_by(code="DS-BGM").one().id
    form = client.get(f"/admin/offices/{bogem}")
    assert "Pratinjau kop surat" in page(form) and "live-preview.js" in page(form)
    preview = client.get(
        f"/admin/offices/{bogem}/preview.pdf?name=Bogem&lines=DESA+BOGEM+BARU&phone=0296-1"
    )
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    assert "DESA BOGEM BARU" in pdf_words(preview.data) and "Telepon 0296-1" in pdf_words(
        preview.data
    )
    saved = client.post(
        f"/admin/offices/{bogem}",
        data={
            "csrf_token": csrf_of(form),
            "kind": "desa",
            "name": "Bogem",
            "code": "DS-BGM",
            "parent_id": "",
            "address": "Jl. Baru 1",
            "lines": "",
            "phone": "",
            "email": "salah",
            "website": "",
            "postal_code": "",
        },
    )
    assert saved.status_code == 200 and "Alamat pos-el tidak sah." in page(saved)


def test_web_kabupaten_page_shows_the_number_format_and_a_new_kecamatan_can_be_made(app, client):
    login_web(client, "admin.blora")
    with app.app_context():
        from app.extensions import db
        from app.models import Office

        kabupaten = db.session.query(Office).filter_by(code="KAB-BLA").one().id
    text = page(client.get(f"/admin/offices/{kabupaten}"))
    assert "Format nomor surat" in text and "/DS-BGM/" in text  # the example number
    form = client.get("/admin/offices/new?kind=kecamatan")
    assert '<option value="kecamatan" selected>' in page(form)
    made = client.post(
        "/admin/offices/new",
        data={
            "csrf_token": csrf_of(form),
            "kind": "kecamatan",
            "name": "Mulyorejo",
            "code": "",
            "parent_id": "",
            "address": "",
            "lines": "",
            "phone": "",
            "email": "",
            "website": "",
            "postal_code": "",
        },
        follow_redirects=True,
    )
    assert "Kantor KEC-MLY tersimpan." in page(made)
