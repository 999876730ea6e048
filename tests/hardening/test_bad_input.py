"""Whatever a stranger or a signed-in user sends gets a 4xx in the error format, never a 500."""

from io import BytesIO

import pytest

from tests.e2e.journeys import create, kades_task
from tests.web import login_web

HUGE = "36893488147419103232"  # 2**65: beyond any 64-bit id column


def _assert_error(response, status: int):
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    error = response.get_json()["error"]
    assert error["code"] and error["message"]
    return error


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", f"/letters/{HUGE}"),
        ("get", f"/letters/{HUGE}/pdf"),
        ("get", f"/letters/{HUGE}/history"),
        ("get", f"/tasks/{HUGE}"),
        ("post", f"/tasks/{HUGE}/claim"),
        ("post", f"/delegations/{HUGE}/revoke"),
    ],
)
def test_ids_beyond_64_bits_are_404(api_as, method, path):
    api = api_as("kades.bogem")
    _assert_error(getattr(api, method)(path), 404)


BEYOND_INT4 = 2**31  # the id columns are INTEGER: PostgreSQL refused to compare, a 500 before


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", f"/tasks/{BEYOND_INT4 * 5}/unclaim"),
        ("post", f"/letters/{BEYOND_INT4}/corrections"),
        ("get", f"/users/{BEYOND_INT4}"),
        ("get", f"/offices/{BEYOND_INT4}"),
        ("post", f"/notifications/{BEYOND_INT4}/read"),
    ],
)
def test_ids_beyond_the_id_columns_are_404(api_as, method, path):
    _assert_error(getattr(api_as("admin.blora"), method)(path, json={}), 404)


def test_ids_beyond_the_id_columns_in_bodies_and_queries_are_400(api_as):
    admin = api_as("admin.blora")
    for path in (f"/users?office_id={BEYOND_INT4}", f"/offices?parent_id={BEYOND_INT4}"):
        assert "Kantor" not in _assert_error(admin.get(path), 400)["message"]
    created = admin.post(
        "/users",
        json={
            "username": "uji.besar",
            "name": "Uji",
            "role": "operator_desa",
            "office_id": BEYOND_INT4,
        },
    )
    assert "office_id" in _assert_error(created, 400)["fields"]
    infinite = admin.post("/users", json={"office_id": float("inf")})  # JSON's Infinity
    assert "office_id" in _assert_error(infinite, 400)["fields"]
    signer = api_as("kades.bogem")
    bulk = signer.post("/tasks/bulk-sign", json={"task_ids": [BEYOND_INT4], "passphrase": "x"})
    assert "task_ids" in _assert_error(bulk, 400)["fields"]


def test_a_cursor_beyond_64_bits_is_400(api_as):
    api = api_as("operator.bogem")
    for path in (f"/letters?cursor={HUGE}", f"/tasks?cursor={HUGE}"):
        error = _assert_error(api.get(path), 400)
        assert "cursor" in error["fields"]


@pytest.mark.parametrize("path", ["/routes", "/routes/validate", "/routes/1/versions"])
@pytest.mark.parametrize("body", [[None, None], "teks", 5, None])
def test_a_json_body_that_is_not_an_object_is_400_for_the_admin(api_as, path, body):
    api = api_as("admin.blora")
    _assert_error(api.post(path, json=body), 400)


@pytest.mark.parametrize("path", ["/routes", "/routes/validate", "/routes/1/versions"])
def test_a_non_admin_gets_403_before_the_body_is_looked_at(api_as, path):
    api = api_as("operator.bogem")
    _assert_error(api.post(path, json=[None, None]), 403)


@pytest.mark.parametrize(
    "username, path",
    [
        ("operator.bogem", "/letters"),
        ("operator.bogem", "/tasks/1/complete"),
        ("kades.bogem", "/tasks/bulk-sign"),
    ],
)
def test_a_json_list_body_is_400_on_letter_and_task_calls(api_as, username, path):
    _assert_error(api_as(username).post(path, json=[None, None]), 400)


def test_bulk_signing_by_a_role_that_cannot_sign_is_403_whatever_the_body(api_as):
    _assert_error(api_as("operator.bogem").post("/tasks/bulk-sign", json=[None]), 403)


@pytest.mark.parametrize(
    "data",
    [
        {"fields": "teks"},
        {"applicant": ["a", "b"]},
        {"applicant": {"nik": 5, "name": ["x"]}},
        {"fields": {"penghasilan": {"x": 1}}},
        "teks",
    ],
)
def test_wrong_types_in_corrected_data_are_400(api_as, sktm, data):
    operator = api_as("operator.bogem")
    letter = create(operator, sktm)
    task = operator.get("/tasks?limit=100").get_json()["items"]
    task = next(t for t in task if t["letter_id"] == letter["id"])
    _assert_error(
        operator.post(f"/tasks/{task['id']}/complete", json={"decision": "approve", "data": data}),
        400,
    )


