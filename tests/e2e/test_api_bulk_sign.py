"""Bulk signing: one passphrase, many letters; each fully signed and advanced, or left untouched."""

from pathlib import Path

import signing
from tests.e2e.journeys import act, create, inbox_task, walk_sktm


def letters_waiting_for_kades(api_as, payload, count):
    operator = api_as("operator.bogem")
    ids = []
    for _ in range(count):
        letter = create(operator, payload)
        act(operator, letter["id"], "operator_check")
        ids.append(letter["id"])
    kades = api_as("kades.bogem")
    return kades, ids, [inbox_task(kades, i, "kades_sign")["id"] for i in ids]


def test_bulk_sign_signs_and_advances_every_selected_letter(app, api_as, skd):
    kades, letter_ids, task_ids = letters_waiting_for_kades(api_as, skd, 4)
    response = kades.post("/tasks/bulk-sign", json={"task_ids": task_ids, "passphrase": "tte-demo"})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [(r["task_id"], r["ok"]) for r in results] == [(t, True) for t in task_ids]
    assert sorted(int(r["number"].split("/")[1]) for r in results) == [1, 2, 3, 4]
    roots = [Path(p).read_bytes() for p in app.config["TRUST_ROOTS"]]
    operator = api_as("operator.bogem")
    for letter_id in letter_ids:
        letter = operator.get(f"/letters/{letter_id}").get_json()
        assert [t["step"] for t in letter["open_tasks"]] == ["handover"]
        checks = signing.validate_pdf(operator.get(f"/letters/{letter_id}/pdf").data, roots)
        assert [(c.intact, c.trusted) for c in checks] == [(True, True)]
    assert kades.get("/tasks/count").get_json() == {"total": 0}


def test_wrong_passphrase_stops_before_anything_is_signed(api_as, skd):
    kades, letter_ids, task_ids = letters_waiting_for_kades(api_as, skd, 3)
    response = kades.post("/tasks/bulk-sign", json={"task_ids": task_ids, "passphrase": "keliru"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "bad_passphrase"
    assert kades.get("/tasks/count").get_json() == {"total": 3}
    assert all(kades.get(f"/letters/{i}").get_json()["number"] is None for i in letter_ids)


def test_one_bad_letter_does_not_stop_the_others(api_as, skd):
    kades, letter_ids, task_ids = letters_waiting_for_kades(api_as, skd, 3)
    # The middle letter is already signed; an unknown id and a foreign task are in the batch too.
    act(kades, letter_ids[1], "kades_sign")
    foreign = create(api_as("operator.kutukan"), skd)
    act(api_as("operator.kutukan"), foreign["id"], "operator_check")
    foreign_task = inbox_task(api_as("kades.kutukan"), foreign["id"], "kades_sign")["id"]
    batch = [task_ids[0], task_ids[1], 999999, foreign_task, task_ids[2]]
    results = kades.post(
        "/tasks/bulk-sign", json={"task_ids": batch, "passphrase": "tte-demo"}
    ).get_json()["results"]
    assert [r["ok"] for r in results] == [True, False, False, False, True]
    assert [r["error"]["code"] for r in results if not r["ok"]] == [
        "conflict",
        "not_found",
        "not_found",
    ]
    assert api_as("kades.kutukan").get(f"/letters/{foreign['id']}").get_json()["number"] is None


def test_non_signing_tasks_are_refused_per_letter_and_left_open(api_as, sktm):
    letter = walk_sktm(api_as, sktm, until="kecamatan_check")
    kecamatan_task = inbox_task(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")["id"]
    camat = api_as("camat.japah")
    results = camat.post(
        "/tasks/bulk-sign", json={"task_ids": [kecamatan_task], "passphrase": "tte-demo"}
    )
    assert results.get_json()["results"][0]["error"] == {
        "code": "rule_refused",
        "message": "Tugas ini bukan langkah tanda tangan.",
    }
    assert (
        inbox_task(api_as("operator.kec.japah"), letter["id"], "kecamatan_check")["id"]
        == kecamatan_task
    )


def test_only_signing_roles_may_bulk_sign_and_input_is_checked(api_as):
    operator = api_as("operator.bogem")
    assert (
        operator.post("/tasks/bulk-sign", json={"task_ids": [1], "passphrase": "x"}).status_code
        == 403
    )
    kades = api_as("kades.bogem")
    assert (
        kades.post("/tasks/bulk-sign", json={"task_ids": [], "passphrase": "x"}).status_code == 400
    )
    assert kades.post("/tasks/bulk-sign", json={"task_ids": [1]}).status_code == 400
