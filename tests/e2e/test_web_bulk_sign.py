"""The bulk signing page: checkboxes, one passphrase, results."""

import re

from tests.e2e.journeys import act, create
from tests.web import csrf_of, login_web


def test_kades_ticks_letters_and_signs_them_with_one_passphrase(app, api_as, skd):
    operator = api_as("operator.bogem")
    for _ in range(3):
        letter = create(operator, skd)
        act(operator, letter["id"], "operator_check")
    client = app.test_client()
    login_web(client, "kades.bogem")
    page = client.get("/tasks/bulk-sign").get_data(as_text=True)
    assert "Tandatangani sekaligus" in page and "Pilih semua (3 surat)" in page
    task_ids = re.findall(r'name="task_ids" value="(\d+)"', page)

    wrong = client.post(
        "/tasks/bulk-sign",
        data={"csrf_token": csrf_of(page), "passphrase": "keliru", "task_ids": task_ids},
    )
    assert wrong.status_code == 422 and "Passphrase salah" in wrong.get_data(as_text=True)

    page = client.get("/tasks/bulk-sign").get_data(as_text=True)
    chunk = client.post(
        "/tasks/bulk-sign",
        data={"csrf_token": csrf_of(page), "passphrase": "tte-demo", "task_ids": task_ids[:2]},
        headers={"Accept": "application/json"},
    )
    assert [r["ok"] for r in chunk.get_json()["results"]] == [True, True]
    done = client.post(
        "/tasks/bulk-sign",
        data={"csrf_token": csrf_of(page), "passphrase": "tte-demo", "task_ids": task_ids[2:]},
    )
    html = done.get_data(as_text=True)
    assert "1</strong> dari 1 surat ditandatangani" in html
    assert "Tidak ada surat yang menunggu tanda tangan Anda." in html


def test_bulk_sign_form_needs_csrf(app):
    client = app.test_client()
    login_web(client, "kades.bogem")
    assert (
        client.post(
            "/tasks/bulk-sign", data={"passphrase": "tte-demo", "task_ids": ["1"]}
        ).status_code
        == 400
    )
