"""Plt: a kades delegates to the sekdes, who signs (singly or in bulk) as "Plt. Kepala Desa"."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.journeys import act, create, inbox_task
from tests.web import csrf_of, login_web

SOON = (datetime.now(UTC) + timedelta(days=3)).isoformat()


@pytest.fixture
def letters_for_kades(api_as, skd):
    operator = api_as("operator.bogem")
    ids = []
    for _ in range(2):
        letter = create(operator, skd)
        act(operator, letter["id"], "operator_check")
        ids.append(letter["id"])
    return ids


def test_sekdes_signs_as_plt_only_while_delegated(api_as, letters_for_kades):
    kades, sekdes = api_as("kades.bogem"), api_as("sekdes.bogem")
    assert sekdes.get("/tasks/count").get_json() == {"total": 0}
    task = inbox_task(kades, letters_for_kades[0], "kades_sign")
    refused = sekdes.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": "tte-demo"}
    )
    assert refused.status_code == 403

    delegation = kades.post("/delegations", json={"to": "sekdes.bogem", "ends_at": SOON})
    assert delegation.status_code == 201 and delegation.get_json()["role"] == "kades"
    assert sekdes.get("/tasks/count").get_json() == {"total": 2}
    signed = act(sekdes, letters_for_kades[0], "kades_sign")
    assert signed["signatures"][0]["signer"] == "Agus Salim"
    assert signed["signatures"][0]["position"] == "Plt. Kepala Desa Bogem"
    assert signed["signatures"][0]["role"] == "kades"

    kades.post(f"/delegations/{delegation.get_json()['id']}/revoke")
    assert sekdes.get("/tasks/count").get_json() == {"total": 0}


def test_plt_sekdes_bulk_signs(api_as, letters_for_kades):
    api_as("kades.bogem").post("/delegations", json={"to": "sekdes.bogem", "ends_at": SOON})
    sekdes = api_as("sekdes.bogem")
    task_ids = [t["id"] for t in sekdes.get("/tasks").get_json()["items"]]
    results = sekdes.post(
        "/tasks/bulk-sign", json={"task_ids": task_ids, "passphrase": "tte-demo"}
    ).get_json()
    assert [r["ok"] for r in results["results"]] == [True, True]


def test_delegation_rules(api_as):
    kades = api_as("kades.bogem")
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert (
        kades.post("/delegations", json={"to": "sekdes.bogem", "ends_at": past}).status_code == 400
    )
    assert (
        kades.post("/delegations", json={"to": "operator.bogem", "ends_at": SOON}).status_code
        == 404
    )
    assert (
        kades.post(
            "/delegations", json={"to": "sekdes.bogem", "ends_at": "2026-12-01T00:00"}
        ).status_code
        == 400
    )
    assert (
        api_as("operator.bogem")
        .post("/delegations", json={"to": "sekdes.bogem", "ends_at": SOON})
        .status_code
        == 403
    )
    # A kades of another desa cannot hand Bogem's sekdes anything.
    assert (
        api_as("kades.kutukan")
        .post("/delegations", json={"to": "sekdes.bogem", "ends_at": SOON})
        .status_code
        == 404
    )


def test_kades_delegates_through_the_web_page(app, api_as):
    client = app.test_client()
    login_web(client, "kades.bogem")
    page = client.get("/delegations").get_data(as_text=True)
    assert "Agus Salim (Sekretaris Desa)" in page
    token = csrf_of(page)
    until = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    done = client.post(
        "/delegations",
        data={"csrf_token": token, "to": "sekdes.bogem", "until": until},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Agus Salim menandatangani sebagai Plt. (pelaksana tugas)" in done
    assert api_as("sekdes.bogem").get("/delegations").get_json()["items"][0]["role"] == "kades"
