"""The admin's official pages: create (password shown once), mutasi with history, deactivate;
and the forced password change on the web."""

import re

from tests.rollout.helpers import office_id
from tests.web import csrf_of, login_web, page, submit_login


def test_admin_creates_an_official_who_must_change_the_password(client, api_as, app):
    japah = office_id(api_as("admin.blora"), "DS-JPH")
    login_web(client, "admin.blora")
    form = client.get(f"/admin/users/new?office={japah}")
    assert form.status_code == 200 and "Pengguna baru" in page(form)
    created = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_of(form),
            "username": "operator.japah",
            "name": "Wulan Sari",
            "nik": "",
            "nip": "",
            "role": "operator_desa",
            "office_id": str(japah),
            "position": "",
            "email": "wulan@layang.test",
            "phone": "0812-3456-789",
        },
    )
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code id="initial-password">([^<]+)</code>', page(created)).group(1)
    bad = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_of(form),
            "username": "operator.japah",
            "name": "",
            "role": "kades",
            "office_id": str(japah),
        },
    )
    assert "Nama pengguna sudah dipakai." in page(bad) and "Nama 2-120 karakter." in page(bad)

    newcomer = app.test_client()
    landed = submit_login(newcomer, "operator.japah", password)
    assert "Ganti kata sandi" in page(landed)
    assert newcomer.get("/letters").status_code == 302  # every page leads to the form
    change = newcomer.get("/password")
    done = newcomer.post(
        "/password",
        data={
            "csrf_token": csrf_of(change),
            "current": password,
            "new": "wulan-sari-2026",
            "repeat": "wulan-sari-2026",
        },
        follow_redirects=True,
    )
    assert "Kata sandi sudah diganti." in page(done)
    assert newcomer.get("/letters").status_code == 200


def test_mutasi_and_deactivation_through_the_web(client, api_as):
    admin = api_as("admin.blora")
    found = admin.get("/users?q=agus").get_json()["items"]
    [sekdes] = [u for u in found if u["username"] == "sekdes.bogem"]
    kutukan = office_id(admin, "DS-KTK")
    login_web(client, "admin.blora")
    form = client.get(f"/admin/users/{sekdes['id']}")
    saved = client.post(
        f"/admin/users/{sekdes['id']}",
        data={
            "csrf_token": csrf_of(form),
            "name": "Agus Salim",
            "nik": sekdes["nik"],
            "nip": "",
            "role": "sekdes",
            "office_id": str(kutukan),
            "position": "",
            "email": "",
            "phone": "",
            "reason": "SK Bupati 12/2026",
        },
        follow_redirects=True,
    )
    text = page(saved)
    assert "Data pengguna tersimpan." in text
    assert "Sekretaris Desa Kutukan" in text and "SK Bupati 12/2026" in text
    assert "Sekretaris Desa Bogem" in text  # the earlier post stays in the history
    stopped = client.post(
        f"/admin/users/{sekdes['id']}/deactivate",
        data={"csrf_token": csrf_of(saved)},
        follow_redirects=True,
    )
    assert "dinonaktifkan" in page(stopped) and "nonaktif" in page(stopped)
