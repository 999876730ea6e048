"""Steps of a letter's journey through the API, shared by the end-to-end tests."""
from tests.conftest import PASSPHRASE


def inbox_task(api, letter_id: int, step: str | None = None) -> dict:
    """The open task of this letter in the user's inbox (at `step`, if given)."""
    items = api.get("/tasks?limit=100").get_json()["items"]
    mine = [t for t in items if t["letter_id"] == letter_id and (step is None or t["step"] == step)]
    assert len(mine) == 1, f"{api.username} inbox: {items}"
    return mine[0]


def act(api, letter_id: int, step: str, decision: str = "approve", **body) -> dict:
    """Find the letter's task in the user's inbox and complete it; return the letter."""
    task = inbox_task(api, letter_id, step)
    if task["signing"] and decision == "approve":
        body.setdefault("passphrase", PASSPHRASE)
    response = api.post(f"/tasks/{task['id']}/complete", json={"decision": decision, **body})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def create(api, payload: dict) -> dict:
    response = api.post("/letters", json=payload)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def walk_sktm(api_as, payload: dict) -> dict:
    """A SKTM letter from operator.bogem through kades, kecamatan and camat to handover; the final letter."""
    operator, kades = api_as("operator.bogem"), api_as("kades.bogem")
    kecamatan, camat = api_as("operator.kec.japah"), api_as("camat.japah")
    letter = create(operator, payload)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    act(kecamatan, letter["id"], "kecamatan_check")
    act(camat, letter["id"], "camat_sign")
    return act(operator, letter["id"], "handover")
