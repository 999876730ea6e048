"""Issue 9, property: whatever route an admin draws and whatever officials do, SAH is never wrong.

Hypothesis draws routes (chains of check and signing steps across the four roles, random return and
reject wiring, some of an admin's mistakes) and then random decisions, returns, data edits and admin
corrections by random users. For every example:
- the server deploys exactly the routes it should, and never answers 5xx;
- an unfinished, returned or rejected letter never verifies valid, by code or by upload;
- a deployed route never gets a letter stuck: approving step by step always finishes it;
- a completed letter holds a standing signature for each signing step and verifies valid by its QR
  code and by uploading its PDF, while every earlier signed revision uploaded is not valid.
"""

import os
from io import BytesIO

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.admin.helpers import route_id, upload
from tests.conftest import PASSPHRASE, SKD
from tests.trust.chain_routes import FAULTS, ROLES, SIGNING_ROLES, ChainRoute, Step
from tests.verify.helpers import code_of

# Who does each lane's work, and everyone who might try anything.
HOLDERS = {
    "operator_desa": "operator.bogem",
    "kades": "kades.bogem",
    "operator_kecamatan": "operator.kec.japah",
    "camat": "camat.japah",
}
PEOPLE = (*HOLDERS.values(), "sekdes.bogem", "operator.kutukan", "admin.blora")
EDITS = (
    {"applicant": {"name": "Sri Rahayu Lestari"}},
    {"fields": {"keperluan": "melamar kerja di kota"}},
    {"applicant": {"nik": "3316015507850099"}},
)
MAX_FINISHING_STEPS = 40
EXAMPLES = int(os.environ.get("LAYANG_SAH_EXAMPLES", "60"))


@st.composite
def chain_routes(draw) -> ChainRoute:
    """Mostly routes the server accepts (they exercise the letters), some with a mistake."""
    size = draw(st.integers(1, 4))
    steps: list[Step] = []
    for i in range(size):
        signed_so_far = sum(s.signing for s in steps)
        signing = draw(st.booleans()) and (signed_so_far < 2 or draw(st.booleans()))
        role = draw(st.sampled_from(SIGNING_ROLES if signing else ROLES))
        back = st.integers(0, i)
        back_to = draw(st.one_of(back, back, st.none()) if signing else st.one_of(st.none(), back))
        steps.append(Step(role, signing, back_to, draw(st.booleans())))
    return ChainRoute(tuple(steps), draw(st.sampled_from(("none",) * 6 + FAULTS)))


actions = st.lists(
    st.tuples(
        st.sampled_from(("holder",) * len(PEOPLE) + PEOPLE),  # the step's own official, often
        st.sampled_from(("approve", "approve", "return", "return", "reject", "correct")),
        st.one_of(st.none(), st.sampled_from(EDITS)),
    ),
    max_size=10,
)


class World:
    """One app for all examples, one sign-in per person (password hashing is slow on purpose)."""

    def __init__(self, app, api_as):
        self.app, self.client = app, app.test_client()
        self.api = {name: api_as(name) for name in PEOPLE}

    def ok(self, response):
        assert response.status_code < 500, response.get_data(as_text=True)
        return response

    def letter(self, letter_id: int) -> dict:
        return self.ok(self.api["operator.bogem"].get(f"/letters/{letter_id}")).get_json()

    def pdf(self, letter_id: int) -> bytes:
        return self.ok(self.api["operator.bogem"].get(f"/letters/{letter_id}/pdf")).data

    def by_code(self, letter: dict) -> dict:
        return self.ok(
            self.client.get(f"/api/v1/verify/{code_of(letter['verify_url'])}")
        ).get_json()

    def by_upload(self, pdf: bytes) -> dict:
        response = self.client.post(
            "/api/v1/verify",
            data={"file": (BytesIO(pdf), "surat.pdf")},
            content_type="multipart/form-data",
        )
        return self.ok(response).get_json()

    def deploy(self, route: ChainRoute) -> bool:
        admin = self.api["admin.blora"]
        rid = route_id(admin, "surat_desa")
        saved = self.ok(upload(admin, f"/routes/{rid}/versions", route.bpmn(), "acak"))
        if saved.status_code == 409:  # the same document as the last example: still deployed
            return route.expected_deployable()
        assert saved.status_code == 201, saved.get_json()
        version = saved.get_json()
        assert version["deployable"] == route.expected_deployable(), version["findings"]
        deployed = self.ok(admin.post(f"/routes/{rid}/deploy", json={"version_id": version["id"]}))
        assert (deployed.status_code == 200) == version["deployable"], deployed.get_json()
        return version["deployable"]

    def attempt(self, letter_id: int, person: str, action: str, edit: dict | None) -> None:
        api = self.api["admin.blora" if person == "holder" else person]
        if action == "correct":
            body = {"data": edit or EDITS[0], "reason": "Koreksi data pemohon"}
            self.ok(api.post(f"/letters/{letter_id}/corrections", json=body))
            return
        for task in self.letter(letter_id)["open_tasks"]:
            api = self.api[HOLDERS[task["role"]]] if person == "holder" else api
            body = {"decision": action, "reason": "alasan", "passphrase": PASSPHRASE}
            if edit:
                body["data"] = edit
            self.ok(api.post(f"/tasks/{task['id']}/complete", json=body))
            return

    def finish(self, letter_id: int, route: ChainRoute) -> dict:
        """Each open step approved by its lane's holder, until the letter ends: it must end."""
        for _ in range(MAX_FINISHING_STEPS):
            letter = self.letter(letter_id)
            if letter["status"] in ("completed", "rejected"):
                return letter
            assert letter["open_tasks"], f"stuck without an open step: {letter}"
            task = letter["open_tasks"][0]
            api = self.api[HOLDERS[task["role"]]]
            detail = self.ok(api.get(f"/tasks/{task['id']}")).get_json()
            assert detail["can_act"] and "approve" in detail["decisions"], detail
            done = self.ok(
                api.post(
                    f"/tasks/{task['id']}/complete",
                    json={"decision": "approve", "passphrase": PASSPHRASE},
                )
            )
            assert done.status_code == 200, (route, done.get_json())
        raise AssertionError(f"letter {letter_id} did not finish in {MAX_FINISHING_STEPS} steps")


@pytest.fixture
def world(app, api_as) -> World:
    return World(app, api_as)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_route_and_no_sequence_of_actions_makes_sah_wrong(world, data):
    route = data.draw(chain_routes(), label="route")
    if not world.deploy(route):
        event("route refused")
        return
    operator = world.api["operator.bogem"]
    created = world.ok(operator.post("/letters", json=SKD))
    assert created.status_code == 201, created.get_json()
    letter_id = created.get_json()["id"]
    revisions = []
    for person, action, edit in data.draw(actions, label="actions"):
        world.attempt(letter_id, person, action, edit)
        letter = world.letter(letter_id)
        if letter["signatures"]:
            revisions.append(world.pdf(letter_id))
        if letter["status"] != "completed":
            assert world.by_code(letter)["valid"] is False, letter
    letter = world.finish(letter_id, route)
    event(f"letter {letter['status']}")
    if letter["status"] == "rejected":
        assert world.by_code(letter)["valid"] is False
        return
    assert letter["status"] == "completed"
    assert sorted(s["step"] for s in letter["signatures"]) == sorted(route.signing_steps)
    assert world.by_code(letter)["valid"] is True
    final = world.pdf(letter_id)
    assert world.by_upload(final)["valid"] is True
    for earlier in {pdf for pdf in revisions if pdf != final}:
        assert world.by_upload(earlier)["valid"] is False
