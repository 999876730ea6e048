"""Authorization matrix generated from the OpenAPI document: every operation x every demo user x
a resource of their own office and one of another office (letters, tasks, offices,
notifications: another office's never answer success; a notification is its owner's alone).

What must hold for every cell: no server error, the API's error format for every refusal, nothing
of another office ever answered with success, and the calls only some roles may make refused
(403) to every other role before their body is looked at.
"""

import re

import pytest

from app.api import ROLE_GATES
from app.extensions import db
from app.models import Notification, User
from app.services import demo
from tests.conftest import PASSWORD
from tests.e2e.journeys import create, inbox_task

USERS = [user[0] for user in demo.USERS]
ROLES = {user[0]: user[2] for user in demo.USERS}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Calls that would end the caller's own session for the rest of the matrix.
SKIPPED = {"/api/v1/auth/logout", "/api/v1/auth/password"}
# Path parameters naming something of one office: another office's must never answer success.
OFFICE_SCOPED = ("letter_id", "task_id", "office_id", "notification_id")
# Office-scoped users and an office outside their scope: (own letter's desa operator, other's).
OWN_AND_OTHER = {
    "japah": ("operator.bogem", "operator.kutukan"),
    "randublatung": ("operator.kutukan", "operator.bogem"),
}
KECAMATAN_OF = {
    "operator.bogem": "japah",
    "sekdes.bogem": "japah",
    "kades.bogem": "japah",
    "operator.kec.japah": "japah",
    "camat.japah": "japah",
    "operator.kutukan": "randublatung",
    "kades.kutukan": "randublatung",
    "operator.kec.randublatung": "randublatung",
    "camat.randublatung": "randublatung",
}


def _login(client, username):
    response = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, username
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


@pytest.fixture
def world(app, api_as, skd):
    """A waiting letter (with its open task) in Bogem and in Kutukan, and the ids around them."""
    letters = {}
    for operator in ("operator.bogem", "operator.kutukan"):
        api = api_as(operator)
        letter = create(api, skd)
        with app.app_context():
            official = db.session.scalar(db.select(User).where(User.username == operator))
            note = Notification(
                user_id=official.id, kind="test", letter_id=letter["id"], text="Uji", link="/"
            )
            db.session.add(note)
            db.session.commit()
            office_id, notification_id = official.office_id, note.id
        letters[operator] = {
            "letter": letter,
            "task": inbox_task(api, letter["id"]),
            "verify_code": letter["verify_url"].rsplit("/v/", 1)[1],
            "office_id": office_id,  # the desa's own office
            "notification_id": notification_id,  # the operator's own bell
        }
    admin = api_as("admin.blora")
    route = admin.get("/routes").get_json()["items"][0]
    version = admin.get(f"/routes/{route['id']}/versions").get_json()["items"][0]
    return {"letters": letters, "route_id": route["id"], "version_id": version["id"]}


def _operations(app):
    """(method, OpenAPI path, endpoint name) of every operation in the served document."""
    endpoints = {}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods:
            endpoints[(method.lower(), path)] = rule.endpoint
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        for method in operations:
            if method in HTTP_METHODS and path not in SKIPPED:
                yield method, path, endpoints[(method, path)]


def _fill(path: str, world: dict, operator: str, username: str) -> str:
    """The path with its parameters pointing at resources of `operator`'s desa."""
    mine = world["letters"][operator]
    values = {
        "letter_id": mine["letter"]["id"],
        "task_id": mine["task"]["id"],
        "route_id": world["route_id"],
        "version_id": world["version_id"],
        "delegation_id": 1,
        "day_id": 999999,  # a cuti bersama day no kabupaten has
        # Officials: an id no row has, so no cell deactivates or resets anyone the matrix still
        # signs in as (the admin gets 404, everyone else the role gate's 403).
        "user_id": 999999,
        "office_id": mine["office_id"],
        "notification_id": mine["notification_id"],
        "public_id": "tidak-ada",
        "username": operator.replace("operator.", "kades."),
        "code": mine["verify_code"] if path.startswith("/api/v1/verify") else "SKD",
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def test_every_operation_for_every_user_in_and_out_of_their_office(app, world):
    client = app.test_client()
    problems = []
    cells = allowed = 0
    for username in USERS:
        headers = _login(client, username)
        kecamatan = KECAMATAN_OF.get(username)
        targets = OWN_AND_OTHER[kecamatan] if kecamatan else ("operator.bogem",)
        for method, template, endpoint in _operations(app):
            for which, operator in zip(("own", "other"), targets, strict=False):
                path = _fill(template, world, operator, username)
                response = getattr(client, method)(path, json={}, headers=headers)
                cells += 1
                allowed += response.status_code < 400
                cell = f"{username} {method.upper()} {path} ({which}) -> {response.status_code}"
                if response.status_code >= 500:
                    problems.append("server error: " + cell)
                if response.status_code >= 400 and "error" not in (response.get_json() or {}):
                    problems.append("not the error format: " + cell)
                scoped = any(f"{{{name}}}" in template for name in OFFICE_SCOPED)
                if which == "other" and scoped and response.status_code < 400:
                    problems.append("cross-office access: " + cell)
                others_bell = "{notification_id}" in template and username != operator
                if others_bell and response.status_code < 400:
                    problems.append("someone else's notification: " + cell)
                gate = ROLE_GATES.get(endpoint)
                if gate and ROLES[username] not in gate and response.status_code != 403:
                    problems.append("role gate not enforced: " + cell)
    assert cells > 700
    assert allowed > 150  # the matrix really signs in and reaches its own office's resources
    assert problems == []
