"""Officials: create with a forced password change, edit, mutasi, deactivation, password reset."""

from datetime import UTC, datetime, timedelta

from tests.e2e.journeys import act, create, inbox_task
from tests.web import login_web


def _user_id(admin, username: str) -> int:
    [user] = [
        u
        for u in admin.get(f"/users?q={username}").get_json()["items"]
        if u["username"] == username
    ]
    return user["id"]


def _office_id(admin, code: str) -> int:
    return next(o["id"] for o in admin.get("/offices").get_json()["items"] if o["code"] == code)


def test_new_official_gets_a_one_time_password_and_must_change_it(api_as, client):
    admin = api_as("admin.blora")
    answer = admin.post(
        "/users",
        json={
            "username": "sekdes.japah",
            "name": "Tri Wahyuni, S.E.",
            "role": "sekdes",
            "office_id": _office_id(admin, "DS-JPH"),
            "nik": "3316014507880003",
            "nip": "198807152010012003",
            "email": "tri@layang.test",
            "phone": "+62 812 3456 7890",
        },
    )
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["position"] == "Sekretaris Desa Japah"
    assert body["must_change_password"] is True
    password = body["initial_password"]
    token = client.post(
        "/api/v1/auth/login", json={"username": "sekdes.japah", "password": password}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/tasks", headers=headers).status_code == 403
    weak = client.post(
        "/api/v1/auth/password",
        json={"current_password": password, "new_password": "pendek"},
        headers=headers,
    )
    assert weak.status_code == 400 and "10-200 karakter" in str(weak.get_json())
    changed = client.post(
        "/api/v1/auth/password",
        json={"current_password": password, "new_password": "kata-sandi-baru-2026"},
        headers=headers,
    )
    assert changed.status_code == 200
    new_headers = {"Authorization": f"Bearer {changed.get_json()['token']}"}
    assert client.get("/api/v1/tasks", headers=new_headers).status_code == 200
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401  # the old token ended


def test_bad_official_data_names_each_field(api_as):
    admin = api_as("admin.blora")
    answer = admin.post(
        "/users",
        json={
            "username": "X",
            "name": "",
            "role": "kades",
            "office_id": _office_id(admin, "KEC-JPH"),
            "nik": "3316010101750001",
            "nip": "123",
        },
    )
    assert answer.status_code == 400
    fields = answer.get_json()["error"]["fields"]
    assert set(fields) >= {"username", "name", "office_id", "nik", "nip"}
    assert fields["nik"] == ["NIK sudah dipakai pengguna lain."]


def test_non_admins_cannot_manage_officials(api_as):
    operator = api_as("operator.bogem")
    assert operator.get("/users").status_code == 403
    assert operator.post("/users", json=[1, 2]).status_code == 403


def test_deactivation_ends_a_live_token_and_web_session_at_once(api_as, client, app):
    admin = api_as("admin.blora")
    kades = api_as("kades.bogem")
    assert kades.get("/tasks").status_code == 200
    web = app.test_client()
    login_web(web, "kades.bogem")
    assert web.get("/").status_code == 200
    answer = admin.post(f"/users/{_user_id(admin, 'kades.bogem')}/deactivate")
    assert answer.status_code == 200 and answer.get_json()["active"] is False
    assert kades.get("/tasks").status_code == 401
    assert web.get("/").status_code == 302  # back to the login page
    relogin = client.post(
        "/api/v1/auth/login", json={"username": "kades.bogem", "password": "layang-demo"}
    )
    assert relogin.status_code == 401


def test_reset_password_ends_sessions_and_forces_a_change(api_as, client):
    admin = api_as("admin.blora")
    operator = api_as("operator.bogem")
    answer = admin.post(f"/users/{_user_id(admin, 'operator.bogem')}/reset-password")
    assert answer.status_code == 200
    assert operator.get("/tasks").status_code == 401
    assert (
        client.post(
            "/api/v1/auth/login", json={"username": "operator.bogem", "password": "layang-demo"}
        ).status_code
        == 401
    )
    login = client.post(
        "/api/v1/auth/login",
        json={"username": "operator.bogem", "password": answer.get_json()["initial_password"]},
    )
    assert login.status_code == 200


def test_mutasi_releases_claimed_tasks_ends_delegations_and_keeps_history(api_as, skd):
    admin = api_as("admin.blora")
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    letter = create(operator, skd)
    act(operator, letter["id"], "operator_check")
    task = inbox_task(kades, letter["id"], "kades_sign")
    assert kades.post(f"/tasks/{task['id']}/claim").status_code == 200
    soon = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    assert (
        kades.post("/delegations", json={"to": "sekdes.bogem", "ends_at": soon}).status_code == 201
    )

    kades_id = _user_id(admin, "kades.bogem")
    moved = admin.patch(
        f"/users/{kades_id}",
        json={
            "office_id": _office_id(admin, "DS-JPH"),
            "position": "",
            "reason": "Mutasi SK Bupati",
        },
    )
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["position"] == "Kepala Desa Japah"

    released = api_as("sekdes.bogem").get(f"/letters/{letter['id']}").get_json()
    assert released["open_tasks"][0]["claimed_by"] is None
    assert api_as("sekdes.bogem").get("/tasks/count").get_json() == {"total": 0}  # Plt ended
    history = admin.get(f"/users/{kades_id}/assignments").get_json()["items"]
    assert [(h["position"], h["ended_at"] is None) for h in history] == [
        ("Kepala Desa Bogem", False),
        ("Kepala Desa Japah", True),
    ]
    trail = api_as("auditor.blora").get(f"/letters/{letter['id']}/history").get_json()
    assert trail["chain_intact"] is True
    events = trail["events"]
    assert any(
        e["kind"] == "unclaimed" and e["data"].get("reason") == "Mutasi SK Bupati" for e in events
    )
    assert api_as("kades.bogem").get(f"/letters/{letter['id']}").status_code == 404
