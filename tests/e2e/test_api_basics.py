"""Sign-in, the catalogue, creating letters, errors and the OpenAPI document."""


def test_login_gives_token_and_user(client):
    response = client.post(
        "/api/v1/auth/login", json={"username": "kades.bogem", "password": "layang-demo"}
    )
    body = response.get_json()
    assert response.status_code == 200 and body["token"]
    assert body["user"] == {
        "username": "kades.bogem",
        "full_name": "Sutrisno",
        "role": "kades",
        "office": "DS-BGM",
    }


def test_wrong_password_and_missing_token_are_401_in_the_error_format(client):
    wrong = client.post("/api/v1/auth/login", json={"username": "kades.bogem", "password": "nope"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "unauthorized"
    for headers in ({}, {"Authorization": "Bearer forged"}):
        response = client.get("/api/v1/letters", headers=headers)
        assert response.status_code == 401
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}


def test_letter_types_are_the_demo_catalogue_with_fields(api_as):
    types = {
        t["code"]: t for t in api_as("operator.bogem").get("/letter-types").get_json()["items"]
    }
    assert {"SKD", "SKU", "SKTM", "SKPWNI"} <= set(types) and len(types) >= 12
    assert (
        types["SKTM"]["route"] == "surat_desa_kecamatan" and types["SKD"]["route"] == "surat_desa"
    )
    assert {"name": "keperluan", "label": "Keperluan", "type": "text", "required": True} in types[
        "SKD"
    ]["fields"]


def test_create_letter_validates_each_field_with_its_own_message(api_as, skd):
    bad = {
        **skd,
        "applicant": {"nik": "12345", "name": ""},
        "fields": {**skd["fields"], "tanggal_lahir": "kemarin"},
    }
    response = api_as("operator.bogem").post("/letters", json=bad)
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert fields["applicant.nik"] == ["NIK harus terdiri dari 16 angka."]
    assert fields["applicant.name"] == ["Wajib diisi."]
    assert fields["fields.tanggal_lahir"]
    assert api_as("operator.bogem").get("/letters").get_json()["total"] == 0


def test_unknown_type_and_malformed_body_are_400(api_as, skd):
    operator = api_as("operator.bogem")
    assert operator.post("/letters", json={**skd, "type": "XYZ"}).get_json()["error"]["fields"] == {
        "type": ["Jenis surat tidak dikenal."]
    }
    response = operator.client.post(
        "/api/v1/letters",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {operator.token}"},
    )
    assert response.status_code == 400 and response.is_json


def test_only_operator_desa_creates_letters(api_as, skd):
    response = api_as("kades.bogem").post("/letters", json=skd)
    assert response.status_code == 403


def test_idempotency_key_makes_a_retry_return_the_same_letter(api_as, skd):
    operator = api_as("operator.bogem")
    first = operator.post("/letters", json=skd, headers={"Idempotency-Key": "req-42"})
    retry = operator.post("/letters", json=skd, headers={"Idempotency-Key": "req-42"})
    assert first.status_code == 201 and retry.get_json()["id"] == first.get_json()["id"]
    assert operator.get("/letters").get_json()["total"] == 1


def test_letter_list_filters_by_status_and_search(api_as, skd, sktm):
    operator = api_as("operator.bogem")
    a = operator.post("/letters", json=skd).get_json()
    b = operator.post("/letters", json=sktm).get_json()
    assert [x["id"] for x in operator.get("/letters").get_json()["items"]] == [b["id"], a["id"]]
    assert [x["id"] for x in operator.get("/letters?q=budi").get_json()["items"]] == [b["id"]]
    assert [
        x["id"] for x in operator.get(f"/letters?q={a['tracking_code']}").get_json()["items"]
    ] == [a["id"]]
    assert operator.get("/letters?status=completed").get_json()["items"] == []
    assert operator.get("/letters?status=bogus").status_code == 400


def test_unknown_letter_is_404_json(api_as):
    response = api_as("operator.bogem").get("/letters/999999")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_openapi_document_describes_the_contract(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in (
        "/api/v1/auth/login",
        "/api/v1/letter-types",
        "/api/v1/letters",
        "/api/v1/letters/{letter_id}",
        "/api/v1/letters/{letter_id}/pdf",
        "/api/v1/tasks",
        "/api/v1/tasks/count",
        "/api/v1/tasks/{task_id}/claim",
        "/api/v1/tasks/{task_id}/unclaim",
        "/api/v1/tasks/{task_id}/complete",
    ):
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_healthz_answers_when_the_database_does(client):
    assert client.get("/healthz").status_code == 200
