"""Tracking: the code the operator hands out (or the resident receives) plus 4 NIK digits."""

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import SKD
from tests.e2e.journeys import act, create
from tests.residents.helpers import track
from tests.web import csrf_of, login_web, page

NIK4 = SKD["applicant"]["nik"][-4:]


def test_the_operators_tracking_code_leads_to_a_plain_timeline(api_as, client):
    operator = api_as("operator.bogem")
    letter = create(operator, SKD)
    answer = track(client, letter["tracking_code"], NIK4)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "checking"
    assert [s["label"] for s in body["steps"]] == [
        "Permohonan diterima",
        "Diperiksa di kantor desa",
    ]
    text = answer.get_data(as_text=True)
    assert "Sri" not in text and SKD["applicant"]["nik"] not in text  # nothing personal
    act(operator, letter["id"], "operator_check")
    body = track(client, letter["tracking_code"], NIK4).get_json()
    assert body["label"] == "Menunggu tanda tangan kepala desa"
    act(api_as("kades.bogem"), letter["id"], "kades_sign")
    act(operator, letter["id"], "handover")
    body = track(client, letter["tracking_code"], NIK4).get_json()
    assert [s["label"] for s in body["steps"]][-1] == "Selesai — siap diambil di balai desa"
    assert body["download_url"] is None  # registered at the counter: collected there


def test_the_letter_page_tells_the_operator_where_residents_track(api_as, client):
    letter = create(api_as("operator.bogem"), SKD)
    login_web(client, "operator.bogem")
    shown = page(client.get(f"/letters/{letter['id']}"))
    assert letter["tracking_code"] in shown and "http://layang.test/lacak" in shown


def test_wrong_digits_and_unknown_codes_answer_alike(api_as, client):
    letter = create(api_as("operator.bogem"), SKD)
    wrong_digits = track(client, letter["tracking_code"], "9999")
    unknown_code = track(client, "ABCDEFGHJK", NIK4)
    assert wrong_digits.status_code == unknown_code.status_code == 404
    assert wrong_digits.get_json() == unknown_code.get_json()
    assert "tidak cocok" in wrong_digits.get_json()["error"]["message"]


def test_wrong_guesses_lock_the_code_even_from_other_addresses(api_as, client):
    letter = create(api_as("operator.bogem"), SKD)
    for n in range(5):
        assert track(client, letter["tracking_code"], f"9{n}9{n}", f"10.0.0.{n}").status_code == 404
    locked = track(client, letter["tracking_code"], NIK4, "10.0.0.99")
    assert locked.status_code == 429 and locked.headers.get("Retry-After")


def test_lookups_are_limited_per_address(api_as, client):
    letter = create(api_as("operator.bogem"), SKD)
    codes = [track(client, letter["tracking_code"], NIK4).status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429


def test_limits_hold_across_processes_sharing_the_database(app, api_as, client):
    letter = create(api_as("operator.bogem"), SKD)
    for n in range(5):
        track(client, letter["tracking_code"], f"8{n}8{n}")
    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        answer = track(other.test_client(), letter["tracking_code"], NIK4, "10.3.3.3")
        assert answer.status_code == 429
    finally:
        with other.app_context():
            db.engine.dispose()


def test_the_lacak_page_shows_the_timeline(api_as, client):
    letter = create(api_as("operator.bogem"), SKD)
    form = client.get(f"/lacak?kode={letter['tracking_code']}")
    assert form.status_code == 200 and letter["tracking_code"] in page(form)
    shown = client.post(
        "/lacak",
        data={"csrf_token": csrf_of(form), "kode": letter["tracking_code"], "nik4": NIK4},
    )
    assert shown.status_code == 200
    assert "Diperiksa di kantor desa" in page(shown) and "Sri Rahayu" not in page(shown)
    wrong = client.post(
        "/lacak",
        data={"csrf_token": csrf_of(form), "kode": letter["tracking_code"], "nik4": "1234"},
    )
    assert wrong.status_code == 404 and "tidak cocok" in page(wrong)


def test_a_tracking_code_typed_on_the_verify_page_points_to_lacak(api_as, client):
    letter = create(api_as("operator.bogem"), SKD)
    answer = client.get(f"/v?kode={letter['tracking_code']}", follow_redirects=True)
    assert "Kode verifikasi tidak dikenal" not in page(answer)
    assert "/lacak" in page(answer) and "kode lacak" in page(answer).lower()
