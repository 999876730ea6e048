"""GET /api/v1/verify/{code} and POST /api/v1/verify: public, in the contract's shape, never 500."""

from tests.e2e.journeys import create
from tests.verify.helpers import code_of, upload


def test_get_verify_answers_valid_for_a_completed_letter_without_a_token(client, completed_sktm):
    response = client.get(f"/api/v1/verify/{completed_sktm.code}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["valid"] is True and body["verdict"] == "valid"
    assert body["issued_by_this_system"] is True and body["modified_after_last_signature"] is False
    assert body["reasons"] == []
    assert body["letter"]["number"] == completed_sktm.number
    assert body["letter"]["type"] == "SKTM" and body["letter"]["office"] == "DS-BGM"
    assert body["letter"]["office_name"] == "Desa Bogem, Kecamatan Japah"
    assert body["letter"]["issued_at"]
    assert body["letter"]["applicant"] == {"name": "Budi Santoso", "nik": "3316********0001"}
    assert [(s["signer"], s["role"], s["valid"]) for s in body["signatures"]] == [
        ("Sutrisno", "kades", True),
        ("Drs. Hadi Purnomo", "camat", True),
    ]
    for signature in body["signatures"]:
        assert signature["intact"] and signature["trusted"] and signature["signed_at"]
        assert signature["timestamped"] is False and signature["reasons"] == []


def test_get_verify_of_an_unknown_code_is_404_in_the_error_format(client):
    response = client.get("/api/v1/verify/bukan-kode-yang-ada")
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "not_found" and error["message"].startswith(
        "Kode verifikasi tidak dikenal"
    )


def test_get_verify_of_an_unsigned_letter_says_so(client, api_as, sktm):
    letter = create(api_as("operator.bogem"), sktm)
    code = code_of(letter["verify_url"])
    body = client.get(f"/api/v1/verify/{code}").get_json()
    assert body["valid"] is False and body["verdict"] == "unsigned"
    assert body["signatures"] == [] and body["reasons"] == ["Surat ini belum ditandatangani."]


def test_upload_of_the_exact_signed_file_is_valid_and_issued_by_this_system(client, completed_sktm):
    response = upload(client, completed_sktm.pdf)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (
        body["valid"] is True
        and body["issued_by_this_system"] is True
        and body["revision"] == "current"
    )
    assert body["modified_after_last_signature"] is False
    assert body["letter"]["number"] == completed_sktm.number
    assert body["letter"]["verify_url"] == completed_sktm.verify_url
    assert [s["valid"] for s in body["signatures"]] == [True, True]


def test_upload_without_a_file_is_400_naming_the_field(client):
    response = client.post("/api/v1/verify", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input" and "file" in error["fields"]


def test_upload_of_garbage_is_400_with_a_clear_message(client):
    response = upload(client, b"ini bukan PDF sama sekali" * 50, "surat.pdf")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_document" and "bukan PDF" in error["message"]


def test_upload_of_a_broken_pdf_is_400_never_500(client):
    response = upload(client, b"%PDF-1.7\n" + b"\x00\xff" * 5000)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_document"


def test_upload_of_a_pdf_without_signatures_is_not_valid(client, api_as, sktm):
    operator = api_as("operator.bogem")
    draft = operator.get(f"/letters/{create(operator, sktm)['id']}/pdf").data
    body = upload(client, draft).get_json()
    assert body["valid"] is False and body["issued_by_this_system"] is False
    assert body["reasons"] == ["Berkas tidak memuat tanda tangan elektronik."]


def test_upload_over_the_size_limit_is_413(app, client):
    app.config["VERIFY_MAX_UPLOAD_BYTES"] = 1024
    response = upload(client, b"%PDF-1.7\n" + b"0" * 2048)
    assert response.status_code == 413
    assert response.get_json()["error"]["message"].startswith("Berkas terlalu besar")


def test_openapi_documents_verify_as_public(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert paths["/api/v1/verify"]["post"]["security"] == []
    assert "multipart/form-data" in paths["/api/v1/verify"]["post"]["requestBody"]["content"]
    assert paths["/api/v1/verify/{code}"]["get"]["security"] == []


def test_verification_codes_are_unguessable_and_unique_per_letter(api_as, sktm, skd):
    operator = api_as("operator.bogem")
    codes = [code_of(create(operator, payload)["verify_url"]) for payload in (sktm, skd, sktm)]
    assert len(set(codes)) == 3
    for code in codes:
        # secrets.token_urlsafe(24): 24 random bytes = 192 bits, written as 32 URL-safe characters.
        assert len(code) >= 32 and set(code) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        )
