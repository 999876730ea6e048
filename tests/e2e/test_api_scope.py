"""Office scoping: a user never reaches letters or tasks of another office (404, not 403)."""

import pytest

from tests.e2e.journeys import act, create, inbox_task


@pytest.fixture
def bogem_letter(api_as, sktm):
    """A Bogem SKTM letter waiting in the kades' inbox; (letter id, task id)."""
    operator = api_as("operator.bogem")
    letter = create(operator, sktm)
    act(operator, letter["id"], "operator_check")
    return letter["id"], inbox_task(api_as("kades.bogem"), letter["id"], "kades_sign")["id"]


OUTSIDERS = ["operator.kutukan", "kades.kutukan", "operator.kec.randublatung", "camat.randublatung"]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_letter_and_task_endpoint(api_as, bogem_letter, outsider):
    letter_id, task_id = bogem_letter
    api = api_as(outsider)
    for path in (f"/letters/{letter_id}", f"/letters/{letter_id}/pdf", f"/tasks/{task_id}"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"]["code"] == "not_found"
    for action in ("claim", "unclaim", "complete"):
        response = api.post(
            f"/tasks/{task_id}/{action}", json={"decision": "approve", "passphrase": "tte-demo"}
        )
        assert response.status_code == 404, action
    assert all(item["id"] != letter_id for item in api.get("/letters").get_json()["items"])
    assert all(item["id"] != task_id for item in api.get("/tasks").get_json()["items"])


def test_kecamatan_and_kabupaten_see_letters_of_their_desa(api_as, bogem_letter):
    letter_id, _ = bogem_letter
    for insider in ("operator.kec.japah", "camat.japah", "auditor.blora", "admin.blora"):
        assert api_as(insider).get(f"/letters/{letter_id}").status_code == 200, insider


def test_same_office_other_role_cannot_act_on_the_task(api_as, bogem_letter):
    _, task_id = bogem_letter
    response = api_as("operator.bogem").post(
        f"/tasks/{task_id}/complete", json={"decision": "approve"}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
