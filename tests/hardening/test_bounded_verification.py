"""Verification does bounded work: a crafted PDF cannot hold a worker; uploads are rate-limited."""

import time
from io import BytesIO

import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.hardening.attacks import with_extra_signature_fields
from tests.verify.helpers import upload


@pytest.fixture(autouse=True)
def quiet_pyhanko(caplog):
    caplog.set_level("CRITICAL", logger="pyhanko")


def test_a_letter_with_400_extra_signature_fields_is_refused_quickly_with_422(
    client, completed_sktm
):
    crafted = with_extra_signature_fields(completed_sktm.pdf, 400)
    started = time.process_time()  # CPU time: other processes on the machine do not count
    response = upload(client, crafted)
    elapsed = time.process_time() - started
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "document_too_complex"
    assert "terlalu banyak tanda tangan" in error["message"]
    assert elapsed < 2, f"the check held the worker {elapsed:.1f} s"


def test_the_genuine_letter_still_verifies_valid(client, completed_sktm):
    response = upload(client, completed_sktm.pdf)
    assert response.status_code == 200
    assert response.get_json()["valid"] is True


def test_extra_fields_under_the_cap_are_checked_and_not_valid(client, completed_sktm):
    crafted = with_extra_signature_fields(completed_sktm.pdf, 5)
    response = upload(client, crafted)
    assert response.status_code == 200
    assert response.get_json()["valid"] is False


def test_a_check_over_its_time_budget_is_refused_with_422(make_app, completed_sktm):
    app = make_app(VERIFY_TIME_BUDGET=0.0)
    response = upload(app.test_client(), completed_sktm.pdf)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "document_too_complex"


def test_the_web_page_refuses_the_crafted_file_in_indonesian(make_app, completed_sktm):
    app = make_app(WTF_CSRF_ENABLED=False)
    crafted = with_extra_signature_fields(completed_sktm.pdf, 100)
    response = app.test_client().post(
        "/v", data={"berkas": (BytesIO(crafted), "surat.pdf")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "terlalu banyak tanda tangan" in response.get_data(as_text=True)


def test_uploads_are_limited_per_address_across_processes(app, completed_sktm):
    # Two app objects on one database file stand for two gunicorn workers.
    first, other = (
        app,
        create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"]),
    )
    statuses = []
    for index in range(31):
        worker = first if index % 2 else other
        statuses.append(upload(worker.test_client(), b"not a pdf").status_code)
    assert statuses[:30] == [400] * 30
    assert statuses[30] == 429
    blocked = upload(other.test_client(), completed_sktm.pdf)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.get_json()["error"]["code"] == "too_many_attempts"
    with other.app_context():
        db.engine.dispose()
