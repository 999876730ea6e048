"""Guessing is throttled in every process: passwords per account and address, passphrases."""

import pytest

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import PASSPHRASE, PASSWORD
from tests.e2e.journeys import inbox_task, kades_task


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.fixture
def second_worker(app):
    """Another app object on the same database file, standing for a second gunicorn worker."""
    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    yield other
    with other.app_context():
        db.engine.dispose()


def test_after_ten_wrong_passwords_even_the_right_one_is_refused_in_every_process(
    app, second_worker
):
    workers = [app.test_client(), second_worker.test_client()]
    for attempt in range(10):
        response = _login(workers[attempt % 2], "kades.bogem", "tebakan")
        assert response.status_code == 401
    for client in workers:
        refused = _login(client, "kades.bogem", PASSWORD)
        assert refused.status_code == 429
        assert refused.get_json()["error"]["code"] == "too_many_attempts"
        assert "Coba lagi dalam 15 menit" in refused.get_json()["error"]["message"]
        assert int(refused.headers["Retry-After"]) > 800
    # Other accounts are not locked by it.
    assert _login(workers[0], "operator.bogem", PASSWORD, address="10.0.0.2").status_code == 200


def test_the_count_is_per_address_too_whichever_accounts_are_tried(make_app):
    app = make_app(LOGIN_MAX_FAILURES_PER_ADDRESS=5)
    client = app.test_client()
    for name in ("a", "b", "c", "d", "e"):
        assert _login(client, f"tamu.{name}", "x", address="10.9.9.9").status_code == 401
    assert _login(client, "operator.bogem", PASSWORD, address="10.9.9.9").status_code == 429
    assert _login(client, "operator.bogem", PASSWORD, address="10.9.9.10").status_code == 200


def test_a_right_password_clears_the_accounts_earlier_failures(client):
    for _ in range(9):
        _login(client, "kades.bogem", "tebakan")
    assert _login(client, "kades.bogem", PASSWORD).status_code == 200
    for _ in range(9):
        assert _login(client, "kades.bogem", "tebakan").status_code == 401
    assert _login(client, "kades.bogem", PASSWORD).status_code == 200


def test_the_web_login_says_so_in_indonesian(app):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    for _ in range(10):
        client.post("/login", data={"username": "kades.bogem", "password": "x"})
    page = client.post("/login", data={"username": "kades.bogem", "password": PASSWORD})
    assert "Terlalu banyak percobaan masuk" in page.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_three_wrong_passphrases_lock_signing_record_it_and_tell_the_official(api_as, skd):
    kades, letter, task = kades_task(api_as, skd)
    path = f"/tasks/{task['id']}/complete"
    for _ in range(2):
        response = kades.post(path, json={"decision": "approve", "passphrase": "salah"})
        assert response.status_code == 422
        assert response.get_json()["error"]["code"] == "bad_passphrase"
    third = kades.post(path, json={"decision": "approve", "passphrase": "salah"})
    assert third.status_code == 429
    message = third.get_json()["error"]["message"]
    assert "dikunci sampai pukul" in message and "WIB" in message
    # Now even the right passphrase is refused, and nothing was signed.
    right = kades.post(path, json={"decision": "approve", "passphrase": PASSPHRASE})
    assert right.status_code == 429
    assert kades.get(f"/letters/{letter['id']}").get_json()["signatures"] == []
    assert inbox_task(kades, letter["id"], "kades_sign")["id"] == task["id"]
    # The lock is in the letter's audit trail.
    auditor = api_as("auditor.blora")
    history = auditor.get(f"/letters/{letter['id']}/history").get_json()
    assert history["chain_intact"] is True
    locked = [e for e in history["events"] if e["kind"] == "signing_locked"]
    assert len(locked) == 1 and locked[0]["actor"] == "kades.bogem"
    assert "passphrase salah" in locked[0]["label"]


def test_bulk_signing_counts_a_wrong_passphrase_too(api_as, skd):
    kades, _letter, task = kades_task(api_as, skd)
    body = {"task_ids": [task["id"]], "passphrase": "salah"}
    statuses = [kades.post("/tasks/bulk-sign", json=body).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    body["passphrase"] = PASSPHRASE
    assert kades.post("/tasks/bulk-sign", json=body).status_code == 429


def test_the_lock_ends_after_its_time(make_app, skd):
    app = make_app(PASSPHRASE_LOCK_MINUTES=0)
    from tests.backends.conftest import api_for
    from tests.e2e.journeys import act

    api = api_for(app)
    kades, operator = api("kades.bogem"), api("operator.bogem")
    letter = operator.post("/letters", json=skd).get_json()
    act(operator, letter["id"], "operator_check")
    task = inbox_task(kades, letter["id"], "kades_sign")
    for _ in range(3):
        kades.post(f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": "x"})
    signed = act(kades, letter["id"], "kades_sign")
    assert signed["number"].split("/")[1] == "001"
