"""Web pages refused by a rate limit answer 429 with Retry-After, as the API does, and say in
Indonesian when to try again: the login, the residents' tracking and request pages, /v uploads."""

import io

import pytest

from tests.conftest import PASSWORD, SKD
from tests.e2e.journeys import create
from tests.residents import files
from tests.residents.helpers import NIK, SKD_FIELDS, issue_pin
from tests.web import page

NIK4 = SKD["applicant"]["nik"][-4:]


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _refused_with_retry_after(response, words: str) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert words in page(response) and "Coba lagi dalam" in page(response)


def test_a_locked_login_page_is_429_with_retry_after(no_csrf, client):
    for _ in range(10):
        client.post("/login", data={"username": "kades.bogem", "password": "x"})
    refused = client.post("/login", data={"username": "kades.bogem", "password": PASSWORD})
    _refused_with_retry_after(refused, "Terlalu banyak percobaan masuk")
    assert int(refused.headers["Retry-After"]) > 800
    # A wrong password alone is no rate limit: the form again, no Retry-After.
    wrong = client.post("/login", data={"username": "operator.bogem", "password": "x"})
    assert wrong.status_code == 200 and "Retry-After" not in wrong.headers


def test_the_lacak_page_locked_by_wrong_digits_says_when_to_come_back(no_csrf, api_as, client):
    code = create(api_as("operator.bogem"), SKD)["tracking_code"]
    for n in range(5):
        wrong = client.post("/lacak", data={"kode": code, "nik4": f"9{n}9{n}"})
        assert wrong.status_code == 404 and "Retry-After" not in wrong.headers
    locked = client.post("/lacak", data={"kode": code, "nik4": NIK4})
    _refused_with_retry_after(locked, "Terlalu banyak percobaan yang salah")
    download = client.get(f"/lacak/unduh?kode={code}&nik4={NIK4}")
    _refused_with_retry_after(download, "Terlalu banyak percobaan yang salah")
    # The fix form has no page of its own to refuse on: the error page says it.
    fix = client.post("/lacak/perbaiki", data={"kode": code, "nik4": NIK4})
    _refused_with_retry_after(fix, "Terlalu banyak percobaan yang salah")


def test_the_request_form_past_its_limit_says_when_to_come_back(no_csrf, app, client):
    issue_pin(app)
    body = {
        "applicant_nik": NIK,
        "applicant_name": "Sri Rahayu",
        **{f"field_{k}": v for k, v in SKD_FIELDS.items()},
        "channel": "pin",
        "pin": "000000",
        "delivery": "pickup",
    }

    def post():
        data = {**body, "file_ktp": (io.BytesIO(files.ktp_photo()), "ktp.jpg")}
        return client.post("/layanan/DS-BGM/SKD", data=data, content_type="multipart/form-data")

    for _ in range(5):
        wrong = post()
        assert wrong.status_code == 400 and "Retry-After" not in wrong.headers
    _refused_with_retry_after(post(), "Terlalu banyak permohonan untuk NIK ini")


def test_the_verify_upload_page_past_its_limit_says_when_to_come_back(no_csrf, client):
    def upload():
        data = {"berkas": (io.BytesIO(b"bukan pdf"), "surat.pdf")}
        return client.post("/v", data=data, content_type="multipart/form-data")

    assert [upload().status_code for _ in range(30)] == [400] * 30
    _refused_with_retry_after(upload(), "Terlalu banyak berkas diperiksa dari alamat ini")
