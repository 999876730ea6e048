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


def letter_at(api_as, payload: dict, steps) -> dict:
    """A new letter by operator.bogem walked through (username, step) approvals; the letter then."""
    signed_in = {}

    def api(username: str):
        if username not in signed_in:  # one sign-in per user: password hashing is slow on purpose
            signed_in[username] = api_as(username)
        return signed_in[username]

    letter = create(api("operator.bogem"), payload)
    for username, step in steps:
        letter = act(api(username), letter["id"], step)
    return letter


def kades_task(api_as, payload: dict) -> tuple:
    """A Bogem letter made and checked by operator.bogem for the kades: (kades, letter, task)."""
    letter = letter_at(api_as, payload, [("operator.bogem", "operator_check")])
    kades = api_as("kades.bogem")
    return kades, letter, inbox_task(kades, letter["id"], "kades_sign")


SKTM_APPROVALS = (
    ("operator.bogem", "operator_check"),
    ("kades.bogem", "kades_sign"),
    ("operator.kec.japah", "kecamatan_check"),
    ("camat.japah", "camat_sign"),
    ("operator.bogem", "handover"),
)


def walk_sktm(api_as, payload: dict, until: str | None = None) -> dict:
    """A SKTM letter from operator.bogem through kades, kecamatan and camat to handover; the final
    letter.

    With `until` (a step), the approvals stop before that step: the letter as it waits there."""
    steps = [step for _, step in SKTM_APPROVALS]
    return letter_at(api_as, payload, SKTM_APPROVALS[: steps.index(until) if until else len(steps)])
