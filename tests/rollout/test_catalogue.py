"""The letter catalogue: at least twelve desa letter types, each rendered and signed."""

import pytest

from app.domain.letter_fields import FIELD_TYPES
from app.services.letter_catalogue import LETTER_TYPES
from tests.e2e.journeys import act, create
from tests.rollout.helpers import pdf_words
from tests.web import login_web, page

SAMPLE = {"text": "Contoh isian", "textarea": "Baris isian", "date": "2020-01-02", "number": 3}


def test_the_catalogue_has_at_least_twelve_types_with_current_classification_codes():
    assert len(LETTER_TYPES) >= 12
    codes = {code: classification for code, _, classification, *_ in LETTER_TYPES}
    assert codes["SKD"] == "400.12.2.1" and codes["SKPWNI"] == "400.12.2.2"
    assert codes["SKL"] == codes["SKM"] == "400.12.3.1" and codes["SKBM"] == "400.12.3.2"


@pytest.mark.parametrize(
    "code,name,classification,route,fields,closing", LETTER_TYPES, ids=[t[0] for t in LETTER_TYPES]
)
def test_each_catalogue_type_is_rendered_and_signed(
    api_as, code, name, classification, route, fields, closing
):
    assert all(f["type"] in FIELD_TYPES for f in fields)
    operator = api_as("operator.bogem")
    listed = {t["code"]: t for t in operator.get("/letter-types").get_json()["items"]}
    assert listed[code]["route"] == route and listed[code]["classification"] == classification
    letter = create(
        operator,
        {
            "type": code,
            "applicant": {"nik": "3316011201900001", "name": "Budi Santoso"},
            "fields": {f["name"]: SAMPLE[f["type"]] for f in fields},
        },
    )
    act(operator, letter["id"], "operator_check")
    letter = act(api_as("kades.bogem"), letter["id"], "kades_sign")
    if route == "surat_desa_kecamatan":
        act(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")
        letter = act(api_as("camat.japah"), letter["id"], "camat_sign")
    assert letter["number"].startswith(f"{classification}/")
    assert len(letter["signatures"]) == (2 if route == "surat_desa_kecamatan" else 1)
    words = pdf_words(operator.get(f"/letters/{letter['id']}/pdf").data)
    assert name.upper() in words and "DESA BOGEM" in words and "Budi Santoso" in words
    assert "${" not in words  # every placeholder was filled
    assert "Kepala Desa Bogem" in words


def test_template_editor_previews_the_pdf_as_typed(client):
    login_web(client, "admin.blora")
    form = client.get("/admin/letter-types/SKBM")
    assert "Pratinjau PDF" in page(form) and "live-preview.js" in page(form)
    preview = client.get(
        "/admin/letter-types/preview.pdf",
        query_string={
            "name": "Surat Keterangan Contoh",
            "classification": "400.12.2.1",
            "route": "surat_desa_kecamatan",
            "opening": "Yang bertanda tangan di bawah ini, ${kepala}:",
            "closing": "Tinggal di ${kantor} sejak ${sejak}.",
            "field_name": ["sejak"],
            "field_label": ["Sejak tanggal"],
            "field_type": ["date"],
        },
    )
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    words = pdf_words(preview.data)
    assert "SURAT KETERANGAN CONTOH" in words and "Sejak tanggal" in words
    assert "Yang bertanda tangan di bawah ini, Kepala Desa" in words and "${" not in words
    assert "Mengetahui, Camat" in words  # the route's signature slots are drawn too
    bad = client.get("/admin/letter-types/preview.pdf", query_string={"closing": "${tidak_ada}"})
    assert bad.status_code == 400 and "Penanda tidak dikenal" in page(bad)