def test_wrong_types_in_a_new_letter_are_400(api_as, sktm):
    operator = api_as("operator.bogem")
    for body in (
        {**sktm, "applicant": ["x"]},
        {**sktm, "fields": "x"},
        {**sktm, "applicant": {"nik": 3316011201900001, "name": "Budi"}},
        {**sktm, "type": ["SKTM"]},
    ):
        _assert_error(operator.post("/letters", json=body), 400)


def test_an_applicant_name_longer_than_its_column_is_400(api_as, sktm):
    operator = api_as("operator.bogem")
    body = {**sktm, "applicant": {**sktm["applicant"], "name": "A" * 300}}
    error = _assert_error(operator.post("/letters", json=body), 400)
    assert "name" in str(error["fields"])


def test_an_idempotency_key_over_100_characters_is_400(api_as, sktm):
    operator = api_as("operator.bogem")
    response = operator.post("/letters", json=sktm, headers={"Idempotency-Key": "k" * 101})
    _assert_error(response, 400)


@pytest.mark.parametrize(
    "path",
    ["/letters?q=a%00b", "/verify/abc%00def", "/letters?status=%00"],
)
def test_nul_bytes_in_queries_and_codes_are_4xx(api_as, path):
    response = api_as("operator.bogem").get(path)
    assert response.status_code in (400, 404), response.get_data(as_text=True)[:300]
    assert "error" in response.get_json()


def test_a_nul_byte_in_a_username_is_400(client):
    response = client.post("/api/v1/auth/login", json={"username": "kades\x00", "password": "x"})
    error = _assert_error(response, 400)
    assert "NUL" in error["message"]


def test_next_with_cr_lf_after_login_stays_on_the_site(app):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post(
        "/login?next=/%0d%0aSet-Cookie:%20x=1",
        data={"username": "operator.bogem", "password": "layang-demo"},
    )
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_a_signing_task_with_a_list_passphrase_is_400(api_as, sktm):
    kades, _letter, task = kades_task(api_as, sktm)
    response = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": ["x"]}
    )
    _assert_error(response, 400)


@pytest.mark.parametrize(
    "method, path, status, words",
    [
        ("get", "/tidak-ada-halaman", 404, "Tidak ditemukan"),
        ("delete", "/login", 405, "Cara akses tidak diizinkan"),
    ],
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_web_error_pages_are_in_indonesian(client, method, path, status, words, signed_in):
    if signed_in:  # the page chrome (menu, bell) is drawn outside any blueprint's view too
        login_web(client, "operator.bogem")
    response = getattr(client, method)(path)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert words in text and "Werkzeug" not in text and "The requested URL" not in text


def test_an_upload_over_the_request_limit_gets_an_indonesian_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1000, WTF_CSRF_ENABLED=False)
    response = app.test_client().post("/v", data={"berkas": (BytesIO(b"x" * 5000), "a.pdf")})
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


def test_a_crash_on_a_web_page_is_an_indonesian_500_page(app):
    @app.get("/crash-for-test")
    def crash():
        raise RuntimeError("internal detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers
    response = app.test_client().get("/crash-for-test")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in text and "internal detail" not in text


def test_idempotency_key_reused_with_a_different_body_is_409(api_as, sktm):
    operator = api_as("operator.bogem")
    first = operator.post("/letters", json=sktm, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201
    other = {**sktm, "applicant": {**sktm["applicant"], "name": "Orang Lain"}}
    reused = operator.post("/letters", json=other, headers={"Idempotency-Key": "k-1"})
    error = _assert_error(reused, 409)
    assert error["code"] == "idempotency_key_reused"
    again = operator.post("/letters", json=sktm, headers={"Idempotency-Key": "k-1"})
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]


def test_full_width_digits_are_not_a_nik(api_as, sktm):
    operator = api_as("operator.bogem")
    full_width = "".join(chr(0xFF10 + int(d)) for d in sktm["applicant"]["nik"])
    body = {**sktm, "applicant": {**sktm["applicant"], "nik": full_width}}
    error = _assert_error(operator.post("/letters", json=body), 400)
    assert "applicant.nik" in error["fields"]


def test_a_plt_delegation_longer_than_90_days_is_refused(api_as):
    kades = api_as("kades.bogem")
    response = kades.post(
        "/delegations", json={"to": "sekdes.bogem", "ends_at": "9999-12-31T00:00:00+07:00"}
    )
    error = _assert_error(response, 400)
    assert "90 hari" in error["message"]


def test_an_engine_failure_is_told_without_english_internals():
    from app.domain.errors import WorkflowError
    from app.engine import process

    with pytest.raises(WorkflowError) as raised:
        process._plain({"x": object()})
    assert "JSON biasa" in raised.value.message and "Object of type" not in raised.value.message
